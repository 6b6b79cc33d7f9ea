//! Writing output files safely.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// directory, flushed to disk, then renamed over `path`.
///
/// Readers see either the old file or the complete new one, and a failure
/// leaves no partial file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?
        .persist(path)
        .map_err(|error| error.error)?;
    Ok(())
}

/// Writes two files so that either both are replaced or neither is.
///
/// Both are first written to temporary files beside their targets; only
/// when both writes succeed are they renamed into place. If the second
/// rename fails, the first target is restored, or removed when it did not
/// exist before.
pub fn write_atomic_pair(first: (&Path, &[u8]), second: (&Path, &[u8])) -> io::Result<()> {
    let staged_first = stage(first.0, first.1)?;
    let staged_second = stage(second.0, second.1)?;
    let previous = fs::read(first.0).ok();
    staged_first.persist(first.0).map_err(|error| error.error)?;
    if let Err(error) = staged_second.persist(second.0) {
        match previous {
            Some(bytes) => write_atomic(first.0, &bytes)?,
            None => fs::remove_file(first.0)?,
        }
        return Err(error.error);
    }
    Ok(())
}

/// Writes `bytes` to a flushed temporary file in the directory of `path`.
fn stage(path: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".tmif-")
        .suffix(".tmp")
        .tempfile_in(directory)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// Returns `true` when `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Returns `true` when `a` and `b` name the same file, whether or not it
/// exists yet: `out.json` and `./out.json` are one file.
pub fn same_target(a: &Path, b: &Path) -> bool {
    if same_file(a, b) {
        return true;
    }
    match (resolve(a), resolve(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// Resolves the directory of `path` and returns the file's full path, or
/// `None` when the directory does not exist.
fn resolve(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(directory).ok()?.join(name))
}
