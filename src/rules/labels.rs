//! Classification labels that have no effect.

use super::registry::CLASSIFICATION_INEFFECTIVE;
use crate::classification::effective_labels;
use crate::diagnostic::Diagnostic;
use crate::model::{Document, Id, Tlp};

/// Warns about each object whose own label is less strict than the label it
/// inherits: the object is treated as the stricter label anyway.
pub fn check(document: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let mut own: Vec<(String, &Id, Tlp)> = Vec::new();
    collect(
        &mut own,
        "taxonomies",
        document
            .taxonomies
            .iter()
            .map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "trustZones",
        document
            .trust_zones
            .iter()
            .map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "elements",
        document.elements.iter().map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "dataFlows",
        document
            .data_flows
            .iter()
            .map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "dataAssets",
        document
            .data_assets
            .iter()
            .map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "trustBoundaries",
        document
            .trust_boundaries
            .iter()
            .map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "threats",
        document.threats.iter().map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "mitigations",
        document
            .mitigations
            .iter()
            .map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "assumptions",
        document
            .assumptions
            .iter()
            .map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "annotations",
        document
            .annotations
            .iter()
            .map(|x| (&x.id, x.classification)),
    );
    collect(
        &mut own,
        "views",
        document.views.iter().map(|x| (&x.id, x.classification)),
    );
    if own.is_empty() {
        return;
    }

    let labels = effective_labels(document);
    for (pointer, id, label) in own {
        let Some(effective) = labels.get(id.as_str()) else {
            continue;
        };
        if label < effective {
            diagnostics.push(Diagnostic::new(
                &CLASSIFICATION_INEFFECTIVE,
                pointer,
                format!(
                    "the object is labelled {label}, but it inherits {effective} from the document \
                     or the objects it belongs to or touches, so it is treated as {effective}; \
                     raise its label to {effective} or remove it"
                ),
            ));
        }
    }
}

/// Adds each labelled object of one collection, with the pointer of its label.
fn collect<'a>(
    own: &mut Vec<(String, &'a Id, Tlp)>,
    collection: &str,
    items: impl Iterator<Item = (&'a Id, Option<Tlp>)>,
) {
    for (i, (id, label)) in items.enumerate() {
        if let Some(label) = label {
            own.push((format!("/{collection}/{i}/classification"), id, label));
        }
    }
}
