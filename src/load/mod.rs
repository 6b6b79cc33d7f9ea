//! Reads a document from JSON or YAML text into the typed model.
//!
//! JSON takes the fast path: typed deserialization straight from the bytes,
//! which checks the shape as strictly as the JSON Schema without building a
//! `serde_json::Value`. Only when that fails is the text parsed again into a
//! `Value`, so that the `jsonschema` crate can list every problem. YAML is
//! always converted to a `Value` first, with the position of every node.

mod encoding;
mod json;
pub(crate) mod locate;
pub mod pointer;
mod yaml;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Level, Position};
use crate::model::Document;

use crate::rules;
use crate::shape;
use crate::version::{self, FormatVersion, VersionSupport};
use encoding::{check_encoding, check_encoding_marks};
use json::{parse_json, read_strict_json, serde_error};

/// The maximum nesting depth of arrays and objects that this implementation
/// accepts; the root container is level 1.
///
/// `serde_json` starts with a recursion budget of 128 and fails when the 128th
/// nested container uses it up, so 127 levels is the most JSON input can have.
/// YAML input is held to the same limit.
pub const MAX_DEPTH: usize = 127;

/// The text syntax of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// JSON (RFC 8259), restricted to I-JSON (RFC 7493).
    Json,
    /// YAML 1.2, restricted to what maps one-to-one onto JSON.
    Yaml,
}

impl Syntax {
    /// Returns the syntax a file extension stands for: `.json` or `.yaml` and `.yml`.
    pub fn from_path(path: &Path) -> Option<Syntax> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Syntax::Json),
            "yaml" | "yml" => Some(Syntax::Yaml),
            _ => None,
        }
    }

    /// Returns the syntax of a file, by extension when it has a known one and
    /// otherwise by content: text that starts with `{` or `[` is JSON.
    pub fn detect(path: Option<&Path>, bytes: &[u8]) -> Syntax {
        if let Some(syntax) = path.and_then(Syntax::from_path) {
            return syntax;
        }
        match bytes.iter().find(|byte| !byte.is_ascii_whitespace()) {
            Some(b'{' | b'[') => Syntax::Json,
            _ => Syntax::Yaml,
        }
    }
}

/// The result of reading a document.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// The document, when it was read without errors.
    pub document: Option<Document>,
    /// The format version the document was read as.
    pub version: Option<FormatVersion>,
    /// What reading found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    locator: Locator<'a>,
}

#[derive(Debug)]
enum Locator<'a> {
    None,
    Json(&'a [u8]),
    Yaml(HashMap<String, Position>),
}

impl Parsed<'_> {
    /// Fills in the source position of each diagnostic that has none.
    pub fn locate(&self, diagnostics: &mut [Diagnostic]) {
        match &self.locator {
            Locator::None => {}
            Locator::Yaml(positions) => {
                for diagnostic in diagnostics.iter_mut().filter(|d| d.position.is_none()) {
                    diagnostic.position =
                        nearest(&diagnostic.pointer, |p| positions.get(p).copied());
                }
            }
            Locator::Json(text) => {
                let wanted: HashSet<&str> = diagnostics
                    .iter()
                    .filter(|d| d.position.is_none())
                    .flat_map(|d| ancestors(&d.pointer))
                    .collect();
                let offsets = locate::locate_offsets(text, &wanted);
                let all: Vec<usize> = offsets.values().copied().collect();
                let positions = locate::offsets_to_positions(text, &all);
                for diagnostic in diagnostics.iter_mut().filter(|d| d.position.is_none()) {
                    diagnostic.position = nearest(&diagnostic.pointer, |p| {
                        offsets
                            .get(p)
                            .and_then(|offset| positions.get(offset))
                            .copied()
                    });
                }
            }
        }
    }

    /// Returns `true` when reading found no error.
    pub fn is_ok(&self) -> bool {
        self.document.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The pointer and each of its ancestors, the pointer first.
fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(pointer);
    std::iter::from_fn(move || {
        let current = next?;
        next = current.rfind('/').map(|at| &current[..at]);
        Some(current)
    })
}

/// The position of the pointer, or of its nearest ancestor that has one.
///
/// A missing member has no position of its own, so its diagnostic is placed
/// at the object that lacks it.
fn nearest(pointer: &str, lookup: impl Fn(&str) -> Option<Position>) -> Option<Position> {
    ancestors(pointer).find_map(lookup)
}

/// Reads a document from `bytes`.
pub fn parse(bytes: &[u8], syntax: Syntax) -> Parsed<'_> {
    // serde_json checks UTF-8 as it reads strings, and any other byte above
    // 0x7F is a syntax error, so JSON text that parses is UTF-8. The full
    // check runs up front only for YAML, and for JSON once parsing fails.
    let check = match syntax {
        Syntax::Json => check_encoding_marks(bytes),
        Syntax::Yaml => check_encoding(bytes),
    };
    if let Err(diagnostic) = check {
        return failed(vec![diagnostic], Locator::None);
    }
    match syntax {
        Syntax::Json => parse_json(bytes),
        Syntax::Yaml => parse_yaml(bytes),
    }
}

/// Reads any JSON or YAML text into a value, with the checks of [`parse`]
/// for encoding, syntax, duplicate member names, number range and nesting.
/// The error carries a source position where one is known.
pub fn read_value(bytes: &[u8], syntax: Syntax) -> Result<Value, Diagnostic> {
    check_encoding(bytes)?;
    match syntax {
        Syntax::Json => {
            read_strict_json(bytes).map_err(|error| {
                let mut diagnostic = serde_error(bytes, &error);
                // A data error's pointer comes from reading a `Document`, so it
                // does not locate an error in an arbitrary value.
                if diagnostic.code == rules::WRONG_TYPE.code {
                    diagnostic.pointer.clear();
                }
                diagnostic
            })
        }
        Syntax::Yaml => {
            let text = std::str::from_utf8(bytes).unwrap_or_default();
            yaml::parse(text).map(|document| document.value)
        }
    }
}

fn failed<'a>(diagnostics: Vec<Diagnostic>, locator: Locator<'a>) -> Parsed<'a> {
    Parsed {
        document: None,
        version: None,
        diagnostics,
        locator,
    }
}

fn parse_yaml(bytes: &[u8]) -> Parsed<'_> {
    // check_encoding has confirmed that the bytes are UTF-8.
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    match yaml::parse(text) {
        Ok(document) => check_value(document.value, None, Locator::Yaml(document.positions)),
        Err(diagnostic) => failed(vec![diagnostic], Locator::None),
    }
}

/// Accepts a document that deserialized, unless it uses members that its
/// declared version does not define.
///
/// The model types hold the members of every version, so typed
/// deserialization accepts a 1.1 member in a 1.0 document; the schema of
/// 1.0 rejects it, and so does this check. `annotations` tells whether the
/// root has an `annotations` member, which the model cannot show when the
/// array is empty.
fn accept_members(
    document: Document,
    version: FormatVersion,
    annotations: bool,
    mut diagnostics: Vec<Diagnostic>,
    locator: Locator<'_>,
) -> Parsed<'_> {
    let mut newer = crate::model::members_newer_than(&document, version);
    if annotations && version < FormatVersion::V1_1 && document.annotations.is_empty() {
        newer.push("/annotations".to_owned());
    }
    if newer.is_empty() {
        return Parsed {
            document: Some(document),
            version: Some(version),
            diagnostics,
            locator,
        };
    }
    for pointer in newer {
        let name = pointer.rsplit('/').next().unwrap_or_default().to_owned();
        diagnostics.push(Diagnostic::new(
            &rules::UNKNOWN_MEMBER,
            pointer,
            format!(
                "member `{name}` is not defined in TMIF {version}; it was added in TMIF 1.1, \
                 so declare \"tmif\": \"1.1.0\" to use it, or remove it"
            ),
        ));
    }
    Parsed {
        document: None,
        version: Some(version),
        diagnostics,
        locator,
    }
}

/// Classifies the declared version, adding a diagnostic for anything but an
/// implemented version. Returns the version to read the document as, or
/// `None` when the document cannot be read.
fn version_of(declared: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<FormatVersion> {
    match version::check(declared) {
        VersionSupport::Supported(version) => Some(version),
        VersionSupport::NewerMinor { declared, read_as } => {
            diagnostics.push(Diagnostic::new(
                &rules::VERSION_NEWER_MINOR,
                "/tmif",
                format!(
                    "the document is TMIF {declared}, newer than this implementation; \
                     it is read as TMIF {read_as} and members unknown to that version are ignored"
                ),
            ));
            Some(read_as)
        }
        VersionSupport::UnknownMajor(found) => {
            diagnostics.push(Diagnostic::new(
                &rules::VERSION_UNSUPPORTED,
                "/tmif",
                format!(
                    "TMIF {found} is not supported; this implementation reads versions {}; \
                     use a newer implementation or convert the document",
                    version::supported_list()
                ),
            ));
            None
        }
        VersionSupport::Malformed(found) => {
            diagnostics.push(Diagnostic::new(
                &rules::VERSION_MALFORMED,
                "/tmif",
                format!(
                    "`{found}` is not a format version; write MAJOR.MINOR.PATCH, such as \"{}\"",
                    suggest_version(&found)
                ),
            ));
            None
        }
    }
}

/// Suggests a full version for a malformed one: `1.0` becomes `1.0.0`.
fn suggest_version(found: &str) -> String {
    let parts: Vec<&str> = found.split('.').collect();
    let numeric = |part: &&str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if parts.len() == 2 && parts.iter().all(numeric) {
        format!("{found}.0")
    } else {
        version::CURRENT.to_string()
    }
}

/// Reads a document from its JSON value: the path for YAML and for JSON
/// that failed typed deserialization. `hint` is the error of the failed
/// typed deserialization, if any.
fn check_value(mut value: Value, hint: Option<Diagnostic>, locator: Locator<'_>) -> Parsed<'_> {
    let Value::Object(members) = &value else {
        let found = shape::json_type(&value);
        let message = format!("the document root is {found}; a TMIF document is an object");
        return failed(
            vec![Diagnostic::new(&rules::ROOT_TYPE, "", message)],
            locator,
        );
    };
    if let Some(hint) = &hint {
        if hint.code == rules::DUPLICATE_MEMBER.code {
            return failed(vec![hint.clone()], locator);
        }
    }

    let mut diagnostics = Vec::new();
    let version = match members.get("tmif") {
        Some(Value::String(declared)) => match version_of(declared, &mut diagnostics) {
            Some(version) => version,
            None => return failed(diagnostics, locator),
        },
        // The schema reports a missing or mistyped `tmif` member.
        _ => version::CURRENT,
    };
    // `"tmif": 1.0` is a common slip, so the schema's "expected string" gets
    // a suggestion of the string to write.
    let version_hint = match members.get("tmif") {
        Some(Value::Number(number)) => {
            // JSON text `1.0` is read as the integer 1, so a whole number
            // stands for MAJOR.0.
            let text = number.to_string();
            let suggestion = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                format!("{text}.0.0")
            } else {
                suggest_version(&text)
            };
            Some(format!(
                "; write the version as a string such as \"{suggestion}\""
            ))
        }
        _ => None,
    };
    let newer_minor = diagnostics
        .iter()
        .any(|d| d.code == rules::VERSION_NEWER_MINOR.code);

    loop {
        match Document::deserialize(&value) {
            Ok(document) => {
                let annotations =
                    matches!(&value, Value::Object(root) if root.contains_key("annotations"));
                return accept_members(document, version, annotations, diagnostics, locator);
            }
            Err(error) => {
                let mut problems = shape::explain(&value, version);
                if problems.is_empty() {
                    // The schema accepts what typed deserialization rejects; the
                    // agreement tests exist to keep this branch unreachable.
                    problems.push(hint.clone().unwrap_or_else(|| {
                        Diagnostic::new(&rules::WRONG_TYPE, "", error.to_string())
                    }));
                }
                let only_unknown = problems
                    .iter()
                    .all(|d| d.code == rules::UNKNOWN_MEMBER.code);
                if newer_minor && only_unknown {
                    for problem in problems {
                        remove_member(&mut value, &problem.pointer);
                        diagnostics.push(Diagnostic {
                            code: rules::MEMBER_IGNORED.code,
                            level: Level::Warning,
                            message: format!(
                                "member not defined in TMIF {version}; ignored by this implementation"
                            ),
                            ..problem
                        });
                    }
                    continue;
                }
                if let Some(version_hint) = &version_hint {
                    for problem in problems.iter_mut().filter(|d| d.pointer == "/tmif") {
                        problem.message.push_str(version_hint);
                    }
                }
                diagnostics.extend(problems);
                return Parsed {
                    document: None,
                    version: Some(version),
                    diagnostics,
                    locator,
                };
            }
        }
    }
}

/// Removes the member at `pointer` from `value`.
fn remove_member(value: &mut Value, pointer: &str) {
    let Some(split) = pointer.rfind('/') else {
        return;
    };
    let name = pointer[split + 1..].replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(members)) = value.pointer_mut(&pointer[..split]) {
        members.remove(&name);
    }
}
