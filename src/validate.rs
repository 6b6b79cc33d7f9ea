//! Full validation: reading, shape, and the semantic rules.

use crate::diagnostic::{Diagnostic, Level};
use crate::load::{self, Syntax};
use crate::model::Document;
use crate::rules;
use crate::version::{FormatVersion, VersionSupport};

/// The outcome of validating one document.
#[derive(Debug)]
pub struct Validation {
    /// The document, when it could be read. A document with semantic errors
    /// is still returned here, so callers can inspect it.
    pub document: Option<Document>,
    /// The format version the document was read as.
    pub version: Option<FormatVersion>,
    /// Every finding, ordered by position in the source.
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation {
    /// Returns `true` when no diagnostic is an error.
    pub fn is_valid(&self) -> bool {
        self.document.is_some() && self.error_count() == 0
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Warning)
            .count()
    }
}

/// Validates the document in `bytes`: syntax, format version, shape and every semantic rule.
///
/// Each diagnostic carries the JSON Pointer of the value it is about and,
/// where the value occurs in the text, its line and column.
///
/// ```
/// use tmif::{validate, Syntax};
///
/// let text = br#"{"tmif": "1.0.0", "id": "m1", "title": "Shop", "license": "MIT",
///   "elements": [{"id": "web", "name": "Web server", "kind": "process"}],
///   "dataFlows": [{"id": "f1", "source": "web", "target": "db"}]}"#;
/// let validation = validate(text, Syntax::Json);
/// assert!(!validation.is_valid());
/// let error = &validation.diagnostics[0];
/// assert_eq!(error.code, "TMIF1103");
/// assert_eq!(error.pointer, "/dataFlows/0/target");
/// assert_eq!(error.position.map(|p| p.line), Some(3));
/// ```
pub fn validate(bytes: &[u8], syntax: Syntax) -> Validation {
    let parsed = load::parse(bytes, syntax);
    let mut diagnostics = parsed.diagnostics.clone();
    if let Some(document) = &parsed.document {
        diagnostics.extend(rules::check(document));
    }
    parsed.locate(&mut diagnostics);
    sort(&mut diagnostics);
    Validation {
        document: parsed.document,
        version: parsed.version,
        diagnostics,
    }
}

/// Checks the semantic rules of a document that is already in memory, such
/// as one an importer built. Diagnostics have pointers but no positions.
pub fn validate_document(document: &Document) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let current = crate::version::CURRENT;
    let (rule, problem) = match crate::version::check(&document.tmif) {
        VersionSupport::Supported(_) => (None, ""),
        VersionSupport::NewerMinor { .. } => (Some(&rules::VERSION_NEWER_MINOR), "is newer than"),
        VersionSupport::UnknownMajor(_) => (
            Some(&rules::VERSION_UNSUPPORTED),
            "is a major version unknown to",
        ),
        VersionSupport::Malformed(_) => (
            Some(&rules::VERSION_MALFORMED),
            "is not a format version of",
        ),
    };
    if let Some(rule) = rule {
        diagnostics.push(Diagnostic::new(
            rule,
            "/tmif",
            format!(
                "`{}` {problem} this implementation, which writes TMIF {current}; \
                 set `tmif` to \"{current}\"",
                document.tmif
            ),
        ));
    }
    diagnostics.extend(rules::check(document));
    diagnostics
}

/// Orders diagnostics by source position; those without one keep their order at the end.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.position.is_none(), d.position));
}
