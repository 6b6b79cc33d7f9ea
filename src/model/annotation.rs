//! Annotations and revision metadata, added in TMIF 1.1.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::classification::Tlp;
use super::common::{Id, non_null};
use super::extensions::Extensions;

/// The part an author plays in building or running the system.
///
/// Roles let a reader compare the views of each party on the same model.
/// Added in version 1.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Writes the system's code.
    Developer,
    /// Designs the system's structure.
    Architect,
    /// Assesses and improves the system's security.
    Security,
    /// Decides what the product does.
    Product,
    /// Decides on budgets, priorities and accepted risks.
    Management,
    /// Runs the system in production.
    Operations,
    /// Covers legal duties and the privacy of personal data.
    LegalAndPrivacy,
    /// Tests the system.
    Tester,
    /// Any other part.
    Other,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 9] = [
        Role::Developer,
        Role::Architect,
        Role::Security,
        Role::Product,
        Role::Management,
        Role::Operations,
        Role::LegalAndPrivacy,
        Role::Tester,
        Role::Other,
    ];
}

/// A remark by one person about one or more objects of the model.
///
/// Added in version 1.1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    /// The annotation's id.
    pub id: Id,
    /// The ids of the objects the remark is about; empty when it is about the whole model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<Id>,
    /// The name of the person who wrote the remark.
    pub author: String,
    /// The part the author plays.
    pub role: Role,
    /// The remark.
    pub text: String,
    /// When the remark was written, as an RFC 3339 date-time.
    pub created: String,
    /// The id of the annotation this one answers.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub reply_to: Option<Id>,
    /// Who may receive the annotation.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub classification: Option<Tlp>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// Which revision of a model a document is. Added in version 1.1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    /// The revision number, counting from 1 and growing by one with each revision.
    pub number: RevisionNumber,
    /// When the revision was made, as an RFC 3339 date-time.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub date: Option<String>,
    /// Who made the revision.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub author: Option<String>,
    /// What changed since the previous revision.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub summary: Option<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// A revision number: a whole number from 1.
///
/// JSON Schema counts `3.0` as an integer, so this type accepts a whole
/// number written with a fraction too; it is written back without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RevisionNumber(u64);

impl RevisionNumber {
    /// Creates a revision number, or returns `None` for zero.
    pub fn new(number: u64) -> Option<RevisionNumber> {
        (number >= 1).then_some(RevisionNumber(number))
    }

    /// Returns the number.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for RevisionNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        // 2^53: every whole number below it is exact in a double.
        let exact = value.fract() == 0.0 && (1.0..9_007_199_254_740_992.0).contains(&value);
        if !exact {
            return Err(de::Error::custom(format_args!(
                "revision number {value} is invalid; expected a whole number from 1"
            )));
        }
        Ok(RevisionNumber(value as u64))
    }
}

impl JsonSchema for RevisionNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RevisionNumber".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A whole number from 1.",
            "type": "integer",
            "minimum": 1,
            "maximum": 9_007_199_254_740_991_u64,
        })
    }
}
