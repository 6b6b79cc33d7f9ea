//! Taxonomies that a document declares for itself.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::classification::Tlp;
use super::common::{Id, non_null};
use super::extensions::Extensions;

/// A taxonomy declared in the document, such as a company's own threat catalogue.
///
/// Threats refer to its entries with `{"taxonomy": <id of the taxonomy>, "id": <entry id>}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Taxonomy {
    /// The taxonomy's id, which taxonomy references use.
    pub id: Id,
    /// The taxonomy's name.
    pub name: String,
    /// The version of the taxonomy that the document uses.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub version: Option<String>,
    /// Where the taxonomy is published, as an absolute URI.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub url: Option<String>,
    /// A description of the taxonomy.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// The entries of the taxonomy. When the list is empty, any entry id is accepted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<TaxonomyEntry>,
    /// Who may receive the object; added in version 1.1.
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

/// One entry of a declared taxonomy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaxonomyEntry {
    /// The entry's code, unique within its taxonomy.
    pub id: String,
    /// The entry's name.
    pub name: String,
    /// A description of the entry.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}
