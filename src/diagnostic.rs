//! Diagnostics: what a validation found, where, and how to fix it.

use std::fmt;

use serde::Serialize;

use crate::rules::Rule;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A SHOULD of the specification is not met; the document is still valid.
    Warning,
    /// A MUST of the specification is not met; the document is invalid.
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// A line and column in the source text, both counted from 1.
///
/// The column counts Unicode scalar values, so a tab or a multi-byte
/// character counts as one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One finding of a validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The stable code of the rule, such as `TMIF1101`.
    pub code: &'static str,
    /// Whether the finding makes the document invalid.
    pub level: Level,
    /// The JSON Pointer (RFC 6901) of the value the finding is about; empty
    /// for the whole document.
    pub pointer: String,
    /// Where the value starts in the source text, when it is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// Creates a diagnostic for `rule` at `pointer`, without a source position.
    pub fn new(rule: &Rule, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code: rule.code,
            level: rule.level,
            pointer: pointer.into(),
            position: None,
            message: message.into(),
        }
    }

    /// Sets the source position.
    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Returns `true` for an error.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(position) = self.position {
            write!(f, "{position}: ")?;
        }
        write!(f, "{} {}", self.level, self.code)?;
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        write!(f, ": {}", self.message)
    }
}
