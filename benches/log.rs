//! Time of reading a model's timeline from git against the time of
//! validating the same number of revisions from memory.
//!
//! Run with `cargo bench --bench log`. The setup builds, once, a git
//! repository in a temporary folder with 1,000 commits of a generated model
//! of 2,000 elements, about 1 MB. Each commit renames a few elements and
//! changes a flow's protocol and a threat's status, and every tenth commit
//! adds an element. The setup feeds the commits to `git fast-import`, so the
//! `git` binary must be installed. Two functions are then timed:
//!
//! - `timeline`: `tmif::history::timeline` over the whole history, which
//!   reads 1,000 blobs with gix, validates each, counts it and diffs it
//!   against the previous revision;
//! - `validate`: `tmif::validate` of the newest revision's bytes, 1,000 times;
//! - `diff`: `tmif::diff::diff` of the two newest revisions, 999 times, as
//!   the timeline diffs each revision against the one before.
//!
//! Each is run three times and the shortest time is printed, with the ratio
//! of the timeline to validation. What the timeline takes beyond validation
//! and diffing is the cost of reading git.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tmif::diff::DiffOptions;
use tmif::history::{TimelineOptions, timeline};
use tmif::model::ThreatStatus;
use tmif::{Document, GenerateOptions, Syntax};

const COMMITS: usize = 1_000;
const ELEMENTS: usize = 2_000;
const FILE: &str = "model.tmif.json";
/// The committer date of the first commit: 2026-01-01T00:00:00Z.
const START: i64 = 1_767_225_600;

fn main() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let setup = Instant::now();
    let (previous, newest) = build_repository(folder.path());
    println!(
        "setup: {COMMITS} commits of a {} byte model in {:.1?}",
        newest.len(),
        setup.elapsed()
    );

    let path = folder.path().join(FILE);
    let history = timeline(&path, &TimelineOptions::default()).expect("the timeline is read");
    assert_eq!(history.rows.len(), COMMITS);
    assert!(history.skipped.is_empty());

    let timeline_time = fastest(|| timeline(&path, &TimelineOptions::default()));
    let validate_time = fastest(|| {
        (0..COMMITS)
            .map(|_| tmif::validate(std::hint::black_box(&newest), Syntax::Json).is_valid())
            .filter(|valid| *valid)
            .count()
    });
    let old = tmif::validate(&previous, Syntax::Json)
        .document
        .expect("a valid revision");
    let new = tmif::validate(&newest, Syntax::Json)
        .document
        .expect("a valid revision");
    let diff_time = fastest(|| {
        (1..COMMITS)
            .map(|_| {
                tmif::diff::diff(&old, &new, &DiffOptions::default())
                    .summary
                    .changed
            })
            .sum::<usize>()
    });
    println!(
        "timeline of {COMMITS} revisions {timeline_time:.3?}, validating one revision \
         {COMMITS} times {validate_time:.3?}, ratio {:.2}",
        timeline_time.as_secs_f64() / validate_time.as_secs_f64()
    );
    let rest = timeline_time.saturating_sub(validate_time + diff_time);
    println!(
        "diffing two revisions {} times {diff_time:.3?}; the rest of the timeline, \
         mostly reading git, {rest:.3?}",
        COMMITS - 1
    );
}

/// Runs `f` three times and returns the shortest time.
fn fastest<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Creates the repository in `folder` and returns the bytes of the two
/// newest revisions, older first.
fn build_repository(folder: &Path) -> (Vec<u8>, Vec<u8>) {
    git(folder, &["init", "-q", "-b", "main"], None);
    let mut document = tmif::generate(GenerateOptions {
        elements: ELEMENTS,
        seed: 1,
    });
    let mut stream = Vec::new();
    let mut previous = Vec::new();
    let mut newest = Vec::new();
    for commit in 0..COMMITS {
        if commit > 0 {
            revise(&mut document, commit);
        }
        previous = std::mem::replace(
            &mut newest,
            tmif::canonical::to_string(&document).into_bytes(),
        );
        let message = format!("Revision {commit}");
        let time = START + 60 * commit as i64;
        // Writing to a Vec cannot fail.
        let _ = write!(
            stream,
            "commit refs/heads/main\ncommitter Bench <bench@example.com> {time} +0000\n\
             data {}\n{message}\nM 100644 inline {FILE}\ndata {}\n",
            message.len(),
            newest.len()
        );
        stream.extend_from_slice(&newest);
        stream.push(b'\n');
    }
    git(folder, &["fast-import", "--quiet"], Some(&stream));
    git(folder, &["checkout", "-q", "main"], None);
    (previous, newest)
}

/// Edits a few objects of `document` for commit number `commit`.
fn revise(document: &mut Document, commit: usize) {
    let elements = document.elements.len();
    for step in 0..3 {
        let element = &mut document.elements[(commit * 7 + step * 331) % elements];
        element.name = format!("Element renamed in revision {commit}");
    }
    let flows = document.data_flows.len();
    document.data_flows[(commit * 13) % flows].protocol = Some(format!("HTTP/{commit}"));
    let threats = document.threats.len();
    if threats > 0 {
        let statuses = ThreatStatus::ALL;
        document.threats[(commit * 5) % threats].status = statuses[commit % statuses.len()];
    }
    if commit % 10 == 0 {
        let mut added = document.elements[commit % elements].clone();
        added.id = format!("added-in-revision-{commit}").into();
        document.elements.push(added);
    }
}

fn git(folder: &Path, args: &[&str], input: Option<&[u8]>) {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(folder)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", folder.join(".git-global-config"))
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("git runs");
    if let Some(input) = input {
        let mut stdin = child.stdin.take().expect("a pipe to git");
        stdin.write_all(input).expect("git reads the stream");
    }
    let status = child.wait().expect("git finishes");
    assert!(status.success(), "git {args:?} failed with {status}");
}
