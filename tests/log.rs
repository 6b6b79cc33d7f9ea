//! `tmif log` and `tmif::history::timeline` on real git repositories built
//! with the `git` binary in temporary folders.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};
use tempfile::TempDir;
use tmif::history::{Timeline, TimelineOptions, timeline};

// ---- repositories ----

/// A git repository in a temporary folder, isolated from the user's and the
/// system's git configuration.
struct Repo {
    dir: TempDir,
    /// The committer and author date of the next commit, in seconds since the epoch.
    next_time: i64,
}

/// 2026-01-01T00:00:00Z.
const START: i64 = 1_767_225_600;

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("home")).unwrap();
        std::fs::write(dir.path().join("home/.gitconfig"), "").unwrap();
        std::fs::create_dir(dir.path().join("work")).unwrap();
        let repo = Repo {
            dir,
            next_time: START,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Runs git in the work tree and returns its standard output.
    fn git(&self, args: &[&str]) -> String {
        let date = format!("@{} +0000", self.next_time);
        let output = Command::new("git")
            .args(args)
            .current_dir(self.root())
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home().join(".gitconfig"))
            .env("GIT_AUTHOR_NAME", "Test Author")
            .env("GIT_AUTHOR_EMAIL", "author@example.com")
            .env("GIT_COMMITTER_NAME", "Test Committer")
            .env("GIT_COMMITTER_EMAIL", "committer@example.com")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Commits everything in the work tree, one hour after the previous
    /// commit, and returns the full commit id.
    fn commit(&mut self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.next_time += 3600;
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// Writes `text` at `relative` and commits it.
    fn commit_file(&mut self, relative: &str, text: &str, message: &str) -> String {
        self.write(relative, text);
        self.commit(message)
    }
}

/// Builds a model with `elements` elements `e0`, `e1`, … in two trust zones, a
/// flow between each pair of neighbours, and one threat per status given.
///
/// `e0` and `e1` sit in zone `inside`, the rest in `outside`, so exactly
/// one flow (`e1` to `e2`) crosses zones once there are three elements.
fn model(version: &str, elements: usize, statuses: &[&str]) -> String {
    let element_values: Vec<Value> = (0..elements)
        .map(|i| {
            json!({
                "id": format!("e{i}"),
                "name": format!("Element {i}"),
                "kind": "process",
                "zone": if i < 2 { "inside" } else { "outside" },
            })
        })
        .collect();
    let flows: Vec<Value> = (1..elements)
        .map(|i| {
            json!({
                "id": format!("f{i}"),
                "source": format!("e{}", i - 1),
                "target": format!("e{i}"),
            })
        })
        .collect();
    let threats: Vec<Value> = statuses
        .iter()
        .enumerate()
        .map(|(i, status)| {
            json!({
                "id": format!("t{i}"),
                "title": format!("Threat {i}"),
                "status": status,
                "affects": ["e0"],
            })
        })
        .collect();
    let value = json!({
        "tmif": version,
        "id": "shop",
        "title": "Web shop",
        "license": "CC-BY-4.0",
        "trustZones": [
            {"id": "inside", "name": "Inside"},
            {"id": "outside", "name": "Outside"}
        ],
        "elements": element_values,
        "dataFlows": flows,
        "threats": threats,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap();
    text.push('\n');
    text
}

fn read(path: &Path) -> Timeline {
    timeline(path, &TimelineOptions::default()).expect("the timeline is read")
}

fn counts(timeline: &Timeline) -> Vec<(usize, usize, usize)> {
    timeline
        .rows
        .iter()
        .map(|row| (row.elements, row.data_flows, row.crossing_flows))
        .collect()
}

fn tmif_in(directory: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new(common::tmif_binary())
        .args(args)
        .current_dir(directory)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("tmif runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

// ---- the walk ----

#[test]
fn linear_history_counts_each_row() {
    let mut repo = Repo::new();
    let first = repo.commit_file("m.tmif.json", &model("1.1.0", 2, &["open"]), "Add model");
    repo.commit_file("README", "unrelated\n", "Add readme");
    let second = repo.commit_file(
        "m.tmif.json",
        &model("1.1.0", 3, &["open", "mitigated"]),
        "Add a third element",
    );
    let third = repo.commit_file(
        "m.tmif.json",
        &model(
            "1.1.0",
            5,
            &[
                "mitigated",
                "mitigated",
                "accepted",
                "transferred",
                "not-applicable",
            ],
        ),
        "Close threats",
    );

    let timeline = read(&repo.path("m.tmif.json"));
    assert_eq!(timeline.path, "m.tmif.json");
    assert!(timeline.skipped.is_empty(), "{:?}", timeline.skipped);
    let commits: Vec<&str> = timeline
        .rows
        .iter()
        .map(|row| row.commit.as_str())
        .collect();
    assert_eq!(commits, [&first, &second, &third]);
    assert_eq!(counts(&timeline), [(2, 1, 0), (3, 2, 1), (5, 4, 1)]);

    let rows = &timeline.rows;
    assert_eq!(rows[0].date, "2026-01-01T00:00:00Z");
    assert_eq!(rows[2].date, "2026-01-01T03:00:00Z");
    assert_eq!(rows[2].timestamp, START + 3 * 3600);
    assert_eq!(rows[1].subject, "Add a third element");
    assert_eq!(rows[0].short_commit(), &first[..7]);
    assert_eq!(rows[1].threats.open, 1);
    assert_eq!(rows[1].threats.mitigated, 1);
    let closed = rows[2].threats;
    assert_eq!(closed.open, 0);
    assert_eq!(closed.mitigated, 2);
    assert_eq!(closed.accepted, 1);
    assert_eq!(closed.transferred, 1);
    assert_eq!(closed.not_applicable, 1);

    assert_eq!(rows[0].change, None);
    let grown = rows[1].change.unwrap();
    // e2, f2 and t1 are new.
    assert_eq!((grown.added, grown.removed, grown.changed), (3, 0, 0));
    let closed_change = rows[2].change.unwrap();
    // e3, e4, f3, f4, t2, t3 and t4 are new; t0 went from open to mitigated.
    assert_eq!(
        (
            closed_change.added,
            closed_change.removed,
            closed_change.changed
        ),
        (7, 0, 1)
    );
}

#[test]
fn max_count_keeps_newest_rows_with_change() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 2, &[]), "One");
    repo.commit_file("m.tmif.json", &model("1.1.0", 3, &[]), "Two");
    repo.commit_file("m.tmif.json", &model("1.1.0", 4, &[]), "Three");

    let options = TimelineOptions { max_count: Some(2) };
    let timeline = timeline(&repo.path("m.tmif.json"), &options).unwrap();
    let subjects: Vec<&str> = timeline
        .rows
        .iter()
        .map(|row| row.subject.as_str())
        .collect();
    assert_eq!(subjects, ["Two", "Three"]);
    let change = timeline.rows[0]
        .change
        .expect("the oldest listed row has a change");
    assert_eq!((change.added, change.removed, change.changed), (2, 0, 0));
}

#[test]
fn rename_keeps_earlier_history() {
    let mut repo = Repo::new();
    repo.commit_file("old.tmif.json", &model("1.1.0", 2, &[]), "Add model");
    repo.commit_file("old.tmif.json", &model("1.1.0", 3, &[]), "Grow model");
    std::fs::create_dir(repo.path("models")).unwrap();
    repo.git(&["mv", "old.tmif.json", "models/new.tmif.json"]);
    let renamed = repo.commit("Move model");
    repo.commit_file(
        "models/new.tmif.json",
        &model("1.1.0", 4, &[]),
        "Grow again",
    );

    let timeline = read(&repo.path("models/new.tmif.json"));
    assert_eq!(
        counts(&timeline),
        [(2, 1, 0), (3, 2, 1), (3, 2, 1), (4, 3, 1)]
    );
    let paths: Vec<&str> = timeline.rows.iter().map(|row| row.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "old.tmif.json",
            "old.tmif.json",
            "models/new.tmif.json",
            "models/new.tmif.json"
        ]
    );
    assert_eq!(timeline.rows[2].commit, renamed);
    let unchanged = timeline.rows[2].change.unwrap();
    assert_eq!(
        (unchanged.added, unchanged.removed, unchanged.changed),
        (0, 0, 0)
    );
}

#[test]
fn rename_with_edit_matches_model_id() {
    let mut repo = Repo::new();
    repo.commit_file("old.tmif.json", &model("1.1.0", 2, &[]), "Add model");
    repo.git(&["mv", "old.tmif.json", "new.tmif.json"]);
    repo.write("new.tmif.json", &model("1.1.0", 3, &[]));
    repo.commit("Move and grow model");

    let timeline = read(&repo.path("new.tmif.json"));
    assert_eq!(counts(&timeline), [(2, 1, 0), (3, 2, 1)]);
    assert_eq!(timeline.rows[0].path, "old.tmif.json");
}

#[test]
fn rename_of_invalid_revision_matches_lines() {
    let mut repo = Repo::new();
    repo.commit_file("old.tmif.json", &model("1.1.0", 3, &[]), "Add model");
    let broken = model("1.1.0", 3, &[]).replacen('{', "{,", 1);
    repo.commit_file("old.tmif.json", &broken, "Break the model");
    repo.git(&["mv", "old.tmif.json", "new.tmif.json"]);
    repo.write("new.tmif.json", &model("1.1.0", 4, &[]));
    repo.commit("Repair, move and grow the model");

    let timeline = read(&repo.path("new.tmif.json"));
    assert_eq!(counts(&timeline), [(3, 2, 1), (4, 3, 1)]);
    assert_eq!(timeline.rows[0].path, "old.tmif.json");
    assert_eq!(timeline.skipped.len(), 1);
    assert_eq!(timeline.skipped[0].path, "old.tmif.json");
}

#[test]
fn deleted_other_model_is_not_followed() {
    let mut repo = Repo::new();
    let other = model("1.1.0", 2, &[]).replacen("\"id\": \"shop\"", "\"id\": \"other\"", 1);
    repo.commit_file("other.tmif.json", &other, "Add other model");
    std::fs::remove_file(repo.path("other.tmif.json")).unwrap();
    repo.write("m.tmif.json", &model("1.1.0", 3, &[]));
    let added = repo.commit("Replace other model");

    let timeline = read(&repo.path("m.tmif.json"));
    assert_eq!(timeline.rows.len(), 1);
    assert_eq!(timeline.rows[0].commit, added);
    assert_eq!(timeline.rows[0].path, "m.tmif.json");
}

#[test]
fn invalid_revision_is_skipped_with_reason() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 2, &[]), "Add model");
    let broken = repo.commit_file("m.tmif.json", "{\"tmif\": \"1.1.0\",\n", "Break model");
    let dangling = model("1.1.0", 2, &[]).replace("\"target\": \"e1\"", "\"target\": \"nowhere\"");
    let unresolved = repo.commit_file("m.tmif.json", &dangling, "Point a flow nowhere");
    repo.commit_file("m.tmif.json", &model("1.1.0", 3, &[]), "Repair model");

    let timeline = read(&repo.path("m.tmif.json"));
    assert_eq!(counts(&timeline), [(2, 1, 0), (3, 2, 1)]);
    assert_eq!(timeline.skipped.len(), 2);
    let syntax = &timeline.skipped[0];
    assert_eq!(syntax.commit, broken);
    assert_eq!(syntax.index, 1);
    assert_eq!(syntax.subject, "Break model");
    assert!(
        syntax.reason.contains("not a valid TMIF document"),
        "{}",
        syntax.reason
    );
    let reference = &timeline.skipped[1];
    assert_eq!(reference.commit, unresolved);
    assert!(
        reference.reason.contains("/dataFlows/0/target"),
        "{}",
        reference.reason
    );
    // The change of the last row is measured against the last valid row.
    let change = timeline.rows[1].change.unwrap();
    assert_eq!((change.added, change.removed, change.changed), (2, 0, 0));
    assert_eq!(timeline.rows[1].index, 3);
}

#[test]
fn older_format_version_is_counted() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 2, &["open"]), "Add model");
    repo.commit_file("m.tmif.json", &model("1.0.0", 3, &["open"]), "Write as 1.0");
    repo.commit_file(
        "m.tmif.json",
        &model("1.1.0", 3, &["mitigated"]),
        "Back to 1.1",
    );

    let timeline = read(&repo.path("m.tmif.json"));
    assert!(timeline.skipped.is_empty(), "{:?}", timeline.skipped);
    let versions: Vec<&str> = timeline
        .rows
        .iter()
        .map(|row| row.version.as_str())
        .collect();
    assert_eq!(versions, ["1.1.0", "1.0.0", "1.1.0"]);
    assert_eq!(counts(&timeline), [(2, 1, 0), (3, 2, 1), (3, 2, 1)]);
    let change = timeline.rows[2].change.unwrap();
    // Only the threat's status changed; the version member is not an object.
    assert_eq!((change.added, change.removed, change.changed), (0, 0, 1));
}

#[test]
fn yaml_file_is_read_as_yaml() {
    let mut repo = Repo::new();
    let yaml = |elements: usize| {
        let mut text =
            String::from("tmif: 1.1.0\nid: shop\ntitle: Web shop\nlicense: CC-BY-4.0\nelements:\n");
        for i in 0..elements {
            text.push_str(&format!(
                "  - id: e{i}\n    name: Element {i}\n    kind: process\n"
            ));
        }
        text
    };
    repo.commit_file("m.tmif.yaml", &yaml(1), "Add model");
    repo.commit_file("m.tmif.yaml", &yaml(4), "Grow model");

    let timeline = read(&repo.path("m.tmif.yaml"));
    assert!(timeline.skipped.is_empty(), "{:?}", timeline.skipped);
    assert_eq!(counts(&timeline), [(1, 0, 0), (4, 0, 0)]);
}

#[test]
fn relative_path_from_other_folder() {
    let mut repo = Repo::new();
    repo.commit_file(
        "models/shop/m.tmif.json",
        &model("1.1.0", 2, &[]),
        "Add model",
    );
    repo.commit_file("docs/readme.md", "text\n", "Add docs");
    repo.commit_file(
        "models/shop/m.tmif.json",
        &model("1.1.0", 3, &[]),
        "Grow model",
    );

    let output = tmif_in(
        &repo.path("docs"),
        &repo.home(),
        &["log", "../models/shop/m.tmif.json", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(value["path"], "models/shop/m.tmif.json");
    assert_eq!(value["rows"].as_array().unwrap().len(), 2);
    assert_eq!(value["rows"][1]["elements"], 3);
}

#[test]
fn merge_shows_first_parent_only() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 2, &[]), "Add model");
    repo.git(&["checkout", "-q", "-b", "side"]);
    let side_one = repo.commit_file("m.tmif.json", &model("1.1.0", 3, &[]), "Side one");
    let side_two = repo.commit_file("m.tmif.json", &model("1.1.0", 4, &[]), "Side two");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("other.txt", "x\n", "Unrelated on main");
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge side", "side"]);
    let merge = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();

    let timeline = read(&repo.path("m.tmif.json"));
    let subjects: Vec<&str> = timeline
        .rows
        .iter()
        .map(|row| row.subject.as_str())
        .collect();
    assert_eq!(subjects, ["Add model", "Merge side"]);
    assert_eq!(timeline.rows[1].commit, merge);
    assert_eq!(counts(&timeline), [(2, 1, 0), (4, 3, 1)]);
    let listed: Vec<&str> = timeline
        .rows
        .iter()
        .map(|row| row.commit.as_str())
        .collect();
    assert!(!listed.contains(&side_one.as_str()));
    assert!(!listed.contains(&side_two.as_str()));
}

#[test]
fn revert_counts_removed_objects() {
    let mut repo = Repo::new();
    let small = model("1.1.0", 2, &[]);
    repo.commit_file("m.tmif.json", &small, "Add model");
    repo.commit_file("m.tmif.json", &model("1.1.0", 3, &[]), "Grow");
    repo.commit_file("m.tmif.json", &small, "Revert");

    let timeline = read(&repo.path("m.tmif.json"));
    assert_eq!(counts(&timeline), [(2, 1, 0), (3, 2, 1), (2, 1, 0)]);
    let change = timeline.rows[2].change.unwrap();
    assert_eq!((change.added, change.removed, change.changed), (0, 2, 0));
}

#[test]
fn shallow_clone_starts_at_boundary() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 2, &[]), "One");
    repo.commit_file("m.tmif.json", &model("1.1.0", 3, &[]), "Two");
    repo.commit_file("m.tmif.json", &model("1.1.0", 4, &[]), "Three");
    let source = format!("file://{}", repo.root().display());
    let clone = repo.dir.path().join("clone");
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "2",
        &source,
        clone.to_str().unwrap(),
    ]);

    let timeline = read(&clone.join("m.tmif.json"));
    let subjects: Vec<&str> = timeline
        .rows
        .iter()
        .map(|row| row.subject.as_str())
        .collect();
    assert_eq!(subjects, ["Two", "Three"]);
    assert_eq!(timeline.rows[0].change, None);
    assert!(
        timeline.shallow,
        "the timeline says the history is cut short"
    );
    assert!(!read(&repo.path("m.tmif.json")).shallow);

    let output = tmif_in(&clone, &repo.home(), &["log", "m.tmif.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("shallow clone"),
        "{}",
        stderr(&output)
    );
}

// ---- errors ----

#[test]
fn not_a_repository_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("m.tmif.json");
    std::fs::write(&outside, model("1.1.0", 1, &[])).unwrap();

    let error = timeline(&outside, &TimelineOptions::default()).unwrap_err();
    assert!(
        matches!(error, tmif::history::HistoryError::NotInRepository { .. }),
        "{error}"
    );

    let output = tmif_in(dir.path(), dir.path(), &["log", "m.tmif.json"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("not in a git repository"), "{message}");
    assert!(message.contains("m.tmif.json"), "{message}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn untracked_file_exits_2() {
    let mut repo = Repo::new();
    repo.commit_file("other.tmif.json", &model("1.1.0", 1, &[]), "Add other");
    repo.write("m.tmif.json", &model("1.1.0", 1, &[]));

    let error = read_error(&repo.path("m.tmif.json"));
    assert!(
        matches!(error, tmif::history::HistoryError::NotTracked { .. }),
        "{error}"
    );

    let output = tmif_in(&repo.root(), &repo.home(), &["log", "m.tmif.json"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("is not in the commit at HEAD"),
        "{message}"
    );
    assert!(message.contains("git add"), "{message}");
}

#[test]
fn repository_without_commits_exits_2() {
    let repo = Repo::new();
    repo.write("m.tmif.json", &model("1.1.0", 1, &[]));

    let error = read_error(&repo.path("m.tmif.json"));
    assert!(
        matches!(error, tmif::history::HistoryError::NoCommits { .. }),
        "{error}"
    );

    let output = tmif_in(&repo.root(), &repo.home(), &["log", "m.tmif.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("has no commits yet"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn directory_is_rejected() {
    let mut repo = Repo::new();
    repo.commit_file("models/m.tmif.json", &model("1.1.0", 1, &[]), "Add model");

    let error = read_error(&repo.path("models"));
    assert!(
        matches!(error, tmif::history::HistoryError::Directory { .. }),
        "{error}"
    );
}

#[test]
fn output_over_model_is_rejected() {
    let mut repo = Repo::new();
    let text = model("1.1.0", 1, &[]);
    repo.commit_file("m.tmif.json", &text, "Add model");

    let output = tmif_in(
        &repo.root(),
        &repo.home(),
        &[
            "log",
            "m.tmif.json",
            "--format",
            "csv",
            "-o",
            "./m.tmif.json",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the output path is the model file"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("m.tmif.json")).unwrap(),
        text
    );
}

#[test]
fn file_in_git_folder_is_rejected() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 1, &[]), "Add model");

    let error = read_error(&repo.path(".git/config"));
    assert!(
        matches!(error, tmif::history::HistoryError::OutsideWorkTree { .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("not in the work tree"),
        "{error}"
    );
}

fn read_error(path: &Path) -> tmif::history::HistoryError {
    timeline(path, &TimelineOptions::default()).expect_err("the timeline is not read")
}

#[test]
fn uncommitted_changes_are_ignored() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 2, &[]), "Add model");
    repo.write("m.tmif.json", &model("1.1.0", 9, &[]));
    repo.git(&["add", "m.tmif.json"]);

    let timeline = read(&repo.path("m.tmif.json"));
    assert_eq!(counts(&timeline), [(2, 1, 0)]);
}

// ---- output formats ----

/// Builds a repository with subjects that need quoting in CSV and escaping in XML.
fn awkward_repo() -> Repo {
    let mut repo = Repo::new();
    repo.commit_file(
        "m.tmif.json",
        &model("1.1.0", 2, &["open"]),
        "Add, \"quoted\" model",
    );
    repo.commit_file("m.tmif.json", "not json\n", "Break it");
    repo.commit_file(
        "m.tmif.json",
        &model("1.1.0", 3, &["accepted"]),
        "Use <b> & 'tags'\n\nBody line",
    );
    repo
}

#[test]
fn csv_quotes_awkward_subjects() {
    let repo = awkward_repo();
    let output = tmif_in(
        &repo.root(),
        &repo.home(),
        &["log", "m.tmif.json", "--format", "csv"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();

    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "date,commit,subject,path,version,elements,data_flows,crossing_flows,threats_open,\
         threats_mitigated,threats_accepted,threats_transferred,threats_not_applicable,\
         added,removed,changed"
    );
    assert!(
        lines[1].starts_with("2026-01-01T00:00:00Z,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(",\"Add, \"\"quoted\"\" model\",m.tmif.json,1.1.0,2,1,0,1,0,0,0,0,,,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].ends_with(",Use <b> & 'tags',m.tmif.json,1.1.0,3,2,1,0,0,1,0,0,2,0,1"),
        "{}",
        lines[2]
    );

    let warning = stderr(&output);
    assert!(warning.contains("warning: skipped commit"), "{warning}");
    assert!(warning.contains("not a valid TMIF document"), "{warning}");
}

#[test]
fn csv_quotes_line_breaks() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 1, &[]), "Add model");
    let mut timeline = read(&repo.path("m.tmif.json"));
    timeline.rows[0].subject = "two\nlines, \"quoted\"\r".into();
    let text = tmif::history::to_csv(&timeline);
    assert!(
        text.contains(",\"two\nlines, \"\"quoted\"\"\r\",m.tmif.json,"),
        "{text}"
    );
}

#[test]
fn human_output_notes_skipped_commits() {
    let repo = awkward_repo();
    let output = tmif_in(&repo.root(), &repo.home(), &["log", "m.tmif.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], "m.tmif.json: 3 commits, oldest first");
    assert!(lines[2].contains("Add, \"quoted\" model"), "{text}");
    assert!(lines[3].starts_with("note: skipped "), "{text}");
    assert!(lines[3].contains("not a valid TMIF document"), "{text}");
    assert!(lines[4].contains("Use <b> & 'tags'"), "{text}");
}

#[test]
fn json_matches_schema() {
    let repo = awkward_repo();
    let output = tmif_in(
        &repo.root(),
        &repo.home(),
        &["log", "m.tmif.json", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let errors: Vec<String> = schema_validator()
        .iter_errors(&value)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(value["rows"].as_array().unwrap().len(), 2);
    assert_eq!(value["rows"][0]["commit"].as_str().unwrap().len(), 40);
    assert_eq!(value["rows"][0]["change"], Value::Null);
    assert_eq!(value["rows"][1]["threats"]["accepted"], 1);
    assert_eq!(value["rows"][1]["threats"]["notApplicable"], 0);
    assert_eq!(value["skipped"][0]["subject"], "Break it");
    assert_eq!(value["skipped"][0]["date"], "2026-01-01T01:00:00Z");
    let round_trip: Timeline = serde_json::from_value(value).unwrap();
    assert_eq!(round_trip.skipped.len(), 1);
}

fn committed_schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/log.schema.json")
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(committed_schema_path()).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the log schema compiles")
}

/// Set `TMIF_BLESS=1` to write the generated schema over the committed file.
#[test]
fn committed_schema_matches_generated() {
    let path = committed_schema_path();
    let mut generated = serde_json::to_string_pretty(&tmif::history::json_schema()).unwrap();
    generated.push('\n');
    if std::env::var_os("TMIF_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} differs from tmif::history::json_schema(); run `TMIF_BLESS=1 cargo test --test log committed_schema` and commit the file",
        path.display()
    );
}

#[test]
fn svg_has_line_per_series() {
    let repo = awkward_repo();
    let out = repo.dir.path().join("chart.svg");
    let output = tmif_in(
        &repo.root(),
        &repo.home(),
        &[
            "log",
            "m.tmif.json",
            "--format",
            "svg",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    let document = roxmltree::Document::parse(&text).expect("the SVG is well-formed XML");
    let svg = document.root_element();
    assert_eq!(svg.tag_name().name(), "svg");

    let polylines: Vec<_> = svg
        .descendants()
        .filter(|node| node.has_tag_name("polyline"))
        .collect();
    assert_eq!(polylines.len(), 6);
    for polyline in &polylines {
        let points = polyline.attribute("points").unwrap();
        assert_eq!(points.split(' ').count(), 2, "{points}");
    }
    let series: Vec<&str> = svg
        .descendants()
        .filter_map(|node| node.attribute("data-series"))
        .collect();
    assert_eq!(
        series,
        [
            "elements",
            "data flows",
            "crossing flows",
            "threats open",
            "threats mitigated",
            "threats accepted"
        ]
    );
    let tooltips: Vec<String> = svg
        .descendants()
        .filter(|node| node.has_tag_name("circle"))
        .map(|node| {
            node.first_element_child()
                .unwrap()
                .text()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(tooltips.len(), 12);
    assert!(
        tooltips
            .iter()
            .any(|tip| tip.contains("Use <b> & 'tags'") && tip.ends_with("elements 3")),
        "{tooltips:?}"
    );

    let legend = svg
        .descendants()
        .find(|node| node.attribute("class") == Some("legend"))
        .expect("a legend");
    assert_eq!(
        legend.children().filter(|n| n.has_tag_name("text")).count(),
        6
    );

    let labels: Vec<&str> = svg
        .descendants()
        .find(|node| node.attribute("class") == Some("x-ticks"))
        .unwrap()
        .children()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text())
        .collect();
    assert_eq!(labels.first(), Some(&"2026-01-01 00:00"));
    assert_eq!(labels.last(), Some(&"2026-01-01 02:00"));
    assert!(output.stderr.starts_with(b"tmif: warning: skipped commit"));
}

#[test]
fn svg_handles_one_row_and_equal_dates() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 1, &[]), "Only commit");
    let single = read(&repo.path("m.tmif.json"));
    let text = tmif::history::to_svg(&single);
    assert!(!text.contains("NaN"), "{text}");
    assert!(!text.contains("inf"), "{text}");
    roxmltree::Document::parse(&text).expect("the SVG is well-formed XML");

    let mut equal = single.clone();
    let mut second = equal.rows[0].clone();
    second.elements = 4;
    equal.rows.push(second);
    let text = tmif::history::to_svg(&equal);
    assert!(!text.contains("NaN"), "{text}");
    let document = roxmltree::Document::parse(&text).unwrap();
    let polyline = document
        .descendants()
        .find(|node| node.has_tag_name("polyline"))
        .unwrap();
    let xs: Vec<&str> = polyline
        .attribute("points")
        .unwrap()
        .split(' ')
        .map(|point| point.split(',').next().unwrap())
        .collect();
    assert_eq!(xs.len(), 2);
    assert_eq!(xs[0], xs[1]);

    let empty = Timeline {
        path: "m.tmif.json".into(),
        rows: Vec::new(),
        skipped: Vec::new(),
        shallow: false,
    };
    let text = tmif::history::to_svg(&empty);
    let document = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(
        document
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .count(),
        0
    );
}

#[test]
fn csv_guards_formulas_and_controls() {
    let mut repo = Repo::new();
    repo.commit_file(
        "m.tmif.json",
        &model("1.1.0", 2, &[]),
        "=HYPERLINK(\"http://example.com\",\"click\")",
    );
    repo.commit_file(
        "m.tmif.json",
        &model("1.1.0", 3, &[]),
        "Bell \u{7} and escape \u{1b}[31m",
    );
    let output = tmif_in(
        &repo.root(),
        &repo.home(),
        &["log", "m.tmif.json", "--format", "csv"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].contains(",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\","),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(",Bell \u{FFFD} and escape \u{FFFD}[31m,"),
        "{}",
        lines[2]
    );
    assert!(!text.contains('\u{1b}'), "no raw escape character");
}

#[test]
fn svg_joins_points_in_date_order() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", &model("1.1.0", 2, &[]), "One");
    // A commit dated a day before its parent, as after a rebase.
    repo.next_time -= 24 * 3600;
    repo.commit_file("m.tmif.json", &model("1.1.0", 3, &[]), "Two");
    repo.next_time += 48 * 3600;
    repo.commit_file("m.tmif.json", &model("1.1.0", 4, &[]), "Three");
    let timeline = read(&repo.path("m.tmif.json"));
    assert!(timeline.rows[1].timestamp < timeline.rows[0].timestamp);

    let text = tmif::history::to_svg(&timeline);
    let document = roxmltree::Document::parse(&text).unwrap();
    for polyline in document
        .descendants()
        .filter(|node| node.has_tag_name("polyline"))
    {
        let xs: Vec<f64> = polyline
            .attribute("points")
            .unwrap()
            .split(' ')
            .map(|point| point.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(xs.len(), 3);
        assert!(xs.windows(2).all(|pair| pair[0] <= pair[1]), "{xs:?}");
    }
}

#[test]
fn history_without_valid_revision_exits_1() {
    let mut repo = Repo::new();
    repo.commit_file("m.tmif.json", "{\"not\": \"a model\"}\n", "Some JSON");
    repo.commit_file("m.tmif.json", "{\"still\": \"not\"}\n", "Other JSON");
    let output = tmif_in(&repo.root(), &repo.home(), &["log", "m.tmif.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no commit of m.tmif.json contains a valid TMIF document"),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("note: skipped"),
        "{}",
        stdout(&output)
    );
}
