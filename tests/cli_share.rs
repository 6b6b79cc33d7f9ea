//! `tmif redact`, `tmif split` and `tmif merge`: what they write, what they
//! refuse to write, and their exit statuses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tmif::Document;

/// A model with a RED element, a flow and a threat that touch it, and a GREEN threat.
const LABELLED: &str = r#"{"tmif": "1.1.0", "id": "bank", "title": "Bank", "classification": "GREEN",
  "trustZones": [{"id": "dmz", "name": "DMZ"},
                 {"id": "core", "name": "Core banking zone", "classification": "RED"}],
  "elements": [{"id": "web", "name": "Web front end", "kind": "process", "zone": "dmz"},
               {"id": "vault", "name": "Key Vault", "kind": "data-store",
                "description": "Holds the master signing keys", "classification": "RED"},
               {"id": "ledger", "name": "Ledger", "kind": "data-store", "zone": "core"}],
  "dataFlows": [{"id": "sign", "name": "Signing request", "source": "web", "target": "vault"}],
  "threats": [{"id": "steal", "title": "Master key theft", "status": "open",
               "description": "An insider copies the signing keys", "affects": ["vault"]},
              {"id": "xss", "title": "Cross-site scripting", "status": "open", "affects": ["web"]}],
  "views": [{"id": "main", "name": "Main",
             "nodes": [{"object": "vault", "x": 1, "y": 2}]}]
}"#;

/// Strings of the removed objects of [`LABELLED`] at GREEN that no output may contain.
const SECRETS: [&str; 5] = [
    "Key Vault",
    "master signing keys",
    "Core banking zone",
    "Master key theft",
    "Signing request",
];

fn tmif(dir: &Path, args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_tmif"))
        .args(args)
        .current_dir(dir)
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("the tmif binary does not run: {error}"),
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes [`LABELLED`] in canonical form as `model.tmif.json` in a new directory.
fn workspace(source: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => panic!("cannot create a temporary directory: {error}"),
    };
    let document = parse(source.as_bytes());
    let path = dir.path().join("model.tmif.json");
    write(&path, tmif::canonical::to_string(&document).as_bytes());
    (dir, path)
}

fn parse(bytes: &[u8]) -> Document {
    let validation = tmif::validate(bytes, tmif::Syntax::Json);
    match validation.document {
        Some(document) if validation.error_count() == 0 => document,
        _ => panic!("not a valid document: {:?}", validation.diagnostics),
    }
}

fn write(path: &Path, bytes: &[u8]) {
    if let Err(error) = fs::write(path, bytes) {
        panic!("cannot write {}: {error}", path.display());
    }
}

fn read(path: &Path) -> Vec<u8> {
    match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

/// Lists the names of the files in `dir`, temporary files included.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Returns a copy of [`LABELLED`] with a kept threat whose description names the RED element.
fn leaking() -> String {
    LABELLED.replace(
        r#""title": "Cross-site scripting", "status": "open","#,
        r#""title": "Cross-site scripting", "status": "open", "description": "Script in the page can call the Key Vault","#,
    )
}

#[test]
fn redact_writes_output_and_report() {
    let (dir, _) = workspace(LABELLED);
    let output = tmif(
        dir.path(),
        &[
            "redact",
            "model.tmif.json",
            "--max",
            "GREEN",
            "-o",
            "public.tmif.json",
            "--report",
            "report.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "redact failed: {}",
        stderr(&output)
    );
    let public = read(&dir.path().join("public.tmif.json"));
    let document = parse(&public);
    assert_eq!(
        document.redaction.map(|mark| mark.level),
        Some(tmif::model::Tlp::Green),
        "the output has no GREEN redaction mark"
    );
    let text = String::from_utf8_lossy(&public).into_owned();
    for secret in SECRETS {
        assert!(!text.contains(secret), "the output contains `{secret}`");
    }

    let report_bytes = read(&dir.path().join("report.json"));
    let report: Value = match serde_json::from_slice(&report_bytes) {
        Ok(report) => report,
        Err(error) => panic!("the report is not JSON: {error}"),
    };
    let removed: Vec<(String, String)> = report["removed"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| {
            (
                item["id"].as_str().unwrap_or_default().to_owned(),
                item["kind"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for (id, kind) in [
        ("vault", "elements"),
        ("core", "trustZones"),
        ("ledger", "elements"),
        ("sign", "dataFlows"),
        ("steal", "threats"),
    ] {
        assert!(
            removed.contains(&(id.to_owned(), kind.to_owned())),
            "the report does not list {kind} `{id}`: {removed:?}"
        );
    }
    let report_text = String::from_utf8_lossy(&report_bytes).into_owned();
    for secret in SECRETS {
        assert!(
            !report_text.contains(secret),
            "the report contains `{secret}`"
        );
    }
}

#[test]
fn report_lists_replaced() {
    let (dir, _) = workspace(LABELLED);
    let output = tmif(
        dir.path(),
        &[
            "redact",
            "model.tmif.json",
            "--max",
            "GREEN",
            "--placeholders",
            "-o",
            "public.tmif.json",
            "--report",
            "report.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "redact failed: {}",
        stderr(&output)
    );
    let report: Value =
        serde_json::from_slice(&read(&dir.path().join("report.json"))).unwrap_or(Value::Null);
    let replaced: Vec<&str> = report["replaced"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["id"].as_str())
        .collect();
    assert!(
        replaced.contains(&"vault"),
        "the report does not list `vault` as replaced: {report}"
    );
    let text = String::from_utf8_lossy(&read(&dir.path().join("public.tmif.json"))).into_owned();
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "the output with placeholders contains `{secret}`"
        );
    }
}

#[test]
fn strict_leak_writes_nothing() {
    let (dir, _) = workspace(&leaking());
    let args = [
        "redact",
        "model.tmif.json",
        "--max",
        "GREEN",
        "--strict",
        "-o",
        "public.tmif.json",
        "--report",
        "report.json",
    ];
    let before = listing(dir.path());
    let output = tmif(dir.path(), &args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a strict redaction with a leak did not exit 1"
    );
    let mut expected = before.clone();
    expected.push("report.json".into());
    expected.sort();
    let mut after = listing(dir.path());
    after.sort();
    assert_eq!(
        after, expected,
        "a strict redaction with a leak wrote something besides its report"
    );
    let report = String::from_utf8_lossy(&read(&dir.path().join("report.json"))).into_owned();
    assert!(
        report.contains("\"written\": false"),
        "the report of a strict redaction that wrote nothing does not say so: {report}"
    );

    let existing = b"an earlier output\n";
    write(&dir.path().join("public.tmif.json"), existing);
    let output = tmif(dir.path(), &args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a strict redaction with a leak did not exit 1"
    );
    assert_eq!(
        read(&dir.path().join("public.tmif.json")),
        existing,
        "a strict redaction with a leak changed the existing output"
    );
    assert!(
        stderr(&output).contains("/threats/0/description")
            || String::from_utf8_lossy(&output.stdout).contains("/threats/0/description"),
        "the leak's pointer is not shown"
    );
}

#[test]
fn output_same_as_input_refused() {
    let (dir, input) = workspace(LABELLED);
    let before = read(&input);
    for output_path in [
        "model.tmif.json",
        "./model.tmif.json",
        "../input/model.tmif.json",
    ] {
        let nested = dir.path().join("input");
        let _ = fs::create_dir_all(&nested);
        write(&nested.join("model.tmif.json"), &before);
        let working = if output_path.starts_with("..") {
            nested.clone()
        } else {
            dir.path().to_path_buf()
        };
        let output = tmif(
            &working,
            &[
                "redact",
                "model.tmif.json",
                "--max",
                "GREEN",
                "-o",
                output_path,
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(2),
            "output `{output_path}` equal to the input was not refused"
        );
        assert_eq!(
            read(&working.join("model.tmif.json")),
            before,
            "the input changed with output `{output_path}`"
        );
    }
    let output = tmif(
        dir.path(),
        &[
            "redact",
            "model.tmif.json",
            "--max",
            "GREEN",
            "-o",
            "public.tmif.json",
            "--report",
            "model.tmif.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a report path equal to the input was not refused"
    );
    assert_eq!(
        read(&input),
        before,
        "the input changed when the report path was the input"
    );
}

#[test]
fn report_same_as_output_refused() {
    let (dir, _) = workspace(LABELLED);
    let output = tmif(
        dir.path(),
        &[
            "redact",
            "model.tmif.json",
            "--max",
            "GREEN",
            "-o",
            "public.json",
            "--report",
            "./public.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a report path equal to the output was not refused"
    );
    assert!(
        !dir.path().join("public.json").exists(),
        "a refused redaction wrote a file"
    );
}

#[test]
fn invalid_input_writes_nothing() {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => panic!("{error}"),
    };
    write(
        &dir.path().join("bad.tmif.json"),
        br#"{"tmif": "1.1.0", "id": "m", "title": "T",
            "dataFlows": [{"id": "f", "source": "a", "target": "b"}]}"#,
    );
    let before = listing(dir.path());
    for args in [
        vec![
            "redact",
            "bad.tmif.json",
            "--max",
            "GREEN",
            "-o",
            "out.json",
            "--report",
            "r.json",
        ],
        vec![
            "split",
            "bad.tmif.json",
            "--max",
            "GREEN",
            "--public",
            "p.json",
            "--overlay",
            "o.json",
        ],
    ] {
        let output = tmif(dir.path(), &args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "`{}` of an invalid input did not exit 1",
            args[0]
        );
        assert_eq!(
            listing(dir.path()),
            before,
            "`{}` of an invalid input wrote files",
            args[0]
        );
    }
}

#[test]
fn split_merge_round_trip() {
    for placeholders in [false, true] {
        let (dir, input) = workspace(LABELLED);
        let mut args = vec![
            "split",
            "model.tmif.json",
            "--max",
            "TLP:GREEN",
            "--public",
            "public.tmif.json",
            "--overlay",
            "private.overlay.json",
        ];
        if placeholders {
            args.push("--placeholders");
        }
        let output = tmif(dir.path(), &args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "split failed: {}",
            stderr(&output)
        );
        let public =
            String::from_utf8_lossy(&read(&dir.path().join("public.tmif.json"))).into_owned();
        for secret in SECRETS {
            assert!(
                !public.contains(secret),
                "the public document contains `{secret}`"
            );
        }
        let output = tmif(
            dir.path(),
            &[
                "merge",
                "public.tmif.json",
                "private.overlay.json",
                "-o",
                "merged.tmif.json",
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "merge failed: {}",
            stderr(&output)
        );
        assert_eq!(
            read(&dir.path().join("merged.tmif.json")),
            read(&input),
            "merge did not rebuild the input byte for byte (placeholders {placeholders})"
        );
    }
}

#[test]
fn merge_tampered_public_rejected() {
    let (dir, _) = workspace(LABELLED);
    let output = tmif(
        dir.path(),
        &[
            "split",
            "model.tmif.json",
            "--max",
            "GREEN",
            "--public",
            "public.tmif.json",
            "--overlay",
            "o.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "split failed: {}",
        stderr(&output)
    );
    let public_path = dir.path().join("public.tmif.json");
    let public =
        String::from_utf8_lossy(&read(&public_path)).replace("Web front end", "Web frontend");
    write(&public_path, public.as_bytes());
    let before = listing(dir.path());
    let output = tmif(
        dir.path(),
        &[
            "merge",
            "public.tmif.json",
            "o.json",
            "-o",
            "merged.tmif.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "a merge onto an edited public document did not exit 1"
    );
    assert!(
        stderr(&output).contains("digest"),
        "the message does not name the digest: {}",
        stderr(&output)
    );
    assert_eq!(listing(dir.path()), before, "a rejected merge wrote files");
}

#[test]
fn split_failure_leaves_nothing() {
    let (dir, _) = workspace(LABELLED);
    let before = listing(dir.path());
    let output = tmif(
        dir.path(),
        &[
            "split",
            "model.tmif.json",
            "--max",
            "GREEN",
            "--public",
            "public.tmif.json",
            "--overlay",
            "missing/o.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a split into a missing directory did not exit 2"
    );
    assert_eq!(
        listing(dir.path()),
        before,
        "a failed split left files behind"
    );
}

#[test]
fn split_same_paths_refused() {
    let (dir, _) = workspace(LABELLED);
    let output = tmif(
        dir.path(),
        &[
            "split",
            "model.tmif.json",
            "--max",
            "GREEN",
            "--public",
            "out.json",
            "--overlay",
            "./out.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "one path for both parts of a split was not refused"
    );
    assert!(
        !dir.path().join("out.json").exists(),
        "a refused split wrote a file"
    );
}

#[test]
fn level_spellings() {
    let (dir, _) = workspace(LABELLED);
    for level in [
        "green",
        "TLP:GREEN",
        "tlp:green",
        "AMBER+STRICT",
        "amber+strict",
        "CLEAR",
    ] {
        let output = tmif(
            dir.path(),
            &["redact", "model.tmif.json", "--max", level, "-o", "-"],
        );
        // A CLEAR level is below the document's GREEN label, which is a problem, not a usage error.
        let expected = if level == "CLEAR" { 1 } else { 0 };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "level `{level}` gave {}",
            stderr(&output)
        );
    }
    for level in ["PURPLE", "TLP:", "AMBER+", "GREEN ", ""] {
        let output = tmif(
            dir.path(),
            &[
                "redact",
                "model.tmif.json",
                "--max",
                level,
                "-o",
                "out.json",
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(2),
            "level `{level}` was not rejected"
        );
        assert!(
            !dir.path().join("out.json").exists(),
            "level `{level}` wrote a file"
        );
    }
}

#[test]
fn report_failure_leaves_nothing() {
    let (dir, _) = workspace(LABELLED);
    let before = listing(dir.path());
    let output = tmif(
        dir.path(),
        &[
            "redact",
            "model.tmif.json",
            "--max",
            "GREEN",
            "-o",
            "public.tmif.json",
            "--report",
            "missing/report.json",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a report into a missing directory did not exit 2"
    );
    assert_eq!(
        listing(dir.path()),
        before,
        "a redaction whose report failed left files behind"
    );
}
