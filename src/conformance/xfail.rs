//! Lists of cases that an implementation is known to fail.
//!
//! One case per line: the case id, white space, and the reason, which is
//! required. `#` starts a comment that runs to the end of the line; blank
//! lines are ignored.

use std::collections::BTreeMap;
use std::fmt;

/// A parsed xfail list: case id to reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Xfail {
    /// The reason of each listed case, by case id.
    pub reasons: BTreeMap<String, String>,
}

/// A line of an xfail list that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XfailError {
    /// The line number, from 1.
    pub line: usize,
    /// The problem, as a message for the author of the file.
    pub message: String,
}

impl fmt::Display for XfailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl Xfail {
    /// Parses an xfail list, reporting every malformed line.
    pub fn parse(text: &str) -> Result<Xfail, Vec<XfailError>> {
        let mut reasons = BTreeMap::new();
        let mut errors = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line_number = index + 1;
            let content = line
                .split_once('#')
                .map_or(line, |(before, _)| before)
                .trim();
            if content.is_empty() {
                continue;
            }
            let (id, reason) = match content.split_once(char::is_whitespace) {
                Some((id, reason)) => (id, reason.trim()),
                None => (content, ""),
            };
            if reason.is_empty() {
                errors.push(XfailError {
                    line: line_number,
                    message: format!("`{id}` has no reason; write the reason after the case id"),
                });
                continue;
            }
            if reasons.insert(id.to_owned(), reason.to_owned()).is_some() {
                errors.push(XfailError {
                    line: line_number,
                    message: format!("`{id}` is listed twice"),
                });
            }
        }
        if errors.is_empty() {
            Ok(Xfail { reasons })
        } else {
            Err(errors)
        }
    }

    /// The reason a case is expected to fail, when it is listed.
    pub fn reason(&self, id: &str) -> Option<&str> {
        self.reasons.get(id).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::Xfail;

    #[test]
    fn parses_ids_reasons_and_comments() {
        let text = "# known gaps\n\nid-one  no YAML support # since 0.3\nid-two\tsees tabs\n";
        let xfail = Xfail::parse(text).unwrap();
        assert_eq!(xfail.reason("id-one"), Some("no YAML support"));
        assert_eq!(xfail.reason("id-two"), Some("sees tabs"));
        assert_eq!(xfail.reasons.len(), 2);
    }

    #[test]
    fn rejects_missing_reason_and_repeats() {
        let errors = Xfail::parse("id-one\nid-two  x\nid-two  y\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].message.contains("no reason"), "{}", errors[0]);
        assert_eq!(errors[1].line, 3);
        assert!(errors[1].message.contains("twice"), "{}", errors[1]);
    }
}
