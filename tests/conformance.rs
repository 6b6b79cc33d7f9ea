//! The conformance suite as tests: one test per case, named
//! `vMAJOR.MINOR::FILE::CASE-ID`, run against the library, plus tests of
//! `tmif conformance` itself on the suite and on the fixture suites in
//! `tests/fixtures/conformance/`.
//!
//! The harness is libtest-mimic, so the usual filters work:
//! `cargo test --test conformance -- ids::` runs the cases of `ids.json`.
//! Deprecated cases are listed as ignored.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use tmif::conformance::{self, Outcome, Suite};

fn main() {
    let arguments = Arguments::from_args();
    let mut trials = case_trials();
    trials.extend(command_trials());
    libtest_mimic::run(&arguments, trials).exit();
}

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/conformance")
        .join(name)
}

/// Creates one trial per case of the suite, or one failing trial when the suite does not load.
fn case_trials() -> Vec<Trial> {
    let suite = match Suite::load(&suite_dir()) {
        Ok(suite) => suite,
        Err(error) => {
            let message = error.to_string();
            return vec![Trial::test("suite::load", move || Err(message.into()))];
        }
    };
    suite
        .cases()
        .map(|found| {
            let case = found.case.clone();
            let skipped = conformance::check::skip_reason(&case).is_some();
            Trial::test(found.test_name(), move || match conformance::check(&case) {
                Outcome::Passed | Outcome::Skipped(_) => Ok(()),
                Outcome::Failed(mismatch) => Err(format!(
                    "{}\n{}\nexpected: {}\nactual:   {}",
                    case.description, mismatch.summary, mismatch.expected, mismatch.actual
                )
                .into()),
                Outcome::Error(message) => Err(format!("{}\n{message}", case.description).into()),
            })
            .with_kind(found.case.operation.as_str())
            .with_ignored_flag(skipped)
        })
        .collect()
}

/// A test of the `tmif conformance` command.
type CommandTest = fn() -> Result<(), Failed>;

fn command_trials() -> Vec<Trial> {
    let tests: &[(&str, CommandTest)] = &[
        ("command::lint_passes_on_suite", lint_passes_on_suite),
        ("command::run_binary_as_tool", run_binary_as_tool),
        ("command::library_run_on_fixture", library_run_on_fixture),
        (
            "command::tool_that_accepts_everything",
            tool_that_accepts_everything,
        ),
        ("command::tool_exit_status_3", tool_exit_status_3),
        ("command::tool_timeout", tool_timeout),
        ("command::tool_json_diagnostics", tool_json_diagnostics),
        ("command::xfail_expected_failure", xfail_expected_failure),
        ("command::xfail_unexpected_pass", xfail_unexpected_pass),
        ("command::xfail_unknown_id", xfail_unknown_id),
        ("command::xfail_missing_reason", xfail_missing_reason),
        ("command::junit_report", junit_report),
        ("command::json_report_to_file", json_report_to_file),
        ("command::malformed_case_file", malformed_case_file),
        ("command::lint_malformed_suite", lint_malformed_suite),
        ("command::lint_fixture_coverage", lint_fixture_coverage),
        ("command::lint_authoring_mistakes", lint_authoring_mistakes),
        ("command::dump_fixture", dump_fixture),
        (
            "command::tool_without_placeholder",
            tool_without_placeholder,
        ),
    ];
    tests
        .iter()
        .map(|&(name, test)| Trial::test(name, test))
        .collect()
}

fn tmif(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmif"))
        .args(args)
        .output()
        .expect("the tmif binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails unless the exit status is `expected`, showing both output streams.
fn expect_status(output: &Output, expected: i32) -> Result<(), Failed> {
    if output.status.code() == Some(expected) {
        return Ok(());
    }
    Err(format!(
        "exit status {:?}, expected {expected}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    )
    .into())
}

fn expect_contains(haystack: &str, needle: &str) -> Result<(), Failed> {
    if haystack.contains(needle) {
        return Ok(());
    }
    Err(format!("expected to find {needle:?} in:\n{haystack}").into())
}

/// Runs `tmif conformance run` on the fixture suite with extra arguments.
fn run_fixture(extra: &[&str]) -> Output {
    let suite = fixture_dir("good");
    let mut args = vec!["conformance", "run", "--suite", suite.to_str().unwrap()];
    args.extend_from_slice(extra);
    tmif(&args)
}

fn json_stdout(output: &Output) -> Result<Value, Failed> {
    serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("stdout is not JSON ({error}):\n{}", text(&output.stdout)).into())
}

fn case_status<'a>(report: &'a Value, id: &str) -> Result<&'a str, Failed> {
    report["cases"]
        .as_array()
        .and_then(|cases| cases.iter().find(|case| case["id"] == id))
        .and_then(|case| case["status"].as_str())
        .ok_or_else(|| format!("no status for case {id} in the report").into())
}

fn write_temp(contents: &str) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), contents).expect("the temporary file is writable");
    file
}

// NOTE: this fails until every rule of the registry has a triggering case
// and a near miss in the suite. Its output lists the codes that lack them.
fn lint_passes_on_suite() -> Result<(), Failed> {
    let suite = suite_dir();
    let output = tmif(&["conformance", "lint", "--suite", suite.to_str().unwrap()]);
    expect_status(&output, 0)
}

fn run_binary_as_tool() -> Result<(), Failed> {
    let suite = suite_dir();
    let tool = format!(
        "{} validate --format json {{file}}",
        runner_quote(env!("CARGO_BIN_EXE_tmif"))
    );
    let output = tmif(&[
        "conformance",
        "run",
        "--suite",
        suite.to_str().unwrap(),
        "--tool",
        &tool,
    ]);
    expect_status(&output, 0)?;
    expect_contains(&text(&output.stdout), ": passed: ")
}

fn runner_quote(path: &str) -> String {
    conformance::runner::shell_quote(path)
}

fn library_run_on_fixture() -> Result<(), Failed> {
    let output = run_fixture(&["--format", "json"]);
    expect_status(&output, 0)?;
    let report = json_stdout(&output)?;
    assert_eq!(report["totals"]["cases"], 7, "cases");
    assert_eq!(report["totals"]["passed"], 6, "passed");
    assert_eq!(report["totals"]["skipped"], 1, "skipped");
    assert_eq!(case_status(&report, "fixture-retired")?, "skipped");
    assert_eq!(case_status(&report, "fixture-import-otm")?, "passed");
    assert_eq!(case_status(&report, "fixture-fmt-reorders")?, "passed");
    assert_eq!(report["suite"]["version"], "0.1.0", "suite version");
    assert_eq!(
        report["implementation"]["library"], "tmif",
        "implementation"
    );
    Ok(())
}

fn tool_that_accepts_everything() -> Result<(), Failed> {
    let output = run_fixture(&["--tool", "test -f {file}", "--format", "json"]);
    expect_status(&output, 1)?;
    let report = json_stdout(&output)?;
    assert_eq!(case_status(&report, "fixture-valid-document")?, "passed");
    assert_eq!(
        case_status(&report, "fixture-dangling-reference")?,
        "failed"
    );
    assert_eq!(case_status(&report, "fixture-latin1-bytes")?, "failed");
    assert_eq!(case_status(&report, "fixture-fmt-reorders")?, "skipped");
    assert_eq!(case_status(&report, "fixture-import-otm")?, "skipped");

    let human = run_fixture(&["--tool", "test -f {file}"]);
    let stdout = text(&human.stdout);
    expect_contains(
        &stdout,
        "FAIL fixture-dangling-reference (cases/v1.0/basic.json): a flow whose target",
    )?;
    expect_contains(&stdout, "expected invalid, found valid")?;
    expect_contains(&stdout, ": failed: 7 cases, 2 passed, 2 failed")
}

fn tool_exit_status_3() -> Result<(), Failed> {
    let output = run_fixture(&["--tool", "echo broken >&2; exit 3; {file}"]);
    expect_status(&output, 1)?;
    let stdout = text(&output.stdout);
    expect_contains(&stdout, "ERROR fixture-valid-document")?;
    expect_contains(&stdout, "tool error: exit status 3, standard error: broken")
}

fn tool_timeout() -> Result<(), Failed> {
    let started = std::time::Instant::now();
    let output = run_fixture(&["--tool", "sleep 20; test -f {file}", "--timeout", "1"]);
    expect_status(&output, 1)?;
    expect_contains(&text(&output.stdout), "timed out after 1 s")?;
    // Four validate cases run, each stopped after one second.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "the run took {:?}",
        started.elapsed()
    );
    Ok(())
}

fn tool_json_diagnostics() -> Result<(), Failed> {
    // Valid by exit status, but the reported diagnostics differ from the expectation.
    let tool = r#"echo '{"diagnostics": [{"code": "TMIF1101", "pointer": "/x"}]}'; test -f {file}"#;
    let output = run_fixture(&["--tool", tool, "--format", "json"]);
    expect_status(&output, 1)?;
    let report = json_stdout(&output)?;
    assert_eq!(case_status(&report, "fixture-valid-document")?, "failed");
    let message = report["cases"][0]["message"].as_str().unwrap_or_default();
    expect_contains(message, "unexpected TMIF1101 at /x")
}

fn xfail_expected_failure() -> Result<(), Failed> {
    let list = write_temp(
        "# the tool reports every file valid\n\
         fixture-dangling-reference  no reference checks\n\
         fixture-latin1-bytes        no encoding checks\n",
    );
    let output = run_fixture(&[
        "--tool",
        "test -f {file}",
        "--xfail",
        list.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    expect_status(&output, 0)?;
    let report = json_stdout(&output)?;
    assert_eq!(
        case_status(&report, "fixture-dangling-reference")?,
        "expected-failure"
    );
    assert_eq!(report["totals"]["expectedFailures"], 2, "expected failures");
    Ok(())
}

fn xfail_unexpected_pass() -> Result<(), Failed> {
    let list = write_temp("fixture-valid-document  thought broken\n");
    let output = run_fixture(&["--xfail", list.path().to_str().unwrap()]);
    expect_status(&output, 1)?;
    expect_contains(
        &text(&output.stdout),
        "XPASS fixture-valid-document (cases/v1.0/basic.json): a minimal valid document: \
         unexpectedly passing; remove it from the xfail list",
    )
}

fn xfail_unknown_id() -> Result<(), Failed> {
    let list = write_temp("no-such-case  gone\n");
    let output = run_fixture(&["--xfail", list.path().to_str().unwrap()]);
    expect_status(&output, 2)?;
    expect_contains(&text(&output.stderr), "not in the suite: no-such-case")
}

fn xfail_missing_reason() -> Result<(), Failed> {
    let list = write_temp("fixture-valid-document\n");
    let output = run_fixture(&["--xfail", list.path().to_str().unwrap()]);
    expect_status(&output, 2)?;
    expect_contains(
        &text(&output.stderr),
        "line 1: `fixture-valid-document` has no reason",
    )
}

fn junit_report() -> Result<(), Failed> {
    let output = run_fixture(&["--tool", "test -f {file}", "--format", "junit"]);
    expect_status(&output, 1)?;
    let xml = text(&output.stdout);
    expect_contains(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    expect_contains(
        &xml,
        "<testsuite name=\"cases/v1.0/basic.json\" tests=\"7\" failures=\"2\" errors=\"0\" skipped=\"3\"",
    )?;
    expect_contains(
        &xml,
        "<testcase classname=\"cases/v1.0/basic.json\" name=\"fixture-dangling-reference\"",
    )?;
    // The description has markup characters, which must be escaped.
    expect_contains(
        &xml,
        "a flow whose target &lt;does not&gt; exist &amp; more",
    )?;
    expect_contains(
        &xml,
        "<skipped message=\"deprecated: it expected a missing id to be valid\"/>",
    )?;
    assert_eq!(xml.matches("<testcase ").count(), 7, "testcases");
    assert_eq!(xml.matches("<failure ").count(), 2, "failures");
    assert!(xml.trim_end().ends_with("</testsuites>"), "closing tag");
    Ok(())
}

fn json_report_to_file() -> Result<(), Failed> {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("report.json");
    let output = run_fixture(&["--format", "json", "-o", path.to_str().unwrap()]);
    expect_status(&output, 0)?;
    // The summary still goes to standard output.
    expect_contains(&text(&output.stdout), "against the tmif library: passed")?;
    let report: Value = serde_json::from_slice(&std::fs::read(&path)?)?;
    assert_eq!(report["success"], true, "success");
    Ok(())
}

fn malformed_case_file() -> Result<(), Failed> {
    let suite = fixture_dir("malformed");
    let output = tmif(&["conformance", "run", "--suite", suite.to_str().unwrap()]);
    expect_status(&output, 2)?;
    expect_contains(
        &text(&output.stderr),
        "cases/v1.0/broken.json: at /cases/1/input: missing `syntax`",
    )?;
    let error = Suite::load(&suite).expect_err("the malformed suite does not load");
    assert_eq!(error.errors.len(), 1, "errors: {error}");
    assert_eq!(error.errors[0].path, "cases/v1.0/broken.json");
    assert_eq!(error.errors[0].pointer.as_deref(), Some("/cases/1/input"));
    Ok(())
}

fn lint_malformed_suite() -> Result<(), Failed> {
    let suite = fixture_dir("malformed");
    let output = tmif(&["conformance", "lint", "--suite", suite.to_str().unwrap()]);
    expect_status(&output, 1)?;
    expect_contains(
        &text(&output.stdout),
        "cases/v1.0/broken.json: fixture-no-syntax: does not match the case schema at /cases/1/input",
    )
}

fn lint_fixture_coverage() -> Result<(), Failed> {
    let problems = conformance::lint(&fixture_dir("good"));
    let case_problems: Vec<String> = problems
        .iter()
        .filter(|problem| problem.file.is_some())
        .map(ToString::to_string)
        .collect();
    assert!(case_problems.is_empty(), "problems: {case_problems:#?}");
    let coverage: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        coverage.contains(&"suite: TMIF1103 reference-unresolved has no near miss (cases with \"rule\": \"TMIF1103\")".to_owned()),
        "coverage problems: {coverage:#?}"
    );
    assert!(
        !coverage.iter().any(|problem| problem.contains("TMIF2001")),
        "TMIF2001 has a triggering case and a near miss: {coverage:#?}"
    );
    Ok(())
}

fn lint_authoring_mistakes() -> Result<(), Failed> {
    let problems: Vec<String> = conformance::lint(&fixture_dir("lint"))
        .iter()
        .filter(|problem| problem.file.is_some())
        .map(ToString::to_string)
        .collect();
    let expected = [
        "cases/v1.0/b.json: lint-shared-id: the id is already used by a case in cases/v1.0/a.json",
        "cases/v1.0/a.json: lint-trailing-period: the description ends with a period",
        "cases/v1.0/a.json: lint-wrong-expectation: the tmif library disagrees with the \
         expectation: expected invalid, found valid; missing TMIF1101 at /id",
        "cases/v1.0/a.json: lint-unknown-rule: `rule` names TMIF1999, which is not in the rule registry",
        "cases/v1.0/a.json: lint-valid-with-error: `valid` is true, but the expected diagnostics \
         include an error",
        "cases/v1.0/a.json: lint-bad-replacement: `replacedBy` names lint-no-such-case, which is \
         not a case of the suite",
    ];
    for message in expected {
        assert!(
            problems.iter().any(|problem| problem.starts_with(message)),
            "no problem starts with {message:?}; problems: {problems:#?}"
        );
    }
    // The wrong expectation of lint-valid-with-error is reported as well.
    assert_eq!(
        problems.len(),
        expected.len() + 1,
        "problems: {problems:#?}"
    );
    Ok(())
}

fn dump_fixture() -> Result<(), Failed> {
    let suite = fixture_dir("good");
    let output = tmif(&["conformance", "dump", "--suite", suite.to_str().unwrap()]);
    expect_status(&output, 0)?;
    let dump = json_stdout(&output)?;
    assert_eq!(dump["suite"]["name"], "Runner fixture suite", "suite name");
    let cases = dump["cases"].as_array().ok_or("no cases array")?;
    assert_eq!(cases.len(), 7, "cases");

    let latin1 = cases
        .iter()
        .find(|case| case["id"] == "fixture-latin1-bytes")
        .ok_or("no Latin-1 case")?;
    assert_eq!(latin1["file"], "cases/v1.0/basic.json", "file");
    assert_eq!(latin1["formatVersion"], "1.0", "format version");
    assert_eq!(latin1["inputFile"]["extension"], ".tmif.json", "extension");
    assert!(latin1["inputFile"]["base64"].is_string(), "bytes as base64");

    let yaml = cases
        .iter()
        .find(|case| case["id"] == "fixture-yaml-text")
        .ok_or("no YAML case")?;
    assert_eq!(yaml["inputFile"]["extension"], ".tmif.yaml", "extension");
    assert_eq!(
        yaml["inputFile"]["text"], "tmif: 1.0.0\nid: m\ntitle: T\n",
        "text"
    );

    let import = cases
        .iter()
        .find(|case| case["id"] == "fixture-import-otm")
        .ok_or("no import case")?;
    assert_eq!(import["inputFile"]["extension"], ".json", "extension");
    Ok(())
}

fn tool_without_placeholder() -> Result<(), Failed> {
    let output = run_fixture(&["--tool", "true"]);
    expect_status(&output, 2)?;
    expect_contains(&text(&output.stderr), "has no `{file}` placeholder")
}
