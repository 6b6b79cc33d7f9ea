//! Split and merge: a public document plus a private overlay rebuild the
//! original exactly, and a merge onto the wrong public document, or with a
//! damaged overlay, is rejected.
//!
//! The documents come from the generator in `tests/common/labelled.rs`:
//! every object gets its own random tokens and a random label.

mod common;

use proptest::prelude::*;
use serde_json::{Value, json};
use tmif::Document;
use tmif::model::{Id, Tlp};
use tmif::overlay::{
    MergeError, Overlay, OverlayEntry, Split, merge, overlay_to_string, read_overlay, split,
};
use tmif::redact::RedactOptions;

use common::labelled::generated;

fn split_ok(document: &Document, max: Tlp, placeholders: bool) -> Split {
    match split(document, RedactOptions { max, placeholders }) {
        Ok(split) => split,
        Err(error) => panic!("split at {max} failed: {error}"),
    }
}

/// The levels a document can be split at: its own label and every stricter one.
fn levels(document: &Document) -> impl Iterator<Item = Tlp> {
    let floor = document.classification.unwrap_or(Tlp::Clear);
    Tlp::ALL.into_iter().filter(move |max| *max >= floor)
}

/// Reads a document from text as `tmif merge` does.
fn read_document(text: &str) -> Document {
    let validation = tmif::validate(text.as_bytes(), tmif::Syntax::Json);
    match validation.document {
        Some(document) if validation.error_count() == 0 => document,
        _ => panic!(
            "the text is not a valid document: {:?}",
            validation.diagnostics
        ),
    }
}

/// Writes every number as a double, because the reader gives `1.0` back as the integer 1.
fn numbers_as_floats(value: Value) -> Value {
    match value {
        Value::Number(number) => json!(number.as_f64()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(name, member)| (name, numbers_as_floats(member)))
                .collect(),
        ),
        other => other,
    }
}

fn overlay_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/v1.1/tmif-overlay.schema.json"
    );
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    let schema: Value =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"));
    jsonschema::validator_for(&schema)
        .unwrap_or_else(|error| panic!("{path} does not compile: {error}"))
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
    fn merge_rebuilds_original(case in generated()) {
        let original = tmif::canonical::to_string(&case.document);
        for max in levels(&case.document) {
            for placeholders in [false, true] {
                let parts = split_ok(&case.document, max, placeholders);
                let merged = merge(&parts.redaction.document, &parts.overlay);
                prop_assert!(merged.is_ok(), "merge after a split at {max} failed: {merged:?}");
                let merged = merged.unwrap_or_else(|_| unreachable!());
                prop_assert_eq!(
                    tmif::canonical::to_string(&merged),
                    original.clone(),
                    "merge does not rebuild the original at {} (placeholders {})", max, placeholders
                );
            }
        }
    }

    #[test]
    fn merge_from_text(case in generated()) {
        let original = tmif::canonical::to_string(&case.document);
        for max in levels(&case.document) {
            let parts = split_ok(&case.document, max, true);
            let public = read_document(&tmif::canonical::to_string(&parts.redaction.document));
            let text = overlay_to_string(&parts.overlay);
            let overlay = read_overlay(text.as_bytes());
            prop_assert!(overlay.is_ok(), "the written overlay does not read back: {overlay:?}");
            let overlay = overlay.unwrap_or_else(|_| unreachable!());
            prop_assert_eq!(
                numbers_as_floats(serde_json::to_value(&overlay).unwrap_or_default()),
                numbers_as_floats(serde_json::to_value(&parts.overlay).unwrap_or_default()),
                "the overlay changed through its text"
            );
            let merged = merge(&public, &overlay).map(|document| tmif::canonical::to_string(&document));
            prop_assert_eq!(merged, Ok(original.clone()), "merge of the written files does not rebuild the original at {}", max);
        }
    }

    #[test]
    fn public_part_is_redaction(case in generated()) {
        for max in levels(&case.document) {
            let parts = split_ok(&case.document, max, false);
            let redaction = tmif::redact::redact(&case.document, RedactOptions { max, placeholders: false });
            prop_assert_eq!(
                Ok(&parts.redaction.document),
                redaction.as_ref().map(|r| &r.document),
                "the public document differs from the redaction at {}", max
            );
            let public = tmif::canonical::to_string(&parts.redaction.document);
            for removed in &parts.redaction.report.removed {
                for token in &case.owned[&removed.id] {
                    prop_assert!(!public.contains(token.as_str()), "`{token}` of removed `{}` is in the public document", removed.id);
                }
            }
        }
    }

    #[test]
    fn overlay_matches_schema(case in generated()) {
        let validator = overlay_validator();
        for max in levels(&case.document) {
            for placeholders in [false, true] {
                let parts = split_ok(&case.document, max, placeholders);
                let value = serde_json::to_value(&parts.overlay).unwrap_or(Value::Null);
                let errors: Vec<String> = validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
                prop_assert!(errors.is_empty(), "the overlay does not match its schema: {errors:?}\n{value:#}");
            }
        }
    }

    #[test]
    fn edited_public_rejected(case in generated()) {
        for max in levels(&case.document) {
            let parts = split_ok(&case.document, max, false);
            let mut public = parts.redaction.document.clone();
            public.title.push_str(" (edited)");
            let result = merge(&public, &parts.overlay);
            prop_assert!(
                matches!(result, Err(MergeError::DigestMismatch { .. })),
                "a merge onto an edited public document gave {result:?}"
            );
        }
    }

    #[test]
    fn other_model_rejected(case in generated()) {
        for max in levels(&case.document) {
            let parts = split_ok(&case.document, max, false);
            let mut public = parts.redaction.document.clone();
            public.id = Id::from("another-model");
            let result = merge(&public, &parts.overlay);
            prop_assert!(
                matches!(result, Err(MergeError::WrongModel { .. })),
                "a merge onto another model's public document gave {result:?}"
            );
        }
    }

    #[test]
    fn missing_public_id_rejected(case in generated(), collection in prop::sample::select(vec!["elements", "threats", "views"])) {
        for max in levels(&case.document) {
            let parts = split_ok(&case.document, max, false);
            let mut overlay = parts.overlay.clone();
            overlay
                .collections
                .entry(collection.to_owned())
                .or_default()
                .push(OverlayEntry::Public(Id::from("absent-from-public")));
            let result = merge(&parts.redaction.document, &overlay);
            prop_assert!(
                matches!(&result, Err(MergeError::Invalid(message)) if message.contains("absent-from-public")),
                "an overlay naming an id the public document lacks gave {result:?}"
            );
        }
    }

    #[test]
    fn unsupported_version_rejected(case in generated(), version in prop::sample::select(vec!["2.0.0", "1.0.0", "0.9.0", "", "1.1"])) {
        let max = levels(&case.document).next().unwrap_or(Tlp::Red);
        let parts = split_ok(&case.document, max, false);
        let overlay = Overlay {
            tmif_overlay: version.to_owned(),
            ..parts.overlay.clone()
        };
        let result = merge(&parts.redaction.document, &overlay);
        prop_assert!(
            matches!(result, Err(MergeError::Invalid(_))),
            "an overlay of version `{version}` gave {result:?}"
        );
    }
}

#[test]
fn overlay_duplicate_member_rejected() {
    let text = br#"{"tmifOverlay": "1.1.0", "tmifOverlay": "1.1.0", "model": "m", "level": "GREEN",
                    "publicDigest": "sha256:00"}"#;
    assert!(
        matches!(read_overlay(text), Err(MergeError::Invalid(_))),
        "an overlay with a duplicate member was read"
    );
}

#[test]
fn overlay_unknown_member_rejected() {
    let text = br#"{"tmifOverlay": "1.1.0", "model": "m", "level": "GREEN",
                    "publicDigest": "sha256:00", "secrets": []}"#;
    assert!(
        matches!(read_overlay(text), Err(MergeError::Invalid(_))),
        "an overlay with an unknown member was read"
    );
}

/// A merge whose overlay adds an object that clashes with the public
/// document is rejected rather than written as an invalid document.
#[test]
fn merge_result_validated() {
    let document: Document = serde_json::from_value(json!({
        "tmif": "1.1.0", "id": "m", "title": "T",
        "elements": [{"id": "web", "name": "Web", "kind": "process"},
                     {"id": "hsm", "name": "HSM", "kind": "data-store", "classification": "RED"}]
    }))
    .unwrap_or_else(|error| panic!("{error}"));
    let parts = split_ok(&document, Tlp::Green, false);
    let mut overlay = parts.overlay.clone();
    let entries = overlay
        .collections
        .entry("elements".to_owned())
        .or_default();
    entries.push(OverlayEntry::Private(
        json!({"id": "web", "name": "Clash", "kind": "process"}),
    ));
    let result = merge(&parts.redaction.document, &overlay);
    assert!(
        matches!(result, Err(MergeError::Invalid(_))),
        "a merge that gives two objects one id returned {result:?}"
    );
}

#[test]
fn merge_rejects_dropped_public_entry() {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/online-shop-1.1.tmif.json"
    ))
    .expect("the example is readable");
    let document = tmif::validate(&text, tmif::Syntax::Json)
        .document
        .expect("the example is valid");
    let options = tmif::redact::RedactOptions {
        max: tmif::model::Tlp::Green,
        placeholders: false,
    };
    let split = tmif::overlay::split(&document, options).expect("the example splits at GREEN");
    let mut overlay = split.overlay.clone();
    let dropped = overlay.collections.values_mut().find_map(|entries| {
        let position = entries
            .iter()
            .position(|entry| matches!(entry, tmif::overlay::OverlayEntry::Public(_)))?;
        Some(entries.remove(position))
    });
    assert!(
        dropped.is_some(),
        "the overlay names no public object to drop"
    );
    let merged = tmif::overlay::merge(&split.redaction.document, &overlay);
    assert!(
        matches!(merged, Err(tmif::overlay::MergeError::Invalid(ref message)) if message.contains("missing from the overlay")),
        "a merge with a dropped public entry was not rejected: {merged:?}"
    );
}
