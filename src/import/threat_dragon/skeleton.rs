//! The structure every Threat Dragon model has, and the errors for files
//! that lack it.

use serde_json::{Map, Value};

use super::super::{ImportError, SourceFormat};
use crate::shape::json_type;

/// Returns `true` when the root object looks like a Threat Dragon model,
/// even a damaged one: it has `summary` or `detail`, or members whose names
/// are close to both.
pub fn looks_like(root: &Map<String, Value>) -> bool {
    if root.contains_key("summary") || root.contains_key("detail") {
        return true;
    }
    near_miss(root, "summary", &[]).is_some() && near_miss(root, "detail", &[]).is_some()
}

/// Tells version 1 from version 2 by structure, after checking that the
/// model has the members every Threat Dragon model has.
///
/// Version 1 keeps a diagram's cells under `diagramJson`, version 2 directly
/// under `cells`. A model without either is version 2 when it has the
/// version 2 counters `diagramTop` or `threatTop`, and version 1 otherwise.
pub fn version_of(value: &Value) -> Result<SourceFormat, ImportError> {
    let format = guess(value);
    check(value, format)?;
    Ok(format)
}

fn guess(value: &Value) -> SourceFormat {
    let diagrams = value.pointer("/detail/diagrams").and_then(Value::as_array);
    let has = |key: &str| diagrams.is_some_and(|list| list.iter().any(|d| d.get(key).is_some()));
    if has("diagramJson") {
        return SourceFormat::ThreatDragonV1;
    }
    if has("cells") {
        return SourceFormat::ThreatDragonV2;
    }
    let detail = value.get("detail").or_else(|| value.get("details"));
    if detail.is_some_and(|d| d.get("diagramTop").is_some() || d.get("threatTop").is_some()) {
        return SourceFormat::ThreatDragonV2;
    }
    // The top-level `version` is the release that saved the file; it only
    // breaks the tie for models without diagrams.
    match value.get("version").and_then(Value::as_str) {
        Some(version) if version.starts_with('2') => SourceFormat::ThreatDragonV2,
        _ => SourceFormat::ThreatDragonV1,
    }
}

/// Checks the members the importer relies on. All problems are collected;
/// the error points at the first and lists the others in its message.
pub fn check(value: &Value, format: SourceFormat) -> Result<(), ImportError> {
    let mut problems: Vec<(String, String)> = Vec::new();
    let Value::Object(root) = value else {
        let problem = (
            String::new(),
            wrong_type(value, "an object with `summary` and `detail`"),
        );
        return Err(invalid(format, vec![problem]));
    };
    if let Some(summary) = object_member(root, "", "summary", &["detail", "version"], &mut problems)
    {
        match summary.get("title") {
            None => problems.push(missing(
                summary,
                "/summary",
                "title",
                &["owner", "description", "id"],
            )),
            Some(title) => expect_string(title, "/summary/title", &mut problems),
        }
        for name in ["owner", "description"] {
            if let Some(member) = summary.get(name) {
                expect_string(member, &format!("/summary/{name}"), &mut problems);
            }
        }
    }
    if let Some(detail) = object_member(root, "", "detail", &["summary", "version"], &mut problems)
    {
        check_diagrams(detail, format, &mut problems);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(format, problems))
    }
}

fn check_diagrams(
    detail: &Map<String, Value>,
    format: SourceFormat,
    problems: &mut Vec<(String, String)>,
) {
    let known = ["contributors", "reviewer", "diagramTop", "threatTop"];
    let diagrams = match detail.get("diagrams") {
        None => {
            problems.push(missing(detail, "/detail", "diagrams", &known));
            return;
        }
        Some(Value::Array(diagrams)) => diagrams,
        Some(other) => {
            problems.push((
                "/detail/diagrams".into(),
                wrong_type(other, "an array of diagrams"),
            ));
            return;
        }
    };
    for (i, diagram) in diagrams.iter().enumerate() {
        let pointer = format!("/detail/diagrams/{i}");
        let Value::Object(diagram) = diagram else {
            problems.push((
                pointer,
                wrong_type(diagram, "an object with `title` and `id`"),
            ));
            continue;
        };
        let (holder, cells_pointer) = match format {
            SourceFormat::ThreatDragonV1 => match diagram.get("diagramJson") {
                None => continue,
                Some(Value::Object(json)) => (json, format!("{pointer}/diagramJson/cells")),
                Some(other) => {
                    problems.push((
                        format!("{pointer}/diagramJson"),
                        wrong_type(other, "an object with `cells`"),
                    ));
                    continue;
                }
            },
            _ => (diagram, format!("{pointer}/cells")),
        };
        match holder.get("cells") {
            None => {}
            Some(Value::Array(cells)) => {
                for (j, cell) in cells.iter().enumerate() {
                    if !cell.is_object() {
                        problems.push((
                            format!("{cells_pointer}/{j}"),
                            wrong_type(cell, "a cell object"),
                        ));
                    }
                }
            }
            Some(other) => problems.push((cells_pointer, wrong_type(other, "an array of cells"))),
        }
    }
}

/// Returns member `name` of `parent` when it is an object, else records why not.
fn object_member<'a>(
    parent: &'a Map<String, Value>,
    base: &str,
    name: &str,
    known: &[&str],
    problems: &mut Vec<(String, String)>,
) -> Option<&'a Map<String, Value>> {
    match parent.get(name) {
        Some(Value::Object(member)) => Some(member),
        Some(other) => {
            problems.push((format!("{base}/{name}"), wrong_type(other, "an object")));
            None
        }
        None => {
            problems.push(missing(parent, base, name, known));
            None
        }
    }
}

/// Describes a missing member, naming a similar member when there is one.
fn missing(
    parent: &Map<String, Value>,
    base: &str,
    name: &str,
    known: &[&str],
) -> (String, String) {
    match near_miss(parent, name, known) {
        Some(found) => (
            format!("{base}/{}", super::context::token(found)),
            format!(
                "missing member `{name}`; found `{found}`, which Threat Dragon does not define; \
                 rename `{found}` to `{name}`"
            ),
        ),
        None => (
            base.to_owned(),
            format!("missing member `{name}`, which every Threat Dragon model has; add it"),
        ),
    }
}

/// Finds a member whose name looks like a misspelling of `name`: the same
/// name in another case, or one that shares most of its beginning.
fn near_miss<'a>(parent: &'a Map<String, Value>, name: &str, known: &[&str]) -> Option<&'a str> {
    let wanted = name.to_ascii_lowercase();
    let needed = wanted.len().saturating_sub(3).max(4);
    parent.keys().map(String::as_str).find(|key| {
        if *key == name || known.contains(key) {
            return false;
        }
        let key = key.to_ascii_lowercase();
        let common = key
            .bytes()
            .zip(wanted.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        key == wanted || common >= needed
    })
}

fn expect_string(value: &Value, pointer: &str, problems: &mut Vec<(String, String)>) {
    if !value.is_string() {
        problems.push((pointer.to_owned(), wrong_type(value, "a string")));
    }
}

fn wrong_type(value: &Value, expected: &str) -> String {
    let found = match json_type(value) {
        "null" => "null",
        "array" => "an array",
        "integer" => "an integer",
        "object" => "an object",
        other => return format!("the value is a {other}; expected {expected}"),
    };
    format!("the value is {found}; expected {expected}")
}

fn invalid(format: SourceFormat, problems: Vec<(String, String)>) -> ImportError {
    let mut problems = problems.into_iter();
    let (pointer, mut message) = problems.next().unwrap_or_default();
    let others: Vec<String> = problems
        .map(|(pointer, text)| {
            format!(
                "at {}: {text}",
                if pointer.is_empty() {
                    "the root"
                } else {
                    &pointer
                }
            )
        })
        .collect();
    if !others.is_empty() {
        message = format!("{message}; also {}", others.join("; "));
    }
    ImportError::Invalid {
        format,
        pointer,
        message,
    }
}
