//! The system under analysis: trust zones, elements, data flows, data assets
//! and trust boundaries.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::classification::Tlp;
use super::common::{Id, Percent, Rating, is_false, non_null};
use super::extensions::Extensions;

/// An area of the system whose parts share one level of trust.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustZone {
    /// The zone's id.
    pub id: Id,
    /// The zone's name.
    pub name: String,
    /// A description of the zone.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// A free classification of the zone, such as `internet` or `public-cloud`.
    #[serde(
        default,
        rename = "type",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub zone_type: Option<String>,
    /// The id of the trust zone that contains this one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub parent: Option<Id>,
    /// How far the zone is trusted, from 0 (not at all) to 100 (fully).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub trust_level: Option<Percent>,
    /// Who may receive the object; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub classification: Option<Tlp>,
    /// Free-form labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The role an element plays in a data-flow diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ElementKind {
    /// Code that runs and transforms data.
    Process,
    /// A place where data rests: a database, a file, a queue, a cache.
    DataStore,
    /// A person or system outside the control of the modelled system.
    ExternalEntity,
}

impl ElementKind {
    /// All values.
    pub const ALL: [ElementKind; 3] = [
        ElementKind::Process,
        ElementKind::DataStore,
        ElementKind::ExternalEntity,
    ];
}

/// A process, data store or external entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Element {
    /// The element's id.
    pub id: Id,
    /// The element's name.
    pub name: String,
    /// The element's role in the data-flow diagram.
    pub kind: ElementKind,
    /// The technology of the element, free text such as `web-server` or `postgresql`.
    #[serde(
        default,
        rename = "type",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub element_type: Option<String>,
    /// A description of the element.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// The id of the trust zone the element runs in.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub zone: Option<Id>,
    /// The id of the element that contains this one, such as the host of a container.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub parent: Option<Id>,
    /// The ids of the data assets the element processes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processed_assets: Vec<Id>,
    /// The ids of the data assets the element stores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stored_assets: Vec<Id>,
    /// Whether the element is outside the scope of the analysis.
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_scope: bool,
    /// Why the element is out of scope.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub out_of_scope_reason: Option<String>,
    /// Who may receive the object; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub classification: Option<Tlp>,
    /// Free-form labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// How the sender of a data flow proves its identity to the receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Authentication {
    /// No authentication.
    None,
    /// A user name and password or another shared secret.
    Credentials,
    /// A session identifier, such as a cookie.
    SessionId,
    /// A bearer token, such as an OAuth access token or an API key.
    Token,
    /// A client certificate, as in mutual TLS.
    ClientCertificate,
    /// Two or more factors.
    TwoFactor,
    /// Authentication done by another component, such as a gateway.
    Externalized,
}

impl Authentication {
    /// All values.
    pub const ALL: [Authentication; 7] = [
        Authentication::None,
        Authentication::Credentials,
        Authentication::SessionId,
        Authentication::Token,
        Authentication::ClientCertificate,
        Authentication::TwoFactor,
        Authentication::Externalized,
    ];
}

/// How the data of a flow is protected in transit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Encryption {
    /// Not encrypted.
    None,
    /// Encrypted between the two ends of this hop, as with TLS.
    Transport,
    /// Encrypted from the original sender to the final receiver.
    EndToEnd,
}

impl Encryption {
    /// All values.
    pub const ALL: [Encryption; 3] = [
        Encryption::None,
        Encryption::Transport,
        Encryption::EndToEnd,
    ];
}

/// A movement of data from a source element to a target element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataFlow {
    /// The flow's id.
    pub id: Id,
    /// The flow's name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub name: Option<String>,
    /// A description of the flow.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// The id of the element the data comes from.
    pub source: Id,
    /// The id of the element the data goes to.
    pub target: Id,
    /// Whether data also moves from the target to the source.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bidirectional: bool,
    /// The protocol, free text such as `HTTPS` or `AMQP`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub protocol: Option<String>,
    /// The ids of the data assets the flow carries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_assets: Vec<Id>,
    /// How the sender authenticates to the receiver; absent when unknown.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub authentication: Option<Authentication>,
    /// How the data is protected in transit; absent when unknown.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub encryption: Option<Encryption>,
    /// Who may receive the object; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub classification: Option<Tlp>,
    /// Free-form labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// Information that the system stores, processes or transmits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataAsset {
    /// The asset's id.
    pub id: Id,
    /// The asset's name.
    pub name: String,
    /// A description of the asset.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// The owner's classification of the data, free text such as `internal` or `PII`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub sensitivity: Option<String>,
    /// How much harm disclosure of the data would cause.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub confidentiality: Option<Rating>,
    /// How much harm unauthorized change of the data would cause.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub integrity: Option<Rating>,
    /// How much harm loss of access to the data would cause.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub availability: Option<Rating>,
    /// Who may receive the object; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub classification: Option<Tlp>,
    /// Free-form labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// A trust boundary drawn as a line, for sources that do not model zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustBoundary {
    /// The boundary's id.
    pub id: Id,
    /// The boundary's name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub name: Option<String>,
    /// A description of the boundary.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// The ids of the trust zones the boundary separates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<Id>,
    /// The ids of the data flows that cross the boundary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crossing_flows: Vec<Id>,
    /// Who may receive the object; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub classification: Option<Tlp>,
    /// Free-form labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}
