//! Containment: `parent` chains of trust zones and elements never loop.

use foldhash::{HashMap, HashSet, HashSetExt};

use super::ids::MAX_QUOTED_CHARS;
use super::registry::CONTAINMENT_CYCLE;
use crate::diagnostic::Diagnostic;
use crate::model::{Document, Id};

/// The maximum number of ids that a containment cycle message lists.
const MAX_CYCLE_IDS: usize = 20;

/// Reports each `parent` chain of trust zones or elements that returns to its start.
pub fn check_containment(document: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let zones: Vec<(&str, Option<&str>)> = document
        .trust_zones
        .iter()
        .map(|zone| (zone.id.as_str(), zone.parent.as_ref().map(Id::as_str)))
        .collect();
    report_cycles(&zones, "trustZones", "trust zone", diagnostics);
    let elements: Vec<(&str, Option<&str>)> = document
        .elements
        .iter()
        .map(|element| (element.id.as_str(), element.parent.as_ref().map(Id::as_str)))
        .collect();
    report_cycles(&elements, "elements", "element", diagnostics);
}

/// Reports each cycle once, at the member of the cycle that comes first in the collection.
///
/// `objects` lists each object's id and parent id in collection order. Only
/// objects with a parent can be on a cycle, so the work is proportional to them.
fn report_cycles(
    objects: &[(&str, Option<&str>)],
    collection: &str,
    noun: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let parents: HashMap<&str, (usize, &str)> = objects
        .iter()
        .enumerate()
        .filter_map(|(position, (id, parent))| Some((*id, (position, (*parent)?))))
        .collect();
    if parents.is_empty() {
        return;
    }
    // Objects whose chain is known to end without a cycle, or whose cycle is reported.
    let mut finished: HashSet<&str> = HashSet::with_capacity(parents.len());
    for (position, (start, parent)) in objects.iter().enumerate() {
        if parent.is_none() || finished.contains(start) {
            continue;
        }
        let mut path: Vec<&str> = vec![*start];
        let mut on_path: HashSet<&str> = HashSet::from_iter([*start]);
        let mut current = *start;
        while let Some(&(_, parent)) = parents.get(current) {
            if finished.contains(parent) {
                break;
            }
            if on_path.contains(parent) {
                let cycle_start = path.iter().position(|id| *id == parent).unwrap_or(0);
                let cycle = &path[cycle_start..];
                let first = cycle
                    .iter()
                    .map(|id| parents.get(id).map_or(position, |(p, _)| *p))
                    .min()
                    .unwrap_or(position);
                diagnostics.push(Diagnostic::new(
                    &CONTAINMENT_CYCLE,
                    format!("/{collection}/{first}/parent"),
                    format!(
                        "the {noun} is its own ancestor through `parent`: {}; remove one of these parent links",
                        describe_cycle(cycle, parent)
                    ),
                ));
                break;
            }
            path.push(parent);
            on_path.insert(parent);
            current = parent;
        }
        finished.extend(path);
    }
}

/// Lists a cycle as `a → b → a`, naming at most [`MAX_CYCLE_IDS`] ids and
/// then `… (N in all)`.
fn describe_cycle(cycle: &[&str], start: &str) -> String {
    let all = cycle.len() + 1;
    let mut parts: Vec<String> = cycle
        .iter()
        .chain(std::iter::once(&start))
        .take(MAX_CYCLE_IDS)
        .map(|id| match id.char_indices().nth(MAX_QUOTED_CHARS) {
            None => (*id).to_owned(),
            Some((end, _)) => format!("{}… ({} characters)", &id[..end], id.chars().count()),
        })
        .collect();
    if all > MAX_CYCLE_IDS {
        parts.push(format!("… ({all} in all)"));
    }
    parts.join(" → ")
}
