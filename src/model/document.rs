//! The root object of a TMIF document and its metadata.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::analysis::{Assumption, Mitigation, Threat};
use super::annotation::{Annotation, Revision};
use super::classification::{RedactionMark, Tlp};
use super::common::{Id, non_null};
use super::extensions::Extensions;
use super::system::{DataAsset, DataFlow, Element, TrustBoundary, TrustZone};
use super::taxonomy::Taxonomy;
use super::view::View;

/// The members of a document that hold arrays of identifiable objects, in
/// the order of the canonical form.
pub const COLLECTIONS: [&str; 11] = [
    "taxonomies",
    "trustZones",
    "elements",
    "dataFlows",
    "dataAssets",
    "trustBoundaries",
    "threats",
    "mitigations",
    "assumptions",
    "annotations",
    "views",
];

/// A TMIF document: one threat model with its system, analysis and views.
///
/// The field order is the member order of the canonical form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "TMIF document")]
pub struct Document {
    /// The version of the TMIF format the document follows, as a semantic
    /// version string such as `1.0.0`.
    pub tmif: String,
    /// The identity of the threat model, kept across all of its revisions.
    pub id: Id,
    /// The name of the threat model.
    pub title: String,
    /// What the model covers and why it exists.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// The license of the document, as an SPDX license expression.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub license: Option<String>,
    /// Who may receive the document, and the lowest label of every object in
    /// it; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub classification: Option<Tlp>,
    /// Present when the document is a redacted copy: the level it was made
    /// for; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub redaction: Option<RedactionMark>,
    /// The people or organizations who wrote the model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    /// When the model was first written, as an RFC 3339 date-time.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub created: Option<String>,
    /// When the model was last changed, as an RFC 3339 date-time.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub modified: Option<String>,
    /// Which revision of the model this document is; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub revision: Option<Revision>,
    /// Free-form labels for search and grouping.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Taxonomies that the document declares in addition to the built-in ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxonomies: Vec<Taxonomy>,
    /// Areas of the system that share one level of trust.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trust_zones: Vec<TrustZone>,
    /// Processes, data stores and external entities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Element>,
    /// Movements of data from one element to another.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_flows: Vec<DataFlow>,
    /// Information that the system stores, processes or transmits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_assets: Vec<DataAsset>,
    /// Trust boundaries that a source draws as lines rather than as zones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trust_boundaries: Vec<TrustBoundary>,
    /// What can go wrong.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Threat>,
    /// What is done, or planned, about the threats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<Mitigation>,
    /// Facts the analysis takes for granted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Assumption>,
    /// Remarks by the people who work on the model; added in version 1.1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// Diagrams of the system; layout only, with no meaning of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl Document {
    /// Creates an empty TMIF 1.0 document.
    pub fn new(id: impl Into<Id>, title: impl Into<String>) -> Self {
        Document {
            // The oldest version that holds every member set here.
            tmif: crate::version::FormatVersion::V1_0.to_string(),
            id: id.into(),
            title: title.into(),
            description: None,
            license: None,
            classification: None,
            redaction: None,
            authors: Vec::new(),
            created: None,
            modified: None,
            revision: None,
            tags: Vec::new(),
            taxonomies: Vec::new(),
            trust_zones: Vec::new(),
            elements: Vec::new(),
            data_flows: Vec::new(),
            data_assets: Vec::new(),
            trust_boundaries: Vec::new(),
            threats: Vec::new(),
            mitigations: Vec::new(),
            assumptions: Vec::new(),
            annotations: Vec::new(),
            views: Vec::new(),
            extensions: Extensions::new(),
        }
    }
}

/// A person or organization who wrote the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    /// The author's name.
    pub name: String,
    /// An email address.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub email: Option<String>,
    /// The organization the author writes for.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub organization: Option<String>,
    /// A web page of the author, as an absolute URI.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub url: Option<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}
