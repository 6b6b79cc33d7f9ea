//! The `tmif` binary against hostile inputs and environments: special files,
//! odd file names, unreadable directories, control characters, failing
//! output and very large reports. Each case ends with a clear exit status,
//! never a hang or a panic.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const VALID: &str = r#"{"tmif": "1.0.0", "id": "shop", "title": "Shop", "license": "MIT",
  "elements": [{"id": "web", "name": "Web", "kind": "process"}]}"#;

/// Runs `tmif` with `args` in `dir`, killing it after ten seconds so that a
/// hang fails the test instead of blocking the run.
fn tmif(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(common::tmif_binary())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tmif binary starts");
    // The pipes are drained while the child runs, so that a long report
    // cannot fill a pipe and block the child.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).expect("the pipe reads");
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be polled") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().expect("the hanging child can be killed");
            child.wait().expect("the killed child is reaped");
            panic!("tmif {args:?} did not finish within 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Creates a named pipe with the system's `mkfifo`.
fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {} failed", path.display());
}

#[test]
fn walk_skips_fifo() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("models")).unwrap();
    std::fs::write(dir.path().join("models/a.tmif.json"), VALID).unwrap();
    make_fifo(&dir.path().join("models/x.tmif.json"));
    let output = tmif(dir.path(), &["validate", "models"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("a.tmif.json: valid"), "stdout: {stdout}");
    assert!(!stdout.contains("x.tmif.json"), "stdout: {stdout}");
}

#[test]
fn walk_matches_suffix_case_insensitively() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("models")).unwrap();
    std::fs::write(dir.path().join("models/X.TMIF.JSON"), VALID).unwrap();
    std::fs::write(dir.path().join("models/y.Tmif.Yml"), "tmif: 1.0.0\n").unwrap();
    let output = tmif(dir.path(), &["validate", "models"]);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("X.TMIF.JSON: valid"), "stdout: {stdout}");
    assert!(stdout.contains("y.Tmif.Yml: invalid"), "stdout: {stdout}");
}

#[cfg(unix)]
#[test]
fn walk_finds_non_utf8_names() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("models")).unwrap();
    let name = OsStr::from_bytes(b"caf\xE9.tmif.json");
    std::fs::write(dir.path().join("models").join(name), VALID).unwrap();
    let output = tmif(dir.path(), &["validate", "models"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains(".tmif.json: valid"), "stdout: {stdout}");
}

/// Creates a chain of directories whose full path is longer than `PATH_MAX`,
/// which no process can open by its path, and returns the chain's top.
///
/// A directory without read permission would serve too, but the tests may
/// run as root, which reads every directory.
fn make_unreachable_directory(parent: &Path) -> std::path::PathBuf {
    let top = parent.join("deep");
    let name = "d".repeat(250);
    // The shell's `cd` stops short of `PATH_MAX`, so the last level is made
    // by `mkdir` from the level above it.
    let script = format!(
        "mkdir deep && cd deep && for i in $(seq 16); do mkdir {name} && cd {name} || exit 1; done \
         && mkdir {name}"
    );
    let status = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(parent)
        .status()
        .expect("sh runs");
    assert!(status.success(), "the deep directory chain was not created");
    top
}

#[test]
fn walk_continues_after_unreadable_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("models")).unwrap();
    std::fs::write(dir.path().join("models/a.tmif.json"), VALID).unwrap();
    make_unreachable_directory(&dir.path().join("models"));
    std::fs::write(dir.path().join("models/z.tmif.json"), VALID).unwrap();
    let output = tmif(dir.path(), &["validate", "models"]);
    assert_eq!(output.status.code(), Some(2), "exit status");
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert!(stdout.contains("a.tmif.json: valid"), "stdout: {stdout}");
    assert!(stdout.contains("z.tmif.json: valid"), "stdout: {stdout}");
    assert!(
        stderr.contains("cannot read directory models/deep/"),
        "stderr: {stderr}"
    );
}

#[test]
fn explicit_device_rejected() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        vec!["validate", "/dev/zero"],
        vec!["fmt", "--check", "/dev/zero"],
        vec!["migrate", "/dev/zero", "--to", "1.0", "-o", "out.tmif.json"],
    ] {
        let output = tmif(dir.path(), &command);
        assert_eq!(output.status.code(), Some(2), "exit status of {command:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("/dev/zero is a character device, not a file"),
            "stderr of {command:?}: {stderr}"
        );
    }
}

#[test]
fn explicit_directory_as_file_rejected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("models")).unwrap();
    let output = tmif(dir.path(), &["fmt", "--check", "models"]);
    assert_eq!(output.status.code(), Some(2), "exit status");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("models is a directory, not a file"),
        "stderr: {stderr}"
    );
}

#[test]
fn explicit_fifo_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.tmif.json");
    make_fifo(&fifo);
    let writer = std::thread::spawn(move || std::fs::write(fifo, VALID).unwrap());
    let output = tmif(dir.path(), &["validate", "pipe.tmif.json"]);
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("pipe.tmif.json: valid"));
}

#[test]
fn stdin_dash_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(common::tmif_binary())
        .args(["validate", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), VALID.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn fmt_output_over_yaml_input_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "tmif: \"1.0.0\"\nid: shop\ntitle: Shop\nlicense: MIT\n";
    std::fs::write(dir.path().join("x.tmif.yaml"), yaml).unwrap();
    let output = tmif(dir.path(), &["fmt", "-o", "x.tmif.yaml", "x.tmif.yaml"]);
    assert_eq!(output.status.code(), Some(2), "exit status");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("is the YAML input"), "stderr: {stderr}");
    let after = std::fs::read_to_string(dir.path().join("x.tmif.yaml")).unwrap();
    assert_eq!(after, yaml, "the YAML file changed");
}

#[test]
fn fmt_check_reports_every_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tmif.json"), VALID).unwrap();
    std::fs::write(dir.path().join("b.tmif.json"), VALID).unwrap();
    let output = tmif(
        dir.path(),
        &[
            "fmt",
            "--check",
            "a.tmif.json",
            "missing.tmif.json",
            "b.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "exit status");
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert!(
        stdout.contains("a.tmif.json: not in canonical form"),
        "stdout: {stdout}"
    );
    assert!(
        stdout.contains("b.tmif.json: not in canonical form"),
        "stdout: {stdout}"
    );
    assert!(
        stderr.contains("cannot read missing.tmif.json"),
        "stderr: {stderr}"
    );
}

#[test]
fn fmt_check_with_output_rejected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tmif.json"), VALID).unwrap();
    let output = tmif(
        dir.path(),
        &["fmt", "--check", "-o", "x.tmif.json", "a.tmif.json"],
    );
    assert_eq!(output.status.code(), Some(2), "exit status");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("`--check`"), "stderr: {stderr}");
    assert!(
        !dir.path().join("x.tmif.json").exists(),
        "the output was written"
    );
}

#[test]
fn fmt_shape_errors_listed() {
    let dir = tempfile::tempdir().unwrap();
    let bad = r#"{"tmif": "1.0.0", "id": 5, "title": "Shop", "license": "MIT"}"#;
    std::fs::write(dir.path().join("a.tmif.json"), bad).unwrap();
    let output = tmif(dir.path(), &["fmt", "a.tmif.json"]);
    assert_eq!(output.status.code(), Some(1), "exit status");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error[TMIF1022] /id"), "stderr: {stderr}");
    assert!(
        stderr.contains("has errors; fix them first (see tmif validate)"),
        "stderr: {stderr}"
    );
}

/// A data flow whose target is a reference crafted to print a fake verdict
/// line and an erase-line escape sequence.
const FORGED_REFERENCE: &str = r#"{"tmif": "1.0.0", "id": "shop", "title": "Shop", "license": "MIT",
  "elements": [{"id": "web", "name": "Web", "kind": "process"}],
  "dataFlows": [{"id": "f", "source": "web",
                 "target": "db\nfake.tmif.json: valid (TMIF 1.0.0, 0 errors, 0 warnings)\u001b[2K"}]}"#;

#[test]
fn human_output_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tmif.json"), FORGED_REFERENCE).unwrap();
    let output = tmif(dir.path(), &["validate", "a.tmif.json"]);
    assert_eq!(output.status.code(), Some(1), "exit status");
    let stdout = text(&output.stdout);
    assert!(!stdout.contains('\u{1b}'), "raw escape in: {stdout}");
    assert!(
        !stdout
            .lines()
            .any(|line| line.starts_with("fake.tmif.json")),
        "forged line in: {stdout}"
    );
    assert!(stdout.contains(r"`db\nfake.tmif.json"), "stdout: {stdout}");
    assert!(stdout.contains(r"\u{1b}[2K"), "stdout: {stdout}");
}

#[cfg(unix)]
#[test]
fn human_output_escapes_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\nb.tmif.json";
    std::fs::write(dir.path().join(name), VALID).unwrap();
    let output = tmif(dir.path(), &["validate", name]);
    let stdout = text(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "stdout: {stdout}");
    assert!(
        stdout.starts_with(r"a\nb.tmif.json: valid"),
        "stdout: {stdout}"
    );
    let output = tmif(dir.path(), &["fmt", "--check", name]);
    let stdout = text(&output.stdout);
    assert_eq!(stdout, "a\\nb.tmif.json: not in canonical form\n");
}

#[test]
fn json_output_keeps_text_exact() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tmif.json"), FORGED_REFERENCE).unwrap();
    let output = tmif(dir.path(), &["validate", "--format", "json", "a.tmif.json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let message = report["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("db\nfake.tmif.json"), "message: {message}");
}

fn json_report(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {}", text(&output.stdout)))
}

#[test]
fn validate_json_lists_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tmif.json"), VALID).unwrap();
    let output = tmif(
        dir.path(),
        &[
            "validate",
            "--format",
            "json",
            "a.tmif.json",
            "missing.json",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "exit status");
    let report = json_report(&output);
    assert_eq!(report["valid"], false);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "files: {files:?}");
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[1]["path"], "missing.json");
    assert_eq!(files[1]["valid"], false);
    let error = files[1]["error"].as_str().unwrap();
    assert!(error.contains("cannot read missing.json"), "error: {error}");
}

#[test]
fn import_json_reports_failure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.json"), r#"{"hello": 1}"#).unwrap();
    let output = tmif(
        dir.path(),
        &[
            "import",
            "--format",
            "json",
            "in.json",
            "-o",
            "out.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "exit status");
    let report = json_report(&output);
    assert_eq!(report["written"], false);
    assert!(report["error"].as_str().is_some(), "report: {report}");
    assert!(!dir.path().join("out.tmif.json").exists());
}

#[test]
fn migrate_json_reports_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let invalid = r#"{"tmif": "1.0.0", "id": "shop", "title": "Shop", "license": "MIT",
      "dataFlows": [{"id": "f", "source": "web", "target": "db"}]}"#;
    std::fs::write(dir.path().join("in.tmif.json"), invalid).unwrap();
    let output = tmif(
        dir.path(),
        &[
            "migrate",
            "--format",
            "json",
            "in.tmif.json",
            "--to",
            "1.1",
            "-o",
            "out.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "exit status");
    let report = json_report(&output);
    assert_eq!(report["written"], false);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics.iter().any(|d| d["code"] == "TMIF1103"),
        "diagnostics: {diagnostics:?}"
    );
    assert!(!dir.path().join("out.tmif.json").exists());
}

/// Runs `tmif` with standard output on a file that may not grow, so that
/// every write fails with "file too large", as a write to a full disk fails
/// with its own error.
///
/// The file size limit is set with the shell's `ulimit -f 0`, and `SIGXFSZ`
/// is ignored so that the write returns an error instead of killing the
/// process. A closed standard output would not do: Rust's standard library
/// ignores writes to a closed descriptor.
#[cfg(unix)]
fn tmif_to_unwritable_output(dir: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 0; exec "$0" "$@" > out.txt"#)
        .arg(common::tmif_binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sh runs")
}

#[cfg(unix)]
#[test]
fn stdout_write_failure_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tmif.json"), VALID).unwrap();
    for args in [
        vec!["validate", "--format", "json", "a.tmif.json"],
        vec!["validate", "a.tmif.json"],
    ] {
        let output = tmif_to_unwritable_output(dir.path(), &args);
        assert_eq!(output.status.code(), Some(2), "exit status of {args:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("cannot write standard output"),
            "stderr of {args:?}: {stderr}"
        );
    }
}

#[test]
fn closed_pipe_keeps_status() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        std::fs::write(dir.path().join(format!("m{i}.tmif.json")), VALID).unwrap();
    }
    let mut child = Command::new(common::tmif_binary())
        .args(["validate", "."])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closing the reading end at once makes every write fail with EPIPE.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stderr.is_empty(), "stderr: {}", text(&output.stderr));
}

#[test]
fn human_output_capped_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let flows: Vec<String> = (0..1500)
        .map(|i| format!(r#"{{"id": "f{i}", "source": "web", "target": "gone{i}"}}"#))
        .collect();
    let document = format!(
        r#"{{"tmif": "1.0.0", "id": "shop", "title": "Shop", "license": "MIT",
          "elements": [{{"id": "web", "name": "Web", "kind": "process"}}],
          "dataFlows": [{}]}}"#,
        flows.join(",")
    );
    std::fs::write(dir.path().join("a.tmif.json"), &document).unwrap();
    let output = tmif(dir.path(), &["validate", "a.tmif.json"]);
    assert_eq!(output.status.code(), Some(1), "exit status");
    let stdout = text(&output.stdout);
    let diagnostic_lines = stdout.lines().filter(|l| l.contains("error[")).count();
    assert_eq!(diagnostic_lines, 1000, "diagnostic lines");
    assert!(
        stdout.contains("a.tmif.json: … and 500 more; use --format json for all of them"),
        "stdout ends: {}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
    assert!(stdout.contains("invalid (TMIF 1.0.0, 1500 errors"));

    let output = tmif(dir.path(), &["validate", "--format", "json", "a.tmif.json"]);
    let report = json_report(&output);
    let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1500, "JSON diagnostics");
}

#[test]
fn import_syntax_error_has_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.json"), "{\"a\": \n").unwrap();
    let output = tmif(dir.path(), &["import", "in.json", "-o", "out.tmif.json"]);
    assert_eq!(output.status.code(), Some(1), "exit status");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("in.json:2:1: error[TMIF1001]: invalid JSON"),
        "stderr: {stderr}"
    );
}

#[test]
fn deny_warnings_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let warning = r#"{"tmif": "1.0.0", "id": "shop", "title": "Shop"}"#;
    std::fs::write(dir.path().join("w.tmif.json"), warning).unwrap();
    let output = tmif(dir.path(), &["validate", "--deny-warnings", "w.tmif.json"]);
    assert_eq!(output.status.code(), Some(1), "exit status");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("1 file is valid but has warnings, and --deny-warnings"),
        "stderr: {stderr}"
    );
}

#[test]
fn import_xml_reported() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 3] = [
        ("one-line.tm7", b"<ThreatModel><Name>x</Name></ThreatModel>"),
        (
            "declared.tm7",
            b"<?xml version=\"1.0\"?>\n<ThreatModel>\n  <Name>a: b</Name>\n</ThreatModel>\n",
        ),
        ("bom.tm7", b"\xEF\xBB\xBF  <ThreatModel/>"),
    ];
    for (name, bytes) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let output = tmif(dir.path(), &["import", name, "-o", "out.tmif.json"]);
        assert_eq!(output.status.code(), Some(1), "{name}: exit status");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains(
                "the file is XML; Microsoft Threat Modeling Tool (.tm7) files are not supported yet"
            ),
            "{name}: {stderr}"
        );
    }
}
