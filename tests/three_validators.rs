//! Three JSON Schema validators agree with the suite on the generated schema.
//!
//! The test takes every `validate` case whose input reads as JSON (YAML is
//! converted) and declares a 1.0.x version. The generated 1.0 schema must
//! give it the same verdict in this crate's `jsonschema` check, in Python's
//! `jsonschema` through `check-jsonschema`, and in `ajv` through `ajv-cli`
//! in strict draft 2020-12 mode. The schema rejects the document exactly
//! when the case expects one of the shape codes TMIF1020 to TMIF1023.
//! Cases that expect a syntax code (TMIF1001 to TMIF1006) or a version code
//! (TMIF1010, TMIF1011) are left out, because their input never reaches the schema.
//!
//! The test runs when `TMIF_AJV` and `TMIF_CHECK_JSONSCHEMA` name the two
//! executables. Without them it prints why it did not run and passes,
//! unless `TMIF_REQUIRE_VALIDATORS` is set, as in CI.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tmif::FormatVersion;
use tmif::conformance::{Operation, Suite, check};
use tmif::load;
use tmif::version::{self, VersionSupport};

/// Codes whose input never reaches the schema.
const UNCHECKED_CODES: &[&str] = &[
    "TMIF1001", "TMIF1002", "TMIF1003", "TMIF1004", "TMIF1005", "TMIF1006", "TMIF1010", "TMIF1011",
];

/// Codes that the JSON Schema reports.
const SHAPE_CODES: &[&str] = &["TMIF1020", "TMIF1021", "TMIF1022", "TMIF1023"];

/// A case checked by all three validators.
struct Checked {
    id: String,
    path: PathBuf,
    /// Whether the schema must accept the document.
    expected_valid: bool,
    rust_valid: bool,
}

#[test]
fn three_validators_agree_with_suite() {
    let Some((ajv, check_jsonschema)) = validators() else {
        return;
    };
    let suite = Suite::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance"))
        .unwrap_or_else(|error| panic!("the suite does not load:\n{error}"));
    let folder = tempfile::tempdir().expect("a temporary folder");
    let schema_path = folder.path().join("tmif-1.0.schema.json");
    let schema = tmif::schema::generate(FormatVersion::V1_0);
    std::fs::write(&schema_path, serde_json::to_string_pretty(&schema).unwrap())
        .expect("the schema file is written");

    let mut checked = Vec::new();
    let mut left_out = 0;
    for found in suite.cases() {
        let case = found.case;
        if case.operation != Operation::Validate || check::skip_reason(case).is_some() {
            continue;
        }
        if UNCHECKED_CODES.iter().any(|code| case.expects_code(code)) {
            left_out += 1;
            continue;
        }
        let bytes = case
            .input
            .to_bytes()
            .unwrap_or_else(|error| panic!("case {}: {error}", case.id));
        let Ok(value) = load::read_value(&bytes, case.input.syntax()) else {
            left_out += 1;
            continue;
        };
        let declared = value
            .get("tmif")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if version::check(declared) != VersionSupport::Supported(FormatVersion::V1_0) {
            left_out += 1;
            continue;
        }
        let path = folder.path().join(format!("{}.json", case.id));
        std::fs::write(&path, serde_json::to_vec(&value).unwrap())
            .expect("the case file is written");
        checked.push(Checked {
            id: case.id.clone(),
            path,
            expected_valid: !SHAPE_CODES.iter().any(|code| case.expects_code(code)),
            rust_valid: tmif::shape::validator(FormatVersion::V1_0).is_valid(&value),
        });
    }
    assert!(
        !checked.is_empty(),
        "no case of the suite reaches the schema"
    );

    let paths: Vec<&Path> = checked.iter().map(|c| c.path.as_path()).collect();
    let ajv_verdicts = run_ajv(&ajv, &schema_path, &paths);
    let python_invalid = run_check_jsonschema(&check_jsonschema, &schema_path, &paths);

    let mut disagreements = Vec::new();
    for case in &checked {
        let ajv_valid = *ajv_verdicts
            .get(&case.path)
            .unwrap_or_else(|| panic!("ajv reported no verdict for {}", case.path.display()));
        let python_valid = !python_invalid.contains(&case.path);
        let verdicts = [case.rust_valid, python_valid, ajv_valid];
        if verdicts.iter().any(|valid| *valid != case.expected_valid) {
            disagreements.push(format!(
                "{}: expected {}, jsonschema (Rust) {}, check-jsonschema {}, ajv {}",
                case.id,
                verdict(case.expected_valid),
                verdict(case.rust_valid),
                verdict(python_valid),
                verdict(ajv_valid)
            ));
        }
    }
    eprintln!(
        "three validators: {} cases checked, {left_out} left out because their input \
         does not reach the schema",
        checked.len()
    );
    assert!(
        disagreements.is_empty(),
        "the schema verdicts disagree on {} cases:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

fn verdict(valid: bool) -> &'static str {
    if valid { "valid" } else { "invalid" }
}

/// The paths of `ajv` and `check-jsonschema`, or `None` when the test should not run.
fn validators() -> Option<(PathBuf, PathBuf)> {
    let ajv = std::env::var_os("TMIF_AJV").map(PathBuf::from);
    let check_jsonschema = std::env::var_os("TMIF_CHECK_JSONSCHEMA").map(PathBuf::from);
    if let (Some(ajv), Some(check_jsonschema)) = (ajv, check_jsonschema) {
        return Some((ajv, check_jsonschema));
    }
    let message = "set TMIF_AJV to the ajv executable of ajv-cli 5 and TMIF_CHECK_JSONSCHEMA \
                   to the check-jsonschema executable to compare the three validators";
    if std::env::var_os("TMIF_REQUIRE_VALIDATORS").is_some() {
        panic!("TMIF_REQUIRE_VALIDATORS is set, but a validator is missing: {message}");
    }
    eprintln!("three validators not compared: {message}");
    None
}

/// Runs ajv once on every file and returns its verdict per file.
///
/// ajv-cli 5 prints `PATH valid` on standard output and `PATH invalid` on
/// standard error, followed by the errors.
fn run_ajv(ajv: &Path, schema: &Path, files: &[&Path]) -> BTreeMap<PathBuf, bool> {
    let mut command = Command::new(ajv);
    command
        .args([
            "validate",
            "--spec=draft2020",
            "--strict=true",
            "--errors=line",
            "-s",
        ])
        .arg(schema);
    for file in files {
        command.arg("-d").arg(file);
    }
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", ajv.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "ajv failed with {:?}:\n{stdout}\n{stderr}",
        output.status
    );
    let mut verdicts = BTreeMap::new();
    for line in stdout.lines().chain(stderr.lines()) {
        for file in files {
            let Some(rest) = line.strip_prefix(&*file.to_string_lossy()) else {
                continue;
            };
            match rest {
                " valid" => verdicts.insert(file.to_path_buf(), true),
                " invalid" => verdicts.insert(file.to_path_buf(), false),
                _ => None,
            };
        }
    }
    assert!(
        verdicts.len() == files.len(),
        "ajv gave verdicts for {} of {} files:\n{stdout}\n{stderr}",
        verdicts.len(),
        files.len()
    );
    verdicts
}

/// Runs check-jsonschema once on every file and returns the files it rejects.
fn run_check_jsonschema(program: &Path, schema: &Path, files: &[&Path]) -> BTreeSet<PathBuf> {
    let output = Command::new(program)
        .arg("--schemafile")
        .arg(schema)
        .args(["--output-format", "json"])
        .args(files)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", program.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "check-jsonschema failed with {:?}:\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|error| panic!("check-jsonschema output is not JSON ({error}):\n{stdout}"));
    let parse_errors = report["parse_errors"].as_array().map_or(0, Vec::len);
    assert_eq!(
        parse_errors, 0,
        "check-jsonschema could not read files:\n{stdout}"
    );
    report["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|error| error["filename"].as_str())
        .map(PathBuf::from)
        .collect()
}
