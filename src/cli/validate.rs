//! `tmif validate`.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tmif::{Syntax, Validation};

use super::report::{self, JsonDiagnostic};
use super::{OutputFormat, Status};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to validate, or directories to search for `*.tmif.json`,
    /// `*.tmif.yaml` and `*.tmif.yml` files; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output style.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
    /// Treat warnings as errors for the exit status.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: String,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// The I/O error that kept the file from being read.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    valid: bool,
    files: Vec<JsonFile<'a>>,
}

pub fn run(args: Args) -> Status {
    let mut inputs = Vec::new();
    for path in &args.paths {
        if collect(path, &mut inputs) == 0 {
            return super::fail(format_args!(
                "no *.tmif.json, *.tmif.yaml or *.tmif.yml files found in {}",
                path.display()
            ));
        }
    }

    let mut status = Status::Success;
    let mut results: Vec<(PathBuf, Result<Validation, String>)> = Vec::new();
    for input in inputs {
        let (path, bytes) = match input {
            Input::File(path) => {
                let bytes = super::read_input(&path);
                (path, bytes)
            }
            Input::Unreadable { path, message } => (path, Err(message)),
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(message) => {
                status = super::fail(&message);
                results.push((path, Err(message)));
                continue;
            }
        };
        let syntax = Syntax::detect(Some(&path), &bytes);
        let validation = tmif::validate(&bytes, syntax);
        let failed =
            !validation.is_valid() || (args.deny_warnings && validation.warning_count() > 0);
        if failed && status == Status::Success {
            status = Status::Problems;
        }
        results.push((path, Ok(validation)));
    }

    match args.format {
        OutputFormat::Human => print_human(&results),
        OutputFormat::Json => print_json(&results, status == Status::Success),
    }
    if args.deny_warnings {
        let warned = results
            .iter()
            .filter(|(_, result)| {
                result
                    .as_ref()
                    .is_ok_and(|v| v.is_valid() && v.warning_count() > 0)
            })
            .count();
        if warned > 0 {
            super::eprint_text(format_args!(
                "tmif: {} {} valid but {} warnings, and --deny-warnings treats warnings as errors, \
                 so the exit status is 1",
                report::count(warned, "file"),
                if warned == 1 { "is" } else { "are" },
                if warned == 1 { "has" } else { "have" }
            ));
        }
    }
    // The process exits next, which returns the memory at once; freeing a
    // large model object by object would take a noticeable share of the run.
    std::mem::forget(results);
    status
}

fn print_human(results: &[(PathBuf, Result<Validation, String>)]) {
    let mut valid = 0;
    let mut unread = 0;
    for (path, validation) in results {
        // An I/O error is printed on standard error when it happens.
        let Ok(validation) = validation else {
            unread += 1;
            continue;
        };
        report::emit_human(
            path,
            &validation.diagnostics,
            report::JSON_HINT,
            super::print_text,
        );
        let version = validation
            .version
            .map(|v| format!("TMIF {v}, "))
            .unwrap_or_default();
        let verdict = if validation.is_valid() {
            valid += 1;
            "valid"
        } else {
            "invalid"
        };
        super::print_text(format_args!(
            "{}: {verdict} ({version}{}, {})",
            path.display(),
            report::count(validation.error_count(), "error"),
            report::count(validation.warning_count(), "warning"),
        ));
    }
    if results.len() > 1 {
        let invalid = results.len() - valid - unread;
        let unread = if unread > 0 {
            format!(", {unread} not read")
        } else {
            String::new()
        };
        super::print_text(format_args!(
            "{}: {valid} valid, {invalid} invalid{unread}",
            report::count(results.len(), "file"),
        ));
    }
}

fn print_json(results: &[(PathBuf, Result<Validation, String>)], all_valid: bool) {
    let report = JsonReport {
        valid: all_valid,
        files: results
            .iter()
            .map(|(path, validation)| match validation {
                Ok(validation) => JsonFile {
                    path: path.display().to_string(),
                    valid: validation.is_valid(),
                    version: validation.version.map(|v| v.as_str()),
                    errors: validation.error_count(),
                    warnings: validation.warning_count(),
                    diagnostics: validation
                        .diagnostics
                        .iter()
                        .map(JsonDiagnostic::from)
                        .collect(),
                    error: None,
                },
                Err(message) => JsonFile {
                    path: path.display().to_string(),
                    valid: false,
                    version: None,
                    errors: 0,
                    warnings: 0,
                    diagnostics: Vec::new(),
                    error: Some(message),
                },
            })
            .collect(),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    super::print_line(format_args!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    ));
}

/// A path to validate, or a directory that could not be searched.
enum Input {
    File(PathBuf),
    Unreadable { path: PathBuf, message: String },
}

/// Adds `path`, or the TMIF files below it when it is a directory, and
/// returns how many inputs were added.
///
/// The walk takes regular files only, because a named pipe or a device with
/// a TMIF name would block the read or never end. A directory that cannot
/// be read becomes an [`Input::Unreadable`] and the walk goes on.
fn collect(path: &Path, inputs: &mut Vec<Input>) -> usize {
    if !path.is_dir() {
        inputs.push(Input::File(path.to_path_buf()));
        return 1;
    }
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    // A symbolic link to an enclosing directory would make the walk revisit
    // the same files until the path grows too long, so each directory is
    // entered once, by its canonical path.
    let mut visited = std::collections::HashSet::new();

    while let Some(directory) = pending.pop() {
        let cannot_read = |error: std::io::Error| {
            format!("cannot read directory {}: {error}", directory.display())
        };
        let entries = match std::fs::canonicalize(&directory)
            .and_then(|canonical| Ok((canonical, std::fs::read_dir(&directory)?)))
        {
            Ok((canonical, entries)) => {
                if !visited.insert(canonical) {
                    continue;
                }
                entries
            }
            Err(error) => {
                unreadable.push((directory.clone(), cannot_read(error)));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    unreadable.push((directory.clone(), cannot_read(error)));
                    break;
                }
            };
            let entry_path = entry.path();
            // `metadata` follows symbolic links, so a link to a directory is
            // searched and a link to a regular file is read.
            let metadata = match std::fs::metadata(&entry_path) {
                Ok(metadata) => metadata,
                // A directory that cannot even be examined is reported when
                // the walk tries to read it. Anything else, such as a
                // dangling link, contains no document.
                Err(_) if entry.file_type().is_ok_and(|kind| kind.is_dir()) => {
                    pending.push(entry_path);
                    continue;
                }
                Err(_) => continue,
            };
            if metadata.is_dir() {
                pending.push(entry_path);
            } else if metadata.is_file() && is_tmif_file(&entry_path) {
                found.push(entry_path);
            }
        }
    }
    found.sort();
    unreadable.sort();
    let added = found.len() + unreadable.len();
    inputs.extend(found.into_iter().map(Input::File));
    inputs.extend(
        unreadable
            .into_iter()
            .map(|(path, message)| Input::Unreadable { path, message }),
    );
    added
}

/// Returns `true` for a file name ending in `.tmif.json`, `.tmif.yaml` or
/// `.tmif.yml`, in any letter case. The name is compared as raw bytes, so a
/// name that is not valid UTF-8 still matches.
fn is_tmif_file(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let name = name.as_encoded_bytes();
    [".tmif.json", ".tmif.yaml", ".tmif.yml"]
        .iter()
        .any(|suffix| {
            name.len() >= suffix.len()
                && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
        })
}
