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
    let mut status = Status::Success;
    for path in &args.files {
        let bytes = match super::read_input(path) {
            Ok(bytes) => bytes,
            Err(message) => return super::fail(message),
        };
        let syntax = Syntax::detect(Some(path), &bytes);
        let parsed = load::parse(&bytes, syntax);
        let mut diagnostics = parsed.diagnostics.clone();
        parsed.locate(&mut diagnostics);
        let Some(document) = parsed.document.as_ref().filter(|_| parsed.is_ok()) else {
            for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
                super::eprint_line(format_args!("{}", report::human(path, diagnostic)));
            }
            super::eprint_line(format_args!(
                "{}: not formatted, because the document cannot be read",
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
            for diagnostic in &ignored {
                super::eprint_line(format_args!("{}", report::human(path, diagnostic)));
            }
            super::eprint_line(format_args!(
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
                super::print_line(format_args!("{}: not in canonical form", path.display()));
                status = status.max(Status::Problems);
            }
            continue;
        }
        if let Some(output) = &args.output {
            if let Err(message) = super::write_output(output, canonical.as_bytes()) {
                return super::fail(message);
            }
            continue;
        }
        if syntax == Syntax::Yaml {
            return super::fail(format_args!(
                "{} is YAML and the canonical form is JSON; write it elsewhere with `-o FILE.tmif.json`",
                path.display()
            ));
        }
        if path.as_os_str() == "-" {
            return super::fail("formatting standard input needs `-o FILE` or `-o -`");
        }
        if !unchanged {
            if let Err(message) = super::write_output(path, canonical.as_bytes()) {
                return super::fail(message);
            }
            super::print_line(format_args!("{}: formatted", path.display()));
        }
    }
    status
}
