//! The timeline of a threat model: counts of its objects at every commit
//! that changed it in a git repository.
//!
//! [`timeline`] reads the history of one file with gix, so no `git` binary
//! is needed. It starts at `HEAD` and follows first parents only: a merge
//! commit shows the changes that the merge brought in as one row, and the
//! commits of the merged branch are not listed. When the file first appears
//! in a commit, a file deleted in that commit with the same blob id, or else
//! with the same model `id`, is taken as its old name, and the walk goes on
//! under that name.
//!
//! Rows are ordered oldest first, so that they read as a chart from left to
//! right. Only committed revisions are read: changes in the work tree or the
//! index are not part of the timeline.
//!
//! Every revision is validated. A revision that cannot be read or is not a
//! valid TMIF document becomes a [`Skipped`] entry with the reason, and the
//! timeline goes on. Revisions are counted as they are, whatever format
//! version they declare, because the counts do not depend on it, and the
//! change against the previous row compares objects by id, which leaves out
//! the document's own `tmif` member.

mod csv;
mod svg;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{DiffOptions, diff};
use crate::load::Syntax;
use crate::model::{Document, ThreatStatus};
use crate::zones::Crossings;

pub use csv::to_csv;
pub use svg::to_svg;

/// Options of [`timeline`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimelineOptions {
    /// The maximum number of commits to list, rows and skipped ones
    /// together, counted from `HEAD`; `None` lists all of them.
    pub max_count: Option<usize>,
}

/// The history of one file, oldest commit first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "TMIF log")]
pub struct Timeline {
    /// The file's path in the repository at `HEAD`, with `/` separators.
    pub path: String,
    /// One row per commit that changed the file and left a valid document,
    /// oldest first.
    pub rows: Vec<Row>,
    /// The commits that changed the file but left a revision that cannot be
    /// read or is not a valid TMIF document, oldest first.
    pub skipped: Vec<Skipped>,
    /// Whether the history ends at the boundary of a shallow clone, so that
    /// commits before the oldest one listed may have changed the file too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shallow: bool,
}

/// The state of the model after one commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The commit's position among the listed commits, rows and skipped
    /// ones together, counting from 0 for the oldest.
    pub index: usize,
    /// The full hexadecimal commit id.
    pub commit: String,
    /// The committer date in RFC 3339 form, in UTC.
    pub date: String,
    /// The committer date in seconds since the Unix epoch.
    pub timestamp: i64,
    /// The first line of the commit message.
    pub subject: String,
    /// The file's path in this commit, which differs from the timeline's
    /// path before a rename.
    pub path: String,
    /// The format version the revision declares in its `tmif` member.
    pub version: String,
    /// The number of elements.
    pub elements: usize,
    /// The number of data flows.
    pub data_flows: usize,
    /// The number of data flows whose source and target sit in different
    /// trust zones, or that a trust boundary lists as crossing it.
    pub crossing_flows: usize,
    /// The number of threats in each status.
    pub threats: ThreatCounts,
    /// The objects added, removed and changed since the previous row. It is
    /// `null` for the first valid revision, and for the first listed row
    /// when a maximum count is set and the commit before it is skipped.
    pub change: Option<ChangeCounts>,
}

impl Row {
    /// Returns the first seven hexadecimal digits of the commit id.
    pub fn short_commit(&self) -> &str {
        short(&self.commit)
    }
}

/// The number of threats in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThreatCounts {
    /// Threats with status `open`.
    pub open: usize,
    /// Threats with status `mitigated`.
    pub mitigated: usize,
    /// Threats with status `accepted`.
    pub accepted: usize,
    /// Threats with status `transferred`.
    pub transferred: usize,
    /// Threats with status `not-applicable`.
    pub not_applicable: usize,
}

/// The size of the change between two rows, in objects matched by id as
/// `tmif diff` matches them. Diagram views are not compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangeCounts {
    /// Objects whose id is only in the newer revision.
    pub added: usize,
    /// Objects whose id is only in the older revision.
    pub removed: usize,
    /// Objects in both revisions whose members differ.
    pub changed: usize,
}

/// A commit whose revision of the file was left out of the rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// The commit's position among the listed commits, as in [`Row::index`].
    pub index: usize,
    /// The full hexadecimal commit id.
    pub commit: String,
    /// The committer date in RFC 3339 form, in UTC.
    pub date: String,
    /// The committer date in seconds since the Unix epoch.
    pub timestamp: i64,
    /// The first line of the commit message.
    pub subject: String,
    /// The file's path in this commit.
    pub path: String,
    /// The reason the revision was left out.
    pub reason: String,
}

impl Skipped {
    /// Returns the first seven hexadecimal digits of the commit id.
    pub fn short_commit(&self) -> &str {
        short(&self.commit)
    }
}

fn short(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

/// An error that stops [`timeline`] from reading a history.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HistoryError {
    /// The file's folder cannot be resolved.
    #[error("cannot resolve {}: {source}; name a file in a git work tree", path.display())]
    Path {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The path names a directory.
    #[error("{} is a directory; name a TMIF document in a git work tree", path.display())]
    Directory { path: PathBuf },
    /// No repository contains the file.
    #[error(
        "{} is not in a git repository ({source}); run `tmif log` on a file in a git work tree",
        path.display()
    )]
    NotInRepository {
        path: PathBuf,
        source: Box<gix::discover::Error>,
    },
    /// The file lies outside the repository's work tree, as in a bare
    /// repository or inside `.git`.
    #[error(
        "{} is not in the work tree of the git repository at {}; name a file of the work tree",
        path.display(),
        repository.display()
    )]
    OutsideWorkTree { path: PathBuf, repository: PathBuf },
    /// `HEAD` has no commit yet.
    #[error(
        "the git repository at {} has no commits yet; commit {} first",
        repository.display(),
        path.display()
    )]
    NoCommits { path: PathBuf, repository: PathBuf },
    /// The commit at `HEAD` has no file at the path.
    #[error(
        "{} is not in the commit at HEAD ({commit}); add and commit it with `git add` and `git commit`",
        path.display()
    )]
    NotTracked { path: PathBuf, commit: String },
    /// Reading the repository failed.
    #[error("cannot read the git history of {}: {source}", path.display())]
    Git {
        path: PathBuf,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Reads the timeline of the TMIF document at `path` from the git repository
/// that contains it.
///
/// `path` may be relative to the current directory and must lie in the
/// repository's work tree. The file itself need not exist there any more,
/// as long as the commit at `HEAD` has it.
pub fn timeline(path: &Path, options: &TimelineOptions) -> Result<Timeline, HistoryError> {
    let located = walk::locate(path)?;
    // One more revision than listed is read, so that the oldest listed row
    // has a change against its predecessor.
    let limit = options.max_count.map(|count| count.saturating_add(1));
    let walk = walk::revisions(&located, limit)?;
    let mut revisions = walk.revisions;
    let predecessor = match options.max_count {
        Some(count) if revisions.len() > count => revisions.pop(),
        _ => None,
    };
    revisions.reverse();
    let mut reader = Reader::new(&located);
    let mut timeline = build(&mut reader, &revisions, predecessor.as_ref());
    timeline.shallow = walk.cut_short;
    Ok(timeline)
}

/// Reads, counts and compares the revisions, oldest first, after the
/// revision `predecessor` when there is one.
fn build(
    reader: &mut Reader<'_>,
    revisions: &[walk::Revision],
    predecessor: Option<&walk::Revision>,
) -> Timeline {
    let mut previous: Option<Rc<Document>> =
        predecessor.and_then(|revision| reader.document(revision));
    let mut timeline = Timeline {
        path: reader.located.relative.clone(),
        rows: Vec::new(),
        skipped: Vec::new(),
        shallow: false,
    };
    for (index, revision) in revisions.iter().enumerate() {
        let date = rfc3339(revision.seconds);
        match reader.outcome(revision) {
            Outcome::Invalid(reason) => timeline.skipped.push(Skipped {
                index,
                commit: revision.commit.to_string(),
                date,
                timestamp: revision.seconds,
                subject: revision.subject.clone(),
                path: revision.path.clone(),
                reason,
            }),
            Outcome::Valid(counts) => {
                let document = reader.document(revision);
                let change = match (&previous, &document) {
                    (Some(old), Some(new)) => Some(change_counts(old, new)),
                    _ => None,
                };
                timeline.rows.push(Row {
                    index,
                    commit: revision.commit.to_string(),
                    date,
                    timestamp: revision.seconds,
                    subject: revision.subject.clone(),
                    path: revision.path.clone(),
                    version: counts.version,
                    elements: counts.elements,
                    data_flows: counts.data_flows,
                    crossing_flows: counts.crossing_flows,
                    threats: counts.threats,
                    change,
                });
                previous = document;
            }
        }
    }
    timeline
}

/// Serializes a timeline as pretty-printed JSON with a final newline, in
/// the shape that [`json_schema`] describes.
pub fn to_json(timeline: &Timeline) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(timeline).unwrap_or_default();
    text.push('\n');
    text
}

/// Generates the JSON Schema (draft 2020-12) of the JSON form of
/// [`Timeline`], which `tmif log --format json` writes.
///
/// The committed file `schemas/log.schema.json` is this value, pretty
/// printed with a final newline; a test fails when the two differ.
pub fn json_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut value = generator.into_root_schema_for::<Timeline>().to_value();
    if let Value::Object(members) = &mut value {
        members.insert("$id".into(), Value::from("urn:tmif:log-schema:1"));
    }
    value
}

/// Formats seconds since the Unix epoch as an RFC 3339 date in UTC.
fn rfc3339(seconds: i64) -> String {
    let format = time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|date| date.format(&format).ok())
        // A date beyond the years 0 to 9999 has no RFC 3339 form, so the raw
        // number is shown instead.
        .unwrap_or_else(|| format!("@{seconds}"))
}

fn change_counts(old: &Document, new: &Document) -> ChangeCounts {
    let summary = diff(old, new, &DiffOptions::default()).summary;
    ChangeCounts {
        added: summary.added,
        removed: summary.removed,
        changed: summary.changed,
    }
}

/// The counts of one valid revision.
#[derive(Debug, Clone)]
struct Counts {
    version: String,
    elements: usize,
    data_flows: usize,
    crossing_flows: usize,
    threats: ThreatCounts,
}

impl Counts {
    fn of(document: &Document) -> Counts {
        let mut threats = ThreatCounts::default();
        for threat in &document.threats {
            let count = match threat.status {
                ThreatStatus::Open => &mut threats.open,
                ThreatStatus::Mitigated => &mut threats.mitigated,
                ThreatStatus::Accepted => &mut threats.accepted,
                ThreatStatus::Transferred => &mut threats.transferred,
                ThreatStatus::NotApplicable => &mut threats.not_applicable,
            };
            *count += 1;
        }
        Counts {
            version: document.tmif.clone(),
            elements: document.elements.len(),
            data_flows: document.data_flows.len(),
            crossing_flows: Crossings::of(document).count(&document.data_flows),
            threats,
        }
    }
}

/// The result of reading one blob.
#[derive(Debug, Clone)]
enum Outcome {
    Valid(Counts),
    Invalid(String),
}

/// The number of parsed documents kept for diffing. Two suffice for a
/// history in which each blob appears once; the rest serve reverts to a
/// recent revision.
const KEPT_DOCUMENTS: usize = 4;

/// Reads and validates blobs, each at most once for its counts.
struct Reader<'a> {
    located: &'a walk::Located,
    outcomes: HashMap<gix::ObjectId, Outcome>,
    /// The most recently parsed documents, oldest first.
    documents: Vec<(gix::ObjectId, Rc<Document>)>,
    /// The number of blobs read and validated so far.
    parses: usize,
}

impl<'a> Reader<'a> {
    fn new(located: &'a walk::Located) -> Self {
        Reader {
            located,
            outcomes: HashMap::new(),
            documents: Vec::new(),
            parses: 0,
        }
    }

    /// Returns the counts of a revision, or why it is invalid.
    fn outcome(&mut self, revision: &walk::Revision) -> Outcome {
        if let Some(outcome) = self.outcomes.get(&revision.blob) {
            return outcome.clone();
        }
        self.parse(revision);
        self.outcomes
            .get(&revision.blob)
            .cloned()
            .unwrap_or_else(|| Outcome::Invalid("the revision could not be read".into()))
    }

    /// Returns the document of a valid revision.
    fn document(&mut self, revision: &walk::Revision) -> Option<Rc<Document>> {
        let kept = self
            .documents
            .iter()
            .find(|(blob, _)| *blob == revision.blob);
        if let Some((_, document)) = kept {
            return Some(Rc::clone(document));
        }
        if matches!(self.outcomes.get(&revision.blob), Some(Outcome::Invalid(_))) {
            return None;
        }
        // NOTE: a revert to a revision older than the last few kept ones
        // parses that blob a second time.
        self.parse(revision)
    }

    /// Reads, validates and counts the blob of a revision, and records the outcome.
    fn parse(&mut self, revision: &walk::Revision) -> Option<Rc<Document>> {
        self.parses += 1;
        let bytes = match walk::read_blob(self.located, revision.blob) {
            Ok(bytes) => bytes,
            Err(reason) => {
                self.outcomes
                    .insert(revision.blob, Outcome::Invalid(reason));
                return None;
            }
        };
        let syntax = Syntax::detect(Some(Path::new(&revision.path)), &bytes);
        let validation = crate::validate(&bytes, syntax);
        let valid = validation.is_valid();
        let document = match validation.document {
            Some(document) if valid => document,
            _ => {
                let reason = invalid_reason(&validation.diagnostics);
                self.outcomes
                    .insert(revision.blob, Outcome::Invalid(reason));
                return None;
            }
        };
        self.outcomes
            .insert(revision.blob, Outcome::Valid(Counts::of(&document)));
        let document = Rc::new(document);
        if self.documents.len() == KEPT_DOCUMENTS {
            self.documents.remove(0);
        }
        self.documents.push((revision.blob, Rc::clone(&document)));
        Some(document)
    }
}

/// Describes why a revision is invalid by its first error and the number of errors.
fn invalid_reason(diagnostics: &[crate::Diagnostic]) -> String {
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.level == crate::Level::Error)
        .collect();
    let Some(first) = errors.first() else {
        return "not a valid TMIF document".into();
    };
    let position = first
        .position
        .map(|position| format!(" at line {}, column {}", position.line, position.column))
        .unwrap_or_default();
    let pointer = if first.pointer.is_empty() {
        String::new()
    } else {
        format!(" {}", first.pointer)
    };
    let more = match errors.len() {
        1 => String::new(),
        count => format!(" (and {} more errors)", count - 1),
    };
    format!(
        "not a valid TMIF document: {}{pointer}{position}: {}{more}",
        first.code, first.message
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use super::*;

    fn git(folder: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(folder)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", folder.join("missing-global-config"))
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?} failed");
    }

    #[test]
    fn each_blob_is_parsed_once() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        git(root, &["init", "-q", "-b", "main"]);
        let small = r#"{"tmif": "1.1.0", "id": "m", "title": "M"}"#;
        let large = r#"{"tmif": "1.1.0", "id": "m", "title": "M",
            "elements": [{"id": "a", "name": "A", "kind": "process"}]}"#;
        for (text, message) in [
            (small, "Add"),
            (large, "Grow"),
            (small, "Revert"),
            (large, "Redo"),
        ] {
            std::fs::write(root.join("m.tmif.json"), text).unwrap();
            git(root, &["add", "m.tmif.json"]);
            git(root, &["commit", "-q", "-m", message]);
        }

        let located = walk::locate(&root.join("m.tmif.json")).unwrap();
        let mut revisions = walk::revisions(&located, None).unwrap().revisions;
        revisions.reverse();
        let mut reader = Reader::new(&located);
        let timeline = build(&mut reader, &revisions, None);

        assert_eq!(timeline.rows.len(), 4);
        assert_eq!(reader.parses, 2);
        let removed = timeline.rows[2].change.map(|change| change.removed);
        assert_eq!(removed, Some(1));
    }
}
