//! The JSON path of the reader: typed deserialization straight from the
//! bytes, and the diagnostics made from `serde_json` errors.

use std::collections::HashSet;

use serde_json::Value;

use super::encoding::check_utf8;
use super::{
    Locator, MAX_DEPTH, Parsed, accept_members, check_value, failed, locate, pointer, version_of,
};
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{Document, StrictValue};
use crate::rules;
use crate::version::FormatVersion;

/// Parses JSON text into a value, rejecting duplicate member names at every depth.
pub(super) fn read_strict_json(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde::de::DeserializeSeed::deserialize(StrictValue, &mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

pub(super) fn parse_json(bytes: &[u8]) -> Parsed<'_> {
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

/// Converts a `serde_json` error into a diagnostic, with the pointer of the
/// failing value when it is a data error.
pub(super) fn serde_error(bytes: &[u8], error: &serde_json::Error) -> Diagnostic {
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
