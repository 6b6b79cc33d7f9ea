//! Effective classification labels, as TMIF 1.1 defines them.
//!
//! An object's effective label is the strictest of:
//!
//! - the document's label (TLP:CLEAR when the document has none);
//! - the object's own label, if any;
//! - the effective labels of the objects it belongs to or touches:
//!   - a trust zone: its parent zone;
//!   - an element: its zone and its parent element;
//!   - a data flow: its source, its target and the data assets it carries;
//!   - a trust boundary: the zones it separates;
//!   - a threat and an assumption: the objects they affect;
//!   - an annotation: the objects it is about and the annotation it answers.
//!
//! Data assets, mitigations, taxonomies and views depend on nothing but the
//! document and their own label. References that resolve to nothing add
//! nothing, and links that loop (a `parent` chain, annotations that answer
//! or are about each other) give every object on the loop the strictest
//! label found on it.

use std::collections::HashMap;

use crate::model::{Document, Id, Tlp};

/// The effective label of every identifiable object of a document, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    floor: Tlp,
    labels: HashMap<String, Tlp>,
}

impl Labels {
    /// The label of the document itself: the floor of every other label.
    pub fn document(&self) -> Tlp {
        self.floor
    }

    /// Returns the effective label of the object with `id`, or `None` when
    /// no identifiable object has that id.
    pub fn get(&self, id: &str) -> Option<Tlp> {
        self.labels.get(id).copied()
    }

    /// Iterates over every object's id and effective label.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Tlp)> {
        self.labels.iter().map(|(id, label)| (id.as_str(), *label))
    }
}

/// Computes the effective label of every identifiable object of `document`.
///
/// With duplicate ids, the first object with an id gives its label.
pub fn effective_labels(document: &Document) -> Labels {
    let floor = document.classification.unwrap_or(Tlp::Clear);
    let mut labels: HashMap<String, Tlp> = HashMap::new();
    let raise = |own: Option<Tlp>| own.map_or(floor, |own| own.max(floor));
    let set = |labels: &mut HashMap<String, Tlp>, id: &Id, label: Tlp| {
        labels.entry(id.as_str().to_owned()).or_insert(label);
    };

    // Objects that depend on nothing but their own label.
    set(&mut labels, &document.id, floor);
    for item in &document.taxonomies {
        set(&mut labels, &item.id, raise(item.classification));
    }
    for item in &document.data_assets {
        set(&mut labels, &item.id, raise(item.classification));
    }
    for item in &document.mitigations {
        set(&mut labels, &item.id, raise(item.classification));
    }
    for item in &document.views {
        set(&mut labels, &item.id, raise(item.classification));
    }

    // Trust zones and elements follow their `parent` chains.
    let zones: HashMap<&str, (Option<Tlp>, Option<&str>)> = document
        .trust_zones
        .iter()
        .map(|zone| {
            (
                zone.id.as_str(),
                (zone.classification, zone.parent.as_ref().map(Id::as_str)),
            )
        })
        .collect();
    for zone in &document.trust_zones {
        let label = chain_label(zone.id.as_str(), &zones, floor);
        set(&mut labels, &zone.id, label);
    }
    let zone_label = |id: Option<&Id>| {
        id.and_then(|id| labels.get(id.as_str()).copied())
            .unwrap_or(floor)
    };
    let elements: HashMap<&str, (Option<Tlp>, Option<&str>)> = document
        .elements
        .iter()
        .map(|element| {
            let own = element
                .classification
                .max(Some(zone_label(element.zone.as_ref())));
            (
                element.id.as_str(),
                (own, element.parent.as_ref().map(Id::as_str)),
            )
        })
        .collect();
    let mut element_labels = Vec::with_capacity(document.elements.len());
    for element in &document.elements {
        element_labels.push(chain_label(element.id.as_str(), &elements, floor));
    }
    for (element, label) in document.elements.iter().zip(element_labels) {
        set(&mut labels, &element.id, label);
    }

    // Objects that touch others take the strictest label among them.
    let strictest =
        |labels: &HashMap<String, Tlp>, own: Option<Tlp>, ids: &mut dyn Iterator<Item = &Id>| {
            ids.filter_map(|id| labels.get(id.as_str()).copied())
                .fold(raise(own), Tlp::max)
        };
    let mut flow_labels = Vec::with_capacity(document.data_flows.len());
    for flow in &document.data_flows {
        let mut touched = [&flow.source, &flow.target]
            .into_iter()
            .chain(&flow.data_assets);
        flow_labels.push(strictest(&labels, flow.classification, &mut touched));
    }
    for (flow, label) in document.data_flows.iter().zip(flow_labels) {
        set(&mut labels, &flow.id, label);
    }
    for boundary in &document.trust_boundaries {
        let label = strictest(&labels, boundary.classification, &mut boundary.zones.iter());
        set(&mut labels, &boundary.id, label);
    }
    for threat in &document.threats {
        let label = strictest(&labels, threat.classification, &mut threat.affects.iter());
        set(&mut labels, &threat.id, label);
    }
    for assumption in &document.assumptions {
        let label = strictest(
            &labels,
            assumption.classification,
            &mut assumption.affects.iter(),
        );
        set(&mut labels, &assumption.id, label);
    }
    // An annotation may be about or answer other annotations, in any order
    // and in loops, so annotation labels are raised along those links until
    // none rises. Each label rises at most four times, which bounds the work.
    let position: HashMap<&str, usize> = document
        .annotations
        .iter()
        .enumerate()
        .rev()
        .map(|(i, annotation)| (annotation.id.as_str(), i))
        .collect();
    let mut annotation_labels: Vec<Tlp> = Vec::with_capacity(document.annotations.len());
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); document.annotations.len()];
    for (i, annotation) in document.annotations.iter().enumerate() {
        annotation_labels.push(strictest(
            &labels,
            annotation.classification,
            &mut annotation.about.iter(),
        ));
        for target in annotation.about.iter().chain(&annotation.reply_to) {
            if let Some(&j) = position.get(target.as_str()) {
                dependents[j].push(i);
            }
        }
    }
    let mut pending: Vec<usize> = (0..document.annotations.len()).collect();
    while let Some(j) = pending.pop() {
        for &i in &dependents[j] {
            if annotation_labels[j] > annotation_labels[i] {
                annotation_labels[i] = annotation_labels[j];
                pending.push(i);
            }
        }
    }
    for (annotation, label) in document.annotations.iter().zip(annotation_labels) {
        set(&mut labels, &annotation.id, label);
    }

    Labels { floor, labels }
}

/// The strictest label along the chain of `parent` links that starts at `id`,
/// stopping when the chain ends, leaves the map, or returns to an object
/// already visited.
fn chain_label(id: &str, objects: &HashMap<&str, (Option<Tlp>, Option<&str>)>, floor: Tlp) -> Tlp {
    let mut label = floor;
    let mut current = Some(id);
    let mut visited = Vec::new();
    while let Some(at) = current {
        if visited.contains(&at) {
            break;
        }
        visited.push(at);
        let Some((own, parent)) = objects.get(at) else {
            break;
        };
        label = label.max(own.unwrap_or(floor));
        current = *parent;
    }
    label
}
