//! State shared by every step of one import: the loss report, the ids in use
//! and the choice between dropping and keeping unmapped members.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::super::{LossKind, LossReport};
use crate::model::{Extensions, Id};

/// The extension member that contains Threat Dragon data TMIF has no member for.
pub(super) const EXTENSION: &str = "x-threat-dragon";

/// The state of one import.
pub(super) struct Context {
    /// Whether unmapped members are kept under [`EXTENSION`] rather than dropped.
    pub keep: bool,
    /// Every value that was dropped, changed or kept.
    pub losses: LossReport,
    used_ids: HashSet<String>,
}

impl Context {
    /// Creates the state of an import.
    pub fn new(keep: bool) -> Self {
        Context {
            keep,
            losses: LossReport::new(),
            used_ids: HashSet::new(),
        }
    }

    /// Records a value that is not in the output at all, whatever the options.
    pub fn dropped(&mut self, pointer: impl Into<String>, reason: impl Into<String>) {
        self.losses.push(pointer, LossKind::Dropped, reason);
    }

    /// Records a value that is in the output in a changed form.
    pub fn changed(&mut self, pointer: impl Into<String>, reason: impl Into<String>) {
        self.losses.push(pointer, LossKind::Changed, reason);
    }

    /// Handles a member that has no TMIF counterpart: stores it in `kept`
    /// when unmapped data is kept, and records the outcome either way.
    ///
    /// Values that carry no information (`null`, `""`, `[]`, `{}`) are
    /// skipped without an entry.
    pub fn unmapped(
        &mut self,
        pointer: String,
        name: &str,
        value: &Value,
        kept: &mut Map<String, Value>,
        reason: &str,
    ) {
        if is_blank(value) {
            return;
        }
        if self.keep {
            kept.insert(name.to_owned(), value.clone());
            self.losses.push(
                pointer,
                LossKind::Kept,
                format!("{reason}; kept under `{EXTENSION}`"),
            );
        } else {
            self.losses.push(pointer, LossKind::Dropped, reason);
        }
    }

    /// Reserves an id, making it unique in the document.
    ///
    /// When `preferred` is taken, the first free id of the form
    /// `<preferred>-2`, `<preferred>-3`, … is used and a changed entry is
    /// recorded at `pointer`. The result depends only on the order of the
    /// calls, so the same source always gives the same ids.
    pub fn claim_id(&mut self, preferred: &str, pointer: &str) -> Id {
        if self.used_ids.insert(preferred.to_owned()) {
            return Id::from(preferred.to_owned());
        }
        let mut n = 2_usize;
        loop {
            let candidate = format!("{preferred}-{n}");
            if self.used_ids.insert(candidate.clone()) {
                self.changed(
                    pointer,
                    format!(
                        "id `{preferred}` is already used by another object of the model; \
                         this object gets id `{candidate}`"
                    ),
                );
                return Id::from(candidate);
            }
            n += 1;
        }
    }
}

/// Returns `true` for values that carry no information.
pub(super) fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Stores the kept members under [`EXTENSION`], unless there are none.
pub(super) fn attach(extensions: &mut Extensions, kept: Map<String, Value>) {
    if !kept.is_empty() {
        extensions.insert(EXTENSION, Value::Object(kept));
    }
}

/// Escapes a member name for use as one JSON Pointer token (RFC 6901).
pub(super) fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Turns a source value into an id: strings as they are, less surrounding
/// white space and control characters; integers in decimal.
pub(super) fn id_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text.chars().filter(|c| !c.is_control()).collect::<String>(),
        Value::Number(number) if number.is_i64() || number.is_u64() => number.to_string(),
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Returns the non-empty, trimmed text of a string value.
pub(super) fn text(value: Option<&Value>) -> Option<String> {
    let text = value?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Reads a coordinate or a size. Threat Dragon 1.x files sometimes store
/// these as strings such as `"590"`.
pub(super) fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(number) => number.as_f64().filter(|n| n.is_finite()),
        Value::String(text) => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    }
}

/// Computes the 64-bit FNV-1a hash of `text`, written out in hexadecimal.
///
/// The algorithm is fixed, unlike the standard library's hasher, so the
/// same text gives the same value on every platform and release.
pub(super) fn stable_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
