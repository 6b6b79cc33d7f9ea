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
//! nothing, and a `parent` chain that loops is followed once around.

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
    let zones = first_by_id(document.trust_zones.iter().map(|zone| {
        (
            zone.id.as_str(),
            (zone.classification, zone.parent.as_ref().map(Id::as_str)),
        )
    }));
    for zone in &document.trust_zones {
        let label = chain_label(zone.id.as_str(), &zones, floor);
        set(&mut labels, &zone.id, label);
    }
    let zone_label = |id: Option<&Id>| {
        id.and_then(|id| labels.get(id.as_str()).copied())
            .unwrap_or(floor)
    };
    let elements = first_by_id(document.elements.iter().map(|element| {
        let own = element
            .classification
            .max(Some(zone_label(element.zone.as_ref())));
        (
            element.id.as_str(),
            (own, element.parent.as_ref().map(Id::as_str)),
        )
    }));
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
    let annotation_labels = annotation_labels(document, &labels, raise);
    for (annotation, label) in document.annotations.iter().zip(annotation_labels) {
        set(&mut labels, &annotation.id, label);
    }

    Labels { floor, labels }
}

/// Computes the effective label of each annotation, in document order.
///
/// An annotation can be about other annotations and can reply to one, and
/// these links can form loops. Each annotation starts at the strictest of its own
/// label and the labels in `labels` of the other objects it is about. A
/// label then flows from each annotation to the annotations that are about
/// it or reply to it until nothing changes. Labels only rise and have five
/// levels, so each annotation changes at most four times.
fn annotation_labels(
    document: &Document,
    labels: &HashMap<String, Tlp>,
    raise: impl Fn(Option<Tlp>) -> Tlp,
) -> Vec<Tlp> {
    let annotations = &document.annotations;
    // With duplicate ids, the first annotation with an id is the one referenced.
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (i, annotation) in annotations.iter().enumerate() {
        position.entry(annotation.id.as_str()).or_insert(i);
    }

    let mut current = Vec::with_capacity(annotations.len());
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); annotations.len()];
    for (i, annotation) in annotations.iter().enumerate() {
        let mut label = raise(annotation.classification);
        for id in annotation.about.iter().chain(&annotation.reply_to) {
            // An id that another kind of object already has names that object.
            if let Some(other) = labels.get(id.as_str()) {
                label = label.max(*other);
            } else if let Some(&referenced) = position.get(id.as_str()) {
                dependents[referenced].push(i);
            }
        }
        current.push(label);
    }

    let mut pending: Vec<usize> = (0..annotations.len()).collect();
    while let Some(source) = pending.pop() {
        for &dependent in &dependents[source] {
            if current[source] > current[dependent] {
                current[dependent] = current[source];
                pending.push(dependent);
            }
        }
    }
    current
}

/// Collects `(id, value)` pairs into a map in which the first pair with an
/// id wins, as the first object with an id gives its label.
fn first_by_id<'a, T>(pairs: impl Iterator<Item = (&'a str, T)>) -> HashMap<&'a str, T> {
    let mut map = HashMap::new();
    for (id, value) in pairs {
        map.entry(id).or_insert(value);
    }
    map
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
