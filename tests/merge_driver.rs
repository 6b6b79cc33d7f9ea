//! The three-way merge by object id, and `tmif merge-driver` called by git.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};
use tmif::merge3::{CONFLICTS_MEMBER, merge};
use tmif::{Document, Syntax};

/// Returns a small valid model with three elements and two data flows.
fn base_value() -> Value {
    json!({
        "tmif": "1.0.0",
        "id": "shop",
        "title": "Web shop",
        "license": "CC-BY-4.0",
        "elements": [
            {"id": "browser", "name": "Browser", "kind": "external-entity"},
            {"id": "web", "name": "Web server", "kind": "process"},
            {"id": "db", "name": "Database", "kind": "data-store"}
        ],
        "dataFlows": [
            {"id": "order", "source": "browser", "target": "web", "protocol": "HTTPS"},
            {"id": "query", "source": "web", "target": "db"}
        ]
    })
}

fn document(value: &Value) -> Document {
    let bytes = serde_json::to_vec(value).unwrap();
    let validation = tmif::validate(&bytes, Syntax::Json);
    assert!(validation.is_valid(), "{:?}", validation.diagnostics);
    validation.document.unwrap()
}

/// Applies `change` to a copy of the base model.
fn changed(change: impl FnOnce(&mut Value)) -> Document {
    let mut value = base_value();
    change(&mut value);
    document(&value)
}

fn base() -> Document {
    document(&base_value())
}

fn element<'a>(document: &'a Document, id: &str) -> Option<&'a tmif::model::Element> {
    document.elements.iter().find(|e| e.id.as_str() == id)
}

fn assert_valid(document: &Document) {
    let errors: Vec<_> = tmif::validate_document(document)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let text = tmif::canonical::to_string(document);
    assert!(tmif::validate(text.as_bytes(), Syntax::Json).is_valid());
}

fn recorded_conflicts(document: &Document) -> Vec<Value> {
    document
        .extensions
        .get(CONFLICTS_MEMBER)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

#[test]
fn merge_different_objects_clean() {
    let ours = changed(|v| v["elements"][1]["name"] = json!("Web front end"));
    let theirs = changed(|v| v["dataFlows"][0]["protocol"] = json!("HTTP/2"));
    let merged = merge(&base(), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(
        element(&merged.document, "web").unwrap().name,
        "Web front end"
    );
    assert_eq!(
        merged.document.data_flows[0].protocol.as_deref(),
        Some("HTTP/2")
    );
    assert!(merged.document.extensions.get(CONFLICTS_MEMBER).is_none());
    assert_valid(&merged.document);
}

#[test]
fn merge_different_members_clean() {
    let ours = changed(|v| v["elements"][1]["name"] = json!("Web front end"));
    let theirs = changed(|v| v["elements"][1]["description"] = json!("Serves the shop"));
    let merged = merge(&base(), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let web = element(&merged.document, "web").unwrap();
    assert_eq!(web.name, "Web front end");
    assert_eq!(web.description.as_deref(), Some("Serves the shop"));
}

#[test]
fn merge_document_members_clean() {
    let ours = changed(|v| v["title"] = json!("Online shop"));
    let theirs = changed(|v| v["description"] = json!("Sells things"));
    let merged = merge(&base(), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.document.title, "Online shop");
    assert_eq!(merged.document.description.as_deref(), Some("Sells things"));
}

#[test]
fn merge_additions_both_kept() {
    let ours = changed(|v| {
        v["elements"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "cache", "name": "Cache", "kind": "data-store"}))
    });
    let theirs = changed(|v| {
        let elements = v["elements"].as_array_mut().unwrap();
        elements.insert(
            0,
            json!({"id": "queue", "name": "Queue", "kind": "data-store"}),
        );
        elements.push(json!({"id": "mail", "name": "Mailer", "kind": "process"}));
    });
    let merged = merge(&base(), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let ids: Vec<&str> = merged
        .document
        .elements
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["browser", "web", "db", "cache", "queue", "mail"]);
    assert_valid(&merged.document);
}

#[test]
fn merge_same_addition_kept_once() {
    let add = |v: &mut Value| {
        v["elements"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "cache", "name": "Cache", "kind": "data-store"}))
    };
    let merged = merge(&base(), &changed(add), &changed(add));
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.document.elements.len(), 4);
}

#[test]
fn merge_different_additions_conflict() {
    let ours = changed(|v| {
        v["elements"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "cache", "name": "Cache", "kind": "data-store"}))
    });
    let theirs = changed(|v| {
        v["elements"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "cache", "name": "Redis", "kind": "data-store"}))
    });
    let merged = merge(&base(), &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(merged.conflicts[0].pointer, "/elements/3");
    assert!(merged.conflicts[0].base.is_none());
    assert_eq!(element(&merged.document, "cache").unwrap().name, "Cache");
    assert_valid(&merged.document);
}

#[test]
fn merge_member_changed_differently_conflict() {
    let ours = changed(|v| v["elements"][1]["name"] = json!("Web front end"));
    let theirs = changed(|v| v["elements"][1]["name"] = json!("HTTP server"));
    let merged = merge(&base(), &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.pointer, "/elements/1/name");
    assert_eq!(conflict.base, Some(json!("Web server")));
    assert_eq!(conflict.ours, Some(json!("Web front end")));
    assert_eq!(conflict.theirs, Some(json!("HTTP server")));
    assert_eq!(
        element(&merged.document, "web").unwrap().name,
        "Web front end"
    );

    let recorded = recorded_conflicts(&merged.document);
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["pointer"], "/elements/1/name");
    assert_eq!(recorded[0]["theirs"], "HTTP server");
    assert!(
        recorded[0]["reason"]
            .as_str()
            .is_some_and(|r| !r.is_empty())
    );
    assert_valid(&merged.document);
}

#[test]
fn merge_list_additions_both_kept() {
    let ours = changed(|v| v["elements"][1]["tags"] = json!(["pci", "edge"]));
    let theirs = changed(|v| v["elements"][1]["tags"] = json!(["public"]));
    let merged = merge(&base(), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let web = element(&merged.document, "web").unwrap();
    assert_eq!(web.tags, ["pci", "edge", "public"]);
}

#[test]
fn merge_list_removal_and_addition() {
    let with_tags = |v: &mut Value| v["elements"][1]["tags"] = json!(["a", "b", "c"]);
    let base = changed(with_tags);
    let ours = changed(|v| v["elements"][1]["tags"] = json!(["a", "c", "d"]));
    let theirs = changed(|v| v["elements"][1]["tags"] = json!(["c", "a", "e"]));
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let web = element(&merged.document, "web").unwrap();
    // Ours removed b and added d; theirs reordered and added e. Order of ours wins.
    assert_eq!(web.tags, ["a", "c", "d", "e"]);
}

#[test]
fn merge_list_emptied_on_both_sides() {
    let base = changed(|v| v["elements"][1]["tags"] = json!(["a", "b"]));
    let ours = changed(|v| v["elements"][1]["tags"] = json!(["a"]));
    let theirs = changed(|v| v["elements"][1]["tags"] = json!(["b"]));
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert!(element(&merged.document, "web").unwrap().tags.is_empty());
    assert_valid(&merged.document);
}

#[test]
fn merge_list_with_repeats_conflicts() {
    let ours = changed(|v| v["elements"][1]["tags"] = json!(["a", "a"]));
    let theirs = changed(|v| v["elements"][1]["tags"] = json!(["b"]));
    let merged = merge(&base(), &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(merged.conflicts[0].pointer, "/elements/1/tags");
    assert_eq!(element(&merged.document, "web").unwrap().tags, ["a", "a"]);
}

#[test]
fn merge_ordered_member_still_conflicts() {
    // `authors` is a list of objects, not a set of ids, so it merges whole.
    let ours = changed(|v| v["authors"] = json!([{"name": "Ada"}]));
    let theirs = changed(|v| v["authors"] = json!([{"name": "Grace"}]));
    let merged = merge(&base(), &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(merged.conflicts[0].pointer, "/authors");
}

#[test]
fn merge_same_change_no_conflict() {
    let rename = |v: &mut Value| v["elements"][1]["name"] = json!("Web front end");
    let merged = merge(&base(), &changed(rename), &changed(rename));
    assert!(merged.conflicts.is_empty());
    assert_eq!(
        element(&merged.document, "web").unwrap().name,
        "Web front end"
    );
}

#[test]
fn merge_removal_of_unchanged_object() {
    let ours = changed(|v| {
        v["dataFlows"].as_array_mut().unwrap().remove(1);
    });
    let theirs = changed(|v| v["title"] = json!("Online shop"));
    let merged = merge(&base(), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    assert_eq!(merged.document.data_flows.len(), 1);
    assert_eq!(merged.document.title, "Online shop");
}

#[test]
fn merge_delete_against_change_conflict() {
    let ours = changed(|v| {
        v["dataFlows"].as_array_mut().unwrap().remove(1);
    });
    let theirs = changed(|v| v["dataFlows"][1]["protocol"] = json!("TLS"));
    let merged = merge(&base(), &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(merged.conflicts[0].pointer, "/dataFlows/1");
    assert!(merged.conflicts[0].ours.is_none());
    assert_eq!(merged.document.data_flows.len(), 2);
    assert_eq!(
        merged.document.data_flows[1].protocol.as_deref(),
        Some("TLS")
    );
    assert_eq!(recorded_conflicts(&merged.document).len(), 1);
    assert_valid(&merged.document);

    // The same with the sides swapped.
    let merged = merge(&base(), &theirs, &ours);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert!(merged.conflicts[0].theirs.is_none());
    assert_eq!(merged.document.data_flows.len(), 2);
}

#[test]
fn merge_restores_referenced_object() {
    // Ours adds a flow from the database. Theirs removes the database and its flow.
    let ours = changed(|v| {
        v["dataFlows"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "backup", "source": "db", "target": "web"}))
    });
    let theirs = changed(|v| {
        v["elements"].as_array_mut().unwrap().remove(2);
        v["dataFlows"].as_array_mut().unwrap().remove(1);
    });
    let merged = merge(&base(), &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.pointer, "/elements/2");
    assert!(
        conflict.reason.contains("/dataFlows/1/source"),
        "{conflict:?}"
    );
    assert!(
        element(&merged.document, "db").is_some(),
        "the database is back"
    );
    // Theirs removed the flow `query`, and it stays removed.
    let flows: Vec<&str> = merged
        .document
        .data_flows
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(flows, ["order", "backup"]);
    assert_eq!(recorded_conflicts(&merged.document).len(), 1);
    assert_valid(&merged.document);
}

#[test]
fn merge_reverts_object_breaking_rule() {
    // Each side makes one zone the parent of the other: a containment cycle.
    let with_zones = |v: &mut Value| {
        v["trustZones"] = json!([{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]);
    };
    let base = changed(with_zones);
    let ours = changed(|v| {
        with_zones(v);
        v["trustZones"][0]["parent"] = json!("b");
        v["title"] = json!("Ours");
    });
    let theirs = changed(|v| {
        with_zones(v);
        v["trustZones"][1]["parent"] = json!("a");
        v["description"] = json!("Theirs");
    });
    let merged = merge(&base, &ours, &theirs);
    assert_valid(&merged.document);
    assert_eq!(merged.document.title, "Ours");
    assert_eq!(merged.document.description.as_deref(), Some("Theirs"));
    let parents: Vec<Option<&str>> = merged
        .document
        .trust_zones
        .iter()
        .map(|zone| zone.parent.as_ref().map(|id| id.as_str()))
        .collect();
    // The zone that the error points at goes back to the ancestor's version.
    assert_eq!(parents, [None, Some("a")]);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.pointer, "/trustZones/0");
    assert!(conflict.reason.contains("TMIF1105"), "{conflict:?}");
    assert!(
        conflict
            .reason
            .contains("the common ancestor's version is kept"),
        "{conflict:?}"
    );
}

#[test]
fn merge_keeps_ours_after_many_reverts() {
    // Forty pairs of zones, each made a cycle by the two sides together,
    // are more than the merge reverts one by one.
    let zones = |v: &mut Value| {
        let list: Vec<Value> = (0..40)
            .flat_map(|i| {
                [
                    json!({"id": format!("a{i}"), "name": "A"}),
                    json!({"id": format!("b{i}"), "name": "B"}),
                ]
            })
            .collect();
        v["trustZones"] = Value::Array(list);
    };
    let base = changed(zones);
    let ours = changed(|v| {
        zones(v);
        for i in 0..40 {
            v["trustZones"][2 * i]["parent"] = json!(format!("b{i}"));
        }
        v["title"] = json!("Ours");
    });
    let theirs = changed(|v| {
        zones(v);
        for i in 0..40 {
            v["trustZones"][2 * i + 1]["parent"] = json!(format!("a{i}"));
        }
        v["description"] = json!("Theirs");
    });
    let merged = merge(&base, &ours, &theirs);
    assert_valid(&merged.document);
    assert_eq!(merged.document.title, "Ours");
    assert_eq!(merged.document.description, None, "ours is kept whole");
    assert!(merged.conflicts.iter().all(|c| c.pointer.is_empty()));
    assert!(
        merged
            .conflicts
            .last()
            .unwrap()
            .reason
            .contains("ours is kept whole"),
        "{:?}",
        merged.conflicts.last()
    );
    assert_eq!(
        recorded_conflicts(&merged.document).len(),
        merged.conflicts.len()
    );
}

#[test]
fn merge_without_base_keeps_equal_parts() {
    let ours = changed(|v| v["elements"][1]["name"] = json!("Web front end"));
    let theirs = changed(|v| v["dataFlows"][0]["protocol"] = json!("HTTP/2"));
    let merged = tmif::merge3::merge_without_base(&ours, &theirs);
    assert_valid(&merged.document);
    let pointers: Vec<&str> = merged
        .conflicts
        .iter()
        .map(|c| c.pointer.as_str())
        .collect();
    // Only the objects that differ conflict; the equal ones are kept once.
    assert_eq!(pointers, ["/elements/1", "/dataFlows/0"]);
    assert_eq!(merged.document.elements.len(), 3);
}

#[test]
fn merge_drops_earlier_conflicts() {
    let mut ours = base();
    ours.extensions.insert(
        CONFLICTS_MEMBER,
        json!([{"pointer": "/title", "reason": "old"}]),
    );
    let merged = merge(&base(), &ours, &base());
    assert!(merged.conflicts.is_empty());
    assert!(merged.document.extensions.get(CONFLICTS_MEMBER).is_none());
}

// Git runs `tmif merge-driver` for real.

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .output()
        .expect("failed to run git")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let output = git(dir, args);
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

const MODEL: &str = "model.tmif.json";

fn write_model(dir: &Path, value: &Value) {
    std::fs::write(
        dir.join(MODEL),
        serde_json::to_string_pretty(value).unwrap(),
    )
    .unwrap();
}

/// Creates a repository with the base model on `main`, the driver configured,
/// and branches `ours` and `theirs` with one commit each that changes the model.
fn repository(ours: impl FnOnce(&mut Value), theirs: impl FnOnce(&mut Value)) -> tempfile::TempDir {
    repository_from(base_value(), ours, theirs)
}

/// Like [`repository`], with `base` as the model on `main`.
fn repository_from(
    base: Value,
    ours: impl FnOnce(&mut Value),
    theirs: impl FnOnce(&mut Value),
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    git_ok(path, &["init", "-q"]);
    std::fs::write(path.join(".gitattributes"), "*.tmif.json merge=tmif\n").unwrap();
    let driver = format!("\"{}\" merge-driver %O %A %B", env!("CARGO_BIN_EXE_tmif"));
    git_ok(path, &["config", "merge.tmif.driver", &driver]);
    write_model(path, &base);
    git_ok(path, &["add", "."]);
    git_ok(path, &["commit", "-q", "-m", "Base model"]);

    for (branch, change) in [
        ("theirs", Box::new(theirs) as Box<dyn FnOnce(&mut Value)>),
        ("ours", Box::new(ours)),
    ] {
        git_ok(path, &["checkout", "-q", "-b", branch, "main"]);
        let mut value = base.clone();
        change(&mut value);
        write_model(path, &value);
        git_ok(path, &["commit", "-q", "-a", "-m", branch]);
    }
    dir
}

#[test]
fn git_merge_different_objects_clean() {
    let dir = repository(
        |v| v["elements"][1]["name"] = json!("Web front end"),
        |v| v["dataFlows"][0]["protocol"] = json!("HTTP/2"),
    );
    let output = git(dir.path(), &["merge", "--no-edit", "theirs"]);
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(dir.path().join(MODEL)).unwrap();
    let validation = tmif::validate(&bytes, Syntax::Json);
    assert!(validation.is_valid(), "{:?}", validation.diagnostics);
    let merged = validation.document.unwrap();
    assert_eq!(element(&merged, "web").unwrap().name, "Web front end");
    assert_eq!(merged.data_flows[0].protocol.as_deref(), Some("HTTP/2"));
    assert!(merged.extensions.get(CONFLICTS_MEMBER).is_none());
    // The driver writes the canonical form.
    assert!(tmif::canonical::is_canonical(&merged, &bytes));
}

#[test]
fn git_merge_threat_mitigations_clean() {
    fn with_threat(v: &mut Value, mitigations: &[&str]) {
        v["mitigations"] = json!([
            {"id": "waf", "title": "Web application firewall", "status": "planned"},
            {"id": "tls", "title": "TLS everywhere", "status": "implemented"},
            {"id": "rate", "title": "Rate limits", "status": "proposed"}
        ]);
        v["threats"] = json!([{
            "id": "injection", "title": "SQL injection", "status": "open",
            "affects": ["query"], "mitigations": mitigations
        }]);
    }
    let mut base = base_value();
    with_threat(&mut base, &["waf"]);
    let dir = repository_from(
        base,
        |v| with_threat(v, &["waf", "tls"]),
        |v| with_threat(v, &["waf", "rate"]),
    );
    let output = git(dir.path(), &["merge", "--no-edit", "theirs"]);
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(dir.path().join(MODEL)).unwrap();
    let merged = document(&serde_json::from_slice(&bytes).unwrap());
    let mitigations: Vec<&str> = merged.threats[0]
        .mitigations
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(mitigations, ["waf", "tls", "rate"]);
}

#[test]
fn git_merge_conflict_stays_valid() {
    let dir = repository(
        |v| v["elements"][1]["name"] = json!("Web front end"),
        |v| v["elements"][1]["name"] = json!("HTTP server"),
    );
    let output = git(dir.path(), &["merge", "--no-edit", "theirs"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/elements/1/name"), "{stderr}");

    let bytes = std::fs::read(dir.path().join(MODEL)).unwrap();
    let validation = tmif::validate(&bytes, Syntax::Json);
    assert!(validation.is_valid(), "{:?}", validation.diagnostics);
    let merged = validation.document.unwrap();
    assert_eq!(element(&merged, "web").unwrap().name, "Web front end");
    let recorded = recorded_conflicts(&merged);
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["pointer"], "/elements/1/name");
    assert_eq!(recorded[0]["ours"], "Web front end");
    assert_eq!(recorded[0]["theirs"], "HTTP server");
    // Git lists the file as unmerged.
    let status = git(dir.path(), &["status", "--porcelain"]);
    assert!(String::from_utf8_lossy(&status.stdout).contains(&format!("UU {MODEL}")));
}

#[test]
fn driver_invalid_input_leaves_ours() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    let ours = dir.path().join("ours.json");
    let theirs = dir.path().join("theirs.json");
    let text = serde_json::to_string_pretty(&base_value()).unwrap();
    std::fs::write(&base, &text).unwrap();
    std::fs::write(&ours, &text).unwrap();
    std::fs::write(&theirs, "{\"tmif\": \"1.0.0\", \"id\": \"shop\"}").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .arg("merge-driver")
        .args([&base, &ours, &theirs])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&ours).unwrap(), text);

    std::fs::remove_file(&theirs).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .arg("merge-driver")
        .args([&base, &ours, &theirs])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&ours).unwrap(), text);
}

#[test]
fn driver_clean_merge_writes_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let paths = ["base.json", "ours.json", "theirs.json"].map(|name| dir.path().join(name));
    let mut theirs = base_value();
    theirs["title"] = json!("Online shop");
    for (path, value) in paths.iter().zip([&base_value(), &base_value(), &theirs]) {
        std::fs::write(path, serde_json::to_string(value).unwrap()).unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .arg("merge-driver")
        .args(&paths)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&paths[1]).unwrap();
    let merged = document(&serde_json::from_slice(&bytes).unwrap());
    assert_eq!(merged.title, "Online shop");
    assert!(tmif::canonical::is_canonical(&merged, &bytes));
}

#[test]
fn driver_help_shows_git_setup() {
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .args(["merge-driver", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("*.tmif.json merge=tmif"), "{help}");
    assert!(
        help.contains("git config merge.tmif.driver \"tmif merge-driver %O %A %B\""),
        "{help}"
    );
}

#[test]
fn git_merge_file_added_on_both_branches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    git_ok(path, &["init", "-q"]);
    std::fs::write(path.join(".gitattributes"), "*.tmif.json merge=tmif\n").unwrap();
    let driver = format!("\"{}\" merge-driver %O %A %B", env!("CARGO_BIN_EXE_tmif"));
    git_ok(path, &["config", "merge.tmif.driver", &driver]);
    git_ok(path, &["add", "."]);
    git_ok(path, &["commit", "-q", "-m", "Attributes"]);
    for (branch, name) in [("theirs", "HTTP server"), ("ours", "Web server")] {
        git_ok(path, &["checkout", "-q", "-b", branch, "main"]);
        let mut value = base_value();
        value["elements"][1]["name"] = json!(name);
        write_model(path, &value);
        git_ok(path, &["add", "."]);
        git_ok(path, &["commit", "-q", "-m", branch]);
    }

    let output = git(path, &["merge", "--no-edit", "theirs"]);
    assert!(!output.status.success(), "the two names conflict");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("not a valid TMIF document"), "{stderr}");
    let bytes = std::fs::read(path.join(MODEL)).unwrap();
    let validation = tmif::validate(&bytes, Syntax::Json);
    assert!(validation.is_valid(), "{:?}", validation.diagnostics);
    let merged = validation.document.unwrap();
    let recorded = recorded_conflicts(&merged);
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(recorded[0]["pointer"], "/elements/1");
    assert_eq!(element(&merged, "web").unwrap().name, "Web server");
}

#[test]
fn driver_leaves_yaml_alone() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    let ours = dir.path().join("ours");
    let theirs = dir.path().join("theirs");
    let yaml = "# The shop model\ntmif: 1.0.0\nid: shop\ntitle: Web shop\nlicense: MIT\n";
    std::fs::write(&base, yaml).unwrap();
    std::fs::write(&ours, yaml.replace("Web shop", "Shop")).unwrap();
    std::fs::write(&theirs, yaml.replace("MIT", "CC0-1.0")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .arg("merge-driver")
        .args([&base, &ours, &theirs])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is YAML"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&ours).unwrap(),
        yaml.replace("Web shop", "Shop"),
        "ours keeps its comment and layout"
    );
}
