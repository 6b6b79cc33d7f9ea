//! Running a case against this library and comparing the result with the expectation.

use std::collections::BTreeSet;

use super::case::{Case, Operation, diagnostic_set};
use crate::Document;
use crate::import::{self, ImportOptions};
use crate::load;
use crate::version::FormatVersion;

/// The result of running one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The result matches the expectation.
    Passed,
    /// The result differs from the expectation.
    Failed(Mismatch),
    /// The case could not be run, or the implementation under test failed
    /// without giving a result (a crash, a time-out, an unknown exit status).
    Error(String),
    /// The case was not run, for the reason given.
    Skipped(String),
}

impl Outcome {
    /// Returns `true` for [`Outcome::Failed`] and [`Outcome::Error`].
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::Error(_))
    }
}

/// The difference between a result and the expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The difference in one line, such as `missing TMIF1101 at /elements/1/id`.
    pub summary: String,
    /// The expected result in full.
    pub expected: String,
    /// The actual result in full.
    pub actual: String,
}

/// A set of diagnostics as `(code, pointer)` pairs.
pub type DiagnosticSet = BTreeSet<(String, String)>;

/// Runs `case` against this library.
///
/// Deprecated cases and cases of a format version this build does not
/// implement are skipped.
pub fn check(case: &Case) -> Outcome {
    if let Some(reason) = skip_reason(case) {
        return Outcome::Skipped(reason);
    }
    let bytes = match case.input.to_bytes() {
        Ok(bytes) => bytes,
        Err(message) => return Outcome::Error(message),
    };
    let syntax = case.input.syntax();
    match case.operation {
        Operation::Validate => {
            let validation = crate::validate(&bytes, syntax);
            let actual = diagnostic_set(
                validation
                    .diagnostics
                    .iter()
                    .map(|diagnostic| (diagnostic.code, diagnostic.pointer.as_str())),
            );
            compare_validation(case, validation.is_valid(), Some(&actual))
        }
        Operation::Fmt => check_fmt(case, &bytes, syntax),
        Operation::Import => check_import(case, &bytes, syntax),
    }
}

/// The reason a case is not run against any implementation, when there is one:
/// it is deprecated, or its format version is not implemented by this build.
pub fn skip_reason(case: &Case) -> Option<String> {
    if let Some(deprecated) = &case.deprecated {
        return Some(format!("deprecated: {}", deprecated.reason));
    }
    let known = FormatVersion::ALL.iter().any(|version| {
        let (major, minor) = version.major_minor();
        case.format_version() == format!("{major}.{minor}")
    });
    if !known {
        return Some(format!(
            "format version {} is not implemented by this build, which implements {}",
            case.format_version(),
            crate::version::supported_list()
        ));
    }
    None
}

/// Compares a validation verdict, and the diagnostics when they are known,
/// with the expectation of a `validate` case.
pub fn compare_validation(case: &Case, valid: bool, actual: Option<&DiagnosticSet>) -> Outcome {
    let (Some(expected_valid), Some(expected_diagnostics)) =
        (case.expect.valid, &case.expect.diagnostics)
    else {
        return Outcome::Error(
            "the case has no `expect.valid` or `expect.diagnostics`, which validate cases need"
                .to_owned(),
        );
    };
    let expected = diagnostic_set(
        expected_diagnostics
            .iter()
            .map(|diagnostic| (diagnostic.code.as_str(), diagnostic.pointer.as_str())),
    );

    let mut differences = Vec::new();
    if valid != expected_valid {
        differences.push(format!(
            "expected {}, found {}",
            verdict(expected_valid),
            verdict(valid)
        ));
    }
    if let Some(actual) = actual {
        let missing: Vec<_> = expected.difference(actual).collect();
        let unexpected: Vec<_> = actual.difference(&expected).collect();
        if !missing.is_empty() {
            differences.push(format!("missing {}", render_pairs(missing)));
        }
        if !unexpected.is_empty() {
            differences.push(format!("unexpected {}", render_pairs(unexpected)));
        }
    }
    if differences.is_empty() {
        return Outcome::Passed;
    }
    Outcome::Failed(Mismatch {
        summary: differences.join("; "),
        expected: format!(
            "{}, diagnostics: {}",
            verdict(expected_valid),
            render_set(&expected)
        ),
        actual: match actual {
            Some(actual) => format!("{}, diagnostics: {}", verdict(valid), render_set(actual)),
            None => format!("{}, diagnostics not reported", verdict(valid)),
        },
    })
}

fn verdict(valid: bool) -> &'static str {
    if valid { "valid" } else { "invalid" }
}

/// Renders a set of diagnostics, such as `TMIF1101 at /elements/1/id`, or `none`.
pub fn render_set(set: &DiagnosticSet) -> String {
    if set.is_empty() {
        return "none".to_owned();
    }
    render_pairs(set.iter())
}

fn render_pairs<'a>(pairs: impl IntoIterator<Item = &'a (String, String)>) -> String {
    pairs
        .into_iter()
        .map(|(code, pointer)| {
            let pointer = if pointer.is_empty() {
                "(root)"
            } else {
                pointer
            };
            format!("{code} at {pointer}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a `fmt` case: reading the input and writing it in canonical form
/// gives exactly the expected text.
fn check_fmt(case: &Case, bytes: &[u8], syntax: load::Syntax) -> Outcome {
    let Some(expected) = &case.expect.canonical else {
        return Outcome::Error(
            "the case has no `expect.canonical`, which fmt cases need".to_owned(),
        );
    };
    let parsed = load::parse(bytes, syntax);
    let errors: Vec<&str> = parsed
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| diagnostic.code)
        .collect();
    let document = match &parsed.document {
        Some(document) if errors.is_empty() => document,
        _ => {
            return Outcome::Failed(Mismatch {
                summary: format!(
                    "the input cannot be read, with errors {}",
                    errors.join(", ")
                ),
                expected: expected.clone(),
                actual: "no output".to_owned(),
            });
        }
    };
    // `tmif fmt` does not format a document of a newer minor version whose
    // unknown members it would drop.
    if parsed
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.code == crate::rules::MEMBER_IGNORED.code)
    {
        return Outcome::Failed(Mismatch {
            summary: "the input has members this build ignores (TMIF2003), which formatting \
                      would drop"
                .to_owned(),
            expected: expected.clone(),
            actual: "no output".to_owned(),
        });
    }
    let actual = crate::canonical::to_string(document);
    compare_text(expected, &actual)
}

/// Compares two texts and names the first line where they differ.
fn compare_text(expected: &str, actual: &str) -> Outcome {
    if expected == actual {
        return Outcome::Passed;
    }
    let mut expected_lines = expected.split('\n');
    let mut actual_lines = actual.split('\n');
    let mut line = 1;
    let summary = loop {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (Some(a), Some(b)) => {
                break format!("line {line} differs: expected {a:?}, found {b:?}");
            }
            (Some(a), None) => break format!("line {line} is missing: expected {a:?}"),
            (None, Some(b)) => break format!("line {line} is not expected: found {b:?}"),
            // Equal line sequences mean equal texts, which returned above.
            (None, None) => break "the texts differ".to_owned(),
        }
    };
    Outcome::Failed(Mismatch {
        summary,
        expected: expected.to_owned(),
        actual: actual.to_owned(),
    })
}

/// Checks an `import` case: the imported document, in canonical form, and
/// the set of losses as `(pointer, kind)` pairs.
///
/// The import runs with default options, so source data without a TMIF
/// member is dropped rather than kept under `x-` members.
fn check_import(case: &Case, bytes: &[u8], syntax: load::Syntax) -> Outcome {
    let (Some(expected_document), Some(expected_losses)) =
        (&case.expect.document, &case.expect.losses)
    else {
        return Outcome::Error(
            "the case has no `expect.document` or `expect.losses`, which import cases need"
                .to_owned(),
        );
    };
    // Comparing canonical texts ignores member order and the spelling of numbers.
    let expected_text = match serde_json::from_value::<Document>(expected_document.clone()) {
        Ok(document) => crate::canonical::to_string(&document),
        Err(error) => {
            return Outcome::Error(format!(
                "the expected document of the case is not a TMIF document: {error}"
            ));
        }
    };
    let import = match import::import(bytes, syntax, &ImportOptions::default()) {
        Ok(import) => import,
        Err(error) => {
            return Outcome::Failed(Mismatch {
                summary: format!("the import failed: {error}"),
                expected: expected_text,
                actual: format!("no document: {error}"),
            });
        }
    };
    let actual_text = crate::canonical::to_string(&import.document);
    if let Outcome::Failed(mismatch) = compare_text(&expected_text, &actual_text) {
        return Outcome::Failed(Mismatch {
            summary: format!("the imported document differs: {}", mismatch.summary),
            ..mismatch
        });
    }

    let expected: DiagnosticSet = expected_losses
        .iter()
        .map(|loss| (loss.kind.clone(), loss.pointer.clone()))
        .collect();
    let actual: DiagnosticSet = import
        .losses
        .entries
        .iter()
        .map(|loss| (loss.kind.to_string(), loss.pointer.clone()))
        .collect();
    if expected == actual {
        return Outcome::Passed;
    }
    let missing: Vec<_> = expected.difference(&actual).collect();
    let unexpected: Vec<_> = actual.difference(&expected).collect();
    let mut differences = Vec::new();
    if !missing.is_empty() {
        differences.push(format!("missing losses {}", render_pairs(missing)));
    }
    if !unexpected.is_empty() {
        differences.push(format!("unexpected losses {}", render_pairs(unexpected)));
    }
    Outcome::Failed(Mismatch {
        summary: differences.join("; "),
        expected: format!("losses: {}", render_set(&expected)),
        actual: format!("losses: {}", render_set(&actual)),
    })
}
