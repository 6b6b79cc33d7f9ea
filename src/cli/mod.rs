//! Command-line arguments and dispatch.

mod conformance;
mod diff;
mod fmt;
mod generate;
mod import;
mod log;
mod merge_driver;
mod migrate;
mod render;
mod report;
mod schema;
mod share;
mod textconv;
mod validate;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Draw the data-flow diagram of a model or of a change as SVG, HTML, DOT or Mermaid.
    Render(render::Args),
    Log(log::Args),
    /// Print a document as one line per member, keyed by object id, for `git diff`.
    Textconv(textconv::Args),
    MergeDriver(merge_driver::Args),
}

/// Runs the command and returns its exit status.
pub fn run(cli: Cli) -> Status {
    let status = match cli.command {
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
        Command::Render(args) => render::run(args),
        Command::Log(args) => log::run(args),
        Command::Textconv(args) => textconv::run(args),
        Command::MergeDriver(args) => merge_driver::run(args),
    };
    if let Err(error) = std::io::Write::flush(&mut std::io::stdout()) {
        note_write_error(&error, "standard output");
    }
    if OUTPUT_FAILED.load(Ordering::Relaxed) {
        return Status::Failure;
    }
    status
}

/// Reads a whole file, or standard input for `-`.
///
/// Named pipes are read like files, so that process substitution such as
/// `<(curl …)` works. Devices, sockets and directories are rejected: reading
/// `/dev/zero` would never end, and the others hold no document.
fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;

    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| format!("cannot read standard input: {error}"))?;
        return Ok(bytes);
    }
    let cannot_read = |error: std::io::Error| format!("cannot read {}: {error}", path.display());
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    // The type comes from the opened file, so it cannot change between the
    // check and the read.
    let file_type = file.metadata().map_err(cannot_read)?.file_type();
    if let Some(kind) = special_file_kind(file_type) {
        return Err(format!(
            "cannot read {}: {} is {kind}, not a file; name a TMIF document, \
             or `-` for standard input",
            path.display(),
            path.display()
        ));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(cannot_read)?;
    Ok(bytes)
}

/// Names the kind of a file that contains no document, or returns `None` for a
/// regular file or a named pipe.
fn special_file_kind(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    None
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
    eprint_text(format_args!("tmif: error: {message}"));
    Status::Failure
}

/// Writes one line of human output to standard output, with the control
/// characters of input text escaped so that the line stays one line.
fn print_text(line: impl std::fmt::Display) {
    print_line(report::escape(&line.to_string()));
}

/// Writes one line of human output to standard error, escaped as [`print_text`] does.
fn eprint_text(line: impl std::fmt::Display) {
    eprint_line(report::escape(&line.to_string()));
}

/// Set once writing a report line failed for a reason other than a closed pipe.
static OUTPUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes one line to standard output.
///
/// `println!` panics when the reader has gone, as with `tmif validate … | head`.
/// A closed pipe is not an error of the command, so it is ignored and the exit
/// status still reports the command's result. Any other write error, such as
/// a full disk, makes the exit status 2, because the report is incomplete.
fn print_line(line: impl std::fmt::Display) {
    use std::io::Write;
    if let Err(error) = writeln!(std::io::stdout().lock(), "{line}") {
        note_write_error(&error, "standard output");
    }
}

/// Writes one line to standard error, handling write errors as [`print_line`] does.
fn eprint_line(line: impl std::fmt::Display) {
    use std::io::Write;
    if let Err(error) = writeln!(std::io::stderr().lock(), "{line}") {
        note_write_error(&error, "standard error");
    }
}

/// Records a failed write of a report line, and reports it on standard
/// error the first time.
fn note_write_error(error: &std::io::Error, stream: &str) {
    use std::io::Write;
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return;
    }
    if !OUTPUT_FAILED.swap(true, Ordering::Relaxed) {
        // Standard error may be the stream that failed, and then the message is lost.
        let _ = writeln!(
            std::io::stderr().lock(),
            "tmif: error: cannot write {stream}: {error}"
        );
    }
}

/// An output path given with `-o`, or standard output.
fn output_path(path: Option<PathBuf>) -> PathBuf {
    path.unwrap_or_else(|| PathBuf::from("-"))
}
