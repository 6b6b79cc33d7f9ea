//! Import of OWASP Threat Dragon models: exact mappings on small fixtures,
//! determinism, id stability, kept data, and the real-world corpus.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use tmif::Syntax;
use tmif::import::{FormatChoice, Import, ImportError, ImportOptions, LossKind, SourceFormat};
use tmif::model::{Document, ElementKind, Encryption, MitigationStatus, Severity, ThreatStatus};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/threat-dragon")
        .join(name)
}

fn import_bytes(bytes: &[u8], keep_unmapped: bool) -> Result<Import, ImportError> {
    let options = ImportOptions {
        from: FormatChoice::Auto,
        keep_unmapped,
    };
    tmif::import::import(bytes, Syntax::Json, &options)
}

fn import_file(path: &Path, keep_unmapped: bool) -> Result<Import, ImportError> {
    let bytes = std::fs::read(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    import_bytes(&bytes, keep_unmapped)
}

fn import_fixture(name: &str) -> Import {
    import_file(&fixture(name), false).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn import_value(value: &Value) -> Import {
    import_bytes(value.to_string().as_bytes(), false).unwrap_or_else(|error| panic!("{error}"))
}

fn assert_valid(document: &Document) {
    let errors: Vec<String> = tmif::validate_document(document)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}: {}", d.code, d.pointer, d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "imported document is invalid:\n{}",
        errors.join("\n")
    );
}

fn loss(import: &Import, pointer: &str) -> Option<LossKind> {
    import
        .losses
        .entries
        .iter()
        .find(|loss| loss.pointer == pointer)
        .map(|loss| loss.kind)
}

const V1_CELLS: &str = "/detail/diagrams/0/diagramJson/cells";
const ACTOR: &str = "0a1b2c3d-0000-4000-8000-000000000001";
const PROCESS: &str = "0a1b2c3d-0000-4000-8000-000000000002";
const STORE: &str = "0a1b2c3d-0000-4000-8000-000000000003";
const ORDER_FLOW: &str = "0a1b2c3d-0000-4000-8000-000000000004";
const BOUNDARY: &str = "0a1b2c3d-0000-4000-8000-000000000006";

#[test]
fn v1_detected_and_valid() {
    let import = import_fixture("v1-shop.json");
    assert_eq!(import.source, SourceFormat::ThreatDragonV1);
    assert_valid(&import.document);
}

#[test]
fn v1_metadata() {
    let document = import_fixture("v1-shop.json").document;
    assert_eq!(document.title, "Shop");
    assert_eq!(
        document.description.as_deref(),
        Some("Checkout of a small web shop")
    );
    let authors: Vec<&str> = document.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(authors, ["Alice", "Bob"]);
    assert!(
        document.id.as_str().starts_with("td-model-"),
        "{}",
        document.id
    );
    assert_eq!(document.license, None);
}

#[test]
fn v1_elements_keep_cell_ids() {
    let document = import_fixture("v1-shop.json").document;
    let elements: Vec<(&str, &str, ElementKind)> = document
        .elements
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str(), e.kind))
        .collect();
    assert_eq!(
        elements,
        [
            (ACTOR, "Customer", ElementKind::ExternalEntity),
            (PROCESS, "Web\napp", ElementKind::Process),
            (STORE, "Orders", ElementKind::DataStore),
        ]
    );
    let store = &document.elements[2];
    assert!(store.out_of_scope);
    assert_eq!(
        store.out_of_scope_reason.as_deref(),
        Some("Run by the hosting provider")
    );
}

#[test]
fn v1_flow_mapping() {
    let import = import_fixture("v1-shop.json");
    let flows = &import.document.data_flows;
    assert_eq!(flows.len(), 1, "the flow with a loose end is dropped");
    let flow = &flows[0];
    assert_eq!(flow.id.as_str(), ORDER_FLOW);
    assert_eq!(flow.name.as_deref(), Some("Order"));
    assert_eq!(
        (flow.source.as_str(), flow.target.as_str()),
        (ACTOR, PROCESS)
    );
    assert_eq!(flow.protocol.as_deref(), Some("HTTPS"));
    assert_eq!(flow.encryption, Some(Encryption::Transport));
    assert!(!flow.bidirectional);
    assert_eq!(
        loss(&import, &format!("{V1_CELLS}/3/isPublicNetwork")),
        Some(LossKind::Dropped)
    );
}

#[test]
fn v1_loose_flow_dropped_with_reason() {
    let import = import_fixture("v1-shop.json");
    let entry = import
        .losses
        .entries
        .iter()
        .find(|loss| loss.pointer == format!("{V1_CELLS}/4"))
        .expect("a loss entry for the flow with a loose end");
    assert_eq!(entry.kind, LossKind::Dropped);
    assert!(entry.reason.contains("not attached"), "{}", entry.reason);
}

#[test]
fn v1_boundary_line() {
    let document = import_fixture("v1-shop.json").document;
    assert_eq!(document.trust_boundaries.len(), 1);
    assert_eq!(document.trust_boundaries[0].id.as_str(), BOUNDARY);
    let edge = document.views[0]
        .edges
        .iter()
        .find(|e| e.object.as_str() == BOUNDARY)
        .expect("boundary edge");
    let points: Vec<(f64, f64)> = edge.points.iter().map(|p| (p.x, p.y)).collect();
    assert_eq!(points, [(160.0, 0.0), (170.0, 150.0), (160.0, 300.0)]);
}

#[test]
fn v1_view_positions() {
    let document = import_fixture("v1-shop.json").document;
    let view = &document.views[0];
    assert_eq!(view.id.as_str(), "diagram-0");
    assert_eq!(view.name, "Checkout");
    let node = view
        .nodes
        .iter()
        .find(|n| n.object.as_str() == ACTOR)
        .expect("actor node");
    // The size is written as strings in the source.
    assert_eq!(
        (node.x, node.y, node.width, node.height),
        (10.0, 20.0, Some(100.0), Some(80.0))
    );
    let edge = view
        .edges
        .iter()
        .find(|e| e.object.as_str() == ORDER_FLOW)
        .expect("flow edge");
    let points: Vec<(f64, f64)> = edge.points.iter().map(|p| (p.x, p.y)).collect();
    assert_eq!(points, [(150.0, 60.0)]);
}

#[test]
fn v1_diagram_without_json_is_empty_view() {
    let document = import_fixture("v1-shop.json").document;
    let view = &document.views[1];
    assert_eq!(view.id.as_str(), "diagram-1");
    assert_eq!(view.name, "Returns");
    assert!(view.nodes.is_empty());
    assert!(view.edges.is_empty());
}

#[test]
fn v1_threats_and_mitigations() {
    let import = import_fixture("v1-shop.json");
    let document = &import.document;
    assert_eq!(document.threats.len(), 2);

    let session = &document.threats[0];
    assert_eq!(session.id.as_str(), "5e1f0000-0000-4000-8000-00000000aa01");
    assert_eq!(session.title, "Stolen session");
    assert_eq!(
        session
            .affects
            .iter()
            .map(|id| id.as_str())
            .collect::<Vec<_>>(),
        [ACTOR]
    );
    assert_eq!(session.status, ThreatStatus::Open);
    assert_eq!(session.severity, Some(Severity::High));
    assert_eq!(
        (
            session.categories[0].taxonomy.as_str(),
            session.categories[0].id.as_str()
        ),
        ("STRIDE", "S")
    );
    let session_mitigation_id = format!("{}/mitigation", session.id);
    assert_eq!(
        session
            .mitigations
            .iter()
            .map(|id| id.as_str())
            .collect::<Vec<_>>(),
        [session_mitigation_id.as_str()]
    );

    let forged = &document.threats[1];
    assert_eq!(forged.id.as_str(), format!("{PROCESS}/threat-1"));
    assert_eq!(
        (
            forged.categories[0].taxonomy.as_str(),
            forged.categories[0].id.as_str()
        ),
        ("STRIDE", "T")
    );
    assert_eq!(forged.status, ThreatStatus::Mitigated);
    assert_eq!(forged.severity, None);
    assert_eq!(
        loss(&import, &format!("{V1_CELLS}/1/threats/0/severity")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V1_CELLS}/1/threats/0/score")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V1_CELLS}/0/threats/0/$$hashKey")),
        Some(LossKind::Dropped)
    );

    let session_mitigation = document
        .mitigations
        .iter()
        .find(|m| m.id.as_str() == session_mitigation_id)
        .unwrap();
    assert_eq!(session_mitigation.title, "Use secure, HTTP-only cookies.");
    assert_eq!(
        session_mitigation.description.as_deref(),
        Some("Use secure, HTTP-only cookies.\nRotate the session id after login.")
    );
    assert_eq!(session_mitigation.status, MitigationStatus::Proposed);
    let forged_mitigation = document
        .mitigations
        .iter()
        .find(|m| m.id == forged.mitigations[0])
        .unwrap();
    assert_eq!(forged_mitigation.status, MitigationStatus::Implemented);
    assert_eq!(forged_mitigation.description, None);
}

#[test]
fn v1_unmapped_members_reported() {
    let import = import_fixture("v1-shop.json");
    assert_eq!(
        loss(&import, &format!("{V1_CELLS}/0/attrs")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V1_CELLS}/1/privilegeLevel")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V1_CELLS}/2/storesCredentials")),
        Some(LossKind::Dropped)
    );
    assert_eq!(loss(&import, "/detail/reviewer"), Some(LossKind::Dropped));
    assert_eq!(
        loss(&import, "/detail/contributors/0/$$hashKey"),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, "/detail/diagrams/0/thumbnail"),
        Some(LossKind::Dropped)
    );
    assert_eq!(loss(&import, "/summary/id"), Some(LossKind::Changed));
    // Mapped members have no entry.
    assert_eq!(loss(&import, &format!("{V1_CELLS}/3/protocol")), None);
    assert_eq!(loss(&import, &format!("{V1_CELLS}/2/outOfScope")), None);
}

const V2_CELLS: &str = "/detail/diagrams/0/cells";

#[test]
fn v2_detected_and_valid() {
    let import = import_fixture("v2-bank.json");
    assert_eq!(import.source, SourceFormat::ThreatDragonV2);
    assert_valid(&import.document);
}

#[test]
fn v2_model_id_from_summary() {
    let document = import_fixture("v2-bank.json").document;
    assert_eq!(document.id.as_str(), "3f6c2b1e-7a4d-4e59-9b1a-0c2d4e6f8a01");
    assert_eq!(
        document
            .authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["Payments team"]
    );
}

#[test]
fn v2_view_id_from_uuid() {
    let document = import_fixture("v2-bank.json").document;
    assert_eq!(document.views.len(), 1);
    assert_eq!(
        document.views[0].id.as_str(),
        "diagram-b7e4f1d2-5c3a-4b8e-9f01-2d3c4b5a6e7f"
    );
    assert_eq!(
        document.views[0].description.as_deref(),
        Some("Login and ledger updates")
    );
}

#[test]
fn v2_zones_by_containment() {
    let document = import_fixture("v2-bank.json").document;
    let zones: Vec<(&str, &str, Option<&str>)> = document
        .trust_zones
        .iter()
        .map(|z| {
            (
                z.id.as_str(),
                z.name.as_str(),
                z.parent.as_ref().map(|p| p.as_str()),
            )
        })
        .collect();
    assert_eq!(
        zones,
        [
            ("zone-outer", "Data centre", None),
            ("zone-inner", "Database tier", Some("zone-outer"))
        ]
    );
    let zone_of = |id: &str| {
        let element = document
            .elements
            .iter()
            .find(|e| e.id.as_str() == id)
            .expect("element");
        element.zone.as_ref().map(|z| z.as_str().to_owned())
    };
    assert_eq!(zone_of("customer"), None);
    assert_eq!(zone_of("api").as_deref(), Some("zone-outer"));
    assert_eq!(zone_of("ledger").as_deref(), Some("zone-inner"));
}

#[test]
fn v2_flows_and_labels() {
    let import = import_fixture("v2-bank.json");
    let flows = &import.document.data_flows;
    let names: Vec<(&str, Option<&str>)> = flows
        .iter()
        .map(|f| (f.id.as_str(), f.name.as_deref()))
        .collect();
    assert_eq!(
        names,
        [("login", Some("Login")), ("write", Some("Write entry"))]
    );
    let login = &flows[0];
    assert!(login.bidirectional);
    assert_eq!(
        login.encryption, None,
        "isEncrypted false leaves encryption unknown"
    );
    assert_eq!(login.protocol.as_deref(), Some("HTTPS"));
    assert_eq!(flows[1].protocol, None);

    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/5/data/isEncrypted")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/5/data/isPublicNetwork")),
        Some(LossKind::Dropped)
    );
    let edge = import.document.views[0]
        .edges
        .iter()
        .find(|e| e.object.as_str() == "login")
        .unwrap();
    assert_eq!(
        edge.points.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>(),
        [(-100.0, 130.0), (0.0, 140.0)]
    );
}

#[test]
fn v2_misspelled_curve_is_boundary() {
    let import = import_fixture("v2-bank.json");
    let boundaries = &import.document.trust_boundaries;
    assert_eq!(boundaries.len(), 1);
    assert_eq!(boundaries[0].id.as_str(), "edge");
    assert_eq!(boundaries[0].name.as_deref(), Some("Internet edge"));
    assert_eq!(
        boundaries[0]
            .crossing_flows
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>(),
        ["login"]
    );
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/7/data/crossingFlows/1")),
        Some(LossKind::Dropped)
    );
}

#[test]
fn v2_text_block_dropped() {
    let import = import_fixture("v2-bank.json");
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/8")),
        Some(LossKind::Dropped)
    );
    assert!(
        import
            .document
            .elements
            .iter()
            .all(|e| e.id.as_str() != "note")
    );
}

#[test]
fn v2_threat_categories() {
    let document = import_fixture("v2-bank.json").document;
    let categories: Vec<(&str, &str, &str)> = document
        .threats
        .iter()
        .flat_map(|t| {
            t.categories
                .iter()
                .map(move |c| (t.id.as_str(), c.taxonomy.as_str(), c.id.as_str()))
        })
        .collect();
    assert_eq!(
        categories,
        [
            ("t-profiling", "LINDDUN", "L"),
            ("t-injection", "threat-dragon-cia", "confidentiality"),
            ("t-ledger", "STRIDE", "T"),
            ("t-eavesdrop", "STRIDE", "I"),
        ]
    );
    assert_eq!(document.taxonomies.len(), 1);
    let cia = &document.taxonomies[0];
    assert_eq!(cia.id.as_str(), "threat-dragon-cia");
    assert_eq!(
        cia.entries
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect::<Vec<_>>(),
        [("confidentiality", "Confidentiality")]
    );
}

#[test]
fn v2_threat_status_and_severity() {
    let import = import_fixture("v2-bank.json");
    let threat = |id: &str| {
        import
            .document
            .threats
            .iter()
            .find(|t| t.id.as_str() == id)
            .expect("threat")
    };
    assert_eq!(threat("t-profiling").status, ThreatStatus::Accepted);
    assert_eq!(threat("t-profiling").severity, Some(Severity::Low));
    assert_eq!(
        threat("t-injection").affects[0].as_str(),
        "api",
        "threats on the cell itself are read"
    );

    let ledger = threat("t-ledger");
    assert_eq!(ledger.status, ThreatStatus::NotApplicable);
    assert_eq!(
        ledger.status_reason.as_deref(),
        Some("Threat Dragon status: Avoided")
    );
    assert_eq!(ledger.severity, None);
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/4/data/threats/0/status")),
        Some(LossKind::Changed)
    );
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/4/data/threats/0/severity")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/4/data/threats/0/score")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/4/data/threats/0/number")),
        Some(LossKind::Dropped)
    );
    assert!(
        ledger.mitigations.is_empty(),
        "an empty mitigation text adds no mitigation"
    );

    let eavesdrop = threat("t-eavesdrop");
    assert_eq!(eavesdrop.severity, Some(Severity::Critical));
    let mitigation = import
        .document
        .mitigations
        .iter()
        .find(|m| m.id == eavesdrop.mitigations[0])
        .unwrap();
    assert_eq!(mitigation.title, "TLS 1.3 on every connection");
    assert_eq!(mitigation.status, MitigationStatus::Implemented);
}

#[test]
fn v2_presentation_reported_per_member() {
    let import = import_fixture("v2-bank.json");
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/2/ports")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/2/attrs")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/2/zIndex")),
        Some(LossKind::Dropped)
    );
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/0/data/containedElements")),
        Some(LossKind::Dropped)
    );
    assert_eq!(loss(&import, "/detail/threatTop"), Some(LossKind::Dropped));
    assert_eq!(loss(&import, "/version"), Some(LossKind::Dropped));
    // Blank values carry nothing and get no entry.
    assert_eq!(loss(&import, "/detail/reviewer"), None);
    assert_eq!(
        loss(&import, &format!("{V2_CELLS}/3/data/privilegeLevel")),
        None
    );
}

#[test]
fn keep_unmapped_turns_dropped_into_kept() {
    let dropped = import_file(&fixture("v2-bank.json"), false).unwrap();
    let kept = import_file(&fixture("v2-bank.json"), true).unwrap();
    assert_valid(&kept.document);
    for pointer in [
        format!("{V2_CELLS}/5/data/isPublicNetwork"),
        format!("{V2_CELLS}/2/attrs"),
        format!("{V2_CELLS}/4/data/threats/0/score"),
        format!("{V2_CELLS}/8"),
        "/version".to_owned(),
    ] {
        assert_eq!(
            loss(&dropped, &pointer),
            Some(LossKind::Dropped),
            "{pointer} without keep"
        );
        assert_eq!(
            loss(&kept, &pointer),
            Some(LossKind::Kept),
            "{pointer} with keep"
        );
    }

    let document = &kept.document;
    let login = document
        .data_flows
        .iter()
        .find(|f| f.id.as_str() == "login")
        .unwrap();
    assert_eq!(
        login.extensions.get("x-threat-dragon"),
        Some(&json!({"isPublicNetwork": true, "isEncrypted": false}))
    );
    let ledger = document
        .threats
        .iter()
        .find(|t| t.id.as_str() == "t-ledger")
        .unwrap();
    assert_eq!(
        ledger.extensions.get("x-threat-dragon"),
        Some(&json!({"score": "5", "number": 3, "new": false}))
    );

    let view = &document.views[0];
    let customer = view
        .nodes
        .iter()
        .find(|n| n.object.as_str() == "customer")
        .unwrap();
    let customer_kept = customer
        .extensions
        .get("x-threat-dragon")
        .expect("styling kept on the view node");
    assert_eq!(
        customer_kept.get("attrs"),
        Some(&json!({"text": {"text": "Customer"}}))
    );
    let view_kept = view
        .extensions
        .get("x-threat-dragon")
        .expect("diagram members kept on the view");
    assert_eq!(view_kept.pointer("/cells/0/id"), Some(&json!("note")));
    assert_eq!(
        view_kept.get("thumbnail"),
        Some(&json!("./public/content/images/thumbnail.stride.jpg"))
    );
    assert_eq!(
        document
            .extensions
            .get("x-threat-dragon")
            .and_then(|x| x.get("version")),
        Some(&json!("2.6.1"))
    );
}

#[test]
fn keep_unmapped_leaves_only_unkeepable_drops() {
    let kept = import_file(&fixture("v2-bank.json"), true).unwrap();
    let dropped: Vec<&str> = kept
        .losses
        .entries
        .iter()
        .filter(|loss| loss.kind == LossKind::Dropped)
        .map(|loss| loss.pointer.as_str())
        .collect();
    // An unrated severity and a reference to a missing flow have nothing to keep.
    let expected = [
        format!("{V2_CELLS}/7/data/crossingFlows/1"),
        format!("{V2_CELLS}/4/data/threats/0/severity"),
    ];
    assert_eq!(
        dropped,
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn import_is_deterministic() {
    for name in ["v1-shop.json", "v2-bank.json"] {
        for keep in [false, true] {
            let first = import_file(&fixture(name), keep).unwrap();
            let second = import_file(&fixture(name), keep).unwrap();
            assert_eq!(
                tmif::canonical::to_string(&first.document),
                tmif::canonical::to_string(&second.document),
                "{name}, keep_unmapped {keep}"
            );
            assert_eq!(first.losses, second.losses, "{name}, keep_unmapped {keep}");
        }
    }
}

#[test]
fn element_keeps_id_across_revisions() {
    let text = std::fs::read_to_string(fixture("v2-bank.json")).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    let mut revised = original.clone();
    let cells = revised
        .pointer_mut("/detail/diagrams/0/cells")
        .and_then(Value::as_array_mut)
        .unwrap();
    cells.insert(
        0,
        json!({"id": "audit", "shape": "store", "position": {"x": 700, "y": 400}, "size": {"width": 80, "height": 40},
               "data": {"type": "tm.Store", "name": "Audit log"}}),
    );
    let api = cells.iter_mut().find(|c| c["id"] == "api").unwrap();
    api["position"] = json!({"x": 150, "y": 300});

    let before = import_value(&original).document;
    let after = import_value(&revised).document;
    let find = |document: &Document, name: &str| {
        document
            .elements
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.id.as_str().to_owned())
    };
    assert_eq!(find(&before, "API"), find(&after, "API"));
    assert_eq!(find(&after, "API").as_deref(), Some("api"));
    assert_eq!(find(&after, "Audit log").as_deref(), Some("audit"));
    let node = after.views[0]
        .nodes
        .iter()
        .find(|n| n.object.as_str() == "api")
        .unwrap();
    assert_eq!((node.x, node.y), (150.0, 300.0));
    let before_threats: Vec<&str> = before.threats.iter().map(|t| t.id.as_str()).collect();
    let after_threats: Vec<&str> = after.threats.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(before_threats, after_threats);
}

#[test]
fn repeated_cell_id_made_unique() {
    let cell = json!({"id": "web", "shape": "process", "position": {"x": 0, "y": 0}, "data": {"type": "tm.Process", "name": "Web"}});
    let model = json!({
        "summary": {"title": "Copies"},
        "detail": {"contributors": [], "diagramTop": 2, "threatTop": 0, "diagrams": [
            {"id": 0, "title": "One", "cells": [cell.clone()]},
            {"id": 1, "title": "Two", "cells": [cell]}
        ]}
    });
    let import = import_value(&model);
    let ids: Vec<&str> = import
        .document
        .elements
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["web", "web-2"]);
    assert_eq!(
        loss(&import, "/detail/diagrams/1/cells/0/id"),
        Some(LossKind::Changed)
    );
    assert_eq!(import.document.views[1].nodes[0].object.as_str(), "web-2");
    assert_valid(&import.document);
}

#[test]
fn integer_and_string_diagram_ids() {
    let model = json!({
        "summary": {"title": "Ids"},
        "detail": {"contributors": [], "diagramTop": 2, "threatTop": 0, "diagrams": [
            {"id": 7, "title": "Integer", "cells": []},
            {"id": "0d9c6a52-3a0e-4a8e-9c4b-5f3e2d1c0b9a", "title": "Uuid", "cells": []}
        ]}
    });
    let document = import_value(&model).document;
    let ids: Vec<&str> = document.views.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(
        ids,
        ["diagram-7", "diagram-0d9c6a52-3a0e-4a8e-9c4b-5f3e2d1c0b9a"]
    );
}

#[test]
fn flow_to_boundary_box_dropped() {
    let model = json!({
        "summary": {"title": "Loose"},
        "detail": {"contributors": [], "diagramTop": 1, "threatTop": 0, "diagrams": [{"id": 0, "title": "D", "cells": [
            {"id": "box", "shape": "trust-boundary-box", "position": {"x": 0, "y": 0}, "size": {"width": 50, "height": 50}, "data": {"type": "tm.BoundaryBox", "name": "Zone"}},
            {"id": "p", "shape": "process", "position": {"x": 100, "y": 0}, "data": {"type": "tm.Process", "name": "P"}},
            {"id": "f", "shape": "flow", "source": {"cell": "p"}, "target": {"cell": "box"}, "data": {"type": "tm.Flow", "threats": [{"title": "Lost"}]}}
        ]}]}
    });
    let import = import_value(&model);
    assert!(import.document.data_flows.is_empty());
    assert!(import.document.threats.is_empty());
    let entry = import
        .losses
        .entries
        .iter()
        .find(|l| l.pointer == "/detail/diagrams/0/cells/2")
        .unwrap();
    assert!(entry.reason.contains("trust zone"), "{}", entry.reason);
    assert!(entry.reason.contains("1 threat"), "{}", entry.reason);
    assert_valid(&import.document);
}

#[test]
fn malformed_summary_named() {
    let model = json!({"version": "1.6.1", "summarize": {"title": "x"}, "detail": {"contributors": [], "diagrams": []}});
    let Err(ImportError::Invalid {
        pointer, message, ..
    }) = import_bytes(model.to_string().as_bytes(), false)
    else {
        panic!("expected an invalid-model error");
    };
    assert_eq!(pointer, "/summarize");
    assert!(
        message.contains("`summary`") && message.contains("`summarize`"),
        "{message}"
    );
}

#[test]
fn malformed_cells_named() {
    let model = json!({"summary": {"title": "x"}, "detail": {"diagramTop": 1, "diagrams": [{"id": 0, "title": "D", "cells": {"a": 1}}]}});
    let Err(ImportError::Invalid {
        pointer, message, ..
    }) = import_bytes(model.to_string().as_bytes(), false)
    else {
        panic!("expected an invalid-model error");
    };
    assert_eq!(pointer, "/detail/diagrams/0/cells");
    assert!(message.contains("expected an array of cells"), "{message}");
}

#[test]
fn forced_format_on_other_file() {
    let options = ImportOptions {
        from: FormatChoice::ThreatDragon,
        keep_unmapped: false,
    };
    let result = tmif::import::import(br#"{"name": "not a model"}"#, Syntax::Json, &options);
    let Err(ImportError::Invalid {
        pointer, message, ..
    }) = result
    else {
        panic!("expected an invalid-model error, got {result:?}");
    };
    assert_eq!(pointer, "");
    assert!(message.contains("`summary`"), "{message}");
}

#[test]
fn corpus_imports_valid() {
    let files = common::corpus_files("threat-dragon");
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let result = import_file(path, false);
        if name.contains("malformed") {
            let message = match result {
                Err(ImportError::Invalid { message, .. }) => message,
                Err(ImportError::UnknownFormat { reason }) => reason,
                other => panic!("{name}: expected an error, got {other:?}"),
            };
            let offending = if name.starts_with("td-v1") {
                "summarize"
            } else {
                "titled"
            };
            assert!(message.contains(offending), "{name}: {message}");
            continue;
        }
        let import = result.unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_valid(&import.document);
        let kept =
            import_file(path, true).unwrap_or_else(|error| panic!("{name} with keep: {error}"));
        assert_valid(&kept.document);
        // Keeping changes how entries fare, never which values they are about.
        let pointers = |import: &Import| {
            import
                .losses
                .entries
                .iter()
                .map(|l| l.pointer.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(pointers(&kept), pointers(&import), "{name}");
        assert!(
            kept.losses.count(LossKind::Dropped) <= import.losses.count(LossKind::Dropped),
            "{name}"
        );
        eprintln!(
            "{name}: {} elements, {} flows, {} zones, {} threats, {} losses",
            import.document.elements.len(),
            import.document.data_flows.len(),
            import.document.trust_zones.len(),
            import.document.threats.len(),
            import.losses.entries.len()
        );
    }
}

#[test]
fn corpus_file_through_binary() {
    let Some(path) = common::corpus_files("threat-dragon")
        .into_iter()
        .find(|p| p.ends_with("td-v2.0_v2-threat-model.json"))
    else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("tmif-td-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("model.tmif.json");
    let lossy = Command::new(common::tmif_binary())
        .arg("import")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        lossy.status.code(),
        Some(1),
        "losses without --allow-loss give status 1"
    );
    assert!(
        out.is_file(),
        "the valid document is written even when information was lost"
    );

    let allowed = Command::new(common::tmif_binary())
        .args(["import", "--allow-loss", "-o"])
        .arg(&out)
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        allowed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );

    let validate = Command::new(common::tmif_binary())
        .arg("validate")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        validate.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&validate.stdout)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Lists the JSON Pointer of every value in `value`.
fn pointers(value: &Value, base: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                pointers(
                    member,
                    format!("{base}/{}", name.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{base}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(base);
}

#[test]
fn mutated_values_never_panic() {
    let replacements = [
        json!(null),
        json!(-1.5),
        json!("590"),
        json!([]),
        json!({}),
        json!([{"x": 1}]),
    ];
    for name in ["v1-shop.json", "v2-bank.json"] {
        let original: Value =
            serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap();
        let mut all = Vec::new();
        pointers(&original, String::new(), &mut all);
        for pointer in all.iter().filter(|p| !p.is_empty()) {
            for replacement in &replacements {
                let mut mutated = original.clone();
                *mutated.pointer_mut(pointer).unwrap() = replacement.clone();
                // Any result is fine, but a document that comes out must be valid.
                if let Ok(import) = import_bytes(mutated.to_string().as_bytes(), true) {
                    let errors: Vec<String> = tmif::validate_document(&import.document)
                        .into_iter()
                        .filter(|d| d.is_error())
                        .map(|d| format!("{} {}: {}", d.code, d.pointer, d.message))
                        .collect();
                    assert!(
                        errors.is_empty(),
                        "{name} with {pointer} = {replacement}: {errors:?}"
                    );
                }
            }
        }
    }
}
