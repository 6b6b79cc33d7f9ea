//! Rendering diagnostics for people and for programs.

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

/// Formats a diagnostic as `path:line:column: level[code] pointer: message`.
pub fn human(path: &Path, diagnostic: &Diagnostic) -> String {
    let location = match diagnostic.position {
        Some(position) => format!("{}:{}:{}", path.display(), position.line, position.column),
        None => path.display().to_string(),
    };
    let pointer = if diagnostic.pointer.is_empty() {
        String::new()
    } else {
        format!(" {}", diagnostic.pointer)
    };
    format!(
        "{location}: {}[{}]{pointer}: {}",
        diagnostic.level, diagnostic.code, diagnostic.message
    )
}

/// Formats a count with its noun, such as `1 error` or `2 errors`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
