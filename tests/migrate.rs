//! Migration between format versions, checked on generated documents with
//! random 1.1 content: labels, annotations, revision metadata and
//! extension members.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{Value, json};
use tmif::migrate::{Migration, migrate};
use tmif::model::Tlp;
use tmif::{Document, FormatVersion, GenerateOptions, Syntax};

/// The collections of identifiable objects in a document.
const COLLECTIONS: &[&str] = &[
    "taxonomies",
    "trustZones",
    "elements",
    "dataFlows",
    "dataAssets",
    "trustBoundaries",
    "threats",
    "mitigations",
    "assumptions",
    "views",
];

const ROLES: &[&str] = &[
    "developer",
    "architect",
    "security",
    "product",
    "management",
    "operations",
    "legal-and-privacy",
    "tester",
    "other",
];

/// Builds a valid 1.0 document with at least one object in every collection.
fn every_collection() -> Value {
    json!({
        "tmif": "1.0.0",
        "id": "every",
        "title": "Every collection",
        "license": "Apache-2.0",
        "taxonomies": [{"id": "acme", "name": "ACME threats",
                        "entries": [{"id": "A1", "name": "Abuse"}]}],
        "trustZones": [
            {"id": "internet", "name": "Internet", "trustLevel": 0},
            {"id": "dmz", "name": "DMZ", "parent": "internet", "trustLevel": 40}
        ],
        "elements": [
            {"id": "browser", "name": "Browser", "kind": "external-entity", "zone": "internet"},
            {"id": "web", "name": "Web", "kind": "process", "zone": "dmz"},
            {"id": "db", "name": "DB", "kind": "data-store", "parent": "web", "storedAssets": ["orders"]}
        ],
        "dataFlows": [
            {"id": "f1", "source": "browser", "target": "web", "dataAssets": ["orders"]}
        ],
        "dataAssets": [{"id": "orders", "name": "Orders", "confidentiality": "high"}],
        "trustBoundaries": [{"id": "b1", "name": "Edge", "zones": ["internet", "dmz"],
                             "crossingFlows": ["f1"]}],
        "threats": [
            {"id": "t1", "title": "Spoofed session",
             "categories": [{"taxonomy": "STRIDE", "id": "S"}],
             "affects": ["f1"], "status": "mitigated", "mitigations": ["m1"]}
        ],
        "mitigations": [{"id": "m1", "title": "Rotate sessions", "status": "implemented"}],
        "assumptions": [{"id": "a1", "description": "TLS ends at the edge", "affects": ["t1"]}],
        "views": [{"id": "v1", "name": "Overview",
                   "nodes": [{"object": "web", "x": 10, "y": 20}],
                   "edges": [{"object": "f1"}]}]
    })
}

/// Returns a valid 1.0 document, the hand-made one or a generated one, as
/// the model types write it, so that numbers such as `40` read back as `40.0`.
fn base_document(choice: u8, elements: usize, seed: u64) -> Value {
    let mut document = if choice == 0 {
        to_document(&every_collection())
    } else {
        tmif::generate(GenerateOptions { elements, seed })
    };
    document.tmif = FormatVersion::V1_0.as_str().to_owned();
    to_value(&document)
}

/// Lists the pointers of the root and of every identifiable object, root first.
fn object_pointers(value: &Value) -> Vec<String> {
    let mut pointers = vec![String::new()];
    for collection in COLLECTIONS {
        if let Some(items) = value[*collection].as_array() {
            pointers.extend((0..items.len()).map(|i| format!("/{collection}/{i}")));
        }
    }
    pointers
}

/// Lists the pointer of every object in `value`, the root included.
fn all_objects(value: &Value) -> Vec<String> {
    fn walk(value: &Value, pointer: String, all: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                all.push(pointer.clone());
                for (name, child) in members {
                    let escaped = name.replace('~', "~0").replace('/', "~1");
                    walk(child, format!("{pointer}/{escaped}"), all);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{pointer}/{i}"), all);
                }
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    walk(value, String::new(), &mut all);
    all
}

/// One annotation to add, with indexes that pick its targets.
#[derive(Debug, Clone)]
struct PlannedAnnotation {
    about: Vec<usize>,
    reply_to: Option<usize>,
    label: Option<usize>,
    role: usize,
    extension: bool,
}

/// Random 1.1 content to add to a 1.0 document.
#[derive(Debug, Clone)]
struct Additions {
    document_label: Option<usize>,
    labels: Vec<(usize, usize)>,
    annotations: Vec<PlannedAnnotation>,
    revision: Option<(u64, bool, bool, bool)>,
}

fn annotation_plan() -> impl Strategy<Value = PlannedAnnotation> {
    (
        prop::collection::vec(any::<usize>(), 0..4),
        prop::option::of(any::<usize>()),
        prop::option::of(0..Tlp::ALL.len()),
        0..ROLES.len(),
        any::<bool>(),
    )
        .prop_map(
            |(about, reply_to, label, role, extension)| PlannedAnnotation {
                about,
                reply_to,
                label,
                role,
                extension,
            },
        )
}

fn additions() -> impl Strategy<Value = Additions> {
    (
        prop::option::of(0..Tlp::ALL.len()),
        prop::collection::vec((any::<usize>(), 0..Tlp::ALL.len()), 0..8),
        prop::collection::vec(annotation_plan(), 0..5),
        prop::option::of((1u64..1_000_000, any::<bool>(), any::<bool>(), any::<bool>())),
    )
        .prop_map(
            |(document_label, labels, annotations, revision)| Additions {
                document_label,
                labels,
                annotations,
                revision,
            },
        )
}

/// Extension values of every JSON type.
fn extension_value(choice: usize) -> Value {
    match choice % 6 {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-3.5),
        3 => json!("text"),
        4 => json!([1, {"a": null}]),
        _ => json!({"nested": {"deep": [true]}}),
    }
}

/// Adds `x-` members to random objects of `value`, named so that they
/// never collide with each other.
fn add_extensions(value: &mut Value, extensions: &[(usize, usize)]) {
    for (n, (selector, choice)) in extensions.iter().enumerate() {
        let objects = all_objects(value);
        let pointer = &objects[selector % objects.len()];
        if let Some(Value::Object(members)) = value.pointer_mut(pointer) {
            members.insert(format!("x-test-{n}"), extension_value(*choice));
        }
    }
}

/// Adds the 1.1 content of `additions` to `value` and declares version 1.1.0.
fn add_1_1_content(value: &mut Value, additions: &Additions) {
    value["tmif"] = json!("1.1.0");
    if let Some(label) = additions.document_label {
        value["classification"] = json!(Tlp::ALL[label].as_str());
    }
    let objects = object_pointers(value);
    for (selector, label) in &additions.labels {
        let pointer = &objects[selector % objects.len()];
        if let Some(Value::Object(members)) = value.pointer_mut(pointer) {
            members.insert("classification".into(), json!(Tlp::ALL[*label].as_str()));
        }
    }

    let mut ids: Vec<String> = objects
        .iter()
        .filter_map(|pointer| value.pointer(&format!("{pointer}/id")))
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let mut annotations = Vec::new();
    for (k, plan) in additions.annotations.iter().enumerate() {
        let id = format!("note-{k}");
        let mut about: Vec<String> = Vec::new();
        for selector in &plan.about {
            let target = ids[selector % ids.len()].clone();
            if !about.contains(&target) {
                about.push(target);
            }
        }
        let mut annotation = json!({
            "id": id,
            "author": format!("Author {k}"),
            "role": ROLES[plan.role],
            "text": "A remark.",
            "created": "2026-03-01T12:00:00Z",
        });
        if !about.is_empty() {
            annotation["about"] = json!(about);
        }
        // Replies only go to earlier annotations, so threads have no loops.
        if let (Some(selector), true) = (plan.reply_to, k > 0) {
            annotation["replyTo"] = json!(format!("note-{}", selector % k));
        }
        if let Some(label) = plan.label {
            annotation["classification"] = json!(Tlp::ALL[label].as_str());
        }
        if plan.extension {
            annotation["x-source"] = json!({"tool": "review"});
        }
        annotations.push(annotation);
        ids.push(id);
    }
    if !annotations.is_empty() {
        value["annotations"] = Value::Array(annotations);
    }

    if let Some((number, date, author, summary)) = additions.revision {
        let mut revision = json!({"number": number});
        if date {
            revision["date"] = json!("2026-03-02T08:30:00Z");
        }
        if author {
            revision["author"] = json!("Ada");
        }
        if summary {
            revision["summary"] = json!("Adds the payment flow.");
            revision["x-ticket"] = json!(17);
        }
        value["revision"] = revision;
    }
}

fn to_document(value: &Value) -> Document {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("the test document does not deserialize: {error}"))
}

fn to_value(document: &Document) -> Value {
    serde_json::to_value(document).expect("a document serializes")
}

fn migrated(document: Document, to: FormatVersion) -> Migration {
    let from = document.tmif.clone();
    migrate(document, to).unwrap_or_else(|error| panic!("migration from {from} to {to}: {error}"))
}

fn validate(value: &Value) -> tmif::Validation {
    let text = serde_json::to_vec(value).expect("a value serializes");
    tmif::validate(&text, Syntax::Json)
}

/// Lists the code, level and pointer of every diagnostic.
fn findings(validation: &tmif::Validation) -> Vec<(String, tmif::Level, String)> {
    validation
        .diagnostics
        .iter()
        .map(|d| (d.code.to_owned(), d.level, d.pointer.clone()))
        .collect()
}

fn errors(validation: &tmif::Validation) -> Vec<String> {
    validation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} at {}: {}", d.code, d.pointer, d.message))
        .collect()
}

/// Collects the JSON Pointer of every place where `a` and `b` differ: a
/// member or item present in one only, or a different scalar value.
fn differences(a: &Value, b: &Value, pointer: &str, out: &mut BTreeSet<String>) {
    match (a, b) {
        (Value::Object(left), Value::Object(right)) => {
            let names: BTreeSet<&String> = left.keys().chain(right.keys()).collect();
            for name in names {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                let child = format!("{pointer}/{escaped}");
                match (left.get(name), right.get(name)) {
                    (Some(x), Some(y)) => differences(x, y, &child, out),
                    _ => {
                        out.insert(child);
                    }
                }
            }
        }
        (Value::Array(left), Value::Array(right)) => {
            for i in 0..left.len().max(right.len()) {
                let child = format!("{pointer}/{i}");
                match (left.get(i), right.get(i)) {
                    (Some(x), Some(y)) => differences(x, y, &child, out),
                    _ => {
                        out.insert(child);
                    }
                }
            }
        }
        _ => {
            if a != b {
                out.insert(pointer.to_owned());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn v1_0_valid_as_v1_1(
        choice in 0u8..3,
        elements in 1usize..15,
        seed in any::<u64>(),
        extensions in prop::collection::vec((any::<usize>(), any::<usize>()), 0..4),
    ) {
        let mut value = base_document(choice, elements, seed);
        add_extensions(&mut value, &extensions);
        let old = validate(&value);
        prop_assert!(old.is_valid(), "the 1.0 document is invalid: {:?}", errors(&old));
        prop_assert_eq!(old.version, Some(FormatVersion::V1_0), "version read of the 1.0 document");

        value["tmif"] = json!("1.1.0");
        let new = validate(&value);
        prop_assert_eq!(errors(&new), Vec::<String>::new(), "errors as 1.1");
        prop_assert_eq!(new.version, Some(FormatVersion::V1_1), "version read after relabelling");
        prop_assert_eq!(findings(&new), findings(&old), "diagnostics as 1.1 and as 1.0");
    }

    #[test]
    fn upgrade_downgrade_identity(
        choice in 0u8..3,
        elements in 1usize..15,
        seed in any::<u64>(),
        extensions in prop::collection::vec((any::<usize>(), any::<usize>()), 0..4),
    ) {
        let mut value = base_document(choice, elements, seed);
        add_extensions(&mut value, &extensions);
        let original = to_document(&value);

        let up = migrated(original.clone(), FormatVersion::V1_1);
        prop_assert!(up.losses.entries.is_empty(), "upgrade losses: {:?}", up.losses.entries);
        prop_assert_eq!(up.from, FormatVersion::V1_0, "upgrade from");
        prop_assert_eq!(up.to, FormatVersion::V1_1, "upgrade to");
        prop_assert_eq!(&up.document.tmif, "1.1.0", "upgraded version string");

        let down = migrated(up.document, FormatVersion::V1_0);
        prop_assert!(down.losses.entries.is_empty(), "downgrade losses: {:?}", down.losses.entries);
        prop_assert_eq!(&down.document, &original, "document after upgrade and downgrade");
    }

    #[test]
    fn downgrade_loses_only_reported(
        choice in 0u8..3,
        elements in 1usize..15,
        seed in any::<u64>(),
        additions in additions(),
        extensions in prop::collection::vec((any::<usize>(), any::<usize>()), 0..6),
    ) {
        let mut value = base_document(choice, elements, seed);
        add_1_1_content(&mut value, &additions);
        add_extensions(&mut value, &extensions);
        let original = validate(&value);
        prop_assert!(original.is_valid(), "the 1.1 document is invalid: {:?}", errors(&original));
        let document = to_document(&value);
        prop_assert_eq!(&to_value(&document), &value, "the test document survives the model types");

        let down = migrated(document, FormatVersion::V1_0);
        let down_value = to_value(&down.document);
        let up = migrated(down.document, FormatVersion::V1_1);
        prop_assert!(up.losses.entries.is_empty(), "upgrade losses: {:?}", up.losses.entries);

        let mut changed = BTreeSet::new();
        differences(&value, &to_value(&up.document), "", &mut changed);
        let reported: BTreeSet<String> =
            down.losses.entries.iter().map(|loss| loss.pointer.clone()).collect();
        prop_assert_eq!(reported.len(), down.losses.entries.len(), "loss pointers are unique");
        prop_assert_eq!(&changed, &reported, "changed pointers and loss pointers");
        for loss in &down.losses.entries {
            prop_assert!(
                value.pointer(&loss.pointer).is_some(),
                "loss pointer {} names no member of the input", loss.pointer
            );
            prop_assert!(
                down_value.pointer(&loss.pointer).is_none(),
                "loss pointer {} is still in the output", loss.pointer
            );
            prop_assert_eq!(loss.kind, tmif::loss::LossKind::Dropped, "kind of {}", &loss.pointer);
            prop_assert!(!loss.reason.is_empty(), "reason of {} is empty", loss.pointer);
        }
    }

    #[test]
    fn downgrade_valid_v1_0(
        choice in 0u8..3,
        elements in 1usize..15,
        seed in any::<u64>(),
        additions in additions(),
        extensions in prop::collection::vec((any::<usize>(), any::<usize>()), 0..6),
    ) {
        let mut value = base_document(choice, elements, seed);
        add_1_1_content(&mut value, &additions);
        add_extensions(&mut value, &extensions);
        let down = migrated(to_document(&value), FormatVersion::V1_0);
        prop_assert_eq!(down.from, FormatVersion::V1_1, "downgrade from");
        prop_assert_eq!(down.to, FormatVersion::V1_0, "downgrade to");

        let text = tmif::canonical::to_string(&down.document);
        let validation = tmif::validate(text.as_bytes(), Syntax::Json);
        prop_assert_eq!(errors(&validation), Vec::<String>::new(), "errors of the downgraded document");
        prop_assert_eq!(validation.version, Some(FormatVersion::V1_0), "version of the downgraded document");
        let schema_ok = tmif::shape::validator(FormatVersion::V1_0)
            .is_valid(&serde_json::from_str::<Value>(&text).expect("canonical text is JSON"));
        prop_assert!(schema_ok, "the 1.0 schema rejects the downgraded document");
    }

    #[test]
    fn same_version_changes_nothing(
        choice in 0u8..3,
        elements in 1usize..15,
        seed in any::<u64>(),
        patch in 0u64..20,
        newer in any::<bool>(),
        additions in additions(),
    ) {
        let mut value = base_document(choice, elements, seed);
        let version = if newer {
            add_1_1_content(&mut value, &additions);
            FormatVersion::V1_1
        } else {
            FormatVersion::V1_0
        };
        let (major, minor) = version.major_minor();
        value["tmif"] = json!(format!("{major}.{minor}.{patch}"));
        let document = to_document(&value);

        let same = migrated(document.clone(), version);
        prop_assert!(same.losses.entries.is_empty(), "losses: {:?}", same.losses.entries);
        prop_assert_eq!(same.from, version, "from");
        prop_assert_eq!(same.to, version, "to");
        prop_assert_eq!(same.document.tmif.as_str(), version.as_str(), "normalized version string");
        let mut expected = document;
        expected.tmif = version.as_str().to_owned();
        prop_assert_eq!(&same.document, &expected, "document apart from the version string");
    }
}

#[test]
fn unknown_versions_not_migrated() {
    for declared in ["2.0.0", "0.9.0", "1.2.0", "1.0", "1.1.0-rc.1", "one"] {
        let mut document = Document::new("m", "Model");
        document.tmif = declared.to_owned();
        for to in FormatVersion::ALL {
            assert!(
                migrate(document.clone(), *to).is_err(),
                "migration of a document declaring {declared} to {to} succeeds"
            );
        }
    }
}

#[test]
fn every_label_site_reported() {
    let mut value = every_collection();
    value["tmif"] = json!("1.1.0");
    value["classification"] = json!("GREEN");
    let mut expected = vec!["/classification".to_owned()];
    for collection in COLLECTIONS {
        value[*collection][0]["classification"] = json!("AMBER");
        expected.push(format!("/{collection}/0/classification"));
    }
    let down = migrated(to_document(&value), FormatVersion::V1_0);
    let mut reported: Vec<String> = down
        .losses
        .entries
        .iter()
        .map(|loss| loss.pointer.clone())
        .collect();
    reported.sort();
    expected.sort();
    assert_eq!(reported, expected, "loss pointers of a label on every kind");
}

#[test]
fn labels_in_v1_0_document_dropped() {
    // A document built in code can declare 1.0 and still hold 1.1 members.
    // Migrating it to 1.0 must still yield a valid 1.0 document and report
    // what it removes.
    let mut document = Document::new("m", "Model");
    document.classification = Some(Tlp::Red);
    let down = migrated(document, FormatVersion::V1_0);
    assert_eq!(
        down.document.classification, None,
        "label left in a 1.0 document"
    );
    let pointers: Vec<&str> = down
        .losses
        .entries
        .iter()
        .map(|loss| loss.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["/classification"], "loss pointers");
}

#[test]
fn examples_valid_as_v1_1() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("the examples folder is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.to_string_lossy().contains(".tmif."))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples in {}", dir.display());
    for file in files {
        let name = file.display().to_string();
        let bytes = std::fs::read(&file).expect("an example is readable");
        let syntax = Syntax::detect(Some(&file), &bytes);
        let mut value = tmif::load::read_value(&bytes, syntax)
            .unwrap_or_else(|error| panic!("{name}: {}", error.message));
        let old = validate(&value);
        assert!(old.is_valid(), "{name}: invalid: {:?}", errors(&old));

        value["tmif"] = json!("1.1.0");
        let new = validate(&value);
        assert_eq!(errors(&new), Vec::<String>::new(), "{name}: errors as 1.1");
        assert_eq!(
            findings(&new),
            findings(&old),
            "{name}: diagnostics as 1.1 and as {}",
            old.version.map(|v| v.to_string()).unwrap_or_default()
        );
    }
}
