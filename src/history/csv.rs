//! The CSV form of a timeline.

use std::borrow::Cow;
use std::fmt::Write;

use super::Timeline;

/// The header line of [`to_csv`].
const HEADER: &str = "date,commit,subject,path,version,elements,data_flows,crossing_flows,\
threats_open,threats_mitigated,threats_accepted,threats_transferred,threats_not_applicable,\
added,removed,changed";

/// Writes the rows of a timeline as CSV (RFC 4180) with a header line,
/// oldest first, with short commit ids.
///
/// Skipped commits are left out, so a caller that wants them reports
/// [`Timeline::skipped`] elsewhere. The change columns are empty in the
/// first row. A field that contains a comma, a double quote, a carriage
/// return or a line feed is quoted, and its quotes are doubled. Lines end
/// with a line feed.
pub fn to_csv(timeline: &Timeline) -> String {
    let mut text = String::with_capacity(HEADER.len() + 1 + timeline.rows.len() * 120);
    text.push_str(HEADER);
    text.push('\n');
    for row in &timeline.rows {
        let (added, removed, changed) = match row.change {
            Some(change) => (
                change.added.to_string(),
                change.removed.to_string(),
                change.changed.to_string(),
            ),
            None => (String::new(), String::new(), String::new()),
        };
        let threats = &row.threats;
        // Writing to a String cannot fail.
        let _ = writeln!(
            text,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{added},{removed},{changed}",
            field(&row.date),
            row.short_commit(),
            field(&row.subject),
            field(&row.path),
            field(&row.version),
            row.elements,
            row.data_flows,
            row.crossing_flows,
            threats.open,
            threats.mitigated,
            threats.accepted,
            threats.transferred,
            threats.not_applicable,
        );
    }
    text
}

/// Quotes a field when it contains a separator, a quote or a line break.
///
/// A field that a spreadsheet would read as a formula, because it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return, gets a leading `'`,
/// so that opening the file runs nothing from a commit subject. Control
/// characters other than line breaks become U+FFFD.
fn field(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let control = text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r');
    let text: Cow<'_, str> = if formula || control {
        let mut cleaned = String::with_capacity(text.len() + 1);
        if formula {
            cleaned.push('\'');
        }
        cleaned.extend(text.chars().map(|c| {
            if c.is_control() && c != '\n' && c != '\r' {
                '\u{FFFD}'
            } else {
                c
            }
        }));
        Cow::Owned(cleaned)
    } else {
        Cow::Borrowed(text)
    };
    if text.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        text
    }
}
