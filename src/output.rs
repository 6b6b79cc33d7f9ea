//! Writing output files safely.
//!
//! A regular file is replaced atomically: the new content goes into a
//! temporary file in the same directory, which is flushed to disk and then
//! renamed over the target, so readers see either the old file or the
//! complete new one and a failure leaves no partial file behind. The
//! replaced file keeps its permissions; a symbolic link is followed and
//! kept, and the file it points at is replaced. A target that is not a
//! regular file, such as `/dev/null` or a named pipe, is written to
//! directly, as a shell redirection would.
//!
//! NOTE: replacing a file by renaming gives it a new inode, so other hard
//! links to the old file keep the old content.

use std::fs::{self, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where and how an output is written.
enum Target {
    /// A device, pipe or socket, written to directly.
    Direct(PathBuf),
    /// A regular file, new or replaced, with the permissions to keep.
    Replace {
        path: PathBuf,
        permissions: Option<Permissions>,
    },
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match target_of(path)? {
        Target::Direct(path) => write_direct(&path, bytes),
        Target::Replace { path, permissions } => {
            let staged = stage(&path, bytes, permissions.as_ref())?;
            persist(staged, &path, permissions)
        }
    }
}

/// Writes two files so that either both are replaced or neither is.
///
/// Both are first written to temporary files beside their targets; only
/// when both writes succeed are they renamed into place. If the second
/// rename fails, the first target is restored, or removed when it did not
/// exist before. Targets that are not regular files are rejected, because
/// writing to them cannot be undone.
pub fn write_atomic_pair(first: (&Path, &[u8]), second: (&Path, &[u8])) -> io::Result<()> {
    let (first_path, first_permissions) = regular_target(first.0)?;
    let (second_path, second_permissions) = regular_target(second.0)?;
    let staged_first = stage(&first_path, first.1, first_permissions.as_ref())?;
    let staged_second = stage(&second_path, second.1, second_permissions.as_ref())?;
    let previous = fs::read(&first_path).ok();
    persist(staged_first, &first_path, first_permissions)?;
    if let Err(error) = persist(staged_second, &second_path, second_permissions) {
        match previous {
            Some(bytes) => write_atomic(&first_path, &bytes)?,
            None => fs::remove_file(&first_path)?,
        }
        return Err(error);
    }
    Ok(())
}

/// Returns `true` when `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Decides how to write `path`, following symbolic links to the file they name.
fn target_of(path: &Path) -> io::Result<Target> {
    let path = follow_links(path)?;
    match fs::metadata(&path) {
        Ok(metadata) if metadata.is_file() => Ok(Target::Replace {
            path,
            permissions: Some(metadata.permissions()),
        }),
        Ok(metadata) if metadata.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory; give a file name",
        )),
        Ok(_) => Ok(Target::Direct(path)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Target::Replace {
            path,
            permissions: None,
        }),
        Err(error) => Err(error),
    }
}

fn regular_target(path: &Path) -> io::Result<(PathBuf, Option<Permissions>)> {
    match target_of(path)? {
        Target::Replace { path, permissions } => Ok((path, permissions)),
        Target::Direct(path) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        )),
    }
}

/// Follows symbolic links, including one that names a file not yet created.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // Linux stops resolving after 40 links; so does this loop.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

fn write_direct(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Writes `bytes` to a flushed temporary file in the directory of `path`.
///
/// A new file gets mode 0666 less the process's umask, as files created by
/// other programs do; a replaced file keeps its permissions.
fn stage(
    path: &Path,
    bytes: &[u8],
    permissions: Option<&Permissions>,
) -> io::Result<tempfile::NamedTempFile> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tmif-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = permissions.map_or(0o666, |permissions| permissions.mode() & 0o7777);
        builder.permissions(Permissions::from_mode(mode));
    }
    let mut file = builder.tempfile_in(directory).map_err(without_path)?;
    file.write_all(bytes).map_err(without_path)?;
    file.as_file().sync_all().map_err(without_path)?;
    Ok(file)
}

/// Renames the staged file over `path` and gives it the permissions of the file it replaces.
fn persist(
    staged: tempfile::NamedTempFile,
    path: &Path,
    permissions: Option<Permissions>,
) -> io::Result<()> {
    staged
        .persist(path)
        .map_err(|error| without_path(error.error))?;
    if let Some(permissions) = permissions {
        // The umask may have narrowed the mode at creation.
        fs::set_permissions(path, permissions)?;
    }
    Ok(())
}

/// Drops the temporary file's path, which tempfile adds to its errors and
/// which means nothing to a user who named another path.
fn without_path(error: io::Error) -> io::Error {
    if error.raw_os_error().is_some() {
        return error;
    }
    // tempfile appends ` at path "<temporary path>"` to the message of the
    // error it wraps, which keeps its own message, such as
    // `No such file or directory (os error 2)`.
    let text = error.to_string();
    match text.find(" at path \"") {
        Some(at) => io::Error::new(error.kind(), text[..at].to_owned()),
        None => error,
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
