//! Redaction to a TLP level: nothing above the level reaches the output,
//! the output is valid and stable, placeholders are opaque, and kept strings
//! that name removed objects are reported.
//!
//! The generated documents give every object its own random tokens as id,
//! name, description, tags and extension members, so a token found in the
//! output can only have come from the object that owns it. Which objects
//! must go is decided by [`oracle_labels`], a fixed-point computation of the
//! effective labels written from the definition in `tmif::classification`,
//! independent of the library's own computation.

mod common;

use std::collections::{BTreeSet, HashMap};

use proptest::prelude::*;
use serde_json::{Value, json};
use tmif::Document;
use tmif::classification::effective_labels;
use tmif::model::{COLLECTIONS, Tlp};
use tmif::redact::{RedactError, RedactOptions, Redaction, redact};

use common::labelled::generated;

fn parse_label(value: Option<&Value>) -> Option<Tlp> {
    value.and_then(Value::as_str).and_then(Tlp::parse)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(text)) => vec![text.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Computes effective labels by the definition, as a fixed point: every
/// object starts at the stricter of the document's label and its own, then
/// takes the label of each object it belongs to or touches until nothing rises.
fn oracle_labels(document: &Value) -> HashMap<String, Tlp> {
    let floor = parse_label(document.get("classification")).unwrap_or(Tlp::Clear);
    let mut labels: HashMap<String, Tlp> = HashMap::new();
    let mut depends: Vec<(String, Vec<String>)> = Vec::new();
    if let Some(id) = document.get("id").and_then(Value::as_str) {
        labels.insert(id.to_owned(), floor);
    }
    for collection in COLLECTIONS {
        let Some(items) = document.get(collection).and_then(Value::as_array) else {
            continue;
        };
        for item in items {
            let Some(id) = item.get("id").and_then(Value::as_str) else {
                continue;
            };
            let own = parse_label(item.get("classification")).map_or(floor, |own| own.max(floor));
            let entry = labels.entry(id.to_owned()).or_insert(own);
            *entry = (*entry).max(own);
            let members: &[&str] = match collection {
                "trustZones" => &["parent"],
                "elements" => &["zone", "parent"],
                "dataFlows" => &["source", "target", "dataAssets"],
                "trustBoundaries" => &["zones"],
                "threats" | "assumptions" => &["affects"],
                "annotations" => &["about", "replyTo"],
                _ => &[],
            };
            let targets = members
                .iter()
                .flat_map(|member| strings(item.get(*member)))
                .collect();
            depends.push((id.to_owned(), targets));
        }
    }
    loop {
        let mut changed = false;
        for (id, targets) in &depends {
            let mut label = labels[id];
            for target in targets {
                if let Some(other) = labels.get(target) {
                    label = label.max(*other);
                }
            }
            if label > labels[id] {
                labels.insert(id.clone(), label);
                changed = true;
            }
        }
        if !changed {
            return labels;
        }
    }
}

/// The ids of every identifiable object of a document value, with the collection it is in.
fn object_ids(document: &Value) -> Vec<(String, &'static str)> {
    let mut ids = Vec::new();
    for collection in COLLECTIONS {
        for item in document
            .get(collection)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = item.get("id").and_then(Value::as_str) {
                ids.push((id.to_owned(), collection));
            }
        }
    }
    ids
}

fn options(max: Tlp, placeholders: bool) -> RedactOptions {
    RedactOptions { max, placeholders }
}

fn redact_ok(document: &Document, max: Tlp, placeholders: bool) -> Redaction {
    match redact(document, options(max, placeholders)) {
        Ok(redaction) => redaction,
        Err(error) => panic!("redaction at {max} failed: {error}"),
    }
}

fn floor_of(document: &Document) -> Tlp {
    document.classification.unwrap_or(Tlp::Clear)
}

fn case_config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(case_config())]

    #[test]
    fn generated_documents_valid(case in generated()) {
        let errors: Vec<_> = tmif::validate_document(&case.document)
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        prop_assert!(errors.is_empty(), "the generator made an invalid document: {errors:?}\n{:#}", case.value);
    }

    #[test]
    fn removed_tokens_absent(case in generated()) {
        let labels = oracle_labels(&case.value);
        for max in Tlp::ALL {
            if floor_of(&case.document) > max {
                continue;
            }
            for placeholders in [false, true] {
                let redaction = redact_ok(&case.document, max, placeholders);
                let bytes = tmif::canonical::to_string(&redaction.document);
                for (id, _) in object_ids(&case.value) {
                    if labels[&id] <= max {
                        continue;
                    }
                    for token in &case.owned[&id] {
                        prop_assert!(
                            !bytes.contains(token.as_str()),
                            "`{token}` of removed `{id}` ({}) is in the output at {max}, placeholders {placeholders}",
                            labels[&id]
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn removed_set_matches_definition(case in generated()) {
        let labels = oracle_labels(&case.value);
        for max in Tlp::ALL {
            if floor_of(&case.document) > max {
                continue;
            }
            for placeholders in [false, true] {
                let redaction = redact_ok(&case.document, max, placeholders);
                let reported: BTreeSet<String> = redaction
                    .report
                    .removed
                    .iter()
                    .map(|object| object.id.clone())
                    .chain(redaction.report.replaced.iter().map(|object| object.id.clone()))
                    .collect();
                let expected: BTreeSet<String> = object_ids(&case.value)
                    .into_iter()
                    .filter(|(id, _)| labels[id] > max)
                    .map(|(id, _)| id)
                    .collect();
                prop_assert_eq!(
                    &reported, &expected,
                    "removed and replaced ids differ from the objects labelled above {} (placeholders {})",
                    max, placeholders
                );
                let output = serde_json::to_value(&redaction.document).unwrap_or(Value::Null);
                for (id, collection) in object_ids(&output) {
                    let original = case.owned.contains_key(&id);
                    prop_assert!(
                        !original || !expected.contains(&id),
                        "`{id}` in {collection} is above {max} but is in the output"
                    );
                }
            }
        }
    }

    #[test]
    fn output_valid_and_marked(case in generated()) {
        for max in Tlp::ALL {
            if floor_of(&case.document) > max {
                continue;
            }
            for placeholders in [false, true] {
                let redaction = redact_ok(&case.document, max, placeholders);
                let errors: Vec<_> = tmif::validate_document(&redaction.document)
                    .into_iter()
                    .filter(|d| d.is_error())
                    .collect();
                prop_assert!(errors.is_empty(), "the output at {max} (placeholders {placeholders}) is invalid: {errors:?}");
                prop_assert_eq!(redaction.document.tmif.as_str(), "1.1.0", "the output does not declare 1.1");
                let mark = redaction.document.redaction.as_ref();
                prop_assert!(mark.is_some(), "the output has no redaction mark");
                prop_assert_eq!(mark.map(|mark| mark.level), Some(max), "the mark has the wrong level");
                prop_assert_eq!(mark.map(|mark| mark.placeholders), Some(placeholders), "the mark has the wrong placeholder flag");
            }
        }
    }

    #[test]
    fn kept_labels_within_level(case in generated()) {
        for max in Tlp::ALL {
            if floor_of(&case.document) > max {
                continue;
            }
            for placeholders in [false, true] {
                let redaction = redact_ok(&case.document, max, placeholders);
                let output = serde_json::to_value(&redaction.document).unwrap_or(Value::Null);
                let library = effective_labels(&redaction.document);
                for (id, label) in oracle_labels(&output) {
                    prop_assert!(label <= max, "`{id}` is {label} in the output at {max} by the definition");
                    let computed = library.get(&id);
                    prop_assert!(computed.is_some_and(|label| label <= max), "`{id}` is {computed:?} in the output at {max} by the library");
                }
            }
        }
    }

    #[test]
    fn redaction_idempotent(case in generated()) {
        for max in Tlp::ALL {
            if floor_of(&case.document) > max {
                continue;
            }
            for placeholders in [false, true] {
                let once = redact_ok(&case.document, max, placeholders);
                let twice = redact_ok(&once.document, max, placeholders);
                prop_assert_eq!(&twice.document, &once.document, "a second redaction at {} changed the document", max);
                prop_assert_eq!(
                    tmif::canonical::to_string(&twice.document),
                    tmif::canonical::to_string(&once.document),
                    "a second redaction at {} changed the canonical bytes", max
                );
                prop_assert!(twice.report.removed.is_empty(), "a second redaction removed {:?}", twice.report.removed);
                prop_assert!(twice.report.replaced.is_empty(), "a second redaction replaced {:?}", twice.report.replaced);
            }
        }
    }

    #[test]
    fn placeholders_opaque(case in generated()) {
        for max in Tlp::ALL {
            if floor_of(&case.document) > max {
                continue;
            }
            let redaction = redact_ok(&case.document, max, true);
            let output = &redaction.document;
            let mut names: HashMap<&str, BTreeSet<String>> = HashMap::new();
            for replaced in &redaction.report.replaced {
                prop_assert!(
                    !replaced.placeholder.contains(replaced.id.as_str()),
                    "placeholder `{}` contains the original id `{}`", replaced.placeholder, replaced.id
                );
                let placeholder: Value = if replaced.kind == "elements" {
                    let found = output.elements.iter().find(|e| e.id.as_str() == replaced.placeholder);
                    prop_assert!(found.is_some(), "no element `{}` in the output", replaced.placeholder);
                    let element = found.cloned().unwrap_or_else(|| unreachable!());
                    prop_assert!(element.element_type.is_none(), "placeholder `{}` has a type", element.id);
                    prop_assert!(element.processed_assets.is_empty(), "placeholder `{}` has processed assets", element.id);
                    prop_assert!(element.stored_assets.is_empty(), "placeholder `{}` has stored assets", element.id);
                    serde_json::to_value(element).unwrap_or(Value::Null)
                } else {
                    let found = output.trust_zones.iter().find(|z| z.id.as_str() == replaced.placeholder);
                    prop_assert!(found.is_some(), "no trust zone `{}` in the output", replaced.placeholder);
                    let zone = found.cloned().unwrap_or_else(|| unreachable!());
                    prop_assert!(zone.zone_type.is_none(), "placeholder `{}` has a type", zone.id);
                    prop_assert!(zone.trust_level.is_none(), "placeholder `{}` has a trust level", zone.id);
                    serde_json::to_value(zone).unwrap_or(Value::Null)
                };
                let members: BTreeSet<&str> = placeholder
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, _)| name.as_str())
                    .collect();
                let allowed: BTreeSet<&str> = ["id", "name", "kind", "zone", "parent"].into_iter().collect();
                prop_assert!(members.is_subset(&allowed), "placeholder `{}` has members {members:?}", replaced.placeholder);
                let name = placeholder["name"].as_str().unwrap_or_default().to_owned();
                for token in &case.owned[&replaced.id] {
                    prop_assert!(!name.contains(token.as_str()), "placeholder name `{name}` contains `{token}`");
                }
                names.entry(replaced.kind).or_default().insert(name);
            }
            for (kind, set) in &names {
                prop_assert!(set.len() == 1, "placeholders of {kind} have different names: {set:?}");
            }

            // Every node of a replaced object in a kept view now draws its placeholder.
            let placeholder_of: HashMap<&str, &str> = redaction
                .report
                .replaced
                .iter()
                .map(|r| (r.id.as_str(), r.placeholder.as_str()))
                .collect();
            for view in &case.document.views {
                let Some(kept) = output.views.iter().find(|v| v.id == view.id) else {
                    continue;
                };
                for node in &view.nodes {
                    let Some(placeholder) = placeholder_of.get(node.object.as_str()) else {
                        continue;
                    };
                    let drawn = kept.nodes.iter().find(|n| n.object.as_str() == *placeholder);
                    prop_assert!(drawn.is_some(), "view `{}` lost the node of replaced `{}`", view.id, node.object);
                    let drawn = drawn.cloned().unwrap_or_else(|| unreachable!());
                    prop_assert_eq!(drawn.x, node.x, "the node of `{}` moved", node.object);
                    prop_assert_eq!(drawn.y, node.y, "the node of `{}` moved", node.object);
                }
            }
        }
    }

    #[test]
    fn no_leaks_reported(case in generated()) {
        for max in Tlp::ALL {
            if floor_of(&case.document) > max {
                continue;
            }
            for placeholders in [false, true] {
                let redaction = redact_ok(&case.document, max, placeholders);
                prop_assert!(redaction.leaks.is_empty(), "leaks reported where no kept string names a removed object: {:?}", redaction.leaks);
            }
        }
    }

    #[test]
    fn naming_removed_reported(case in generated(), by_id in any::<bool>(), placeholders in any::<bool>()) {
        let labels = oracle_labels(&case.value);
        for max in Tlp::ALL {
            if floor_of(&case.document) > max {
                continue;
            }
            for element in &case.document.elements {
                if labels[element.id.as_str()] <= max {
                    continue;
                }
                let named = if by_id { element.id.to_string() } else { element.name.to_uppercase() };
                let mut document = case.document.clone();
                let threat: tmif::model::Threat = serde_json::from_value(json!({
                    "id": "kept-threat",
                    "title": "Kept",
                    "status": "open",
                    "description": format!("An attacker reaches {named} through the gateway."),
                }))
                .unwrap_or_else(|error| panic!("{error}"));
                document.threats.push(threat);
                let redaction = redact_ok(&document, max, placeholders);
                let index = redaction.document.threats.iter().position(|t| t.id.as_str() == "kept-threat");
                prop_assert!(index.is_some(), "the unlabelled threat was removed at {max}");
                let pointer = format!("/threats/{}/description", index.unwrap_or_default());
                let found = redaction
                    .leaks
                    .iter()
                    .find(|leak| leak.pointer == pointer && leak.removed == element.id.as_str());
                prop_assert!(found.is_some(), "no leak at {pointer} for `{}`: {:?}", element.id, redaction.leaks);
                let matched = found.map(|leak| leak.matched);
                prop_assert_eq!(matched, Some(if by_id { "id" } else { "name" }), "the leak names the wrong member");
            }
        }
    }

    #[test]
    fn document_above_level_rejected(case in generated()) {
        for max in Tlp::ALL {
            let result = redact(&case.document, options(max, false));
            let floor = floor_of(&case.document);
            if floor > max {
                prop_assert_eq!(
                    result.err(),
                    Some(RedactError::DocumentAboveLevel { label: floor, max }),
                    "a document labelled {} was redacted to {}", floor, max
                );
            } else {
                prop_assert!(result.is_ok(), "a document labelled {floor} was rejected at {max}");
            }
        }
    }
}

fn document(value: Value) -> Document {
    match serde_json::from_value(value) {
        Ok(document) => document,
        Err(error) => panic!("the test document does not deserialize: {error}"),
    }
}

#[test]
fn version_1_0_raised() {
    let mut source = document(json!({
        "tmif": "1.0.0", "id": "m", "title": "T",
        "elements": [{"id": "web", "name": "Web", "kind": "process"}]
    }));
    let redaction = redact_ok(&source, Tlp::Green, false);
    assert_eq!(
        redaction.document.tmif, "1.1.0",
        "a 1.0.0 input gives a 1.1.0 output"
    );
    source.tmif = "1.0.7".to_owned();
    let input_errors: Vec<_> = tmif::validate_document(&source)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        input_errors.is_empty(),
        "a 1.0.7 input is invalid: {input_errors:?}"
    );
    let redaction = redact_ok(&source, Tlp::Green, false);
    assert_eq!(
        redaction.document.tmif, "1.1.0",
        "a 1.0.7 input gives a 1.1.0 output"
    );
}

#[test]
fn placeholder_ids_avoid_existing() {
    let source = document(json!({
        "tmif": "1.1.0", "id": "m", "title": "T",
        "trustZones": [{"id": "redacted-2", "name": "Kept zone"},
                       {"id": "vault", "name": "Vault", "classification": "RED"}],
        "elements": [{"id": "redacted-1", "name": "Kept", "kind": "process"},
                     {"id": "hsm", "name": "HSM", "kind": "data-store", "classification": "RED"}]
    }));
    let redaction = redact_ok(&source, Tlp::Green, true);
    let errors: Vec<_> = tmif::validate_document(&redaction.document)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors.is_empty(),
        "placeholders reuse ids of kept objects: {errors:?}"
    );
    let twice = redact_ok(&redaction.document, Tlp::Green, true);
    assert_eq!(
        twice.document, redaction.document,
        "a second redaction changed the document"
    );
}

#[test]
fn annotation_about_red_annotation_removed() {
    let source = document(json!({
        "tmif": "1.1.0", "id": "m", "title": "T",
        "annotations": [
            {"id": "note", "about": ["secret"], "author": "Ann", "role": "security",
             "text": "Agreed, the key rotation gap is real.", "created": "2026-01-01T00:00:00Z"},
            {"id": "secret", "author": "Bob", "role": "security", "classification": "RED",
             "text": "The HSM key is never rotated.", "created": "2026-01-01T00:00:00Z"}
        ]
    }));
    let labels = effective_labels(&source);
    assert_eq!(
        labels.get("note"),
        Some(Tlp::Red),
        "an annotation about a RED annotation is RED"
    );
    let redaction = redact_ok(&source, Tlp::Green, false);
    assert!(
        redaction.document.annotations.is_empty(),
        "an annotation about a RED annotation was kept"
    );
}

#[test]
fn duplicate_ids_take_strictest() {
    let source = document(json!({
        "tmif": "1.1.0", "id": "m", "title": "T",
        "dataAssets": [{"id": "x", "name": "Public data"}],
        "elements": [{"id": "x", "name": "Secret vault", "kind": "data-store", "classification": "RED"},
                     {"id": "y", "name": "Secret store", "kind": "data-store", "classification": "RED"},
                     {"id": "y", "name": "Public store", "kind": "data-store"}]
    }));
    let redaction = redact_ok(&source, Tlp::Green, false);
    let text = tmif::canonical::to_string(&redaction.document);
    assert!(
        !text.contains("Secret vault"),
        "a RED element sharing an id with a CLEAR asset was kept"
    );
    assert!(
        !text.contains("Secret store"),
        "a RED element sharing an id with a later CLEAR element was kept"
    );
}

#[test]
fn placeholder_node_extensions_dropped() {
    let source = document(json!({
        "tmif": "1.1.0", "id": "m", "title": "T",
        "elements": [{"id": "hsm", "name": "HSM", "kind": "data-store", "classification": "RED"}],
        "views": [{"id": "main", "name": "Main",
                   "nodes": [{"object": "hsm", "x": 1, "y": 2, "x-label": "Payment HSM"}]}]
    }));
    let redaction = redact_ok(&source, Tlp::Green, true);
    let node = redaction.document.views[0].nodes.first();
    assert!(
        node.is_some(),
        "the node of the replaced element was dropped"
    );
    let extensions_empty = node.is_some_and(|node| node.extensions.is_empty());
    assert!(
        extensions_empty,
        "the node of a placeholder kept its extension members"
    );
}
