//! The TMIF data model as Rust types.
//!
//! Each type deserializes exactly the JSON that the generated JSON Schema
//! accepts, so typed deserialization doubles as shape validation.

mod analysis;
mod common;
mod document;
mod extensions;
mod system;
mod taxonomy;
mod view;

pub use analysis::{Assumption, Mitigation, MitigationStatus, Threat, ThreatStatus};
pub use common::{Id, Percent, Rating, Reference, Severity, TaxonomyRef};
pub use document::{Author, Document};
pub use extensions::{EXTENSION_PREFIX, Extensions, StrictValue};
pub use system::{
    Authentication, DataAsset, DataFlow, Element, ElementKind, Encryption, TrustBoundary, TrustZone,
};
pub use taxonomy::{Taxonomy, TaxonomyEntry};
pub use view::{Point, View, ViewEdge, ViewNode};
