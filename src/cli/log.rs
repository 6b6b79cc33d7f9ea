//! `tmif log`.

use std::fmt::Write;
use std::path::PathBuf;

use tmif::history::{Timeline, TimelineOptions};

use super::{Status, report};

/// Show how a threat model changed over its git history: one row per commit
/// that changed the file, oldest first.
///
/// Each row gives the commit date (UTC), the commit, the counts of
/// elements, data flows, flows that cross trust boundaries and threats by status,
/// and the objects added, removed and changed since the previous row.
/// Only committed revisions are read: uncommitted changes in the work tree
/// or the index are ignored. The walk starts at HEAD and follows first
/// parents, so a merge shows as one row and the commits of a merged branch
/// are not listed. Renames are followed.
///
/// A commit whose revision is not a valid TMIF document is skipped with the
/// reason: a note line in human output, a `skipped` entry in JSON, and a
/// warning on standard error for CSV and SVG. A file that was deleted and
/// added again is listed from the commit that added it again.
///
/// Exit status: 0 when the history was read, even with skipped commits; 1
/// when no commit contains a valid document; 2 when FILE is not in a git
/// repository, is not in the commit at HEAD, or the output cannot be written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The TMIF document, in a git work tree.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Output style.
    #[arg(long, value_enum, default_value_t)]
    format: LogFormat,
    /// Write the output to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// List at most this many of the most recent commits that changed the file.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    max_count: Option<u64>,
}

/// Output styles of `tmif log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
enum LogFormat {
    /// A table for people, with a note line for each skipped commit.
    #[default]
    Human,
    /// CSV with a header line; skipped commits are reported on standard error.
    Csv,
    /// JSON for programs, as described by `schemas/log.schema.json`.
    Json,
    /// An SVG line chart of the counts over time.
    Svg,
}

pub fn run(args: Args) -> Status {
    let options = TimelineOptions {
        max_count: args
            .max_count
            .map(|count| usize::try_from(count).unwrap_or(usize::MAX)),
    };
    let output = super::output_path(args.output);
    if output.as_os_str() != "-" && tmif::output::same_target(&args.file, &output) {
        return super::fail(
            "the output path is the model file; choose another output path with -o",
        );
    }
    let timeline = match tmif::history::timeline(&args.file, &options) {
        Ok(timeline) => timeline,
        Err(error) => return super::fail(error),
    };
    if timeline.shallow {
        super::eprint_text(format_args!(
            "tmif: warning: the repository is a shallow clone, so the history of {} \
             ends at its oldest commit listed; run `git fetch --unshallow` to read all of it",
            report::escape(&timeline.path)
        ));
    }
    let text = match args.format {
        LogFormat::Human => human(&timeline),
        LogFormat::Csv => tmif::history::to_csv(&timeline),
        LogFormat::Json => tmif::history::to_json(&timeline),
        LogFormat::Svg => tmif::history::to_svg(&timeline),
    };
    if matches!(args.format, LogFormat::Csv | LogFormat::Svg) {
        for skipped in &timeline.skipped {
            super::eprint_text(format_args!(
                "tmif: warning: skipped commit {} ({}), {}: {}",
                skipped.short_commit(),
                skipped.date,
                skipped.path,
                skipped.reason
            ));
        }
    }
    if let Err(message) = super::write_output(&output, text.as_bytes()) {
        return super::fail(message);
    }
    if timeline.rows.is_empty() && !timeline.skipped.is_empty() {
        super::eprint_text(format_args!(
            "tmif: no commit of {} contains a valid TMIF document; check that the file is a \
             TMIF model, or fix the errors that `tmif validate` reports",
            report::escape(&timeline.path)
        ));
        return Status::Problems;
    }
    Status::Success
}

/// Formats a timeline as a table, with rows and skipped commits in order.
fn human(timeline: &Timeline) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}: {} commits, oldest first",
        report::escape(&timeline.path),
        timeline.rows.len() + timeline.skipped.len()
    );
    let _ = writeln!(
        text,
        "{:<20}  {:<7}  {:>8} {:>6} {:>8}  {:>6} {:>9} {:>8}  {:>5} {:>7} {:>7}  subject",
        "date (UTC)",
        "commit",
        "elements",
        "flows",
        "crossing",
        "open",
        "mitigated",
        "accepted",
        "added",
        "removed",
        "changed"
    );
    let mut rows = timeline.rows.iter().peekable();
    let mut skipped = timeline.skipped.iter().peekable();
    loop {
        let next_row = rows.peek().map(|row| row.index);
        let next_skipped = skipped.peek().map(|entry| entry.index);
        let take_row = match (next_row, next_skipped) {
            (None, None) => break,
            (Some(row), Some(skipped)) => row < skipped,
            (Some(_), None) => true,
            (None, Some(_)) => false,
        };
        if take_row {
            let Some(row) = rows.next() else { break };
            let change = |count: Option<usize>| count.map_or("-".to_owned(), |c| c.to_string());
            let _ = writeln!(
                text,
                "{:<20}  {:<7}  {:>8} {:>6} {:>8}  {:>6} {:>9} {:>8}  {:>5} {:>7} {:>7}  {}",
                row.date,
                row.short_commit(),
                row.elements,
                row.data_flows,
                row.crossing_flows,
                row.threats.open,
                row.threats.mitigated,
                row.threats.accepted,
                change(row.change.map(|c| c.added)),
                change(row.change.map(|c| c.removed)),
                change(row.change.map(|c| c.changed)),
                report::escape(&row.subject)
            );
        } else {
            let Some(entry) = skipped.next() else { break };
            let _ = writeln!(
                text,
                "note: skipped {} ({}) {}: {}",
                entry.short_commit(),
                entry.date,
                report::escape(&entry.path),
                report::escape(&entry.reason)
            );
        }
    }
    text
}
