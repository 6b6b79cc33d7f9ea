//! Value types shared by several objects: ids, ratings, taxonomy references.

use std::fmt;

use compact_str::CompactString;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::extensions::Extensions;

/// The identifier of an object, unique in its document and stable across revisions.
///
/// An id is an opaque string: consumers compare ids byte for byte and never
/// derive meaning from them. A rename changes an object's `name`, never its id.
///
/// Ids of up to 24 bytes are stored inline without a heap allocation, which
/// keeps large models small in memory: most of their strings are ids.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(CompactString);

impl Id {
    /// Creates an id from a string.
    pub fn new(id: impl AsRef<str>) -> Self {
        Id(CompactString::new(id))
    }

    /// Returns the id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(value: &str) -> Self {
        Id(CompactString::new(value))
    }
}

impl From<String> for Id {
    fn from(value: String) -> Self {
        Id(CompactString::from(value))
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The id of an object: unique in the document and stable across revisions.",
            "type": "string",
        })
    }
}

/// A five-step ordinal scale for likelihood, impact and the protection needs of data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Rating {
    /// All values in ascending order.
    pub const ALL: [Rating; 5] = [
        Rating::VeryLow,
        Rating::Low,
        Rating::Medium,
        Rating::High,
        Rating::VeryHigh,
    ];

    /// Maps a score from 0 to 100 onto the scale in five equal bands.
    pub fn from_percent(score: f64) -> Rating {
        match score {
            s if s < 20.0 => Rating::VeryLow,
            s if s < 40.0 => Rating::Low,
            s if s < 60.0 => Rating::Medium,
            s if s < 80.0 => Rating::High,
            _ => Rating::VeryHigh,
        }
    }

    /// The spelling of the value in a document.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::VeryLow => "very-low",
            Rating::Low => "low",
            Rating::Medium => "medium",
            Rating::High => "high",
            Rating::VeryHigh => "very-high",
        }
    }
}

/// The severity of a threat, from informational to critical.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// All values in ascending order.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
}

/// A number from 0 to 100 inclusive, such as the trust level of a zone.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Percent(f64);

impl Percent {
    /// Creates a percentage, or returns `None` when `value` is outside 0 to 100.
    pub fn new(value: f64) -> Option<Percent> {
        (0.0..=100.0).contains(&value).then_some(Percent(value))
    }

    /// Returns the number.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Percent::new(value).ok_or_else(|| {
            de::Error::custom(format_args!(
                "number {value} is out of range; expected a number from 0 to 100"
            ))
        })
    }
}

impl JsonSchema for Percent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Percent".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number from 0 to 100 inclusive.",
            "type": "number",
            "minimum": 0,
            "maximum": 100,
        })
    }
}

/// A typed reference to an entry of a taxonomy, such as `{"taxonomy": "CWE", "id": "CWE-79"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaxonomyRef {
    /// The name of a built-in taxonomy (`STRIDE`, `LINDDUN`, `CWE`, `CAPEC`,
    /// `ATTACK`) or the id of a taxonomy declared in the document.
    pub taxonomy: String,
    /// The code of the entry within the taxonomy, such as `S` or `CWE-79`.
    pub id: String,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl TaxonomyRef {
    /// Creates a reference to entry `id` of `taxonomy`.
    pub fn new(taxonomy: impl Into<String>, id: impl Into<String>) -> Self {
        TaxonomyRef {
            taxonomy: taxonomy.into(),
            id: id.into(),
            extensions: Extensions::new(),
        }
    }
}

/// An external document, such as an advisory, a standard or a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    /// An absolute URI.
    pub url: String,
    /// A short title for the link.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub title: Option<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// Deserializes an optional member that, when present, must not be `null`.
///
/// serde maps `null` to `None` for `Option` fields by default; TMIF instead
/// requires an absent member, so `null` is a type error like in the schema.
pub(crate) fn non_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Returns `true` for `false`, so that false flags are left out of the canonical form.
pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}
