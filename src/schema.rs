//! The JSON Schema of each format version, generated from the model types.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use serde_json::{Map, Value, json};

use crate::model::{DEFINITIONS_ADDED_IN_1_1, Document, MEMBERS_ADDED_IN_1_1};
use crate::version::FormatVersion;

/// The `$id` of the schema of `version`.
pub fn schema_id(version: FormatVersion) -> String {
    let (major, minor) = version.major_minor();
    format!("urn:tmif:schema:{major}.{minor}")
}

/// Generates the JSON Schema (draft 2020-12) of `version` from the model types.
///
/// The committed file `schemas/v1.0/tmif.schema.json` is this value written
/// by `tmif schema`; a test fails when the two differ.
pub fn generate(version: FormatVersion) -> Value {
    let settings = SchemaSettings::draft2020_12()
        .with_transform(RejectNull)
        .with_transform(CloseObjects)
        .with_transform(DropFormats)
        .with_transform(PlainEnums);
    let generator = settings.into_generator();
    let mut value = generator.into_root_schema_for::<Document>().to_value();
    if version < FormatVersion::V1_1 {
        remove_members_added_in_1_1(&mut value);
    }
    if let Value::Object(members) = &mut value {
        // NOTE: without serde_json's `preserve_order` feature a `Map` keeps its
        // keys sorted, so this order is lost and the file starts with `$defs`.
        let mut ordered = Map::new();
        ordered.insert(
            "$schema".into(),
            members.remove("$schema").unwrap_or(Value::Null),
        );
        ordered.insert("$id".into(), json!(schema_id(version)));
        ordered.insert("title".into(), json!(format!("TMIF {version} document")));
        members.remove("title");
        ordered.append(members);
        value = Value::Object(ordered);
    }
    value
}

/// Generates the JSON Schema (draft 2020-12) of the private overlay that
/// `split` writes; the overlay was added in version 1.1.
pub fn generate_overlay() -> Value {
    let settings = SchemaSettings::draft2020_12()
        .with_transform(RejectNull)
        .with_transform(DropFormats)
        .with_transform(PlainEnums);
    let mut value = settings
        .into_generator()
        .into_root_schema_for::<crate::overlay::Overlay>()
        .to_value();
    if let Value::Object(members) = &mut value {
        members.insert("$id".into(), json!("urn:tmif:overlay-schema:1.1"));
    }
    value
}

/// Removes the members and definitions that version 1.1 added, which gives
/// the schema of version 1.0 from the types that hold both versions.
fn remove_members_added_in_1_1(schema: &mut Value) {
    let Value::Object(root) = schema else {
        return;
    };
    if let Some(Value::Object(definitions)) = root.get_mut("$defs") {
        for name in DEFINITIONS_ADDED_IN_1_1 {
            definitions.remove(*name);
        }
        for (name, definition) in definitions.iter_mut() {
            remove_properties(definition, name);
        }
    }
    remove_properties(schema, "Document");
}

/// Removes from one object schema the members that version 1.1 added to it.
fn remove_properties(definition: &mut Value, name: &str) {
    let added = MEMBERS_ADDED_IN_1_1
        .iter()
        .filter(|(owner, _)| *owner == "*" || *owner == name)
        .map(|(_, member)| *member);
    for member in added {
        if let Some(Value::Object(properties)) = definition.get_mut("properties") {
            properties.remove(member);
        }
        if let Some(Value::Array(required)) = definition.get_mut("required") {
            required.retain(|item| item != member);
        }
    }
}

/// Removes `null` from the types of optional members: TMIF leaves an unset
/// member out rather than writing `null`.
#[derive(Clone)]
struct RejectNull;

impl Transform for RejectNull {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if let Some(Value::Array(types)) = object.get_mut("type") {
            types.retain(|kind| kind != "null");
            if types.len() == 1 {
                let single = types.remove(0);
                object.insert("type".into(), single);
            }
        }
        if let Some(Value::Array(options)) = object.get_mut("anyOf") {
            options.retain(|option| option != &json!({"type": "null"}));
            if options.len() == 1 {
                let Some(Value::Object(only)) = options.pop() else {
                    return;
                };
                object.remove("anyOf");
                for (key, value) in only {
                    object.entry(key).or_insert(value);
                }
            }
        }
    }
}

/// Rejects members that neither the specification nor the `x-` extension
/// prefix allows, so that misspelt members are reported.
#[derive(Clone)]
struct CloseObjects;

impl Transform for CloseObjects {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if object.contains_key("properties") {
            object.insert("patternProperties".into(), json!({ "^x-": true }));
            object.insert("additionalProperties".into(), json!(false));
        }
    }
}

/// Drops `format` annotations such as `double` that schemars adds for Rust
/// number types: they carry no constraint and strict validators reject
/// formats they do not know.
#[derive(Clone)]
struct DropFormats;

impl Transform for DropFormats {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        if let Some(object) = schema.as_object_mut() {
            object.remove("format");
        }
    }
}

/// Rewrites a `oneOf` of documented string constants, which schemars makes
/// for an enum whose variants have doc comments, into one `enum` keyword.
///
/// Validators then report a value outside the list as one clear error
/// instead of one failure per alternative. The description of each value
/// moves into the description of the whole.
#[derive(Clone)]
struct PlainEnums;

impl Transform for PlainEnums {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        let Some(Value::Array(options)) = object.get("oneOf") else {
            return;
        };
        let mut values = Vec::new();
        let mut lines = Vec::new();
        for option in options {
            let Some(Value::String(constant)) = option.get("const") else {
                return;
            };
            if option.get("type") != Some(&json!("string")) {
                return;
            }
            values.push(json!(constant));
            match option.get("description").and_then(Value::as_str) {
                Some(text) => lines.push(format!("- `{constant}`: {text}")),
                None => lines.push(format!("- `{constant}`")),
            }
        }
        object.remove("oneOf");
        let description = match object.get("description").and_then(Value::as_str) {
            Some(text) => format!("{text}\n\n{}", lines.join("\n")),
            None => lines.join("\n"),
        };
        object.insert("description".into(), json!(description));
        object.insert("type".into(), json!("string"));
        object.insert("enum".into(), Value::Array(values));
    }
}
