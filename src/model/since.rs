//! Which members each format version added, and finding them in a document.
//!
//! One set of Rust types holds every version: a member added in a later
//! minor version is optional, so the types of the newest version read every
//! older document. What an older version does not define is listed here,
//! so that its schema leaves the member out, its documents may not use it,
//! and a downgrade knows what to remove.

use crate::load::pointer::push_index;
use crate::model::Document;
use crate::version::FormatVersion;

/// Members added in version 1.1, as (schema definition, member name); `*`
/// stands for every definition.
pub(crate) const MEMBERS_ADDED_IN_1_1: &[(&str, &str)] = &[
    ("*", "classification"),
    ("Document", "redaction"),
    ("Document", "revision"),
    ("Document", "annotations"),
];

/// Schema definitions that only members added in version 1.1 use.
pub(crate) const DEFINITIONS_ADDED_IN_1_1: &[&str] = &[
    "Tlp",
    "Annotation",
    "RedactionMark",
    "Revision",
    "RevisionNumber",
    "Role",
];

/// Lists the JSON Pointers of the members of `document` that `version` does
/// not define, in document order.
pub fn members_newer_than(document: &Document, version: FormatVersion) -> Vec<String> {
    let mut pointers = Vec::new();
    if version >= FormatVersion::V1_1 {
        return pointers;
    }
    if document.classification.is_some() {
        pointers.push("/classification".to_owned());
    }
    if document.redaction.is_some() {
        pointers.push("/redaction".to_owned());
    }
    if document.revision.is_some() {
        pointers.push("/revision".to_owned());
    }
    labelled(
        &mut pointers,
        "taxonomies",
        &mut document
            .taxonomies
            .iter()
            .map(|x| x.classification.is_some()),
    );
    labelled(
        &mut pointers,
        "trustZones",
        &mut document
            .trust_zones
            .iter()
            .map(|x| x.classification.is_some()),
    );
    labelled(
        &mut pointers,
        "elements",
        &mut document.elements.iter().map(|x| x.classification.is_some()),
    );
    labelled(
        &mut pointers,
        "dataFlows",
        &mut document
            .data_flows
            .iter()
            .map(|x| x.classification.is_some()),
    );
    labelled(
        &mut pointers,
        "dataAssets",
        &mut document
            .data_assets
            .iter()
            .map(|x| x.classification.is_some()),
    );
    labelled(
        &mut pointers,
        "trustBoundaries",
        &mut document
            .trust_boundaries
            .iter()
            .map(|x| x.classification.is_some()),
    );
    labelled(
        &mut pointers,
        "threats",
        &mut document.threats.iter().map(|x| x.classification.is_some()),
    );
    labelled(
        &mut pointers,
        "mitigations",
        &mut document
            .mitigations
            .iter()
            .map(|x| x.classification.is_some()),
    );
    labelled(
        &mut pointers,
        "assumptions",
        &mut document
            .assumptions
            .iter()
            .map(|x| x.classification.is_some()),
    );
    if !document.annotations.is_empty() {
        pointers.push("/annotations".to_owned());
    }
    labelled(
        &mut pointers,
        "views",
        &mut document.views.iter().map(|x| x.classification.is_some()),
    );
    pointers
}

/// Adds the pointer of the `classification` member of each labelled object of a collection.
fn labelled(pointers: &mut Vec<String>, collection: &str, labels: &mut dyn Iterator<Item = bool>) {
    for (i, has_label) in labels.enumerate() {
        if has_label {
            let mut pointer = format!("/{collection}");
            push_index(&mut pointer, i);
            pointer.push_str("/classification");
            pointers.push(pointer);
        }
    }
}

/// Removes from `document` every member that `version` does not define.
pub fn remove_members_newer_than(document: &mut Document, version: FormatVersion) {
    if version >= FormatVersion::V1_1 {
        return;
    }
    document.classification = None;
    document.redaction = None;
    document.revision = None;
    document.annotations.clear();
    document
        .taxonomies
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .trust_zones
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .elements
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .data_flows
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .data_assets
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .trust_boundaries
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .threats
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .mitigations
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .assumptions
        .iter_mut()
        .for_each(|x| x.classification = None);
    document
        .views
        .iter_mut()
        .for_each(|x| x.classification = None);
}
