//! Reads YAML 1.2 into the JSON data model, with the position of every value.
//!
//! Only the part of YAML that maps one-to-one onto JSON is accepted. Anchors,
//! aliases and tags are rejected because they make a document's meaning
//! depend on the parser; so are keys that are not strings and streams that
//! hold more than one document. Plain scalars are resolved by the YAML 1.2
//! core schema.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

use super::MAX_DEPTH;
use super::pointer::{push_index, push_token};
use crate::diagnostic::{Diagnostic, Position};
use crate::rules;

/// A YAML document converted to JSON, with the source position of each value.
pub struct YamlDocument {
    /// The document's data.
    pub value: Value,
    /// The position of each value by JSON Pointer. Object members are placed
    /// at their key, array items and the root at their value.
    pub positions: HashMap<String, Position>,
}

enum Frame {
    Sequence {
        items: Vec<Value>,
        pointer_len: usize,
    },
    Mapping {
        members: Map<String, Value>,
        pointer_len: usize,
        /// The key read and waiting for its value.
        key: Option<String>,
    },
}

/// Parses `text` as one YAML document.
pub fn parse(text: &str) -> Result<YamlDocument, Diagnostic> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut pointer = String::new();
    let mut positions = HashMap::new();
    let mut root: Option<Value> = None;
    let mut documents = 0;

    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|error| {
            let marker = error.marker();
            let position = Position {
                line: marker.line(),
                column: marker.col() + 1,
            };
            // The scanner reads flow collections ahead of the events, so its
            // own nesting limit can trip before `check_depth` counts the depth.
            if error.info().contains("recursion limit") {
                return Diagnostic::new(
                    &rules::NESTING_DEPTH,
                    "",
                    format!("sequences and mappings nest more than {MAX_DEPTH} levels deep"),
                )
                .at(position);
            }
            let message = format!("invalid YAML: {}", error.info());
            Diagnostic::new(&rules::SYNTAX, "", message).at(position)
        })?;
        let position = position_of(&span);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Diagnostic::new(
                        &rules::YAML_FEATURE,
                        "",
                        "the YAML stream holds more than one document; keep one document per file",
                    )
                    .at(position));
                }
            }
            Event::Alias(_) => {
                return Err(yaml_feature(
                    &pointer_for_next(&stack, &pointer),
                    position,
                    "a YAML alias is not allowed; write the value out in full",
                ));
            }
            Event::Scalar(text, style, anchor, tag) => {
                reject_anchor_and_tag(&stack, &pointer, position, anchor, tag.is_some())?;
                if let Some(Frame::Mapping {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    let name = scalar_key(&text, style).map_err(|message| {
                        Diagnostic::new(&rules::YAML_FEATURE, pointer.clone(), message).at(position)
                    })?;
                    push_token(&mut pointer, &name);
                    positions.insert(pointer.clone(), position);
                    *key = Some(name);
                    continue;
                }
                open_value(&mut stack, &mut pointer, &mut positions, position);
                let value = resolve_scalar(&text, style).map_err(|message| {
                    Diagnostic::new(&rules::NUMBER_RANGE, pointer.clone(), message).at(position)
                })?;
                let at = positions.get(&pointer).copied().unwrap_or(position);
                close_value(&mut stack, &mut pointer, &mut root, value, at)?;
            }
            Event::SequenceStart(anchor, tag) => {
                reject_mapping_key(&stack, &pointer, position)?;
                reject_anchor_and_tag(&stack, &pointer, position, anchor, tag.is_some())?;
                open_value(&mut stack, &mut pointer, &mut positions, position);
                check_depth(&stack, &pointer, position)?;
                stack.push(Frame::Sequence {
                    items: Vec::new(),
                    pointer_len: pointer.len(),
                });
            }
            Event::MappingStart(anchor, tag) => {
                reject_mapping_key(&stack, &pointer, position)?;
                reject_anchor_and_tag(&stack, &pointer, position, anchor, tag.is_some())?;
                open_value(&mut stack, &mut pointer, &mut positions, position);
                check_depth(&stack, &pointer, position)?;
                stack.push(Frame::Mapping {
                    members: Map::new(),
                    pointer_len: pointer.len(),
                    key: None,
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Sequence { items, pointer_len }) = stack.pop() {
                    pointer.truncate(pointer_len);
                    let at = positions.get(&pointer).copied().unwrap_or(position);
                    close_value(&mut stack, &mut pointer, &mut root, Value::Array(items), at)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Mapping {
                    members,
                    pointer_len,
                    ..
                }) = stack.pop()
                {
                    pointer.truncate(pointer_len);
                    let at = positions.get(&pointer).copied().unwrap_or(position);
                    close_value(
                        &mut stack,
                        &mut pointer,
                        &mut root,
                        Value::Object(members),
                        at,
                    )?;
                }
            }
        }
    }

    match root {
        Some(value) => Ok(YamlDocument { value, positions }),
        None => Err(Diagnostic::new(
            &rules::SYNTAX,
            "",
            "the file holds no YAML document; write a TMIF document into it",
        )),
    }
}

fn position_of(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

fn yaml_feature(pointer: &str, position: Position, message: &str) -> Diagnostic {
    Diagnostic::new(&rules::YAML_FEATURE, pointer, message).at(position)
}

/// The pointer of the value about to be read, for errors raised before it opens.
fn pointer_for_next(stack: &[Frame], pointer: &str) -> String {
    let mut next = pointer.to_owned();
    if let Some(Frame::Sequence { items, .. }) = stack.last() {
        push_index(&mut next, items.len());
    }
    next
}

fn reject_anchor_and_tag(
    stack: &[Frame],
    pointer: &str,
    position: Position,
    anchor: usize,
    tagged: bool,
) -> Result<(), Diagnostic> {
    // saphyr-parser numbers anchors from 1 and reports 0 for a node without one.
    if anchor != 0 {
        return Err(yaml_feature(
            &pointer_for_next(stack, pointer),
            position,
            "a YAML anchor is not allowed; remove the `&name` marker",
        ));
    }
    if tagged {
        return Err(yaml_feature(
            &pointer_for_next(stack, pointer),
            position,
            "a YAML tag is not allowed; remove the tag and quote the value if it must be a string",
        ));
    }
    Ok(())
}

fn reject_mapping_key(
    stack: &[Frame],
    pointer: &str,
    position: Position,
) -> Result<(), Diagnostic> {
    if let Some(Frame::Mapping { key: None, .. }) = stack.last() {
        return Err(yaml_feature(
            pointer,
            position,
            "a mapping key must be a string, not a sequence or a mapping",
        ));
    }
    Ok(())
}

fn check_depth(stack: &[Frame], pointer: &str, position: Position) -> Result<(), Diagnostic> {
    if stack.len() >= MAX_DEPTH {
        return Err(Diagnostic::new(
            &rules::NESTING_DEPTH,
            pointer,
            format!("sequences and mappings nest more than {MAX_DEPTH} levels deep"),
        )
        .at(position));
    }
    Ok(())
}

/// Records the position of an array item about to be read and extends the pointer.
fn open_value(
    stack: &mut [Frame],
    pointer: &mut String,
    positions: &mut HashMap<String, Position>,
    position: Position,
) {
    match stack.last() {
        Some(Frame::Sequence { items, .. }) => {
            push_index(pointer, items.len());
            positions.insert(pointer.clone(), position);
        }
        Some(Frame::Mapping { .. }) => {}
        None => {
            positions.insert(String::new(), position);
        }
    }
}

/// Stores a finished value into its parent and restores the parent's pointer.
///
/// `position` is where the value's member name or item starts, which a
/// duplicate-member error points at.
fn close_value(
    stack: &mut [Frame],
    pointer: &mut String,
    root: &mut Option<Value>,
    value: Value,
    position: Position,
) -> Result<(), Diagnostic> {
    match stack.last_mut() {
        None => *root = Some(value),
        Some(Frame::Sequence { items, pointer_len }) => {
            items.push(value);
            pointer.truncate(*pointer_len);
        }
        Some(Frame::Mapping {
            members,
            pointer_len,
            key,
        }) => {
            let name = key.take().unwrap_or_default();
            if members.contains_key(&name) {
                return Err(Diagnostic::new(
                    &rules::DUPLICATE_MEMBER,
                    pointer.clone(),
                    format!("duplicate member `{name}`; keep one of the two"),
                )
                .at(position));
            }
            members.insert(name, value);
            pointer.truncate(*pointer_len);
        }
    }
    Ok(())
}

/// Returns the member name a scalar key stands for.
fn scalar_key(text: &str, style: ScalarStyle) -> Result<String, String> {
    if style != ScalarStyle::Plain {
        return Ok(text.to_owned());
    }
    match resolve_plain(text) {
        Ok(Value::String(name)) => Ok(name),
        _ => Err(format!(
            "the mapping key `{text}` is not a string in YAML 1.2; quote it as \"{text}\""
        )),
    }
}

fn resolve_scalar(text: &str, style: ScalarStyle) -> Result<Value, String> {
    match style {
        ScalarStyle::Plain => resolve_plain(text),
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// Resolves a plain scalar by the tag resolution of the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF"
        | "-.inf" | "-.Inf" | "-.INF" => {
            return Err(format!(
                "`{text}` is not a finite number; TMIF numbers must fit an IEEE 754 double"
            ));
        }
        _ => {}
    }
    if let Some(digits) = text.strip_prefix("0o") {
        if !digits.is_empty() && digits.bytes().all(|b| matches!(b, b'0'..=b'7')) {
            return radix_integer(text, digits, 8);
        }
    }
    if let Some(digits) = text.strip_prefix("0x") {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return radix_integer(text, digits, 16);
        }
    }
    if is_decimal_integer(text) {
        if let Ok(value) = text.parse::<i64>() {
            return Ok(Value::Number(value.into()));
        }
        if let Ok(value) = text.parse::<u64>() {
            return Ok(Value::Number(value.into()));
        }
        return float(text);
    }
    if is_float(text) {
        return float(text);
    }
    Ok(Value::String(text.to_owned()))
}

fn radix_integer(text: &str, digits: &str, radix: u32) -> Result<Value, String> {
    u64::from_str_radix(digits, radix)
        .map(|value| Value::Number(value.into()))
        .map_err(|_| format!("the integer `{text}` does not fit in 64 bits"))
}

fn float(text: &str) -> Result<Value, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a valid number"))?;
    Number::from_f64(value).map(Value::Number).ok_or_else(|| {
        format!("the number `{text}` is out of range; TMIF numbers must fit an IEEE 754 double")
    })
}

/// Matches `[-+]?[0-9]+`.
fn is_decimal_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Matches `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            let whole_ok = whole.bytes().all(|b| b.is_ascii_digit());
            let fraction_ok = fraction.bytes().all(|b| b.is_ascii_digit());
            whole_ok && fraction_ok && !(whole.is_empty() && fraction.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(exponent) => is_decimal_integer(exponent),
    };
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(text: &str) -> Value {
        parse(text)
            .map(|document| document.value)
            .unwrap_or_else(|d| panic!("{d}"))
    }

    fn error_code(text: &str) -> &'static str {
        match parse(text) {
            Ok(_) => "ok",
            Err(diagnostic) => diagnostic.code,
        }
    }

    #[test]
    fn core_schema_scalars() {
        let parsed =
            value("a: ~\nb: True\nc: 0x1F\nd: 0o17\ne: -12\nf: 1.5e3\ng: .5\nh: 1.0.0\ni: '12'\n");
        assert_eq!(
            parsed,
            json!({"a": null, "b": true, "c": 31, "d": 15, "e": -12, "f": 1500.0, "g": 0.5, "h": "1.0.0", "i": "12"})
        );
    }

    #[test]
    fn yes_and_no_stay_strings() {
        assert_eq!(value("a: yes\nb: off\n"), json!({"a": "yes", "b": "off"}));
    }

    #[test]
    fn anchor_rejected() {
        assert_eq!(error_code("a: &x 1\nb: 2\n"), rules::YAML_FEATURE.code);
    }

    #[test]
    fn alias_rejected() {
        assert_eq!(error_code("a: &x [1]\nb: *x\n"), rules::YAML_FEATURE.code);
    }

    #[test]
    fn tag_rejected() {
        assert_eq!(error_code("a: !!str 1\n"), rules::YAML_FEATURE.code);
        assert_eq!(error_code("a: !custom {b: 1}\n"), rules::YAML_FEATURE.code);
    }

    #[test]
    fn duplicate_key_rejected() {
        assert_eq!(error_code("a: 1\na: 2\n"), rules::DUPLICATE_MEMBER.code);
    }

    #[test]
    fn duplicate_key_located_at_key() {
        let scalar = parse("a: 1\na:   2\n").err().and_then(|d| d.position);
        assert_eq!(
            scalar,
            Some(Position { line: 2, column: 1 }),
            "duplicate with a scalar value"
        );
        let mapping = parse("b:\n  c: 1\n  c:\n    d: 2\n")
            .err()
            .and_then(|d| d.position);
        assert_eq!(
            mapping,
            Some(Position { line: 3, column: 3 }),
            "duplicate with a mapping value"
        );
    }

    #[test]
    fn non_string_key_rejected() {
        assert_eq!(error_code("1: a\n"), rules::YAML_FEATURE.code);
        assert_eq!(error_code("? [a]\n: b\n"), rules::YAML_FEATURE.code);
    }

    #[test]
    fn second_document_rejected() {
        assert_eq!(error_code("a: 1\n---\nb: 2\n"), rules::YAML_FEATURE.code);
    }

    #[test]
    fn infinity_rejected() {
        assert_eq!(error_code("a: .inf\n"), rules::NUMBER_RANGE.code);
        assert_eq!(error_code("a: 1e400\n"), rules::NUMBER_RANGE.code);
    }

    #[test]
    fn deep_nesting_rejected() {
        let text = "[".repeat(100_000);
        assert_eq!(error_code(&text), rules::NESTING_DEPTH.code);
        let closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(error_code(&closed), rules::NESTING_DEPTH.code);
        let mappings = format!("{}1{}", "{a: ".repeat(100_000), "}".repeat(100_000));
        assert_eq!(error_code(&mappings), rules::NESTING_DEPTH.code);
    }

    #[test]
    fn empty_stream_rejected() {
        assert_eq!(error_code(""), rules::SYNTAX.code);
        assert_eq!(error_code("# only a comment\n"), rules::SYNTAX.code);
    }

    #[test]
    fn positions_of_members_and_items() {
        let document = parse("a:\n  - x\n  - y: 1\n").unwrap();
        assert_eq!(document.positions["/a"], Position { line: 1, column: 1 });
        assert_eq!(document.positions["/a/1"], Position { line: 3, column: 5 });
        assert_eq!(
            document.positions["/a/1/y"],
            Position { line: 3, column: 5 }
        );
    }
}
