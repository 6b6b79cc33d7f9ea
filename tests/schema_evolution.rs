//! The 1.1 schema only adds to the 1.0 schema: every definition and
//! property of 1.0 is kept unchanged, nothing becomes required, and enums
//! only grow. The checker runs on the generated and the committed schemas,
//! and on small hand-made pairs that show it reports each kind of change.

use serde_json::{Map, Value, json};
use tmif::FormatVersion;

const COMMITTED_1_0: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/v1.0/tmif.schema.json");
const COMMITTED_1_1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/v1.1/tmif.schema.json");

/// Keywords whose value must be the same in both versions.
const UNCHANGED: &[&str] = &[
    "additionalProperties",
    "patternProperties",
    "type",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "items",
    "$ref",
    "const",
];

/// Lists every way `new` departs from `old` other than by adding, each as
/// a sentence that names the place.
fn narrowings(old: &Value, new: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    compare_schemas(old, new, "root", &mut problems);
    let no_definitions = Map::new();
    let old_definitions = old["$defs"].as_object().unwrap_or(&no_definitions);
    let new_definitions = new["$defs"].as_object().unwrap_or(&no_definitions);
    for (name, old_definition) in old_definitions {
        match new_definitions.get(name) {
            Some(new_definition) => compare_schemas(
                old_definition,
                new_definition,
                &format!("definition {name}"),
                &mut problems,
            ),
            None => problems.push(format!("definition {name} is missing")),
        }
    }
    problems
}

/// Compares one schema object of each version.
fn compare_schemas(old: &Value, new: &Value, place: &str, problems: &mut Vec<String>) {
    for keyword in UNCHANGED {
        if old.get(keyword) != new.get(keyword) {
            problems.push(format!(
                "{place}: `{keyword}` changed from {:?} to {:?}",
                old.get(keyword),
                new.get(keyword)
            ));
        }
    }

    let mut old_required = names(old.get("required"));
    let mut new_required = names(new.get("required"));
    old_required.sort();
    new_required.sort();
    if old_required != new_required {
        problems.push(format!(
            "{place}: `required` changed from {old_required:?} to {new_required:?}"
        ));
    }

    if let Some(Value::Array(old_values)) = old.get("enum") {
        let new_values = new.get("enum").and_then(Value::as_array);
        for value in old_values {
            if !new_values.is_some_and(|values| values.contains(value)) {
                problems.push(format!("{place}: enum value {value} is missing"));
            }
        }
    } else if new.get("enum").is_some() {
        problems.push(format!("{place}: `enum` added to an open value"));
    }

    if let Some(Value::Object(old_properties)) = old.get("properties") {
        for (name, old_property) in old_properties {
            match new.pointer(&format!("/properties/{name}")) {
                Some(new_property) if new_property == old_property => {}
                Some(new_property) => problems.push(format!(
                    "{place}: property `{name}` changed from {old_property} to {new_property}"
                )),
                None => problems.push(format!("{place}: property `{name}` is missing")),
            }
        }
    }
}

fn names(list: Option<&Value>) -> Vec<String> {
    list.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn read(path: &str) -> Value {
    let text = std::fs::read(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    serde_json::from_slice(&text).unwrap_or_else(|error| panic!("{path} is not JSON: {error}"))
}

#[test]
fn generated_1_1_only_adds() {
    let old = tmif::schema::generate(FormatVersion::V1_0);
    let new = tmif::schema::generate(FormatVersion::V1_1);
    let problems = narrowings(&old, &new);
    assert!(
        problems.is_empty(),
        "the generated 1.1 schema narrows 1.0:\n{}",
        problems.join("\n")
    );
}

#[test]
fn committed_1_1_only_adds() {
    let problems = narrowings(&read(COMMITTED_1_0), &read(COMMITTED_1_1));
    assert!(
        problems.is_empty(),
        "schemas/v1.1/tmif.schema.json narrows schemas/v1.0/tmif.schema.json:\n{}",
        problems.join("\n")
    );
}

#[test]
fn generated_1_1_adds_members() {
    let old = tmif::schema::generate(FormatVersion::V1_0);
    let new = tmif::schema::generate(FormatVersion::V1_1);
    assert_ne!(old, new, "the 1.1 schema equals the 1.0 schema");
    for name in ["classification", "revision", "annotations"] {
        assert!(
            old["properties"].get(name).is_none(),
            "the 1.0 root defines `{name}`"
        );
        assert!(
            new["properties"].get(name).is_some(),
            "the 1.1 root lacks `{name}`"
        );
    }
    for name in ["Tlp", "Annotation", "Revision", "RevisionNumber", "Role"] {
        assert!(
            old["$defs"].get(name).is_none(),
            "the 1.0 schema defines {name}"
        );
        assert!(
            new["$defs"].get(name).is_some(),
            "the 1.1 schema lacks definition {name}"
        );
    }
}

/// Builds a small schema in the shape of the generated ones.
fn small_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "kind": {"$ref": "#/$defs/Kind"},
            "level": {"type": "number", "minimum": 0, "maximum": 100}
        },
        "patternProperties": {"^x-": true},
        "additionalProperties": false,
        "$defs": {
            "Kind": {"type": "string", "enum": ["a", "b"]},
            "Item": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "size": {"type": "integer", "minimum": 1}},
                "patternProperties": {"^x-": true},
                "additionalProperties": false
            }
        }
    })
}

/// Returns a copy of the small schema with `edit` applied.
fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut schema = small_schema();
    edit(&mut schema);
    schema
}

fn remove(value: &mut Value, parent: &str, name: &str) {
    value
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"))
        .remove(name);
}

#[test]
fn checker_accepts_additions() {
    let cases: Vec<(&str, Value)> = vec![
        ("unchanged", small_schema()),
        (
            "new root property",
            edited(|s| s["properties"]["label"] = json!({"type": "string"})),
        ),
        (
            "new definition property",
            edited(|s| s["$defs"]["Item"]["properties"]["note"] = json!({"type": "string"})),
        ),
        (
            "new definition",
            edited(|s| s["$defs"]["Label"] = json!({"type": "string", "enum": ["RED"]})),
        ),
        (
            "enum extended",
            edited(|s| s["$defs"]["Kind"]["enum"] = json!(["a", "b", "c"])),
        ),
        (
            "description changed",
            edited(|s| s["$defs"]["Kind"]["description"] = json!("Kinds.")),
        ),
    ];
    for (name, new) in cases {
        let problems = narrowings(&small_schema(), &new);
        assert!(problems.is_empty(), "{name}: reported {problems:?}");
    }
}

#[test]
fn checker_reports_narrowing() {
    let cases: Vec<(&str, Value)> = vec![
        (
            "root property removed",
            edited(|s| remove(s, "/properties", "level")),
        ),
        (
            "definition property removed",
            edited(|s| remove(s, "/$defs/Item/properties", "size")),
        ),
        (
            "definition removed",
            edited(|s| remove(s, "/$defs", "Item")),
        ),
        (
            "enum narrowed",
            edited(|s| s["$defs"]["Kind"]["enum"] = json!(["a"])),
        ),
        (
            "enum replaced",
            edited(|s| s["$defs"]["Kind"]["enum"] = json!(["a", "c"])),
        ),
        (
            "enum added",
            edited(|s| s["properties"]["id"]["enum"] = json!(["x"])),
        ),
        (
            "property subschema changed",
            edited(|s| s["properties"]["id"] = json!({"type": "string", "minLength": 1})),
        ),
        (
            "property description changed",
            edited(|s| s["properties"]["id"]["description"] = json!("The id.")),
        ),
        (
            "root member required",
            edited(|s| s["required"] = json!(["id", "kind"])),
        ),
        (
            "definition member no longer required",
            edited(|s| s["$defs"]["Item"]["required"] = json!([])),
        ),
        (
            "definition required removed",
            edited(|s| remove(s, "/$defs/Item", "required")),
        ),
        (
            "root opened",
            edited(|s| s["additionalProperties"] = json!(true)),
        ),
        (
            "definition opened",
            edited(|s| remove(s, "/$defs/Item", "additionalProperties")),
        ),
        (
            "extension pattern changed",
            edited(|s| s["$defs"]["Item"]["patternProperties"] = json!({"^ext-": true})),
        ),
        (
            "definition type changed",
            edited(|s| s["$defs"]["Kind"]["type"] = json!(["string", "integer"])),
        ),
        (
            "definition minimum changed",
            edited(|s| s["$defs"]["Item"]["minimum"] = json!(0)),
        ),
        (
            "definition maximum added",
            edited(|s| s["$defs"]["Kind"]["maximum"] = json!(3)),
        ),
    ];
    for (name, new) in cases {
        let problems = narrowings(&small_schema(), &new);
        assert!(!problems.is_empty(), "{name}: not reported");
    }
}

#[test]
fn checker_reports_committed_narrowing() {
    let old = read(COMMITTED_1_0);
    let mut new = read(COMMITTED_1_1);
    let properties = new
        .pointer_mut("/$defs/Element/properties")
        .and_then(Value::as_object_mut)
        .expect("the 1.1 schema defines Element with properties");
    assert!(
        properties.remove("zone").is_some(),
        "the 1.1 Element has a zone property"
    );
    let problems = narrowings(&old, &new);
    assert_eq!(
        problems.len(),
        1,
        "removing Element.zone from the committed 1.1 schema: {problems:?}"
    );
}
