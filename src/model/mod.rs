//! The TMIF data model as Rust types.
//!
//! Each type deserializes exactly the JSON that the generated JSON Schema
//! accepts, so typed deserialization doubles as shape validation.

mod analysis;
mod annotation;
mod classification;
mod common;
mod document;
mod extensions;
mod since;
mod system;
mod taxonomy;
mod view;

pub use analysis::{Assumption, Mitigation, MitigationStatus, Threat, ThreatStatus};
pub use annotation::{Annotation, Revision, RevisionNumber, Role};
pub use classification::{RedactionMark, Tlp};
pub use common::{Id, Percent, Rating, Reference, Severity, TaxonomyRef};
pub use document::{Author, COLLECTIONS, Document};
pub use extensions::{EXTENSION_PREFIX, Extensions, StrictValue};
pub(crate) use since::{DEFINITIONS_ADDED_IN_1_1, MEMBERS_ADDED_IN_1_1};
pub use since::{members_newer_than, remove_members_newer_than};
pub use system::{
    Authentication, DataAsset, DataFlow, Element, ElementKind, Encryption, TrustBoundary, TrustZone,
};
pub use taxonomy::{Taxonomy, TaxonomyEntry};
pub use view::{Point, View, ViewEdge, ViewNode};
