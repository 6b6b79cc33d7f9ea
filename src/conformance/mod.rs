//! The conformance suite: loading its cases, running them against this
//! library or an external validator, and checking the suite itself.
//!
//! The suite lives in `conformance/`: `manifest.json` names the suite, its
//! version and the folder of case files of each format version, and
//! `case.schema.json` describes a case file. Each case has a stable id, an
//! operation (`validate`, `fmt`, `import`, `migrate` or `redact`), the
//! operation's options where it takes any, an input and the expected outcome.
//!
//! - [`Suite::load`] reads the manifest and every case file.
//! - [`check()`] runs one case against this library.
//! - [`Tool`] runs one `validate` case through an external command.
//! - [`run`] runs the whole suite with an [`Xfail`] list and returns a
//!   [`Report`], which renders as text, JSON or JUnit XML ([`to_junit`]).
//! - [`lint()`] checks the suite: the case schema, unique ids, the
//!   expectations against this library, and rule coverage.
//! - [`dump`] writes every case as one JSON document for tools in other languages.

pub mod case;
pub mod check;
pub mod junit;
pub mod lint;
pub mod report;
pub mod runner;
pub mod suite;
pub mod xfail;

use base64::Engine;
use serde_json::{Value, json};

pub use case::{Case, CaseFile, Input, Operation};
pub use check::{Mismatch, Outcome, check};
pub use junit::to_junit;
pub use lint::{Problem, lint};
pub use report::{Report, RunError, Status, Target, run};
pub use runner::Tool;
pub use suite::{LoadError, Suite, SuiteError};
pub use xfail::Xfail;

/// Writes every case of `suite` into one JSON document.
///
/// The document is `{"suite": {"name", "version"}, "cases": [...]}`. Each
/// case is written as in its case file, `options` included, with
/// `formatVersion` filled in. It
/// gets two more members: `file`, the case file relative to the suite root,
/// and `inputFile`, the `extension` to give the input file and its exact
/// bytes. The bytes are in `text` when they are UTF-8 and in `base64`
/// otherwise. Deprecated cases are included. A case whose `base64` input
/// cannot be decoded is an error.
pub fn dump(suite: &Suite) -> Result<Value, String> {
    let mut cases = Vec::new();
    for found in suite.cases() {
        let case = found.case;
        let bytes = case
            .input
            .to_bytes()
            .map_err(|message| format!("{}: {}: {message}", found.file.path, case.id))?;
        let input_file = match String::from_utf8(bytes) {
            Ok(text) => json!({"extension": case.file_extension(), "text": text}),
            Err(error) => json!({
                "extension": case.file_extension(),
                "base64": base64::engine::general_purpose::STANDARD.encode(error.as_bytes()),
            }),
        };
        let mut value = serde_json::to_value(case)
            .map_err(|error| format!("{}: {}: {error}", found.file.path, case.id))?;
        value["formatVersion"] = Value::String(case.format_version().to_owned());
        value["file"] = Value::String(found.file.path.clone());
        value["inputFile"] = input_file;
        cases.push(value);
    }
    Ok(json!({
        "suite": {"name": suite.manifest.name, "version": suite.manifest.version},
        "cases": cases,
    }))
}
