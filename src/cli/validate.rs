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
}

#[derive(Serialize)]
struct JsonReport<'a> {
    valid: bool,
    files: Vec<JsonFile<'a>>,
}

pub fn run(args: Args) -> Status {
    let mut files = Vec::new();
    for path in &args.paths {
        match collect(path, &mut files) {
            Ok(0) if path.is_dir() => {
                return super::fail(format_args!(
                    "no *.tmif.json, *.tmif.yaml or *.tmif.yml files found in {}",
                    path.display()
                ));
            }
            Ok(_) => {}
            Err(message) => return super::fail(message),
        }
    }

    let mut status = Status::Success;
    let mut results: Vec<(PathBuf, Validation)> = Vec::new();
    for path in files {
        let bytes = match super::read_input(&path) {
            Ok(bytes) => bytes,
            Err(message) => {
                super::fail(message);
                status = Status::Failure;
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
        results.push((path, validation));
    }

    match args.format {
        OutputFormat::Human => print_human(&results),
        OutputFormat::Json => print_json(&results, status == Status::Success),
    }
    // The process exits next, which returns the memory at once; freeing a
    // large model object by object would take a noticeable share of the run.
    std::mem::forget(results);
    status
}

fn print_human(results: &[(PathBuf, Validation)]) {
    for (path, validation) in results {
        for diagnostic in &validation.diagnostics {
            super::print_line(format_args!("{}", report::human(path, diagnostic)));
        }
        let version = validation
            .version
            .map(|v| format!("TMIF {v}, "))
            .unwrap_or_default();
        let verdict = if validation.is_valid() {
            "valid"
        } else {
            "invalid"
        };
        super::print_line(format_args!(
            "{}: {verdict} ({version}{}, {})",
            path.display(),
            report::count(validation.error_count(), "error"),
            report::count(validation.warning_count(), "warning"),
        ));
    }
    if results.len() > 1 {
        let valid = results.iter().filter(|(_, v)| v.is_valid()).count();
        super::print_line(format_args!(
            "{}: {valid} valid, {} invalid",
            report::count(results.len(), "file"),
            results.len() - valid
        ));
    }
}

fn print_json(results: &[(PathBuf, Validation)], all_valid: bool) {
    let report = JsonReport {
        valid: all_valid,
        files: results
            .iter()
            .map(|(path, validation)| JsonFile {
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
            })
            .collect(),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    super::print_line(format_args!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    ));
}

/// Adds `path`, or the TMIF files below it when it is a directory, and returns how many were added.
fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<usize, String> {
    if !path.is_dir() {
        files.push(path.to_path_buf());
        return Ok(1);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    // A symbolic link to an enclosing directory would make the walk revisit
    // the same files until the path grows too long, so each directory is
    // entered once, by its canonical path.
    let mut visited = std::collections::HashSet::new();

    while let Some(directory) = pending.pop() {
        let canonical = std::fs::canonicalize(&directory)
            .map_err(|error| format!("cannot read directory {}: {error}", directory.display()))?;
        if !visited.insert(canonical) {
            continue;
        }

        let entries = std::fs::read_dir(&directory)
            .map_err(|error| format!("cannot read directory {}: {error}", directory.display()))?;
        for entry in entries {
            let entry = entry.map_err(|error| {
                format!("cannot read directory {}: {error}", directory.display())
            })?;
            let entry_path = entry.path();
            if entry_path.is_dir() {
                pending.push(entry_path);
            } else if is_tmif_file(&entry_path) {
                found.push(entry_path);
            }
        }
    }
    found.sort();
    let added = found.len();
    files.extend(found);
    Ok(added)
}

fn is_tmif_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    [".tmif.json", ".tmif.yaml", ".tmif.yml"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}
