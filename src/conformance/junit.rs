//! The JUnit XML form of a run, as CI systems read it.
//!
//! One `<testsuite>` per case file and one `<testcase>` per case, with the
//! file path as `classname` and the case id as `name`. A failed case gets a
//! `<failure>` with the expected and the actual result, a case that could
//! not be run an `<error>`, and a skipped or expected failure a `<skipped>`.

use std::fmt::Write;

use super::report::{CaseResult, Report, Status};

/// Renders `report` as a JUnit XML document.
pub fn to_junit(report: &Report) -> String {
    let totals = report.totals();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        escape(&format!(
            "{} {} against {}",
            report.suite_name,
            report.suite_version,
            report.implementation()
        )),
        totals.cases,
        totals.failed + totals.unexpected_passes,
        totals.errors,
        totals.skipped + totals.expected_failures,
    );

    let mut start = 0;
    while start < report.results.len() {
        let file = &report.results[start].file;
        let end = report.results[start..]
            .iter()
            .position(|result| &result.file != file)
            .map_or(report.results.len(), |offset| start + offset);
        write_suite(&mut xml, file, &report.results[start..end]);
        start = end;
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn write_suite(xml: &mut String, file: &str, results: &[CaseResult]) {
    let count = |statuses: &[Status]| {
        results
            .iter()
            .filter(|result| statuses.contains(&result.status))
            .count()
    };
    let time: f64 = results.iter().map(|r| r.duration.as_secs_f64()).sum();
    let _ = writeln!(
        xml,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{time:.3}\">",
        escape(file),
        results.len(),
        count(&[Status::Failed, Status::UnexpectedPass]),
        count(&[Status::Error]),
        count(&[Status::Skipped, Status::ExpectedFailure]),
    );
    for result in results {
        write_case(xml, result);
    }
    xml.push_str("  </testsuite>\n");
}

fn write_case(xml: &mut String, result: &CaseResult) {
    let _ = write!(
        xml,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
        escape(&result.file),
        escape(&result.id),
        result.duration.as_secs_f64()
    );
    let message = result.message.as_deref().unwrap_or_default();
    match result.status {
        Status::Passed => xml.push_str("/>\n"),
        Status::Failed | Status::UnexpectedPass => {
            let body = match (&result.expected, &result.actual) {
                (Some(expected), Some(actual)) => format!(
                    "{}\n\nexpected:\n{expected}\n\nactual:\n{actual}",
                    result.description
                ),
                _ => result.description.clone(),
            };
            let _ = write!(
                xml,
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                escape(message),
                escape(&body)
            );
        }
        Status::Error => {
            let _ = write!(
                xml,
                ">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
                escape(message),
                escape(&result.description)
            );
        }
        Status::Skipped => {
            let _ = write!(
                xml,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                escape(message)
            );
        }
        Status::ExpectedFailure => {
            let reason = result.xfail_reason.as_deref().unwrap_or_default();
            let _ = write!(
                xml,
                ">\n      <skipped message=\"{}\">{}</skipped>\n    </testcase>\n",
                escape(&format!("expected failure: {reason}")),
                escape(message)
            );
        }
    }
}

/// Escapes text for XML 1.0 content and attribute values.
///
/// The five markup characters become entity references. Line breaks and
/// tabs become character references, so that attribute values keep them.
/// Characters that XML 1.0 does not allow at all (the other C0 controls,
/// U+FFFE and U+FFFF) are written as visible `\u{…}` text.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' => escaped.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(escaped, "\\u{{{:x}}}", c as u32);
            }
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_markup_and_controls() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("x\u{1}y\u{ffff}"), "x\\u{1}y\\u{ffff}");
        assert_eq!(escape("line\nbreak"), "line&#10;break");
    }
}
