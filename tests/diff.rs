//! The semantic diff: matching by id, member changes, reach, the `tmif diff`
//! command and its three output formats.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use serde_json::{Value, json};
use tmif::diff::{CrossingCause, Diff, DiffOptions, ObjectKind, Transition, diff};
use tmif::model::{Element, ElementKind, Extensions, Id, ThreatStatus};
use tmif::{Document, GenerateOptions};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name)
}

fn base_value() -> Value {
    let path = fixture_path("base.tmif.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text).expect("the base fixture is JSON")
}

fn document(value: &Value) -> Document {
    serde_json::from_value(value.clone()).expect("the edited fixture is a document")
}

/// Applies `edit` to a copy of the base fixture and diffs the base against it.
fn diff_edit(edit: impl FnOnce(&mut Value), options: DiffOptions) -> Diff {
    let old = base_value();
    let mut new = old.clone();
    edit(&mut new);
    diff(&document(&old), &document(&new), &options)
}

fn ids(objects: impl IntoIterator<Item = (ObjectKind, Id)>) -> Vec<(ObjectKind, String)> {
    objects
        .into_iter()
        .map(|(kind, id)| (kind, id.to_string()))
        .collect()
}

fn added(diff: &Diff) -> Vec<(ObjectKind, String)> {
    ids(diff.added.iter().map(|o| (o.kind, o.id.clone())))
}

fn removed(diff: &Diff) -> Vec<(ObjectKind, String)> {
    ids(diff.removed.iter().map(|o| (o.kind, o.id.clone())))
}

fn changed(diff: &Diff) -> Vec<(ObjectKind, String)> {
    ids(diff.changed.iter().map(|o| (o.kind, o.id.clone())))
}

fn pointers(diff: &Diff, id: &str) -> Vec<String> {
    diff.changed
        .iter()
        .find(|change| change.id == id)
        .map(|change| change.members.iter().map(|m| m.pointer.clone()).collect())
        .unwrap_or_default()
}

fn element(kind: ObjectKind, id: &str) -> (ObjectKind, String) {
    (kind, id.to_owned())
}

// ---- small cases ----

#[test]
fn added_element_is_listed() {
    let diff = diff_edit(
        |doc| {
            doc["elements"].as_array_mut().unwrap().push(
                json!({"id": "cache", "name": "Cache", "kind": "data-store", "zone": "backend"}),
            );
        },
        DiffOptions::default(),
    );
    assert_eq!(added(&diff), [element(ObjectKind::Element, "cache")]);
    assert_eq!(diff.added[0].pointer, "/elements/5");
    assert_eq!(diff.added[0].name.as_deref(), Some("Cache"));
    assert!(diff.removed.is_empty());
    assert!(diff.changed.is_empty());
    assert_eq!(diff.summary.added, 1);
}

#[test]
fn removed_threat_is_listed() {
    let diff = diff_edit(
        |doc| {
            doc["threats"].as_array_mut().unwrap().remove(2);
        },
        DiffOptions::default(),
    );
    assert_eq!(removed(&diff), [element(ObjectKind::Threat, "t-spoof")]);
    assert_eq!(diff.removed[0].pointer, "/threats/2");
    assert!(diff.added.is_empty());
    assert!(diff.changed.is_empty());
}

#[test]
fn changed_field_has_pointer_and_values() {
    let diff = diff_edit(
        |doc| doc["dataFlows"][0]["protocol"] = json!("HTTPS"),
        DiffOptions::default(),
    );
    assert_eq!(changed(&diff), [element(ObjectKind::DataFlow, "order-in")]);
    let member = &diff.changed[0].members[0];
    assert_eq!(diff.changed[0].members.len(), 1);
    assert_eq!(member.pointer, "/protocol");
    assert_eq!(member.document_pointer, "/dataFlows/0/protocol");
    assert_eq!(member.old, Some(json!("HTTP")));
    assert_eq!(member.new, Some(json!("HTTPS")));
    assert!(diff.changed[0].renamed.is_none());
}

#[test]
fn removed_member_has_no_new_value() {
    let diff = diff_edit(
        |doc| {
            doc["dataFlows"][0]
                .as_object_mut()
                .unwrap()
                .remove("protocol");
        },
        DiffOptions::default(),
    );
    let member = &diff.changed[0].members[0];
    assert_eq!(member.old, Some(json!("HTTP")));
    assert_eq!(member.new, None);
}

#[test]
fn rename_is_reported() {
    let diff = diff_edit(
        |doc| doc["elements"][1]["name"] = json!("Web server"),
        DiffOptions::default(),
    );
    let change = &diff.changed[0];
    let rename = change.renamed.as_ref().expect("a rename");
    assert_eq!(rename.old.as_deref(), Some("Web"));
    assert_eq!(rename.new.as_deref(), Some("Web server"));
    assert_eq!(pointers(&diff, "web"), ["/name"]);
    assert_eq!(diff.summary.renamed, 1);
}

#[test]
fn threat_title_change_is_rename() {
    let diff = diff_edit(
        |doc| doc["threats"][0]["title"] = json!("Stored XSS"),
        DiffOptions::default(),
    );
    let rename = diff.changed[0].renamed.as_ref().expect("a rename");
    assert_eq!(rename.new.as_deref(), Some("Stored XSS"));
}

#[test]
fn zone_change_is_move() {
    let diff = diff_edit(
        |doc| doc["elements"][2]["zone"] = json!("dmz"),
        DiffOptions::default(),
    );
    let change = &diff.changed[0];
    assert_eq!(change.id, "db");
    assert_eq!(change.moved.len(), 1);
    assert_eq!(change.moved[0].member, "zone");
    assert_eq!(change.moved[0].from.as_ref().unwrap(), "backend");
    assert_eq!(change.moved[0].to.as_ref().unwrap(), "dmz");
    assert_eq!(diff.summary.moved, 1);
}

#[test]
fn zone_parent_change_is_move() {
    let diff = diff_edit(
        |doc| doc["trustZones"][2]["parent"] = json!("dmz"),
        DiffOptions::default(),
    );
    let change = &diff.changed[0];
    assert_eq!(change.kind, ObjectKind::TrustZone);
    assert_eq!(change.moved[0].member, "parent");
    assert_eq!(change.moved[0].from, None);
    assert_eq!(change.moved[0].to.as_ref().unwrap(), "dmz");
}

#[test]
fn kind_change_is_remove_and_add() {
    let diff = diff_edit(
        |doc| {
            doc["elements"].as_array_mut().unwrap().remove(4);
            doc["dataFlows"].as_array_mut().unwrap().remove(3);
            doc["mitigations"]
                .as_array_mut()
                .unwrap()
                .push(json!({"id": "report", "title": "Report abuse", "status": "proposed"}));
        },
        DiffOptions::default(),
    );
    assert_eq!(
        removed(&diff),
        [
            element(ObjectKind::Element, "report"),
            element(ObjectKind::DataFlow, "read")
        ]
    );
    assert_eq!(added(&diff), [element(ObjectKind::Mitigation, "report")]);
    assert!(diff.changed.is_empty());
}

#[test]
fn document_member_change_is_listed() {
    let diff = diff_edit(
        |doc| doc["license"] = json!("CC-BY-4.0"),
        DiffOptions::default(),
    );
    assert_eq!(diff.document.len(), 1);
    assert_eq!(diff.document[0].pointer, "/license");
    assert_eq!(diff.document[0].document_pointer, "/license");
    assert_eq!(diff.document[0].old, Some(json!("CC0-1.0")));
    assert_eq!(diff.document[0].new, Some(json!("CC-BY-4.0")));
    assert!(diff.changed.is_empty());
    assert_eq!(diff.summary.document, 1);
}

#[test]
fn document_extension_member_is_compared() {
    let diff = diff_edit(
        |doc| doc["x-source"] = json!({"tool": "editor"}),
        DiffOptions::default(),
    );
    assert_eq!(diff.document.len(), 1);
    assert_eq!(diff.document[0].pointer, "/x-source");
    assert_eq!(diff.document[0].old, None);
}

#[test]
fn extension_member_change_is_listed() {
    let diff = diff_edit(
        |doc| doc["elements"][1]["x-owner"] = json!({"team": "b"}),
        DiffOptions::default(),
    );
    assert_eq!(changed(&diff), [element(ObjectKind::Element, "web")]);
    assert_eq!(pointers(&diff, "web"), ["/x-owner"]);
}

#[test]
fn nested_extension_pointer_is_escaped() {
    let diff = diff_edit(
        |doc| doc["elements"][1]["x-a/b~c"] = json!({"inner": 1}),
        DiffOptions::default(),
    );
    assert_eq!(pointers(&diff, "web"), ["/x-a~1b~0c"]);
}

#[test]
fn layout_change_is_ignored() {
    let diff = diff_edit(
        |doc| doc["views"][0]["nodes"][0]["x"] = json!(40),
        DiffOptions::default(),
    );
    assert!(
        diff.is_empty(),
        "a moved box is not a semantic change: {diff:?}"
    );
    assert!(!diff.layout);
}

#[test]
fn layout_change_reported_with_layout() {
    let diff = diff_edit(
        |doc| doc["views"][0]["nodes"][0]["x"] = json!(40),
        DiffOptions { layout: true },
    );
    assert_eq!(changed(&diff), [element(ObjectKind::View, "overview")]);
    assert_eq!(pointers(&diff, "overview"), ["/nodes"]);
    assert!(diff.layout);
}

#[test]
fn identical_documents_give_empty_diff() {
    let diff = diff_edit(|_| {}, DiffOptions { layout: true });
    assert!(diff.is_empty());
    assert!(diff.document.is_empty());
    assert!(diff.reach.crossing_flows.is_empty());
    assert!(diff.reach.neighbours.is_empty());
    assert!(diff.reach.threats.affecting.is_empty());
    assert_eq!(diff.summary.kinds, []);
}

#[test]
fn duplicate_ids_are_paired_in_order() {
    let mut value = base_value();
    value["elements"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "web", "name": "Second web", "kind": "process"}));
    let old = document(&value);
    let diff = diff(&old, &old.clone(), &DiffOptions::default());
    assert!(diff.is_empty(), "{diff:?}");
}

// ---- reach ----

#[test]
fn new_crossing_flow_is_reached() {
    let diff = diff_edit(
        |doc| {
            doc["dataFlows"].as_array_mut().unwrap().push(
                json!({"id": "direct", "source": "browser", "target": "db", "dataAssets": ["card"]}),
            );
        },
        DiffOptions::default(),
    );
    let flows = &diff.reach.crossing_flows;
    assert_eq!(flows.len(), 1);
    assert_eq!(flows[0].id, "direct");
    assert_eq!(flows[0].cause, CrossingCause::Added);
    assert_eq!(
        flows[0].source_zone.as_ref().map(|z| z.as_str()),
        Some("internet")
    );
    assert_eq!(
        flows[0].target_zone.as_ref().map(|z| z.as_str()),
        Some("backend")
    );
    let assets = &diff.reach.newly_crossing_assets;
    assert_eq!(assets.len(), 1);
    assert_eq!(assets[0].id, "card");
    assert_eq!(assets[0].flows, [Id::from("direct")]);
}

#[test]
fn boundary_listing_flow_is_reached() {
    // `read` stays inside the backend zone, but a new trust boundary records that it
    // crosses one, the way sources that draw boundaries as lines record it.
    let diff = diff_edit(
        |doc| doc["trustBoundaries"] = json!([{"id": "audit", "crossingFlows": ["read"]}]),
        DiffOptions::default(),
    );
    let flows = &diff.reach.crossing_flows;
    assert_eq!(flows.len(), 1, "{flows:?}");
    assert_eq!(flows[0].id, "read");
    assert_eq!(flows[0].cause, CrossingCause::BoundariesChanged);
    assert_eq!(flows[0].boundaries, [Id::from("audit")]);
    assert_eq!(
        flows[0].source_zone.as_ref().map(|z| z.as_str()),
        Some("backend")
    );
    assert_eq!(
        flows[0].target_zone.as_ref().map(|z| z.as_str()),
        Some("backend")
    );
}

#[test]
fn boundary_crossing_without_zones() {
    // A new external entity without a zone sends data that a boundary
    // lists; the flow crosses although one end has no zone.
    let diff = diff_edit(
        |doc| {
            doc["elements"]
                .as_array_mut()
                .unwrap()
                .push(json!({"id": "partner", "name": "Partner", "kind": "external-entity"}));
            doc["dataFlows"].as_array_mut().unwrap().push(
                json!({"id": "feed", "source": "partner", "target": "web", "dataAssets": ["card"]}),
            );
            doc["trustBoundaries"] = json!([{"id": "edge", "crossingFlows": ["feed"]}]);
        },
        DiffOptions::default(),
    );
    let flows = &diff.reach.crossing_flows;
    assert_eq!(flows.len(), 1, "{flows:?}");
    assert_eq!(flows[0].id, "feed");
    assert_eq!(flows[0].cause, CrossingCause::Added);
    assert_eq!(flows[0].source_zone, None);
    assert_eq!(
        flows[0].target_zone.as_ref().map(|z| z.as_str()),
        Some("dmz")
    );
    assert_eq!(flows[0].boundaries, [Id::from("edge")]);
}

#[test]
fn unchanged_boundary_crossing_not_listed() {
    let with_boundary = |doc: &mut Value| {
        doc["trustBoundaries"] = json!([{"id": "audit", "crossingFlows": ["read"]}])
    };
    let mut old = base_value();
    with_boundary(&mut old);
    let mut new = old.clone();
    new["title"] = json!("Renamed model");
    let diff = diff(&document(&old), &document(&new), &DiffOptions::default());
    assert!(
        diff.reach.crossing_flows.is_empty(),
        "{:?}",
        diff.reach.crossing_flows
    );
}

#[test]
fn flow_within_zone_does_not_cross() {
    let diff = diff_edit(
        |doc| {
            doc["dataFlows"].as_array_mut().unwrap().push(
                json!({"id": "local", "source": "report", "target": "db", "dataAssets": ["card"]}),
            );
        },
        DiffOptions::default(),
    );
    assert!(diff.reach.crossing_flows.is_empty());
    assert!(diff.reach.newly_crossing_assets.is_empty());
}

#[test]
fn asset_newly_crossing_after_move() {
    // `worker` has no zone of its own and inherits `dmz` from its parent
    // `web`, so `jobs` stays inside the DMZ until `worker` moves.
    let diff = diff_edit(
        |doc| doc["elements"][3]["zone"] = json!("backend"),
        DiffOptions::default(),
    );
    let flows = &diff.reach.crossing_flows;
    assert_eq!(flows.len(), 1);
    assert_eq!(flows[0].id, "jobs");
    assert_eq!(flows[0].cause, CrossingCause::ZonesChanged);
    assert_eq!(
        flows[0].source_zone.as_ref().map(|z| z.as_str()),
        Some("dmz")
    );
    assert_eq!(
        flows[0].target_zone.as_ref().map(|z| z.as_str()),
        Some("backend")
    );
    let assets = &diff.reach.newly_crossing_assets;
    assert_eq!(assets.len(), 1);
    assert_eq!(assets[0].id, "audit-log");
    assert_eq!(assets[0].flows, [Id::from("jobs")]);
}

#[test]
fn asset_that_crossed_before_is_not_new() {
    let diff = diff_edit(
        |doc| {
            doc["dataFlows"].as_array_mut().unwrap().push(
                json!({"id": "direct", "source": "browser", "target": "db", "dataAssets": ["order"]}),
            );
        },
        DiffOptions::default(),
    );
    assert_eq!(diff.reach.crossing_flows.len(), 1);
    assert!(diff.reach.newly_crossing_assets.is_empty());
}

#[test]
fn one_hop_neighbours_are_reached() {
    let diff = diff_edit(
        |doc| doc["elements"][2]["description"] = json!("Orders and invoices"),
        DiffOptions::default(),
    );
    let neighbours: Vec<(&str, Vec<&str>)> = diff
        .reach
        .neighbours
        .iter()
        .map(|n| (n.id.as_str(), n.near.iter().map(Id::as_str).collect()))
        .collect();
    assert_eq!(neighbours, [("web", vec!["db"]), ("report", vec!["db"])]);
}

#[test]
fn changed_flow_reaches_its_ends() {
    let diff = diff_edit(
        |doc| doc["dataFlows"][2]["protocol"] = json!("AMQP"),
        DiffOptions::default(),
    );
    let neighbours: Vec<&str> = diff
        .reach
        .neighbours
        .iter()
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(neighbours, ["web", "worker"]);
}

#[test]
fn closed_threat_is_reached() {
    let diff = diff_edit(
        |doc| doc["threats"][0]["status"] = json!("mitigated"),
        DiffOptions::default(),
    );
    let changes = &diff.reach.threats.status_changed;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].id, "t-xss");
    assert_eq!(changes[0].from, ThreatStatus::Open);
    assert_eq!(changes[0].to, ThreatStatus::Mitigated);
    assert_eq!(changes[0].transition, Transition::Closed);
    assert!(diff.reach.threats.changed.is_empty());
}

#[test]
fn reopened_threat_is_reached() {
    let diff = diff_edit(
        |doc| doc["threats"][2]["status"] = json!("open"),
        DiffOptions::default(),
    );
    assert_eq!(
        diff.reach.threats.status_changed[0].transition,
        Transition::Reopened
    );
}

#[test]
fn added_threat_is_reached() {
    let diff = diff_edit(
        |doc| {
            doc["threats"].as_array_mut().unwrap().push(
                json!({"id": "t-dos", "title": "Flooding", "affects": ["web"], "status": "open"}),
            );
        },
        DiffOptions::default(),
    );
    assert_eq!(diff.reach.threats.added.len(), 1);
    assert_eq!(diff.reach.threats.added[0].id, "t-dos");
}

#[test]
fn existing_threat_affecting_change_is_reached() {
    let diff = diff_edit(
        |doc| doc["elements"][2]["description"] = json!("Orders"),
        DiffOptions::default(),
    );
    let affecting = &diff.reach.threats.affecting;
    assert_eq!(affecting.len(), 1);
    assert_eq!(affecting[0].id, "t-sqli");
    assert_eq!(affecting[0].affects, [Id::from("db")]);
}

#[test]
fn threat_affecting_removed_element_is_reached() {
    let diff = diff_edit(
        |doc| {
            doc["elements"].as_array_mut().unwrap().remove(0);
        },
        DiffOptions::default(),
    );
    let affecting = &diff.reach.threats.affecting;
    assert_eq!(affecting.len(), 1);
    assert_eq!(affecting[0].id, "t-spoof");
}

// ---- symmetry ----

fn combined_edit(doc: &mut Value) {
    doc["elements"][1]["name"] = json!("Web server");
    doc["elements"][2]["zone"] = json!("dmz");
    doc["threats"].as_array_mut().unwrap().remove(1);
    doc["dataFlows"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "direct", "source": "browser", "target": "report"}));
    doc["license"] = json!("MIT");
}

#[test]
fn reversed_diff_mirrors() {
    let a = base_value();
    let mut b = a.clone();
    combined_edit(&mut b);
    let (a, b) = (document(&a), document(&b));
    let forward = diff(&a, &b, &DiffOptions::default());
    let backward = diff(&b, &a, &DiffOptions::default());

    assert_eq!(added(&forward), removed(&backward));
    assert_eq!(removed(&forward), added(&backward));
    let forward_changed: BTreeSet<_> = changed(&forward).into_iter().collect();
    let backward_changed: BTreeSet<_> = changed(&backward).into_iter().collect();
    assert_eq!(forward_changed, backward_changed);
    for change in &forward.changed {
        let mirror = backward
            .changed
            .iter()
            .find(|c| c.id == change.id)
            .expect("the same object changed");
        assert_eq!(change.members.len(), mirror.members.len());
        for member in &change.members {
            let other = mirror
                .members
                .iter()
                .find(|m| m.pointer == member.pointer)
                .expect("the same member changed");
            assert_eq!(member.old, other.new, "{}", member.pointer);
            assert_eq!(member.new, other.old, "{}", member.pointer);
        }
        let rename = change.renamed.as_ref().map(|r| (&r.old, &r.new));
        let mirror_rename = mirror.renamed.as_ref().map(|r| (&r.new, &r.old));
        assert_eq!(rename, mirror_rename);
    }
    assert_eq!(forward.document[0].old, backward.document[0].new);
    assert_eq!(forward.summary.added, backward.summary.removed);
}

// ---- JSON schema ----

fn committed_schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/diff.schema.json")
}

fn generated_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&tmif::diff::json_schema()).unwrap();
    text.push('\n');
    text
}

/// Set `TMIF_BLESS=1` to write the generated schema over the committed file.
#[test]
fn committed_schema_matches_generated() {
    let path = committed_schema_path();
    let generated = generated_schema_text();
    if std::env::var_os("TMIF_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} differs from tmif::diff::json_schema(); run `TMIF_BLESS=1 cargo test --test diff committed_schema` and commit the file",
        path.display()
    );
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(committed_schema_path()).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the diff schema compiles")
}

#[test]
fn diff_json_validates_against_schema() {
    let a = base_value();
    let mut b = a.clone();
    combined_edit(&mut b);
    b["threats"][0]["status"] = json!("mitigated");
    let value =
        serde_json::to_value(diff(&document(&a), &document(&b), &DiffOptions::default())).unwrap();
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let round_trip: Diff = serde_json::from_value(value).unwrap();
    assert!(!round_trip.is_empty());
}

// ---- command line ----

fn tmif(args: &[&str]) -> Output {
    Command::new(common::tmif_binary())
        .args(args)
        .output()
        .expect("the tmif binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes the base fixture after `edit` into `dir` and returns its path.
fn write_edit(dir: &Path, name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut value = base_value();
    edit(&mut value);
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    path.display().to_string()
}

fn base_path() -> String {
    fixture_path("base.tmif.json").display().to_string()
}

#[test]
fn cli_equal_documents_exit_zero() {
    let base = base_path();
    let output = tmif(&["diff", &base, &base]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("no semantic changes"));
}

#[test]
fn cli_layout_only_change_exit_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let moved = write_edit(dir.path(), "moved.tmif.json", |doc| {
        doc["views"][0]["nodes"][0]["x"] = json!(40);
    });
    let base = base_path();
    assert_eq!(tmif(&["diff", &base, &moved]).status.code(), Some(0));
    assert_eq!(
        tmif(&["diff", "--layout", &base, &moved]).status.code(),
        Some(1)
    );
}

#[test]
fn cli_human_output_lists_changes() {
    let dir = tempfile::tempdir().unwrap();
    let new = write_edit(dir.path(), "new.tmif.json", combined_edit);
    let output = tmif(&["diff", &base_path(), &new]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("  + direct"), "{stdout}");
    assert!(stdout.contains("  - SQL injection (t-sqli)"), "{stdout}");
    assert!(stdout.contains("  ~ Web server (web)"), "{stdout}");
    assert!(
        stdout.contains("renamed: \"Web\" -> \"Web server\""),
        "{stdout}"
    );
    assert!(stdout.contains("moved: zone backend -> dmz"), "{stdout}");
    assert!(stdout.contains("\nReach\n"), "{stdout}");
    assert!(
        stdout.contains("crosses (added): direct: browser [internet] -> report [backend]"),
        "{stdout}"
    );
}

#[test]
fn cli_json_output_validates() {
    let dir = tempfile::tempdir().unwrap();
    let new = write_edit(dir.path(), "new.tmif.json", combined_edit);
    let output = tmif(&["diff", "--format", "json", &base_path(), &new]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let value: Value = serde_json::from_slice(&output.stdout).expect("the output is JSON");
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(value["summary"]["added"], json!(1));
    assert_eq!(value["summary"]["removed"], json!(1));
}

#[test]
fn cli_json_output_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let new = write_edit(dir.path(), "new.tmif.json", combined_edit);
    let first = tmif(&["diff", "--format", "json", &base_path(), &new]);
    let second = tmif(&["diff", "--format", "json", &base_path(), &new]);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn cli_markdown_escapes_names() {
    let dir = tempfile::tempdir().unwrap();
    let new = write_edit(dir.path(), "new.tmif.json", |doc| {
        doc["elements"][1]["name"] = json!("Web | `api` <b>x</b>");
    });
    let output = tmif(&["diff", "--format", "markdown", &base_path(), &new]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("## "), "{stdout}");
    assert!(stdout.contains("| Objects changed | 1 |"), "{stdout}");
    assert!(
        stdout.contains(r"Web \| \`api\` \<b\>x\</b\>"),
        "the name is escaped: {stdout}"
    );
    assert!(!stdout.contains("Web | "), "no unescaped pipe: {stdout}");
    assert!(!stdout.contains("<b>"), "no raw HTML: {stdout}");
    assert!(stdout.contains("### Reach"), "{stdout}");
    assert!(stdout.contains("### Threats to look at"), "{stdout}");
}

#[test]
fn cli_markdown_replaces_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let new = write_edit(dir.path(), "new.tmif.json", |doc| {
        doc["elements"][1]["name"] = json!("Web\u{1b}[31m red\u{7} \u{202e}txt.exe");
    });
    let output = tmif(&["diff", "--format", "markdown", &base_path(), &new]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("Web\u{FFFD}\\[31m red\u{FFFD} \u{FFFD}txt.exe"),
        "{stdout}"
    );
    for c in stdout.chars() {
        assert!(
            !c.is_control() || c == '\n',
            "control character {c:?} in {stdout}"
        );
    }
}

#[test]
fn cli_missing_file_exits_two() {
    let output = tmif(&["diff", &base_path(), "/nonexistent/new.tmif.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("cannot read"));
}

#[test]
fn cli_invalid_input_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let invalid = write_edit(dir.path(), "invalid.tmif.json", |doc| {
        doc["dataFlows"][0]["target"] = json!("nowhere");
    });
    let output = tmif(&["diff", &base_path(), &invalid]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("TMIF1103"),
        "the diagnostic is printed: {stderr}"
    );
    assert!(stderr.contains("is not a valid TMIF document"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn cli_unknown_format_exits_two() {
    let base = base_path();
    let output = tmif(&["diff", "--format", "xml", &base, &base]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn cli_migrates_older_version() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let old = examples.join("online-shop.tmif.json");
    let new = examples.join("online-shop-1.1.tmif.json");
    let output = tmif(&[
        "diff",
        "--format",
        "json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    let pointers: Vec<&str> = value["document"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["pointer"].as_str().unwrap())
        .collect();
    assert!(!pointers.contains(&"/tmif"), "{pointers:?}");
    assert_eq!(value["old"]["migratedFrom"], json!("1.0.0"));
    assert_eq!(value["old"]["version"], json!("1.1.0"));
    assert_eq!(value["new"].get("migratedFrom"), None);
    assert!(pointers.contains(&"/classification"), "{pointers:?}");
    assert_eq!(value["summary"]["added"], json!(4));
}

// ---- property ----

/// One random edit of a generated document.
#[derive(Debug, Clone)]
enum Edit {
    RenameElement(usize),
    ChangeProtocol(usize),
    CloseThreat(usize),
    TagZone(usize),
    RemoveElement(usize),
    AddElement,
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::RenameElement),
        any::<usize>().prop_map(Edit::ChangeProtocol),
        any::<usize>().prop_map(Edit::CloseThreat),
        any::<usize>().prop_map(Edit::TagZone),
        any::<usize>().prop_map(Edit::RemoveElement),
        Just(Edit::AddElement),
    ]
}

/// Applies `edits` and returns the ids they changed. Removals run after the
/// other edits and additions last, so no edit undoes another.
fn apply(document: &mut Document, edits: &[Edit]) -> BTreeSet<String> {
    let mut edited = BTreeSet::new();
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|edit| match edit {
        Edit::RemoveElement(_) => 1,
        Edit::AddElement => 2,
        _ => 0,
    });
    for (n, edit) in sorted.iter().enumerate() {
        match *edit {
            Edit::RenameElement(i) => {
                let count = document.elements.len();
                let element = &mut document.elements[i % count];
                element.name.push_str(" (renamed)");
                edited.insert(element.id.to_string());
            }
            Edit::ChangeProtocol(i) => {
                let count = document.data_flows.len();
                let flow = &mut document.data_flows[i % count];
                flow.protocol = Some(format!("edited protocol {n}"));
                edited.insert(flow.id.to_string());
            }
            Edit::CloseThreat(i) => {
                let count = document.threats.len();
                let threat = &mut document.threats[i % count];
                // The reason is new on every edit, so two edits of one
                // threat never restore its original state.
                threat.status = ThreatStatus::Mitigated;
                threat.status_reason = Some(format!("edit {n}"));
                edited.insert(threat.id.to_string());
            }
            Edit::TagZone(i) => {
                let count = document.trust_zones.len();
                let zone = &mut document.trust_zones[i % count];
                zone.extensions.insert("x-edit", json!(n));
                edited.insert(zone.id.to_string());
            }
            Edit::RemoveElement(i) => {
                let element = document.elements.remove(i % document.elements.len());
                edited.insert(element.id.to_string());
            }
            Edit::AddElement => {
                let id = format!("added-{n}");
                document.elements.push(Element {
                    id: Id::from(id.as_str()),
                    name: "Added".into(),
                    kind: ElementKind::Process,
                    element_type: None,
                    description: None,
                    zone: None,
                    parent: None,
                    processed_assets: Vec::new(),
                    stored_assets: Vec::new(),
                    out_of_scope: false,
                    out_of_scope_reason: None,
                    classification: None,
                    tags: Vec::new(),
                    extensions: Extensions::new(),
                });
                edited.insert(id);
            }
        }
    }
    edited
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn diff_lists_exactly_edited_ids(
        seed in 1u64..1000,
        edits in proptest::collection::vec(edit_strategy(), 0..12),
    ) {
        let old = tmif::generate(GenerateOptions { elements: 60, seed });
        let mut new = old.clone();
        let edited = apply(&mut new, &edits);
        let diff = diff(&old, &new, &DiffOptions::default());

        let mut listed = Vec::new();
        listed.extend(diff.added.iter().map(|o| o.id.to_string()));
        listed.extend(diff.removed.iter().map(|o| o.id.to_string()));
        listed.extend(diff.changed.iter().map(|o| o.id.to_string()));
        let unique: BTreeSet<String> = listed.iter().cloned().collect();
        prop_assert_eq!(unique.len(), listed.len(), "an id is listed twice: {:?}", listed);
        prop_assert_eq!(&unique, &edited);
        prop_assert_eq!(diff.is_empty(), edited.is_empty());
        prop_assert!(diff.document.is_empty());
    }
}

#[test]
fn max_level_hides_withheld_objects() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tmif"))
        .args(["diff", "--format", "json", "--max", "GREEN"])
        .arg(format!("{examples}online-shop.tmif.json"))
        .arg(format!("{examples}online-shop-1.1.tmif.json"))
        .output()
        .expect("tmif runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the redacted revisions still differ; stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    for withheld in ["orders-db", "Order database", "card", "sqli-orders"] {
        assert!(
            !stdout.contains(withheld),
            "the diff at GREEN names the withheld `{withheld}`: {stdout}"
        );
    }
    assert!(
        stdout.contains("scope-note"),
        "the diff at GREEN lacks the kept annotation: {stdout}"
    );
}
