//! The `git diff` listing: one line per member, keyed by object id.

use std::path::Path;
use std::process::Command;

const MODEL: &str = r#"{"tmif": "1.0.0", "id": "m", "title": "Shop", "license": "CC0-1.0",
 "elements": [{"id": "web", "name": "Web server", "kind": "process"},
              {"id": "db", "name": "Database", "kind": "data-store"}],
 "dataFlows": [{"id": "q", "source": "web", "target": "db"}]}"#;

fn listing(text: &str) -> String {
    let validation = tmif::validate(text.as_bytes(), tmif::Syntax::Json);
    let document = validation.document.expect("the model is valid");
    tmif::textconv::listing(&document)
}

#[test]
fn listing_keys_members_by_id() {
    let text = listing(MODEL);
    assert!(
        text.contains("elements[web].name = \"Web server\"\n"),
        "missing the element's name line: {text}"
    );
    assert!(
        text.contains("dataFlows[q].target = \"db\"\n"),
        "missing the flow's target line: {text}"
    );
    assert!(
        text.contains("document.title = \"Shop\"\n"),
        "missing the document's title line: {text}"
    );
}

#[test]
fn listing_ignores_object_order() {
    let reordered = MODEL.replace(
        r#"[{"id": "web", "name": "Web server", "kind": "process"},
              {"id": "db", "name": "Database", "kind": "data-store"}]"#,
        r#"[{"kind": "data-store", "id": "db", "name": "Database"},
              {"id": "web", "name": "Web server", "kind": "process"}]"#,
    );
    assert_ne!(reordered, MODEL, "the test did not reorder the elements");
    assert_eq!(
        listing(&reordered),
        listing(MODEL),
        "reordering changed the listing"
    );
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git runs")
}

#[test]
fn git_diff_shows_changed_member() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path();
    assert!(
        git(path, &["-c", "init.defaultBranch=main", "init", "-q"])
            .status
            .success(),
        "git init failed"
    );
    std::fs::write(path.join(".gitattributes"), "*.tmif.json diff=tmif\n")
        .expect("attributes written");
    let driver = format!("{} textconv", env!("CARGO_BIN_EXE_tmif"));
    assert!(
        git(path, &["config", "diff.tmif.textconv", &driver])
            .status
            .success(),
        "git config failed"
    );
    std::fs::write(path.join("shop.tmif.json"), MODEL).expect("model written");
    assert!(git(path, &["add", "."]).status.success(), "git add failed");
    assert!(
        git(path, &["commit", "-q", "-m", "first"]).status.success(),
        "git commit failed"
    );

    std::fs::write(
        path.join("shop.tmif.json"),
        MODEL.replace("Web server", "Storefront"),
    )
    .expect("model rewritten");
    let output = git(path, &["diff"]);
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "git diff failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        diff.contains("-elements[web].name = \"Web server\""),
        "git diff lacks the old line: {diff}"
    );
    assert!(
        diff.contains("+elements[web].name = \"Storefront\""),
        "git diff lacks the new line: {diff}"
    );
    let changed: Vec<&str> = diff
        .lines()
        .filter(|line| {
            line.starts_with(['+', '-']) && !line.starts_with("+++") && !line.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed.len(),
        2,
        "git diff changes more than the one member: {diff}"
    );
}

#[test]
fn invalid_file_printed_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.tmif.json");
    let bytes = b"{\"tmif\": \"1.0.0\", \"title\": \"\xff\xfe\"}\n";
    std::fs::write(&path, bytes).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .arg("textconv")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, bytes, "the bytes are not replaced");
}
