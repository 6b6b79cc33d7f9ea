//! `tmif fmt`.

use std::path::PathBuf;

use tmif::Syntax;
use tmif::load;

use super::{Status, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// JSON documents to rewrite in place, or a single document with `-o`.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Change nothing; exit with status 1 when a file is not in canonical form.
    #[arg(long)]
    check: bool,
    /// Write the canonical form of the single input to this file (`-` for
    /// standard output) instead of rewriting it in place. Needed for YAML input.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Status {
    if args.output.is_some() && args.files.len() != 1 {
        return super::fail("`--output` takes exactly one input file");
    }
    if args.check && args.output.is_some() {
        return super::fail(
            "`--check` writes nothing, so it cannot be combined with `--output`; drop one of them",
        );
    }
    let mut status = Status::Success;
    for path in &args.files {
        // A file that cannot be read is reported and the others are still
        // checked, so one run lists every problem.
        let bytes = match super::read_input(path) {
            Ok(bytes) => bytes,
            Err(message) => {
                status = status.max(super::fail(message));
                continue;
            }
        };
        let syntax = Syntax::detect(Some(path), &bytes);
        let parsed = load::parse(&bytes, syntax);
        let mut diagnostics = parsed.diagnostics.clone();
        parsed.locate(&mut diagnostics);
        let Some(document) = parsed.document.as_ref().filter(|_| parsed.is_ok()) else {
            report::emit_human(
                path,
                diagnostics.iter().filter(|d| d.is_error()),
                report::VALIDATE_HINT,
                super::eprint_text,
            );
            super::eprint_text(format_args!(
                "{}: not formatted, because the document has errors; \
                 fix them first (see tmif validate)",
                path.display()
            ));
            status = status.max(Status::Problems);
            continue;
        };
        // A newer minor version's members that this build does not know are
        // left out of the parsed document, so writing it would delete them.
        let ignored: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.code == tmif::rules::MEMBER_IGNORED.code)
            .collect();
        if !ignored.is_empty() {
            report::emit_human(
                path,
                ignored.iter().copied(),
                report::VALIDATE_HINT,
                super::eprint_text,
            );
            super::eprint_text(format_args!(
                "{}: not formatted, because it has members this version of tmif does not know \
                 and would drop; format it with a tmif that implements TMIF {}",
                path.display(),
                parsed
                    .document
                    .as_ref()
                    .map(|d| d.tmif.as_str())
                    .unwrap_or_default()
            ));
            status = status.max(Status::Problems);
            continue;
        }
        let canonical = tmif::canonical::to_string(document);
        let unchanged = syntax == Syntax::Json && canonical.as_bytes() == bytes.as_slice();

        if args.check {
            if !unchanged {
                super::print_text(format_args!("{}: not in canonical form", path.display()));
                status = status.max(Status::Problems);
            }
            continue;
        }
        if let Some(output) = &args.output {
            // Replacing a YAML file by its canonical form would turn it into
            // JSON under a YAML name and lose its comments.
            if syntax == Syntax::Yaml
                && output.as_os_str() != "-"
                && tmif::output::same_target(path, output)
            {
                return super::fail(format_args!(
                    "the output path {} is the YAML input, and the canonical form is JSON; \
                     write it elsewhere with `-o FILE.tmif.json`",
                    output.display()
                ));
            }
            if let Err(message) = super::write_output(output, canonical.as_bytes()) {
                return super::fail(message);
            }
            continue;
        }
        let failure = if syntax == Syntax::Yaml {
            Some(format!(
                "{} is YAML and the canonical form is JSON; write it elsewhere with `-o FILE.tmif.json`",
                path.display()
            ))
        } else if path.as_os_str() == "-" {
            Some("formatting standard input needs `-o FILE` or `-o -`".to_owned())
        } else if unchanged {
            None
        } else {
            match super::write_output(path, canonical.as_bytes()) {
                Ok(()) => {
                    super::print_text(format_args!("{}: formatted", path.display()));
                    None
                }
                Err(message) => Some(message),
            }
        };
        if let Some(message) = failure {
            status = status.max(super::fail(message));
        }
    }
    status
}
