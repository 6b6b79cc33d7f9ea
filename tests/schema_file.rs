//! The committed JSON Schema of each format version: equal to the generated
//! one byte for byte, and a valid draft 2020-12 schema.

mod common;

use std::process::Command;

use serde_json::Value;
use tmif::FormatVersion;

/// Returns the path of the committed schema of `version`, relative to the repository root.
fn committed_path(version: FormatVersion) -> String {
    let (major, minor) = version.major_minor();
    format!("schemas/v{major}.{minor}/tmif.schema.json")
}

fn committed_bytes(version: FormatVersion) -> Vec<u8> {
    let path = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), committed_path(version));
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

/// Returns the `MAJOR.MINOR` argument of `tmif schema --version`.
fn version_argument(version: FormatVersion) -> String {
    let (major, minor) = version.major_minor();
    format!("{major}.{minor}")
}

fn schema_output(version: FormatVersion) -> Vec<u8> {
    let output = Command::new(common::tmif_binary())
        .args(["schema", "--version", &version_argument(version)])
        .output()
        .expect("the tmif binary runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "exit status of `tmif schema --version {}`",
        version_argument(version)
    );
    output.stdout
}

#[test]
fn committed_schemas_match_output() {
    for version in FormatVersion::ALL.iter().copied() {
        let committed = committed_bytes(version);
        let generated = schema_output(version);
        let first_difference = committed.iter().zip(&generated).position(|(a, b)| a != b);
        let path = committed_path(version);
        assert!(
            committed == generated,
            "{path} differs from `tmif schema --version {argument}` output \
             (first difference at byte {first_difference:?}, lengths {} and {}); \
             run `cargo run -- schema --version {argument} -o {path}` and commit the result",
            committed.len(),
            generated.len(),
            argument = version_argument(version),
        );
    }
}

#[test]
fn unknown_schema_version_fails() {
    let output = Command::new(common::tmif_binary())
        .args(["schema", "--version", "3.0"])
        .output()
        .expect("the tmif binary runs");
    assert_eq!(
        output.status.code(),
        Some(2),
        "exit status of `tmif schema --version 3.0`"
    );
    assert!(output.stdout.is_empty(), "output for an unknown version");
}

#[test]
fn schema_output_ends_with_newline() {
    for version in FormatVersion::ALL.iter().copied() {
        let generated = schema_output(version);
        assert_eq!(
            generated.last(),
            Some(&b'\n'),
            "`tmif schema --version {}` output ends with a newline",
            version_argument(version)
        );
    }
}

#[test]
fn schema_output_equals_library_value() {
    for version in FormatVersion::ALL.iter().copied() {
        let parsed: Value =
            serde_json::from_slice(&schema_output(version)).expect("the output is JSON");
        assert_eq!(
            parsed,
            tmif::schema::generate(version),
            "CLI output and library value of version {version}"
        );
    }
}

#[test]
fn schema_valid_against_meta_schema() {
    for version in FormatVersion::ALL.iter().copied() {
        let schema = tmif::schema::generate(version);
        if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
            panic!(
                "the generated {version} schema is not a valid draft 2020-12 schema: {error} at {}",
                error.instance_path()
            );
        }
        let committed: Value = serde_json::from_slice(&committed_bytes(version))
            .expect("the committed schema is JSON");
        assert!(
            jsonschema::draft202012::meta::is_valid(&committed),
            "{} is not a valid draft 2020-12 schema",
            committed_path(version)
        );
    }
}

#[test]
fn schema_declares_draft_and_id() {
    for version in FormatVersion::ALL.iter().copied() {
        let schema = tmif::schema::generate(version);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "$schema of {version} names draft 2020-12"
        );
        assert_eq!(
            schema["$id"],
            format!("urn:tmif:schema:{}", version_argument(version)),
            "$id of the {version} schema"
        );
        assert_eq!(
            schema["title"],
            format!("TMIF {version} document"),
            "title of the {version} schema"
        );
        assert_eq!(
            schema["additionalProperties"], false,
            "the {version} root object is closed"
        );
        assert_eq!(
            schema["patternProperties"]["^x-"], true,
            "the {version} root object takes x- members"
        );
    }
}

#[test]
fn schema_has_no_null_types() {
    for version in FormatVersion::ALL.iter().copied() {
        let text = serde_json::to_string(&tmif::schema::generate(version)).unwrap();
        assert!(
            !text.contains(r#""null""#),
            "the {version} schema allows null somewhere"
        );
    }
}

#[test]
fn every_object_schema_closed() {
    fn walk(value: &Value, pointer: &str, open: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                if members.contains_key("properties")
                    && members.get("additionalProperties") != Some(&Value::Bool(false))
                {
                    open.push(pointer.to_owned());
                }
                for (name, child) in members {
                    walk(child, &format!("{pointer}/{name}"), open);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{pointer}/{i}"), open);
                }
            }
            _ => {}
        }
    }
    for version in FormatVersion::ALL.iter().copied() {
        let mut open = Vec::new();
        walk(&tmif::schema::generate(version), "", &mut open);
        assert!(
            open.is_empty(),
            "object schemas of {version} without additionalProperties false: {open:?}"
        );
    }
}

#[test]
fn v1_0_schema_omits_1_1_members() {
    let text = serde_json::to_string(&tmif::schema::generate(FormatVersion::V1_0)).unwrap();
    for name in [
        r#""classification""#,
        r#""annotations""#,
        r#""revision""#,
        "#/$defs/Tlp",
    ] {
        assert!(!text.contains(name), "the 1.0 schema contains {name}");
    }
}
