//! Checks of the suite itself, for its authors.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use super::case::{Case, Operation};
use super::check::{self, Outcome};
use super::suite::{self, Manifest, Suite};
use crate::diagnostic::Level;
use crate::load::Syntax;
use crate::rules;

/// One problem the lint found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The case file, relative to the suite root; `None` for problems of the
    /// suite as a whole, such as a rule without cases.
    pub file: Option<String>,
    /// The id of the case, when the problem is about one case.
    pub case: Option<String>,
    /// The problem, as a message for the author of the file.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file.as_deref().unwrap_or("suite"))?;
        if let Some(case) = &self.case {
            write!(f, ": {case}")?;
        }
        write!(f, ": {}", self.message)
    }
}

fn problem(file: &str, case: &Case, message: String) -> Problem {
    Problem {
        file: Some(file.to_owned()),
        case: Some(case.id.clone()),
        message,
    }
}

/// Checks the suite in `root` and returns every problem found.
///
/// The checks:
/// - each case file matches the case schema;
/// - case ids are unique in the suite;
/// - descriptions have no trailing period;
/// - each `section` is a heading of the specification, when
///   `../spec/vMAJOR.MINOR/tmif.md` exists beside the suite;
/// - each case's expectation is what this library does;
/// - each rule code and each expected code is in the rule registry;
/// - `valid` agrees with the levels of the expected codes;
/// - the input and the expected document of a `migrate` or `redact` case
///   are valid documents;
/// - deprecated cases give a reason, and `replacedBy` names a current case;
/// - every rule has a triggering case and a near miss.
pub fn lint(root: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let manifest: Manifest = match suite::read_json(&root.join("manifest.json"), "manifest.json") {
        Ok(manifest) => manifest,
        Err(error) => {
            return vec![Problem {
                file: Some(error.path.clone()),
                case: None,
                message: error.to_string(),
            }];
        }
    };
    let files_with_schema_errors = check_schema(root, &manifest, &mut problems);
    let suite = match Suite::load(root) {
        Ok(suite) => suite,
        Err(error) => {
            for error in error.errors {
                if !files_with_schema_errors.contains(&error.path) {
                    problems.push(Problem {
                        file: Some(error.path.clone()),
                        case: None,
                        message: error.to_string(),
                    });
                }
            }
            return problems;
        }
    };
    check_ids(&suite, &mut problems);
    check_cases(&suite, &mut problems);
    check_coverage(&suite, &mut problems);
    problems
}

/// Checks every case file against the case schema and returns the files that failed.
fn check_schema(root: &Path, manifest: &Manifest, problems: &mut Vec<Problem>) -> BTreeSet<String> {
    let mut failed = BTreeSet::new();
    let schema = match suite::read_value(&root.join(&manifest.case_schema), &manifest.case_schema) {
        Ok(schema) => schema,
        Err(error) => {
            problems.push(Problem {
                file: Some(manifest.case_schema.clone()),
                case: None,
                message: error.to_string(),
            });
            return failed;
        }
    };
    let validator = match jsonschema::draft202012::new(&schema) {
        Ok(validator) => validator,
        Err(error) => {
            problems.push(Problem {
                file: Some(manifest.case_schema.clone()),
                case: None,
                message: format!("the case schema does not compile: {error}"),
            });
            return failed;
        }
    };
    for folder in manifest.format_versions.values() {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            // Suite::load reports a folder that cannot be read.
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "json")
            })
            .collect();
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let relative = format!("{}/{name}", folder.trim_end_matches('/'));
            let Ok(value) = suite::read_value(&path, &relative) else {
                // Suite::load reports a file that is not JSON.
                continue;
            };
            for error in validator.iter_errors(&value) {
                failed.insert(relative.clone());
                let pointer = error.instance_path().as_str().to_owned();
                let pointer = if pointer.is_empty() {
                    "(root)".to_owned()
                } else {
                    pointer
                };
                problems.push(Problem {
                    file: Some(relative.clone()),
                    case: case_id_at(&value, &pointer),
                    message: format!("does not match the case schema at {pointer}: {error}"),
                });
            }
        }
    }
    failed
}

/// Finds the id of the case that contains `pointer`, such as the case at `/cases/3/input`.
fn case_id_at(value: &serde_json::Value, pointer: &str) -> Option<String> {
    let index = pointer.strip_prefix("/cases/")?.split('/').next()?;
    value
        .pointer(&format!("/cases/{index}/id"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

fn check_ids(suite: &Suite, problems: &mut Vec<Problem>) {
    let mut first: HashMap<&str, &str> = HashMap::new();
    for found in suite.cases() {
        match first.get(found.case.id.as_str()) {
            Some(earlier) => problems.push(problem(
                &found.file.path,
                found.case,
                format!(
                    "the id is already used by a case in {earlier}; ids are unique in the suite"
                ),
            )),
            None => {
                first.insert(&found.case.id, &found.file.path);
            }
        }
    }
}

fn check_cases(suite: &Suite, problems: &mut Vec<Problem>) {
    let mut sections: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for found in suite.cases() {
        let (file, case) = (&found.file.path, found.case);
        if case.description.trim_end().ends_with('.') {
            problems.push(problem(
                file,
                case,
                "the description ends with a period".to_owned(),
            ));
        }
        if case.format_version() != found.file.format_version {
            problems.push(problem(
                file,
                case,
                format!(
                    "the case has format version {} but is in the folder of version {}",
                    case.format_version(),
                    found.file.format_version
                ),
            ));
        }
        let headings = sections
            .entry(case.format_version().to_owned())
            .or_insert_with(|| spec_sections(&suite.root, case.format_version()));
        if let Some(headings) = headings {
            if !headings.contains(&case.section) {
                problems.push(problem(
                    file,
                    case,
                    format!(
                        "section {} is not a heading of the specification of version {}",
                        case.section,
                        case.format_version()
                    ),
                ));
            }
        }
        check_codes(file, case, problems);
        check_documents(file, case, problems);
        check_deprecation(suite, file, case, problems);
        match check::check(case) {
            Outcome::Passed | Outcome::Skipped(_) => {}
            Outcome::Failed(mismatch) => problems.push(problem(
                file,
                case,
                format!(
                    "the tmif library disagrees with the expectation: {}",
                    mismatch.summary
                ),
            )),
            Outcome::Error(message) => problems.push(problem(file, case, message)),
        }
    }
}

/// Checks that the codes a case names exist and that `valid` agrees with their levels.
fn check_codes(file: &str, case: &Case, problems: &mut Vec<Problem>) {
    if let Some(code) = &case.rule {
        if rules::by_code(code).is_none() {
            problems.push(problem(
                file,
                case,
                format!("`rule` names {code}, which is not in the rule registry"),
            ));
        }
    }
    if case.operation != Operation::Validate {
        return;
    }
    let mut has_error = false;
    for diagnostic in case.expect.diagnostics.iter().flatten() {
        match rules::by_code(&diagnostic.code) {
            Some(rule) => has_error |= rule.level == Level::Error,
            None => problems.push(problem(
                file,
                case,
                format!(
                    "the expected code {} is not in the rule registry",
                    diagnostic.code
                ),
            )),
        }
    }
    if let Some(valid) = case.expect.valid {
        if valid == has_error {
            let found = if has_error { "an error" } else { "no error" };
            problems.push(problem(
                file,
                case,
                format!("`valid` is {valid}, but the expected diagnostics include {found}"),
            ));
        }
    }
}

/// Checks that a `migrate` or `redact` case starts from a valid document and
/// expects a valid one, because both operations are defined for conforming
/// documents and must write conforming documents.
fn check_documents(file: &str, case: &Case, problems: &mut Vec<Problem>) {
    if !matches!(
        case.operation,
        Operation::Migrate | Operation::Redact | Operation::Split
    ) {
        return;
    }
    if let Ok(bytes) = case.input.to_bytes() {
        if let Some(codes) = error_codes(&bytes, case.input.syntax()) {
            problems.push(problem(
                file,
                case,
                format!("the input is not a valid document: it has the errors {codes}"),
            ));
        }
    }
    if let Some(document) = &case.expect.document {
        let bytes = serde_json::to_vec(document).unwrap_or_default();
        if let Some(codes) = error_codes(&bytes, Syntax::Json) {
            problems.push(problem(
                file,
                case,
                format!("the expected document is not valid: it has the errors {codes}"),
            ));
        }
    }
}

/// Validates `bytes` and returns the codes of their errors, or `None` when
/// there is no error.
fn error_codes(bytes: &[u8], syntax: Syntax) -> Option<String> {
    let validation = crate::validate(bytes, syntax);
    if validation.is_valid() {
        return None;
    }
    let codes: BTreeSet<String> = validation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| format!("{} at {}", diagnostic.code, diagnostic.pointer))
        .collect();
    Some(codes.into_iter().collect::<Vec<_>>().join(", "))
}

fn check_deprecation(suite: &Suite, file: &str, case: &Case, problems: &mut Vec<Problem>) {
    let Some(deprecated) = &case.deprecated else {
        return;
    };
    if deprecated.reason.trim().is_empty() {
        problems.push(problem(
            file,
            case,
            "the deprecated case gives no reason".to_owned(),
        ));
    }
    if let Some(replacement) = &deprecated.replaced_by {
        match suite.case(replacement) {
            None => problems.push(problem(
                file,
                case,
                format!("`replacedBy` names {replacement}, which is not a case of the suite"),
            )),
            Some(found) if found.case.deprecated.is_some() => problems.push(problem(
                file,
                case,
                format!("`replacedBy` names {replacement}, which is deprecated as well"),
            )),
            Some(_) => {}
        }
    }
}

/// Reports every rule of the registry that lacks a triggering case or a near miss.
///
/// A case counts for a rule when its `rule` member names the rule's code and
/// it is not deprecated: it triggers the rule when it expects the code, and
/// it is a near miss otherwise.
fn check_coverage(suite: &Suite, problems: &mut Vec<Problem>) {
    for rule in rules::ALL {
        let cases: Vec<&Case> = suite
            .cases()
            .map(|found| found.case)
            .filter(|case| case.deprecated.is_none() && case.rule.as_deref() == Some(rule.code))
            .collect();
        let triggers = cases
            .iter()
            .filter(|case| case.expects_code(rule.code))
            .count();
        let near_misses = cases.len() - triggers;
        let missing = match (triggers, near_misses) {
            (0, 0) => "no triggering case and no near miss",
            (0, _) => "no triggering case",
            (_, 0) => "no near miss",
            _ => continue,
        };
        problems.push(Problem {
            file: None,
            case: None,
            message: format!(
                "{} {} has {missing} (cases with \"rule\": \"{}\")",
                rule.code, rule.name, rule.code
            ),
        });
    }
}

/// Collects the section labels of the specification of `format_version`, or
/// returns `None` when the file `../spec/vMAJOR.MINOR/tmif.md` beside the suite does not exist.
///
/// A heading `### 5.1 Ids` gives `5.1`, and `## Appendix A: JSON Schema` gives `A`.
fn spec_sections(suite_root: &Path, format_version: &str) -> Option<BTreeSet<String>> {
    let path = suite_root
        .join("..")
        .join("spec")
        .join(format!("v{format_version}"))
        .join("tmif.md");
    let text = std::fs::read_to_string(path).ok()?;
    let mut sections = BTreeSet::new();
    let mut in_code_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code_block = !in_code_block;
            continue;
        }
        if in_code_block || !line.starts_with('#') {
            continue;
        }
        let mut words = line.trim_start_matches('#').split_whitespace();
        match words.next() {
            Some("Appendix") => {
                if let Some(letter) = words.next() {
                    sections.insert(letter.trim_end_matches(':').to_owned());
                }
            }
            Some(label) if label.starts_with(|c: char| c.is_ascii_digit()) => {
                sections.insert(label.trim_end_matches('.').to_owned());
            }
            _ => {}
        }
    }
    Some(sections)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::spec_sections;

    #[test]
    fn spec_sections_of_version_1_0() {
        let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance");
        let sections = spec_sections(&suite, "1.0").expect("spec/v1.0/tmif.md exists");
        for label in ["1", "5.1", "6.19.1", "10.32", "A", "C"] {
            assert!(sections.contains(label), "section {label}");
        }
        assert!(!sections.contains("42.7"), "section 42.7");
        assert!(!sections.contains("Abstract"), "unnumbered heading");
    }

    #[test]
    fn spec_sections_without_spec_file() {
        let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance");
        assert_eq!(spec_sections(&suite, "9.9"), None);
    }
}
