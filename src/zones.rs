//! The effective trust zones of elements, and the data flows that cross
//! from one zone into another or cross an explicit trust boundary.

use foldhash::{HashMap, HashMapExt};

use crate::model::{DataFlow, Document, Element, Id};

/// The effective trust zone of each element of a document that has one.
///
/// An element's effective zone is its own `zone`, or else the zone of its
/// nearest ancestor, by `parent`, that has one. An element on a `parent` loop,
/// or below a missing parent, with no zone on the way, has none.
#[derive(Debug, Clone, Default)]
pub struct ZoneMap<'a> {
    zones: HashMap<&'a str, &'a Id>,
}

impl<'a> ZoneMap<'a> {
    /// Resolves the effective zone of every element of `document`.
    ///
    /// Each element is resolved once, so the time is linear in the number of
    /// elements.
    pub fn of(document: &'a Document) -> Self {
        enum State<'a> {
            Pending,
            Done(Option<&'a Id>),
        }
        let mut by_id: HashMap<&str, &Element> = HashMap::with_capacity(document.elements.len());
        for element in &document.elements {
            by_id.entry(element.id.as_str()).or_insert(element);
        }
        let mut states: HashMap<&str, State> = HashMap::with_capacity(document.elements.len());
        let mut path = Vec::new();
        for element in &document.elements {
            let mut current = Some(element);
            let zone = loop {
                let Some(at) = current else { break None };
                match states.get(at.id.as_str()) {
                    Some(State::Done(zone)) => break *zone,
                    // The walk came back to an element of its own path: a loop.
                    Some(State::Pending) => break None,
                    None => {}
                }
                if let Some(zone) = &at.zone {
                    break Some(zone);
                }
                states.insert(at.id.as_str(), State::Pending);
                path.push(at.id.as_str());
                current = at
                    .parent
                    .as_ref()
                    .and_then(|p| by_id.get(p.as_str()).copied());
            };
            if element.zone.is_some() {
                states.insert(element.id.as_str(), State::Done(zone));
            }
            for id in path.drain(..) {
                states.insert(id, State::Done(zone));
            }
        }
        let zones = states
            .into_iter()
            .filter_map(|(id, state)| match state {
                State::Done(Some(zone)) => Some((id, zone)),
                _ => None,
            })
            .collect();
        ZoneMap { zones }
    }

    /// Returns the effective zone of the element with id `element`, if it has one.
    pub fn zone_of(&self, element: &str) -> Option<&'a Id> {
        self.zones.get(element).copied()
    }

    /// Returns the effective zones of a flow's source and target, when both ends have
    /// one and the two differ. A flow with an end outside every zone crosses
    /// nothing that the model states.
    pub fn crossing(&self, flow: &DataFlow) -> Option<(&'a Id, &'a Id)> {
        let source = self.zone_of(flow.source.as_str())?;
        let target = self.zone_of(flow.target.as_str())?;
        (source != target).then_some((source, target))
    }
}

/// The crossing of one data flow from one area of trust into another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossing<'a> {
    /// The effective trust zone of the flow's source, if it has one.
    pub source_zone: Option<&'a Id>,
    /// The effective trust zone of the flow's target, if it has one.
    pub target_zone: Option<&'a Id>,
    /// The trust boundaries that list the flow in their `crossingFlows`, in
    /// document order.
    pub boundaries: Vec<&'a Id>,
}

impl Crossing<'_> {
    /// Returns whether the source and the target sit in two different zones.
    pub fn crosses_zones(&self) -> bool {
        matches!((self.source_zone, self.target_zone), (Some(s), Some(t)) if s != t)
    }
}

/// The zone crossings of a document together with its explicit trust
/// boundaries, which sources without zones draw as lines across flows.
#[derive(Debug, Clone, Default)]
pub struct Crossings<'a> {
    zones: ZoneMap<'a>,
    boundaries: HashMap<&'a str, Vec<&'a Id>>,
}

impl<'a> Crossings<'a> {
    /// Resolves the effective zones of `document` and indexes its trust
    /// boundaries by the flows they list.
    pub fn of(document: &'a Document) -> Self {
        let mut boundaries: HashMap<&str, Vec<&Id>> = HashMap::new();
        for boundary in &document.trust_boundaries {
            for flow in &boundary.crossing_flows {
                let listed = boundaries.entry(flow.as_str()).or_default();
                if listed.last() != Some(&&boundary.id) {
                    listed.push(&boundary.id);
                }
            }
        }
        Crossings {
            zones: ZoneMap::of(document),
            boundaries,
        }
    }

    /// Returns the effective zones of the document's elements.
    pub fn zones(&self) -> &ZoneMap<'a> {
        &self.zones
    }

    /// Returns how `flow` crosses, when its ends sit in different zones or a trust
    /// boundary lists it; `None` when it crosses neither.
    pub fn of_flow(&self, flow: &DataFlow) -> Option<Crossing<'a>> {
        let crossing = Crossing {
            source_zone: self.zones.zone_of(flow.source.as_str()),
            target_zone: self.zones.zone_of(flow.target.as_str()),
            boundaries: self
                .boundaries
                .get(flow.id.as_str())
                .cloned()
                .unwrap_or_default(),
        };
        (crossing.crosses_zones() || !crossing.boundaries.is_empty()).then_some(crossing)
    }

    /// Counts the `flows` that cross, as [`Crossings::of_flow`] decides.
    pub fn count<'d>(&self, flows: impl IntoIterator<Item = &'d DataFlow>) -> usize {
        flows
            .into_iter()
            .filter(|flow| self.of_flow(flow).is_some())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_inherit_the_zone_of_their_nearest_zoned_ancestor() {
        let document: Document = serde_json::from_value(serde_json::json!({
            "tmif": "1.0.0", "id": "m", "title": "M",
            "trustZones": [{"id": "dmz", "name": "DMZ"}, {"id": "lan", "name": "LAN"}],
            "elements": [
                {"id": "host", "name": "Host", "kind": "process", "zone": "dmz"},
                {"id": "app", "name": "App", "kind": "process", "parent": "host"},
                {"id": "worker", "name": "Worker", "kind": "process", "parent": "app"},
                {"id": "db", "name": "DB", "kind": "data-store", "zone": "lan", "parent": "host"},
                {"id": "loop-a", "name": "A", "kind": "process", "parent": "loop-b"},
                {"id": "loop-b", "name": "B", "kind": "process", "parent": "loop-a"},
                {"id": "orphan", "name": "O", "kind": "process", "parent": "missing"}
            ],
            "dataFlows": [
                {"id": "f1", "source": "worker", "target": "db"},
                {"id": "f2", "source": "worker", "target": "host"},
                {"id": "f3", "source": "orphan", "target": "db"}
            ]
        }))
        .unwrap();
        let zones = ZoneMap::of(&document);
        assert_eq!(zones.zone_of("worker").map(Id::as_str), Some("dmz"));
        assert_eq!(zones.zone_of("db").map(Id::as_str), Some("lan"));
        assert_eq!(zones.zone_of("loop-a"), None);
        assert_eq!(zones.zone_of("orphan"), None);
        assert_eq!(Crossings::of(&document).count(&document.data_flows), 1);
    }

    #[test]
    fn boundaries_make_flows_cross() {
        let document: Document = serde_json::from_value(serde_json::json!({
            "tmif": "1.0.0", "id": "m", "title": "M",
            "trustZones": [{"id": "dmz", "name": "DMZ"}, {"id": "lan", "name": "LAN"}],
            "elements": [
                {"id": "web", "name": "Web", "kind": "process", "zone": "dmz"},
                {"id": "db", "name": "DB", "kind": "data-store", "zone": "lan"},
                {"id": "user", "name": "User", "kind": "external-entity"}
            ],
            "dataFlows": [
                {"id": "login", "source": "user", "target": "web"},
                {"id": "query", "source": "web", "target": "db"},
                {"id": "report", "source": "db", "target": "db"}
            ],
            "trustBoundaries": [
                {"id": "edge", "crossingFlows": ["login", "login"]},
                {"id": "inner", "crossingFlows": ["login"]}
            ]
        }))
        .unwrap();
        let crossings = Crossings::of(&document);
        let login = crossings.of_flow(&document.data_flows[0]).unwrap();
        assert!(!login.crosses_zones());
        assert_eq!(login.source_zone, None);
        let boundaries: Vec<&str> = login.boundaries.iter().map(|id| id.as_str()).collect();
        assert_eq!(boundaries, ["edge", "inner"]);
        let query = crossings.of_flow(&document.data_flows[1]).unwrap();
        assert!(query.crosses_zones());
        assert!(query.boundaries.is_empty());
        assert_eq!(crossings.of_flow(&document.data_flows[2]), None);
        assert_eq!(crossings.count(&document.data_flows), 2);
    }
}
