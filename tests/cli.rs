//! The `tmif` binary: inputs, output formats and exit statuses.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const VALID: &str = r#"{"tmif": "1.0.0", "id": "shop", "title": "Shop", "license": "MIT",
  "elements": [{"id": "web", "name": "Web", "kind": "process"},
               {"id": "db", "name": "DB", "kind": "data-store"}],
  "dataFlows": [{"id": "query", "source": "web", "target": "db"}]}"#;

const INVALID: &str = r#"{"tmif": "1.0.0", "id": "shop", "title": "Shop", "license": "MIT",
  "dataFlows": [{"id": "query", "source": "web",
    "target": "db"}]}"#;

const WARNING: &str = r#"{"tmif": "1.0.0", "id": "shop", "title": "Shop"}"#;

fn tmif(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::tmif_binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tmif binary runs")
}

fn tmif_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(common::tmif_binary())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tmif binary starts");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().expect("the tmif binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Creates a directory with `models/valid.tmif.json`, `models/nested/invalid.tmif.json`
/// and a file that is not a TMIF document by name.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("models/nested")).unwrap();
    std::fs::write(dir.path().join("models/valid.tmif.json"), VALID).unwrap();
    std::fs::write(dir.path().join("models/nested/invalid.tmif.json"), INVALID).unwrap();
    std::fs::write(dir.path().join("models/package.json"), "{}").unwrap();
    std::fs::write(dir.path().join("warning.tmif.json"), WARNING).unwrap();
    dir
}

fn json_report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {}", text(&output.stdout)))
}

#[test]
fn validate_valid_file() {
    let dir = workspace();
    let output = tmif(dir.path(), &["validate", "models/valid.tmif.json"]);
    assert_eq!(output.status.code(), Some(0), "exit status");
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("valid (TMIF 1.0.0"),
        "verdict line: {stdout}"
    );
    assert!(output.stderr.is_empty(), "stderr: {}", text(&output.stderr));
}

#[test]
fn validate_invalid_file() {
    let dir = workspace();
    let output = tmif(dir.path(), &["validate", "models/nested/invalid.tmif.json"]);
    assert_eq!(output.status.code(), Some(1), "exit status");
    let stdout = text(&output.stdout);
    let expected = "models/nested/invalid.tmif.json:2:33: error[TMIF1103] /dataFlows/0/source:";
    assert!(
        stdout.contains(expected),
        "diagnostic line {expected:?} missing: {stdout}"
    );
    assert!(
        stdout.contains("/dataFlows/0/target"),
        "second error missing: {stdout}"
    );
    assert!(
        stdout.contains("invalid (TMIF 1.0.0, 2 errors, 0 warnings)"),
        "verdict: {stdout}"
    );
}

#[test]
fn validate_warnings_only() {
    let dir = workspace();
    let plain = tmif(dir.path(), &["validate", "warning.tmif.json"]);
    assert_eq!(plain.status.code(), Some(0), "exit status with a warning");
    assert!(
        text(&plain.stdout).contains("warning[TMIF2001]"),
        "stdout: {}",
        text(&plain.stdout)
    );
    let strict = tmif(
        dir.path(),
        &["validate", "--deny-warnings", "warning.tmif.json"],
    );
    assert_eq!(
        strict.status.code(),
        Some(1),
        "exit status with --deny-warnings"
    );
}

#[test]
fn validate_several_files() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "validate",
            "models/valid.tmif.json",
            "models/nested/invalid.tmif.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status when one file is invalid"
    );
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("2 files: 1 valid, 1 invalid"),
        "summary: {stdout}"
    );
}

#[test]
fn validate_directory() {
    let dir = workspace();
    let output = tmif(dir.path(), &["validate", "--format", "json", "models"]);
    assert_eq!(output.status.code(), Some(1), "exit status");
    let report = json_report(&output);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .expect("files is an array")
        .iter()
        .map(|file| file["path"].as_str().expect("path is a string"))
        .collect();
    assert_eq!(
        paths,
        ["models/nested/invalid.tmif.json", "models/valid.tmif.json"],
        "files found in the directory, sorted, without package.json"
    );
}

#[test]
fn validate_stdin() {
    let dir = workspace();
    let valid = tmif_with_stdin(dir.path(), &["validate", "-"], VALID.as_bytes());
    assert_eq!(valid.status.code(), Some(0), "exit status for valid input");
    let invalid = tmif_with_stdin(dir.path(), &["validate", "-"], INVALID.as_bytes());
    assert_eq!(
        invalid.status.code(),
        Some(1),
        "exit status for invalid input"
    );
    assert!(
        text(&invalid.stdout).contains("TMIF1103"),
        "stdout: {}",
        text(&invalid.stdout)
    );
    let yaml = tmif_with_stdin(
        dir.path(),
        &["validate", "-"],
        b"tmif: 1.0.0\nid: m\ntitle: t\nlicense: MIT\n",
    );
    assert_eq!(yaml.status.code(), Some(0), "exit status for YAML on stdin");
}

#[test]
fn validate_json_fields() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "validate",
            "--format",
            "json",
            "models/valid.tmif.json",
            "models/nested/invalid.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "exit status");
    let report = json_report(&output);
    assert_eq!(report["valid"], false, "top-level valid");
    let files = report["files"].as_array().expect("files is an array");
    assert_eq!(files.len(), 2, "one entry per file");

    let valid = &files[0];
    assert_eq!(
        valid["path"], "models/valid.tmif.json",
        "path of the first file"
    );
    assert_eq!(valid["valid"], true, "valid of the first file");
    assert_eq!(valid["version"], "1.0.0", "version of the first file");
    assert_eq!(valid["errors"], 0, "errors of the first file");
    assert_eq!(valid["warnings"], 0, "warnings of the first file");
    assert_eq!(
        valid["diagnostics"],
        Value::Array(Vec::new()),
        "diagnostics of the first file"
    );

    let invalid = &files[1];
    assert_eq!(invalid["valid"], false, "valid of the second file");
    assert_eq!(invalid["errors"], 2, "errors of the second file");
    let diagnostic = &invalid["diagnostics"][0];
    assert_eq!(diagnostic["code"], "TMIF1103", "code");
    assert_eq!(diagnostic["level"], "error", "level");
    assert_eq!(diagnostic["pointer"], "/dataFlows/0/source", "pointer");
    assert_eq!(diagnostic["line"], 2, "line");
    assert_eq!(diagnostic["column"], 33, "column");
    assert!(
        diagnostic["message"]
            .as_str()
            .is_some_and(|m| m.contains("`web`")),
        "message: {}",
        diagnostic["message"]
    );
    assert_eq!(
        invalid["diagnostics"][1]["line"], 3,
        "line of the second diagnostic"
    );
}

#[test]
fn validate_json_unreadable_document() {
    let dir = workspace();
    std::fs::write(dir.path().join("null.tmif.json"), "null").unwrap();
    let output = tmif(
        dir.path(),
        &["validate", "--format", "json", "null.tmif.json"],
    );
    assert_eq!(output.status.code(), Some(1), "exit status");
    let report = json_report(&output);
    let file = &report["files"][0];
    assert_eq!(file["valid"], false, "valid");
    assert!(
        file.get("version").is_none(),
        "an unreadable document has no version: {file}"
    );
    assert_eq!(file["diagnostics"][0]["code"], "TMIF1006", "code");
    assert_eq!(file["diagnostics"][0]["pointer"], "", "pointer of the root");
}

#[test]
fn validate_json_all_valid() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &["validate", "--format", "json", "models/valid.tmif.json"],
    );
    assert_eq!(output.status.code(), Some(0), "exit status");
    assert_eq!(json_report(&output)["valid"], true, "top-level valid");
}

#[test]
fn usage_errors_exit_2() {
    let dir = workspace();
    let cases: [&[&str]; 5] = [
        &["validate"],
        &["validate", "--format", "xml", "warning.tmif.json"],
        &["no-such-command"],
        &["schema", "--version", "9.9"],
        &["fmt", "-o", "out.json", "a.tmif.json", "b.tmif.json"],
    ];
    for args in cases {
        let output = tmif(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "exit status of {args:?}");
        assert!(
            !text(&output.stderr).contains("panicked"),
            "{args:?} panicked"
        );
    }
}

#[test]
fn missing_file_among_others_exits_2() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &["validate", "models/valid.tmif.json", "gone.tmif.json"],
    );
    assert_eq!(output.status.code(), Some(2), "exit status");
    assert!(
        text(&output.stderr).contains("gone.tmif.json"),
        "stderr: {}",
        text(&output.stderr)
    );
}

#[test]
fn schema_to_stdout_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = tmif(dir.path(), &["schema"]);
    assert_eq!(output.status.code(), Some(0), "exit status");
    let schema: Value = serde_json::from_slice(&output.stdout).expect("the schema is JSON");
    assert_eq!(schema["$id"], "urn:tmif:schema:1.0", "$id");
    let to_file = tmif(dir.path(), &["schema", "-o", "schema.json"]);
    assert_eq!(to_file.status.code(), Some(0), "exit status with -o");
    let written = std::fs::read(dir.path().join("schema.json")).unwrap();
    assert_eq!(
        written, output.stdout,
        "the file equals the standard output"
    );
}

#[test]
fn generate_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["generate", "--elements", "50", "--seed", "7"];
    let first = tmif(dir.path(), &args);
    let second = tmif(dir.path(), &args);
    assert_eq!(first.status.code(), Some(0), "exit status");
    assert!(!first.stdout.is_empty(), "generate wrote nothing");
    assert_eq!(first.stdout, second.stdout, "two runs give different bytes");
    let other_seed = tmif(dir.path(), &["generate", "--elements", "50", "--seed", "8"]);
    assert_ne!(
        first.stdout, other_seed.stdout,
        "seeds 7 and 8 give the same model"
    );
}

#[test]
fn generate_output_valid_and_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let generate = tmif(
        dir.path(),
        &[
            "generate",
            "--elements",
            "50",
            "--seed",
            "7",
            "-o",
            "g.tmif.json",
        ],
    );
    assert_eq!(generate.status.code(), Some(0), "generate exit status");
    let validate = tmif(dir.path(), &["validate", "g.tmif.json"]);
    assert_eq!(
        validate.status.code(),
        Some(0),
        "validate: {}",
        text(&validate.stdout)
    );
    assert!(
        text(&validate.stdout).contains("0 errors, 0 warnings"),
        "stdout: {}",
        text(&validate.stdout)
    );
    let check = tmif(dir.path(), &["fmt", "--check", "g.tmif.json"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "fmt --check: {}",
        text(&check.stdout)
    );

    let bytes = std::fs::read(dir.path().join("g.tmif.json")).unwrap();
    let document: tmif::Document = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(document.elements.len(), 50, "element count");
    assert_eq!(document.data_flows.len(), 50, "data flow count");
    assert!(
        tmif::canonical::is_canonical(&document, &bytes),
        "the output is not canonical"
    );
}

#[cfg(unix)]
#[test]
fn validate_directory_symlink_loop() {
    let dir = workspace();
    std::os::unix::fs::symlink("..", dir.path().join("models/nested/up")).unwrap();
    let output = tmif(dir.path(), &["validate", "--format", "json", "models"]);
    assert_eq!(output.status.code(), Some(1), "exit status");
    let report = json_report(&output);
    let count = report["files"].as_array().expect("files is an array").len();
    assert_eq!(
        count,
        2,
        "each file is validated once: {}",
        text(&output.stdout)
    );
}
