//! Split and merge: a public document plus a private overlay that rebuild the original.
//!
//! [`split`] redacts a document and records, in an [`Overlay`], everything
//! the redaction removed or changed. [`merge`] puts the two back together.
//! The overlay names the model it belongs to and the SHA-256 digest of the
//! public document's canonical form, so merging it onto another public
//! document, or onto one edited since the split, is rejected.
//!
//! For every collection of the document that the redaction changed, the
//! overlay lists the original objects in their original order: an object
//! that the public document holds unchanged is named by its id, and every
//! other object is written out in full. Document members that the
//! redaction changed are stored with their original value, or `null` when
//! the original did not have the member.

use std::collections::{BTreeMap, HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::canonical;
use crate::model::{COLLECTIONS, Document, Id, Tlp};
use crate::redact::{RedactError, RedactOptions, Redaction, redact};

/// The version of the overlay format, which follows the format version that defines it.
pub const OVERLAY_VERSION: &str = "1.1.0";

/// The private part of a split document. Added in version 1.1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "TMIF overlay")]
pub struct Overlay {
    /// The version of the overlay format, `1.1.0`.
    pub tmif_overlay: String,
    /// The id of the model, as in the public document's `id`.
    pub model: Id,
    /// The level the public document was redacted to.
    pub level: Tlp,
    /// The digest of the public document's canonical form: `sha256:` and 64 lowercase hex digits.
    pub public_digest: String,
    /// Document members the split changed, with their original values; `null`
    /// stands for a member the original did not have.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub members: BTreeMap<String, Value>,
    /// For each collection the split changed, its original objects in order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub collections: BTreeMap<String, Vec<OverlayEntry>>,
}

/// One original object of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum OverlayEntry {
    /// The public document holds this object unchanged; the value is its id.
    Public(Id),
    /// The original object, which the public document lacks or holds changed.
    Private(Value),
}

/// A finished split.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// The public document and what the redaction removed.
    pub redaction: Redaction,
    /// The private overlay.
    pub overlay: Overlay,
}

/// The reason a merge was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// The overlay belongs to another model.
    #[error(
        "the overlay belongs to model `{overlay}`, but the public document is model `{public}`; use the overlay made for this model"
    )]
    WrongModel {
        /// The model id in the overlay.
        overlay: String,
        /// The model id of the public document.
        public: String,
    },
    /// The public document is not the one the overlay was made with.
    #[error(
        "the public document's digest is {actual}, but the overlay was made for {expected}: the public document was edited since the split, or the overlay belongs to another split"
    )]
    DigestMismatch {
        /// The digest recorded in the overlay.
        expected: String,
        /// The digest of the public document given.
        actual: String,
    },
    /// The overlay is not in a form this implementation reads.
    #[error("invalid overlay: {0}")]
    Invalid(String),
}

/// Returns `sha256:` and the hex SHA-256 digest of the document's canonical form.
pub fn digest(document: &Document) -> String {
    let hash = Sha256::digest(canonical::to_string(document).as_bytes());
    let mut text = String::with_capacity(7 + 64);
    text.push_str("sha256:");
    for byte in hash.iter() {
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// Splits `document` into a public document redacted to `options.max` and
/// a private overlay that, merged onto it, gives the original back.
pub fn split(document: &Document, options: RedactOptions) -> Result<Split, RedactError> {
    let redaction = redact(document, options)?;
    let original = to_object(document);
    let public = to_object(&redaction.document);

    let mut members = BTreeMap::new();
    let names: HashSet<&String> = original.keys().chain(public.keys()).collect();
    for name in names {
        if COLLECTIONS.contains(&name.as_str()) {
            continue;
        }
        if original.get(name) != public.get(name) {
            members.insert(
                name.clone(),
                original.get(name).cloned().unwrap_or(Value::Null),
            );
        }
    }

    let mut collections = BTreeMap::new();
    for name in COLLECTIONS {
        let before = original.get(name).and_then(Value::as_array);
        let after = public.get(name).and_then(Value::as_array);
        if before == after {
            continue;
        }
        let kept: HashSet<&Value> = after.into_iter().flatten().collect();
        let entries = before
            .into_iter()
            .flatten()
            .map(|item| match item.get("id").and_then(Value::as_str) {
                Some(id) if kept.contains(item) => OverlayEntry::Public(Id::from(id)),
                _ => OverlayEntry::Private(item.clone()),
            })
            .collect();
        collections.insert(name.to_owned(), entries);
    }

    let overlay = Overlay {
        tmif_overlay: OVERLAY_VERSION.to_owned(),
        model: document.id.clone(),
        level: options.max,
        public_digest: digest(&redaction.document),
        members,
        collections,
    };
    Ok(Split { redaction, overlay })
}

/// Rebuilds the original document from a public document and its overlay.
///
/// The result is checked against every rule, so a merge whose result would
/// be invalid fails with [`MergeError::Invalid`].
pub fn merge(public: &Document, overlay: &Overlay) -> Result<Document, MergeError> {
    // Patch versions of the overlay format change only wording, as for documents.
    let readable = semver::Version::parse(&overlay.tmif_overlay)
        .is_ok_and(|version| version.major == 1 && version.minor == 1 && version.pre.is_empty());
    if !readable {
        return Err(MergeError::Invalid(format!(
            "overlay version `{}` is not supported; this implementation reads overlays of version 1.1",
            overlay.tmif_overlay
        )));
    }
    if public.id != overlay.model {
        return Err(MergeError::WrongModel {
            overlay: overlay.model.to_string(),
            public: public.id.to_string(),
        });
    }
    let actual = digest(public);
    if actual != overlay.public_digest {
        return Err(MergeError::DigestMismatch {
            expected: overlay.public_digest.clone(),
            actual,
        });
    }

    let mut merged = to_object(public);
    for (name, value) in &overlay.members {
        if value.is_null() {
            merged.remove(name);
        } else {
            merged.insert(name.clone(), value.clone());
        }
    }
    for (name, entries) in &overlay.collections {
        if !COLLECTIONS.contains(&name.as_str()) {
            return Err(MergeError::Invalid(format!(
                "`{name}` is not a collection of a document"
            )));
        }
        let public_items: Vec<Value> = merged
            .get(name)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let by_id: HashMap<&str, &Value> = public_items
            .iter()
            .filter_map(|item| Some((item.get("id")?.as_str()?, item)))
            .collect();
        let mut accounted: HashSet<&str> = HashSet::new();
        let mut rebuilt = Vec::with_capacity(entries.len());
        for entry in entries {
            match entry {
                OverlayEntry::Private(item) => {
                    // A private object replaces the public object with its id, if any.
                    if let Some(id) = item.get("id").and_then(Value::as_str) {
                        if let Some((key, _)) = by_id.get_key_value(id) {
                            accounted.insert(key);
                        }
                    }
                    rebuilt.push(item.clone());
                }
                OverlayEntry::Public(id) => {
                    let (key, item) = by_id.get_key_value(id.as_str()).ok_or_else(|| {
                        MergeError::Invalid(format!(
                            "the overlay names `{id}` in `{name}`, which the public document lacks"
                        ))
                    })?;
                    accounted.insert(key);
                    rebuilt.push((*item).clone());
                }
            }
        }
        // Every public object must come back or be replaced; only placeholders,
        // which the original never had, are left out.
        for item in &public_items {
            let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
            if !accounted.contains(id) && !is_placeholder(public, name, item) {
                return Err(MergeError::Invalid(format!(
                    "the public object `{id}` in `{name}` is missing from the overlay; \
                     the overlay was edited or belongs to another split"
                )));
            }
        }
        if rebuilt.is_empty() {
            merged.remove(name);
        } else {
            merged.insert(name.clone(), Value::Array(rebuilt));
        }
    }
    let document = Document::deserialize(&Value::Object(merged)).map_err(|error| {
        MergeError::Invalid(format!("the merged document is not valid: {error}"))
    })?;
    // The digest covers only the public document, so a damaged or hand-made
    // overlay can still add objects that break the rules, such as a second
    // object with a public object's id.
    let errors: Vec<String> = crate::validate_document(&document)
        .into_iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| {
            format!(
                "{} at {}: {}",
                diagnostic.code, diagnostic.pointer, diagnostic.message
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(MergeError::Invalid(format!(
            "the merged document is not valid: {}",
            errors.join("; ")
        )));
    }
    // The model holds the members of every version, so a merged document that
    // declares 1.0 but has 1.1 members deserializes; its own version rejects it.
    if let crate::version::VersionSupport::Supported(version) =
        crate::version::check(&document.tmif)
    {
        let newer = crate::model::members_newer_than(&document, version);
        if !newer.is_empty() {
            return Err(MergeError::Invalid(format!(
                "the merged document declares TMIF {} but has members that version lacks: {}",
                document.tmif,
                newer.join(", ")
            )));
        }
    }
    Ok(document)
}

/// Returns `true` for a placeholder that a redaction with placeholders put
/// in place of a withheld element or trust zone.
fn is_placeholder(public: &Document, collection: &str, item: &Value) -> bool {
    let made_with_placeholders = public
        .redaction
        .as_ref()
        .is_some_and(|mark| mark.placeholders);
    let name = item.get("name").and_then(Value::as_str);
    made_with_placeholders
        && matches!(
            (collection, name),
            ("elements", Some(crate::redact::PLACEHOLDER_ELEMENT_NAME))
                | ("trustZones", Some(crate::redact::PLACEHOLDER_ZONE_NAME))
        )
}

/// Reads an overlay from JSON text, rejecting duplicate member names.
pub fn read_overlay(bytes: &[u8]) -> Result<Overlay, MergeError> {
    let value = crate::load::read_value(bytes, crate::load::Syntax::Json)
        .map_err(|diagnostic| MergeError::Invalid(diagnostic.message))?;
    Overlay::deserialize(&value).map_err(|error| MergeError::Invalid(error.to_string()))
}

/// Serializes an overlay: two-space indentation and a final newline.
pub fn overlay_to_string(overlay: &Overlay) -> String {
    let mut text = serde_json::to_string_pretty(overlay).unwrap_or_default();
    text.push('\n');
    text
}

/// Converts a document to a JSON object through its canonical text, so that
/// the overlay writes numbers as the canonical form does: `40`, not `40.0`.
fn to_object(document: &Document) -> Map<String, Value> {
    match serde_json::from_str(&canonical::to_string(document)) {
        Ok(Value::Object(members)) => members,
        _ => Map::new(),
    }
}
