//! `tmif migrate`: exit statuses, what is written and when, and the report.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tmif::{FormatVersion, Syntax};

/// A valid 1.1 document with a label on the document and on an element,
/// an annotation and revision metadata.
const LABELLED: &str = r#"{"tmif": "1.1.0", "id": "shop", "title": "Shop", "license": "MIT",
  "classification": "GREEN",
  "revision": {"number": 2, "summary": "Adds the database."},
  "elements": [{"id": "web", "name": "Web", "kind": "process"},
               {"id": "db", "name": "DB", "kind": "data-store", "classification": "AMBER"}],
  "dataFlows": [{"id": "query", "source": "web", "target": "db", "classification": "AMBER"}],
  "annotations": [{"id": "n1", "about": ["db"], "author": "Ada", "role": "security",
                   "text": "Encrypt at rest.", "created": "2026-01-05T09:00:00Z"}]}"#;

/// The loss pointers of [`LABELLED`] on a downgrade to 1.0.
const LABELLED_LOSSES: &[&str] = &[
    "/classification",
    "/revision",
    "/elements/1/classification",
    "/dataFlows/0/classification",
    "/annotations",
];

const INVALID: &str = r#"{"tmif": "1.1.0", "id": "shop", "title": "Shop", "license": "MIT",
  "dataFlows": [{"id": "query", "source": "web", "target": "db"}]}"#;

fn tmif(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::tmif_binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tmif binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Creates a directory with `labelled.tmif.json` and `invalid.tmif.json`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("labelled.tmif.json"), LABELLED).unwrap();
    std::fs::write(dir.path().join("invalid.tmif.json"), INVALID).unwrap();
    dir
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the examples folder is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.to_string_lossy().contains(".tmif."))
        .collect();
    files.sort();
    files
}

fn json_report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!("the report is not JSON ({error}): {}", text(&output.stdout))
    })
}

#[test]
fn lossy_downgrade_refused() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "labelled.tmif.json",
            "--to",
            "1.0",
            "-o",
            "out.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "exit status");
    assert!(
        !dir.path().join("out.tmif.json").exists(),
        "the output file was written"
    );
    let stdout = text(&output.stdout);
    for pointer in LABELLED_LOSSES {
        assert!(
            stdout.contains(&format!(" {pointer}: ")),
            "loss {pointer} not listed in: {stdout}"
        );
    }
    assert!(
        stdout.contains("--allow-loss"),
        "the report does not name --allow-loss: {stdout}"
    );
}

#[test]
fn lossy_downgrade_keeps_output() {
    let dir = workspace();
    let before = b"previous content, not a document\n";
    std::fs::write(dir.path().join("out.tmif.json"), before).unwrap();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "labelled.tmif.json",
            "--to",
            "1.0",
            "-o",
            "out.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "exit status");
    let after = std::fs::read(dir.path().join("out.tmif.json")).unwrap();
    assert_eq!(after, before, "the existing output file changed");
}

#[test]
fn allow_loss_writes_v1_0() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "labelled.tmif.json",
            "--to",
            "1.0",
            "-o",
            "out.tmif.json",
            "--allow-loss",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "exit status; stderr: {}",
        text(&output.stderr)
    );
    let written = std::fs::read(dir.path().join("out.tmif.json")).expect("the output exists");
    let validation = tmif::validate(&written, Syntax::Json);
    assert!(
        validation.is_valid(),
        "the written document is invalid: {:?}",
        validation.diagnostics
    );
    assert_eq!(
        validation.version,
        Some(FormatVersion::V1_0),
        "version of the written document"
    );
    let stdout = text(&output.stdout);
    for pointer in LABELLED_LOSSES {
        assert!(
            stdout.contains(&format!(" {pointer}: ")),
            "loss {pointer} not listed in: {stdout}"
        );
    }
}

#[test]
fn upgrade_examples_lossless() {
    let files = examples();
    assert!(!files.is_empty(), "no examples found");
    for file in files {
        let dir = tempfile::tempdir().unwrap();
        let name = file.display().to_string();
        let output = tmif(
            dir.path(),
            &[
                "migrate",
                &name,
                "--to",
                "1.1",
                "-o",
                "out.tmif.json",
                "--format",
                "json",
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: exit status; stderr: {}",
            text(&output.stderr)
        );
        let report = json_report(&output);
        assert_eq!(report["losses"], Value::Array(vec![]), "{name}: losses");
        assert_eq!(report["written"], true, "{name}: written");
        let written = std::fs::read(dir.path().join("out.tmif.json")).expect("the output exists");
        let validation = tmif::validate(&written, Syntax::Json);
        assert!(
            validation.is_valid(),
            "{name}: the upgraded document is invalid: {:?}",
            validation.diagnostics
        );
        assert_eq!(
            validation.version,
            Some(FormatVersion::V1_1),
            "{name}: version of the upgraded document"
        );
    }
}

#[test]
fn unknown_target_version() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "labelled.tmif.json",
            "--to",
            "3.0",
            "-o",
            "out.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "exit status");
    assert!(
        !dir.path().join("out.tmif.json").exists(),
        "the output file was written"
    );
    assert!(
        text(&output.stderr).contains("3.0"),
        "the error does not name the version: {}",
        text(&output.stderr)
    );
}

#[test]
fn invalid_input_not_written() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "invalid.tmif.json",
            "--to",
            "1.0",
            "-o",
            "out.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "exit status");
    assert!(
        !dir.path().join("out.tmif.json").exists(),
        "the output file was written"
    );
    assert!(
        text(&output.stderr).contains("TMIF1103"),
        "the error does not list the dangling reference: {}",
        text(&output.stderr)
    );
}

#[test]
fn missing_input_fails() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "absent.tmif.json",
            "--to",
            "1.0",
            "-o",
            "out.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "exit status");
    assert!(
        !dir.path().join("out.tmif.json").exists(),
        "the output file was written"
    );
}

#[test]
fn output_equal_to_input() {
    let dir = workspace();
    for output_path in ["labelled.tmif.json", "./labelled.tmif.json"] {
        let output = tmif(
            dir.path(),
            &[
                "migrate",
                "labelled.tmif.json",
                "--to",
                "1.0",
                "-o",
                output_path,
                "--allow-loss",
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{output_path}: exit status");
        let after = std::fs::read_to_string(dir.path().join("labelled.tmif.json")).unwrap();
        assert_eq!(after, LABELLED, "{output_path}: the input file changed");
    }
}

#[test]
fn json_report_fields() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "labelled.tmif.json",
            "--to",
            "1.0",
            "-o",
            "out.tmif.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "exit status");
    let report = json_report(&output);
    assert_eq!(report["from"], "1.1.0", "from");
    assert_eq!(report["to"], "1.0.0", "to");
    assert_eq!(report["written"], false, "written");
    let losses = report["losses"].as_array().expect("losses is an array");
    let pointers: Vec<&str> = losses
        .iter()
        .map(|loss| loss["pointer"].as_str().expect("a loss has a pointer"))
        .collect();
    let mut expected = LABELLED_LOSSES.to_vec();
    let mut found = pointers.clone();
    expected.sort_unstable();
    found.sort_unstable();
    assert_eq!(found, expected, "loss pointers");
    for loss in losses {
        assert_eq!(loss["kind"], "dropped", "kind of {}", loss["pointer"]);
        let reason = loss["reason"].as_str().unwrap_or_default();
        assert!(!reason.is_empty(), "reason of {} is empty", loss["pointer"]);
    }

    let allowed = tmif(
        dir.path(),
        &[
            "migrate",
            "labelled.tmif.json",
            "--to",
            "1.0",
            "-o",
            "out.tmif.json",
            "--format",
            "json",
            "--allow-loss",
        ],
    );
    assert_eq!(
        allowed.status.code(),
        Some(0),
        "exit status with --allow-loss"
    );
    let report = json_report(&allowed);
    assert_eq!(report["written"], true, "written with --allow-loss");
    assert_eq!(
        report["losses"].as_array().map(Vec::len),
        Some(LABELLED_LOSSES.len()),
        "number of losses with --allow-loss"
    );
}

#[test]
fn standard_output_target() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "labelled.tmif.json",
            "--to",
            "1.0",
            "-o",
            "-",
            "--allow-loss",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "exit status");
    let validation = tmif::validate(&output.stdout, Syntax::Json);
    assert!(
        validation.is_valid(),
        "standard output is not a valid document: {}",
        text(&output.stdout)
    );
    assert_eq!(
        validation.version,
        Some(FormatVersion::V1_0),
        "version on standard output"
    );
    assert!(
        text(&output.stderr).contains("/annotations"),
        "the report is not on standard error: {}",
        text(&output.stderr)
    );
}

#[test]
fn same_version_lossless() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "labelled.tmif.json",
            "--to",
            "1.1",
            "-o",
            "out.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "exit status");
    let written = std::fs::read(dir.path().join("out.tmif.json")).expect("the output exists");
    let before: tmif::Document = serde_json::from_str(LABELLED).unwrap();
    let after: tmif::Document = serde_json::from_slice(&written).unwrap();
    assert_eq!(
        after, before,
        "the document after migrating to its own version"
    );
}
