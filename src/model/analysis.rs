//! The analysis of the system: threats, mitigations and assumptions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::classification::Tlp;
use super::common::{Id, Rating, Reference, Severity, TaxonomyRef, non_null};
use super::extensions::Extensions;

/// Where the handling of a threat stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ThreatStatus {
    /// Not yet handled.
    Open,
    /// Reduced to an acceptable level by mitigations.
    Mitigated,
    /// Knowingly left as it is by someone entitled to decide so.
    Accepted,
    /// Handed to another party, such as an insurer or a supplier.
    Transferred,
    /// Does not apply to this system.
    NotApplicable,
}

impl ThreatStatus {
    /// All values.
    pub const ALL: [ThreatStatus; 5] = [
        ThreatStatus::Open,
        ThreatStatus::Mitigated,
        ThreatStatus::Accepted,
        ThreatStatus::Transferred,
        ThreatStatus::NotApplicable,
    ];
}

/// Something that can go wrong, with its rating and the objects it affects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Threat {
    /// The threat's id.
    pub id: Id,
    /// A one-line statement of the threat.
    pub title: String,
    /// How the threat could be carried out and what it would cause.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// Categories of a threat classification, such as STRIDE or LINDDUN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<TaxonomyRef>,
    /// Weaknesses that make the threat possible, as CWE entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weaknesses: Vec<TaxonomyRef>,
    /// Ways of carrying out the threat, as CAPEC or MITRE ATT&CK entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attack_patterns: Vec<TaxonomyRef>,
    /// The ids of the elements, data flows, trust zones, trust boundaries and
    /// data assets the threat affects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affects: Vec<Id>,
    /// How likely the threat is to be carried out.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub likelihood: Option<Rating>,
    /// How much harm the threat would cause.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub impact: Option<Rating>,
    /// The overall severity, as the model's authors rate it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub severity: Option<Severity>,
    /// Where the handling of the threat stands.
    pub status: ThreatStatus,
    /// Why the threat has its status, for instance who accepted it and on what grounds.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub status_reason: Option<String>,
    /// The ids of the mitigations that address the threat.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<Id>,
    /// Further reading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
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

/// Where the implementation of a mitigation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MitigationStatus {
    /// Suggested, with no decision yet.
    Proposed,
    /// Decided and scheduled.
    Planned,
    /// Built into the system.
    Implemented,
    /// Built and shown to work, for instance by a test or a review.
    Verified,
    /// Considered and turned down.
    Rejected,
}

impl MitigationStatus {
    /// All values.
    pub const ALL: [MitigationStatus; 5] = [
        MitigationStatus::Proposed,
        MitigationStatus::Planned,
        MitigationStatus::Implemented,
        MitigationStatus::Verified,
        MitigationStatus::Rejected,
    ];
}

/// A control that reduces the likelihood or impact of one or more threats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Mitigation {
    /// The mitigation's id.
    pub id: Id,
    /// A one-line statement of the control.
    pub title: String,
    /// What the control does and how it is built.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// Where the implementation stands.
    pub status: MitigationStatus,
    /// Further reading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
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

/// A fact the analysis takes for granted, such as "the cloud provider patches the hosts".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Assumption {
    /// The assumption's id.
    pub id: Id,
    /// The statement that is assumed to hold.
    pub description: String,
    /// The ids of the objects the assumption is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affects: Vec<Id>,
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
