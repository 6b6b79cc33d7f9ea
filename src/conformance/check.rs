//! Running a case against this library and comparing the result with the expectation.

use std::collections::BTreeSet;

use super::case::{Case, Operation, diagnostic_set};
use crate::Document;
use crate::import::{self, ImportOptions};
use crate::load;
use crate::migrate;
use crate::redact::{self, RedactError, RedactOptions, Redaction};
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
        Operation::Migrate => check_migrate(case, &bytes, syntax),
        Operation::Redact => check_redact(case, &bytes, syntax),
        Operation::Split => check_split(case, &bytes, syntax),
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

/// Reads the input of a `migrate` or `redact` case into a document.
///
/// The input of these cases is a valid TMIF document, which the lint checks,
/// so input that cannot be read is an error of the case.
fn read_input(bytes: &[u8], syntax: load::Syntax) -> Result<Document, String> {
    let parsed = load::parse(bytes, syntax);
    let errors: Vec<&str> = parsed
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| diagnostic.code)
        .collect();
    match parsed.document {
        Some(document) if errors.is_empty() => Ok(document),
        _ if errors.is_empty() => {
            Err("the input of the case cannot be read as a TMIF document".to_owned())
        }
        _ => Err(format!(
            "the input of the case cannot be read as a TMIF document, with errors {}",
            errors.join(", ")
        )),
    }
}

/// Reads the `expect.document` of a case into a document.
fn expected_document(case: &Case) -> Result<Document, String> {
    let Some(value) = &case.expect.document else {
        return Err(format!(
            "the case has no `expect.document`, which {} cases need",
            case.operation.as_str()
        ));
    };
    serde_json::from_value::<Document>(value.clone()).map_err(|error| {
        format!("the expected document of the case is not a TMIF document: {error}")
    })
}

/// Compares two documents by value and, when they differ, names the first
/// line of their canonical texts that differs.
fn compare_documents(expected: &Document, actual: &Document) -> Option<Mismatch> {
    if expected == actual {
        return None;
    }
    let expected_text = crate::canonical::to_string(expected);
    let actual_text = crate::canonical::to_string(actual);
    let summary = match compare_text(&expected_text, &actual_text) {
        Outcome::Failed(mismatch) => mismatch.summary,
        _ => "the documents differ in a value that their canonical texts do not show".to_owned(),
    };
    Some(Mismatch {
        summary: format!("the document differs: {summary}"),
        expected: expected_text,
        actual: actual_text,
    })
}

/// Compares an expected and an actual set of entries, each rendered as one
/// line, and describes the difference, such as `missing removed elements/a`.
fn compare_sets(
    name: &str,
    expected: &BTreeSet<String>,
    actual: &BTreeSet<String>,
) -> Option<String> {
    let missing: Vec<&str> = expected.difference(actual).map(String::as_str).collect();
    let unexpected: Vec<&str> = actual.difference(expected).map(String::as_str).collect();
    let mut differences = Vec::new();
    if !missing.is_empty() {
        differences.push(format!("missing {name} {}", missing.join(", ")));
    }
    if !unexpected.is_empty() {
        differences.push(format!("unexpected {name} {}", unexpected.join(", ")));
    }
    if differences.is_empty() {
        None
    } else {
        Some(differences.join("; "))
    }
}

/// Renders a set for the expected or actual result of a mismatch.
fn render_lines(name: &str, set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        return format!("{name}: none");
    }
    format!(
        "{name}: {}",
        set.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn loss_line(kind: &str, pointer: &str) -> String {
    let pointer = if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    };
    format!("{kind} {pointer}")
}

/// Checks a `migrate` case: the migrated document by value, and the set of
/// losses as `(kind, pointer)` pairs.
fn check_migrate(case: &Case, bytes: &[u8], syntax: load::Syntax) -> Outcome {
    let Some(target) = case
        .options
        .as_ref()
        .and_then(|options| options.to.as_deref())
    else {
        return Outcome::Error("the case has no `options.to`, which migrate cases need".to_owned());
    };
    let Some(to) = FormatVersion::parse(target) else {
        return Outcome::Error(format!(
            "`options.to` is {target}, which is not a version this build implements ({})",
            crate::version::supported_list()
        ));
    };
    let Some(expected_losses) = &case.expect.losses else {
        return Outcome::Error(
            "the case has no `expect.losses`, which migrate cases need".to_owned(),
        );
    };
    let expected_document = match expected_document(case) {
        Ok(document) => document,
        Err(message) => return Outcome::Error(message),
    };
    let input = match read_input(bytes, syntax) {
        Ok(document) => document,
        Err(message) => return Outcome::Error(message),
    };
    let migration = match migrate::migrate(input, to) {
        Ok(migration) => migration,
        Err(error) => {
            return Outcome::Failed(Mismatch {
                summary: format!("the migration failed: {error}"),
                expected: crate::canonical::to_string(&expected_document),
                actual: format!("no document: {error}"),
            });
        }
    };
    let document_mismatch = compare_documents(&expected_document, &migration.document);
    let expected: BTreeSet<String> = expected_losses
        .iter()
        .map(|loss| loss_line(&loss.kind, &loss.pointer))
        .collect();
    let actual: BTreeSet<String> = migration
        .losses
        .entries
        .iter()
        .map(|loss| loss_line(&loss.kind.to_string(), &loss.pointer))
        .collect();
    let losses_summary = compare_sets("losses", &expected, &actual);
    combine(
        document_mismatch,
        losses_summary,
        render_lines("losses", &expected),
        render_lines("losses", &actual),
    )
}

/// Joins the outcome of a document comparison with the differences of the
/// lists that accompany the document, such as the losses of a migration.
///
/// The expected and actual results of the mismatch are the canonical texts
/// of the documents, when they differ, followed by the rendered lists.
fn combine(
    document_mismatch: Option<Mismatch>,
    lists_summary: Option<String>,
    expected_lists: String,
    actual_lists: String,
) -> Outcome {
    match (document_mismatch, lists_summary) {
        (None, None) => Outcome::Passed,
        (None, Some(summary)) => Outcome::Failed(Mismatch {
            summary,
            expected: expected_lists,
            actual: actual_lists,
        }),
        (Some(mismatch), lists_summary) => Outcome::Failed(Mismatch {
            summary: match lists_summary {
                Some(lists) => format!("{}; {lists}", mismatch.summary),
                None => mismatch.summary,
            },
            expected: format!("{}{expected_lists}", mismatch.expected),
            actual: format!("{}{actual_lists}", mismatch.actual),
        }),
    }
}

/// The name a case file gives a redaction error in `expect.error`.
fn redact_error_name(error: &RedactError) -> &'static str {
    match error {
        RedactError::DocumentAboveLevel { .. } => "document-above-level",
    }
}

/// Checks a `split` case: the public document by value, the overlay as a
/// JSON value, and that merging the two gives the input back.
fn check_split(case: &Case, bytes: &[u8], syntax: load::Syntax) -> Outcome {
    let options = case.options.clone().unwrap_or_default();
    let Some(level) = options.level else {
        return Outcome::Error(
            "the case has no `options.level`, which split cases need".to_owned(),
        );
    };
    let Some(expected_overlay) = &case.expect.overlay else {
        return Outcome::Error(
            "the case has no `expect.overlay`, which split cases need".to_owned(),
        );
    };
    let input = match read_input(bytes, syntax) {
        Ok(document) => document,
        Err(message) => return Outcome::Error(message),
    };
    let expected_public = match expected_document(case) {
        Ok(document) => document,
        Err(message) => return Outcome::Error(message),
    };
    let redact_options = RedactOptions {
        max: level,
        placeholders: options.placeholders.unwrap_or(false),
    };
    let split = match crate::overlay::split(&input, redact_options) {
        Ok(split) => split,
        Err(error) => {
            return Outcome::Failed(Mismatch {
                summary: format!("the split failed: {error}"),
                expected: "a public document and an overlay".to_owned(),
                actual: format!("error {}: {error}", redact_error_name(&error)),
            });
        }
    };
    if let Some(mismatch) = compare_documents(&expected_public, &split.redaction.document) {
        return Outcome::Failed(mismatch);
    }
    let actual_overlay = serde_json::to_value(&split.overlay).unwrap_or(serde_json::Value::Null);
    if &actual_overlay != expected_overlay {
        return Outcome::Failed(Mismatch {
            summary: "the overlay differs".to_owned(),
            expected: serde_json::to_string_pretty(expected_overlay).unwrap_or_default(),
            actual: serde_json::to_string_pretty(&actual_overlay).unwrap_or_default(),
        });
    }
    match crate::overlay::merge(&split.redaction.document, &split.overlay) {
        Ok(merged) => match compare_documents(&input, &merged) {
            None => Outcome::Passed,
            Some(mismatch) => Outcome::Failed(Mismatch {
                summary: format!(
                    "merging the two parts does not give the input back: {}",
                    mismatch.summary
                ),
                ..mismatch
            }),
        },
        Err(error) => Outcome::Failed(Mismatch {
            summary: format!("merging the two parts failed: {error}"),
            expected: crate::canonical::to_string(&input),
            actual: format!("error: {error}"),
        }),
    }
}

/// Checks a `redact` case: either the error, or the redacted document by
/// value and the sets of removed objects, placeholders and leaks.
fn check_redact(case: &Case, bytes: &[u8], syntax: load::Syntax) -> Outcome {
    let options = case.options.clone().unwrap_or_default();
    let Some(level) = options.level else {
        return Outcome::Error(
            "the case has no `options.level`, which redact cases need".to_owned(),
        );
    };
    let input = match read_input(bytes, syntax) {
        Ok(document) => document,
        Err(message) => return Outcome::Error(message),
    };
    let result = redact::redact(
        &input,
        RedactOptions {
            max: level,
            placeholders: options.placeholders.unwrap_or(false),
        },
    );
    if let Some(expected_error) = &case.expect.error {
        return match result {
            Err(error) if redact_error_name(&error) == expected_error => Outcome::Passed,
            Err(error) => Outcome::Failed(Mismatch {
                summary: format!(
                    "expected the error {expected_error}, found the error {}",
                    redact_error_name(&error)
                ),
                expected: format!("error {expected_error}"),
                actual: format!("error {}: {error}", redact_error_name(&error)),
            }),
            Ok(redaction) => Outcome::Failed(Mismatch {
                summary: format!("expected the error {expected_error}, found a document"),
                expected: format!("error {expected_error}"),
                actual: crate::canonical::to_string(&redaction.document),
            }),
        };
    }
    let expected_document = match expected_document(case) {
        Ok(document) => document,
        Err(message) => return Outcome::Error(message),
    };
    let (Some(removed), Some(replaced), Some(leaks)) = (
        &case.expect.removed,
        &case.expect.replaced,
        &case.expect.leaks,
    ) else {
        return Outcome::Error(
            "the case has no `expect.error`, or not all of `expect.removed`, \
             `expect.replaced` and `expect.leaks`, which redact cases need"
                .to_owned(),
        );
    };
    let redaction = match result {
        Ok(redaction) => redaction,
        Err(error) => {
            return Outcome::Failed(Mismatch {
                summary: format!(
                    "the redaction failed with the error {}: {error}",
                    redact_error_name(&error)
                ),
                expected: crate::canonical::to_string(&expected_document),
                actual: format!("error {}: {error}", redact_error_name(&error)),
            });
        }
    };
    let document_mismatch = compare_documents(&expected_document, &redaction.document);

    let expected = RedactionSets {
        removed: removed
            .iter()
            .map(|object| format!("{}/{}", object.kind, object.id))
            .collect(),
        replaced: replaced
            .iter()
            .map(|object| format!("{}/{} as {}", object.kind, object.id, object.placeholder))
            .collect(),
        leaks: leaks
            .iter()
            .map(|leak| format!("{} at {}", leak.removed, leak.pointer))
            .collect(),
    };
    let actual = RedactionSets::from_redaction(&redaction);
    let differences: Vec<String> = [
        compare_sets("removed", &expected.removed, &actual.removed),
        compare_sets("replaced", &expected.replaced, &actual.replaced),
        compare_sets("leaks", &expected.leaks, &actual.leaks),
    ]
    .into_iter()
    .flatten()
    .collect();
    let lists_summary = if differences.is_empty() {
        None
    } else {
        Some(differences.join("; "))
    };
    combine(
        document_mismatch,
        lists_summary,
        expected.render(),
        actual.render(),
    )
}

/// The report and leaks of a redaction, each entry rendered as one line:
/// `elements/a` for a removed object, `elements/a as redacted-1` for a
/// placeholder and `a at /threats/0/description` for a leak.
struct RedactionSets {
    removed: BTreeSet<String>,
    replaced: BTreeSet<String>,
    leaks: BTreeSet<String>,
}

impl RedactionSets {
    fn from_redaction(redaction: &Redaction) -> RedactionSets {
        RedactionSets {
            removed: redaction
                .report
                .removed
                .iter()
                .map(|object| format!("{}/{}", object.kind, object.id))
                .collect(),
            replaced: redaction
                .report
                .replaced
                .iter()
                .map(|object| format!("{}/{} as {}", object.kind, object.id, object.placeholder))
                .collect(),
            leaks: redaction
                .leaks
                .iter()
                .map(|leak| format!("{} at {}", leak.removed, leak.pointer))
                .collect(),
        }
    }

    fn render(&self) -> String {
        [
            render_lines("removed", &self.removed),
            render_lines("replaced", &self.replaced),
            render_lines("leaks", &self.leaks),
        ]
        .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{Outcome, check};
    use crate::conformance::Case;

    fn case(value: Value) -> Case {
        serde_json::from_value(value).expect("the test case has the shape of a case")
    }

    fn downgrade(expected_document: Value, losses: Value) -> Case {
        case(json!({
            "id": "downgrade",
            "description": "d",
            "section": "4.6",
            "formatVersion": "1.1",
            "operation": "migrate",
            "options": {"to": "1.0"},
            "input": {"document": {"tmif": "1.1.0", "id": "m", "title": "T", "classification": "GREEN"}},
            "expect": {"document": expected_document, "losses": losses}
        }))
    }

    fn redaction(level: &str, expect: Value) -> Case {
        case(json!({
            "id": "redaction",
            "description": "r",
            "section": "12.3",
            "formatVersion": "1.1",
            "operation": "redact",
            "options": {"level": level},
            "input": {"document": {"tmif": "1.1.0", "id": "m", "title": "T",
                "elements": [{"id": "app", "name": "App", "kind": "process"},
                             {"id": "vault", "name": "Vault", "kind": "data-store", "classification": "RED"}]}},
            "expect": expect
        }))
    }

    fn summary(outcome: Outcome) -> String {
        match outcome {
            Outcome::Failed(mismatch) => mismatch.summary,
            other => panic!("expected a failure, found {other:?}"),
        }
    }

    #[test]
    fn migrate_matching_expectation_passes() {
        let case = downgrade(
            json!({"title": "T", "id": "m", "tmif": "1.0.0"}),
            json!([{"pointer": "/classification", "kind": "dropped"}]),
        );
        assert_eq!(check(&case), Outcome::Passed);
    }

    #[test]
    fn migrate_reports_document_and_losses() {
        let case = downgrade(
            json!({"tmif": "1.0.0", "id": "m", "title": "Other"}),
            json!([]),
        );
        let summary = summary(check(&case));
        assert!(summary.contains("the document differs"), "{summary}");
        assert!(
            summary.contains("unexpected losses dropped /classification"),
            "{summary}"
        );
    }

    #[test]
    fn migrate_without_target_is_error() {
        let mut case = downgrade(json!({"tmif": "1.0.0", "id": "m", "title": "T"}), json!([]));
        case.options = None;
        assert!(matches!(check(&case), Outcome::Error(message) if message.contains("options.to")));
    }

    #[test]
    fn redact_matching_expectation_passes() {
        let case = redaction(
            "AMBER",
            json!({
                "document": {"tmif": "1.1.0", "id": "m", "title": "T", "redaction": {"level": "AMBER"},
                             "elements": [{"id": "app", "name": "App", "kind": "process"}]},
                "removed": [{"id": "vault", "kind": "elements"}],
                "replaced": [],
                "leaks": []
            }),
        );
        assert_eq!(check(&case), Outcome::Passed);
    }

    #[test]
    fn redact_compares_removed_as_set() {
        let case = redaction(
            "AMBER",
            json!({
                "document": {"tmif": "1.1.0", "id": "m", "title": "T", "redaction": {"level": "AMBER"},
                             "elements": [{"id": "app", "name": "App", "kind": "process"}]},
                "removed": [{"id": "app", "kind": "elements"}],
                "replaced": [],
                "leaks": []
            }),
        );
        let summary = summary(check(&case));
        assert!(
            summary.contains("missing removed elements/app"),
            "{summary}"
        );
        assert!(
            summary.contains("unexpected removed elements/vault"),
            "{summary}"
        );
    }

    #[test]
    fn redact_expected_error_not_raised() {
        let case = redaction("AMBER", json!({"error": "document-above-level"}));
        let summary = summary(check(&case));
        assert!(summary.contains("found a document"), "{summary}");
    }
}
