//! `tmif conformance`: run, lint and dump the conformance suite.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Subcommand, ValueEnum};
use tmif::conformance::{self, Suite, Target, Tool, Xfail};

use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the suite against an external validator, or against this tmif.
    Run(RunArgs),
    /// Check the suite itself: case schema, ids, expectations and rule coverage.
    Lint(LintArgs),
    /// Write every case as one JSON document, for runners in other languages.
    Dump(DumpArgs),
}

/// Report styles of `tmif conformance run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
enum RunFormat {
    /// Text for people: one line per failing case and a summary.
    #[default]
    Human,
    /// JSON for programs, in a stable form.
    Json,
    /// JUnit XML, one testcase per case, for CI systems.
    Junit,
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Shell command that validates one file, run with `sh -c`; `{file}` is
    /// replaced by the quoted path of the input file. Exit status 0 means
    /// valid, 1 invalid, anything else a tool error. Without it, the cases
    /// run against this tmif's library.
    #[arg(long, value_name = "COMMAND")]
    tool: Option<String>,
    /// The suite folder, which contains manifest.json.
    #[arg(long, value_name = "DIR", default_value = "conformance")]
    suite: PathBuf,
    /// File of cases expected to fail: one `CASE-ID  REASON` per line, `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    xfail: Option<PathBuf>,
    /// Report style.
    #[arg(long, value_enum, default_value_t)]
    format: RunFormat,
    /// Write the report to this file instead of standard output; a summary
    /// still goes to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Time limit per case for the tool, in seconds, from 1 to 86,400.
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// The suite folder, which contains manifest.json.
    #[arg(long, value_name = "DIR", default_value = "conformance")]
    suite: PathBuf,
}

#[derive(Debug, clap::Args)]
struct DumpArgs {
    /// The suite folder, which contains manifest.json.
    #[arg(long, value_name = "DIR", default_value = "conformance")]
    suite: PathBuf,
    /// Write the document to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Status {
    match args.command {
        Command::Run(args) => run_suite(args),
        Command::Lint(args) => lint(&args.suite),
        Command::Dump(args) => dump(args),
    }
}

/// Rejects an output file inside the suite folder or equal to the xfail list,
/// which the report would overwrite.
fn refuse_output_over_inputs(
    output: Option<&Path>,
    suite: &Path,
    xfail: Option<&Path>,
) -> Option<Status> {
    let output = output.filter(|path| path.as_os_str() != "-")?;
    if xfail.is_some_and(|xfail| tmif::output::same_target(output, xfail)) {
        return Some(super::fail(format_args!(
            "the output path {} is the xfail file; choose another output path",
            output.display()
        )));
    }
    let directory = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (Ok(directory), Ok(suite)) = (
        std::fs::canonicalize(directory),
        std::fs::canonicalize(suite),
    ) else {
        return None;
    };
    if directory.starts_with(&suite) {
        return Some(super::fail(format_args!(
            "the output path {} is inside the suite folder {}; write the report elsewhere",
            output.display(),
            suite.display()
        )));
    }
    None
}

fn run_suite(args: RunArgs) -> Status {
    if let Some(status) =
        refuse_output_over_inputs(args.output.as_deref(), &args.suite, args.xfail.as_deref())
    {
        return status;
    }
    let tool = match &args.tool {
        Some(template) => match Tool::new(template, Duration::from_secs(args.timeout)) {
            Ok(tool) => Some(tool),
            Err(message) => return super::fail(message),
        },
        None => None,
    };
    let suite = match load(&args.suite) {
        Ok(suite) => suite,
        Err(status) => return status,
    };
    let xfail = match &args.xfail {
        Some(path) => match read_xfail(path) {
            Ok(xfail) => Some(xfail),
            Err(status) => return status,
        },
        None => None,
    };
    let target = match &tool {
        Some(tool) => Target::Tool(tool),
        None => Target::Library,
    };
    let report = match conformance::run(&suite, target, xfail.as_ref()) {
        Ok(report) => report,
        Err(error) => return super::fail(error),
    };

    let text = match args.format {
        RunFormat::Human => report.to_human(),
        RunFormat::Json => {
            let mut text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
            text.push('\n');
            text
        }
        RunFormat::Junit => conformance::to_junit(&report),
    };
    let output = super::output_path(args.output);
    if let Err(message) = super::write_output(&output, text.as_bytes()) {
        return super::fail(message);
    }
    if output.as_os_str() != "-" {
        // The report went to a file, so the log of a CI job still gets the failures.
        super::print_line(format_args!("{}", report.to_human().trim_end()));
    }
    if report.is_success() {
        Status::Success
    } else {
        Status::Problems
    }
}

fn lint(root: &Path) -> Status {
    let problems = conformance::lint(root);
    for problem in &problems {
        super::print_line(format_args!("{problem}"));
    }
    if problems.is_empty() {
        super::print_line(format_args!("{}: no problems found", root.display()));
        Status::Success
    } else {
        super::print_line(format_args!(
            "{}: {}",
            root.display(),
            super::report::count(problems.len(), "problem")
        ));
        Status::Problems
    }
}

fn dump(args: DumpArgs) -> Status {
    if let Some(status) = refuse_output_over_inputs(args.output.as_deref(), &args.suite, None) {
        return status;
    }
    let suite = match load(&args.suite) {
        Ok(suite) => suite,
        Err(status) => return status,
    };
    let document = match conformance::dump(&suite) {
        Ok(document) => document,
        Err(message) => return super::fail(message),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    match super::write_output(&super::output_path(args.output), text.as_bytes()) {
        Ok(()) => Status::Success,
        Err(message) => super::fail(message),
    }
}

/// Loads the suite, printing each problem of a malformed suite.
fn load(root: &Path) -> Result<Suite, Status> {
    Suite::load(root).map_err(|error| {
        for problem in &error.errors {
            super::eprint_line(format_args!("tmif: error: {}: {problem}", root.display()));
        }
        super::eprint_line(format_args!(
            "tmif: error: the suite in {} cannot be loaded; `tmif conformance lint --suite {}` \
             checks it in more detail",
            root.display(),
            root.display()
        ));
        Status::Failure
    })
}

fn read_xfail(path: &Path) -> Result<Xfail, Status> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| super::fail(format_args!("cannot read {}: {error}", path.display())))?;
    Xfail::parse(&text).map_err(|errors| {
        for error in &errors {
            super::eprint_line(format_args!("tmif: error: {}: {error}", path.display()));
        }
        Status::Failure
    })
}
