//! Typed deserialization, the fast path of the reader, accepts a document
//! exactly when the generated JSON Schema accepts it.

use proptest::prelude::*;
use serde_json::{Value, json};
use tmif::{Document, FormatVersion, GenerateOptions};

/// Builds a valid document that uses every object type and every optional member,
/// with extension members on nested objects.
fn full_document() -> Value {
    json!({
        "tmif": "1.0.0",
        "id": "full",
        "title": "Every member",
        "description": "A document that uses every object of the model.",
        "license": "Apache-2.0",
        "authors": [{"name": "Ada", "email": "ada@example.com", "organization": "Example",
                     "url": "https://example.com/ada", "x-role": "architect"}],
        "created": "2026-01-01T00:00:00Z",
        "modified": "2026-02-01T00:00:00Z",
        "tags": ["shop"],
        "taxonomies": [{"id": "acme", "name": "ACME threats", "version": "2", "url": "https://example.com/t",
                        "description": "In-house catalogue",
                        "entries": [{"id": "A1", "name": "Abuse", "description": "d", "x-note": 1}],
                        "x-owner": "sec"}],
        "trustZones": [
            {"id": "internet", "name": "Internet", "type": "internet", "trustLevel": 0, "tags": ["t"]},
            {"id": "dmz", "name": "DMZ", "description": "d", "parent": "internet", "trustLevel": 42.5,
             "x-cidr": "10.0.0.0/8"}
        ],
        "elements": [
            {"id": "browser", "name": "Browser", "kind": "external-entity", "zone": "internet"},
            {"id": "web", "name": "Web", "kind": "process", "type": "web-server", "description": "d",
             "zone": "dmz", "processedAssets": ["orders"], "tags": ["edge"]},
            {"id": "db", "name": "DB", "kind": "data-store", "parent": "web", "storedAssets": ["orders"],
             "outOfScope": true, "outOfScopeReason": "managed", "x-engine": {"name": "postgres"}}
        ],
        "dataFlows": [
            {"id": "f1", "name": "Order", "description": "d", "source": "browser", "target": "web",
             "bidirectional": true, "protocol": "HTTPS", "dataAssets": ["orders"],
             "authentication": "session-id", "encryption": "transport", "tags": ["t"], "x-port": 443}
        ],
        "dataAssets": [
            {"id": "orders", "name": "Orders", "description": "d", "sensitivity": "PII",
             "confidentiality": "high", "integrity": "very-high", "availability": "low", "tags": ["t"]}
        ],
        "trustBoundaries": [
            {"id": "b1", "name": "Edge", "description": "d", "zones": ["internet", "dmz"],
             "crossingFlows": ["f1"], "tags": ["t"]}
        ],
        "threats": [
            {"id": "t1", "title": "Spoofed session", "description": "d",
             "categories": [{"taxonomy": "STRIDE", "id": "S", "x-confidence": 0.5}],
             "weaknesses": [{"taxonomy": "CWE", "id": "CWE-384"}],
             "attackPatterns": [{"taxonomy": "CAPEC", "id": "CAPEC-61"}],
             "affects": ["f1"], "likelihood": "medium", "impact": "high", "severity": "high",
             "status": "mitigated", "statusReason": "r", "mitigations": ["m1"],
             "references": [{"url": "https://example.com/a", "title": "Advisory", "x-id": 7}],
             "tags": ["t"]}
        ],
        "mitigations": [
            {"id": "m1", "title": "Rotate sessions", "description": "d", "status": "implemented",
             "references": [{"url": "https://example.com/b"}], "tags": ["t"]}
        ],
        "assumptions": [{"id": "a1", "description": "TLS is terminated at the edge", "affects": ["f1"],
                         "tags": ["t"], "x-reviewed": true}],
        "views": [
            {"id": "v1", "name": "Overview", "description": "d",
             "nodes": [{"object": "web", "x": 10, "y": 20.5, "width": 100, "height": 50, "x-color": "red"}],
             "edges": [{"object": "f1", "points": [{"x": 1, "y": 2, "x-label": "a"}], "x-style": "dashed"}],
             "x-zoom": 1.5}
        ],
        "x-generator": {"name": "hand", "version": [1, 0]}
    })
}

fn typed_accepts(value: &Value) -> bool {
    serde_json::from_value::<Document>(value.clone()).is_ok()
}

fn typed_accepts_text(value: &Value) -> bool {
    let text = serde_json::to_vec(value).expect("a value serializes");
    serde_json::from_slice::<Document>(&text).is_ok()
}

fn schema_accepts(value: &Value) -> bool {
    tmif::shape::validator(FormatVersion::V1_0).is_valid(value)
}

/// Lists the pointer of every value in `value` except the root.
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, pointer: String, all: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (name, child) in members {
                    let escaped = name.replace('~', "~0").replace('/', "~1");
                    let child_pointer = format!("{pointer}/{escaped}");
                    all.push(child_pointer.clone());
                    walk(child, child_pointer, all);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let child_pointer = format!("{pointer}/{i}");
                    all.push(child_pointer.clone());
                    walk(child, child_pointer, all);
                }
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    walk(value, String::new(), &mut all);
    all
}

/// Replacement values: every JSON type, numbers at the edges of ranges,
/// strings that are not enum values, and empty containers.
fn palette() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(101),
        json!(-0.0),
        json!(1e300),
        json!(u64::MAX),
        json!(""),
        json!("50"),
        json!("not-an-enum-value"),
        json!([]),
        json!({}),
        json!(["x"]),
        json!({"x-a": 1}),
        json!({"unknown": 1}),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace { selector: usize, value: usize },
    Delete { selector: usize },
    InsertUnknown { selector: usize },
    InsertExtension { selector: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let count = palette().len();
    prop_oneof![
        4 => (any::<usize>(), 0..count)
            .prop_map(|(selector, value)| Mutation::Replace { selector, value }),
        1 => any::<usize>().prop_map(|selector| Mutation::Delete { selector }),
        1 => any::<usize>().prop_map(|selector| Mutation::InsertUnknown { selector }),
        1 => any::<usize>().prop_map(|selector| Mutation::InsertExtension { selector }),
    ]
}

/// Applies `mutation` and returns a description of what it did.
fn apply(value: &mut Value, mutation: &Mutation) -> String {
    let all = pointers(value);
    if all.is_empty() {
        return "nothing to mutate".to_owned();
    }
    match mutation {
        Mutation::Replace {
            selector,
            value: choice,
        } => {
            let pointer = &all[selector % all.len()];
            let replacement = palette()[*choice].clone();
            let description = format!("set {pointer} to {replacement}");
            *value.pointer_mut(pointer).expect("listed pointer") = replacement;
            description
        }
        Mutation::Delete { selector } => {
            let pointer = &all[selector % all.len()];
            let (parent, token) = pointer.rsplit_once('/').expect("non-root pointer");
            match value.pointer_mut(parent).expect("listed parent") {
                Value::Object(members) => {
                    let name = token.replace("~1", "/").replace("~0", "~");
                    members.remove(&name);
                }
                Value::Array(items) => {
                    items.remove(token.parse::<usize>().expect("array index"));
                }
                _ => unreachable!("a parent is a container"),
            }
            format!("delete {pointer}")
        }
        Mutation::InsertUnknown { selector } | Mutation::InsertExtension { selector } => {
            let root = String::new();
            let objects: Vec<&String> = std::iter::once(&root)
                .chain(all.iter())
                .filter(|pointer| value.pointer(pointer).is_some_and(Value::is_object))
                .collect();
            let pointer = objects[selector % objects.len()].clone();
            let name = if matches!(mutation, Mutation::InsertUnknown { .. }) {
                "bogus"
            } else {
                "x-added"
            };
            if let Some(Value::Object(members)) = value.pointer_mut(&pointer) {
                members.insert(name.to_owned(), json!({"nested": [1, 2.5]}));
            }
            format!("insert {name} into {pointer:?}")
        }
    }
}

fn base_document(choice: u8, elements: usize, seed: u64) -> Value {
    if choice == 0 {
        return full_document();
    }
    let document = tmif::generate(GenerateOptions { elements, seed });
    serde_json::to_value(&document).expect("a document serializes")
}

fn check_agreement(value: &Value, what: &str) -> Result<(), TestCaseError> {
    let typed = typed_accepts(value);
    let schema = schema_accepts(value);
    prop_assert_eq!(
        typed,
        schema,
        "typed {} but schema {} after: {}",
        typed,
        schema,
        what
    );
    prop_assert_eq!(
        typed_accepts_text(value),
        typed,
        "from_slice and from_value disagree after: {}",
        what
    );
    let explained = tmif::shape::explain(value, FormatVersion::V1_0);
    prop_assert_eq!(
        explained.is_empty(),
        schema,
        "explain lists {:?} after: {}",
        explained,
        what
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn mutated_documents_agree(
        choice in 0u8..3,
        elements in 1usize..12,
        seed in any::<u64>(),
        mutations in prop::collection::vec(mutation(), 1..3),
    ) {
        let mut value = base_document(choice, elements, seed);
        let mut done = Vec::new();
        for mutation in &mutations {
            done.push(apply(&mut value, mutation));
        }
        check_agreement(&value, &done.join("; "))?;
    }

    #[test]
    fn trust_level_agrees(level in -200.0f64..300.0, whole in any::<bool>()) {
        let mut value = full_document();
        let number = if whole { json!(level.trunc() as i64) } else { json!(level) };
        value["trustZones"][1]["trustLevel"] = number.clone();
        check_agreement(&value, &format!("trustLevel {number}"))?;
        let expected = (0.0..=100.0).contains(&number.as_f64().unwrap());
        prop_assert_eq!(typed_accepts(&value), expected, "trustLevel {} accepted", number);
    }
}

#[test]
fn valid_documents_accepted() {
    let full = full_document();
    assert!(
        typed_accepts(&full),
        "typed deserialization rejects the full document"
    );
    assert!(
        schema_accepts(&full),
        "the schema rejects the full document"
    );
    let validation = tmif::validate(&serde_json::to_vec(&full).unwrap(), tmif::Syntax::Json);
    assert!(
        validation.is_valid(),
        "the full document is invalid: {:?}",
        validation.diagnostics
    );
    for seed in 0..5 {
        let generated = base_document(1, 20, seed);
        assert!(
            typed_accepts(&generated),
            "typed deserialization rejects generated seed {seed}"
        );
        assert!(
            schema_accepts(&generated),
            "the schema rejects generated seed {seed}"
        );
    }
}

/// Sets `pointer` in the full document to `replacement`, or removes it when `None`.
fn edited(pointer: &str, replacement: Option<Value>) -> Value {
    let mut value = full_document();
    let (parent, token) = pointer.rsplit_once('/').unwrap();
    let target = value
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no parent for {pointer}"));
    match (target, replacement) {
        (Value::Object(members), Some(replacement)) => {
            members.insert(token.to_owned(), replacement);
        }
        (Value::Object(members), None) => {
            members.remove(token);
        }
        (target, _) => panic!("{pointer}: the parent is {target}, not an object"),
    }
    value
}

#[test]
fn edge_cases_agree() {
    let cases: Vec<(&str, &str, Option<Value>, bool)> = vec![
        (
            "integer trust level",
            "/trustZones/1/trustLevel",
            Some(json!(100)),
            true,
        ),
        (
            "float trust level",
            "/trustZones/1/trustLevel",
            Some(json!(100.0)),
            true,
        ),
        (
            "negative zero trust level",
            "/trustZones/1/trustLevel",
            Some(json!(-0.0)),
            true,
        ),
        (
            "trust level above range",
            "/trustZones/1/trustLevel",
            Some(json!(100.000001)),
            false,
        ),
        (
            "tiny negative trust level",
            "/trustZones/1/trustLevel",
            Some(json!(-1e-300)),
            false,
        ),
        (
            "string trust level",
            "/trustZones/1/trustLevel",
            Some(json!("50")),
            false,
        ),
        (
            "null trust level",
            "/trustZones/1/trustLevel",
            Some(Value::Null),
            false,
        ),
        (
            "whole float coordinate",
            "/views/0/nodes/0/x",
            Some(json!(1.0)),
            true,
        ),
        (
            "large integer coordinate",
            "/views/0/nodes/0/x",
            Some(json!(u64::MAX)),
            true,
        ),
        (
            "negative integer coordinate",
            "/views/0/nodes/0/y",
            Some(json!(i64::MIN)),
            true,
        ),
        (
            "huge float coordinate",
            "/views/0/nodes/0/width",
            Some(json!(1e308)),
            true,
        ),
        (
            "string coordinate",
            "/views/0/edges/0/points/0/x",
            Some(json!("1")),
            false,
        ),
        (
            "boolean flag as string",
            "/elements/2/outOfScope",
            Some(json!("true")),
            false,
        ),
        (
            "null flag",
            "/dataFlows/0/bidirectional",
            Some(Value::Null),
            false,
        ),
        ("integer version", "/tmif", Some(json!(1)), false),
        (
            "enum in other case",
            "/elements/0/kind",
            Some(json!("Process")),
            false,
        ),
        (
            "enum in snake case",
            "/elements/0/kind",
            Some(json!("data_store")),
            false,
        ),
        ("unicode extension name", "/x-ünïcödé", Some(json!(1)), true),
        ("unicode unknown name", "/ünknown", Some(json!(1)), false),
        (
            "upper-case extension prefix",
            "/X-tool",
            Some(json!(1)),
            false,
        ),
        ("bare extension prefix", "/x-", Some(json!(null)), true),
        (
            "extension on point",
            "/views/0/edges/0/points/0/x-weight",
            Some(json!(2)),
            true,
        ),
        (
            "unknown member on point",
            "/views/0/edges/0/points/0/z",
            Some(json!(2)),
            false,
        ),
        (
            "extension on taxonomy reference",
            "/threats/0/weaknesses/0/x-source",
            Some(json!("scan")),
            true,
        ),
        (
            "unknown member on taxonomy reference",
            "/threats/0/weaknesses/0/name",
            Some(json!("n")),
            false,
        ),
        (
            "extension on taxonomy entry",
            "/taxonomies/0/entries/0/x-rank",
            Some(json!(1)),
            true,
        ),
        (
            "extension on reference",
            "/mitigations/0/references/0/x-kind",
            Some(json!("doc")),
            true,
        ),
        (
            "extension on view edge",
            "/views/0/edges/0/x-width",
            Some(json!(3)),
            true,
        ),
        (
            "missing point coordinate",
            "/views/0/edges/0/points/0/y",
            None,
            false,
        ),
        ("missing threat status", "/threats/0/status", None, false),
        ("missing flow name allowed", "/dataFlows/0/name", None, true),
        ("empty tags", "/tags", Some(json!([])), true),
        ("object for array", "/tags", Some(json!({})), false),
        ("empty affects", "/threats/0/affects", Some(json!([])), true),
        ("array for string", "/title", Some(json!(["t"])), false),
        ("empty id string", "/id", Some(json!("")), true),
    ];
    for (name, pointer, replacement, expected) in cases {
        let value = edited(pointer, replacement);
        let typed = typed_accepts(&value);
        let schema = schema_accepts(&value);
        assert_eq!(typed, schema, "{name}: typed {typed} but schema {schema}");
        assert_eq!(typed, expected, "{name}: accepted");
        assert_eq!(
            typed_accepts_text(&value),
            typed,
            "{name}: from_slice and from_value disagree"
        );
    }
}

#[test]
fn non_object_roots_agree() {
    for root in [json!(null), json!([]), json!("doc"), json!(1), json!({})] {
        assert!(
            !typed_accepts(&root),
            "typed deserialization accepts {root}"
        );
        assert!(!schema_accepts(&root), "the schema accepts {root}");
    }
}

/// The full document with every member that version 1.1 added, declared as 1.1.0.
fn full_document_1_1() -> Value {
    let mut value = full_document();
    value["tmif"] = json!("1.1.0");
    value["classification"] = json!("GREEN");
    value["revision"] = json!({"number": 3, "date": "2026-02-01T00:00:00Z", "author": "Ada",
                               "summary": "Adds the database.", "x-ticket": 12});
    value["annotations"] = json!([
        {"id": "n1", "about": ["web", "f1"], "author": "Ada", "role": "security",
         "text": "Check the session handling.", "created": "2026-02-02T10:00:00Z",
         "classification": "AMBER", "x-thread": 1},
        {"id": "n2", "author": "Bo", "role": "legal-and-privacy", "text": "Agreed.",
         "created": "2026-02-03T10:00:00Z", "replyTo": "n1"}
    ]);
    for (collection, label) in [
        ("taxonomies", "CLEAR"),
        ("trustZones", "GREEN"),
        ("elements", "AMBER"),
        ("dataFlows", "AMBER+STRICT"),
        ("dataAssets", "RED"),
        ("trustBoundaries", "GREEN"),
        ("threats", "RED"),
        ("mitigations", "AMBER"),
        ("assumptions", "GREEN"),
        ("views", "CLEAR"),
    ] {
        value[collection][0]["classification"] = json!(label);
    }
    value
}

/// Replacement values aimed at the members that version 1.1 added.
fn palette_1_1() -> Vec<Value> {
    vec![
        json!("RED"),
        json!("AMBER+STRICT"),
        json!("TLP:RED"),
        json!("red"),
        json!("AMBER_STRICT"),
        json!("legal-and-privacy"),
        json!("LegalAndPrivacy"),
        json!(1),
        json!(1.0),
        json!(0),
        json!(9_007_199_254_740_991_u64),
        json!(9_007_199_254_740_992_u64),
        json!(2.5),
        json!({"number": 1}),
        json!({"number": 0}),
        json!({"number": 1, "extra": true}),
        json!([]),
        json!(["n1"]),
        Value::Null,
    ]
}

/// Members that version 1.1 added, with a valid value, to insert anywhere.
const MEMBERS_1_1: &[(&str, &str)] = &[
    ("classification", r#""RED""#),
    ("classification", r#""TLP:AMBER""#),
    ("revision", r#"{"number": 2}"#),
    // NOTE: `"annotations": []` is left out because typed deserialization
    // reads it like an absent member, so `typed_and_gate_accept` cannot see
    // it. The reader checks the text instead, which `empty_annotations_in_1_0`
    // covers.
    (
        "annotations",
        r#"[{"id": "n9", "author": "A", "role": "tester", "text": "t", "created": "2026-01-01T00:00:00Z"}]"#,
    ),
    ("about", r#"["web"]"#),
    ("replyTo", r#""n1""#),
    ("role", r#""developer""#),
];

#[derive(Debug, Clone)]
enum VersionedMutation {
    Any(Mutation),
    Replace { selector: usize, value: usize },
    Insert { selector: usize, member: usize },
}

fn versioned_mutation() -> impl Strategy<Value = VersionedMutation> {
    prop_oneof![
        2 => mutation().prop_map(VersionedMutation::Any),
        2 => (any::<usize>(), 0..palette_1_1().len())
            .prop_map(|(selector, value)| VersionedMutation::Replace { selector, value }),
        2 => (any::<usize>(), 0..MEMBERS_1_1.len())
            .prop_map(|(selector, member)| VersionedMutation::Insert { selector, member }),
    ]
}

/// Applies `mutation` and returns a description of what it did.
fn apply_versioned(value: &mut Value, mutation: &VersionedMutation) -> String {
    match mutation {
        VersionedMutation::Any(mutation) => apply(value, mutation),
        VersionedMutation::Replace {
            selector,
            value: choice,
        } => {
            let all = pointers(value);
            if all.is_empty() {
                return "nothing to mutate".to_owned();
            }
            let pointer = &all[selector % all.len()];
            let replacement = palette_1_1()[*choice].clone();
            let description = format!("set {pointer} to {replacement}");
            *value.pointer_mut(pointer).expect("listed pointer") = replacement;
            description
        }
        VersionedMutation::Insert { selector, member } => {
            let root = String::new();
            let all = pointers(value);
            let objects: Vec<&String> = std::iter::once(&root)
                .chain(all.iter())
                .filter(|pointer| value.pointer(pointer).is_some_and(Value::is_object))
                .collect();
            let pointer = objects[selector % objects.len()].clone();
            let (name, text) = MEMBERS_1_1[*member];
            let inserted: Value = serde_json::from_str(text).expect("a member value is JSON");
            if let Some(Value::Object(members)) = value.pointer_mut(&pointer) {
                members.insert(name.to_owned(), inserted);
            }
            format!("insert {name}: {text} into {pointer:?}")
        }
    }
}

/// Returns whether the reader's fast path accepts `value` as a document
/// of `version`. The fast path is typed deserialization, then the check
/// that rejects members the version does not define.
fn typed_and_gate_accept(value: &Value, version: FormatVersion) -> bool {
    match serde_json::from_value::<Document>(value.clone()) {
        Ok(document) => tmif::model::members_newer_than(&document, version).is_empty(),
        Err(_) => false,
    }
}

fn check_versioned_agreement(
    value: &Value,
    version: FormatVersion,
    what: &str,
) -> Result<(), TestCaseError> {
    let typed = typed_and_gate_accept(value, version);
    let schema = tmif::shape::validator(version).is_valid(value);
    prop_assert_eq!(
        typed,
        schema,
        "as {}: typed and gate {} but schema {} after: {}",
        version,
        typed,
        schema,
        what
    );
    let text = serde_json::to_vec(value).expect("a value serializes");
    let parsed = tmif::load::parse(&text, tmif::Syntax::Json);
    prop_assert_eq!(
        parsed.document.is_some(),
        schema,
        "as {}: the reader returns a document {} but schema {} after: {}",
        version,
        parsed.document.is_some(),
        schema,
        what
    );
    let explained = tmif::shape::explain(value, version);
    prop_assert_eq!(
        explained.is_empty(),
        schema,
        "as {}: explain lists {:?} after: {}",
        version,
        explained,
        what
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn versioned_documents_agree(
        with_1_1_members in any::<bool>(),
        declare_1_1 in any::<bool>(),
        mutations in prop::collection::vec(versioned_mutation(), 0..3),
    ) {
        let mut value = if with_1_1_members { full_document_1_1() } else { full_document() };
        let mut done = Vec::new();
        for mutation in &mutations {
            done.push(apply_versioned(&mut value, mutation));
        }
        let version = if declare_1_1 { FormatVersion::V1_1 } else { FormatVersion::V1_0 };
        // The declared version picks the schema, so it is set after the mutations.
        if value.is_object() {
            value["tmif"] = json!(version.as_str());
        }
        check_versioned_agreement(&value, version, &done.join("; "))?;
    }
}

#[test]
fn full_1_1_document_versions() {
    let mut value = full_document_1_1();
    let validation = tmif::validate(&serde_json::to_vec(&value).unwrap(), tmif::Syntax::Json);
    assert!(
        validation.is_valid(),
        "the full 1.1 document is invalid: {:?}",
        validation.diagnostics
    );
    assert!(
        typed_and_gate_accept(&value, FormatVersion::V1_1),
        "typed deserialization and the gate reject the full 1.1 document"
    );
    assert!(
        tmif::shape::validator(FormatVersion::V1_1).is_valid(&value),
        "the 1.1 schema rejects the full 1.1 document"
    );

    value["tmif"] = json!("1.0.0");
    assert!(
        !typed_and_gate_accept(&value, FormatVersion::V1_0),
        "typed deserialization and the gate accept 1.1 members under 1.0.0"
    );
    assert!(
        !tmif::shape::validator(FormatVersion::V1_0).is_valid(&value),
        "the 1.0 schema accepts 1.1 members"
    );
}

#[test]
fn v1_1_member_edge_cases_agree() {
    let cases: Vec<(&str, &str, Value, bool)> = vec![
        (
            "label with prefix",
            "/classification",
            json!("TLP:RED"),
            false,
        ),
        (
            "label in lower case",
            "/classification",
            json!("red"),
            false,
        ),
        (
            "strict amber",
            "/elements/0/classification",
            json!("AMBER+STRICT"),
            true,
        ),
        (
            "null label",
            "/elements/0/classification",
            Value::Null,
            false,
        ),
        (
            "label on view node",
            "/views/0/nodes/0/classification",
            json!("RED"),
            false,
        ),
        (
            "label on taxonomy entry",
            "/taxonomies/0/entries/0/classification",
            json!("RED"),
            false,
        ),
        (
            "label on reference",
            "/threats/0/references/0/classification",
            json!("RED"),
            false,
        ),
        ("revision number zero", "/revision/number", json!(0), false),
        (
            "revision number whole float",
            "/revision/number",
            json!(4.0),
            true,
        ),
        (
            "revision number fraction",
            "/revision/number",
            json!(4.5),
            false,
        ),
        (
            "revision number largest",
            "/revision/number",
            json!(9_007_199_254_740_991_u64),
            true,
        ),
        (
            "revision number too large",
            "/revision/number",
            json!(9_007_199_254_740_992_u64),
            false,
        ),
        (
            "revision number string",
            "/revision/number",
            json!("4"),
            false,
        ),
        (
            "revision unknown member",
            "/revision/by",
            json!("Ada"),
            false,
        ),
        (
            "annotation role other",
            "/annotations/0/role",
            json!("other"),
            true,
        ),
        (
            "annotation role unknown",
            "/annotations/0/role",
            json!("ceo"),
            false,
        ),
        (
            "annotation null reply",
            "/annotations/1/replyTo",
            Value::Null,
            false,
        ),
        (
            "annotation unknown member",
            "/annotations/0/subject",
            json!("x"),
            false,
        ),
        (
            "annotation extension",
            "/annotations/1/x-mood",
            json!("calm"),
            true,
        ),
        ("annotations not an array", "/annotations", json!({}), false),
        (
            "revision on element",
            "/elements/0/revision",
            json!({"number": 1}),
            false,
        ),
        (
            "annotations on element",
            "/elements/0/annotations",
            json!([]),
            false,
        ),
    ];
    for (name, pointer, replacement, expected) in cases {
        let mut value = full_document_1_1();
        let (parent, token) = pointer.rsplit_once('/').unwrap();
        let target = value
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{name}: no object at {parent}"));
        target.insert(token.to_owned(), replacement);
        for version in [FormatVersion::V1_0, FormatVersion::V1_1] {
            value["tmif"] = json!(version.as_str());
            let typed = typed_and_gate_accept(&value, version);
            let schema = tmif::shape::validator(version).is_valid(&value);
            assert_eq!(
                typed, schema,
                "{name} as {version}: typed and gate {typed} but schema {schema}"
            );
        }
        value["tmif"] = json!("1.1.0");
        assert_eq!(
            typed_and_gate_accept(&value, FormatVersion::V1_1),
            expected,
            "{name}: accepted as 1.1"
        );
    }
}

#[test]
fn empty_annotations_in_1_0() {
    let mut value = full_document();
    value["annotations"] = json!([]);
    assert!(
        !tmif::shape::validator(FormatVersion::V1_0).is_valid(&value),
        "the 1.0 schema accepts an empty annotations array"
    );
    let text = serde_json::to_vec(&value).unwrap();
    let parsed = tmif::load::parse(&text, tmif::Syntax::Json);
    assert!(
        parsed.document.is_none(),
        "the reader accepts an empty annotations array in a 1.0 document"
    );
}
