//! Semantic rules: what the JSON Schema cannot check.
//!
//! Each rule has a stable code in [`registry`]; the functions here find the
//! violations in a document that already has the right shape.

mod containment;
mod ids;
mod labels;
mod merge;
mod metadata;
mod references;
pub mod registry;
mod taxonomy;

pub use registry::*;

use crate::diagnostic::Diagnostic;
use crate::model::Document;

/// Checks every semantic rule and returns the violations in document order of the rules.
pub fn check(document: &Document) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let index = ids::Index::build(document, &mut diagnostics);
    references::check_references(document, &index, &mut diagnostics);
    containment::check_containment(document, &mut diagnostics);
    taxonomy::check(document, &mut diagnostics);
    metadata::check(document, &mut diagnostics);
    metadata::check_analysis(document, &index, &mut diagnostics);
    labels::check(document, &mut diagnostics);
    merge::check(document, &mut diagnostics);
    diagnostics
}
