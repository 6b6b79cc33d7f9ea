//! Finding the commits that changed a file, with gix.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use gix::ObjectId;
use gix::bstr::ByteSlice;

use super::HistoryError;
use crate::load::Syntax;

/// A file located in a repository's work tree.
pub(super) struct Located {
    /// The path as the caller gave it, for messages.
    pub given: PathBuf,
    pub repository: gix::Repository,
    /// The path relative to the work tree, with `/` separators.
    pub relative: String,
}

/// The commits that changed the file, newest first.
pub(super) struct Walk {
    pub(super) revisions: Vec<Revision>,
    /// Whether the walk stopped at the boundary of a shallow clone, so that
    /// older commits may have changed the file too.
    pub(super) cut_short: bool,
}

/// One commit that changed the file, by content or by name.
pub(super) struct Revision {
    pub commit: ObjectId,
    /// The committer date in seconds since the Unix epoch.
    pub seconds: i64,
    pub subject: String,
    /// The file's path in this commit.
    pub path: String,
    pub blob: ObjectId,
}

/// Finds the repository whose work tree contains `path`.
pub(super) fn locate(path: &Path) -> Result<Located, HistoryError> {
    let given = path.to_path_buf();
    let absolute = absolute(path).map_err(|source| HistoryError::Path {
        path: given.clone(),
        source,
    })?;
    if absolute.is_dir() {
        return Err(HistoryError::Directory { path: given });
    }

    let folder = absolute.parent().unwrap_or(Path::new("/"));
    let repository = gix::discover(folder).map_err(|source| HistoryError::NotInRepository {
        path: given.clone(),
        source: Box::new(source),
    })?;

    let outside = || HistoryError::OutsideWorkTree {
        path: given.clone(),
        repository: repository.path().to_path_buf(),
    };
    let work_tree = repository.workdir().ok_or_else(outside)?;
    let work_tree = work_tree
        .canonicalize()
        .map_err(|source| HistoryError::Path {
            path: work_tree.to_path_buf(),
            source,
        })?;
    let inside = absolute.strip_prefix(&work_tree).map_err(|_| outside())?;

    let mut parts = Vec::new();
    for component in inside.components() {
        match component {
            Component::Normal(part) if part == ".git" => return Err(outside()),
            Component::Normal(part) => match part.to_str() {
                Some(part) => parts.push(part.to_owned()),
                None => {
                    return Err(HistoryError::Path {
                        path: given.clone(),
                        source: std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            "the path is not valid UTF-8, which this command requires",
                        ),
                    });
                }
            },
            _ => return Err(outside()),
        }
    }
    if parts.is_empty() {
        return Err(outside());
    }
    Ok(Located {
        given,
        repository,
        relative: parts.join("/"),
    })
}

/// Makes `path` absolute with the symbolic links of its folder resolved, so
/// that it starts with the canonical work tree path. The file itself need
/// not exist.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
    })?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(folder.canonicalize()?.join(name))
}

fn git_error(
    located: &Located,
    error: impl std::error::Error + Send + Sync + 'static,
) -> HistoryError {
    HistoryError::Git {
        path: located.given.clone(),
        source: Box::new(error),
    }
}

/// Lists the commits that changed the file, newest first, at most `limit`
/// of them.
///
/// The walk follows first parents from `HEAD`. A commit changes the file
/// when the blob at the file's path differs from the blob at that path in
/// its first parent. When the parent has no file at the path, the commit
/// either renamed the file or added it: see [`find_old_path`]. The walk
/// ends at the commit that added the file, so a file that was deleted and
/// later added again shows only the history since it came back.
pub(super) fn revisions(located: &Located, limit: Option<usize>) -> Result<Walk, HistoryError> {
    let repository = &located.repository;
    let head = repository
        .head()
        .map_err(|error| git_error(located, error))?;
    if head.is_unborn() {
        return Err(HistoryError::NoCommits {
            path: located.given.clone(),
            repository: repository.path().to_path_buf(),
        });
    }
    let mut commit = repository
        .head_commit()
        .map_err(|error| git_error(located, error))?;
    let mut path = located.relative.clone();
    let Some(mut blob) = blob_at(located, &commit, &path)? else {
        return Err(HistoryError::NotTracked {
            path: located.given.clone(),
            commit: commit.id.to_hex_with_len(7).to_string(),
        });
    };
    let mut found = Vec::new();
    loop {
        if limit.is_some_and(|limit| found.len() >= limit) {
            break;
        }
        let Some(parent_id) = commit.parent_ids().next() else {
            found.push(revision(located, &commit, &path, blob)?);
            break;
        };
        let parent = match repository.find_commit(parent_id) {
            Ok(parent) => parent,
            // A shallow clone lacks the commits below its boundary, so its
            // history starts at the boundary commit.
            Err(_) if repository.is_shallow() => {
                found.push(revision(located, &commit, &path, blob)?);
                return Ok(Walk {
                    revisions: found,
                    cut_short: true,
                });
            }
            Err(error) => return Err(git_error(located, error)),
        };
        match blob_at(located, &parent, &path)? {
            Some(parent_blob) if parent_blob == blob => {}
            Some(parent_blob) => {
                found.push(revision(located, &commit, &path, blob)?);
                blob = parent_blob;
            }
            None => {
                found.push(revision(located, &commit, &path, blob)?);
                match find_old_path(located, &commit, &parent, &path, blob)? {
                    Some((old_path, old_blob)) => {
                        path = old_path;
                        blob = old_blob;
                    }
                    None => break,
                }
            }
        }
        commit = parent;
    }
    Ok(Walk {
        revisions: found,
        cut_short: false,
    })
}

fn revision(
    located: &Located,
    commit: &gix::Commit<'_>,
    path: &str,
    blob: ObjectId,
) -> Result<Revision, HistoryError> {
    let seconds = commit
        .time()
        .map_err(|error| git_error(located, error))?
        .seconds;
    let subject = commit
        .message()
        .map_err(|error| git_error(located, error))?
        .summary()
        .to_str_lossy()
        .into_owned();
    Ok(Revision {
        commit: commit.id,
        seconds,
        subject,
        path: path.to_owned(),
        blob,
    })
}

/// Returns the id of the blob at `path` in a commit's tree, or `None` when
/// the path is absent or names a tree, a symbolic link or a submodule.
fn blob_at(
    located: &Located,
    commit: &gix::Commit<'_>,
    path: &str,
) -> Result<Option<ObjectId>, HistoryError> {
    let tree = commit.tree().map_err(|error| git_error(located, error))?;
    let entry = tree
        .lookup_entry(path.split('/'))
        .map_err(|error| git_error(located, error))?;
    Ok(entry
        .filter(|entry| entry.mode().is_blob())
        .map(|entry| entry.object_id()))
}

/// Finds the path the file had in `parent` when `commit` renamed it to `path`.
///
/// The candidates are the files of `parent` that `commit` deleted. A
/// candidate with the same blob id is taken first, as `git mv` without
/// edits leaves. Otherwise a candidate TMIF document with the same model
/// `id` member is taken, because a model keeps its id across revisions.
/// Otherwise, among the candidates whose model id cannot be read, such as
/// a revision with a syntax error, the one most similar by lines is taken
/// (see [`most_similar`]). Returns `None` when no candidate matches: then
/// `commit` added the file.
fn find_old_path(
    located: &Located,
    commit: &gix::Commit<'_>,
    parent: &gix::Commit<'_>,
    path: &str,
    blob: ObjectId,
) -> Result<Option<(String, ObjectId)>, HistoryError> {
    let kept: HashSet<gix::bstr::BString> = files(located, commit)?
        .into_iter()
        .map(|file| file.filepath)
        .collect();
    let mut deleted = Vec::new();
    for file in files(located, parent)? {
        if !file.mode.is_blob() || kept.contains(&file.filepath) {
            continue;
        }
        let Ok(candidate) = file.filepath.to_str() else {
            continue;
        };
        if file.oid == blob {
            return Ok(Some((candidate.to_owned(), file.oid)));
        }
        deleted.push((candidate.to_owned(), file.oid));
    }
    deleted.retain(|(candidate, _)| Syntax::from_path(Path::new(candidate)).is_some());
    let model_id = model_id_of(located, path, blob);
    // A candidate whose model id can be read and differs is another model.
    let mut unreadable = Vec::new();
    for (candidate, oid) in deleted {
        match (&model_id, model_id_of(located, &candidate, oid)) {
            (Some(id), Some(other)) if *id == other => return Ok(Some((candidate, oid))),
            (Some(_), Some(_)) => {}
            _ => unreadable.push((candidate, oid)),
        }
    }
    Ok(most_similar(located, blob, unreadable))
}

/// Picks the candidate whose lines agree most with the blob's, as git's
/// rename detection does, when at least half of the lines of the larger of
/// the two are shared. Ties go to the first candidate in tree order.
fn most_similar(
    located: &Located,
    blob: ObjectId,
    candidates: Vec<(String, ObjectId)>,
) -> Option<(String, ObjectId)> {
    let bytes = read_blob(located, blob).ok()?;
    let lines = line_counts(&bytes);
    let total: usize = lines.values().sum();
    let mut best: Option<((String, ObjectId), usize)> = None;
    for (candidate, oid) in candidates {
        let Ok(other_bytes) = read_blob(located, oid) else {
            continue;
        };
        let other = line_counts(&other_bytes);
        let other_total: usize = other.values().sum();
        let shared: usize = other
            .iter()
            .map(|(line, count)| (*count).min(lines.get(line).copied().unwrap_or(0)))
            .sum();
        let larger = total.max(other_total);
        if larger == 0 || shared * 2 < larger {
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|(_, best_shared)| shared > *best_shared)
        {
            best = Some(((candidate, oid), shared));
        }
    }
    best.map(|(found, _)| found)
}

/// Counts each distinct line of a text, ignoring leading and trailing white space.
fn line_counts(bytes: &[u8]) -> HashMap<&[u8], usize> {
    let mut counts = HashMap::new();
    for line in bytes.split(|byte| *byte == b'\n') {
        *counts.entry(line.trim_ascii()).or_insert(0) += 1;
    }
    counts
}

/// Lists every entry of a commit's tree, recursively.
fn files(
    located: &Located,
    commit: &gix::Commit<'_>,
) -> Result<Vec<gix::traverse::tree::recorder::Entry>, HistoryError> {
    let tree = commit.tree().map_err(|error| git_error(located, error))?;
    tree.traverse()
        .breadthfirst
        .files()
        .map_err(|error| git_error(located, error))
}

/// Reads the root `id` member of a TMIF document in a blob, if it has one.
fn model_id_of(located: &Located, path: &str, blob: ObjectId) -> Option<String> {
    let bytes = read_blob(located, blob).ok()?;
    let syntax = Syntax::detect(Some(Path::new(path)), &bytes);
    let value = crate::load::read_value(&bytes, syntax).ok()?;
    value.get("tmif")?;
    value.get("id")?.as_str().map(str::to_owned)
}

/// Reads a blob's bytes, or describes why it cannot be read, such as a blob
/// missing from a partial clone.
pub(super) fn read_blob(located: &Located, blob: ObjectId) -> Result<Vec<u8>, String> {
    match located.repository.find_blob(blob) {
        Ok(mut found) => Ok(found.take_data()),
        Err(error) => Err(format!("cannot read blob {blob}: {error}")),
    }
}
