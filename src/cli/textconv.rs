//! `tmif textconv`.

use std::path::PathBuf;

use tmif::Syntax;

use super::Status;

/// Print a document as one line per member, keyed by object id, for `git diff`.
///
/// Install it in a repository with
/// `echo '*.tmif.json diff=tmif' >> .gitattributes` and
/// `git config diff.tmif.textconv "tmif textconv"`. A file that is not a
/// valid document is printed unchanged, so that `git diff` still shows it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document to print.
    #[arg(value_name = "FILE")]
    input: PathBuf,
}

pub fn run(args: Args) -> Status {
    let bytes = match super::read_input(&args.input) {
        Ok(bytes) => bytes,
        Err(message) => return super::fail(message),
    };
    let validation = tmif::validate(&bytes, Syntax::detect(Some(&args.input), &bytes));
    match validation.document {
        Some(document) if validation.error_count() == 0 => {
            super::print_line(tmif::textconv::listing(&document).trim_end());
        }
        // The bytes go out as they are, even when they are not UTF-8, so
        // that git shows every difference between two such files.
        _ => {
            if let Err(message) = super::write_output(std::path::Path::new("-"), &bytes) {
                return super::fail(message);
            }
        }
    }
    Status::Success
}
