//! A line-per-member listing of a document, for `git diff`.
//!
//! Git can run a `textconv` command on both sides of a diff and compare its
//! output instead of the files. This listing puts every member of every
//! object on a line of its own, keyed by the object's id and sorted. Moving
//! an object within its array, reordering members or reformatting the file
//! therefore changes nothing, and a changed member shows as one changed line
//! that names the object:
//!
//! ```text
//! elements[web].name = "Web server"
//! elements[web].zone = "dmz"
//! ```
//!
//! Document members come first as `document.<member>`; views are listed
//! last, because they hold layout only.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::canonical;
use crate::model::{COLLECTIONS, Document};

/// Builds the listing of `document`, one line per member, ending with a newline.
///
/// Values are written as compact JSON with the numbers of the canonical form.
pub fn listing(document: &Document) -> String {
    let Ok(Value::Object(root)) = serde_json::from_str::<Value>(&canonical::to_string(document))
    else {
        return String::new();
    };
    let mut lines = Vec::new();
    for (name, value) in &root {
        if !COLLECTIONS.contains(&name.as_str()) {
            lines.push(format!("document.{name} = {}", compact(value)));
        }
    }
    for collection in COLLECTIONS {
        let Some(items) = root.get(collection).and_then(Value::as_array) else {
            continue;
        };
        // Objects sorted by id; the first of two with one id keeps its place.
        let mut by_id: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
        for item in items {
            let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
            by_id.entry(id).or_default().push(item);
        }
        for (id, objects) in by_id {
            for object in objects {
                let Some(members) = object.as_object() else {
                    continue;
                };
                for (member, value) in members {
                    if member != "id" {
                        lines.push(format!("{collection}[{id}].{member} = {}", compact(value)));
                    }
                }
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
