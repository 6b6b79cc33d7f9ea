//! Three-way merge of two revisions of a threat model, by object id.
//!
//! [`merge`] takes a common ancestor (`base`) and two revisions (`ours` and
//! `theirs`) and combines the changes that each made since the ancestor.
//! Objects are matched by `id` in each of the eleven collections of a
//! document (taxonomies, trust zones, elements, data flows, data assets,
//! trust boundaries, threats, mitigations, assumptions, annotations and
//! views), so reordering, or editing different objects, never conflicts.
//!
//! # Rules
//!
//! - An object added on one side is kept. Added on both sides with equal
//!   content, it is kept once; with different content, it is a conflict and
//!   ours is kept.
//! - An object removed on one side and unchanged on the other is removed.
//!   Removed on one side and changed on the other, it is a conflict and the
//!   changed version is kept.
//! - An object changed on one side only takes that change. Changed on both
//!   sides, it is merged member by member (top-level members of the object):
//!   a member changed on one side takes that change, a member changed
//!   identically on both sides takes it, and a member changed differently is
//!   a conflict for which ours is kept.
//! - A list of ids or of tags (`tags`, `affects`, `mitigations`,
//!   `processedAssets`, `storedAssets`, `dataAssets`, `zones`,
//!   `crossingFlows`, `about`) that both sides changed is merged as a set.
//!   The strings that either side added are kept and the strings that either
//!   side removed are removed, so adding different mitigations to one threat
//!   on two branches does not conflict. A list that repeats a string is
//!   merged as a whole value instead.
//! - Members of the document itself (`title`, `license`, `tags`, extension
//!   members, …) are merged the same way as the members of an object.
//! - Each collection keeps the order of ours; objects that only theirs adds
//!   are appended in the order of theirs.
//! - An object that one side removed while the merged document still
//!   refers to it, such as an element to which the other side added a data
//!   flow, is kept, and that is a conflict.
//! - The merged document is then checked with [`crate::validate_document`].
//!   An object or document member that an error points into, such as a
//!   trust zone whose `parent` closes a cycle that the two sides made
//!   together, is put back to ours' version, and that is a conflict. When
//!   errors remain after that, ours is kept whole, and each error and each
//!   conflict of the combination is a conflict of the whole document. The
//!   written document is therefore always valid when ours is.
//! - [`merge_without_base`] merges two revisions that have no common
//!   ancestor, as when both branches added the same file.
//!
//! # Conflicts in the document
//!
//! The conflicts are recorded in the merged document itself, in the
//! extension member `x-tmif-merge-conflicts` of the document, so the file
//! stays a valid TMIF document that any tool can read and list conflicts
//! from. The member is an array with one object per conflict:
//!
//! ```json
//! "x-tmif-merge-conflicts": [
//!   {
//!     "pointer": "/elements/1/name",
//!     "base": "Web server",
//!     "ours": "Web front end",
//!     "theirs": "HTTP server",
//!     "reason": "changed differently on both sides; ours is kept"
//!   }
//! ]
//! ```
//!
//! `pointer` is a JSON Pointer into the merged document; `base`, `ours` and
//! `theirs` are the values of each revision, each left out when that
//! revision has no value there; `reason` says what happened and which value
//! was kept. Conflicts found by validation have only `pointer` and `reason`.
//! A `x-tmif-merge-conflicts` member in any input is dropped before merging,
//! so the member always lists the conflicts of the last merge only. The
//! member is absent when the merge has no conflict.
//!
//! # Use as a git merge driver
//!
//! The `tmif merge-driver BASE OURS THEIRS` command runs this merge for git.
//! Declare the driver for TMIF files in `.gitattributes`:
//!
//! ```text
//! *.tmif.json merge=tmif
//! ```
//!
//! and tell git how to call it:
//!
//! ```text
//! git config merge.tmif.driver "tmif merge-driver %O %A %B"
//! ```
//!
//! # Example
//!
//! ```
//! use tmif::Document;
//!
//! let base = Document::new("shop", "Web shop");
//! let mut ours = base.clone();
//! ours.description = Some("The online shop".to_owned());
//! let mut theirs = base.clone();
//! theirs.license = Some("CC-BY-4.0".to_owned());
//!
//! let merged = tmif::merge3::merge(&base, &ours, &theirs);
//! assert!(merged.conflicts.is_empty());
//! assert_eq!(merged.document.description.as_deref(), Some("The online shop"));
//! assert_eq!(merged.document.license.as_deref(), Some("CC-BY-4.0"));
//! ```

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::canonical;
use crate::diagnostic::Diagnostic;
use crate::load::pointer::{push_index, push_token};
use crate::model::{COLLECTIONS, Document};

/// The extension member of the document that lists the conflicts of a merge.
pub const CONFLICTS_MEMBER: &str = "x-tmif-merge-conflicts";

/// The result of a three-way merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The merged document. When there are conflicts, it lists them in its
    /// [`CONFLICTS_MEMBER`] extension member.
    pub document: Document,
    /// The conflicts, in the order of the document.
    pub conflicts: Vec<Conflict>,
}

/// One place where the two revisions could not be combined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// A JSON Pointer into the merged document.
    pub pointer: String,
    /// The value in the common ancestor, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Value>,
    /// The value in ours, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<Value>,
    /// The value in theirs, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<Value>,
    /// An explanation of what happened and which value was kept.
    pub reason: String,
}

impl Conflict {
    fn new(
        pointer: String,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
        reason: impl Into<String>,
    ) -> Self {
        Conflict {
            pointer,
            base: base.cloned(),
            ours: ours.cloned(),
            theirs: theirs.cloned(),
            reason: reason.into(),
        }
    }
}

/// Merges the changes that `ours` and `theirs` made to `base`.
///
/// The merge never fails: what cannot be combined is kept from one side and
/// reported in [`Merge::conflicts`] and in the document's
/// [`CONFLICTS_MEMBER`] member.
///
/// NOTE: `tmif`, the format version, is merged like any other member and no
/// revision is migrated, so revisions of different format versions may mix.
pub fn merge(base: &Document, ours: &Document, theirs: &Document) -> Merge {
    merge_objects(&to_object(base), ours, theirs)
}

/// Merges two revisions that have no common ancestor, as when both branches
/// added the same file: every member and object that the two add
/// differently is a conflict.
pub fn merge_without_base(ours: &Document, theirs: &Document) -> Merge {
    merge_objects(&Map::new(), ours, theirs)
}

fn merge_objects(base: &Map<String, Value>, ours: &Document, theirs: &Document) -> Merge {
    let our_object = to_object(ours);
    let their_object = to_object(theirs);
    let mut conflicts = Vec::new();
    let mut merged = merge_document(base, &our_object, &their_object, &mut conflicts);

    // Each pass validates the merged document once and mends at most one
    // error, by restoring a removed object or by reverting a broken one.
    let mut reverts = 0;
    let combined: Result<Document, Vec<Conflict>> = loop {
        let document = match serde_json::from_value::<Document>(Value::Object(merged.clone())) {
            Ok(document) => document,
            Err(error) => {
                break Err(vec![Conflict::new(
                    String::new(),
                    None,
                    None,
                    None,
                    format!("the merged members do not form a document ({error})"),
                )]);
            }
        };
        let errors: Vec<Diagnostic> = crate::validate_document(&document)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        let Some(first) = errors.first() else {
            break Ok(document);
        };
        let sources = [&our_object, &their_object, base];
        if restore_referenced(&mut merged, sources, &errors, &mut conflicts) {
            continue;
        }
        if reverts < MAX_REVERTS
            && revert_broken_object(&mut merged, &our_object, base, first, &mut conflicts)
        {
            reverts += 1;
            continue;
        }
        break Err(errors
            .iter()
            .map(|diagnostic| {
                Conflict::new(
                    diagnostic.pointer.clone(),
                    None,
                    None,
                    None,
                    format!(
                        "the merged document breaks rule {}: {}",
                        diagnostic.code, diagnostic.message
                    ),
                )
            })
            .collect());
    };
    let mut document = match combined {
        Ok(document) => document,
        Err(errors) => {
            // Writing an invalid document would break every tool that reads
            // the file, so ours, which is valid, is kept whole instead, and
            // the conflicts and errors of the combination are listed with
            // their places in it.
            conflicts = keep_ours_whole(conflicts, errors);
            let mut document = ours.clone();
            document.extensions.remove(CONFLICTS_MEMBER);
            document
        }
    };

    if !conflicts.is_empty() {
        let list = conflicts
            .iter()
            .map(|conflict| serde_json::to_value(conflict).unwrap_or(Value::Null))
            .collect();
        document
            .extensions
            .insert(CONFLICTS_MEMBER, Value::Array(list));
    }
    Merge {
        document,
        conflicts,
    }
}

/// The number of objects that a merge reverts to ours, one at a time,
/// before it keeps ours whole.
const MAX_REVERTS: usize = 32;

/// Puts back an earlier version of the object or document member that
/// `error` points into: ours' version, or when the merged one already is
/// ours', the common ancestor's. An example is a trust zone whose `parent`
/// closes a cycle with a change of the other side. The object is removed
/// when the chosen revision does not have it. Returns whether something
/// changed, which is false when the error cannot be traced to one object or
/// member that can change.
fn revert_broken_object(
    merged: &mut Map<String, Value>,
    ours: &Map<String, Value>,
    base: &Map<String, Value>,
    error: &Diagnostic,
    conflicts: &mut Vec<Conflict>,
) -> bool {
    let tokens: Vec<String> = error
        .pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    let Some(member) = tokens.first() else {
        return false;
    };
    let rule = format!(
        "the merged document breaks rule {} here ({})",
        error.code, error.message
    );

    if !COLLECTIONS.contains(&member.as_str()) {
        let current = merged.get(member).cloned();
        let (kept, which) = if ours.get(member) != current.as_ref() {
            (ours.get(member), "ours")
        } else if base.get(member) != current.as_ref() {
            (base.get(member), "the common ancestor's")
        } else {
            return false;
        };
        let mut pointer = String::new();
        push_token(&mut pointer, member);
        conflicts.push(Conflict::new(
            pointer,
            base.get(member),
            ours.get(member),
            current.as_ref(),
            format!("{rule}; {which} value is kept"),
        ));
        match kept {
            Some(value) => merged.insert(member.clone(), value.clone()),
            None => merged.remove(member),
        };
        return true;
    }

    let Some(index) = tokens.get(1).and_then(|token| token.parse::<usize>().ok()) else {
        return false;
    };
    let Some(Value::Array(items)) = merged.get_mut(member) else {
        return false;
    };
    let Some(item) = items.get(index).cloned() else {
        return false;
    };
    let Some(id) = id_of(&item) else {
        return false;
    };
    let find = |source: &'_ Map<String, Value>| {
        array(source, member)
            .iter()
            .find(|other| id_of(other) == Some(id))
            .cloned()
    };
    let (our_item, base_item) = (find(ours), find(base));
    let (kept, which) = if our_item.as_ref() != Some(&item) {
        (our_item.clone(), "ours")
    } else if base_item.as_ref() != Some(&item) {
        (base_item.clone(), "the common ancestor's")
    } else {
        return false;
    };
    let mut pointer = String::new();
    push_token(&mut pointer, member);
    push_index(&mut pointer, index);
    conflicts.push(Conflict::new(
        pointer,
        base_item.as_ref(),
        our_item.as_ref(),
        Some(&item),
        format!("{rule}; {which} version is kept"),
    ));
    match kept {
        Some(kept) => items[index] = kept,
        None => {
            items.remove(index);
        }
    }
    true
}

/// Brings back one object that one side removed while the merged document
/// still refers to it, such as an element that ours removed and to which
/// theirs added a data flow, for the first unresolved reference among
/// `errors` that a source can satisfy. The restored object is a conflict,
/// and it is taken from the first of `sources` that has it. Returns whether
/// an object was restored.
fn restore_referenced(
    merged: &mut Map<String, Value>,
    sources: [&Map<String, Value>; 3],
    errors: &[Diagnostic],
    conflicts: &mut Vec<Conflict>,
) -> bool {
    for diagnostic in errors {
        if diagnostic.code != crate::rules::REFERENCE_UNRESOLVED.code {
            continue;
        }
        let Some(missing) = value_at(merged, &diagnostic.pointer).and_then(Value::as_str) else {
            continue;
        };
        let Some((collection, object)) = find_object(sources, missing) else {
            continue;
        };
        let missing = missing.to_owned();
        let items = merged
            .entry(collection.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(items) = items else {
            continue;
        };
        if items
            .iter()
            .any(|item| id_of(item) == Some(missing.as_str()))
        {
            continue;
        }
        let mut pointer = String::new();
        push_token(&mut pointer, collection);
        push_index(&mut pointer, items.len());
        items.push(object.clone());
        conflicts.push(Conflict::new(
            pointer,
            None,
            None,
            None,
            format!(
                "removed on one side but still referred to at {}; the object is kept",
                diagnostic.pointer
            ),
        ));
        return true;
    }
    false
}

/// Looks up a JSON Pointer in the members of a document.
fn value_at<'a>(members: &'a Map<String, Value>, pointer: &str) -> Option<&'a Value> {
    let rest = pointer.strip_prefix('/')?;
    let (first, rest) = match rest.find('/') {
        Some(end) => (&rest[..end], &rest[end..]),
        None => (rest, ""),
    };
    let name = first.replace("~1", "/").replace("~0", "~");
    members.get(&name)?.pointer(rest)
}

/// Finds the object with id `id` in the collections of the first source
/// that has one, with the name of its collection.
fn find_object<'a>(
    sources: [&'a Map<String, Value>; 3],
    id: &str,
) -> Option<(&'static str, &'a Value)> {
    sources.into_iter().find_map(|source| {
        COLLECTIONS.iter().find_map(|collection| {
            array(source, collection)
                .iter()
                .find(|item| id_of(item) == Some(id))
                .map(|item| (*collection, item))
        })
    })
}

/// Turns the conflicts of a combination that was not kept into conflicts of
/// a merge that kept ours whole. Their pointers refer to the combination,
/// which is not written, so each moves into its reason and the pointer
/// becomes the whole document.
fn keep_ours_whole(conflicts: Vec<Conflict>, errors: Vec<Conflict>) -> Vec<Conflict> {
    let mut kept: Vec<Conflict> = conflicts
        .into_iter()
        .chain(errors)
        .map(|conflict| {
            let place = if conflict.pointer.is_empty() {
                "the document".to_owned()
            } else {
                conflict.pointer.clone()
            };
            Conflict {
                pointer: String::new(),
                reason: format!(
                    "in the combination of both sides, at {place}: {}",
                    conflict.reason
                ),
                ..conflict
            }
        })
        .collect();
    kept.push(Conflict::new(
        String::new(),
        None,
        None,
        None,
        "combining both sides gives an invalid document, so ours is kept whole; \
         apply the changes of theirs by hand",
    ));
    kept
}

/// Converts a document to a JSON object through its canonical text, without
/// the conflicts of an earlier merge.
fn to_object(document: &Document) -> Map<String, Value> {
    let mut members = match serde_json::from_str(&canonical::to_string(document)) {
        Ok(Value::Object(members)) => members,
        _ => Map::new(),
    };
    members.remove(CONFLICTS_MEMBER);
    members
}

/// The outcome of merging one value.
enum Outcome<'a> {
    /// The merged value, or `None` when the member is absent.
    Take(Option<&'a Value>),
    /// Both sides changed the value differently.
    Conflict,
}

/// Merges one value that both sides may have changed, as a whole.
fn merge_value<'a>(
    base: Option<&'a Value>,
    ours: Option<&'a Value>,
    theirs: Option<&'a Value>,
) -> Outcome<'a> {
    if ours == theirs || base == theirs {
        Outcome::Take(ours)
    } else if base == ours {
        Outcome::Take(theirs)
    } else {
        Outcome::Conflict
    }
}

/// Lists the member names of `ours` in its order, then those that only `theirs` has.
fn member_names<'a>(ours: &'a Map<String, Value>, theirs: &'a Map<String, Value>) -> Vec<&'a str> {
    let mut names: Vec<&str> = ours.keys().map(String::as_str).collect();
    names.extend(
        theirs
            .keys()
            .filter(|name| !ours.contains_key(*name))
            .map(String::as_str),
    );
    names
}

/// Merges the members of an object, or of the document, one by one.
/// Members whose names are in `skip` are left out.
fn merge_members(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    pointer: &str,
    skip: &[&str],
    conflicts: &mut Vec<Conflict>,
) -> Map<String, Value> {
    let mut merged = Map::new();
    for name in member_names(ours, theirs) {
        if skip.contains(&name) {
            continue;
        }
        let base_value = base.get(name);
        let our_value = ours.get(name);
        let their_value = theirs.get(name);
        let kept = match merge_value(base_value, our_value, their_value) {
            Outcome::Take(value) => value,
            Outcome::Conflict if is_set_of_strings(name) => {
                if let Some(items) = merge_string_sets(base_value, our_value, their_value) {
                    merged.insert(name.to_owned(), items);
                    continue;
                }
                conflict_at(pointer, name, base_value, our_value, their_value, conflicts);
                our_value
            }
            Outcome::Conflict => {
                conflict_at(pointer, name, base_value, our_value, their_value, conflicts);
                our_value
            }
        };
        if let Some(value) = kept {
            merged.insert(name.to_owned(), value.clone());
        }
    }
    merged
}

/// Records a member changed differently on both sides, for which ours is kept.
fn conflict_at(
    pointer: &str,
    name: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    conflicts: &mut Vec<Conflict>,
) {
    let mut at = pointer.to_owned();
    push_token(&mut at, name);
    conflicts.push(Conflict::new(
        at,
        base,
        ours,
        theirs,
        "changed differently on both sides; ours is kept",
    ));
}

/// The members whose values are lists of strings in which order carries no
/// meaning: ids of other objects, and tags.
const STRING_SETS: [&str; 9] = [
    "tags",
    "affects",
    "mitigations",
    "processedAssets",
    "storedAssets",
    "dataAssets",
    "zones",
    "crossingFlows",
    "about",
];

fn is_set_of_strings(name: &str) -> bool {
    STRING_SETS.contains(&name)
}

/// Merges a list of distinct strings that both sides changed, as a set: the
/// strings of ours in their order, without those that theirs removed, then
/// those that theirs added, in their order. An absent member is an empty list.
///
/// Returns `None` when a side is not such a list (it is not an array, contains
/// something other than strings, or repeats a string), so that the member is
/// a conflict. An empty result is returned as an empty array, because the
/// member was present on at least one side.
fn merge_string_sets(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Value> {
    fn strings(value: Option<&Value>) -> Option<(Vec<&str>, HashSet<&str>)> {
        let Some(value) = value else {
            return Some((Vec::new(), HashSet::new()));
        };
        let items = value.as_array()?;
        let mut order = Vec::with_capacity(items.len());
        let mut set = HashSet::with_capacity(items.len());
        for item in items {
            let text = item.as_str()?;
            if !set.insert(text) {
                return None;
            }
            order.push(text);
        }
        Some((order, set))
    }
    let (_, base) = strings(base)?;
    let (ours, our_set) = strings(ours)?;
    let (theirs, their_set) = strings(theirs)?;
    let kept_by_theirs = |item: &&&str| !base.contains(**item) || their_set.contains(**item);
    let added_by_theirs = |item: &&&str| !base.contains(**item) && !our_set.contains(**item);
    let merged: Vec<Value> = ours
        .iter()
        .filter(kept_by_theirs)
        .chain(theirs.iter().filter(added_by_theirs))
        .map(|item| Value::from(*item))
        .collect();
    Some(Value::Array(merged))
}

/// Merges a whole document given as JSON objects.
fn merge_document(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    conflicts: &mut Vec<Conflict>,
) -> Map<String, Value> {
    let mut merged = merge_members(base, ours, theirs, "", &COLLECTIONS, conflicts);
    for collection in COLLECTIONS {
        let items = merge_collection(
            collection,
            array(base, collection),
            array(ours, collection),
            array(theirs, collection),
            conflicts,
        );
        if !items.is_empty() {
            merged.insert(collection.to_owned(), Value::Array(items));
        }
    }
    merged
}

/// Returns the items of a collection member, or none when it is absent.
fn array<'a>(object: &'a Map<String, Value>, name: &str) -> &'a [Value] {
    match object.get(name) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// Returns the id of a collection item.
fn id_of(item: &Value) -> Option<&str> {
    item.get("id").and_then(Value::as_str)
}

/// Indexes the items of a collection by id. The first item with a given id wins.
fn by_id(items: &[Value]) -> HashMap<&str, &Value> {
    let mut index = HashMap::with_capacity(items.len());
    for item in items {
        if let Some(id) = id_of(item) {
            index.entry(id).or_insert(item);
        }
    }
    index
}

/// Merges one collection by object id.
fn merge_collection(
    collection: &str,
    base: &[Value],
    ours: &[Value],
    theirs: &[Value],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Value> {
    let base_index = by_id(base);
    let our_index = by_id(ours);
    let their_index = by_id(theirs);
    let mut merged: Vec<Value> = Vec::with_capacity(ours.len().max(theirs.len()));
    let pointer_at = |index: usize| {
        let mut pointer = String::new();
        push_token(&mut pointer, collection);
        push_index(&mut pointer, index);
        pointer
    };

    for item in ours {
        let Some(id) = id_of(item) else {
            // Items without an id cannot be matched, so the items of ours are kept.
            merged.push(item.clone());
            continue;
        };
        let base_item = base_index.get(id).copied();
        let their_item = their_index.get(id).copied();
        let pointer = pointer_at(merged.len());
        match (base_item, their_item) {
            (None, None) => merged.push(item.clone()),
            (None, Some(their_item)) => {
                if their_item != item {
                    conflicts.push(Conflict::new(
                        pointer,
                        None,
                        Some(item),
                        Some(their_item),
                        "added on both sides with different content; ours is kept",
                    ));
                }
                merged.push(item.clone());
            }
            (Some(base_item), None) => {
                if base_item != item {
                    conflicts.push(Conflict::new(
                        pointer,
                        Some(base_item),
                        Some(item),
                        None,
                        "changed by ours and removed by theirs; the changed object is kept",
                    ));
                    merged.push(item.clone());
                }
            }
            (Some(base_item), Some(their_item)) => {
                merged.push(merge_object(
                    base_item, item, their_item, &pointer, conflicts,
                ));
            }
        }
    }

    for item in theirs {
        let Some(id) = id_of(item) else {
            continue;
        };
        if our_index.contains_key(id) {
            continue;
        }
        match base_index.get(id).copied() {
            None => merged.push(item.clone()),
            Some(base_item) if base_item == item => {}
            Some(base_item) => {
                conflicts.push(Conflict::new(
                    pointer_at(merged.len()),
                    Some(base_item),
                    None,
                    Some(item),
                    "removed by ours and changed by theirs; the changed object is kept",
                ));
                merged.push(item.clone());
            }
        }
    }
    merged
}

/// Merges one object that both sides still have.
fn merge_object(
    base: &Value,
    ours: &Value,
    theirs: &Value,
    pointer: &str,
    conflicts: &mut Vec<Conflict>,
) -> Value {
    if let Outcome::Take(Some(value)) = merge_value(Some(base), Some(ours), Some(theirs)) {
        return value.clone();
    }
    match (base, ours, theirs) {
        (Value::Object(b), Value::Object(o), Value::Object(t)) => {
            Value::Object(merge_members(b, o, t, pointer, &[], conflicts))
        }
        _ => {
            conflicts.push(Conflict::new(
                pointer.to_owned(),
                Some(base),
                Some(ours),
                Some(theirs),
                "changed differently on both sides; ours is kept",
            ));
            ours.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_value_one_sided_change() {
        let (a, b, c) = (Value::from(1), Value::from(2), Value::from(3));
        assert!(matches!(
            merge_value(Some(&a), Some(&a), Some(&b)),
            Outcome::Take(Some(v)) if *v == b
        ));
        assert!(matches!(
            merge_value(Some(&a), Some(&b), Some(&a)),
            Outcome::Take(Some(v)) if *v == b
        ));
        assert!(matches!(
            merge_value(Some(&a), None, Some(&a)),
            Outcome::Take(None)
        ));
        assert!(matches!(
            merge_value(Some(&a), Some(&b), Some(&c)),
            Outcome::Conflict
        ));
    }
}
