//! The contents of a diagram: the zones, elements and flows of one document, or
//! the union of two revisions with the status of each object.

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::diff::{Diff, ObjectKind, ThreatReach, ThreatRef};
use crate::model::{Document, ElementKind, Id};
use crate::zones::ZoneMap;

/// The difference of a diagram's object between the old and the new revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Only in the new revision.
    Added,
    /// Only in the old revision.
    Removed,
    /// In both revisions, and the diff lists it as changed, renamed or moved.
    Changed,
    /// In both revisions with the same members, or the only revision drawn.
    Unchanged,
}

impl Status {
    /// Every status, in the order a legend lists them.
    pub const ALL: [Status; 4] = [
        Status::Added,
        Status::Removed,
        Status::Changed,
        Status::Unchanged,
    ];

    /// Returns the lowercase name used as CSS class and `data-status` value, such as `added`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
        }
    }

    /// Returns the one-character marker drawn beside a changed object: `+`, `−` (U+2212) or `~`.
    pub fn marker(self) -> Option<char> {
        match self {
            Status::Added => Some('+'),
            Status::Removed => Some('\u{2212}'),
            Status::Changed => Some('~'),
            Status::Unchanged => None,
        }
    }
}

/// A trust zone of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneZone {
    /// The zone's id.
    pub id: Id,
    /// The zone's name.
    pub name: String,
    /// The index in [`Scene::zones`] of the zone that contains this one.
    /// Always `None` for a zone whose `parent` is missing or on a `parent` loop.
    pub parent: Option<usize>,
    /// The zone's status.
    pub status: Status,
}

/// An element of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneElement {
    /// The element's id.
    pub id: Id,
    /// The element's name.
    pub name: String,
    /// Process, data store or external entity.
    pub kind: ElementKind,
    /// The index in [`Scene::zones`] of the element's effective zone, or
    /// `None` when it has none or the zone does not exist.
    pub zone: Option<usize>,
    /// The element's status.
    pub status: Status,
}

/// A data flow of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneFlow {
    /// The flow's id.
    pub id: Id,
    /// The flow's name, or else its protocol, when it has either.
    pub label: Option<String>,
    /// The index in [`Scene::elements`] of the source element.
    pub source: usize,
    /// The index in [`Scene::elements`] of the target element.
    pub target: usize,
    /// Whether data moves both ways.
    pub bidirectional: bool,
    /// The flow's status.
    pub status: Status,
}

/// An added, removed or changed object, for the list beside a diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedObject {
    /// Added, removed or changed.
    pub status: Status,
    /// The kind of object.
    pub kind: ObjectKind,
    /// The object's id.
    pub id: Id,
    /// The object's name or title, when it has one.
    pub name: Option<String>,
}

/// The changes between two revisions, for the list beside a diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    /// The name of the old revision in headings: its title, unless the
    /// caller sets another, such as a file name or a git revision.
    pub old_label: String,
    /// The name of the new revision in headings, as for `old_label`.
    pub new_label: String,
    /// The JSON Pointers of changed document members, such as `/title`.
    pub document_members: Vec<String>,
    /// Added objects, then removed ones, then changed ones, each in document order.
    pub objects: Vec<ChangedObject>,
    /// Threats that were added, changed, or that affect a changed object.
    pub threats: ThreatReach,
}

/// Everything a diagram shows, before layout.
///
/// Zones, elements and flows are each listed once, by id. In a diagram of
/// a change, removed objects come from the old revision and all others from
/// the new one, so a moved element sits in its new zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The model's title (of the new revision in a diff).
    pub title: String,
    /// The trust zones.
    pub zones: Vec<SceneZone>,
    /// The elements.
    pub elements: Vec<SceneElement>,
    /// The data flows whose source and target are both drawn.
    pub flows: Vec<SceneFlow>,
    /// The number of data flows left out because their source or target
    /// element does not exist.
    pub skipped_flows: usize,
    /// Every threat of the document with its status; empty in a diagram of a change.
    pub threats: Vec<ThreatRef>,
    /// The changes, in a diagram of a change; `None` for a single document.
    pub changes: Option<Changes>,
}

impl Scene {
    /// Builds the scene of one document, with every object [`Status::Unchanged`].
    ///
    /// A document that is not valid still gives a scene: of objects that
    /// share an id the first is kept, and zone `parent` loops are cut.
    pub fn of_document(document: &Document) -> Scene {
        let mut builder = Builder::default();
        builder.add_document(document, &Statuses::default(), None);
        let threats = document
            .threats
            .iter()
            .map(|threat| ThreatRef {
                id: threat.id.clone(),
                title: threat.title.clone(),
                status: threat.status,
            })
            .collect();
        builder.finish(document.title.clone(), threats, None)
    }

    /// Builds the scene of a change from `old` to `new`, with the status of
    /// each object taken from `diff`, which must be the diff of the two.
    pub fn of_diff(old: &Document, new: &Document, diff: &Diff) -> Scene {
        let statuses = Statuses::from_diff(diff);
        let mut builder = Builder::default();
        builder.add_document(new, &statuses, None);
        builder.add_document(old, &statuses, Some(Status::Removed));
        let mut objects = Vec::new();
        let lists = [
            (Status::Added, &diff.added),
            (Status::Removed, &diff.removed),
        ];
        for (status, list) in lists {
            objects.extend(list.iter().map(|object| ChangedObject {
                status,
                kind: object.kind,
                id: object.id.clone(),
                name: object.name.clone(),
            }));
        }
        objects.extend(diff.changed.iter().map(|object| ChangedObject {
            status: Status::Changed,
            kind: object.kind,
            id: object.id.clone(),
            name: object.name.clone(),
        }));
        let changes = Changes {
            old_label: diff.old.title.clone(),
            new_label: diff.new.title.clone(),
            document_members: diff.document.iter().map(|m| m.pointer.clone()).collect(),
            objects,
            threats: diff.reach.threats.clone(),
        };
        builder.finish(new.title.clone(), Vec::new(), Some(changes))
    }
}

/// The ids the diff lists as added, removed and changed, by kind.
#[derive(Default)]
struct Statuses {
    by_object: HashMap<(ObjectKind, String), Status>,
}

impl Statuses {
    fn from_diff(diff: &Diff) -> Self {
        let mut by_object = HashMap::new();
        for object in &diff.added {
            by_object.insert((object.kind, object.id.to_string()), Status::Added);
        }
        for object in &diff.removed {
            by_object.insert((object.kind, object.id.to_string()), Status::Removed);
        }
        for object in &diff.changed {
            by_object.insert((object.kind, object.id.to_string()), Status::Changed);
        }
        Statuses { by_object }
    }

    fn of(&self, kind: ObjectKind, id: &Id) -> Status {
        // The lookup key is owned, so build it only when there is a diff.
        if self.by_object.is_empty() {
            return Status::Unchanged;
        }
        self.by_object
            .get(&(kind, id.to_string()))
            .copied()
            .unwrap_or(Status::Unchanged)
    }
}

/// Collects the objects of one or two documents, each id once.
#[derive(Default)]
struct Builder {
    zones: Vec<SceneZone>,
    zone_index: HashMap<String, usize>,
    /// The `parent` id of each zone, resolved once every zone is known.
    zone_parents: Vec<Option<Id>>,
    elements: Vec<SceneElement>,
    element_index: HashMap<String, usize>,
    /// The effective zone id of each element, resolved once every zone is known.
    element_zones: Vec<Option<Id>>,
    /// Each flow with the ids of its ends, resolved once every element is known.
    flows: Vec<(SceneFlow, Id, Id)>,
    flow_ids: HashSet<String>,
}

impl Builder {
    /// Adds the objects of `document` whose ids are not yet in the scene.
    ///
    /// With `only` set, adds only the objects that `statuses` gives that
    /// status, which picks the removed objects from the old revision.
    fn add_document(&mut self, document: &Document, statuses: &Statuses, only: Option<Status>) {
        let wanted = |status: Status| only.is_none_or(|only| only == status);
        for zone in &document.trust_zones {
            let status = statuses.of(ObjectKind::TrustZone, &zone.id);
            if !wanted(status) || self.zone_index.contains_key(zone.id.as_str()) {
                continue;
            }
            self.zone_index
                .insert(zone.id.to_string(), self.zones.len());
            self.zones.push(SceneZone {
                id: zone.id.clone(),
                name: zone.name.clone(),
                parent: None,
                status,
            });
            self.zone_parents.push(zone.parent.clone());
        }
        let zone_map = ZoneMap::of(document);
        for element in &document.elements {
            let status = statuses.of(ObjectKind::Element, &element.id);
            if !wanted(status) || self.element_index.contains_key(element.id.as_str()) {
                continue;
            }
            self.element_index
                .insert(element.id.to_string(), self.elements.len());
            self.elements.push(SceneElement {
                id: element.id.clone(),
                name: element.name.clone(),
                kind: element.kind,
                zone: None,
                status,
            });
            self.element_zones
                .push(zone_map.zone_of(element.id.as_str()).cloned());
        }
        for flow in &document.data_flows {
            let status = statuses.of(ObjectKind::DataFlow, &flow.id);
            if !wanted(status) || !self.flow_ids.insert(flow.id.to_string()) {
                continue;
            }
            let label = flow.name.clone().or_else(|| flow.protocol.clone());
            let scene_flow = SceneFlow {
                id: flow.id.clone(),
                label,
                source: 0,
                target: 0,
                bidirectional: flow.bidirectional,
                status,
            };
            self.flows
                .push((scene_flow, flow.source.clone(), flow.target.clone()));
        }
    }

    fn finish(mut self, title: String, threats: Vec<ThreatRef>, changes: Option<Changes>) -> Scene {
        for (zone, parent) in self.zones.iter_mut().zip(&self.zone_parents) {
            zone.parent = parent
                .as_ref()
                .and_then(|id| self.zone_index.get(id.as_str()).copied());
        }
        cut_parent_loops(&mut self.zones);
        for (element, zone) in self.elements.iter_mut().zip(&self.element_zones) {
            element.zone = zone
                .as_ref()
                .and_then(|id| self.zone_index.get(id.as_str()).copied());
        }
        let mut flows = Vec::with_capacity(self.flows.len());
        let mut skipped_flows = 0;
        for (mut flow, source, target) in self.flows {
            let source = self.element_index.get(source.as_str());
            let target = self.element_index.get(target.as_str());
            match (source, target) {
                (Some(&source), Some(&target)) => {
                    flow.source = source;
                    flow.target = target;
                    flows.push(flow);
                }
                _ => skipped_flows += 1,
            }
        }
        Scene {
            title,
            zones: self.zones,
            elements: self.elements,
            flows,
            skipped_flows,
            threats,
            changes,
        }
    }
}

/// Removes one `parent` link from every loop of zone parents, so that the
/// zones form a forest. Each zone is visited once.
fn cut_parent_loops(zones: &mut [SceneZone]) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut marks = vec![Mark::New; zones.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..zones.len() {
        let mut at = Some(start);
        while let Some(zone) = at {
            match marks[zone] {
                Mark::Done => break,
                Mark::OnPath => {
                    // The walk came back to a zone of its own path: the last
                    // zone of the path closes the loop, so it loses its parent.
                    if let Some(&last) = path.last() {
                        zones[last].parent = None;
                    }
                    break;
                }
                Mark::New => {
                    marks[zone] = Mark::OnPath;
                    path.push(zone);
                    at = zones[zone].parent;
                }
            }
        }
        for zone in path.drain(..) {
            marks[zone] = Mark::Done;
        }
    }
}
