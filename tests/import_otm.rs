//! Import of Open Threat Model files.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use tmif::Syntax;
use tmif::import::{
    FormatChoice, Import, ImportError, ImportOptions, LossKind, SourceFormat, import,
};
use tmif::model::{ElementKind, MitigationStatus, Rating, TaxonomyRef, ThreatStatus};

const SHOP_JSON: &[u8] = include_bytes!("fixtures/otm/shop.otm.json");
const SHOP_YAML: &[u8] = include_bytes!("fixtures/otm/shop.otm.yaml");

fn options(keep_unmapped: bool) -> ImportOptions {
    ImportOptions {
        from: FormatChoice::Auto,
        keep_unmapped,
    }
}

fn shop() -> Import {
    import(SHOP_JSON, Syntax::Json, &options(false)).expect("the shop fixture imports")
}

fn import_value(value: &Value) -> Result<Import, ImportError> {
    let bytes = serde_json::to_vec(value).expect("serializable");
    import(&bytes, Syntax::Json, &options(false))
}

fn shop_value() -> Value {
    serde_json::from_slice(SHOP_JSON).expect("the fixture is JSON")
}

/// Returns the kind and reason of the loss entry at `pointer`.
fn loss(import: &Import, pointer: &str) -> (LossKind, String) {
    let entry = import
        .losses
        .entries
        .iter()
        .find(|loss| loss.pointer == pointer);
    let entry = entry.unwrap_or_else(|| panic!("no loss entry at {pointer}: {:#?}", import.losses));
    (entry.kind, entry.reason.clone())
}

fn invalid_parts(error: ImportError) -> (String, String) {
    match error {
        ImportError::Invalid {
            format,
            pointer,
            message,
        } => {
            assert_eq!(format, SourceFormat::Otm);
            (pointer, message)
        }
        other => panic!("expected ImportError::Invalid, got {other:?}"),
    }
}

#[test]
fn shop_is_valid_tmif() {
    let import = shop();
    assert_eq!(import.source, SourceFormat::Otm);
    let errors: Vec<_> = tmif::validate_document(&import.document)
        .into_iter()
        .filter(|d| d.level == tmif::Level::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn project_becomes_document() {
    let document = shop().document;
    assert_eq!(document.id.as_str(), "shop");
    assert_eq!(document.title, "Web shop");
    assert_eq!(
        document.description.as_deref(),
        Some("Orders placed through a browser")
    );
    assert_eq!(document.license, None);
    assert_eq!(document.tags, ["retail"]);
    assert_eq!(document.authors.len(), 1);
    assert_eq!(document.authors[0].name, "Ada Lovelace");
    assert_eq!(
        document.authors[0].email.as_deref(),
        Some("ada@example.org")
    );
}

#[test]
fn zones_keep_parent_and_clamped_trust() {
    let import = shop();
    let zones = &import.document.trust_zones;
    assert_eq!(zones.len(), 2);
    assert_eq!(zones[0].id.as_str(), "internet");
    assert_eq!(zones[0].zone_type.as_deref(), Some("internet"));
    assert_eq!(zones[0].trust_level.map(|level| level.get()), Some(100.0));
    assert_eq!(
        zones[1].parent.as_ref().map(|id| id.as_str()),
        Some("internet")
    );
    assert_eq!(zones[1].trust_level.map(|level| level.get()), Some(40.0));
    let (kind, reason) = loss(&import, "/trustZones/0/risk/trustRating");
    assert_eq!(kind, LossKind::Changed);
    assert!(reason.contains("120"), "{reason}");
}

#[test]
fn components_become_elements() {
    let import = shop();
    let elements = &import.document.elements;
    let ids: Vec<&str> = elements.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["browser", "api", "orders"]);
    assert_eq!(elements[0].kind, ElementKind::ExternalEntity);
    assert_eq!(
        elements[0].zone.as_ref().map(|id| id.as_str()),
        Some("internet")
    );
    assert_eq!(elements[1].kind, ElementKind::Process);
    assert_eq!(elements[1].element_type.as_deref(), Some("web-service"));
    assert_eq!(elements[1].tags, ["rust"]);
    assert_eq!(
        elements[1].processed_assets,
        [tmif::model::Id::from("card")]
    );
    assert_eq!(elements[2].kind, ElementKind::DataStore);
    assert_eq!(
        elements[2].parent.as_ref().map(|id| id.as_str()),
        Some("api")
    );
    assert_eq!(elements[2].zone.as_ref().map(|id| id.as_str()), Some("dmz"));
    assert_eq!(elements[2].stored_assets, [tmif::model::Id::from("card")]);
    assert_eq!(
        loss(&import, "/components/1/assets/processed/2").0,
        LossKind::Dropped
    );
}

#[test]
fn dataflows_become_flows() {
    let import = shop();
    let flows = &import.document.data_flows;
    assert_eq!(flows.len(), 2);
    assert_eq!(flows[0].id.as_str(), "checkout");
    assert_eq!(flows[0].source.as_str(), "browser");
    assert_eq!(flows[0].target.as_str(), "api");
    assert!(flows[0].bidirectional);
    assert_eq!(flows[0].data_assets, [tmif::model::Id::from("card")]);
    assert_eq!(flows[0].tags, ["https"]);
    assert!(!flows[1].bidirectional);
    let (kind, reason) = loss(&import, "/dataflows/2");
    assert_eq!(kind, LossKind::Dropped);
    assert!(reason.contains("trust zone `internet`"), "{reason}");
}

#[test]
fn assets_get_rating_bands() {
    let import = shop();
    let asset = &import.document.data_assets[0];
    assert_eq!(asset.id.as_str(), "card");
    assert_eq!(asset.confidentiality, Some(Rating::VeryHigh));
    assert_eq!(asset.integrity, Some(Rating::High));
    assert_eq!(asset.availability, Some(Rating::Low));
    let (kind, reason) = loss(&import, "/assets/0/risk/confidentiality");
    assert_eq!(kind, LossKind::Changed);
    assert!(
        reason.contains("95") && reason.contains("very-high"),
        "{reason}"
    );
    assert_eq!(loss(&import, "/assets/0/risk/comment").0, LossKind::Dropped);
}

#[test]
fn threat_instances_become_threats() {
    let import = shop();
    let threats = &import.document.threats;
    let ids: Vec<&str> = threats.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["t1@api", "t1@checkout", "threat:55"]);

    let on_api = &threats[0];
    assert_eq!(on_api.title, "Session hijacking");
    assert_eq!(on_api.affects, [tmif::model::Id::from("api")]);
    assert_eq!(on_api.status, ThreatStatus::Open);
    assert_eq!(on_api.likelihood, Some(Rating::Medium));
    assert_eq!(on_api.impact, Some(Rating::VeryHigh));
    assert_eq!(on_api.mitigations, [tmif::model::Id::from("55")]);
    assert_eq!(
        on_api.categories,
        [
            TaxonomyRef::new("STRIDE", "S"),
            TaxonomyRef::new("STRIDE", "E"),
            TaxonomyRef::new("otm-categories", "Linkability"),
        ]
    );
    assert_eq!(
        on_api.weaknesses,
        [
            TaxonomyRef::new("CWE", "CWE-384"),
            TaxonomyRef::new("CWE", "CWE-79")
        ]
    );
    assert_eq!(loss(&import, "/threats/0/cwes/2").0, LossKind::Dropped);
    assert_eq!(
        loss(&import, "/threats/0/risk/likelihoodComment").0,
        LossKind::Dropped
    );

    assert_eq!(threats[1].affects, [tmif::model::Id::from("checkout")]);
    assert_eq!(threats[1].status, ThreatStatus::NotApplicable);

    assert!(threats[2].affects.is_empty());
    assert_eq!(threats[2].categories, [TaxonomyRef::new("STRIDE", "T")]);
    assert_eq!(loss(&import, "/threats/1").0, LossKind::Changed);

    let taxonomy = &import.document.taxonomies[0];
    assert_eq!(taxonomy.id.as_str(), "otm-categories");
    let entries: Vec<&str> = taxonomy.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(entries, ["Linkability"]);
}

#[test]
fn mitigation_status_from_instances() {
    let import = shop();
    let mitigations = &import.document.mitigations;
    assert_eq!(mitigations[0].id.as_str(), "55");
    assert_eq!(mitigations[0].title, "Short-lived sessions");
    // One instance gives `implemented`, the other `required`: the less advanced wins.
    assert_eq!(mitigations[0].status, MitigationStatus::Planned);
    let (kind, reason) = loss(&import, "/components/1/threats/0/mitigations/0/state");
    assert_eq!(kind, LossKind::Changed);
    assert!(reason.contains("implemented"), "{reason}");
    assert_eq!(mitigations[1].status, MitigationStatus::Proposed);
    assert_eq!(
        loss(&import, "/mitigations/0/riskReduction").0,
        LossKind::Dropped
    );
}

#[test]
fn ids_taken_by_other_collections_are_derived() {
    let import = shop();
    let mitigation = &import.document.mitigations[1];
    assert_eq!(mitigation.id.as_str(), "mitigation:card");
    let (kind, reason) = loss(&import, "/mitigations/1/id");
    assert_eq!(kind, LossKind::Changed);
    assert!(
        reason.contains("`card`") && reason.contains("`mitigation:card`"),
        "{reason}"
    );
    let (kind, reason) = loss(&import, "/threats/1/id");
    assert_eq!(kind, LossKind::Changed);
    assert!(
        reason.contains("`55`") && reason.contains("`threat:55`"),
        "{reason}"
    );
}

#[test]
fn diagram_positions_become_absolute() {
    let import = shop();
    assert_eq!(import.document.views.len(), 1);
    let view = &import.document.views[0];

    assert_eq!(view.id.as_str(), "overview");
    assert_eq!(view.name, "Overview");
    let nodes: Vec<(&str, f64, f64)> = view
        .nodes
        .iter()
        .map(|n| (n.object.as_str(), n.x, n.y))
        .collect();
    assert_eq!(
        nodes,
        [
            ("internet", 10.0, 20.0),
            ("dmz", 310.0, 20.0),
            ("browser", 15.0, 25.0),
            ("api", 340.0, 50.0),
            ("orders", 341.0, 52.0),
        ]
    );

    assert_eq!(view.nodes[0].width, Some(200.0));
    assert_eq!(view.nodes[2].height, Some(40.0));
    assert_eq!(loss(&import, "/representations/1").0, LossKind::Dropped);
    assert_eq!(
        loss(&import, "/components/1/representations/1").0,
        LossKind::Dropped
    );
    assert_eq!(
        loss(&import, "/representations/0/size").0,
        LossKind::Dropped
    );
}

#[test]
fn yaml_gives_same_document() {
    let from_yaml =
        import(SHOP_YAML, Syntax::Yaml, &options(false)).expect("the YAML fixture imports");
    let from_json = shop();
    assert_eq!(
        tmif::canonical::to_string(&from_yaml.document),
        tmif::canonical::to_string(&from_json.document)
    );
    assert_eq!(from_yaml.losses, from_json.losses);
}

#[test]
fn two_imports_are_identical() {
    let first = tmif::canonical::to_string(&shop().document);
    let second = tmif::canonical::to_string(&shop().document);
    assert_eq!(first, second);
}

#[test]
fn added_component_keeps_other_ids() {
    let mut revision = shop_value();
    let components = revision["components"].as_array_mut().expect("components");
    components.insert(
        0,
        json!({"id": "cdn", "name": "CDN", "type": "cdn", "parent": {"trustZone": "internet"}}),
    );
    let before = shop().document;
    let after = import_value(&revision)
        .expect("the revision imports")
        .document;
    let ids = |document: &tmif::Document| -> Vec<String> {
        let elements = document.elements.iter().map(|e| e.id.to_string());
        let threats = document.threats.iter().map(|t| t.id.to_string());
        let mitigations = document.mitigations.iter().map(|m| m.id.to_string());
        elements.chain(threats).chain(mitigations).collect()
    };
    let mut expected = vec!["cdn".to_owned()];
    expected.extend(ids(&before));
    assert_eq!(ids(&after), expected);
}

#[test]
fn keep_unmapped_turns_dropped_into_kept() {
    let kept = import(SHOP_JSON, Syntax::Json, &options(true)).expect("imports");
    let dropped = shop();
    assert_eq!(kept.losses.count(LossKind::Dropped), 0);
    assert_eq!(
        kept.losses.count(LossKind::Kept),
        dropped.losses.count(LossKind::Dropped)
    );
    assert_eq!(loss(&kept, "/project/attributes").0, LossKind::Kept);

    let document = &kept.document;
    let root = document.extensions.get("x-otm").expect("document x-otm");
    assert_eq!(root["/project/attributes"], json!({"cmdb": "SHOP-1"}));
    assert_eq!(root["/dataflows/2"]["destination"], "internet");
    let mitigation = document.mitigations[0]
        .extensions
        .get("x-otm")
        .expect("mitigation x-otm");
    assert_eq!(mitigation["/riskReduction"], 60);
    let asset = document.data_assets[0]
        .extensions
        .get("x-otm")
        .expect("asset x-otm");
    assert_eq!(asset["/risk/comment"], "PCI scope");
    let threat = document.threats[0]
        .extensions
        .get("x-otm")
        .expect("threat x-otm");
    assert_eq!(threat["/threats/0/cwes/2"], "XSS");
    let errors = tmif::validate_document(document)
        .into_iter()
        .filter(|d| d.level == tmif::Level::Error);
    assert_eq!(errors.count(), 0);
}

#[test]
fn dataflow_with_missing_source_is_invalid() {
    let mut value = shop_value();
    value["dataflows"][1]["source"] = json!("payments");
    let (pointer, message) = invalid_parts(import_value(&value).expect_err("must fail"));
    assert_eq!(pointer, "/dataflows/1/source");
    assert!(message.contains("`payments`"), "{message}");
    assert!(message.contains("add a component"), "{message}");
}

#[test]
fn parent_with_zone_and_component_is_invalid() {
    let mut value = shop_value();
    value["components"][2]["parent"] = json!({"trustZone": "dmz", "component": "api"});
    let (pointer, message) = invalid_parts(import_value(&value).expect_err("must fail"));
    assert_eq!(pointer, "/components/2/parent");
    assert!(message.contains("keep the one"), "{message}");
}

#[test]
fn component_parent_cycle_is_invalid() {
    let mut value = shop_value();
    value["components"][1]["parent"] = json!({"component": "orders"});
    let (pointer, message) = invalid_parts(import_value(&value).expect_err("must fail"));
    assert!(pointer.ends_with("/parent/component"), "{pointer}");
    assert!(message.contains("cycle"), "{message}");
}

#[test]
fn wrong_type_is_invalid() {
    let mut value = shop_value();
    value["components"][0]["tags"] = json!("external");
    let (pointer, message) = invalid_parts(import_value(&value).expect_err("must fail"));
    assert_eq!(pointer, "/components/0/tags");
    assert!(message.contains("array"), "{message}");
}

#[test]
fn missing_version_is_named() {
    let mut value = shop_value();
    value.as_object_mut().expect("object").remove("otmVersion");
    let bytes = serde_json::to_vec(&value).expect("serializable");
    let forced = ImportOptions {
        from: FormatChoice::Otm,
        keep_unmapped: false,
    };
    let (pointer, message) =
        invalid_parts(import(&bytes, Syntax::Json, &forced).expect_err("must fail"));
    assert_eq!(pointer, "/otmVersion");
    assert!(message.contains("otmVersion"), "{message}");
}

#[test]
fn unsupported_version_names_supported_ones() {
    let mut value = shop_value();
    value["otmVersion"] = json!("1.0.0");
    let (pointer, message) = invalid_parts(import_value(&value).expect_err("must fail"));
    assert_eq!(pointer, "/otmVersion");
    assert!(
        message.contains("1.0.0") && message.contains("0.1.x and 0.2.x"),
        "{message}"
    );
}

#[test]
fn corpus_files_import_validly() {
    for path in common::corpus_files("otm") {
        let bytes = std::fs::read(&path).expect("readable corpus file");
        let syntax = Syntax::detect(Some(&path), &bytes);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let result = import(&bytes, syntax, &options(false));
        if name.contains("INVALID") {
            let error = result
                .expect_err("the invalid corpus file must fail")
                .to_string();
            assert!(error.contains("otmVersion"), "{name}: {error}");
            continue;
        }
        let import = result.unwrap_or_else(|error| panic!("{name}: {error}"));
        let errors: Vec<_> = tmif::validate_document(&import.document)
            .into_iter()
            .filter(|d| d.level == tmif::Level::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert!(!import.document.elements.is_empty(), "{name}: no elements");
        let kept = tmif::import::import(&bytes, syntax, &options(true)).expect("imports");
        let kept_errors = tmif::validate_document(&kept.document)
            .into_iter()
            .filter(|d| d.level == tmif::Level::Error)
            .count();
        assert_eq!(kept_errors, 0, "{name} with keep_unmapped");
    }
}

#[test]
fn binary_imports_and_validates() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let input = dir.join("otm").join("otm-0.2.0_startleft-MTMT_MVP.otm");
    let out_dir = std::env::temp_dir().join(format!("tmif-import-otm-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).expect("temporary folder");
    let output = out_dir.join("mtmt.tmif.json");

    let status = run(&[
        "import",
        path_str(&input),
        "-o",
        path_str(&output),
        "--allow-loss",
    ]);
    assert_eq!(status, Some(0));
    let status = run(&["validate", path_str(&output)]);
    assert_eq!(status, Some(0));

    // Without --allow-loss, the losses make the exit status 1.
    let status = run(&["import", path_str(&input), "-o", path_str(&output)]);
    assert_eq!(status, Some(1));
    std::fs::remove_dir_all(&out_dir).ok();
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn run(args: &[&str]) -> Option<i32> {
    let output = Command::new(common::tmif_binary())
        .args(args)
        .output()
        .expect("the binary runs");
    output.status.code()
}

/// Lists the JSON Pointer of every value inside `value`.
fn pointers(value: &Value, base: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let pointer = format!("{base}/{}", key.replace('~', "~0").replace('/', "~1"));
                pointers(child, pointer, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{base}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(base);
}

#[test]
fn replaced_values_never_give_invalid_output() {
    let original = shop_value();
    let mut all = Vec::new();
    pointers(&original, String::new(), &mut all);
    let replacements = [
        json!(null),
        json!(-7.5),
        json!("api"),
        json!(""),
        json!([]),
        json!({}),
        json!(true),
    ];
    for pointer in all.iter().filter(|p| !p.is_empty()) {
        for replacement in &replacements {
            let mut value = original.clone();
            *value.pointer_mut(pointer).expect("pointer exists") = replacement.clone();
            for keep in [false, true] {
                let bytes = serde_json::to_vec(&value).expect("serializable");
                let Ok(import) = import(&bytes, Syntax::Json, &options(keep)) else {
                    continue;
                };
                let errors: Vec<_> = tmif::validate_document(&import.document)
                    .into_iter()
                    .filter(|d| d.level == tmif::Level::Error)
                    .collect();
                assert!(errors.is_empty(), "{pointer} = {replacement}: {errors:#?}");
            }
        }
    }
}
