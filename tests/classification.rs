//! Effective classification labels on small documents, one case per way an
//! object inherits a label, and the TMIF2009 warning for a label that has
//! no effect.

use proptest::prelude::*;
use serde_json::{Value, json};
use tmif::classification::{Labels, effective_labels};
use tmif::model::{Annotation, Assumption, Extensions, Id, Role, Tlp, TrustBoundary};
use tmif::{Document, GenerateOptions};

/// Builds a 1.1 document from the members in `members`.
fn document(members: Value) -> Document {
    let mut value = json!({"tmif": "1.1.0", "id": "doc", "title": "Labels"});
    for (name, member) in members.as_object().expect("members are an object") {
        value[name] = member.clone();
    }
    serde_json::from_value(value)
        .unwrap_or_else(|error| panic!("the case document does not deserialize: {error}"))
}

fn element(id: &str, extra: Value) -> Value {
    let mut value = json!({"id": id, "name": id, "kind": "process"});
    for (name, member) in extra.as_object().expect("extra members are an object") {
        value[name] = member.clone();
    }
    value
}

fn annotation(id: &str, extra: Value) -> Value {
    let mut value = json!({"id": id, "author": "Ada", "role": "security", "text": "Note.",
                           "created": "2026-01-01T00:00:00Z"});
    for (name, member) in extra.as_object().expect("extra members are an object") {
        value[name] = member.clone();
    }
    value
}

fn label(text: &str) -> Tlp {
    Tlp::parse(text).unwrap_or_else(|| panic!("`{text}` is no label"))
}

/// A case: its name, the document members, and the expected label of each listed id.
type Case = (&'static str, Value, Vec<(&'static str, &'static str)>);

fn cases() -> Vec<Case> {
    vec![
        (
            "no labels",
            json!({"elements": [element("e", json!({}))]}),
            vec![("doc", "CLEAR"), ("e", "CLEAR")],
        ),
        (
            "document floor",
            json!({"classification": "AMBER",
                   "elements": [element("e", json!({})), element("low", json!({"classification": "GREEN"})),
                                element("high", json!({"classification": "RED"}))],
                   "dataAssets": [{"id": "asset", "name": "Asset"}],
                   "mitigations": [{"id": "m", "title": "M", "status": "proposed"}]}),
            vec![
                ("doc", "AMBER"),
                ("e", "AMBER"),
                ("low", "AMBER"),
                ("high", "RED"),
                ("asset", "AMBER"),
                ("m", "AMBER"),
            ],
        ),
        (
            "zone parent chain",
            json!({"trustZones": [
                {"id": "top", "name": "Top", "classification": "RED"},
                {"id": "mid", "name": "Mid", "parent": "top"},
                {"id": "low", "name": "Low", "parent": "mid", "classification": "GREEN"},
                {"id": "apart", "name": "Apart", "classification": "GREEN"}
            ]}),
            vec![
                ("top", "RED"),
                ("mid", "RED"),
                ("low", "RED"),
                ("apart", "GREEN"),
            ],
        ),
        (
            "zone child listed first",
            json!({"trustZones": [
                {"id": "child", "name": "Child", "parent": "outer"},
                {"id": "outer", "name": "Outer", "classification": "AMBER+STRICT"}
            ]}),
            vec![("child", "AMBER+STRICT"), ("outer", "AMBER+STRICT")],
        ),
        (
            "element in zone",
            json!({"trustZones": [
                      {"id": "top", "name": "Top", "classification": "AMBER"},
                      {"id": "inner", "name": "Inner", "parent": "top"}],
                   "elements": [element("in-top", json!({"zone": "top"})),
                                element("in-inner", json!({"zone": "inner"})),
                                element("outside", json!({}))]}),
            vec![
                ("in-top", "AMBER"),
                ("in-inner", "AMBER"),
                ("outside", "CLEAR"),
            ],
        ),
        (
            "element with parent element",
            json!({"trustZones": [{"id": "z", "name": "Z", "classification": "RED"}],
                   "elements": [element("child", json!({"parent": "host"})),
                                element("host", json!({"classification": "AMBER"})),
                                element("grandchild", json!({"parent": "child"})),
                                element("zoned", json!({"zone": "z"})),
                                element("in-zoned", json!({"parent": "zoned"}))]}),
            vec![
                ("host", "AMBER"),
                ("child", "AMBER"),
                ("grandchild", "AMBER"),
                ("zoned", "RED"),
                ("in-zoned", "RED"),
            ],
        ),
        (
            "flow carrying red asset",
            json!({"elements": [element("a", json!({})), element("b", json!({}))],
                   "dataAssets": [{"id": "secret", "name": "Secret", "classification": "RED"}],
                   "dataFlows": [{"id": "f", "source": "a", "target": "b", "dataAssets": ["secret"]},
                                 {"id": "plain", "source": "a", "target": "b"}]}),
            vec![
                ("secret", "RED"),
                ("f", "RED"),
                ("plain", "CLEAR"),
                ("a", "CLEAR"),
                ("b", "CLEAR"),
            ],
        ),
        (
            "flow from amber source",
            json!({"elements": [element("a", json!({"classification": "AMBER"})),
                                element("b", json!({"classification": "GREEN"}))],
                   "dataFlows": [{"id": "out", "source": "a", "target": "b"},
                                 {"id": "back", "source": "b", "target": "a"}]}),
            vec![("out", "AMBER"), ("back", "AMBER")],
        ),
        (
            "flow from element in zone",
            json!({"trustZones": [{"id": "z", "name": "Z", "classification": "AMBER"}],
                   "elements": [element("a", json!({"zone": "z"})), element("b", json!({}))],
                   "dataFlows": [{"id": "f", "source": "b", "target": "a"}]}),
            vec![("f", "AMBER")],
        ),
        (
            "boundary between zones",
            json!({"trustZones": [{"id": "red", "name": "R", "classification": "RED"},
                                  {"id": "open", "name": "O"}],
                   "trustBoundaries": [{"id": "edge", "name": "Edge", "zones": ["red", "open"]}]}),
            vec![("edge", "RED"), ("open", "CLEAR")],
        ),
        (
            "threat affecting red element",
            json!({"elements": [element("vault", json!({"classification": "RED"})),
                                element("web", json!({}))],
                   "threats": [{"id": "t", "title": "T", "status": "open", "affects": ["web", "vault"],
                                "mitigations": ["m"]},
                               {"id": "t-web", "title": "T", "status": "open", "affects": ["web"]}],
                   "mitigations": [{"id": "m", "title": "M", "status": "proposed"}]}),
            vec![("t", "RED"), ("t-web", "CLEAR"), ("m", "CLEAR")],
        ),
        (
            "threat affecting flow",
            json!({"elements": [element("a", json!({})), element("b", json!({}))],
                   "dataAssets": [{"id": "secret", "name": "Secret", "classification": "AMBER"}],
                   "dataFlows": [{"id": "f", "source": "a", "target": "b", "dataAssets": ["secret"]}],
                   "threats": [{"id": "t", "title": "T", "status": "open", "affects": ["f"]}]}),
            vec![("t", "AMBER")],
        ),
        (
            "assumption",
            json!({"elements": [element("vault", json!({"classification": "RED"})),
                                element("web", json!({}))],
                   "threats": [{"id": "t", "title": "T", "status": "open", "affects": ["vault"]}],
                   "mitigations": [{"id": "m", "title": "M", "status": "proposed",
                                    "classification": "GREEN"}],
                   "assumptions": [{"id": "on-threat", "description": "D", "affects": ["t"]},
                                   {"id": "on-web", "description": "D", "affects": ["web"]},
                                   {"id": "on-mitigation", "description": "D", "affects": ["m"]},
                                   {"id": "own", "description": "D", "classification": "AMBER"}]}),
            vec![
                ("on-threat", "RED"),
                ("on-web", "CLEAR"),
                ("on-mitigation", "GREEN"),
                ("own", "AMBER"),
            ],
        ),
        (
            "annotation about red object",
            json!({"elements": [element("vault", json!({"classification": "RED"})),
                                element("web", json!({}))],
                   "annotations": [annotation("on-vault", json!({"about": ["web", "vault"]})),
                                   annotation("on-web", json!({"about": ["web"]})),
                                   annotation("on-model", json!({"about": ["doc"]})),
                                   annotation("general", json!({}))]}),
            vec![
                ("on-vault", "RED"),
                ("on-web", "CLEAR"),
                ("on-model", "CLEAR"),
                ("general", "CLEAR"),
            ],
        ),
        (
            "reply to red annotation",
            json!({"annotations": [annotation("root", json!({"classification": "RED"})),
                                   annotation("reply", json!({"replyTo": "root"})),
                                   annotation("reply-2", json!({"replyTo": "reply"})),
                                   annotation("other", json!({}))]}),
            vec![
                ("root", "RED"),
                ("reply", "RED"),
                ("reply-2", "RED"),
                ("other", "CLEAR"),
            ],
        ),
        (
            "reply listed before answered",
            json!({"elements": [element("vault", json!({"classification": "AMBER"}))],
                   "annotations": [annotation("reply", json!({"replyTo": "root"})),
                                   annotation("root", json!({"about": ["vault"]}))]}),
            vec![("reply", "AMBER"), ("root", "AMBER")],
        ),
        (
            "annotation about red annotation",
            json!({"annotations": [annotation("secret", json!({"classification": "RED"})),
                                   annotation("meta", json!({"about": ["secret"]})),
                                   annotation("early", json!({"about": ["late"]})),
                                   annotation("late", json!({"classification": "AMBER"}))]}),
            vec![("meta", "RED"), ("early", "AMBER")],
        ),
        (
            "parent cycle",
            json!({"trustZones": [
                      {"id": "z1", "name": "Z1", "parent": "z2", "classification": "RED"},
                      {"id": "z2", "name": "Z2", "parent": "z1"},
                      {"id": "self", "name": "Self", "parent": "self"}],
                   "elements": [element("e1", json!({"parent": "e2"})),
                                element("e2", json!({"parent": "e1", "classification": "AMBER"})),
                                element("e-self", json!({"parent": "e-self"}))],
                   "annotations": [annotation("a1", json!({"replyTo": "a2", "classification": "GREEN"})),
                                   annotation("a2", json!({"replyTo": "a1"}))]}),
            vec![
                ("z1", "RED"),
                ("z2", "RED"),
                ("self", "CLEAR"),
                ("e1", "AMBER"),
                ("e2", "AMBER"),
                ("e-self", "CLEAR"),
                ("a1", "GREEN"),
                ("a2", "GREEN"),
            ],
        ),
        (
            "dangling references",
            json!({"classification": "GREEN",
                   "trustZones": [{"id": "z", "name": "Z", "parent": "nowhere"}],
                   "elements": [element("e", json!({"zone": "missing", "parent": "gone"}))],
                   "dataFlows": [{"id": "f", "source": "e", "target": "absent", "dataAssets": ["none"]}],
                   "trustBoundaries": [{"id": "b", "name": "B", "zones": ["z", "void"]}],
                   "threats": [{"id": "t", "title": "T", "status": "open", "affects": ["nothing"]}],
                   "assumptions": [{"id": "a", "description": "D", "affects": ["nobody"]}],
                   "annotations": [annotation("n", json!({"about": ["unknown"], "replyTo": "lost"}))]}),
            vec![
                ("z", "GREEN"),
                ("e", "GREEN"),
                ("f", "GREEN"),
                ("b", "GREEN"),
                ("t", "GREEN"),
                ("a", "GREEN"),
                ("n", "GREEN"),
            ],
        ),
        (
            "duplicate zone ids",
            json!({"trustZones": [{"id": "z", "name": "First", "classification": "RED"},
                                  {"id": "z", "name": "Second", "classification": "GREEN"}],
                   "elements": [element("e", json!({"zone": "z"}))]}),
            vec![("z", "RED"), ("e", "RED")],
        ),
        (
            "duplicate element ids",
            json!({"elements": [element("e", json!({"classification": "AMBER"})),
                                element("e", json!({})),
                                element("child", json!({"parent": "e"}))]}),
            vec![("e", "AMBER"), ("child", "AMBER")],
        ),
        (
            "duplicate annotation ids",
            json!({"annotations": [annotation("n", json!({"classification": "RED"})),
                                   annotation("n", json!({})),
                                   annotation("reply", json!({"replyTo": "n"}))]}),
            vec![("n", "RED"), ("reply", "RED")],
        ),
    ]
}

#[test]
fn effective_label_table() {
    for (name, members, expected) in cases() {
        let labels = effective_labels(&document(members));
        for (id, text) in expected {
            assert_eq!(
                labels.get(id),
                Some(label(text)),
                "{name}: effective label of `{id}`"
            );
        }
    }
}

#[test]
fn document_label_is_floor() {
    for floor in Tlp::ALL {
        let labels = effective_labels(&document(json!({"classification": floor.as_str(),
            "elements": [element("e", json!({}))]})));
        assert_eq!(labels.document(), floor, "document label {floor}");
        assert_eq!(labels.get("e"), Some(floor), "element under {floor}");
        assert_eq!(labels.get("doc"), Some(floor), "document id under {floor}");
    }
}

#[test]
fn unknown_id_has_no_label() {
    let labels = effective_labels(&document(json!({"elements": [element("e", json!({}))]})));
    assert_eq!(labels.get("missing"), None, "label of an unknown id");
}

#[test]
fn every_object_listed() {
    let labels = effective_labels(&document(json!({
        "taxonomies": [{"id": "tx", "name": "T", "entries": [{"id": "T1", "name": "One"}]}],
        "trustZones": [{"id": "z", "name": "Z"}],
        "elements": [element("e", json!({}))],
        "dataFlows": [{"id": "f", "source": "e", "target": "e"}],
        "dataAssets": [{"id": "d", "name": "D"}],
        "trustBoundaries": [{"id": "b", "name": "B"}],
        "threats": [{"id": "t", "title": "T", "status": "open"}],
        "mitigations": [{"id": "m", "title": "M", "status": "proposed"}],
        "assumptions": [{"id": "a", "description": "D"}],
        "annotations": [annotation("n", json!({}))],
        "views": [{"id": "v", "name": "V"}]
    })));
    let mut ids: Vec<&str> = labels.iter().map(|(id, _)| id).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "a", "b", "d", "doc", "e", "f", "m", "n", "t", "tx", "v", "z"
        ],
        "ids with an effective label"
    );
}

/// Validates a 1.1 document with `members` and lists the pointers of its
/// TMIF2009 warnings.
fn ineffective(members: Value) -> Vec<String> {
    let mut value = json!({"tmif": "1.1.0", "id": "doc", "title": "Labels"});
    for (name, member) in members.as_object().expect("members are an object") {
        value[name] = member.clone();
    }
    let validation = tmif::validate(&serde_json::to_vec(&value).unwrap(), tmif::Syntax::Json);
    let errors: Vec<String> = validation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} at {}", d.code, d.pointer))
        .collect();
    assert!(
        errors.is_empty(),
        "the case document has errors: {errors:?}"
    );
    validation
        .diagnostics
        .iter()
        .filter(|d| d.code == "TMIF2009")
        .map(|d| {
            assert_eq!(d.level, tmif::Level::Warning, "level of TMIF2009");
            d.pointer.clone()
        })
        .collect()
}

#[test]
fn ineffective_label_warnings() {
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "below document label",
            json!({"classification": "AMBER",
                   "elements": [element("e", json!({"classification": "GREEN"}))]}),
            vec!["/elements/0/classification"],
        ),
        (
            "equal to document label",
            json!({"classification": "AMBER",
                   "elements": [element("e", json!({"classification": "AMBER"}))]}),
            vec![],
        ),
        (
            "above document label",
            json!({"classification": "GREEN",
                   "elements": [element("e", json!({"classification": "RED"}))]}),
            vec![],
        ),
        (
            "below zone label",
            json!({"trustZones": [{"id": "z", "name": "Z", "classification": "RED"}],
                   "elements": [element("ok", json!({"zone": "z", "classification": "RED"})),
                                element("low", json!({"zone": "z", "classification": "AMBER"}))]}),
            vec!["/elements/1/classification"],
        ),
        (
            "below parent zone",
            json!({"trustZones": [{"id": "top", "name": "Top", "classification": "AMBER+STRICT"},
                                  {"id": "in", "name": "In", "parent": "top", "classification": "AMBER"}]}),
            vec!["/trustZones/1/classification"],
        ),
        (
            "flow below source",
            json!({"elements": [element("a", json!({"classification": "AMBER"})),
                                element("b", json!({}))],
                   "dataFlows": [{"id": "f", "source": "a", "target": "b", "classification": "CLEAR"},
                                 {"id": "g", "source": "b", "target": "b", "classification": "CLEAR"}]}),
            vec!["/dataFlows/0/classification"],
        ),
        (
            "threat below affected",
            json!({"elements": [element("vault", json!({"classification": "RED"}))],
                   "threats": [{"id": "t", "title": "T", "status": "open", "affects": ["vault"],
                                "classification": "AMBER"}]}),
            vec!["/threats/0/classification"],
        ),
        (
            "annotation below subject",
            json!({"elements": [element("vault", json!({"classification": "RED"}))],
                   "annotations": [annotation("n", json!({"about": ["vault"], "classification": "GREEN"})),
                                   annotation("r", json!({"replyTo": "n", "classification": "AMBER"}))]}),
            vec![
                "/annotations/0/classification",
                "/annotations/1/classification",
            ],
        ),
        (
            "document label alone",
            json!({"classification": "RED"}),
            vec![],
        ),
        (
            "labels without inheritance",
            json!({"dataAssets": [{"id": "d", "name": "D", "classification": "GREEN"}],
                   "mitigations": [{"id": "m", "title": "M", "status": "proposed", "classification": "CLEAR"}],
                   "views": [{"id": "v", "name": "V", "classification": "AMBER"}]}),
            vec![],
        ),
    ];
    for (name, members, expected) in cases {
        let mut found = ineffective(members);
        found.sort();
        assert_eq!(found, expected, "{name}: TMIF2009 pointers");
    }
}

/// Random 1.1 content for a generated document, as indexes into its objects.
#[derive(Debug, Clone)]
struct Labelling {
    floor: Option<usize>,
    labels: Vec<(usize, usize)>,
    zone_parents: Vec<(usize, usize)>,
    element_parents: Vec<(usize, usize)>,
    annotations: Vec<(Vec<usize>, Option<usize>, Option<usize>)>,
}

fn labelling() -> impl Strategy<Value = Labelling> {
    let label = 0..Tlp::ALL.len();
    (
        prop::option::of(label.clone()),
        prop::collection::vec((any::<usize>(), label.clone()), 0..10),
        prop::collection::vec((any::<usize>(), any::<usize>()), 0..3),
        prop::collection::vec((any::<usize>(), any::<usize>()), 0..4),
        prop::collection::vec(
            (
                prop::collection::vec(any::<usize>(), 0..3),
                prop::option::of(any::<usize>()),
                prop::option::of(label),
            ),
            0..6,
        ),
    )
        .prop_map(
            |(floor, labels, zone_parents, element_parents, annotations)| Labelling {
                floor,
                labels,
                zone_parents,
                element_parents,
                annotations,
            },
        )
}

/// Returns the own label of the object at position `selector`, counting
/// through all collections in turn.
fn own_label_slot(document: &mut Document, selector: usize) -> Option<&mut Option<Tlp>> {
    let counts = [
        document.trust_zones.len(),
        document.elements.len(),
        document.data_flows.len(),
        document.data_assets.len(),
        document.trust_boundaries.len(),
        document.threats.len(),
        document.mitigations.len(),
        document.assumptions.len(),
        document.annotations.len(),
    ];
    let total: usize = counts.iter().sum();
    if total == 0 {
        return None;
    }
    let mut at = selector % total;
    let mut collection = 0;
    while at >= counts[collection] {
        at -= counts[collection];
        collection += 1;
    }
    Some(match collection {
        0 => &mut document.trust_zones[at].classification,
        1 => &mut document.elements[at].classification,
        2 => &mut document.data_flows[at].classification,
        3 => &mut document.data_assets[at].classification,
        4 => &mut document.trust_boundaries[at].classification,
        5 => &mut document.threats[at].classification,
        6 => &mut document.mitigations[at].classification,
        7 => &mut document.assumptions[at].classification,
        _ => &mut document.annotations[at].classification,
    })
}

/// Builds a generated document with `labelling` applied: parent links
/// that may loop, a boundary, an assumption, and annotations whose links
/// may point forward, at themselves or in loops.
fn labelled_document(elements: usize, seed: u64, labelling: &Labelling) -> Document {
    let mut document = tmif::generate(GenerateOptions { elements, seed });
    document.tmif = "1.1.0".into();
    document.classification = labelling.floor.map(|i| Tlp::ALL[i]);

    let zone_count = document.trust_zones.len();
    for (child, parent) in &labelling.zone_parents {
        let parent = document.trust_zones[parent % zone_count].id.clone();
        document.trust_zones[child % zone_count].parent = Some(parent);
    }
    let element_count = document.elements.len();
    for (child, parent) in &labelling.element_parents {
        let parent = document.elements[parent % element_count].id.clone();
        document.elements[child % element_count].parent = Some(parent);
    }
    let zones: Vec<Id> = document.trust_zones.iter().map(|z| z.id.clone()).collect();
    document.trust_boundaries.push(TrustBoundary {
        id: "boundary".into(),
        name: Some("Boundary".into()),
        description: None,
        zones: zones.iter().take(2).cloned().collect(),
        crossing_flows: Vec::new(),
        classification: None,
        tags: Vec::new(),
        extensions: Extensions::default(),
    });
    let mut affected: Vec<Id> = document.threats.iter().map(|t| t.id.clone()).collect();
    affected.push(document.elements[0].id.clone());
    document.assumptions.push(Assumption {
        id: "assumption".into(),
        description: "Assumed.".into(),
        affects: affected,
        classification: None,
        tags: Vec::new(),
        extensions: Extensions::default(),
    });

    let mut ids: Vec<Id> = vec![document.id.clone()];
    ids.extend(document.trust_zones.iter().map(|x| x.id.clone()));
    ids.extend(document.elements.iter().map(|x| x.id.clone()));
    ids.extend(document.data_flows.iter().map(|x| x.id.clone()));
    ids.extend(document.data_assets.iter().map(|x| x.id.clone()));
    ids.extend(document.threats.iter().map(|x| x.id.clone()));
    let count = labelling.annotations.len();
    ids.extend((0..count).map(|k| Id::from(format!("note-{k}"))));
    for (k, (about, reply_to, label)) in labelling.annotations.iter().enumerate() {
        document.annotations.push(Annotation {
            id: format!("note-{k}").into(),
            about: about.iter().map(|i| ids[i % ids.len()].clone()).collect(),
            author: "Ada".into(),
            role: Role::Security,
            text: "Note.".into(),
            created: "2026-01-01T00:00:00Z".into(),
            reply_to: reply_to.map(|i| Id::from(format!("note-{}", i % count))),
            classification: label.map(|i| Tlp::ALL[i]),
            extensions: Extensions::default(),
        });
    }

    for (selector, label) in &labelling.labels {
        if let Some(slot) = own_label_slot(&mut document, *selector) {
            *slot = Some(Tlp::ALL[*label]);
        }
    }
    document
}

/// Checks that the label of `id` is the strictest of the document label,
/// its own label and the labels of the objects in `links` that exist.
fn check_definition<'a>(
    labels: &Labels,
    kind: &str,
    id: &Id,
    own: Option<Tlp>,
    links: impl Iterator<Item = &'a Id>,
) -> Result<(), TestCaseError> {
    let mut expected = own.unwrap_or(Tlp::Clear).max(labels.document());
    for link in links {
        if let Some(label) = labels.get(link.as_str()) {
            expected = expected.max(label);
        }
    }
    prop_assert_eq!(
        labels.get(id.as_str()),
        Some(expected),
        "{} `{}`: effective label",
        kind,
        id.as_str()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn labels_satisfy_definition(
        elements in 1usize..10,
        seed in any::<u64>(),
        labelling in labelling(),
    ) {
        let document = labelled_document(elements, seed, &labelling);
        let labels = effective_labels(&document);
        let none = std::iter::empty::<&Id>;

        check_definition(&labels, "document", &document.id, document.classification, none())?;
        for x in &document.trust_zones {
            check_definition(&labels, "zone", &x.id, x.classification, x.parent.iter())?;
        }
        for x in &document.elements {
            let links = x.zone.iter().chain(&x.parent);
            check_definition(&labels, "element", &x.id, x.classification, links)?;
        }
        for x in &document.data_flows {
            let links = [&x.source, &x.target].into_iter().chain(&x.data_assets);
            check_definition(&labels, "flow", &x.id, x.classification, links)?;
        }
        for x in &document.data_assets {
            check_definition(&labels, "asset", &x.id, x.classification, none())?;
        }
        for x in &document.trust_boundaries {
            check_definition(&labels, "boundary", &x.id, x.classification, x.zones.iter())?;
        }
        for x in &document.threats {
            check_definition(&labels, "threat", &x.id, x.classification, x.affects.iter())?;
        }
        for x in &document.mitigations {
            check_definition(&labels, "mitigation", &x.id, x.classification, none())?;
        }
        for x in &document.assumptions {
            check_definition(&labels, "assumption", &x.id, x.classification, x.affects.iter())?;
        }
        for x in &document.annotations {
            let links = x.about.iter().chain(&x.reply_to);
            check_definition(&labels, "annotation", &x.id, x.classification, links)?;
        }
    }
}
