//! Effective classification labels on small documents, one case per way an
//! object inherits a label, and the TMIF2009 warning for a label that has
//! no effect.

use serde_json::{Value, json};
use tmif::Document;
use tmif::classification::effective_labels;
use tmif::model::Tlp;

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

/// The pointers of the TMIF2009 warnings of a 1.1 document with `members`.
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
