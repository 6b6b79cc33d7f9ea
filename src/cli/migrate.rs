//! `tmif migrate`.

use std::path::PathBuf;

use serde::Serialize;
use tmif::import::Loss;
use tmif::{FormatVersion, Syntax};

use super::{OutputFormat, Status, report};

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
    from: &'static str,
    to: &'static str,
    written: bool,
    losses: &'a [Loss],
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
        Err(message) => return super::fail(message),
    };

    // Only a valid document is migrated, so that the output is valid too.
    let syntax = Syntax::detect(Some(&args.input), &bytes);
    let validation = tmif::validate(&bytes, syntax);
    let document = match validation.document {
        Some(document) if validation.error_count() == 0 => document,
        _ => {
            for diagnostic in validation.diagnostics.iter().filter(|d| d.is_error()) {
                super::eprint_text(format_args!("{}", report::human(&args.input, diagnostic)));
            }
            super::eprint_text(format_args!(
                "{}: not migrated, because the document is invalid",
                args.input.display()
            ));
            return Status::Problems;
        }
    };
    let migration = match tmif::migrate::migrate(document, to) {
        Ok(migration) => migration,
        Err(error) => {
            super::eprint_text(format_args!("{}: {error}", args.input.display()));
            return Status::Problems;
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
    // JSON output is escaped by serde_json; human lines are escaped here.
    let json = args.format == OutputFormat::Json;
    let emit = |line: String| match (to_stderr, json) {
        (true, true) => super::eprint_line(line),
        (false, true) => super::print_line(line),
        (true, false) => super::eprint_text(line),
        (false, false) => super::print_text(line),
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
            let report = JsonMigration {
                input: args.input.display().to_string(),
                output: args.output.display().to_string(),
                from: migration.from.as_str(),
                to: migration.to.as_str(),
                written: write,
                losses: &migration.losses.entries,
            };
            emit(serde_json::to_string_pretty(&report).unwrap_or_default());
        }
    }

    if lossy && !args.allow_loss {
        Status::Problems
    } else {
        Status::Success
    }
}
