//! Reads a source file of another tool into a JSON value.

use serde_json::Value;

use super::ImportError;
use crate::load::{self, Syntax};

/// Parses `bytes` as JSON or YAML with the rules of TMIF's own reader:
/// UTF-8, no duplicate member names, numbers that fit a double.
pub fn read(bytes: &[u8], syntax: Syntax) -> Result<Value, ImportError> {
    load::read_value(bytes, syntax).map_err(ImportError::Syntax)
}
