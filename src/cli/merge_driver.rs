//! `tmif merge-driver`.

use std::path::{Path, PathBuf};

use tmif::{Document, Syntax};

use super::{Status, report};

/// Merge two revisions of a TMIF document by object id, as a git merge driver.
///
/// Reads the common ancestor BASE and the revisions OURS and THEIRS, and
/// writes the merge to OURS in canonical form. Each conflict is printed to
/// standard error and recorded in the merged document under
/// `x-tmif-merge-conflicts`, so the file stays a valid TMIF document.
///
/// When combining both sides would give an invalid document, OURS is kept
/// whole and the problems are listed as conflicts. An empty BASE, which git
/// passes when both branches added the file, merges the two without an
/// ancestor. YAML documents are not merged.
///
/// Exit status: 0 when the merge has no conflict, 1 when it has conflicts,
/// 2 on an I/O error or when an input is YAML or not a valid TMIF document;
/// OURS is then left as it was.
///
/// Git setup, in `.gitattributes`:
///
///     *.tmif.json merge=tmif
///
/// and in the repository's configuration:
///
///     git config merge.tmif.driver "tmif merge-driver %O %A %B"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The common ancestor (git's `%O`).
    #[arg(value_name = "BASE")]
    base: PathBuf,
    /// Our revision (git's `%A`), which the merge replaces.
    #[arg(value_name = "OURS")]
    ours: PathBuf,
    /// Their revision (git's `%B`).
    #[arg(value_name = "THEIRS")]
    theirs: PathBuf,
}

/// Runs `tmif merge-driver`.
pub fn run(args: Args) -> Status {
    // Git passes an empty ancestor when both branches added the file.
    let base = match super::read_input(&args.base) {
        Ok(bytes) if bytes.trim_ascii().is_empty() => Ok(None),
        Ok(_) => load(&args.base).map(Some),
        Err(error) => {
            super::fail(error);
            Err(())
        }
    };
    let ours = load(&args.ours);
    let theirs = load(&args.theirs);
    let (Ok(base), Ok(ours), Ok(theirs)) = (base, ours, theirs) else {
        return Status::Failure;
    };
    let merge = match &base {
        Some(base) => tmif::merge3::merge(base, &ours, &theirs),
        None => tmif::merge3::merge_without_base(&ours, &theirs),
    };
    let text = tmif::canonical::to_string(&merge.document);
    if let Err(error) = tmif::output::write_atomic(&args.ours, text.as_bytes()) {
        return super::fail(format_args!(
            "cannot write {}: {error}",
            report::escape_path(&args.ours)
        ));
    }
    for conflict in &merge.conflicts {
        let at = if conflict.pointer.is_empty() {
            "the document"
        } else {
            conflict.pointer.as_str()
        };
        super::eprint_text(format_args!(
            "tmif: merge conflict at {at}: {}",
            conflict.reason
        ));
    }
    if merge.conflicts.is_empty() {
        Status::Success
    } else {
        super::eprint_text(format_args!(
            "tmif: {} merge conflict(s), listed in the document under `{}`",
            merge.conflicts.len(),
            tmif::merge3::CONFLICTS_MEMBER
        ));
        Status::Problems
    }
}

/// Reads and validates one input, printing its errors to standard error.
fn load(path: &Path) -> Result<Document, ()> {
    let bytes = super::read_input(path).map_err(|error| {
        super::fail(error);
    })?;
    let syntax = Syntax::detect(Some(path), &bytes);
    if syntax == Syntax::Yaml {
        super::fail(format_args!(
            "{} is YAML, which the merge driver does not merge because it writes \
             canonical JSON and would drop the comments and the layout; merge the \
             YAML file by hand, or keep the model as JSON",
            report::escape_path(path)
        ));
        return Err(());
    }
    let validation = tmif::validate(&bytes, syntax);
    match validation.document {
        Some(document) if validation.error_count() == 0 => Ok(document),
        _ => {
            for diagnostic in validation.diagnostics.iter().filter(|d| d.is_error()) {
                super::eprint_line(format_args!("{}", report::human(path, diagnostic)));
            }
            super::fail(format_args!(
                "{} is not a valid TMIF document, so it cannot be merged; fix the errors above",
                report::escape_path(path)
            ));
            Err(())
        }
    }
}
