//! The canonical form: the one serialization that `tmif fmt` writes.
//!
//! Members appear in the order of the fields tables of the specification,
//! followed by extension members sorted by name; members with no value and
//! empty arrays are left out; indentation is two spaces; the text ends with
//! one newline. Numbers are written as ECMAScript's Number-to-String writes
//! them, the form RFC 8785 also uses: the shortest digits that read back to
//! the same double, as an integer or a decimal fraction when the decimal
//! exponent is from -7 to 20, otherwise as `d.ddde±x`. So `100.0` becomes
//! `100`, `-0.0` becomes `0`, `1e21` becomes `1e+21` and `1e-7` stays `1e-7`.
//! The form does not depend on the version of `serde_json`, whose own float
//! output has changed between releases. Serializing, reading and serializing
//! again gives the same bytes.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::model::Document;

/// Serializes `document` in canonical form.
pub fn to_string(document: &Document) -> String {
    let mut bytes = Vec::new();
    write(document, &mut bytes).expect("serializing a Document into memory cannot fail");
    // serde_json writes only UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes `document` in canonical form to `writer`.
pub fn write<W: io::Write>(document: &Document, writer: &mut W) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *writer, CanonicalFormatter::new());
    document
        .serialize(&mut serializer)
        .map_err(io::Error::other)?;
    writer.write_all(b"\n")
}

/// Returns `true` when `bytes` are exactly the canonical form of `document`.
pub fn is_canonical(document: &Document, bytes: &[u8]) -> bool {
    to_string(document).as_bytes() == bytes
}

/// Pretty-printing with two spaces, and whole numbers written as integers.
struct CanonicalFormatter {
    pretty: PrettyFormatter<'static>,
}

impl CanonicalFormatter {
    fn new() -> Self {
        CanonicalFormatter {
            pretty: PrettyFormatter::with_indent(b"  "),
        }
    }
}

impl Formatter for CanonicalFormatter {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(ecmascript_number(value).as_bytes())
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(writer)
    }
}

/// Formats a finite double as ECMAScript's Number-to-String does.
///
/// Rust's `{:e}` writes the shortest digits that read back to the same
/// double; only their placement is decided here. JSON has no non-finite
/// numbers, so `value` is finite.
fn ecmascript_number(value: f64) -> String {
    if value == 0.0 {
        // Both zeros, because -0.0 is written as 0.
        return "0".to_owned();
    }
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let count = digits.len() as i32;
    // The decimal point sits after `point` digits: value = 0.digits × 10^point.
    let point = exponent + 1;
    let body = if count <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - count) as usize))
    } else if 0 < point && point <= 21 {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{first}{fraction}e{sign}{}", exponent.abs())
    };
    if value < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::ecmascript_number;

    #[test]
    fn numbers_as_ecmascript_writes_them() {
        let cases = [
            (100.0, "100"),
            (-0.0, "0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1.234e-7, "1.234e-7"),
            (1.5e300, "1.5e+300"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (-1e-7, "-1e-7"),
        ];
        for (value, expected) in cases {
            assert_eq!(ecmascript_number(value), expected, "text of {value:e}");
        }
    }
}
