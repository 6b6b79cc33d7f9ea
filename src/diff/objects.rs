//! Matching objects by id and comparing them member by member.

use foldhash::{HashMap, HashMapExt};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{MemberChange, Move, ObjectChange, ObjectKind, ObjectRef, Rename};
use crate::model::{
    Annotation, Assumption, DataAsset, DataFlow, Document, Element, Id, Mitigation, Taxonomy,
    Threat, TrustBoundary, TrustZone, View,
};

/// The objects of two revisions sorted into added, removed and changed.
pub(super) struct Matched {
    pub added: Vec<ObjectRef>,
    pub removed: Vec<ObjectRef>,
    pub changed: Vec<ObjectChange>,
}

/// A borrowed identifiable object of any kind.
#[derive(Clone, Copy)]
pub(super) enum Object<'a> {
    Taxonomy(&'a Taxonomy),
    TrustZone(&'a TrustZone),
    Element(&'a Element),
    DataFlow(&'a DataFlow),
    DataAsset(&'a DataAsset),
    TrustBoundary(&'a TrustBoundary),
    Threat(&'a Threat),
    Mitigation(&'a Mitigation),
    Assumption(&'a Assumption),
    Annotation(&'a Annotation),
    View(&'a View),
}

impl<'a> Object<'a> {
    pub fn kind(self) -> ObjectKind {
        match self {
            Object::Taxonomy(_) => ObjectKind::Taxonomy,
            Object::TrustZone(_) => ObjectKind::TrustZone,
            Object::Element(_) => ObjectKind::Element,
            Object::DataFlow(_) => ObjectKind::DataFlow,
            Object::DataAsset(_) => ObjectKind::DataAsset,
            Object::TrustBoundary(_) => ObjectKind::TrustBoundary,
            Object::Threat(_) => ObjectKind::Threat,
            Object::Mitigation(_) => ObjectKind::Mitigation,
            Object::Assumption(_) => ObjectKind::Assumption,
            Object::Annotation(_) => ObjectKind::Annotation,
            Object::View(_) => ObjectKind::View,
        }
    }

    pub fn id(self) -> &'a Id {
        match self {
            Object::Taxonomy(o) => &o.id,
            Object::TrustZone(o) => &o.id,
            Object::Element(o) => &o.id,
            Object::DataFlow(o) => &o.id,
            Object::DataAsset(o) => &o.id,
            Object::TrustBoundary(o) => &o.id,
            Object::Threat(o) => &o.id,
            Object::Mitigation(o) => &o.id,
            Object::Assumption(o) => &o.id,
            Object::Annotation(o) => &o.id,
            Object::View(o) => &o.id,
        }
    }

    /// Returns the `name` or `title` of the object. Assumptions and annotations have neither.
    pub fn name(self) -> Option<&'a str> {
        match self {
            Object::Taxonomy(o) => Some(&o.name),
            Object::TrustZone(o) => Some(&o.name),
            Object::Element(o) => Some(&o.name),
            Object::DataFlow(o) => o.name.as_deref(),
            Object::DataAsset(o) => Some(&o.name),
            Object::TrustBoundary(o) => o.name.as_deref(),
            Object::Threat(o) => Some(&o.title),
            Object::Mitigation(o) => Some(&o.title),
            Object::Assumption(_) | Object::Annotation(_) => None,
            Object::View(o) => Some(&o.name),
        }
    }

    /// Returns `true` when both objects are of one kind and equal.
    fn same(self, other: Object<'_>) -> bool {
        match (self, other) {
            (Object::Taxonomy(a), Object::Taxonomy(b)) => a == b,
            (Object::TrustZone(a), Object::TrustZone(b)) => a == b,
            (Object::Element(a), Object::Element(b)) => a == b,
            (Object::DataFlow(a), Object::DataFlow(b)) => a == b,
            (Object::DataAsset(a), Object::DataAsset(b)) => a == b,
            (Object::TrustBoundary(a), Object::TrustBoundary(b)) => a == b,
            (Object::Threat(a), Object::Threat(b)) => a == b,
            (Object::Mitigation(a), Object::Mitigation(b)) => a == b,
            (Object::Assumption(a), Object::Assumption(b)) => a == b,
            (Object::Annotation(a), Object::Annotation(b)) => a == b,
            (Object::View(a), Object::View(b)) => a == b,
            _ => false,
        }
    }

    fn to_value(self) -> Value {
        match self {
            Object::Taxonomy(o) => to_value(o),
            Object::TrustZone(o) => to_value(o),
            Object::Element(o) => to_value(o),
            Object::DataFlow(o) => to_value(o),
            Object::DataAsset(o) => to_value(o),
            Object::TrustBoundary(o) => to_value(o),
            Object::Threat(o) => to_value(o),
            Object::Mitigation(o) => to_value(o),
            Object::Assumption(o) => to_value(o),
            Object::Annotation(o) => to_value(o),
            Object::View(o) => to_value(o),
        }
    }

    /// Returns the containers of an element or trust zone, as `(member, id)` pairs.
    fn containers(self) -> [(&'static str, Option<&'a Id>); 2] {
        match self {
            Object::Element(o) => [("zone", o.zone.as_ref()), ("parent", o.parent.as_ref())],
            Object::TrustZone(o) => [("parent", o.parent.as_ref()), ("", None)],
            _ => [("", None), ("", None)],
        }
    }
}

/// Serializes a model object. The model serializes only strings, finite
/// numbers and JSON values, so a failure cannot happen with a valid object.
/// An object that cannot be serialized becomes `null`.
fn to_value(object: &impl Serialize) -> Value {
    serde_json::to_value(object).unwrap_or(Value::Null)
}

/// Lists every identifiable object of `document` in document order, with
/// its position in its collection; views only when `layout` is set.
fn objects(document: &Document, layout: bool) -> Vec<(usize, Object<'_>)> {
    let mut all = Vec::with_capacity(
        document.taxonomies.len()
            + document.trust_zones.len()
            + document.elements.len()
            + document.data_flows.len()
            + document.data_assets.len()
            + document.trust_boundaries.len()
            + document.threats.len()
            + document.mitigations.len()
            + document.assumptions.len()
            + document.annotations.len()
            + if layout { document.views.len() } else { 0 },
    );

    all.extend(document.taxonomies.iter().map(Object::Taxonomy).enumerate());
    all.extend(
        document
            .trust_zones
            .iter()
            .map(Object::TrustZone)
            .enumerate(),
    );
    all.extend(document.elements.iter().map(Object::Element).enumerate());
    all.extend(document.data_flows.iter().map(Object::DataFlow).enumerate());
    all.extend(
        document
            .data_assets
            .iter()
            .map(Object::DataAsset)
            .enumerate(),
    );
    all.extend(
        document
            .trust_boundaries
            .iter()
            .map(Object::TrustBoundary)
            .enumerate(),
    );
    all.extend(document.threats.iter().map(Object::Threat).enumerate());
    all.extend(
        document
            .mitigations
            .iter()
            .map(Object::Mitigation)
            .enumerate(),
    );
    all.extend(
        document
            .assumptions
            .iter()
            .map(Object::Assumption)
            .enumerate(),
    );
    all.extend(
        document
            .annotations
            .iter()
            .map(Object::Annotation)
            .enumerate(),
    );
    if layout {
        all.extend(document.views.iter().map(Object::View).enumerate());
    }
    all
}

/// An id and how many earlier objects of the same document share it.
///
/// Ids are unique in a valid document, so the count is almost always 0; it
/// pairs up the objects of an invalid document that repeat an id, in order.
type Key<'a> = (&'a str, u32);

/// Keys every object of `objects` and maps each key to the object's place in the list.
fn index<'a>(objects: &[(usize, Object<'a>)]) -> (Vec<Key<'a>>, HashMap<Key<'a>, usize>) {
    let mut keys = Vec::with_capacity(objects.len());
    let mut map = HashMap::with_capacity(objects.len());
    for (place, (_, object)) in objects.iter().enumerate() {
        let id = object.id().as_str();
        let mut occurrence = 0;
        while map.contains_key(&(id, occurrence)) {
            occurrence += 1;
        }
        map.insert((id, occurrence), place);
        keys.push((id, occurrence));
    }
    (keys, map)
}

/// Matches the objects of two revisions by id and compares each pair.
pub(super) fn compare_objects(
    old: &Document,
    new: &Document,
    options: &super::DiffOptions,
) -> Matched {
    let old_objects = objects(old, options.layout);
    let new_objects = objects(new, options.layout);
    let (old_keys, old_map) = index(&old_objects);
    let (new_keys, new_map) = index(&new_objects);

    let mut matched = Matched {
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    for (key, &(position, object)) in new_keys.iter().zip(&new_objects) {
        let counterpart = old_map.get(key).map(|&place| old_objects[place]);
        match counterpart {
            Some((old_position, old_object)) if old_object.kind() == object.kind() => {
                if !old_object.same(object) {
                    matched
                        .changed
                        .push(compare((old_position, old_object), (position, object)));
                }
            }
            _ => matched.added.push(object_ref(position, object)),
        }
    }
    for (key, &(position, object)) in old_keys.iter().zip(&old_objects) {
        let kept = new_map
            .get(key)
            .is_some_and(|&place| new_objects[place].1.kind() == object.kind());
        if !kept {
            matched.removed.push(object_ref(position, object));
        }
    }
    matched
}

pub(super) fn pointer_of(kind: ObjectKind, position: usize) -> String {
    format!("/{}/{position}", kind.collection())
}

fn object_ref(position: usize, object: Object<'_>) -> ObjectRef {
    ObjectRef {
        kind: object.kind(),
        id: object.id().clone(),
        name: object.name().map(str::to_owned),
        pointer: pointer_of(object.kind(), position),
    }
}

/// Compares two objects of one kind that are known to differ.
fn compare(old: (usize, Object<'_>), new: (usize, Object<'_>)) -> ObjectChange {
    let (old_position, old_object) = old;
    let (position, object) = new;
    let pointer = pointer_of(object.kind(), position);

    let mut members = Vec::new();
    compare_values(
        &mut String::new(),
        &pointer,
        Some(&old_object.to_value()),
        Some(&object.to_value()),
        &mut members,
    );

    let renamed = (old_object.name() != object.name()).then(|| Rename {
        old: old_object.name().map(str::to_owned),
        new: object.name().map(str::to_owned),
    });
    let moved = old_object
        .containers()
        .into_iter()
        .zip(object.containers())
        .filter(|((member, from), (_, to))| !member.is_empty() && from != to)
        .map(|((member, from), (_, to))| Move {
            member: member.to_owned(),
            from: from.cloned(),
            to: to.cloned(),
        })
        .collect();

    ObjectChange {
        kind: object.kind(),
        id: object.id().clone(),
        name: object.name().map(str::to_owned),
        old_pointer: pointer_of(old_object.kind(), old_position),
        pointer,
        renamed,
        moved,
        members,
    }
}

/// Compares the members of the document itself, leaving out the collections
/// of identifiable objects, which are matched by id instead.
pub(super) fn document_members(old: &Document, new: &Document) -> Vec<MemberChange> {
    let mut members = Vec::new();
    compare_values(
        &mut String::new(),
        "",
        Some(&head(old)),
        Some(&head(new)),
        &mut members,
    );
    members
}

/// Serializes the document with its collections left out.
fn head(document: &Document) -> Value {
    let mut head = Document::new(document.id.clone(), document.title.clone());
    head.tmif = document.tmif.clone();
    head.description = document.description.clone();
    head.license = document.license.clone();
    head.classification = document.classification;
    head.redaction = document.redaction.clone();
    head.authors = document.authors.clone();
    head.created = document.created.clone();
    head.modified = document.modified.clone();
    head.revision = document.revision.clone();
    head.tags = document.tags.clone();
    head.extensions = document.extensions.clone();
    to_value(&head)
}

/// Appends a change for every member that differs between `old` and `new`,
/// recursing into objects and comparing arrays and scalars as a whole.
///
/// `pointer` is the path relative to the object and `base` the object's own
/// pointer in the document.
fn compare_values(
    pointer: &mut String,
    base: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    changes: &mut Vec<MemberChange>,
) {
    if let (Some(Value::Object(old)), Some(Value::Object(new))) = (old, new) {
        compare_maps(pointer, base, old, new, changes);
        return;
    }
    if old == new {
        return;
    }
    changes.push(MemberChange {
        pointer: pointer.clone(),
        document_pointer: format!("{base}{pointer}"),
        old: old.cloned(),
        new: new.cloned(),
    });
}

fn compare_maps(
    pointer: &mut String,
    base: &str,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    changes: &mut Vec<MemberChange>,
) {
    let names = new
        .keys()
        .chain(old.keys().filter(|name| !new.contains_key(*name)));
    for name in names {
        let length = pointer.len();
        pointer.push('/');
        push_escaped(pointer, name);
        compare_values(pointer, base, old.get(name), new.get(name), changes);
        pointer.truncate(length);
    }
}

/// Appends a member name to a JSON Pointer, escaping `~` and `/` as RFC 6901 requires.
fn push_escaped(pointer: &mut String, name: &str) {
    for character in name.chars() {
        match character {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}
