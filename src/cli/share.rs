//! `tmif redact`, `tmif split` and `tmif merge`: sharing a model safely.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tmif::model::{Document, Tlp};
use tmif::overlay::{self, Overlay};
use tmif::redact::{Leak, RedactOptions, Redaction, RedactionReport};
use tmif::{Syntax, validate_document};

use super::{OutputFormat, Status, report};

/// Parses a TLP 2.0 label such as `GREEN`, `amber+strict` or `TLP:RED`.
fn parse_level(text: &str) -> Result<Tlp, String> {
    Tlp::parse(&text.to_ascii_uppercase()).ok_or_else(|| {
        format!("`{text}` is not a TLP label; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
    })
}

#[derive(Debug, clap::Args)]
pub struct RedactArgs {
    /// The document to redact; `-` reads standard input.
    #[arg(value_name = "FILE")]
    input: PathBuf,
    /// The strictest TLP label the output may contain: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    max: Tlp,
    /// Where to write the redacted document; `-` writes standard output.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// Replace removed elements and trust zones by placeholders that keep the diagram's shape.
    #[arg(long)]
    placeholders: bool,
    /// Also write the redaction report, as JSON, to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Write nothing and exit with status 1 when a kept string names a removed object.
    #[arg(long)]
    strict: bool,
    /// Output style of the report.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct SplitArgs {
    /// The document to split; `-` reads standard input.
    #[arg(value_name = "FILE")]
    input: PathBuf,
    /// The strictest TLP label the public document may contain.
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    max: Tlp,
    /// Where to write the public document.
    #[arg(long, value_name = "OUT")]
    public: PathBuf,
    /// Where to write the private overlay.
    #[arg(long, value_name = "OUT")]
    overlay: PathBuf,
    /// Replace removed elements and trust zones by placeholders in the public document.
    #[arg(long)]
    placeholders: bool,
    /// Write nothing and exit with status 1 when a kept string names a removed object.
    #[arg(long)]
    strict: bool,
    /// Output style of the report.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The public document.
    #[arg(value_name = "PUBLIC")]
    public: PathBuf,
    /// The private overlay made by `tmif split` with that public document.
    #[arg(value_name = "OVERLAY")]
    overlay: PathBuf,
    /// Where to write the rebuilt document; `-` writes standard output.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    input: String,
    level: Tlp,
    written: bool,
    #[serde(flatten)]
    report: &'a RedactionReport,
    leaks: &'a [Leak],
}

pub fn redact(args: RedactArgs) -> Status {
    if let Some(status) = reject_same_paths(&args.input, &[&args.output]) {
        return status;
    }
    if let Some(report_path) = &args.report {
        if let Some(status) = reject_same_paths(&args.input, &[report_path]) {
            return status;
        }
        // Both on standard output would mix the private report into the public stream.
        let both_stdout = args.output.as_os_str() == "-" && report_path.as_os_str() == "-";
        if both_stdout || tmif::output::same_target(&args.output, report_path) {
            return super::fail("the output and the report need two different paths");
        }
    }
    let document = match read_valid(&args.input) {
        Ok(document) => document,
        Err(status) => return status,
    };
    let options = RedactOptions {
        max: args.max,
        placeholders: args.placeholders,
    };
    let redaction = match tmif::redact::redact(&document, options) {
        Ok(redaction) => redaction,
        Err(error) => {
            super::eprint_text(format_args!("{}: {error}", args.input.display()));
            return Status::Problems;
        }
    };
    if let Some(status) = check_output(&args.input, &redaction.document) {
        return status;
    }

    let write = !args.strict || redaction.leaks.is_empty();
    if write {
        let text = tmif::canonical::to_string(&redaction.document);
        let report = args
            .report
            .as_ref()
            .map(|path| (path, report_json(&args.input, args.max, true, &redaction)));
        let written = match &report {
            // Two files: either both are replaced or neither is.
            Some((path, json)) if args.output.as_os_str() != "-" && path.as_os_str() != "-" => {
                tmif::output::write_atomic_pair(
                    (&args.output, text.as_bytes()),
                    (path, json.as_bytes()),
                )
                .map_err(|error| {
                    format!(
                        "cannot write {} and {}: {error}",
                        args.output.display(),
                        path.display()
                    )
                })
            }
            _ => super::write_output(&args.output, text.as_bytes()).and_then(|()| match &report {
                Some((path, json)) => super::write_output(path, json.as_bytes()),
                None => Ok(()),
            }),
        };
        if let Err(message) = written {
            return super::fail(message);
        }
    } else if let Some(path) = &args.report {
        // The report names the leaks to fix, so it is written even when
        // --strict keeps the redacted document back.
        let json = report_json(&args.input, args.max, false, &redaction);
        if let Err(message) = super::write_output(path, json.as_bytes()) {
            return super::fail(message);
        }
    }
    print_report(
        &args.input,
        &args.output,
        args.format,
        args.max,
        write,
        &redaction,
    );
    if write {
        Status::Success
    } else {
        Status::Problems
    }
}

pub fn split(args: SplitArgs) -> Status {
    if let Some(status) = reject_same_paths(&args.input, &[&args.public, &args.overlay]) {
        return status;
    }
    if tmif::output::same_target(&args.public, &args.overlay) {
        return super::fail("the public document and the overlay need two different paths");
    }
    let document = match read_valid(&args.input) {
        Ok(document) => document,
        Err(status) => return status,
    };
    let options = RedactOptions {
        max: args.max,
        placeholders: args.placeholders,
    };
    let split = match overlay::split(&document, options) {
        Ok(split) => split,
        Err(error) => {
            super::eprint_text(format_args!("{}: {error}", args.input.display()));
            return Status::Problems;
        }
    };
    if let Some(status) = check_output(&args.input, &split.redaction.document) {
        return status;
    }
    let write = !args.strict || split.redaction.leaks.is_empty();
    if write {
        let public = tmif::canonical::to_string(&split.redaction.document);
        let overlay_text = overlay::overlay_to_string(&split.overlay);
        if let Err(message) = tmif::output::write_atomic_pair(
            (&args.public, public.as_bytes()),
            (&args.overlay, overlay_text.as_bytes()),
        ) {
            return super::fail(format_args!("cannot write the split: {message}"));
        }
    }
    print_report(
        &args.input,
        &args.public,
        args.format,
        args.max,
        write,
        &split.redaction,
    );
    if write {
        Status::Success
    } else {
        Status::Problems
    }
}

pub fn merge(args: MergeArgs) -> Status {
    if let Some(status) = reject_same_paths(&args.public, &[&args.output]) {
        return status;
    }
    if let Some(status) = reject_same_paths(&args.overlay, &[&args.output]) {
        return status;
    }
    let public = match read_valid(&args.public) {
        Ok(document) => document,
        Err(status) => return status,
    };
    let overlay_bytes = match super::read_input(&args.overlay) {
        Ok(bytes) => bytes,
        Err(message) => return super::fail(message),
    };
    let overlay: Overlay = match overlay::read_overlay(&overlay_bytes) {
        Ok(overlay) => overlay,
        Err(error) => {
            super::eprint_text(format_args!("{}: {error}", args.overlay.display()));
            return Status::Problems;
        }
    };
    let merged = match overlay::merge(&public, &overlay) {
        Ok(document) => document,
        Err(error) => {
            super::eprint_text(format_args!(
                "{} + {}: not merged: {error}",
                args.public.display(),
                args.overlay.display()
            ));
            return Status::Problems;
        }
    };
    let text = tmif::canonical::to_string(&merged);
    if let Err(message) = super::write_output(&args.output, text.as_bytes()) {
        return super::fail(message);
    }
    super::print_text(format_args!(
        "{} + {}: merged into {}",
        args.public.display(),
        args.overlay.display(),
        args.output.display()
    ));
    Status::Success
}

/// Rejects an output path that names the input file.
fn reject_same_paths(input: &Path, outputs: &[&PathBuf]) -> Option<Status> {
    for output in outputs {
        if output.as_os_str() != "-" && tmif::output::same_file(input, output) {
            return Some(super::fail(format_args!(
                "the output path {} is the input file; choose another output path",
                output.display()
            )));
        }
    }
    None
}

/// Reads a document and returns it only when it is valid.
fn read_valid(path: &Path) -> Result<Document, Status> {
    let bytes = super::read_input(path).map_err(super::fail)?;
    let validation = tmif::validate(&bytes, Syntax::detect(Some(path), &bytes));
    match validation.document {
        Some(document) if validation.error_count() == 0 => Ok(document),
        _ => {
            report::emit_human(
                path,
                validation.diagnostics.iter().filter(|d| d.is_error()),
                report::VALIDATE_HINT,
                super::eprint_text,
            );
            super::eprint_text(format_args!(
                "{}: not processed, because the document is invalid",
                path.display()
            ));
            Err(Status::Problems)
        }
    }
}

/// Refuses to write an output that breaks a rule, which would be a bug of the library.
fn check_output(input: &Path, document: &Document) -> Option<Status> {
    let errors: Vec<_> = validate_document(document)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    if errors.is_empty() {
        return None;
    }
    report::emit_human(input, &errors, report::VALIDATE_HINT, super::eprint_text);
    super::eprint_text(format_args!(
        "{}: not written, because the redacted document is invalid; this is a bug in tmif",
        input.display()
    ));
    Some(Status::Problems)
}

fn report_json(input: &Path, level: Tlp, written: bool, redaction: &Redaction) -> String {
    let report = JsonReport {
        input: input.display().to_string(),
        level,
        written,
        report: &redaction.report,
        leaks: &redaction.leaks,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn print_report(
    input: &Path,
    output: &Path,
    format: OutputFormat,
    level: Tlp,
    written: bool,
    redaction: &Redaction,
) {
    let to_stderr = output.as_os_str() == "-";
    // JSON output is escaped by serde_json; human lines are escaped here.
    let json = format == OutputFormat::Json;
    let emit = |line: String| match (to_stderr, json) {
        (true, true) => super::eprint_line(line),
        (false, true) => super::print_line(line),
        (true, false) => super::eprint_text(line),
        (false, false) => super::print_text(line),
    };
    if format == OutputFormat::Json {
        emit(
            report_json(input, level, written, redaction)
                .trim_end()
                .to_owned(),
        );
        return;
    }
    let name = input.display();
    for removed in &redaction.report.removed {
        emit(format!(
            "{name}: removed {} `{}` ({})",
            removed.kind, removed.id, removed.label
        ));
    }
    for replaced in &redaction.report.replaced {
        emit(format!(
            "{name}: replaced {} `{}` ({}) by placeholder `{}`",
            replaced.kind, replaced.id, replaced.label, replaced.placeholder
        ));
    }
    for leak in &redaction.leaks {
        emit(format!(
            "{name}: warning: the kept string at {} contains the {} of removed object `{}`; reword it or label it",
            leak.pointer, leak.matched, leak.removed
        ));
    }
    let verdict = if written {
        format!("redacted to {level} into {}", output.display())
    } else {
        "not written, because kept strings name removed objects and --strict is set".to_owned()
    };
    emit(format!(
        "{name}: {verdict}: {} removed, {} replaced, {}",
        redaction.report.removed.len(),
        redaction.report.replaced.len(),
        report::count(redaction.leaks.len(), "possible leak")
    ));
}
