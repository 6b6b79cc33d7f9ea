//! The canonical form: idempotent, lossless, the same from JSON and YAML,
//! and written by `tmif fmt` without ever damaging an input file.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use proptest::prelude::*;
use serde_json::{Value, json};
use tmif::model::{Point, View, ViewEdge, ViewNode};
use tmif::{Document, GenerateOptions, Syntax, canonical};

fn read(text: &[u8], syntax: Syntax) -> Document {
    let validation = tmif::validate(text, syntax);
    match validation.document {
        Some(document) => document,
        None => panic!("the text does not read back: {:?}", validation.diagnostics),
    }
}

/// Writes `value` as block-style YAML: mappings as `key: value` lines,
/// sequences as `- item` lines, strings double-quoted with JSON escapes,
/// which YAML double-quoted scalars share.
fn to_yaml(value: &Value) -> String {
    fn scalar(value: &Value) -> String {
        match value {
            Value::Array(items) if items.is_empty() => "[]".to_owned(),
            Value::Object(members) if members.is_empty() => "{}".to_owned(),
            other => other.to_string(),
        }
    }
    fn is_nested(value: &Value) -> bool {
        match value {
            Value::Array(items) => !items.is_empty(),
            Value::Object(members) => !members.is_empty(),
            _ => false,
        }
    }
    fn emit(value: &Value, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match value {
            Value::Object(members) if !members.is_empty() => {
                for (name, child) in members {
                    let key = Value::String(name.clone()).to_string();
                    if is_nested(child) {
                        out.push_str(&format!("{pad}{key}:\n"));
                        emit(child, indent + 2, out);
                    } else {
                        out.push_str(&format!("{pad}{key}: {}\n", scalar(child)));
                    }
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for child in items {
                    if is_nested(child) {
                        out.push_str(&format!("{pad}-\n"));
                        emit(child, indent + 2, out);
                    } else {
                        out.push_str(&format!("{pad}- {}\n", scalar(child)));
                    }
                }
            }
            other => out.push_str(&format!("{pad}{}\n", scalar(other))),
        }
    }
    let mut out = String::new();
    emit(value, 0, &mut out);
    out
}

fn view_with_numbers(numbers: &[f64]) -> View {
    let nodes = numbers
        .iter()
        .enumerate()
        .map(|(i, number)| ViewNode {
            object: format!("element-{}", i % 2).into(),
            x: *number,
            y: -*number,
            width: Some(number.abs()),
            height: None,
            extensions: tmif::model::Extensions::new(),
        })
        .collect();
    let mut point = Point {
        x: numbers.first().copied().unwrap_or(0.0),
        y: 0.5,
        extensions: tmif::model::Extensions::new(),
    };
    // A whole extension number reads back as an integer, which the
    // equality properties would flag; extension_whole_float_round_trip
    // covers that case, so this one is never whole.
    point.extensions.insert("x-weight", json!(0.25));
    View {
        classification: None,
        id: "view".into(),
        name: "Numbers".into(),
        description: None,
        nodes,
        edges: vec![ViewEdge {
            object: "flow-0".into(),
            points: vec![point],
            extensions: tmif::model::Extensions::new(),
        }],
        extensions: tmif::model::Extensions::new(),
    }
}

fn generated(elements: usize, seed: u64, numbers: &[f64]) -> Document {
    let mut document = tmif::generate(GenerateOptions { elements, seed });
    document.views.push(view_with_numbers(numbers));
    document
}

/// Finite doubles of every kind: whole and fractional, tiny and huge, both signs.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<i32>().prop_map(f64::from),
        (-1e6f64..1e6),
        prop::num::f64::NORMAL,
        prop::num::f64::SUBNORMAL,
        Just(-0.0),
        Just(1e21),
        Just(9_007_199_254_740_992.0),
        Just(9_007_199_254_740_991.0),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn canonical_idempotent(
        elements in 2usize..40,
        seed in any::<u64>(),
        numbers in prop::collection::vec(number(), 1..6),
    ) {
        let document = generated(elements, seed, &numbers);
        let first = canonical::to_string(&document);
        let reread = read(first.as_bytes(), Syntax::Json);
        let second = canonical::to_string(&reread);
        prop_assert_eq!(&first, &second, "serializing twice changes the bytes");
        prop_assert_eq!(&reread, &document, "reading the canonical form changes the document");
        prop_assert!(canonical::is_canonical(&reread, first.as_bytes()), "is_canonical rejects its own output");
    }

    #[test]
    fn canonical_yaml_same_document(elements in 2usize..30, seed in any::<u64>(), numbers in prop::collection::vec(number(), 1..4)) {
        let document = generated(elements, seed, &numbers);
        let value: Value = serde_json::from_str(&canonical::to_string(&document)).unwrap();
        let yaml = to_yaml(&value);
        let from_yaml = read(yaml.as_bytes(), Syntax::Yaml);
        prop_assert_eq!(&from_yaml, &document, "YAML text reads as another document:\n{}", yaml);
        prop_assert_eq!(canonical::to_string(&from_yaml), canonical::to_string(&document), "canonical bytes differ");
    }
}

/// Returns the canonical text of `number` written into a view node's `x`.
fn written_number(number: f64) -> String {
    let mut document = Document::new("numbers", "Numbers");
    document.views.push(view_with_numbers(&[number]));
    let text = canonical::to_string(&document);
    let value: Value = serde_json::from_str(&text).unwrap();
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("\"x\":"))
        .unwrap();
    assert!(
        value["views"][0]["nodes"][0]["x"].is_number(),
        "x is a number"
    );
    line.trim()
        .trim_start_matches("\"x\":")
        .trim()
        .trim_end_matches(',')
        .to_owned()
}

#[test]
fn canonical_numbers_in_views() {
    let cases = [
        (100.0, "100"),
        (-0.0, "0"),
        (0.1, "0.1"),
        (1e21, "1e+21"),
        (-2.5, "-2.5"),
        (9_007_199_254_740_991.0, "9007199254740991"),
        (9_007_199_254_740_992.0, "9007199254740992"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
    ];
    for (number, expected) in cases {
        assert_eq!(
            written_number(number),
            expected,
            "canonical text of {number:?}"
        );
    }
}

#[test]
fn canonical_numbers_in_extensions() {
    let text = r#"{"tmif": "1.0.0", "id": "m", "title": "t",
        "x-numbers": [100.0, 1e21, -0.0, 0.1, 7, -3, 18446744073709551615, 1.5e300]}"#;
    let document = read(text.as_bytes(), Syntax::Json);
    let first = canonical::to_string(&document);
    // The items, one per line between the brackets, as the canonical text has them.
    let start = first
        .find("\"x-numbers\": [")
        .expect("x-numbers in the canonical text");
    let end = start + first[start..].find(']').expect("end of the array");
    let written: Vec<&str> = first[start..end]
        .lines()
        .skip(1)
        .map(|line| line.trim().trim_end_matches(','))
        .filter(|item| !item.is_empty())
        .collect();
    assert_eq!(
        written,
        [
            "100",
            "1e+21",
            "0",
            "0.1",
            "7",
            "-3",
            "18446744073709551615",
            "1.5e+300"
        ],
        "canonical numbers in an extension"
    );
    let second = canonical::to_string(&read(first.as_bytes(), Syntax::Json));
    assert_eq!(
        first, second,
        "serializing extension numbers twice changes the bytes"
    );
}

#[test]
fn extension_whole_float_round_trip() {
    let text = r#"{"tmif": "1.0.0", "id": "m", "title": "t", "x-size": 100.0}"#;
    let document = read(text.as_bytes(), Syntax::Json);
    let reread = read(canonical::to_string(&document).as_bytes(), Syntax::Json);
    assert_eq!(
        reread, document,
        "reading the canonical form changes an extension number"
    );
}

#[test]
fn canonical_layout() {
    let document = generated(3, 1, &[1.0]);
    let text = canonical::to_string(&document);
    assert!(text.ends_with("}\n"), "the text ends with one newline");
    assert!(
        !text.ends_with("\n\n"),
        "the text ends with exactly one newline"
    );
    assert!(
        text.starts_with("{\n  \"tmif\": \"1.0.0\",\n  \"id\": "),
        "tmif and id come first"
    );
    assert!(!text.contains('\t'), "indentation uses spaces");
    assert!(
        !text.contains("null"),
        "absent members are left out, not written as null"
    );
    assert!(!text.contains("[]"), "empty arrays are left out");
}

#[test]
fn extension_members_sorted_last() {
    let text =
        r#"{"x-b": 1, "title": "t", "x-a": 2, "id": "m", "tmif": "1.0.0", "license": "MIT"}"#;
    let canonical = canonical::to_string(&read(text.as_bytes(), Syntax::Json));
    let order: Vec<&str> = canonical
        .lines()
        .filter_map(|line| line.trim().strip_prefix('"')?.split('"').next())
        .collect();
    assert_eq!(
        order,
        ["tmif", "id", "title", "license", "x-a", "x-b"],
        "member order"
    );
}

fn fmt(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::tmif_binary())
        .arg("fmt")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tmif binary runs")
}

const LOOSE: &str = r#"{"title": "Shop", "id": "shop", "tmif": "1.0.0", "license": "MIT",
"elements": [{"kind": "process", "name": "Web", "id": "web", "x-scale": 2.0}]}"#;

#[test]
fn fmt_check_then_fmt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.tmif.json");
    std::fs::write(&path, LOOSE).unwrap();

    let check = fmt(dir.path(), &["--check", "shop.tmif.json"]);
    assert_eq!(check.status.code(), Some(1), "--check on a loose file");
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("shop.tmif.json"),
        "--check names the file"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        LOOSE,
        "--check changes nothing"
    );

    let format = fmt(dir.path(), &["shop.tmif.json"]);
    assert_eq!(format.status.code(), Some(0), "fmt exit status");
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        formatted,
        canonical::to_string(&read(LOOSE.as_bytes(), Syntax::Json)),
        "file content after fmt"
    );

    let again = fmt(dir.path(), &["--check", "shop.tmif.json"]);
    assert_eq!(again.status.code(), Some(0), "--check after fmt");
    let entries = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(entries, 1, "fmt leaves no temporary file behind");
}

#[test]
fn fmt_leaves_failing_input_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let broken =
        b"{\"tmif\": \"1.0.0\", \"id\": \"m\", \"title\": \"t\",\n  \"elements\": [".to_vec();
    let duplicate = br#"{"tmif": "1.0.0", "id": "m", "title": "t", "title": "u"}"#.to_vec();
    let wrong_shape = br#"{ "tmif": "1.0.0", "id": "m", "title": 5 }"#.to_vec();
    let cases = [
        ("broken.tmif.json", broken),
        ("duplicate.tmif.json", duplicate),
        ("shape.tmif.json", wrong_shape),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::write(dir.path().join("good.tmif.json"), LOOSE).unwrap();

    let mut args: Vec<&str> = cases.iter().map(|(name, _)| *name).collect();
    args.push("good.tmif.json");
    let output = fmt(dir.path(), &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status with unreadable inputs; stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "fmt panicked: {stderr}");
    for (name, bytes) in &cases {
        assert_eq!(
            &std::fs::read(dir.path().join(name)).unwrap(),
            bytes,
            "{name} changed"
        );
        assert!(
            stderr.contains(name),
            "stderr does not name {name}: {stderr}"
        );
    }
    let good = std::fs::read_to_string(dir.path().join("good.tmif.json")).unwrap();
    assert_ne!(good, LOOSE, "the readable file was not formatted");
    let entries = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(
        entries,
        cases.len() + 1,
        "fmt leaves no temporary file behind"
    );
}

#[test]
fn fmt_yaml_needs_output() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "tmif: 1.0.0\nid: m\ntitle: t\n";
    std::fs::write(dir.path().join("m.tmif.yaml"), yaml).unwrap();
    let in_place = fmt(dir.path(), &["m.tmif.yaml"]);
    assert_eq!(
        in_place.status.code(),
        Some(2),
        "formatting YAML in place is a usage error"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("m.tmif.yaml")).unwrap(),
        yaml,
        "the YAML file changed"
    );
    let converted = fmt(dir.path(), &["m.tmif.yaml", "-o", "m.tmif.json"]);
    assert_eq!(converted.status.code(), Some(0), "fmt -o exit status");
    let json = std::fs::read(dir.path().join("m.tmif.json")).unwrap();
    let document = read(yaml.as_bytes(), Syntax::Yaml);
    assert_eq!(
        json,
        canonical::to_string(&document).into_bytes(),
        "fmt -o writes the canonical form"
    );
}

#[test]
fn fmt_keeps_newer_minor_members() {
    let dir = tempfile::tempdir().unwrap();
    let newer =
        r#"{"tmif": "1.7.0", "id": "m", "title": "t", "license": "MIT", "newSection": {"a": 1}}"#;
    std::fs::write(dir.path().join("newer.tmif.json"), newer).unwrap();

    let output = fmt(dir.path(), &["newer.tmif.json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status; stderr: {stderr}"
    );
    assert!(
        stderr.contains("TMIF2003"),
        "stderr does not name the ignored member: {stderr}"
    );
    assert!(
        stderr.contains("1.7.0"),
        "stderr does not name the version: {stderr}"
    );
    let after = std::fs::read_to_string(dir.path().join("newer.tmif.json")).unwrap();
    assert_eq!(
        after, newer,
        "fmt rewrote a file whose members it does not know"
    );

    let to_file = fmt(dir.path(), &["newer.tmif.json", "-o", "out.tmif.json"]);
    assert_eq!(to_file.status.code(), Some(1), "exit status with -o");
    assert!(
        !dir.path().join("out.tmif.json").exists(),
        "fmt -o wrote a file without the unknown members"
    );
}
