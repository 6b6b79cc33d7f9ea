//! The canonical form: the one serialization that `tmif fmt` writes.
//!
//! Members appear in the order of the fields tables of the specification,
//! followed by extension members sorted by name; members with no value and
//! empty arrays are left out; indentation is two spaces; the text ends with
//! one newline. Numbers that are whole and within ±2^53 are written without
//! a fraction, all others in the shortest form that reads back to the same
//! double. Serializing, reading and serializing again gives the same bytes.

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

/// The largest magnitude below which every whole number is exact in a double.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;

impl Formatter for CanonicalFormatter {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        if value.fract() == 0.0 && value.abs() < MAX_SAFE_INTEGER {
            // The check above makes the conversion exact; -0.0 becomes 0.
            write!(writer, "{}", value as i64)
        } else {
            writer.write_all(shortest(value).as_bytes())
        }
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

/// Formats a double in the shortest form that reads back to the same value,
/// as `serde_json` does.
fn shortest(value: f64) -> String {
    serde_json::to_string(&value).unwrap_or_else(|_| value.to_string())
}
