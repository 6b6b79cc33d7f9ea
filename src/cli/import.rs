//! `tmif import`.

use std::path::PathBuf;

use clap::ValueEnum;
use serde::Serialize;
use tmif::import::{FormatChoice, ImportError, ImportOptions, Loss, LossKind};
use tmif::{Diagnostic, Syntax};

use super::report::{self, JsonDiagnostic};
use super::{OutputFormat, Status};

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
enum From {
    /// Detect the format from the file's structure.
    #[default]
    Auto,
    /// OWASP Threat Dragon, version 1 or 2.
    ThreatDragon,
    /// Open Threat Model, version 0.1.0 or 0.2.0.
    Otm,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model to convert; `-` reads standard input.
    #[arg(value_name = "FILE")]
    input: PathBuf,
    /// Where to write the TMIF document; `-` writes standard output.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// The source format.
    #[arg(long, value_enum, default_value_t)]
    from: From,
    /// Keep source data that TMIF has no member for under `x-` extension members.
    #[arg(long)]
    keep_unmapped: bool,
    /// Exit with status 0 even when information was dropped or changed.
    #[arg(long)]
    allow_loss: bool,
    /// Output style of the report.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct JsonImport<'a> {
    input: String,
    output: String,
    /// The detected source format, absent when the import failed before detection.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
    written: bool,
    losses: &'a [Loss],
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// The reason nothing was imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl JsonImport<'_> {
    /// Prints the report on standard output, or on standard error when the
    /// document goes to standard output.
    fn print(&self, output: &std::path::Path) {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        if output.as_os_str() == "-" {
            super::eprint_line(text);
        } else {
            super::print_line(text);
        }
    }
}

/// Reports an import that wrote nothing and returns `status`. A syntax
/// error of the source comes as `diagnostic`, with its position.
fn report_failure(
    args: &Args,
    message: String,
    diagnostic: Option<&Diagnostic>,
    status: Status,
) -> Status {
    match args.format {
        OutputFormat::Human if status == Status::Failure => {
            super::fail(message);
        }
        OutputFormat::Human => match diagnostic {
            Some(diagnostic) => super::eprint_text(report::human(&args.input, diagnostic)),
            None => super::eprint_text(format_args!("{}: {message}", args.input.display())),
        },
        OutputFormat::Json => {
            if status == Status::Failure {
                super::fail(&message);
            }
            JsonImport {
                input: args.input.display().to_string(),
                output: args.output.display().to_string(),
                source: None,
                written: false,
                losses: &[],
                diagnostics: diagnostic.into_iter().map(JsonDiagnostic::from).collect(),
                error: Some(message),
            }
            .print(&args.output);
        }
    }
    status
}

pub fn run(args: Args) -> Status {
    if args.output.as_os_str() != "-" && tmif::output::same_file(&args.input, &args.output) {
        return super::fail("the output path is the input file; choose another output path");
    }
    let bytes = match super::read_input(&args.input) {
        Ok(bytes) => bytes,
        Err(message) => return report_failure(&args, message, None, Status::Failure),
    };
    let options = ImportOptions {
        from: match args.from {
            From::Auto => FormatChoice::Auto,
            From::ThreatDragon => FormatChoice::ThreatDragon,
            From::Otm => FormatChoice::Otm,
        },
        keep_unmapped: args.keep_unmapped,
    };
    let syntax = Syntax::detect(Some(&args.input), &bytes);
    let import = match tmif::import::import(&bytes, syntax, &options) {
        Ok(import) => import,
        // Detection runs on the parsed value, so XML that is not even valid
        // YAML, or that starts with a byte-order mark, fails as a syntax
        // error first. Detection is asked about the text itself, as the
        // string that YAML would have read it as.
        Err(ImportError::Syntax(_)) if starts_like_xml(&bytes) => {
            let text = serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned());
            let message = match tmif::import::detect(&text) {
                Err(error) => error.to_string(),
                Ok(_) => "the file is XML".to_owned(),
            };
            return report_failure(&args, message, None, Status::Problems);
        }
        Err(ImportError::Syntax(diagnostic)) => {
            let message = diagnostic.message.clone();
            return report_failure(&args, message, Some(&diagnostic), Status::Problems);
        }
        Err(error) => return report_failure(&args, error.to_string(), None, Status::Problems),
    };

    // An importer that produced an invalid document has a bug; refuse to write it.
    let diagnostics = tmif::validate_document(&import.document);
    let invalid = diagnostics.iter().any(|d| d.is_error());
    if !invalid {
        let text = tmif::canonical::to_string(&import.document);
        if let Err(message) = super::write_output(&args.output, text.as_bytes()) {
            return super::fail(message);
        }
    }

    match args.format {
        OutputFormat::Human => {
            let out = if args.output.as_os_str() == "-" {
                "standard output".to_owned()
            } else {
                args.output.display().to_string()
            };
            let document = &import.document;
            let target: &dyn Fn(&str) = if args.output.as_os_str() == "-" {
                &|line| super::eprint_text(format_args!("{line}"))
            } else {
                &|line| super::print_text(format_args!("{line}"))
            };
            report::emit_human(&args.output, &diagnostics, report::JSON_HINT, |line| {
                target(&line)
            });
            for loss in &import.losses.entries {
                target(&format!(
                    "{}: {} {}: {}",
                    args.input.display(),
                    loss.kind,
                    loss.pointer,
                    loss.reason
                ));
            }
            if invalid {
                target(&format!(
                    "{}: not written, because the imported document is invalid",
                    out
                ));
            } else {
                target(&format!(
                    "{}: imported {} as TMIF to {out}: {}, {}, {}, {}; {} dropped, {} changed, {} kept as extensions",
                    args.input.display(),
                    import.source,
                    report::count(document.elements.len(), "element"),
                    report::count(document.data_flows.len(), "data flow"),
                    report::count(document.trust_zones.len(), "trust zone"),
                    report::count(document.threats.len(), "threat"),
                    import.losses.count(LossKind::Dropped),
                    import.losses.count(LossKind::Changed),
                    import.losses.count(LossKind::Kept),
                ));
            }
        }
        OutputFormat::Json => {
            JsonImport {
                input: args.input.display().to_string(),
                output: args.output.display().to_string(),
                source: Some(import.source.name()),
                written: !invalid,
                losses: &import.losses.entries,
                diagnostics: diagnostics.iter().map(JsonDiagnostic::from).collect(),
                error: None,
            }
            .print(&args.output);
        }
    }

    if invalid || (!import.losses.is_lossless() && !args.allow_loss) {
        Status::Problems
    } else {
        Status::Success
    }
}

/// Returns `true` for bytes whose first character after white space and a
/// UTF-8 byte-order mark is `<`.
fn starts_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'<')
}
