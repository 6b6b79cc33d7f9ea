//! Semantic diff of two revisions of a threat model.
//!
//! Objects are matched by id across every collection, so a rename or a move
//! shows as a change of one object rather than a removal and an addition.
//! Diagram views are layout only and are compared only when
//! [`DiffOptions::layout`] is set.
//!
//! A [`Diff`] also lists the reach of the changes. The reach is the data
//! flows that cross a trust boundary, either from one trust zone into
//! another or across a trust boundary that lists them, the data assets that
//! cross one for the first time, the elements one hop away from a change, and the
//! threats to look at again.
//!
//! ```
//! use tmif::diff::{DiffOptions, diff};
//! use tmif::model::Document;
//!
//! let old = Document::new("shop", "Web shop");
//! let mut new = old.clone();
//! new.title = "Online shop".into();
//! let changes = diff(&old, &new, &DiffOptions::default());
//! assert_eq!(changes.document[0].pointer, "/title");
//! assert!(!changes.is_empty());
//! ```

mod markdown;
mod objects;
mod reach;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Document, Id, ThreatStatus};

pub use markdown::to_markdown;

/// Options of a diff.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// Whether to compare the diagram views too; they are layout only, so
    /// they are ignored by default.
    pub layout: bool,
}

/// The kind of an identifiable object, named after its collection.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    Taxonomy,
    TrustZone,
    Element,
    DataFlow,
    DataAsset,
    TrustBoundary,
    Threat,
    Mitigation,
    Assumption,
    Annotation,
    View,
}

impl ObjectKind {
    /// Every kind, in the member order of the canonical form.
    pub const ALL: [ObjectKind; 11] = [
        ObjectKind::Taxonomy,
        ObjectKind::TrustZone,
        ObjectKind::Element,
        ObjectKind::DataFlow,
        ObjectKind::DataAsset,
        ObjectKind::TrustBoundary,
        ObjectKind::Threat,
        ObjectKind::Mitigation,
        ObjectKind::Assumption,
        ObjectKind::Annotation,
        ObjectKind::View,
    ];

    /// The name of the document member that contains objects of this kind.
    pub fn collection(self) -> &'static str {
        match self {
            ObjectKind::Taxonomy => "taxonomies",
            ObjectKind::TrustZone => "trustZones",
            ObjectKind::Element => "elements",
            ObjectKind::DataFlow => "dataFlows",
            ObjectKind::DataAsset => "dataAssets",
            ObjectKind::TrustBoundary => "trustBoundaries",
            ObjectKind::Threat => "threats",
            ObjectKind::Mitigation => "mitigations",
            ObjectKind::Assumption => "assumptions",
            ObjectKind::Annotation => "annotations",
            ObjectKind::View => "views",
        }
    }

    /// Returns the plural noun for people, such as `trust zones`.
    pub fn plural(self) -> &'static str {
        match self {
            ObjectKind::Taxonomy => "taxonomies",
            ObjectKind::TrustZone => "trust zones",
            ObjectKind::Element => "elements",
            ObjectKind::DataFlow => "data flows",
            ObjectKind::DataAsset => "data assets",
            ObjectKind::TrustBoundary => "trust boundaries",
            ObjectKind::Threat => "threats",
            ObjectKind::Mitigation => "mitigations",
            ObjectKind::Assumption => "assumptions",
            ObjectKind::Annotation => "annotations",
            ObjectKind::View => "views",
        }
    }
}

/// The semantic difference between an old and a new revision of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "TMIF diff")]
pub struct Diff {
    /// The old revision.
    pub old: Revision,
    /// The new revision.
    pub new: Revision,
    /// Whether diagram views were compared.
    pub layout: bool,
    /// The number of changes of each sort.
    pub summary: Summary,
    /// Changed members of the document itself, such as `/title` or `/license`.
    pub document: Vec<MemberChange>,
    /// Objects whose id is only in the new revision, in document order.
    pub added: Vec<ObjectRef>,
    /// Objects whose id is only in the old revision, in document order.
    pub removed: Vec<ObjectRef>,
    /// Objects present in both revisions whose members differ, in the
    /// document order of the new revision.
    pub changed: Vec<ObjectChange>,
    /// The reach of the changes.
    pub reach: Reach,
}

impl Diff {
    /// Returns `true` when the two revisions hold the same objects and members.
    ///
    /// The reach is derived from the changes, so it is empty too.
    pub fn is_empty(&self) -> bool {
        self.document.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

/// The identity of one revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    /// The document's `id`.
    pub id: Id,
    /// The document's `title`.
    pub title: String,
    /// The document's format version, the `tmif` member.
    pub version: String,
    /// The version the document declared before it was migrated for the
    /// comparison; absent when it was compared as it is. [`diff`] leaves it
    /// absent, and `tmif diff` sets it when it migrates the older input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrated_from: Option<String>,
}

/// The number of changes of each sort.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Changed document members.
    pub document: usize,
    /// Added objects.
    pub added: usize,
    /// Removed objects.
    pub removed: usize,
    /// Changed objects, renamed and moved ones included.
    pub changed: usize,
    /// Changed objects whose `name` or `title` differs.
    pub renamed: usize,
    /// Changed elements and zones whose `zone` or `parent` differs.
    pub moved: usize,
    /// Counts by kind of object, for the kinds with at least one change.
    pub kinds: Vec<KindCount>,
}

/// The number of added, removed and changed objects of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KindCount {
    /// The kind of object.
    pub kind: ObjectKind,
    /// Added objects of this kind.
    pub added: usize,
    /// Removed objects of this kind.
    pub removed: usize,
    /// Changed objects of this kind.
    pub changed: usize,
}

/// An object of one revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    /// The kind of object.
    pub kind: ObjectKind,
    /// The object's id.
    pub id: Id,
    /// The object's `name` or `title`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The JSON Pointer of the object in its revision, such as `/elements/3`.
    pub pointer: String,
}

/// An object present in both revisions whose members differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ObjectChange {
    /// The kind of object.
    pub kind: ObjectKind,
    /// The object's id.
    pub id: Id,
    /// The object's `name` or `title` in the new revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The JSON Pointer of the object in the old revision.
    pub old_pointer: String,
    /// The JSON Pointer of the object in the new revision.
    pub pointer: String,
    /// The old and new name, when the `name` or `title` changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Rename>,
    /// The containers that changed: `zone` and `parent` of an element,
    /// `parent` of a trust zone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<Move>,
    /// Every changed member, the rename and the moves included.
    pub members: Vec<MemberChange>,
}

/// A change of an object's `name` or `title`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rename {
    /// The name in the old revision, absent when the object had none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The name in the new revision, absent when the object has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

/// A change of the container of an element or a trust zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    /// The member that changed: `zone` or `parent`.
    pub member: String,
    /// The id of the old container, absent when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Id>,
    /// The id of the new container, absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Id>,
}

/// One changed member of an object or of the document.
///
/// Objects are compared member by member down to the leaves, except that an
/// array is compared as a whole, so a changed list of references shows as
/// one change with both lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberChange {
    /// The JSON Pointer of the member relative to its object, such as `/name`;
    /// for a document member, the same as `documentPointer`.
    pub pointer: String,
    /// The JSON Pointer of the member in the new revision, or in the old one
    /// when the object is only there.
    pub document_pointer: String,
    /// The old value, absent when the member was absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value, absent when the member is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// The reach of the changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reach {
    /// Added or changed data flows that cross in the new revision, because
    /// their ends sit in different trust zones or a trust boundary lists
    /// them, and unchanged ones whose crossing changed.
    pub crossing_flows: Vec<CrossingFlow>,
    /// Data assets that a crossing flow carries in the new revision and no
    /// crossing flow carried in the old one.
    pub newly_crossing_assets: Vec<CrossingAsset>,
    /// Unchanged elements one data flow away, in either direction, from an
    /// added, removed or changed element or data flow.
    pub neighbours: Vec<Neighbour>,
    /// Threats that were added, changed, or that affect a changed object.
    pub threats: ThreatReach,
}

/// The cause of listing a flow as crossing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CrossingCause {
    /// The flow is new.
    Added,
    /// The flow itself changed.
    Changed,
    /// The flow is unchanged, but the zone of its source or target changed.
    ZonesChanged,
    /// The flow and its zones are unchanged, but the trust boundaries that
    /// list it in their `crossingFlows` changed.
    BoundariesChanged,
}

/// A data flow whose source and target sit in different trust zones, or that
/// a trust boundary lists in its `crossingFlows`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossingFlow {
    /// The flow's id.
    pub id: Id,
    /// The flow's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The cause of listing the flow.
    pub cause: CrossingCause,
    /// The id of the source element.
    pub source: Id,
    /// The id of the target element.
    pub target: Id,
    /// The effective trust zone of the source, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_zone: Option<Id>,
    /// The effective trust zone of the target, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_zone: Option<Id>,
    /// The trust boundaries that list the flow in their `crossingFlows`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<Id>,
}

/// A data asset that crosses a trust boundary for the first time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossingAsset {
    /// The asset's id.
    pub id: Id,
    /// The asset's name.
    pub name: String,
    /// The zone-crossing flows of the new revision that carry it.
    pub flows: Vec<Id>,
}

/// An element next to a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Neighbour {
    /// The element's id.
    pub id: Id,
    /// The element's name.
    pub name: String,
    /// The ids of the changed elements and flows it is next to.
    pub near: Vec<Id>,
}

/// The threats a change touches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThreatReach {
    /// Threats only in the new revision.
    pub added: Vec<ThreatRef>,
    /// Threats whose status changed.
    pub status_changed: Vec<StatusChange>,
    /// Threats that changed with the same status.
    pub changed: Vec<ThreatRef>,
    /// Threats in both revisions that affect, in either revision, an
    /// object that was added, removed or changed.
    pub affecting: Vec<AffectingThreat>,
}

/// A threat and its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThreatRef {
    /// The threat's id.
    pub id: Id,
    /// The threat's title.
    pub title: String,
    /// The threat's status.
    pub status: ThreatStatus,
}

/// The direction of a change of threat status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Transition {
    /// From `open` to any other status.
    Closed,
    /// From another status back to `open`.
    Reopened,
    /// Between two statuses other than `open`.
    Changed,
}

/// A threat whose status changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    /// The threat's id.
    pub id: Id,
    /// The threat's title in the new revision.
    pub title: String,
    /// The old status.
    pub from: ThreatStatus,
    /// The new status.
    pub to: ThreatStatus,
    /// The direction of the change.
    pub transition: Transition,
}

/// An existing threat that affects a changed object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AffectingThreat {
    /// The threat's id.
    pub id: Id,
    /// The threat's title in the new revision.
    pub title: String,
    /// The threat's status in the new revision.
    pub status: ThreatStatus,
    /// The ids of the added, removed or changed objects it affects.
    pub affects: Vec<Id>,
}

impl Transition {
    /// Classifies a status change; `None` when the status is the same.
    pub fn of(from: ThreatStatus, to: ThreatStatus) -> Option<Transition> {
        match (from, to) {
            _ if from == to => None,
            (ThreatStatus::Open, _) => Some(Transition::Closed),
            (_, ThreatStatus::Open) => Some(Transition::Reopened),
            _ => Some(Transition::Changed),
        }
    }
}

/// Compares two revisions of a document.
///
/// Objects are matched by id with hash maps, so the time grows linearly
/// with the size of the documents. Both documents are compared as they are:
/// when their format versions differ, migrate the older one first, or the
/// `tmif` member shows as changed. An invalid document gives a diff of the
/// objects it contains, and objects that share an id are matched in
/// document order.
pub fn diff(old: &Document, new: &Document, options: &DiffOptions) -> Diff {
    let document = objects::document_members(old, new);
    let matched = objects::compare_objects(old, new, options);
    let reach = reach::reach(old, new, &matched);
    let summary = summarize(&document, &matched);
    Diff {
        old: revision(old),
        new: revision(new),
        layout: options.layout,
        summary,
        document,
        added: matched.added,
        removed: matched.removed,
        changed: matched.changed,
        reach,
    }
}

fn revision(document: &Document) -> Revision {
    Revision {
        id: document.id.clone(),
        title: document.title.clone(),
        version: document.tmif.clone(),
        migrated_from: None,
    }
}

fn summarize(document: &[MemberChange], matched: &objects::Matched) -> Summary {
    let mut kinds: Vec<KindCount> = ObjectKind::ALL
        .iter()
        .map(|&kind| KindCount {
            kind,
            added: 0,
            removed: 0,
            changed: 0,
        })
        .collect();
    let slot = |kind: ObjectKind| kind as usize;
    for object in &matched.added {
        kinds[slot(object.kind)].added += 1;
    }
    for object in &matched.removed {
        kinds[slot(object.kind)].removed += 1;
    }
    for object in &matched.changed {
        kinds[slot(object.kind)].changed += 1;
    }
    kinds.retain(|count| count.added + count.removed + count.changed > 0);
    Summary {
        document: document.len(),
        added: matched.added.len(),
        removed: matched.removed.len(),
        changed: matched.changed.len(),
        renamed: matched
            .changed
            .iter()
            .filter(|c| c.renamed.is_some())
            .count(),
        moved: matched
            .changed
            .iter()
            .filter(|c| !c.moved.is_empty())
            .count(),
        kinds,
    }
}

/// Cuts `text` to at most `width` characters, ending it with `…` when it was longer.
pub fn shorten(text: &str, width: usize) -> String {
    match text.char_indices().nth(width.saturating_sub(1)) {
        Some((end, _)) if text[end..].chars().nth(1).is_some() => format!("{}…", &text[..end]),
        _ => text.to_owned(),
    }
}

/// Generates the JSON Schema (draft 2020-12) of the JSON form of [`Diff`],
/// which `tmif diff --format json` writes.
///
/// The committed file `schemas/diff.schema.json` is this value, pretty
/// printed with a final newline; a test fails when the two differ.
pub fn json_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut value = generator.into_root_schema_for::<Diff>().to_value();
    if let Value::Object(members) = &mut value {
        members.insert("$id".into(), Value::from("urn:tmif:diff-schema:1"));
    }
    value
}
