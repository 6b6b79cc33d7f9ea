//! Traffic Light Protocol labels, added in TMIF 1.1.

use std::fmt;

use schemars::JsonSchema;

use super::common::is_false;
use super::extensions::Extensions;
use serde::{Deserialize, Serialize};

/// A Traffic Light Protocol (TLP) 2.0 label: who may receive an object.
///
/// The labels are ordered from the least to the most restricted, so `max`
/// of two labels is the stricter one. Added in version 1.1.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Tlp {
    /// TLP:CLEAR. Anyone may receive it; disclosure is not limited.
    #[serde(rename = "CLEAR")]
    Clear,
    /// TLP:GREEN. The recipient's community may receive it, but not the public.
    #[serde(rename = "GREEN")]
    Green,
    /// TLP:AMBER. The recipient's organization and its clients may receive it, on a need-to-know basis.
    #[serde(rename = "AMBER")]
    Amber,
    /// TLP:AMBER+STRICT. Only the recipient's organization may receive it, on a need-to-know basis.
    #[serde(rename = "AMBER+STRICT")]
    AmberStrict,
    /// TLP:RED. Only the individual recipients may receive it.
    #[serde(rename = "RED")]
    Red,
}

impl Tlp {
    /// Every label, from the least to the most restricted.
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The spelling of the label in a document, such as `AMBER+STRICT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "CLEAR",
            Tlp::Green => "GREEN",
            Tlp::Amber => "AMBER",
            Tlp::AmberStrict => "AMBER+STRICT",
            Tlp::Red => "RED",
        }
    }

    /// Parses a label as a document spells it, also accepting the `TLP:` prefix.
    pub fn parse(text: &str) -> Option<Tlp> {
        let bare = text.strip_prefix("TLP:").unwrap_or(text);
        Tlp::ALL.into_iter().find(|label| label.as_str() == bare)
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TLP:{}", self.as_str())
    }
}

/// The mark of a redacted document: the level it was made for.
///
/// A redacted document holds no object whose effective label is stricter
/// than `level`. Added in version 1.1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RedactionMark {
    /// The strictest label the document may contain.
    pub level: Tlp,
    /// Whether removed elements and trust zones were replaced by placeholders.
    #[serde(default, skip_serializing_if = "is_false")]
    pub placeholders: bool,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}
