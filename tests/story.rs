//! The story example in `examples/story/`: four revisions of one model, the
//! git history that `build-repo.sh` makes of them, and what the semantic diff
//! reports between consecutive revisions.
//!
//! The tests run the script with `bash` and read the history with `git`, so
//! both must be on the PATH.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tmif::diff::{CrossingCause, Diff, DiffOptions, ObjectKind, Transition, diff};
use tmif::model::{COLLECTIONS, ThreatStatus};
use tmif::{Document, Syntax};

/// The revision files, oldest first.
const REVISIONS: [&str; 4] = [
    "1-service.tmif.json",
    "2-feature.tmif.json",
    "3-mitigations.tmif.json",
    "4-slim.tmif.json",
];

/// The path of the model in the repository before and after the rename.
const OLD_PATH: &str = "threat-model.tmif.json";
const NEW_PATH: &str = "model/threat-model.tmif.json";

/// The commits that `build-repo.sh` makes, oldest first: subject, author
/// date, the path of the model, and the revision file it contains, or `None`
/// for the commit that leaves the file invalid.
const COMMITS: [(&str, &str, &str, Option<&str>); 5] = [
    (
        "Add the threat model of the invoicing service",
        "2026-03-02T09:00:00Z",
        OLD_PATH,
        Some("1-service.tmif.json"),
    ),
    (
        "Model card payments and payment webhooks",
        "2026-03-23T14:30:00Z",
        OLD_PATH,
        Some("2-feature.tmif.json"),
    ),
    (
        "Edit the model by hand (invalid: trailing comma)",
        "2026-03-25T08:15:00Z",
        OLD_PATH,
        None,
    ),
    (
        "Record mitigations and move the model to model/",
        "2026-04-13T10:00:00Z",
        NEW_PATH,
        Some("3-mitigations.tmif.json"),
    ),
    (
        "Remove the retired SFTP export from the model",
        "2026-05-04T16:45:00Z",
        NEW_PATH,
        Some("4-slim.tmif.json"),
    ),
];

fn story_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/story")
}

fn read_revision(name: &str) -> Vec<u8> {
    let path = story_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Validates `bytes` and returns the document, failing on any diagnostic.
fn valid_document(bytes: &[u8], source: &str) -> Document {
    let validation = tmif::validate(bytes, Syntax::Json);
    let diagnostics: Vec<String> = validation
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        diagnostics.is_empty(),
        "{source} has diagnostics:\n{}",
        diagnostics.join("\n")
    );
    validation
        .document
        .unwrap_or_else(|| panic!("{source} is valid but has no document"))
}

fn load(name: &str) -> Document {
    valid_document(&read_revision(name), name)
}

fn diff_revisions(old: &str, new: &str) -> Diff {
    diff(&load(old), &load(new), &DiffOptions::default())
}

/// Runs `build-repo.sh` into a new folder `repo` inside `parent`.
fn build_repo(parent: &Path) -> PathBuf {
    let repo = parent.join("repo");
    let output = run_script(&repo);
    assert!(
        output.status.success(),
        "build-repo.sh failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    repo
}

fn run_script(target: &Path) -> Output {
    Command::new("bash")
        .arg(story_dir().join("build-repo.sh"))
        .arg(target)
        .output()
        .expect("bash runs build-repo.sh")
}

/// Runs git in `repo` without the user's or the system's configuration and
/// returns its standard output.
fn git(repo: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("git prints UTF-8")
}

fn ids_of(
    objects: impl IntoIterator<Item = (ObjectKind, String)>,
    kind: ObjectKind,
) -> Vec<String> {
    objects
        .into_iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, id)| id)
        .collect()
}

fn added(diff: &Diff, kind: ObjectKind) -> Vec<String> {
    ids_of(diff.added.iter().map(|o| (o.kind, o.id.to_string())), kind)
}

fn removed(diff: &Diff, kind: ObjectKind) -> Vec<String> {
    ids_of(
        diff.removed.iter().map(|o| (o.kind, o.id.to_string())),
        kind,
    )
}

fn changed(diff: &Diff, kind: ObjectKind) -> Vec<String> {
    ids_of(
        diff.changed.iter().map(|o| (o.kind, o.id.to_string())),
        kind,
    )
}

#[test]
fn revisions_are_valid_and_canonical() {
    let mut model_ids = BTreeSet::new();
    for (number, name) in REVISIONS.iter().enumerate() {
        let bytes = read_revision(name);
        let document = valid_document(&bytes, name);
        assert_eq!(document.tmif, "1.1.0", "{name}: format version");
        assert!(
            tmif::canonical::is_canonical(&document, &bytes),
            "{name} is not in canonical form; run `tmif fmt` on it"
        );
        let revision = document
            .revision
            .as_ref()
            .unwrap_or_else(|| panic!("{name} has no revision member"));
        assert_eq!(
            revision.number.get(),
            number as u64 + 1,
            "{name}: revision number"
        );
        model_ids.insert(document.id.to_string());
    }
    assert_eq!(
        model_ids.len(),
        1,
        "the revisions have different ids: {model_ids:?}"
    );
}

#[test]
fn ids_keep_their_collection() {
    let mut collection_of: BTreeMap<String, &str> = BTreeMap::new();
    for name in REVISIONS {
        let value: Value = serde_json::from_slice(&read_revision(name)).expect("JSON");
        for collection in COLLECTIONS {
            let Some(objects) = value.get(collection).and_then(Value::as_array) else {
                continue;
            };
            for object in objects {
                let id = object["id"].as_str().expect("every object has an id");
                let first = *collection_of.entry(id.to_owned()).or_insert(collection);
                assert_eq!(
                    first, collection,
                    "{name}: id {id} is in {collection} but was in {first} before"
                );
            }
        }
    }
    assert!(collection_of.len() > 60, "only {} ids", collection_of.len());
}

#[test]
fn repository_has_five_commits() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let repo = build_repo(temp.path());
    let log = git(
        &repo,
        &[
            "log",
            "--reverse",
            "--format=%s%x09%an%x09%ae%x09%aI%x09%cI",
        ],
    );
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), COMMITS.len(), "commits:\n{log}");
    for (line, (subject, date, _, _)) in lines.iter().zip(COMMITS) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields[0], subject);
        assert_eq!(fields[1], "Priya Raman", "author of {subject}");
        assert_eq!(
            fields[2], "priya.raman@invoicing.example",
            "email of {subject}"
        );
        assert_eq!(fields[3], date, "author date of {subject}");
        assert_eq!(fields[4], fields[3], "committer date of {subject}");
    }
    let branch = git(&repo, &["symbolic-ref", "--short", "HEAD"]);
    assert_eq!(branch.trim(), "main");
    let status = git(&repo, &["status", "--porcelain"]);
    assert_eq!(status, "", "the work tree is not clean");
}

#[test]
fn repository_is_reproducible() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let first = build_repo(&temp.path().join("first"));
    let second = build_repo(&temp.path().join("second"));
    let first_head = git(&first, &["rev-parse", "HEAD"]);
    let second_head = git(&second, &["rev-parse", "HEAD"]);
    assert_eq!(first_head, second_head);
}

#[test]
fn repository_follows_rename() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let repo = build_repo(temp.path());

    let log = git(
        &repo,
        &[
            "log",
            "--follow",
            "--name-status",
            "--format=commit %s",
            "--",
            NEW_PATH,
        ],
    );
    let mut statuses = Vec::new();
    for line in log.lines().filter(|line| !line.is_empty()) {
        if line.starts_with("commit ") {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        statuses.push(fields);
    }
    // With `--follow`, git 2.47 lists only one commit under `--reverse`, so
    // the order is reversed here.
    statuses.reverse();

    assert_eq!(statuses.len(), COMMITS.len(), "git log --follow:\n{log}");
    assert_eq!(statuses[0], ["A", OLD_PATH]);
    let rename = &statuses[3];
    assert!(
        rename[0].starts_with('R'),
        "the fourth commit is {rename:?}"
    );
    assert_eq!(rename[1..], [OLD_PATH, NEW_PATH]);
    assert_eq!(statuses[4], ["M", NEW_PATH]);
}

#[test]
fn committed_revisions_match_files() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let repo = build_repo(temp.path());
    let commits = git(&repo, &["rev-list", "--reverse", "HEAD"]);
    let commits: Vec<&str> = commits.lines().collect();
    assert_eq!(commits.len(), COMMITS.len());
    for (commit, (subject, _, path, revision)) in commits.iter().zip(COMMITS) {
        let text = git(&repo, &["show", &format!("{commit}:{path}")]);
        match revision {
            Some(name) => {
                assert!(
                    text.as_bytes() == read_revision(name),
                    "{subject}: {path} differs from {name}"
                );
                valid_document(text.as_bytes(), subject);
            }
            None => {
                let validation = tmif::validate(text.as_bytes(), Syntax::Json);
                assert!(!validation.is_valid(), "{subject}: the file is valid");
                let codes: Vec<&str> = validation.diagnostics.iter().map(|d| d.code).collect();
                assert_eq!(codes, ["TMIF1001"], "{subject}");
            }
        }
    }
}

#[test]
fn script_rejects_non_empty_folder() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let target = temp.path().join("repo");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("notes.txt"), "keep me\n").unwrap();
    let output = run_script(&target);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not empty"), "stderr: {stderr}");
    assert!(!target.join(".git").exists(), "a repository was created");
    let notes = std::fs::read_to_string(target.join("notes.txt")).unwrap();
    assert_eq!(notes, "keep me\n");
}

#[test]
fn script_accepts_empty_folder() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let target = temp.path().join("repo");
    std::fs::create_dir(&target).unwrap();
    let output = run_script(&target);
    assert!(output.status.success(), "status {}", output.status);
    let count = git(&target, &["rev-list", "--count", "HEAD"]);
    assert_eq!(count.trim(), "5");
}

#[test]
fn feature_adds_elements_and_flows() {
    let changes = diff_revisions(REVISIONS[0], REVISIONS[1]);
    assert_eq!(
        added(&changes, ObjectKind::Element),
        [
            "payment-provider",
            "webhook-receiver",
            "payment-queue",
            "payment-worker",
            "email-service"
        ]
    );
    assert_eq!(
        added(&changes, ObjectKind::DataFlow),
        [
            "read-pdf",
            "create-checkout",
            "pay-invoice",
            "payment-webhook",
            "enqueue-event",
            "consume-event",
            "confirm-payment",
            "mark-paid",
            "send-receipt",
            "deliver-mail"
        ]
    );
    assert_eq!(
        added(&changes, ObjectKind::DataAsset),
        [
            "card-details",
            "payment-intent",
            "payment-event",
            "payment-record",
            "payment-receipt"
        ]
    );
    assert_eq!(removed(&changes, ObjectKind::Element), ["smtp-relay"]);
    assert_eq!(
        removed(&changes, ObjectKind::DataFlow),
        ["download-pdf", "relay-mail"]
    );
    assert_eq!(
        changed(&changes, ObjectKind::DataFlow),
        ["api-call", "send-invoice-mail"]
    );
}

#[test]
fn feature_renames_and_moves() {
    let changes = diff_revisions(REVISIONS[0], REVISIONS[1]);
    let web_app = changes
        .changed
        .iter()
        .find(|c| c.id.as_str() == "web-app")
        .expect("web-app changed");
    let rename = web_app.renamed.as_ref().expect("web-app is renamed");
    assert_eq!(rename.old.as_deref(), Some("Web app"));
    assert_eq!(rename.new.as_deref(), Some("Customer portal"));
    assert!(web_app.moved.is_empty());

    let bucket = changes
        .changed
        .iter()
        .find(|c| c.id.as_str() == "pdf-store")
        .expect("pdf-store changed");
    assert!(bucket.renamed.is_none());
    assert_eq!(bucket.moved.len(), 1);
    assert_eq!(bucket.moved[0].member, "zone");
    assert_eq!(
        bucket.moved[0].from.as_ref().map(|z| z.as_str()),
        Some("dmz")
    );
    assert_eq!(
        bucket.moved[0].to.as_ref().map(|z| z.as_str()),
        Some("internal")
    );

    assert_eq!(changes.summary.moved, 1);
    // The flow to the SMTP relay kept its id and now goes to the email service.
    assert_eq!(changes.summary.renamed, 2);
}

#[test]
fn feature_adds_threats_and_closes_one() {
    let changes = diff_revisions(REVISIONS[0], REVISIONS[1]);
    let threats = &changes.reach.threats;
    let added: Vec<&str> = threats.added.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        added,
        [
            "t-webhook-forgery",
            "t-webhook-replay",
            "t-queue-poison",
            "t-amount-tampering",
            "t-provider-key-leak",
            "t-receipt-disclosure",
            "t-webhook-flood"
        ]
    );
    assert!(threats.added.iter().all(|t| t.status == ThreatStatus::Open));

    assert_eq!(threats.status_changed.len(), 1);
    let closed = &threats.status_changed[0];
    assert_eq!(closed.id.as_str(), "t-presigned-url-leak");
    assert_eq!(closed.from, ThreatStatus::Open);
    assert_eq!(closed.to, ThreatStatus::NotApplicable);
    assert_eq!(closed.transition, Transition::Closed);

    let changed: Vec<&str> = threats.changed.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(changed, ["t-mail-spoofing"]);
}

#[test]
fn feature_flows_cross_zones() {
    let changes = diff_revisions(REVISIONS[0], REVISIONS[1]);
    // Every end of these flows has a zone, so a missing one shows as "none".
    let crossing: Vec<(&str, CrossingCause, &str, &str)> = changes
        .reach
        .crossing_flows
        .iter()
        .map(|f| {
            (
                f.id.as_str(),
                f.cause,
                f.source_zone.as_ref().map_or("none", |zone| zone.as_str()),
                f.target_zone.as_ref().map_or("none", |zone| zone.as_str()),
            )
        })
        .collect();
    assert_eq!(
        crossing,
        [
            ("api-call", CrossingCause::Changed, "dmz", "internal"),
            (
                "create-checkout",
                CrossingCause::Added,
                "internal",
                "internet"
            ),
            ("payment-webhook", CrossingCause::Added, "internet", "dmz"),
            ("enqueue-event", CrossingCause::Added, "dmz", "internal"),
            (
                "confirm-payment",
                CrossingCause::Added,
                "internet",
                "internal"
            ),
            ("send-receipt", CrossingCause::Added, "internal", "internet"),
            (
                "send-invoice-mail",
                CrossingCause::Changed,
                "internal",
                "internet"
            ),
        ]
    );

    let assets: Vec<&str> = changes
        .reach
        .newly_crossing_assets
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        assets,
        [
            "payment-intent",
            "payment-event",
            "payment-record",
            "payment-receipt"
        ]
    );
    // The hosted checkout page keeps card details inside the internet zone.
    assert!(!assets.contains(&"card-details"));
    let event = &changes.reach.newly_crossing_assets[1];
    let carriers: Vec<&str> = event.flows.iter().map(|f| f.as_str()).collect();
    assert_eq!(carriers, ["payment-webhook", "enqueue-event"]);
}

#[test]
fn mitigations_close_most_threats() {
    let changes = diff_revisions(REVISIONS[1], REVISIONS[2]);
    assert_eq!(added(&changes, ObjectKind::Mitigation).len(), 9);
    assert_eq!(added(&changes, ObjectKind::Threat), ["t-export-at-rest"]);
    assert!(changes.removed.is_empty());
    assert!(changes.reach.crossing_flows.is_empty());

    let statuses: BTreeMap<&str, ThreatStatus> = changes
        .reach
        .threats
        .status_changed
        .iter()
        .map(|s| (s.id.as_str(), s.to))
        .collect();
    assert_eq!(statuses.len(), 10);
    assert_eq!(statuses["t-webhook-forgery"], ThreatStatus::Mitigated);
    assert_eq!(statuses["t-sftp-weak-creds"], ThreatStatus::Accepted);
    assert_eq!(statuses["t-receipt-disclosure"], ThreatStatus::Accepted);
    assert!(!statuses.contains_key("t-webhook-flood"));

    let document = load(REVISIONS[2]);
    for threat in &document.threats {
        if threat.status == ThreatStatus::Mitigated {
            assert!(
                !threat.mitigations.is_empty(),
                "{} is mitigated without a mitigation",
                threat.id
            );
        }
    }
    let open: Vec<&str> = document
        .threats
        .iter()
        .filter(|t| t.status == ThreatStatus::Open)
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(open, ["t-webhook-flood"]);
}

#[test]
fn slim_removes_sftp_export() {
    let changes = diff_revisions(REVISIONS[2], REVISIONS[3]);
    assert!(changes.added.is_empty());
    assert_eq!(
        removed(&changes, ObjectKind::Element),
        ["sftp-export", "accountant"]
    );
    assert_eq!(
        removed(&changes, ObjectKind::DataFlow),
        ["read-export", "collect-export"]
    );
    assert_eq!(
        removed(&changes, ObjectKind::DataAsset),
        ["accounting-export"]
    );
    assert_eq!(removed(&changes, ObjectKind::Threat), ["t-sftp-weak-creds"]);

    let status = &changes.reach.threats.status_changed;
    assert_eq!(status.len(), 1);
    assert_eq!(status[0].id.as_str(), "t-export-at-rest");
    assert_eq!(status[0].to, ThreatStatus::NotApplicable);
}

/// The picture of the feature revision that the README shows is what
/// `tmif render` draws today. Set `TMIF_BLESS=1` to write it afresh.
#[test]
fn feature_picture_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let picture = root.join("examples/story/feature-diff.svg");
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .current_dir(root)
        .args([
            "render",
            "--diff",
            "examples/story/1-service.tmif.json",
            "examples/story/2-feature.tmif.json",
            "--format",
            "svg",
        ])
        .output()
        .expect("the tmif binary runs");
    assert!(
        output.status.success(),
        "tmif render failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    if std::env::var_os("TMIF_BLESS").is_some() {
        std::fs::write(&picture, &output.stdout).unwrap();
    }
    let committed = std::fs::read(&picture).unwrap_or_default();
    assert!(
        committed == output.stdout,
        "{} differs from the output of tmif render; run `TMIF_BLESS=1 cargo test --test story feature_picture` and commit the file",
        picture.display()
    );
}

/// `tmif::history` reads the story's repository through the rename and
/// past the broken commit, with the counts of each revision.
#[test]
fn timeline_follows_story() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let repo = build_repo(temp.path());
    let timeline = tmif::history::timeline(
        &repo.join(NEW_PATH),
        &tmif::history::TimelineOptions::default(),
    )
    .expect("the timeline of the story is read");

    let paths: Vec<&str> = timeline.rows.iter().map(|row| row.path.as_str()).collect();
    assert_eq!(paths, [OLD_PATH, OLD_PATH, NEW_PATH, NEW_PATH]);
    assert_eq!(timeline.skipped.len(), 1);
    assert_eq!(timeline.skipped[0].path, OLD_PATH);
    assert!(
        timeline.skipped[0].reason.contains("TMIF1001"),
        "{}",
        timeline.skipped[0].reason
    );

    for (row, name) in timeline.rows.iter().zip(REVISIONS) {
        let document = load(name);
        assert_eq!(row.elements, document.elements.len(), "{name}: elements");
        assert_eq!(row.data_flows, document.data_flows.len(), "{name}: flows");
        let open = document
            .threats
            .iter()
            .filter(|threat| threat.status == ThreatStatus::Open)
            .count();
        assert_eq!(row.threats.open, open, "{name}: open threats");
    }
    // The feature revision adds many objects; the slim one only removes
    // and changes.
    let feature = timeline.rows[1].change.as_ref().expect("a change");
    assert!(feature.added >= 20, "{feature:?}");
    let slim = timeline.rows[3].change.as_ref().expect("a change");
    assert_eq!(slim.added, 0, "{slim:?}");
    assert!(slim.removed > 0, "{slim:?}");
}

/// The output of `tmif log` that the README shows is what the command
/// prints for the story's repository today.
#[test]
fn readme_log_output_is_current() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let repo = build_repo(temp.path());
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .arg("log")
        .arg(repo.join(NEW_PATH))
        .output()
        .expect("the tmif binary runs");
    assert!(
        output.status.success(),
        "tmif log failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).expect("the output is UTF-8");

    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("the README is readable");
    let command = "tmif log /tmp/invoicing-history/model/threat-model.tmif.json\n```\n\n```text\n";
    let start = readme
        .find(command)
        .expect("the README shows tmif log on the story")
        + command.len();
    let length = readme[start..].find("```").expect("the text block ends");
    assert_eq!(readme[start..start + length], printed);
}

/// The timeline chart that the README shows is what `tmif log --format svg`
/// draws for the story's repository today. Set `TMIF_BLESS=1` to write it
/// afresh.
#[test]
fn timeline_picture_is_current() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let repo = build_repo(temp.path());
    let output = Command::new(env!("CARGO_BIN_EXE_tmif"))
        .arg("log")
        .arg(repo.join(NEW_PATH))
        .args(["--format", "svg"])
        .output()
        .expect("the tmif binary runs");
    assert!(
        output.status.success(),
        "tmif log failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let picture = story_dir().join("timeline.svg");
    if std::env::var_os("TMIF_BLESS").is_some() {
        std::fs::write(&picture, &output.stdout).unwrap();
    }
    let committed = std::fs::read(&picture).unwrap_or_default();
    assert!(
        committed == output.stdout,
        "{} differs from the output of tmif log; run `TMIF_BLESS=1 cargo test --test story timeline_picture` and commit the file",
        picture.display()
    );
}
