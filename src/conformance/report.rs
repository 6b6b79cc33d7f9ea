//! Running the whole suite and reporting the results as text or JSON.

use std::fmt;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};

use super::case::Operation;
use super::check::{self, Outcome};
use super::runner::Tool;
use super::suite::Suite;
use super::xfail::Xfail;

/// The implementation that the cases run against.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// This library.
    Library,
    /// An external validator; cases of operations other than `validate` are skipped.
    Tool(&'a Tool),
}

/// The status of one case after a run, with the xfail list applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The result matches the expectation.
    Passed,
    /// The result differs from the expectation.
    Failed,
    /// The case could not be run, or the tool failed without a verdict.
    Error,
    /// The case was not run.
    Skipped,
    /// The case failed and is on the xfail list.
    ExpectedFailure,
    /// The case passed but is on the xfail list, which is out of date.
    UnexpectedPass,
}

impl Status {
    /// The status as the JSON report spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
            Status::Skipped => "skipped",
            Status::ExpectedFailure => "expected-failure",
            Status::UnexpectedPass => "unexpected-pass",
        }
    }

    /// Returns `true` for the statuses that make a run fail.
    pub fn fails_run(self) -> bool {
        matches!(
            self,
            Status::Failed | Status::Error | Status::UnexpectedPass
        )
    }
}

/// The message of a case on the xfail list that passed.
pub const UNEXPECTED_PASS: &str = "unexpectedly passing; remove it from the xfail list";

/// The result of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// The case id.
    pub id: String,
    /// The case file, relative to the suite root.
    pub file: String,
    /// The description of the case.
    pub description: String,
    /// The operation of the case.
    pub operation: Operation,
    /// The status.
    pub status: Status,
    /// The reason the case failed, errored or was skipped, in one line.
    pub message: Option<String>,
    /// The expected result, for a failed case.
    pub expected: Option<String>,
    /// The actual result, for a failed case.
    pub actual: Option<String>,
    /// The reason from the xfail list, for a listed case.
    pub xfail_reason: Option<String>,
    /// How long the case took to run.
    pub duration: Duration,
}

/// The results of a run.
#[derive(Debug, Clone)]
pub struct Report {
    /// The suite name from the manifest.
    pub suite_name: String,
    /// The suite version from the manifest.
    pub suite_version: String,
    /// The tool command template, or `None` for a run against this library.
    pub tool: Option<String>,
    /// One result per case, in suite order.
    pub results: Vec<CaseResult>,
}

/// The number of cases with each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// Every case of the suite, deprecated ones included.
    pub cases: usize,
    /// Cases whose result matched.
    pub passed: usize,
    /// Cases whose result differed.
    pub failed: usize,
    /// Cases that could not be run or where the tool failed.
    pub errors: usize,
    /// Cases not run.
    pub skipped: usize,
    /// Listed cases that failed.
    pub expected_failures: usize,
    /// Listed cases that passed.
    pub unexpected_passes: usize,
}

/// An error that stops a run before any case runs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The xfail list names cases that are not in the suite.
    #[error("the xfail list names cases that are not in the suite: {}", .0.join(", "))]
    UnknownXfailIds(Vec<String>),
    /// The folder for the input files could not be created.
    #[error("cannot create a temporary folder for the input files: {0}")]
    TempFolder(String),
}

/// Runs every case of `suite` against `target`, applying the xfail list.
///
/// Every id on the xfail list must name a case of the suite. Input files
/// for a tool are written to a temporary folder that is removed afterwards.
pub fn run(suite: &Suite, target: Target<'_>, xfail: Option<&Xfail>) -> Result<Report, RunError> {
    let empty = Xfail::default();
    let xfail = xfail.unwrap_or(&empty);
    let unknown: Vec<String> = xfail
        .reasons
        .keys()
        .filter(|id| suite.case(id).is_none())
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(RunError::UnknownXfailIds(unknown));
    }
    let folder = tempfile::Builder::new()
        .prefix("tmif-conformance-")
        .tempdir()
        .map_err(|error| RunError::TempFolder(error.to_string()))?;

    let mut results = Vec::new();
    for found in suite.cases() {
        let started = Instant::now();
        let outcome = match target {
            Target::Library => check::check(found.case),
            Target::Tool(tool) => tool.run(found.case, folder.path()),
        };
        let duration = started.elapsed();
        let xfail_reason = xfail.reason(&found.case.id).map(str::to_owned);
        let mut result = CaseResult {
            id: found.case.id.clone(),
            file: found.file.path.clone(),
            description: found.case.description.clone(),
            operation: found.case.operation,
            status: Status::Passed,
            message: None,
            expected: None,
            actual: None,
            xfail_reason: xfail_reason.clone(),
            duration,
        };
        let listed = xfail_reason.is_some();
        match outcome {
            Outcome::Passed if listed => {
                result.status = Status::UnexpectedPass;
                result.message = Some(UNEXPECTED_PASS.to_owned());
            }
            Outcome::Passed => {}
            Outcome::Failed(mismatch) => {
                result.status = if listed {
                    Status::ExpectedFailure
                } else {
                    Status::Failed
                };
                result.message = Some(mismatch.summary);
                result.expected = Some(mismatch.expected);
                result.actual = Some(mismatch.actual);
            }
            Outcome::Error(message) => {
                result.status = if listed {
                    Status::ExpectedFailure
                } else {
                    Status::Error
                };
                result.message = Some(message);
            }
            Outcome::Skipped(reason) => {
                result.status = Status::Skipped;
                result.message = Some(reason);
            }
        }
        results.push(result);
    }
    Ok(Report {
        suite_name: suite.manifest.name.clone(),
        suite_version: suite.manifest.version.clone(),
        tool: match target {
            Target::Library => None,
            Target::Tool(tool) => Some(tool.template().to_owned()),
        },
        results,
    })
}

impl Report {
    /// Counts the cases by status.
    pub fn totals(&self) -> Totals {
        let mut totals = Totals {
            cases: self.results.len(),
            ..Totals::default()
        };
        for result in &self.results {
            let count = match result.status {
                Status::Passed => &mut totals.passed,
                Status::Failed => &mut totals.failed,
                Status::Error => &mut totals.errors,
                Status::Skipped => &mut totals.skipped,
                Status::ExpectedFailure => &mut totals.expected_failures,
                Status::UnexpectedPass => &mut totals.unexpected_passes,
            };
            *count += 1;
        }
        totals
    }

    /// Returns `true` when no case failed, errored or passed unexpectedly.
    pub fn is_success(&self) -> bool {
        !self.results.iter().any(|result| result.status.fails_run())
    }

    /// What the run checked, such as `the tmif library` or the tool template in backticks.
    pub fn implementation(&self) -> String {
        match &self.tool {
            Some(template) => format!("`{template}`"),
            None => "the tmif library".to_owned(),
        }
    }

    /// Renders the report for people: one line per case that makes the run
    /// fail, then a summary line.
    pub fn to_human(&self) -> String {
        let mut text = String::new();
        for result in self.results.iter().filter(|r| r.status.fails_run()) {
            text.push_str(&human_line(result));
            text.push('\n');
        }
        let totals = self.totals();
        let verdict = if self.is_success() {
            "passed"
        } else {
            "failed"
        };
        text.push_str(&format!(
            "{} {} against {}: {verdict}: {} cases, {} passed, {} failed, {} errors, \
             {} expected failures, {} unexpected passes, {} skipped\n",
            self.suite_name,
            self.suite_version,
            self.implementation(),
            totals.cases,
            totals.passed,
            totals.failed,
            totals.errors,
            totals.expected_failures,
            totals.unexpected_passes,
            totals.skipped,
        ));
        text
    }

    /// Renders the report in its stable JSON form.
    ///
    /// `implementation` is `{"library": "tmif"}` or `{"tool": TEMPLATE}`;
    /// each case has `id`, `file`, `description`, `operation` and `status`,
    /// and `message`, `expected`, `actual` and `xfailReason` where they apply.
    /// Durations are left out so that two runs give the same text.
    pub fn to_json(&self) -> Value {
        let cases: Vec<Value> = self
            .results
            .iter()
            .map(|result| {
                let mut case = json!({
                    "id": result.id,
                    "file": result.file,
                    "description": result.description,
                    "operation": result.operation.as_str(),
                    "status": result.status.as_str(),
                });
                let optional = [
                    ("message", &result.message),
                    ("expected", &result.expected),
                    ("actual", &result.actual),
                    ("xfailReason", &result.xfail_reason),
                ];
                for (name, value) in optional {
                    if let Some(value) = value {
                        case[name] = Value::String(value.clone());
                    }
                }
                case
            })
            .collect();
        json!({
            "suite": {"name": self.suite_name, "version": self.suite_version},
            "implementation": match &self.tool {
                Some(template) => json!({"tool": template}),
                None => json!({"library": "tmif"}),
            },
            "success": self.is_success(),
            "totals": self.totals(),
            "cases": cases,
        })
    }
}

/// One line about a case that makes the run fail.
fn human_line(result: &CaseResult) -> String {
    let label = match result.status {
        Status::Failed => "FAIL",
        Status::Error => "ERROR",
        Status::UnexpectedPass => "XPASS",
        Status::Passed | Status::Skipped | Status::ExpectedFailure => "OK",
    };
    let mut line = format!(
        "{label} {} ({}): {}",
        result.id, result.file, result.description
    );
    if let Some(message) = &result.message {
        line.push_str(": ");
        line.push_str(message);
    }
    // Short single-line results are shown in full; long texts, such as
    // canonical forms, are already summed up by the message.
    if let (Some(expected), Some(actual)) = (&result.expected, &result.actual) {
        let short = |text: &str| !text.contains('\n') && text.len() <= 200;
        if short(expected) && short(actual) {
            line.push_str(&format!(" (expected {expected}; found {actual})"));
        }
    }
    line
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
