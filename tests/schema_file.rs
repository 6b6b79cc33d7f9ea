//! The committed JSON Schema: equal to the generated one, and a valid
//! draft 2020-12 schema.

mod common;

use std::process::Command;

use serde_json::Value;
use tmif::FormatVersion;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/v1.0/tmif.schema.json");

fn schema_output() -> Vec<u8> {
    let output = Command::new(common::tmif_binary())
        .args(["schema", "--version", "1.0"])
        .output()
        .expect("the tmif binary runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "exit status of `tmif schema`"
    );
    output.stdout
}

#[test]
fn committed_schema_matches_output() {
    let committed = std::fs::read(COMMITTED).expect("the committed schema is readable");
    let generated = schema_output();
    let first_difference = committed.iter().zip(&generated).position(|(a, b)| a != b);
    assert!(
        committed == generated,
        "schemas/v1.0/tmif.schema.json differs from `tmif schema` output \
         (first difference at byte {first_difference:?}, lengths {} and {}); \
         run `cargo run -- schema -o schemas/v1.0/tmif.schema.json` and commit the result",
        committed.len(),
        generated.len()
    );
}

#[test]
fn schema_output_ends_with_newline() {
    let generated = schema_output();
    assert_eq!(
        generated.last(),
        Some(&b'\n'),
        "`tmif schema` output ends with a newline"
    );
}

#[test]
fn schema_output_equals_library_value() {
    let parsed: Value = serde_json::from_slice(&schema_output()).expect("the output is JSON");
    assert_eq!(
        parsed,
        tmif::schema::generate(FormatVersion::V1_0),
        "CLI output and library value"
    );
}

#[test]
fn schema_valid_against_meta_schema() {
    let schema = tmif::schema::generate(FormatVersion::V1_0);
    if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
        panic!(
            "the generated schema is not a valid draft 2020-12 schema: {error} at {}",
            error.instance_path()
        );
    }
    let committed: Value = serde_json::from_slice(&std::fs::read(COMMITTED).unwrap()).unwrap();
    assert!(
        jsonschema::draft202012::meta::is_valid(&committed),
        "the committed schema is not a valid draft 2020-12 schema"
    );
}

#[test]
fn schema_declares_draft_and_id() {
    let schema = tmif::schema::generate(FormatVersion::V1_0);
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "$schema names draft 2020-12"
    );
    assert_eq!(
        schema["$id"], "urn:tmif:schema:1.0",
        "$id of the 1.0 schema"
    );
    assert_eq!(
        schema["additionalProperties"], false,
        "the root object is closed"
    );
    assert_eq!(
        schema["patternProperties"]["^x-"], true,
        "the root object takes x- members"
    );
}

#[test]
fn schema_has_no_null_types() {
    let text = serde_json::to_string(&tmif::schema::generate(FormatVersion::V1_0)).unwrap();
    assert!(
        !text.contains(r#""null""#),
        "the schema allows null somewhere"
    );
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
    let mut open = Vec::new();
    walk(&tmif::schema::generate(FormatVersion::V1_0), "", &mut open);
    assert!(
        open.is_empty(),
        "object schemas without additionalProperties false: {open:?}"
    );
}
