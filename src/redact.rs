//! Redaction: a copy of a document that holds nothing above a TLP level.
//!
//! Every object whose effective label (see [`crate::classification`]) is
//! stricter than the chosen level is removed, and so is every reference to
//! it. Because an object's effective label is at least that of the objects
//! it belongs to or touches, removing an element also removes the flows,
//! threats and elements inside it; what remains are references from objects
//! that do not inherit from their targets, such as a threat's list of
//! mitigations, and those are removed from their lists.
//!
//! With placeholders, a removed element or trust zone is replaced by an
//! object with an opaque new id, a generic name and no other content, so
//! that readers see that something is there.

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;
use serde::Serialize;
use serde_json::Value;

use crate::classification::effective_labels;
use crate::load::pointer::{push_index, push_token};
use crate::model::{Document, Element, Extensions, Id, RedactionMark, TaxonomyRef, Tlp, TrustZone};
use crate::version::{FormatVersion, VersionSupport};

/// The name of every placeholder element.
pub const PLACEHOLDER_ELEMENT_NAME: &str = "Redacted element";

/// The name of every placeholder trust zone.
pub const PLACEHOLDER_ZONE_NAME: &str = "Redacted trust zone";

/// Options of a redaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedactOptions {
    /// The strictest label the output may contain.
    pub max: Tlp,
    /// Replace removed elements and trust zones by placeholders.
    pub placeholders: bool,
}

/// What a redaction removed or replaced, by id and kind, never by content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RedactionReport {
    /// Removed objects.
    pub removed: Vec<RemovedObject>,
    /// Objects replaced by placeholders.
    pub replaced: Vec<ReplacedObject>,
}

/// One removed object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedObject {
    /// The object's id in the input.
    pub id: String,
    /// The collection it was in, such as `elements`.
    pub kind: &'static str,
    /// Its effective label.
    pub label: Tlp,
}

/// One object replaced by a placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplacedObject {
    /// The object's id in the input.
    pub id: String,
    /// The collection it is in, `elements` or `trustZones`.
    pub kind: &'static str,
    /// Its effective label.
    pub label: Tlp,
    /// The id of the placeholder in the output.
    pub placeholder: String,
}

/// A kept string that contains the id or name of a removed object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leak {
    /// The JSON Pointer of the kept string in the output.
    pub pointer: String,
    /// The id of the removed object whose id or name the string contains.
    pub removed: String,
    /// Whether the string contains the object's `id` or its `name`.
    pub matched: &'static str,
}

/// A finished redaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Redaction {
    /// The redacted document.
    pub document: Document,
    /// What was removed or replaced.
    pub report: RedactionReport,
    /// Kept strings that may still disclose removed objects.
    pub leaks: Vec<Leak>,
}

/// Why a redaction cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedactError {
    /// The document's own label is stricter than the level, so nothing of it may be shared.
    #[error(
        "the document itself is labelled {label}, above {max}; nothing of it can be shared at {max}"
    )]
    DocumentAboveLevel {
        /// The document's label.
        label: Tlp,
        /// The requested level.
        max: Tlp,
    },
}

/// Makes a copy of `document` that holds nothing labelled above `options.max`.
///
/// The copy declares TMIF 1.1 and carries a [`RedactionMark`] with the level.
/// Redacting the copy again at the same level gives the same copy.
pub fn redact(document: &Document, options: RedactOptions) -> Result<Redaction, RedactError> {
    let labels = effective_labels(document);
    if labels.document() > options.max {
        return Err(RedactError::DocumentAboveLevel {
            label: labels.document(),
            max: options.max,
        });
    }
    let above = |id: &Id| {
        labels
            .get(id.as_str())
            .is_some_and(|label| label > options.max)
    };
    let label_of = |id: &Id| labels.get(id.as_str()).unwrap_or(labels.document());

    let mut report = RedactionReport::default();
    let mut output = document.clone();
    // Ids that no longer name anything in the output, and ids that now name a placeholder.
    let mut gone: HashSet<String> = HashSet::new();
    let mut renamed: HashMap<String, Id> = HashMap::new();
    let used = used_ids(document);
    let mut next_placeholder = 0;
    let mut placeholder_id = || loop {
        next_placeholder += 1;
        let id = format!("redacted-{next_placeholder}");
        if !used.contains(id.as_str()) {
            return Id::from(id);
        }
    };

    macro_rules! remove_from {
        ($collection:ident, $kind:literal) => {
            output.$collection.retain(|item| {
                if above(&item.id) {
                    report.removed.push(RemovedObject {
                        id: item.id.to_string(),
                        kind: $kind,
                        label: label_of(&item.id),
                    });
                    gone.insert(item.id.to_string());
                    false
                } else {
                    true
                }
            });
        };
    }

    // Trust zones and elements, which may become placeholders.
    if options.placeholders {
        for zone in &mut output.trust_zones {
            if above(&zone.id) {
                let placeholder = placeholder_id();
                report.replaced.push(ReplacedObject {
                    id: zone.id.to_string(),
                    kind: "trustZones",
                    label: label_of(&zone.id),
                    placeholder: placeholder.to_string(),
                });
                renamed.insert(zone.id.to_string(), placeholder.clone());
                *zone = placeholder_zone(placeholder, zone.parent.clone());
            }
        }
        for element in &mut output.elements {
            if above(&element.id) {
                let placeholder = placeholder_id();
                report.replaced.push(ReplacedObject {
                    id: element.id.to_string(),
                    kind: "elements",
                    label: label_of(&element.id),
                    placeholder: placeholder.to_string(),
                });
                renamed.insert(element.id.to_string(), placeholder.clone());
                *element = placeholder_element(placeholder, element);
            }
        }
    } else {
        remove_from!(trust_zones, "trustZones");
        remove_from!(elements, "elements");
    }
    remove_from!(taxonomies, "taxonomies");
    remove_from!(data_flows, "dataFlows");
    remove_from!(data_assets, "dataAssets");
    remove_from!(trust_boundaries, "trustBoundaries");
    remove_from!(threats, "threats");
    remove_from!(mitigations, "mitigations");
    remove_from!(assumptions, "assumptions");
    remove_from!(annotations, "annotations");
    remove_from!(views, "views");

    // Taxonomy references name declared taxonomies by id or built-in ones by
    // name, so only the ids of removed taxonomies make them go, not other ids.
    let removed_taxonomies: HashSet<String> = document
        .taxonomies
        .iter()
        .filter(|taxonomy| above(&taxonomy.id))
        .map(|taxonomy| taxonomy.id.to_string())
        .collect();
    rewrite_references(&mut output, &gone, &renamed, &removed_taxonomies);
    output.redaction = Some(RedactionMark {
        level: options.max,
        placeholders: options.placeholders,
        extensions: Extensions::new(),
    });
    // The redaction mark is a 1.1 member, so any 1.0 patch version is raised.
    if crate::version::check(&output.tmif) == VersionSupport::Supported(FormatVersion::V1_0) {
        output.tmif = FormatVersion::V1_1.as_str().to_owned();
    }

    let leaks = find_leaks(document, &output, &report);
    Ok(Redaction {
        document: output,
        report,
        leaks,
    })
}

/// Every id of the document, which placeholders must not reuse.
fn used_ids(document: &Document) -> HashSet<&str> {
    let mut used = HashSet::new();
    used.insert(document.id.as_str());
    let ids = document
        .taxonomies
        .iter()
        .map(|x| &x.id)
        .chain(document.trust_zones.iter().map(|x| &x.id))
        .chain(document.elements.iter().map(|x| &x.id))
        .chain(document.data_flows.iter().map(|x| &x.id))
        .chain(document.data_assets.iter().map(|x| &x.id))
        .chain(document.trust_boundaries.iter().map(|x| &x.id))
        .chain(document.threats.iter().map(|x| &x.id))
        .chain(document.mitigations.iter().map(|x| &x.id))
        .chain(document.assumptions.iter().map(|x| &x.id))
        .chain(document.annotations.iter().map(|x| &x.id))
        .chain(document.views.iter().map(|x| &x.id));
    used.extend(ids.map(Id::as_str));
    used
}

fn placeholder_zone(id: Id, parent: Option<Id>) -> TrustZone {
    TrustZone {
        id,
        name: PLACEHOLDER_ZONE_NAME.to_owned(),
        description: None,
        zone_type: None,
        parent,
        trust_level: None,
        classification: None,
        tags: Vec::new(),
        extensions: Extensions::new(),
    }
}

/// A placeholder keeps the element's kind and position in the containment
/// tree, which the diagram needs, and nothing else.
fn placeholder_element(id: Id, original: &Element) -> Element {
    Element {
        id,
        name: PLACEHOLDER_ELEMENT_NAME.to_owned(),
        kind: original.kind,
        element_type: None,
        description: None,
        zone: original.zone.clone(),
        parent: original.parent.clone(),
        processed_assets: Vec::new(),
        stored_assets: Vec::new(),
        out_of_scope: false,
        out_of_scope_reason: None,
        classification: None,
        tags: Vec::new(),
        extensions: Extensions::new(),
    }
}

/// Removes references to removed objects and points references to replaced
/// objects at their placeholders.
fn rewrite_references(
    document: &mut Document,
    gone: &HashSet<String>,
    renamed: &HashMap<String, Id>,
    removed_taxonomies: &HashSet<String>,
) {
    let map_one = |reference: &mut Option<Id>| {
        if let Some(id) = reference {
            if let Some(placeholder) = renamed.get(id.as_str()) {
                *id = placeholder.clone();
            } else if gone.contains(id.as_str()) {
                *reference = None;
            }
        }
    };
    let map_list = |references: &mut Vec<Id>| {
        references.retain(|id| !gone.contains(id.as_str()));
        for id in references.iter_mut() {
            if let Some(placeholder) = renamed.get(id.as_str()) {
                *id = placeholder.clone();
            }
        }
    };

    for zone in &mut document.trust_zones {
        map_one(&mut zone.parent);
    }
    for element in &mut document.elements {
        map_one(&mut element.zone);
        map_one(&mut element.parent);
        map_list(&mut element.processed_assets);
        map_list(&mut element.stored_assets);
    }
    for flow in &mut document.data_flows {
        map_list(&mut flow.data_assets);
    }
    for boundary in &mut document.trust_boundaries {
        map_list(&mut boundary.zones);
        map_list(&mut boundary.crossing_flows);
    }
    let taxonomy_gone = |reference: &TaxonomyRef| removed_taxonomies.contains(&reference.taxonomy);
    for threat in &mut document.threats {
        map_list(&mut threat.affects);
        map_list(&mut threat.mitigations);
        threat.categories.retain(|r| !taxonomy_gone(r));
        threat.weaknesses.retain(|r| !taxonomy_gone(r));
        threat.attack_patterns.retain(|r| !taxonomy_gone(r));
    }
    for assumption in &mut document.assumptions {
        map_list(&mut assumption.affects);
    }
    for annotation in &mut document.annotations {
        map_list(&mut annotation.about);
        map_one(&mut annotation.reply_to);
    }
    for view in &mut document.views {
        view.nodes
            .retain(|node| !gone.contains(node.object.as_str()));
        // A node's extension members may carry the drawn object's text, such
        // as a diagram tool's label, so a placeholder's node keeps its geometry only.
        for node in &mut view.nodes {
            if let Some(placeholder) = renamed.get(node.object.as_str()) {
                node.object = placeholder.clone();
                node.extensions = Extensions::new();
            }
        }
        view.edges
            .retain(|edge| !gone.contains(edge.object.as_str()));
    }
}

/// The shortest id or name that is searched for in kept strings; shorter
/// ones, such as `db`, would match inside unrelated words.
const MIN_NEEDLE: usize = 3;

/// Finds kept strings that contain the id or the name of a removed or
/// replaced object, ignoring ASCII case.
///
/// An id or name that a kept object also has is not searched for, because
/// its appearance does not point at the removed object.
fn find_leaks(original: &Document, output: &Document, report: &RedactionReport) -> Vec<Leak> {
    let hidden: HashSet<&str> = report
        .removed
        .iter()
        .map(|object| object.id.as_str())
        .chain(report.replaced.iter().map(|object| object.id.as_str()))
        .collect();
    if hidden.is_empty() {
        return Vec::new();
    }
    let Ok(original_value) = serde_json::to_value(original) else {
        return Vec::new();
    };
    let Ok(output_value) = serde_json::to_value(output) else {
        return Vec::new();
    };

    // The id and name of every identifiable object, hidden or kept.
    let mut hidden_needles: Vec<(String, String, &'static str)> = Vec::new();
    let mut kept_words: HashSet<String> = HashSet::new();
    for (_, items) in collections(&original_value) {
        for item in items {
            let Some(id) = item.get("id").and_then(Value::as_str) else {
                continue;
            };
            let name = item
                .get("name")
                .or_else(|| item.get("title"))
                .and_then(Value::as_str);
            if hidden.contains(id) {
                hidden_needles.push((id.to_owned(), id.to_owned(), "id"));
                if let Some(name) = name {
                    hidden_needles.push((name.to_owned(), id.to_owned(), "name"));
                }
            } else {
                kept_words.insert(id.to_ascii_lowercase());
                if let Some(name) = name {
                    kept_words.insert(name.to_ascii_lowercase());
                }
            }
        }
    }
    for (_, items) in collections(&output_value) {
        for item in items {
            for member in ["id", "name", "title"] {
                if let Some(text) = item.get(member).and_then(Value::as_str) {
                    kept_words.insert(text.to_ascii_lowercase());
                }
            }
        }
    }
    hidden_needles.retain(|(needle, _, _)| {
        needle.chars().count() >= MIN_NEEDLE && !kept_words.contains(&needle.to_ascii_lowercase())
    });
    if hidden_needles.is_empty() {
        return Vec::new();
    }
    let Ok(matcher) = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(hidden_needles.iter().map(|(needle, _, _)| needle))
    else {
        return Vec::new();
    };

    let mut leaks = Vec::new();
    let mut pointer = String::new();
    walk_strings(&output_value, &mut pointer, &mut |pointer, text| {
        let mut seen = HashSet::new();
        for found in matcher.find_overlapping_iter(text) {
            let (_, removed, matched) = &hidden_needles[found.pattern().as_usize()];
            if seen.insert((removed.clone(), *matched)) {
                leaks.push(Leak {
                    pointer: pointer.to_owned(),
                    removed: removed.clone(),
                    matched,
                });
            }
        }
    });
    leaks
}

/// The arrays of identifiable objects of a document value, by member name.
fn collections(document: &Value) -> Vec<(&str, &Vec<Value>)> {
    crate::model::COLLECTIONS
        .iter()
        .filter_map(|name| Some((*name, document.get(*name)?.as_array()?)))
        .collect()
}

/// Calls `visit` with the pointer and text of every string in `value`,
/// member names of extension members included. The `tmif` version string is skipped.
fn walk_strings(value: &Value, pointer: &mut String, visit: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::String(text) => {
            if pointer != "/tmif" {
                visit(pointer, text);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let length = pointer.len();
                push_index(pointer, i);
                walk_strings(item, pointer, visit);
                pointer.truncate(length);
            }
        }
        Value::Object(members) => {
            for (name, member) in members {
                let length = pointer.len();
                push_token(pointer, name);
                if name.starts_with("x-") {
                    visit(pointer, name);
                }
                walk_strings(member, pointer, visit);
                pointer.truncate(length);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}
