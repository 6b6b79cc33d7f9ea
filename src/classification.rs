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
/// An id that several objects share, which makes a document invalid, gets
/// the strictest of their labels, so a redaction removes all of them
/// rather than keeping a confidential object under a public one's id.
pub fn effective_labels(document: &Document) -> Labels {
    let floor = document.classification.unwrap_or(Tlp::Clear);
    let mut graph = Graph::new(floor);

    graph.add(&document.id, None, []);
    for item in &document.taxonomies {
        graph.add(&item.id, item.classification, []);
    }
    for item in &document.data_assets {
        graph.add(&item.id, item.classification, []);
    }
    for item in &document.mitigations {
        graph.add(&item.id, item.classification, []);
    }
    for item in &document.views {
        graph.add(&item.id, item.classification, []);
    }
    for zone in &document.trust_zones {
        graph.add(&zone.id, zone.classification, &zone.parent);
    }
    for element in &document.elements {
        let links = element.zone.iter().chain(&element.parent);
        graph.add(&element.id, element.classification, links);
    }
    for flow in &document.data_flows {
        let links = [&flow.source, &flow.target]
            .into_iter()
            .chain(&flow.data_assets);
        graph.add(&flow.id, flow.classification, links);
    }
    for boundary in &document.trust_boundaries {
        graph.add(&boundary.id, boundary.classification, &boundary.zones);
    }
    for threat in &document.threats {
        graph.add(&threat.id, threat.classification, &threat.affects);
    }
    for assumption in &document.assumptions {
        graph.add(
            &assumption.id,
            assumption.classification,
            &assumption.affects,
        );
    }
    for annotation in &document.annotations {
        let links = annotation.about.iter().chain(&annotation.reply_to);
        graph.add(&annotation.id, annotation.classification, links);
    }

    Labels {
        floor,
        labels: graph.solve(),
    }
}

/// Every identifiable object with its label and the ids whose labels it takes.
///
/// Labels are raised along the links until none rises. Links may point
/// forward, backward or around a loop, and every object on a loop ends with
/// the strictest label found on it. Each label rises at most four times,
/// so the work is linear in the number of links.
struct Graph<'a> {
    floor: Tlp,
    ids: Vec<&'a str>,
    labels: Vec<Tlp>,
    links: Vec<Vec<&'a str>>,
}

impl<'a> Graph<'a> {
    fn new(floor: Tlp) -> Self {
        Graph {
            floor,
            ids: Vec::new(),
            labels: Vec::new(),
            links: Vec::new(),
        }
    }

    fn add(&mut self, id: &'a Id, own: Option<Tlp>, links: impl IntoIterator<Item = &'a Id>) {
        self.ids.push(id.as_str());
        self.labels
            .push(own.map_or(self.floor, |own| own.max(self.floor)));
        self.links.push(links.into_iter().map(Id::as_str).collect());
    }

    /// Raises the labels to the fixed point and returns them by id.
    fn solve(mut self) -> HashMap<String, Tlp> {
        let mut objects: HashMap<&str, Vec<usize>> = HashMap::with_capacity(self.ids.len());
        for (i, id) in self.ids.iter().enumerate() {
            objects.entry(id).or_default().push(i);
        }
        // `dependents[j]` lists the objects whose label is at least that of object `j`.
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); self.ids.len()];
        for (i, links) in self.links.iter().enumerate() {
            for target in links {
                for &j in objects.get(target).into_iter().flatten() {
                    dependents[j].push(i);
                }
            }
        }
        // Objects that share an id form a ring, so that they end with one label.
        for sharing in objects.values().filter(|sharing| sharing.len() > 1) {
            for (k, &j) in sharing.iter().enumerate() {
                dependents[j].push(sharing[(k + 1) % sharing.len()]);
            }
        }

        let mut pending: Vec<usize> = (0..self.ids.len()).collect();
        while let Some(j) = pending.pop() {
            for &i in &dependents[j] {
                if self.labels[j] > self.labels[i] {
                    self.labels[i] = self.labels[j];
                    pending.push(i);
                }
            }
        }
        self.ids
            .iter()
            .zip(self.labels)
            .map(|(id, label)| ((*id).to_owned(), label))
            .collect()
    }
}
