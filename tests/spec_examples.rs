//! Checks that the specifications and the example documents agree with the implementation.
//!
//! Every example document validates with no errors and no warnings, and every
//! JSON example is in canonical form. For each published version of the
//! specification, every JSON and YAML block parses, a block introduced by a
//! `File: examples/NAME` line equals that file, the rule catalogue and the
//! summary table of section 10 list exactly the rules of that version, and
//! each rule's section exists. The 1.1 examples use members that 1.0 lacks,
//! so they are checked against 1.0 and migrated to it, and the worked example
//! of effective labels in section 12.2 of 1.1 is checked against the
//! implementation. The split example of section 12.4.5 is made again with
//! the library, and must give the public document, the overlay and the
//! redaction report that the specification shows.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use tmif::FormatVersion;
use tmif::load::{self, Syntax};

/// Every published specification, with the format version it defines.
const SPECS: [(&str, FormatVersion); 2] = [
    ("spec/v1.0/tmif.md", FormatVersion::V1_0),
    ("spec/v1.1/tmif.md", FormatVersion::V1_1),
];
const SPEC_1_1: &str = "spec/v1.1/tmif.md";
const FILE_PREFIX: &str = "File: ";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_text(relative: &str) -> String {
    let path = root().join(relative);
    fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

fn read_bytes(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Lists the example documents, sorted by name.
fn example_files() -> Vec<PathBuf> {
    let dir = root().join("examples");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default();
            name.ends_with(".tmif.json") || name.ends_with(".tmif.yaml")
        })
        .collect();
    files.sort();
    files
}

/// Returns whether a file name is that of an example document rather than of an overlay.
fn is_document_name(name: &str) -> bool {
    name.ends_with(".tmif.json") || name.ends_with(".tmif.yaml")
}

fn is_json(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".tmif.json")
}

/// Returns the format version that an example document declares.
fn declared_version(path: &Path) -> FormatVersion {
    let bytes = read_bytes(path);
    tmif::validate(&bytes, Syntax::detect(Some(path), &bytes))
        .version
        .unwrap_or_else(|| panic!("{} declares no readable version", path.display()))
}

/// Lists the example documents that declare `version`.
fn examples_of(version: FormatVersion) -> Vec<PathBuf> {
    example_files()
        .into_iter()
        .filter(|path| declared_version(path) == version)
        .collect()
}

/// A fenced code block of a specification.
struct Block {
    /// The info string after the opening fence, such as `json`.
    language: String,
    /// The file named by a `File:` line directly above the block, blank lines aside.
    file: Option<String>,
    /// The line of the opening fence, from 1.
    line: usize,
    /// The text between the fences, each line ending with a newline.
    text: String,
}

fn code_blocks(spec: &str, markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    let mut last_text_line: Option<&str> = None;
    for (index, line) in markdown.lines().enumerate() {
        match open.as_mut() {
            Some(_) if line == "```" => {
                blocks.extend(open.take());
                last_text_line = None;
            }
            Some(block) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            None if line.starts_with("```") => {
                let file = last_text_line
                    .and_then(|text| text.strip_prefix(FILE_PREFIX))
                    .map(|name| name.trim().to_owned());
                open = Some(Block {
                    language: line.trim_start_matches('`').trim().to_owned(),
                    file,
                    line: index + 1,
                    text: String::new(),
                });
            }
            None if line.trim().is_empty() => {}
            None => last_text_line = Some(line),
        }
    }
    assert!(open.is_none(), "{spec}: a code block is not closed");
    blocks
}

/// Returns the lines of `markdown` from the heading that starts with `start` up to the next heading of that level.
fn section<'a>(markdown: &'a str, start: &str) -> Vec<&'a str> {
    let level = start.split(' ').next().unwrap_or_default();
    let mut lines = markdown.lines().skip_while(|line| !line.starts_with(start));
    let mut body = Vec::new();
    if let Some(heading) = lines.next() {
        body.push(heading);
    }
    for line in lines {
        if line.starts_with(level) && line.as_bytes().get(level.len()) == Some(&b' ') {
            break;
        }
        body.push(line);
    }
    body
}

/// Collects the section numbers of every numbered heading, such as `3`, `3.1` and `6.19.2`.
fn heading_numbers(markdown: &str) -> HashSet<String> {
    markdown
        .lines()
        .filter(|line| line.starts_with('#'))
        .filter_map(|line| line.trim_start_matches('#').split_whitespace().next())
        .filter(|number| {
            number
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_owned)
        .collect()
}

/// Splits a Markdown table row into its trimmed cells, without the outer pipes.
fn table_cells(line: &str) -> Vec<&str> {
    line.trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split('|')
        .map(str::trim)
        .collect()
}

/// Formats a version as MAJOR.MINOR, the form of the Since column of section 10.
fn major_minor(version: FormatVersion) -> String {
    let (major, minor) = version.major_minor();
    format!("{major}.{minor}")
}

#[test]
fn examples_are_valid() {
    let files = example_files();
    assert!(
        files.len() >= 8,
        "expected at least eight example documents, found {}",
        files.len()
    );
    assert!(
        files.iter().any(|path| !is_json(path)),
        "no YAML example document"
    );
    for path in files {
        let bytes = read_bytes(&path);
        let validation = tmif::validate(&bytes, Syntax::detect(Some(&path), &bytes));
        let diagnostics: Vec<String> = validation
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            validation.error_count() == 0,
            "{} has errors:\n{}",
            path.display(),
            diagnostics.join("\n")
        );
        assert!(
            validation.warning_count() == 0,
            "{} has warnings:\n{}",
            path.display(),
            diagnostics.join("\n")
        );
        assert!(
            validation.is_valid(),
            "{} could not be read",
            path.display()
        );
    }
}

#[test]
fn examples_cover_each_version() {
    for (spec, version) in SPECS {
        let examples = examples_of(version);
        assert!(
            examples.len() >= 2,
            "{spec}: expected at least two examples that declare {version}, found {}",
            examples.len()
        );
        assert!(
            examples.iter().any(|path| !is_json(path)),
            "{spec}: no YAML example declares {version}"
        );
    }
}

#[test]
fn json_examples_are_canonical() {
    for path in example_files().into_iter().filter(|path| is_json(path)) {
        let bytes = read_bytes(&path);
        let document = tmif::validate(&bytes, Syntax::Json)
            .document
            .unwrap_or_else(|| panic!("{} cannot be read", path.display()));
        let canonical = tmif::canonical::to_string(&document);
        assert!(
            canonical.as_bytes() == bytes.as_slice(),
            "{} is not in canonical form; run `tmif fmt` on it",
            path.display()
        );
    }
}

#[test]
fn spec_file_blocks_match_examples() {
    for (spec, version) in SPECS {
        let markdown = read_text(spec);
        let blocks: Vec<Block> = code_blocks(spec, &markdown)
            .into_iter()
            .filter(|block| block.file.is_some())
            .collect();
        assert!(
            !blocks.is_empty(),
            "{spec} shows no complete example document"
        );
        for block in blocks {
            let name = block.file.as_deref().unwrap_or_default();
            assert!(
                name.starts_with("examples/"),
                "{spec}:{}: `{name}` is not under examples/",
                block.line
            );
            let file = read_text(name);
            assert_eq!(
                block.text.trim_end_matches('\n'),
                file.trim_end_matches('\n'),
                "{spec}:{}: the block differs from {name}",
                block.line
            );
            // An overlay is not a document and declares no format version.
            if !is_document_name(name) {
                continue;
            }
            assert_eq!(
                declared_version(&root().join(name)),
                version,
                "{spec}:{}: {name} declares another version than the specification",
                block.line
            );
        }
    }
}

#[test]
fn spec_fragments_parse() {
    for (spec, _) in SPECS {
        let markdown = read_text(spec);
        let blocks = code_blocks(spec, &markdown);
        let json_count = blocks
            .iter()
            .filter(|block| block.language == "json")
            .count();
        assert!(
            json_count >= 20,
            "expected many JSON blocks in {spec}, found {json_count}"
        );
        for block in blocks.iter().filter(|block| block.file.is_none()) {
            match block.language.as_str() {
                "json" => {
                    if let Err(error) = serde_json::from_str::<serde_json::Value>(&block.text) {
                        panic!(
                            "{spec}:{}: the JSON block does not parse: {error}",
                            block.line
                        );
                    }
                }
                "yaml" => {
                    // The example of rule TMIF1005 is invalid on purpose: it shows an alias.
                    let result = load::read_value(block.text.as_bytes(), Syntax::Yaml);
                    let is_feature_example = block.text.contains("*owners");
                    match (result, is_feature_example) {
                        (Ok(_), false) => {}
                        (Err(diagnostic), true) => assert_eq!(diagnostic.code, "TMIF1005"),
                        (Ok(_), true) => {
                            panic!("{spec}:{}: the alias example is accepted", block.line)
                        }
                        (Err(diagnostic), false) => {
                            panic!(
                                "{spec}:{}: the YAML block does not parse: {diagnostic}",
                                block.line
                            )
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn rule_catalogue_matches_registry() {
    for (spec, version) in SPECS {
        let markdown = read_text(spec);
        let catalogue = section(&markdown, "## 10 ");
        assert!(catalogue.len() > 1, "{spec} has no section 10");
        let mut listed = BTreeSet::new();
        for line in catalogue.iter().filter(|line| line.starts_with("### ")) {
            let words: Vec<&str> = line.split_whitespace().collect();
            let Some(code) = words.iter().find(|word| word.starts_with("TMIF")) else {
                panic!("{spec}: heading `{line}` in section 10 names no rule code");
            };
            let rule = tmif::rules::by_code(code)
                .unwrap_or_else(|| panic!("{spec}: `{code}` is not in the registry"));
            assert_eq!(
                words.last().copied(),
                Some(rule.name),
                "{spec}: heading `{line}` has the wrong rule name"
            );
            assert!(
                rule.since <= version,
                "{spec}: `{code}` was added in {}, after this version",
                rule.since
            );
            assert!(listed.insert(*code), "{spec}: `{code}` has two headings");
        }
        let registry: BTreeSet<&str> = tmif::rules::of_version(version)
            .map(|rule| rule.code)
            .collect();
        let missing: Vec<&&str> = registry.difference(&listed).collect();
        assert!(missing.is_empty(), "{spec}: section 10 lacks {missing:?}");
    }
}

/// Checks that each row of the summary table of section 10 gives the rule's
/// code, name, level and section, and from 1.1 on the version that added it.
#[test]
fn rule_table_matches_registry() {
    for (spec, version) in SPECS {
        let markdown = read_text(spec);
        let catalogue = section(&markdown, "## 10 ");
        let mut listed = BTreeSet::new();
        for line in catalogue.iter().filter(|line| line.starts_with("| TMIF")) {
            let cells = table_cells(line);
            let code = cells[0];
            let rule = tmif::rules::by_code(code)
                .unwrap_or_else(|| panic!("{spec}: table row `{code}` is not in the registry"));
            assert_eq!(cells[1], rule.name, "{spec}: the name of {code}");
            assert_eq!(
                cells[2],
                rule.level.to_string(),
                "{spec}: the level of {code}"
            );
            assert_eq!(cells[3], rule.section, "{spec}: the section of {code}");
            if version >= FormatVersion::V1_1 {
                assert_eq!(
                    cells.get(4).copied(),
                    Some(major_minor(rule.since).as_str()),
                    "{spec}: the Since column of {code}"
                );
            }
            assert!(listed.insert(code), "{spec}: `{code}` has two table rows");
        }
        let registry: BTreeSet<&str> = tmif::rules::of_version(version)
            .map(|rule| rule.code)
            .collect();
        assert_eq!(
            listed, registry,
            "{spec}: the table of section 10 lists other rules than the registry"
        );
    }
}

#[test]
fn rule_sections_exist() {
    for (spec, version) in SPECS {
        let numbers = heading_numbers(&read_text(spec));
        for rule in tmif::rules::of_version(version) {
            assert!(
                numbers.contains(rule.section),
                "{spec}: rule {} points at section {}, which has no heading",
                rule.code,
                rule.section
            );
        }
    }
}

/// Checks that Appendix B of each specification names every example of its version or an older one.
#[test]
fn appendix_lists_examples() {
    for (spec, version) in SPECS {
        let markdown = read_text(spec);
        let appendix = section(&markdown, "## Appendix B").join("\n");
        for path in example_files() {
            if declared_version(&path) > version {
                continue;
            }
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default();
            assert!(
                appendix.contains(&format!("`examples/{name}`")),
                "{spec}: Appendix B does not list examples/{name}"
            );
        }
    }
}

/// Rewrites the declared version of a 1.1 example to 1.0.0, in JSON or YAML.
fn declare_1_0(path: &Path, text: &str) -> String {
    let (from, to) = if is_json(path) {
        ("\"tmif\": \"1.1.0\"", "\"tmif\": \"1.0.0\"")
    } else {
        ("\ntmif: 1.1.0\n", "\ntmif: 1.0.0\n")
    };
    assert_eq!(
        text.matches(from).count(),
        1,
        "{}: expected one `{}` to rewrite",
        path.display(),
        from.trim()
    );
    text.replacen(from, to, 1)
}

/// Checks that a 1.1 example declared as 1.0.0 draws TMIF1020 at each 1.1 member and no other error.
#[test]
fn v1_1_examples_fail_as_v1_0() {
    for path in examples_of(FormatVersion::V1_1) {
        let bytes = read_bytes(&path);
        let syntax = Syntax::detect(Some(&path), &bytes);
        let document = tmif::validate(&bytes, syntax)
            .document
            .unwrap_or_else(|| panic!("{} cannot be read", path.display()));
        let expected: BTreeSet<String> =
            tmif::model::members_newer_than(&document, FormatVersion::V1_0)
                .into_iter()
                .collect();
        assert!(
            !expected.is_empty(),
            "{} uses no member that 1.1 added",
            path.display()
        );

        let text = String::from_utf8(bytes).expect("examples are UTF-8");
        let as_1_0 = declare_1_0(&path, &text);
        let validation = tmif::validate(as_1_0.as_bytes(), syntax);
        assert_eq!(
            validation.version,
            Some(FormatVersion::V1_0),
            "{} is not read as 1.0 once it declares 1.0.0",
            path.display()
        );
        let errors: Vec<_> = validation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        for error in &errors {
            assert_eq!(
                error.code,
                "TMIF1020",
                "{} as 1.0: unexpected error {error}",
                path.display()
            );
        }
        let reported: BTreeSet<String> = errors.iter().map(|d| d.pointer.clone()).collect();
        assert_eq!(
            reported,
            expected,
            "{} as 1.0: TMIF1020 is not reported at exactly the members that 1.1 added",
            path.display()
        );
    }
}

/// Checks that a downgrade of a 1.1 example reports each 1.1 member and yields a valid 1.0 document.
#[test]
fn v1_1_examples_migrate_down() {
    for path in examples_of(FormatVersion::V1_1) {
        let bytes = read_bytes(&path);
        let document = tmif::validate(&bytes, Syntax::detect(Some(&path), &bytes))
            .document
            .unwrap_or_else(|| panic!("{} cannot be read", path.display()));
        let added = tmif::model::members_newer_than(&document, FormatVersion::V1_0);
        let migration = tmif::migrate::migrate(document, FormatVersion::V1_0)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let dropped: Vec<String> = migration
            .losses
            .entries
            .iter()
            .map(|loss| loss.pointer.clone())
            .collect();
        assert_eq!(
            dropped,
            added,
            "{}: the loss report does not list each member that 1.1 added",
            path.display()
        );

        let text = tmif::canonical::to_string(&migration.document);
        let validation = tmif::validate(text.as_bytes(), Syntax::Json);
        let diagnostics: Vec<String> = validation
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            validation.version,
            Some(FormatVersion::V1_0),
            "{}: the migrated document does not declare 1.0",
            path.display()
        );
        assert!(
            validation.error_count() == 0,
            "{}: the migrated document has errors:\n{}",
            path.display(),
            diagnostics.join("\n")
        );
        assert!(
            validation.is_valid(),
            "{}: the migrated document cannot be read",
            path.display()
        );
    }
}

/// Checks the worked example of section 12.2 of 1.1 against the implementation.
///
/// The labels table lists every object with the effective label that the
/// implementation computes. Each row whose own label is less strict than its
/// effective label stands for one TMIF2009 warning, and no other diagnostic occurs.
#[test]
fn worked_example_labels_match() {
    let markdown = read_text(SPEC_1_1);
    let body = section(&markdown, "### 12.2 ").join("\n");
    let block = code_blocks(SPEC_1_1, &body)
        .into_iter()
        .find(|block| block.language == "json")
        .unwrap_or_else(|| panic!("{SPEC_1_1}: section 12.2 has no JSON example"));
    let validation = tmif::validate(block.text.as_bytes(), Syntax::Json);
    let document = validation
        .document
        .unwrap_or_else(|| panic!("{SPEC_1_1}: the example of section 12.2 cannot be read"));
    let labels = tmif::classification::effective_labels(&document);

    let mut table: BTreeMap<String, (String, String)> = BTreeMap::new();
    for line in body.lines().filter(|line| line.starts_with("| `")) {
        let cells = table_cells(line);
        let id = cells[0].trim_matches('`').to_owned();
        let own = cells[1].trim_matches('`').to_owned();
        let effective = cells[2].trim_matches('`').to_owned();
        assert!(
            table.insert(id.clone(), (own, effective)).is_none(),
            "{SPEC_1_1}: `{id}` has two rows in section 12.2"
        );
    }
    let computed: BTreeMap<String, String> = labels
        .iter()
        .map(|(id, label)| (id.to_owned(), label.as_str().to_owned()))
        .collect();
    let listed: BTreeMap<String, String> = table
        .iter()
        .map(|(id, (_, effective))| (id.clone(), effective.clone()))
        .collect();
    assert_eq!(
        listed, computed,
        "{SPEC_1_1}: the labels table of section 12.2 differs from the implementation"
    );

    let ineffective = table
        .values()
        .filter(|(own, effective)| own != "none" && own != effective)
        .count();
    let warnings: Vec<_> = validation
        .diagnostics
        .iter()
        .filter(|d| d.code == "TMIF2009")
        .collect();
    assert_eq!(
        warnings.len(),
        ineffective,
        "{SPEC_1_1}: the example of section 12.2 draws another number of TMIF2009 warnings"
    );
    let others: Vec<String> = validation
        .diagnostics
        .iter()
        .filter(|d| d.code != "TMIF2009")
        .map(ToString::to_string)
        .collect();
    assert!(
        others.is_empty(),
        "{SPEC_1_1}: the example of section 12.2 draws other diagnostics:\n{}",
        others.join("\n")
    );
}

const SPLIT_SOURCE: &str = "examples/sensor-gateway-1.1.tmif.json";
const SPLIT_PUBLIC: &str = "examples/sensor-gateway-public.tmif.json";
const SPLIT_OVERLAY: &str = "examples/sensor-gateway.overlay.json";

/// Splits the source of the example of section 12.4.5 as the specification's command line does.
fn split_example() -> tmif::overlay::Split {
    let bytes = read_bytes(&root().join(SPLIT_SOURCE));
    let document = tmif::validate(&bytes, Syntax::Json)
        .document
        .unwrap_or_else(|| panic!("{SPLIT_SOURCE} cannot be read"));
    let options = tmif::redact::RedactOptions {
        max: tmif::model::Tlp::Green,
        placeholders: true,
    };
    tmif::overlay::split(&document, options)
        .unwrap_or_else(|error| panic!("{SPLIT_SOURCE} cannot be split: {error}"))
}

/// Checks that the split example files are what a split at GREEN with placeholders writes.
#[test]
fn split_example_matches_files() {
    let split = split_example();
    assert_eq!(
        tmif::canonical::to_string(&split.redaction.document),
        read_text(SPLIT_PUBLIC),
        "{SPLIT_PUBLIC} is not the public document of the split"
    );
    assert_eq!(
        tmif::overlay::overlay_to_string(&split.overlay),
        read_text(SPLIT_OVERLAY),
        "{SPLIT_OVERLAY} is not the overlay of the split"
    );
    assert!(
        split.redaction.leaks.is_empty(),
        "the split example reports possible leaks"
    );
    let public = tmif::validate(read_text(SPLIT_PUBLIC).as_bytes(), Syntax::Json)
        .document
        .unwrap_or_else(|| panic!("{SPLIT_PUBLIC} cannot be read"));
    assert_eq!(
        split.overlay.public_digest,
        tmif::overlay::digest(&public),
        "the digest of {SPLIT_OVERLAY} is not that of {SPLIT_PUBLIC}"
    );
}

/// Checks that merging the example's public document and overlay gives the source file back.
#[test]
fn split_example_merges_back() {
    let public = tmif::validate(read_text(SPLIT_PUBLIC).as_bytes(), Syntax::Json)
        .document
        .unwrap_or_else(|| panic!("{SPLIT_PUBLIC} cannot be read"));
    let overlay = tmif::overlay::read_overlay(read_text(SPLIT_OVERLAY).as_bytes())
        .unwrap_or_else(|error| panic!("{SPLIT_OVERLAY} cannot be read: {error}"));
    let merged = tmif::overlay::merge(&public, &overlay)
        .unwrap_or_else(|error| panic!("the split example does not merge: {error}"));
    assert_eq!(
        tmif::canonical::to_string(&merged),
        read_text(SPLIT_SOURCE),
        "merging the split example does not give {SPLIT_SOURCE}"
    );
}

/// Checks the report example of section 12.3.3 against the report of the split example.
///
/// The lines are built in the form of the `tmif split` report, so that a
/// change of the report's content shows here.
#[test]
fn split_example_report_matches() {
    let markdown = read_text(SPEC_1_1);
    let body = section(&markdown, "#### 12.3.3 ").join("\n");
    let block = code_blocks(SPEC_1_1, &body)
        .into_iter()
        .find(|block| block.language == "text")
        .unwrap_or_else(|| panic!("{SPEC_1_1}: section 12.3.3 has no report example"));
    let report = split_example().redaction.report;
    let mut expected = String::new();
    for removed in &report.removed {
        expected.push_str(&format!(
            "{SPLIT_SOURCE}: removed {} `{}` ({})\n",
            removed.kind, removed.id, removed.label
        ));
    }
    for replaced in &report.replaced {
        expected.push_str(&format!(
            "{SPLIT_SOURCE}: replaced {} `{}` ({}) by placeholder `{}`\n",
            replaced.kind, replaced.id, replaced.label, replaced.placeholder
        ));
    }
    assert_eq!(
        block.text, expected,
        "{SPEC_1_1}: the report example of section 12.3.3 differs from the split example's report"
    );
}
