//! Reads a document from JSON or YAML text into the typed model.
//!
//! JSON takes the fast path: typed deserialization straight from the bytes,
//! which checks the shape as strictly as the JSON Schema without building a
//! `serde_json::Value`. Only when that fails is the text parsed again into a
//! `Value`, so that the `jsonschema` crate can list every problem. YAML is
//! always converted to a `Value` first, with the position of every node.

pub(crate) mod locate;
pub mod pointer;
mod yaml;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Level, Position};
use crate::model::{Document, StrictValue};
use crate::rules;
use crate::shape;
use crate::version::{self, FormatVersion, VersionSupport};

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

/// Parses JSON text into a value, rejecting duplicate member names at every depth.
fn read_strict_json(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde::de::DeserializeSeed::deserialize(StrictValue, &mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

fn failed<'a>(diagnostics: Vec<Diagnostic>, locator: Locator<'a>) -> Parsed<'a> {
    Parsed {
        document: None,
        version: None,
        diagnostics,
        locator,
    }
}

/// Rejects empty text and text that is not UTF-8, naming the encoding when it is recognizable.
fn check_encoding(bytes: &[u8]) -> Result<(), Diagnostic> {
    check_encoding_marks(bytes)?;
    check_utf8(bytes)
}

/// Rejects empty text and text that starts like UTF-16 or UTF-32 or with a byte-order mark.
fn check_encoding_marks(bytes: &[u8]) -> Result<(), Diagnostic> {
    let error = |message: &str| Err(Diagnostic::new(&rules::SYNTAX, "", message));
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return error("the file is empty; a TMIF document is a JSON or YAML object");
    }
    if bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00])
    {
        return error(
            "the file is UTF-32 with a byte-order mark; TMIF documents are UTF-8, \
             so convert it, for example with `iconv -f UTF-32 -t UTF-8`",
        );
    }
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        return error(
            "the file is UTF-16 with a byte-order mark; TMIF documents are UTF-8, \
             so convert it, for example with `iconv -f UTF-16 -t UTF-8`",
        );
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return error(
            "the file starts with a UTF-8 byte-order mark; remove it, \
             because TMIF documents are UTF-8 without a byte-order mark",
        );
    }
    if bytes.len() >= 2 && (bytes[0] == 0 || bytes[1] == 0) {
        return error(
            "the file holds NUL bytes at its start, as UTF-16 or UTF-32 text does; \
             TMIF documents are UTF-8, so convert it, for example with `iconv -t UTF-8`",
        );
    }
    Ok(())
}

/// Rejects bytes that are not UTF-8, with the position of the first invalid sequence.
fn check_utf8(bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Err(invalid) = std::str::from_utf8(bytes) {
        let offset = invalid.valid_up_to();
        let positions = locate::offsets_to_positions(bytes, &[offset]);
        let mut diagnostic = Diagnostic::new(
            &rules::SYNTAX,
            "",
            format!("invalid UTF-8 at byte {offset}; TMIF documents are UTF-8 text"),
        );
        diagnostic.position = positions.get(&offset).copied();
        return Err(diagnostic);
    }
    Ok(())
}

fn parse_json(bytes: &[u8]) -> Parsed<'_> {
    let result = serde_json::from_slice::<Document>(bytes);
    if result.is_err() {
        if let Err(diagnostic) = check_utf8(bytes) {
            return failed(vec![diagnostic], Locator::None);
        }
    }
    match result {
        Ok(document) => accept_typed(document, bytes),
        Err(error) if error.is_data() => {
            let hint = serde_error(bytes, &error);
            // Typed deserialization stops at its first error, which may come
            // before a duplicate member. `StrictValue` still finds the duplicate,
            // where `serde_json::Value` would keep the last of the two silently.
            match read_strict_json(bytes) {
                Ok(value) => check_value(value, Some(hint), Locator::Json(bytes)),
                Err(error) => failed(vec![serde_error(bytes, &error)], Locator::Json(bytes)),
            }
        }
        // serde_json reports a non-string value where a typed enum is
        // expected as a syntax error ("expected value"), although the text
        // is well-formed. Reading the text as plain JSON tells the two apart.
        Err(_) => match read_strict_json(bytes) {
            Ok(value) => check_value(value, None, Locator::Json(bytes)),
            Err(strict) => failed(vec![serde_error(bytes, &strict)], Locator::Json(bytes)),
        },
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

/// Accepts a document that deserialized from JSON `bytes`, once its version
/// is known to be readable.
fn accept_typed(document: Document, bytes: &[u8]) -> Parsed<'_> {
    let locator = Locator::Json(bytes);
    let mut diagnostics = Vec::new();
    let version = match version_of(&document.tmif, &mut diagnostics) {
        Some(version) => version,
        None => return failed(diagnostics, locator),
    };
    // An empty `annotations` array deserializes like an absent one, so only
    // the text shows it. Documents of 1.1 and later may have it anyway.
    let annotations = version < FormatVersion::V1_1 && json_root_has_annotations(bytes);
    accept_members(document, version, annotations, diagnostics, locator)
}

/// Returns `true` when the JSON text is an object with an `annotations`
/// member, reading only the root's member names.
///
/// The text is read only when it contains `"annotations"` or a `\u` escape,
/// which could spell the name, so most documents cost one substring search.
fn json_root_has_annotations(bytes: &[u8]) -> bool {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

    struct RootMembers;

    impl<'de> Visitor<'de> for RootMembers {
        type Value = bool;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            // serde_json fails a map that is left before its end, so every
            // member is read even after the name is found.
            let mut found = false;
            while let Some(name) = map.next_key::<String>()? {
                found |= name == "annotations";
                map.next_value::<IgnoredAny>()?;
            }
            Ok(found)
        }
    }

    // memchr's vectorized search reads 50 MB in a few milliseconds.
    let may_have = memchr::memmem::find(bytes, b"\"annotations\"").is_some()
        || memchr::memmem::find(bytes, b"\\u").is_some();
    may_have
        && serde_json::Deserializer::from_slice(bytes)
            .deserialize_map(RootMembers)
            .unwrap_or(false)
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

/// Converts a `serde_json` error into a diagnostic, with the pointer of the
/// failing value when it is a data error.
fn serde_error(bytes: &[u8], error: &serde_json::Error) -> Diagnostic {
    let message = error.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    let (rule, text) = if message.contains("recursion limit exceeded") {
        (
            &rules::NESTING_DEPTH,
            format!("arrays and objects nest more than {MAX_DEPTH} levels deep"),
        )
    } else if message.contains("number out of range") {
        let text = if error.line() > 0 {
            let end = locate::byte_offset(bytes, error.line(), error.column());
            number_around(bytes, end)
        } else {
            None
        };
        let text = match text {
            Some(number) => {
                format!("number {number} out of range; TMIF numbers must fit an IEEE 754 double")
            }
            None => "number out of range; TMIF numbers must fit an IEEE 754 double".to_owned(),
        };
        (&rules::NUMBER_RANGE, text)
    } else if message.starts_with("duplicate field") || message.starts_with("duplicate member") {
        let name = message.split('`').nth(1).unwrap_or_default().to_owned();
        (
            &rules::DUPLICATE_MEMBER,
            format!("duplicate member `{name}`; keep one of the two"),
        )
    } else if error.is_eof() {
        (
            &rules::SYNTAX,
            format!("invalid JSON: {message}; the document is truncated"),
        )
    } else if error.is_data() {
        (&rules::WRONG_TYPE, message)
    } else {
        (&rules::SYNTAX, format!("invalid JSON: {message}"))
    };
    let pointer = if rule.code == rules::DUPLICATE_MEMBER.code {
        // The typed path loses its way inside flattened extension members,
        // so the duplicate is found again in the plain JSON structure.
        let mut pointer = value_error_pointer(bytes);
        pointer::push_token(&mut pointer, duplicate_name(&text));
        pointer
    } else if rule.code == rules::NUMBER_RANGE.code {
        value_error_pointer(bytes)
    } else if error.is_data() {
        data_error_pointer(bytes)
    } else {
        String::new()
    };
    let is_duplicate = rule.code == rules::DUPLICATE_MEMBER.code;
    let is_range = rule.code == rules::NUMBER_RANGE.code;
    let mut diagnostic = Diagnostic::new(rule, pointer, text);
    if error.line() > 0 {
        let position = locate::byte_column_to_position(bytes, error.line(), error.column());
        diagnostic.position = Some(position);
        if is_duplicate {
            // serde_json stops at the closing quote of the repeated name; the
            // diagnostic points at its opening quote, as for every other member.
            let end = locate::byte_offset(bytes, error.line(), error.column());
            let start = name_start(bytes, end);
            diagnostic.position = position_at(bytes, start);
        }
        if is_range && !diagnostic.pointer.is_empty() {
            // serde_json stops at the end of the number; the diagnostic points
            // at the member name or array item, as for every other value.
            let wanted: HashSet<&str> = [diagnostic.pointer.as_str()].into_iter().collect();
            if let Some(&start) = locate::locate_offsets(bytes, &wanted).get(&diagnostic.pointer) {
                diagnostic.position = position_at(bytes, start);
            }
        }
    }
    diagnostic
}

/// The maximum number of characters of an out-of-range number that a message quotes.
const MAX_QUOTED_NUMBER: usize = 40;

/// Returns the JSON number that ends at or contains byte `offset`, where
/// serde_json stops when a number is out of range, shortened with `…` when
/// it is longer than [`MAX_QUOTED_NUMBER`].
fn number_around(bytes: &[u8], offset: usize) -> Option<String> {
    let is_number_byte = |byte: &u8| byte.is_ascii_digit() || b"+-.eE".contains(byte);
    let mut end = offset.min(bytes.len());
    while end < bytes.len() && is_number_byte(&bytes[end]) {
        end += 1;
    }
    let start = bytes[..end]
        .iter()
        .rposition(|byte| !is_number_byte(byte))
        .map_or(0, |at| at + 1);
    let number = &bytes[start..end];
    if !number.iter().any(u8::is_ascii_digit) {
        return None;
    }
    // The bytes are ASCII, so every byte is one character.
    let text = String::from_utf8_lossy(number);
    Some(if number.len() > MAX_QUOTED_NUMBER {
        format!(
            "{}… ({} characters)",
            &text[..MAX_QUOTED_NUMBER],
            number.len()
        )
    } else {
        text.into_owned()
    })
}

fn position_at(bytes: &[u8], offset: usize) -> Option<Position> {
    locate::offsets_to_positions(bytes, &[offset])
        .get(&offset)
        .copied()
}

/// Returns the offset of the opening quote of the JSON string whose closing
/// quote is at `end`, or `end` when there is no such quote.
fn name_start(bytes: &[u8], end: usize) -> usize {
    if bytes.get(end) != Some(&b'"') {
        return end;
    }
    let mut at = end;
    while at > 0 {
        at -= 1;
        if bytes[at] != b'"' {
            continue;
        }
        let backslashes = bytes[..at]
            .iter()
            .rev()
            .take_while(|byte| **byte == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return at;
        }
    }
    end
}

/// Returns the member name in a duplicate-member message, which quotes it in backticks.
fn duplicate_name(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or_default()
}

/// Deserializes again while tracking the path, to find where a data error occurred.
fn data_error_pointer(bytes: &[u8]) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, Document>(&mut deserializer) {
        Ok(_) => String::new(),
        Err(error) => path_to_pointer(error.path()),
    }
}

/// Reads the text again as a plain JSON value while tracking the path, to find
/// the object that contains a duplicate member or the member whose number is out of range.
fn value_error_pointer(bytes: &[u8]) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(&mut deserializer, &mut track);
    match serde::de::DeserializeSeed::deserialize(StrictValue, tracked) {
        Ok(_) => String::new(),
        Err(_) => path_to_pointer(&track.path()),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer::push_index(&mut pointer, *index),
            Segment::Map { key } => pointer::push_token(&mut pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}
