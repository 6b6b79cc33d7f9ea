//! `tmif migrate`.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tmif::import::Loss;
use tmif::{Diagnostic, FormatVersion, Syntax};

use super::report::{self, JsonDiagnostic};
use super::{OutputFormat, Status};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document to migrate; `-` reads standard input.
    #[arg(value_name = "FILE")]
    input: PathBuf,
    /// The format version to migrate to, as MAJOR.MINOR, such as `1.0`.
    #[arg(long, value_name = "VERSION")]
    to: String,
    /// Where to write the migrated document; `-` writes standard output.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// Write the document even when information would be lost.
    #[arg(long)]
    allow_loss: bool,
    /// Output style of the report.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct JsonMigration<'a> {
    input: String,
    output: String,
    /// The input's format version, absent when it is not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'static str>,
    to: &'static str,
    written: bool,
    losses: &'a [Loss],
    /// The input's diagnostics when it is invalid and was not migrated.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// The reason nothing was migrated.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl JsonMigration<'_> {
    /// Prints the report on standard output, or on standard error when the
    /// document goes to standard output.
    fn print(&self, output: &Path) {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        if output.as_os_str() == "-" {
            super::eprint_line(text);
        } else {
            super::print_line(text);
        }
    }
}

/// Reports a migration that wrote nothing and returns `status`.
fn report_failure(
    args: &Args,
    to: FormatVersion,
    from: Option<FormatVersion>,
    diagnostics: &[Diagnostic],
    message: String,
    status: Status,
) -> Status {
    match args.format {
        OutputFormat::Human => {
            report::emit_human(
                &args.input,
                diagnostics.iter().filter(|d| d.is_error()),
                report::JSON_HINT,
                super::eprint_text,
            );
            if status == Status::Failure {
                super::fail(message);
            } else {
                super::eprint_text(format_args!("{}: {message}", args.input.display()));
            }
        }
        OutputFormat::Json => {
            if status == Status::Failure {
                super::fail(&message);
            }
            JsonMigration {
                input: args.input.display().to_string(),
                output: args.output.display().to_string(),
                from: from.map(FormatVersion::as_str),
                to: to.as_str(),
                written: false,
                losses: &[],
                diagnostics: diagnostics.iter().map(JsonDiagnostic::from).collect(),
                error: Some(message),
            }
            .print(&args.output);
        }
    }
    status
}

pub fn run(args: Args) -> Status {
    let Some(to) = FormatVersion::parse(&args.to) else {
        return super::fail(format_args!(
            "unknown format version `{}`; this build migrates between versions {}",
            args.to,
            tmif::version::supported_list()
        ));
    };
    if args.output.as_os_str() != "-" && tmif::output::same_file(&args.input, &args.output) {
        return super::fail("the output path is the input file; choose another output path");
    }
    let bytes = match super::read_input(&args.input) {
        Ok(bytes) => bytes,
        Err(message) => return report_failure(&args, to, None, &[], message, Status::Failure),
    };

    // Only a valid document is migrated, so that the output is valid too.
    let syntax = Syntax::detect(Some(&args.input), &bytes);
    let validation = tmif::validate(&bytes, syntax);
    let document = match validation.document {
        Some(document) if validation.error_count() == 0 => document,
        _ => {
            return report_failure(
                &args,
                to,
                validation.version,
                &validation.diagnostics,
                "not migrated, because the document is invalid".to_owned(),
                Status::Problems,
            );
        }
    };
    let from = validation.version;
    let migration = match tmif::migrate::migrate(document, to) {
        Ok(migration) => migration,
        Err(error) => {
            return report_failure(&args, to, from, &[], error.to_string(), Status::Problems);
        }
    };

    let lossy = !migration.losses.is_lossless();
    let write = !lossy || args.allow_loss;
    if write {
        let text = tmif::canonical::to_string(&migration.document);
        if let Err(message) = super::write_output(&args.output, text.as_bytes()) {
            return super::fail(message);
        }
    }

    let to_stderr = args.output.as_os_str() == "-";
    let emit = |line: String| {
        if to_stderr {
            super::eprint_text(line);
        } else {
            super::print_text(line);
        }
    };
    match args.format {
        OutputFormat::Human => {
            for loss in &migration.losses.entries {
                emit(format!(
                    "{}: {} {}: {}",
                    args.input.display(),
                    loss.kind,
                    loss.pointer,
                    loss.reason
                ));
            }
            let verdict = if !write {
                format!(
                    "not written, because {} would be lost; pass --allow-loss to write it anyway",
                    report::count(migration.losses.entries.len(), "member")
                )
            } else {
                let losses = match migration.losses.entries.len() {
                    1 => "1 loss".to_owned(),
                    n => format!("{n} losses"),
                };
                format!(
                    "migrated from TMIF {} to TMIF {} with {losses}",
                    migration.from, migration.to
                )
            };
            emit(format!("{}: {verdict}", args.input.display()));
        }
        OutputFormat::Json => {
            JsonMigration {
                input: args.input.display().to_string(),
                output: args.output.display().to_string(),
                from: Some(migration.from.as_str()),
                to: migration.to.as_str(),
                written: write,
                losses: &migration.losses.entries,
                diagnostics: Vec::new(),
                error: None,
            }
            .print(&args.output);
        }
    }

    if lossy && !args.allow_loss {
        Status::Problems
    } else {
        Status::Success
    }
}
