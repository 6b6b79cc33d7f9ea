//! Rendering diagnostics for people and for programs.

use std::borrow::Cow;
use std::path::Path;

use serde::Serialize;
use tmif::{Diagnostic, Level};

/// One diagnostic in the JSON output, with the position flattened.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    code: &'a str,
    level: Level,
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    message: &'a str,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(diagnostic: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            code: diagnostic.code,
            level: diagnostic.level,
            pointer: &diagnostic.pointer,
            line: diagnostic.position.map(|p| p.line),
            column: diagnostic.position.map(|p| p.column),
            message: &diagnostic.message,
        }
    }
}

/// Formats a diagnostic as `path:line:column: level[code] pointer: message`,
/// with control characters escaped as [`escape`] does.
pub fn human(path: &Path, diagnostic: &Diagnostic) -> String {
    let path = escape_path(path);
    let location = match diagnostic.position {
        Some(position) => format!("{path}:{}:{}", position.line, position.column),
        None => path.into_owned(),
    };
    let pointer = if diagnostic.pointer.is_empty() {
        String::new()
    } else {
        format!(" {}", escape(&diagnostic.pointer))
    };
    format!(
        "{location}: {}[{}]{pointer}: {}",
        diagnostic.level,
        diagnostic.code,
        escape(&diagnostic.message)
    )
}

/// Escapes the control characters in `text`, which comes from input files,
/// before it is written to a terminal.
///
/// A raw line feed would let a crafted id start a fake report line, and an
/// escape sequence could rewrite what the terminal shows. C0 controls
/// (below U+0020), DEL and C1 controls (U+007F to U+009F) are written as
/// `\n`, `\r`, `\t` or `\u{1b}`. Backslashes are left as they are, so
/// escaping escaped text changes nothing.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            control if is_control(control) => {
                escaped.push_str(&format!("\\u{{{:x}}}", u32::from(control)));
            }
            other => escaped.push(other),
        }
    }
    Cow::Owned(escaped)
}

/// Returns a path for human output, with control characters escaped and
/// bytes that are not UTF-8 shown as U+FFFD.
pub fn escape_path(path: &Path) -> Cow<'_, str> {
    match path.to_string_lossy() {
        Cow::Borrowed(text) => escape(text),
        Cow::Owned(text) => Cow::Owned(escape(&text).into_owned()),
    }
}

fn is_control(character: char) -> bool {
    character < ' ' || ('\u{7f}'..='\u{9f}').contains(&character)
}

/// The maximum number of diagnostics of one file that human output lists.
///
/// A damaged or hostile model can produce millions of diagnostics, which
/// no one reads on a terminal; JSON output lists them all.
pub const MAX_HUMAN_DIAGNOSTICS: usize = 1000;

/// Formats each diagnostic with [`human`] and passes the line to `emit`,
/// stopping after [`MAX_HUMAN_DIAGNOSTICS`] with a line that counts the rest.
///
/// `hint` tells the reader where to find the rest, such as `use --format json for all of them`.
pub fn emit_human<'a>(
    path: &Path,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    hint: &str,
    mut emit: impl FnMut(String),
) {
    let mut count = 0;
    for diagnostic in diagnostics {
        if count < MAX_HUMAN_DIAGNOSTICS {
            emit(human(path, diagnostic));
        }
        count += 1;
    }
    if count > MAX_HUMAN_DIAGNOSTICS {
        emit(format!(
            "{}: … and {} more; {hint}",
            escape_path(path),
            count - MAX_HUMAN_DIAGNOSTICS
        ));
    }
}

/// The hint of [`emit_human`] for commands that have `--format json`.
pub const JSON_HINT: &str = "use --format json for all of them";

/// The hint of [`emit_human`] for commands without `--format json`.
pub const VALIDATE_HINT: &str = "use tmif validate --format json for all of them";

/// Formats a count with its noun, such as `1 error` or `2 errors`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_control_characters() {
        assert_eq!(escape("a\nb"), "a\\nb");
        assert_eq!(escape("\u{1b}[2K"), "\\u{1b}[2K");
        assert_eq!(escape("\u{9b}x\u{7f}"), "\\u{9b}x\\u{7f}");
        assert_eq!(escape("tab\there"), "tab\\there");
    }

    #[test]
    fn escape_keeps_plain_text() {
        assert!(matches!(escape("café → ok"), Cow::Borrowed("café → ok")));
        assert_eq!(escape(&escape("x\ny")), "x\\ny");
    }
}
