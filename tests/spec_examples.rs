//! Checks that the specification and the example documents agree with the implementation.
//!
//! Every example document validates, and every JSON example is in canonical form.
//! Every JSON and YAML block of the specification parses, and a block introduced
//! by a `File: examples/NAME` line equals that file. The rule catalogue of
//! section 10 lists exactly the rules of the registry, and each rule's section exists.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use tmif::load::{self, Syntax};

const SPEC: &str = "spec/v1.0/tmif.md";
const FILE_PREFIX: &str = "File: ";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_text(relative: &str) -> String {
    let path = root().join(relative);
    fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
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

fn is_json(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".tmif.json")
}

/// A fenced code block of the specification.
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

fn code_blocks(markdown: &str) -> Vec<Block> {
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
    assert!(open.is_none(), "{SPEC}: a code block is not closed");
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

#[test]
fn examples_are_valid() {
    let files = example_files();
    assert!(
        files.len() >= 5,
        "expected at least five example documents, found {}",
        files.len()
    );
    assert!(
        files.iter().any(|path| !is_json(path)),
        "no YAML example document"
    );
    for path in files {
        let bytes = fs::read(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        let validation = tmif::validate(&bytes, Syntax::detect(Some(&path), &bytes));
        let errors: Vec<String> = validation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(
            errors.is_empty(),
            "{} has errors:\n{}",
            path.display(),
            errors.join("\n")
        );
        assert!(
            validation.is_valid(),
            "{} could not be read",
            path.display()
        );
    }
}

#[test]
fn json_examples_are_canonical() {
    for path in example_files().into_iter().filter(|path| is_json(path)) {
        let bytes = fs::read(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
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
    let spec = read_text(SPEC);
    let blocks: Vec<Block> = code_blocks(&spec)
        .into_iter()
        .filter(|block| block.file.is_some())
        .collect();
    assert!(
        !blocks.is_empty(),
        "{SPEC} shows no complete example document"
    );
    for block in blocks {
        let name = block.file.as_deref().unwrap_or_default();
        assert!(
            name.starts_with("examples/"),
            "{SPEC}:{}: `{name}` is not under examples/",
            block.line
        );
        let file = read_text(name);
        assert_eq!(
            block.text.trim_end_matches('\n'),
            file.trim_end_matches('\n'),
            "{SPEC}:{}: the block differs from {name}",
            block.line
        );
    }
}

#[test]
fn spec_fragments_parse() {
    let spec = read_text(SPEC);
    let blocks = code_blocks(&spec);
    let json_count = blocks
        .iter()
        .filter(|block| block.language == "json")
        .count();
    assert!(
        json_count >= 20,
        "expected many JSON blocks in {SPEC}, found {json_count}"
    );
    for block in blocks.iter().filter(|block| block.file.is_none()) {
        match block.language.as_str() {
            "json" => {
                if let Err(error) = serde_json::from_str::<serde_json::Value>(&block.text) {
                    panic!(
                        "{SPEC}:{}: the JSON block does not parse: {error}",
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
                    (Ok(_), true) => panic!("{SPEC}:{}: the alias example is accepted", block.line),
                    (Err(diagnostic), false) => {
                        panic!(
                            "{SPEC}:{}: the YAML block does not parse: {diagnostic}",
                            block.line
                        )
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn rule_catalogue_matches_registry() {
    let spec = read_text(SPEC);
    let catalogue = section(&spec, "## 10 ");
    assert!(catalogue.len() > 1, "{SPEC} has no section 10");
    let mut listed = BTreeSet::new();
    for line in catalogue.iter().filter(|line| line.starts_with("### ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(code) = words.iter().find(|word| word.starts_with("TMIF")) else {
            panic!("{SPEC}: heading `{line}` in section 10 names no rule code");
        };
        let rule = tmif::rules::by_code(code)
            .unwrap_or_else(|| panic!("{SPEC}: `{code}` is not in the registry"));
        assert_eq!(
            words.last().copied(),
            Some(rule.name),
            "{SPEC}: heading `{line}` has the wrong rule name"
        );
        assert!(listed.insert(*code), "{SPEC}: `{code}` has two headings");
    }
    let registry: BTreeSet<&str> = tmif::rules::of_version(tmif::FormatVersion::V1_0)
        .map(|rule| rule.code)
        .collect();
    let missing: Vec<&&str> = registry.difference(&listed).collect();
    assert!(missing.is_empty(), "{SPEC}: section 10 lacks {missing:?}");
}

#[test]
fn rule_sections_exist() {
    let spec = read_text(SPEC);
    let numbers = heading_numbers(&spec);
    for rule in tmif::rules::of_version(tmif::FormatVersion::V1_0) {
        assert!(
            numbers.contains(rule.section),
            "{SPEC}: rule {} points at section {}, which has no heading",
            rule.code,
            rule.section
        );
    }
}
