//! Bad input: each kind gets one clear diagnostic, exit status 1 from
//! `tmif validate` (2 for I/O errors), and never a panic or a hang.
//!
//! Rule codes are written out as literals, so that renumbering a rule fails
//! here; `tests/rules.rs` reads this file to learn which codes it covers.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use tmif::{Diagnostic, Level, Position, Syntax, Validation};

const HEAD: &str = r#""tmif": "1.0.0", "id": "m", "title": "Model", "license": "MIT""#;

fn json(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// Builds a minimal valid document with `rest` appended to its root members.
fn document_with(rest: &str) -> Vec<u8> {
    json(&format!("{{{HEAD}{rest}}}"))
}

/// Runs `tmif` with `args` in `dir` and returns its output.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::tmif_binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tmif binary runs")
}

/// Validates `bytes` as file `name` with the library and the binary, and
/// checks that both report `code` as an error at `pointer`. Returns the
/// library's diagnostic.
fn rejects(name: &str, bytes: &[u8], code: &str, pointer: &str) -> Diagnostic {
    let syntax = Syntax::detect(Some(Path::new(name)), bytes);
    let validation = tmif::validate(bytes, syntax);
    assert!(
        !validation.is_valid(),
        "{name}: the library accepts the document"
    );
    let found = find(&validation, code).unwrap_or_else(|| {
        panic!(
            "{name}: no {code} diagnostic; found {:?}",
            validation.diagnostics
        )
    });
    assert_eq!(found.level, Level::Error, "{name}: {code} is not an error");
    assert_eq!(found.pointer, pointer, "{name}: pointer of {code}");
    assert!(
        !found.message.is_empty() && !found.message.ends_with('.'),
        "{name}: message {:?} is empty or ends with a period",
        found.message
    );

    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join(name), bytes).expect("write the input file");
    let output = run(dir.path(), &["validate", name]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{name}: exit status; stderr: {stderr}"
    );
    assert!(
        stdout.contains(code),
        "{name}: stdout lacks {code}: {stdout}"
    );
    assert!(
        !stderr.contains("panicked"),
        "{name}: the binary panicked: {stderr}"
    );
    found.clone()
}

fn find<'a>(validation: &'a Validation, code: &str) -> Option<&'a Diagnostic> {
    validation.diagnostics.iter().find(|d| d.code == code)
}

fn at(line: usize, column: usize) -> Option<Position> {
    Some(Position { line, column })
}

#[test]
fn empty_file() {
    let diagnostic = rejects("empty.tmif.json", b"", "TMIF1001", "");
    assert!(
        diagnostic.message.contains("empty"),
        "message: {}",
        diagnostic.message
    );
    rejects("blank.tmif.yaml", b"  \n\n", "TMIF1001", "");
}

#[test]
fn null_root() {
    let diagnostic = rejects("null.tmif.json", b"null", "TMIF1006", "");
    assert!(
        diagnostic.message.contains("null"),
        "message: {}",
        diagnostic.message
    );
    assert_eq!(diagnostic.position, at(1, 1), "position of the null root");
    rejects("null.tmif.yaml", b"null\n", "TMIF1006", "");
}

#[test]
fn array_root() {
    let diagnostic = rejects("array.tmif.json", b"\n  [1, 2]", "TMIF1006", "");
    assert!(
        diagnostic.message.contains("array"),
        "message: {}",
        diagnostic.message
    );
    assert_eq!(diagnostic.position, at(2, 3), "position of the array root");
}

#[test]
fn truncated_document() {
    let text = r#"{"tmif": "1.0.0", "id": "a", "ti"#;
    let diagnostic = rejects("truncated.tmif.json", text.as_bytes(), "TMIF1001", "");
    assert!(
        diagnostic.message.contains("truncated"),
        "message: {}",
        diagnostic.message
    );
    assert_eq!(
        diagnostic.position,
        at(1, 32),
        "position of the end of the text"
    );
    rejects(
        "truncated.tmif.yaml",
        b"tmif: 1.0.0\nid: [a, b\n",
        "TMIF1001",
        "",
    );
}

fn utf16(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

#[test]
fn utf16_with_bom() {
    let bytes = utf16(&String::from_utf8(document_with("")).unwrap(), true);
    let diagnostic = rejects("utf16.tmif.json", &bytes, "TMIF1001", "");
    assert!(
        diagnostic.message.contains("UTF-16"),
        "message: {}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.contains("iconv"),
        "message names no fix: {}",
        diagnostic.message
    );
}

#[test]
fn utf16_without_bom() {
    let bytes = utf16(&String::from_utf8(document_with("")).unwrap(), false);
    let diagnostic = rejects("utf16.tmif.json", &bytes, "TMIF1001", "");
    assert!(
        diagnostic.message.contains("UTF-8"),
        "message: {}",
        diagnostic.message
    );
    let yaml = utf16("tmif: 1.0.0\n", false);
    rejects("utf16.tmif.yaml", &yaml, "TMIF1001", "");
}

#[test]
fn utf8_bom() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(document_with(""));
    let diagnostic = rejects("bom.tmif.json", &bytes, "TMIF1001", "");
    assert!(
        diagnostic.message.contains("byte-order mark"),
        "message: {}",
        diagnostic.message
    );
}

#[test]
fn invalid_utf8() {
    let mut bytes = json("{\"tmif\": \"1.0.0\",\n \"id\": \"m");
    bytes.push(0xFF);
    bytes.extend_from_slice(b"\", \"title\": \"t\"}");
    let diagnostic = rejects("latin1.tmif.json", &bytes, "TMIF1001", "");
    assert!(
        diagnostic.message.contains("UTF-8"),
        "message: {}",
        diagnostic.message
    );
    assert_eq!(
        diagnostic.position,
        at(2, 10),
        "position of the invalid byte"
    );
}

#[test]
fn deep_json_nesting() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    rejects("arrays.tmif.json", arrays.as_bytes(), "TMIF1004", "");
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    rejects("objects.tmif.json", objects.as_bytes(), "TMIF1004", "");
    let extension = document_with(&format!(
        r#", "x-deep": {}{}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    ));
    rejects("extension.tmif.json", &extension, "TMIF1004", "");
}

#[test]
fn deep_yaml_nesting() {
    let depth = 100_000;
    let flow = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    rejects("flow.tmif.yaml", flow.as_bytes(), "TMIF1004", "");
    let mappings = format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth));
    rejects("mappings.tmif.yaml", mappings.as_bytes(), "TMIF1004", "");
    let block = format!("{}x\n", "- ".repeat(depth));
    let pointer = "/0".repeat(tmif::load::MAX_DEPTH);
    rejects("block.tmif.yaml", block.as_bytes(), "TMIF1004", &pointer);
}

/// Builds a document whose `x-deep` member contains `levels - 1` nested
/// arrays, so that with the root object it nests `levels` deep.
fn nested(levels: usize, syntax: Syntax) -> Vec<u8> {
    let arrays = format!("{}{}", "[".repeat(levels - 1), "]".repeat(levels - 1));
    match syntax {
        Syntax::Json => document_with(&format!(r#", "x-deep": {arrays}"#)),
        Syntax::Yaml => json(&format!(
            "tmif: 1.0.0\nid: m\ntitle: t\nlicense: MIT\nx-deep: {arrays}\n"
        )),
    }
}

#[test]
fn nesting_limit_same_for_json_and_yaml() {
    let limit = tmif::load::MAX_DEPTH;
    for syntax in [Syntax::Json, Syntax::Yaml] {
        let at_limit = tmif::validate(&nested(limit, syntax), syntax);
        assert!(
            at_limit.is_valid(),
            "{syntax:?} at {limit} levels: {:?}",
            at_limit.diagnostics
        );
        let over = tmif::validate(&nested(limit + 1, syntax), syntax);
        let codes: Vec<&str> = over.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["TMIF1004"], "{syntax:?} at {} levels", limit + 1);
    }
}

#[test]
fn nesting_limit_matches_registry() {
    let summary = tmif::rules::NESTING_DEPTH.summary;
    let limit = tmif::load::MAX_DEPTH.to_string();
    assert!(
        summary.contains(&limit),
        "summary {summary:?} does not state the limit {limit}"
    );
}

#[test]
fn number_out_of_range_in_member() {
    let text = document_with(r#", "trustZones": [{"id": "z", "name": "Z", "trustLevel": 1e400}]"#);
    let diagnostic = rejects(
        "range.tmif.json",
        &text,
        "TMIF1003",
        "/trustZones/0/trustLevel",
    );
    assert!(
        diagnostic.message.contains("IEEE 754"),
        "message: {}",
        diagnostic.message
    );
    let column = String::from_utf8(text)
        .unwrap()
        .find("\"trustLevel\"")
        .unwrap()
        + 1;
    assert_eq!(
        diagnostic.position,
        at(1, column),
        "position of the member name"
    );
    let yaml = "tmif: 1.0.0\nid: m\ntitle: t\ntrustZones:\n  - id: z\n    name: Z\n    trustLevel: 1e400\n";
    let diagnostic = rejects(
        "range.tmif.yaml",
        yaml.as_bytes(),
        "TMIF1003",
        "/trustZones/0/trustLevel",
    );
    assert_eq!(diagnostic.position, at(7, 17), "position of the YAML value");
}

#[test]
fn number_out_of_range_in_extension() {
    let text = document_with(r#", "x-metrics": {"scores": [1, -1e400]}"#);
    let diagnostic = rejects("range.tmif.json", &text, "TMIF1003", "/x-metrics/scores/1");
    let column = String::from_utf8(text).unwrap().find("-1e400").unwrap() + 1;
    assert_eq!(
        diagnostic.position,
        at(1, column),
        "position of the array item"
    );
}

#[test]
fn duplicate_member_top_level() {
    let text = format!("{{{HEAD},\n  \"title\": \"Again\"}}");
    let diagnostic = rejects("duplicate.tmif.json", text.as_bytes(), "TMIF1002", "/title");
    assert!(
        diagnostic.message.contains("`title`"),
        "message: {}",
        diagnostic.message
    );
    assert_eq!(
        diagnostic.position,
        at(2, 3),
        "position of the repeated name"
    );
}

#[test]
fn duplicate_member_nested() {
    let text = document_with(
        r#", "elements": [{"id": "e", "name": "E", "kind": "process", "name": "F"}]"#,
    );
    let diagnostic = rejects("duplicate.tmif.json", &text, "TMIF1002", "/elements/0/name");
    let column = String::from_utf8(text).unwrap().rfind("\"name\"").unwrap() + 1;
    assert_eq!(
        diagnostic.position,
        at(1, column),
        "position of the repeated name"
    );
}

#[test]
fn duplicate_member_in_extension() {
    let text = document_with(r#", "x-tool": {"run": 1, "run": 2}"#);
    let diagnostic = rejects("duplicate.tmif.json", &text, "TMIF1002", "/x-tool/run");
    let column = String::from_utf8(text).unwrap().rfind("\"run\"").unwrap() + 1;
    assert_eq!(
        diagnostic.position,
        at(1, column),
        "position of the repeated name"
    );
    let twice = document_with(r#", "x-tool": 1, "x-tool": 2"#);
    rejects("twice.tmif.json", &twice, "TMIF1002", "/x-tool");
}

#[test]
fn duplicate_member_after_other_error() {
    // Typed reading stops at the unknown member before it reaches the duplicate.
    let text = r#"{"tmif": "1.7.0", "id": "m", "license": "MIT",
        "elements": [{"id": "e", "name": "E", "kind": "process", "newMember": 2}],
        "title": "t", "title": "u"}"#;
    rejects("newer.tmif.json", text.as_bytes(), "TMIF1002", "/title");
    let wrong_type = r#"{"tmif": "1.0.0", "id": 5, "title": "t", "title": "u"}"#;
    rejects(
        "wrong.tmif.json",
        wrong_type.as_bytes(),
        "TMIF1002",
        "/title",
    );
}

#[test]
fn duplicate_member_yaml() {
    let text = "tmif: 1.0.0\nid: m\ntitle: t\nx-tool:\n  run: 1\n  run: 2\n";
    let diagnostic = rejects(
        "duplicate.tmif.yaml",
        text.as_bytes(),
        "TMIF1002",
        "/x-tool/run",
    );
    assert_eq!(
        diagnostic.position,
        at(6, 3),
        "position of the repeated key"
    );
    let top = "tmif: 1.0.0\nid: m\ntitle: t\ntitle: u\n";
    rejects("top.tmif.yaml", top.as_bytes(), "TMIF1002", "/title");
}

#[test]
fn unknown_major_version() {
    let text = r#"{"tmif": "2.0.0", "id": "m", "title": "t", "somethingNew": true}"#;
    let diagnostic = rejects("v2.tmif.json", text.as_bytes(), "TMIF1011", "/tmif");
    assert!(
        diagnostic.message.contains("2.0.0"),
        "message lacks the version found: {}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.contains("1.0"),
        "message lacks the versions supported: {}",
        diagnostic.message
    );
    assert_eq!(diagnostic.position, at(1, 2), "position of the tmif member");
    let validation = tmif::validate(text.as_bytes(), Syntax::Json);
    assert_eq!(
        validation.error_count(),
        1,
        "only the version is reported: {:?}",
        validation.diagnostics
    );
}

#[test]
fn malformed_version() {
    let text = "{\n  \"tmif\": \"1.0\", \"id\": \"m\", \"title\": \"t\"}";
    let diagnostic = rejects("short.tmif.json", text.as_bytes(), "TMIF1010", "/tmif");
    assert!(
        diagnostic.message.contains("`1.0`"),
        "message lacks the value: {}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.contains("1.0.0"),
        "message lacks an example: {}",
        diagnostic.message
    );
    assert_eq!(diagnostic.position, at(2, 3), "position of the tmif member");
    rejects(
        "pre.tmif.json",
        br#"{"tmif": "1.0.0-rc.1", "id": "m", "title": "t"}"#,
        "TMIF1010",
        "/tmif",
    );
    rejects(
        "short.tmif.yaml",
        b"tmif: '1.0'\nid: m\ntitle: t\n",
        "TMIF1010",
        "/tmif",
    );
}

#[test]
fn newer_minor_version() {
    let text = r#"{"tmif": "1.7.0", "id": "m", "title": "t", "license": "MIT",
  "elements": [{"id": "e", "name": "E", "kind": "process", "glowColor": "red"}],
  "futureSection": {"a": 1}}"#;
    let validation = tmif::validate(text.as_bytes(), Syntax::Json);
    assert!(validation.is_valid(), "{:?}", validation.diagnostics);
    let newer = find(&validation, "TMIF2002").expect("a TMIF2002 warning");
    assert_eq!(newer.level, Level::Warning, "level of TMIF2002");
    assert!(
        newer.message.contains("1.7.0"),
        "message: {}",
        newer.message
    );
    let ignored: Vec<&Diagnostic> = validation
        .diagnostics
        .iter()
        .filter(|d| d.code == "TMIF2003")
        .collect();
    let pointers: Vec<&str> = ignored.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/elements/0/glowColor", "/futureSection"],
        "ignored members"
    );
    let line = text.lines().nth(1).unwrap();
    let column = line.find("\"glowColor\"").unwrap() + 1;
    assert_eq!(
        ignored[0].position,
        at(2, column),
        "position of the ignored member"
    );
    assert!(
        ignored.iter().all(|d| d.level == Level::Warning),
        "TMIF2003 is a warning"
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("newer.tmif.json"), text).unwrap();
    let output = run(dir.path(), &["validate", "newer.tmif.json"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "exit status; stdout: {stdout}"
    );
    assert!(
        stdout.contains("TMIF2002"),
        "stdout lacks TMIF2002: {stdout}"
    );
    assert!(
        stdout.contains("TMIF2003"),
        "stdout lacks TMIF2003: {stdout}"
    );
}

#[test]
fn newer_minor_keeps_other_errors() {
    let text = r#"{"tmif": "1.7.0", "id": "m", "title": "t", "license": "MIT", "extra": 1,
  "elements": [{"id": "e", "name": "E", "kind": "robot"}]}"#;
    rejects(
        "newer.tmif.json",
        text.as_bytes(),
        "TMIF1023",
        "/elements/0/kind",
    );
}

#[test]
fn yaml_anchor_and_alias() {
    let text = "tmif: 1.0.0\nid: m\ntitle: &name Model\ndescription: *name\n";
    let diagnostic = rejects("anchor.tmif.yaml", text.as_bytes(), "TMIF1005", "/title");
    assert!(
        diagnostic.message.contains("anchor"),
        "message: {}",
        diagnostic.message
    );
    assert_eq!(diagnostic.position, at(3, 8), "position of the anchor");
    // An alias always follows its anchor, which is rejected first; an alias
    // without an anchor is a YAML syntax error.
    let alias = "tmif: 1.0.0\nid: m\ntitle: t\ntags: [a, *b]\n";
    let diagnostic = rejects("alias.tmif.yaml", alias.as_bytes(), "TMIF1001", "");
    assert!(
        diagnostic.message.contains("anchor"),
        "message: {}",
        diagnostic.message
    );
    assert_eq!(
        diagnostic.position.map(|p| p.line),
        Some(4),
        "line of the alias"
    );
}

#[test]
fn yaml_tags() {
    let standard = "tmif: 1.0.0\nid: !!str m\ntitle: t\n";
    rejects("tag.tmif.yaml", standard.as_bytes(), "TMIF1005", "/id");
    let custom = "tmif: 1.0.0\nid: m\ntitle: t\nx-tool: !python/object {a: 1}\n";
    let diagnostic = rejects("custom.tmif.yaml", custom.as_bytes(), "TMIF1005", "/x-tool");
    assert!(
        diagnostic.message.contains("tag"),
        "message: {}",
        diagnostic.message
    );
}

#[test]
fn yaml_second_document() {
    rejects(
        "two.tmif.yaml",
        b"tmif: 1.0.0\nid: m\ntitle: t\n---\nid: n\n",
        "TMIF1005",
        "",
    );
}

#[test]
fn trailing_text() {
    let text = format!("{{{HEAD}}}\n{{}}");
    let diagnostic = rejects("trailing.tmif.json", text.as_bytes(), "TMIF1001", "");
    assert_eq!(
        diagnostic.position.map(|p| p.line),
        Some(2),
        "line of the trailing text"
    );
}

#[test]
fn missing_and_mistyped_members() {
    let missing = r#"{"tmif": "1.0.0", "title": "t"}"#;
    let diagnostic = rejects("missing.tmif.json", missing.as_bytes(), "TMIF1021", "");
    assert!(
        diagnostic.message.contains("`id`"),
        "message: {}",
        diagnostic.message
    );
    let null = document_with(r#", "description": null"#);
    let diagnostic = rejects("null.tmif.json", &null, "TMIF1022", "/description");
    assert!(
        diagnostic.message.contains("leave the member out"),
        "message: {}",
        diagnostic.message
    );
    let unknown = document_with(r#", "titel": "typo""#);
    let diagnostic = rejects("unknown.tmif.json", &unknown, "TMIF1020", "/titel");
    assert!(
        diagnostic.message.contains("x-titel"),
        "message: {}",
        diagnostic.message
    );
}

#[test]
fn nonexistent_path_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["validate", "missing.tmif.json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "exit status; stderr: {stderr}"
    );
    assert!(
        stderr.contains("missing.tmif.json"),
        "stderr lacks the path: {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "the binary panicked: {stderr}"
    );
}

#[test]
fn directory_without_documents_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("models")).unwrap();
    std::fs::write(dir.path().join("models/notes.json"), "{}").unwrap();
    let output = run(dir.path(), &["validate", "models"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "exit status; stderr: {stderr}"
    );
    assert!(
        stderr.contains("models"),
        "stderr lacks the directory: {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "the binary panicked: {stderr}"
    );
}

#[test]
fn closed_stdout_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<String> = (0..50).map(|i| format!("m{i}.tmif.json")).collect();
    for path in &paths {
        std::fs::write(dir.path().join(path), "null").unwrap();
    }
    let mut child = Command::new(common::tmif_binary())
        .arg("validate")
        .args(&paths)
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "the binary panicked: {stderr}"
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status; stderr: {stderr}"
    );
}

#[test]
fn long_id_shortened_in_message() {
    let long = "x".repeat(5000);
    let bytes = document_with(&format!(
        r#", "elements": [{{"id": "web", "name": "Web", "kind": "process"}}],
        "dataFlows": [{{"id": "f", "source": "web", "target": "{long}"}}]"#
    ));
    let diagnostic = rejects("long.tmif.json", &bytes, "TMIF1103", "/dataFlows/0/target");
    assert!(
        diagnostic.message.contains("…` (5000 characters)"),
        "message: {}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.len() < 600,
        "message of {} bytes",
        diagnostic.message.len()
    );
}

#[test]
fn long_cycle_shortened_in_message() {
    // Thirty elements, each the parent of the one before it, in a ring.
    let elements: Vec<String> = (0..30)
        .map(|i| {
            format!(
                r#"{{"id": "e{i}", "name": "E", "kind": "process", "parent": "e{}"}}"#,
                (i + 1) % 30
            )
        })
        .collect();
    let bytes = document_with(&format!(r#", "elements": [{}]"#, elements.join(",")));
    let diagnostic = rejects("ring.tmif.json", &bytes, "TMIF1105", "/elements/0/parent");
    assert!(
        diagnostic.message.contains("e19 → … (31 in all)"),
        "message: {}",
        diagnostic.message
    );
    assert!(
        !diagnostic.message.contains("e20"),
        "message: {}",
        diagnostic.message
    );
}

#[test]
fn id_syntax_names_the_id() {
    let text = document_with(
        r#", "elements": [{"id": "web\u0007\nx", "name": "Web", "kind": "process"}]"#,
    );
    let diagnostic = rejects("id.tmif.json", &text, "TMIF1102", "/elements/0/id");
    assert!(
        diagnostic.message.contains(r"`web\u{7}\nx`"),
        "message: {}",
        diagnostic.message
    );
    let text = document_with(r#", "elements": [{"id": " web", "name": "Web", "kind": "process"}]"#);
    let diagnostic = rejects("space.tmif.json", &text, "TMIF1102", "/elements/0/id");
    assert!(
        diagnostic.message.contains("` web`"),
        "message: {}",
        diagnostic.message
    );
}

#[test]
fn number_out_of_range_names_value() {
    let text = document_with(r#", "x-metrics": {"scores": [1, -1e400]}"#);
    let diagnostic = rejects("range.tmif.json", &text, "TMIF1003", "/x-metrics/scores/1");
    assert!(
        diagnostic.message.starts_with("number -1e400 out of range"),
        "message: {}",
        diagnostic.message
    );
    let digits = format!("1{}", "0".repeat(500));
    let text = document_with(&format!(r#", "x-big": {digits}"#));
    let diagnostic = rejects("big.tmif.json", &text, "TMIF1003", "/x-big");
    assert!(
        diagnostic
            .message
            .contains("… (501 characters) out of range"),
        "message: {}",
        diagnostic.message
    );
}

#[test]
fn numeric_version_hint() {
    let text = br#"{"tmif": 1.0, "id": "m", "title": "Model", "license": "MIT"}"#;
    let diagnostic = rejects("number.tmif.json", text, "TMIF1022", "/tmif");
    assert!(
        diagnostic
            .message
            .ends_with(r#"write the version as a string such as "1.0.0""#),
        "JSON message: {}",
        diagnostic.message
    );
    let yaml = "tmif: 1.0\nid: m\ntitle: Model\nlicense: MIT\n";
    let diagnostic = rejects("number.tmif.yaml", yaml.as_bytes(), "TMIF1022", "/tmif");
    assert!(
        diagnostic
            .message
            .ends_with(r#"write the version as a string such as "1.0.0""#),
        "YAML message: {}",
        diagnostic.message
    );
}

#[test]
fn empty_annotations_rejected_in_1_0() {
    let json = document_with(r#", "annotations": []"#);
    let diagnostic = rejects("notes.tmif.json", &json, "TMIF1020", "/annotations");
    assert!(
        diagnostic.message.contains("added in TMIF 1.1"),
        "message: {}",
        diagnostic.message
    );
    // The name spelled with an escape is the same member.
    let escaped = document_with(r#", "annot\u0061tions": []"#);
    rejects("escaped.tmif.json", &escaped, "TMIF1020", "/annotations");
    let yaml = "tmif: 1.0.0\nid: m\ntitle: Model\nlicense: MIT\nannotations: []\n";
    rejects(
        "notes.tmif.yaml",
        yaml.as_bytes(),
        "TMIF1020",
        "/annotations",
    );

    let newer = String::from_utf8(json)
        .unwrap()
        .replace(r#""tmif": "1.0.0""#, r#""tmif": "1.1.0""#);
    let validation = tmif::validate(newer.as_bytes(), Syntax::Json);
    assert!(validation.is_valid(), "1.1: {:?}", validation.diagnostics);
}
