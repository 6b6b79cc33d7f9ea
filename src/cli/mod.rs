//! Command-line arguments and dispatch.

mod conformance;
mod diff;
mod fmt;
mod generate;
mod import;
mod migrate;
mod report;
mod schema;
mod share;
mod validate;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

/// The exit status of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Success, or every document is valid.
    Success = 0,
    /// A document is invalid, or the operation found problems such as losses.
    Problems = 1,
    /// A usage or I/O error.
    Failure = 2,
}

/// Reads, checks, converts and writes TMIF threat models.
#[derive(Debug, Parser)]
#[command(name = "tmif", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// Text for people.
    #[default]
    Human,
    /// JSON for programs, in a stable form.
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate TMIF documents: syntax, format version, shape and every semantic rule.
    Validate(validate::Args),
    /// Rewrite documents in canonical form, or check that they are.
    Fmt(fmt::Args),
    /// Print the JSON Schema of a format version.
    Schema(schema::Args),
    /// Convert a Threat Dragon or OTM model into a TMIF document.
    Import(import::Args),
    /// Migrate a document to another format version, reporting what is lost.
    Migrate(migrate::Args),
    /// Write a copy that holds nothing above a TLP level.
    Redact(share::RedactArgs),
    /// Split into a public document and a private overlay.
    Split(share::SplitArgs),
    /// Rebuild a document from its public part and its overlay.
    Merge(share::MergeArgs),
    /// Write a deterministic synthetic model for tests and benchmarks.
    Generate(generate::Args),
    /// Run, check or export the conformance suite.
    Conformance(conformance::Args),
    Diff(diff::Args),
}

/// Runs the command and returns its exit status.
pub fn run(cli: Cli) -> Status {
    match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Import(args) => import::run(args),
        Command::Migrate(args) => migrate::run(args),
        Command::Redact(args) => share::redact(args),
        Command::Split(args) => share::split(args),
        Command::Merge(args) => share::merge(args),
        Command::Generate(args) => generate::run(args),
        Command::Conformance(args) => conformance::run(args),
        Command::Diff(args) => diff::run(args),
    }
}

/// Reads a whole file, or standard input for `-`.
fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|error| format!("cannot read standard input: {error}"))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// Writes `bytes` to a file atomically, or to standard output for `-`.
fn write_output(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path == Path::new("-") {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|error| format!("cannot write standard output: {error}"));
    }
    tmif::output::write_atomic(path, bytes)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Prints an error about usage or I/O and returns [`Status::Failure`].
fn fail(message: impl std::fmt::Display) -> Status {
    eprint_line(format_args!("tmif: error: {message}"));
    Status::Failure
}

/// Writes one line to standard output.
///
/// `println!` panics when the reader has gone, as with `tmif validate … | head`.
/// A closed output is not an error of the command, so write errors are ignored
/// and the exit status still reports the command's result.
fn print_line(line: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Writes one line to standard error, ignoring write errors as [`print_line`] does.
fn eprint_line(line: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// An output path given with `-o`, or standard output.
fn output_path(path: Option<PathBuf>) -> PathBuf {
    path.unwrap_or_else(|| PathBuf::from("-"))
}
