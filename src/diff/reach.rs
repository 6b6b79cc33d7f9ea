//! The reach of a change: zone crossings, neighbours and threats.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::objects::Matched;
use super::{
    AffectingThreat, CrossingAsset, CrossingCause, CrossingFlow, Neighbour, ObjectKind, Reach,
    StatusChange, ThreatReach, ThreatRef, Transition,
};
use crate::model::{DataFlow, Document, Id, Threat};
use crate::zones::{Crossing, Crossings};

/// Ids of added, removed and changed objects, each with its kind.
struct Touched<'a> {
    added: HashSet<(ObjectKind, &'a str)>,
    changed: HashSet<(ObjectKind, &'a str)>,
    /// Every added, removed or changed id, whatever its kind.
    any: HashSet<&'a str>,
    /// Added, removed or changed elements.
    elements: HashSet<&'a str>,
    /// Added, removed or changed data flows.
    flows: HashSet<&'a str>,
}

impl<'a> Touched<'a> {
    fn new(matched: &'a Matched) -> Self {
        let mut touched = Touched {
            added: HashSet::new(),
            changed: HashSet::new(),
            any: HashSet::new(),
            elements: HashSet::new(),
            flows: HashSet::new(),
        };
        let added = matched.added.iter().map(|o| (o.kind, o.id.as_str()));
        let removed = matched.removed.iter().map(|o| (o.kind, o.id.as_str()));
        let changed = matched.changed.iter().map(|o| (o.kind, o.id.as_str()));
        touched.added.extend(added.clone());
        touched.changed.extend(changed.clone());
        for (kind, id) in added.chain(removed).chain(changed) {
            touched.any.insert(id);
            match kind {
                ObjectKind::Element => touched.elements.insert(id),
                ObjectKind::DataFlow => touched.flows.insert(id),
                _ => false,
            };
        }
        touched
    }
}

/// Computes the reach of the changes in `matched`.
pub(super) fn reach(old: &Document, new: &Document, matched: &Matched) -> Reach {
    let touched = Touched::new(matched);
    let old_crossings = Crossings::of(old);
    let new_crossings = Crossings::of(new);
    Reach {
        crossing_flows: crossing_flows(old, new, &old_crossings, &new_crossings, &touched),
        newly_crossing_assets: newly_crossing_assets(old, new, &old_crossings, &new_crossings),
        neighbours: neighbours(old, new, &touched),
        threats: threats(old, new, matched, &touched),
    }
}

fn crossing_flows(
    old: &Document,
    new: &Document,
    old_crossings: &Crossings<'_>,
    new_crossings: &Crossings<'_>,
    touched: &Touched<'_>,
) -> Vec<CrossingFlow> {
    let old_flows: HashMap<&str, &DataFlow> =
        old.data_flows.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut found = Vec::new();
    for flow in &new.data_flows {
        let Some(crossing) = new_crossings.of_flow(flow) else {
            continue;
        };
        let key = (ObjectKind::DataFlow, flow.id.as_str());
        let cause = if touched.added.contains(&key) {
            CrossingCause::Added
        } else if touched.changed.contains(&key) {
            CrossingCause::Changed
        } else {
            let before = old_flows
                .get(flow.id.as_str())
                .and_then(|old_flow| old_crossings.of_flow(old_flow));
            match before {
                Some(before) if before == crossing => continue,
                Some(before) if zone_pair(&before) == zone_pair(&crossing) => {
                    CrossingCause::BoundariesChanged
                }
                _ if crossing.crosses_zones() => CrossingCause::ZonesChanged,
                _ => CrossingCause::BoundariesChanged,
            }
        };
        found.push(CrossingFlow {
            id: flow.id.clone(),
            name: flow.name.clone(),
            cause,
            source: flow.source.clone(),
            target: flow.target.clone(),
            source_zone: crossing.source_zone.cloned(),
            target_zone: crossing.target_zone.cloned(),
            boundaries: crossing.boundaries.into_iter().cloned().collect(),
        });
    }
    found
}

/// Returns the two zones of a crossing, when the flow crosses from one zone into another.
fn zone_pair<'a>(crossing: &Crossing<'a>) -> Option<(&'a Id, &'a Id)> {
    crossing
        .crosses_zones()
        .then_some((crossing.source_zone?, crossing.target_zone?))
}

fn newly_crossing_assets(
    old: &Document,
    new: &Document,
    old_crossings: &Crossings<'_>,
    new_crossings: &Crossings<'_>,
) -> Vec<CrossingAsset> {
    let mut crossed_before: HashSet<&str> = HashSet::new();
    for flow in &old.data_flows {
        if old_crossings.of_flow(flow).is_some() {
            crossed_before.extend(flow.data_assets.iter().map(Id::as_str));
        }
    }
    let mut carriers: HashMap<&str, Vec<Id>> = HashMap::new();
    for flow in &new.data_flows {
        if new_crossings.of_flow(flow).is_none() {
            continue;
        }
        for asset in &flow.data_assets {
            if !crossed_before.contains(asset.as_str()) {
                let flows = carriers.entry(asset.as_str()).or_default();
                if flows.last() != Some(&flow.id) {
                    flows.push(flow.id.clone());
                }
            }
        }
    }
    new.data_assets
        .iter()
        .filter_map(|asset| {
            let flows = carriers.remove(asset.id.as_str())?;
            Some(CrossingAsset {
                id: asset.id.clone(),
                name: asset.name.clone(),
                flows,
            })
        })
        .collect()
}

/// Unchanged elements of the new revision that share a data flow, in
/// either revision, with a touched element, or that are an end of a
/// touched flow.
fn neighbours<'a>(old: &'a Document, new: &'a Document, touched: &Touched<'_>) -> Vec<Neighbour> {
    let mut near: HashMap<&str, Vec<Id>> = HashMap::new();
    let mut note = |element: &'a Id, cause: &Id| {
        if touched.elements.contains(element.as_str()) {
            return;
        }
        let causes = near.entry(element.as_str()).or_default();
        if !causes.contains(cause) {
            causes.push(cause.clone());
        }
    };
    for flow in old.data_flows.iter().chain(&new.data_flows) {
        if touched.flows.contains(flow.id.as_str()) {
            note(&flow.source, &flow.id);
            note(&flow.target, &flow.id);
        }
        if touched.elements.contains(flow.source.as_str()) {
            note(&flow.target, &flow.source);
        }
        if touched.elements.contains(flow.target.as_str()) {
            note(&flow.source, &flow.target);
        }
    }
    // Elements only in the old revision were removed, so they are touched
    // and left out above; listing in new-revision order keeps the output stable.
    new.elements
        .iter()
        .filter_map(|element| {
            let near = near.remove(element.id.as_str())?;
            Some(Neighbour {
                id: element.id.clone(),
                name: element.name.clone(),
                near,
            })
        })
        .collect()
}

fn threats(old: &Document, new: &Document, matched: &Matched, touched: &Touched) -> ThreatReach {
    let old_threats: HashMap<&str, &Threat> =
        old.threats.iter().map(|t| (t.id.as_str(), t)).collect();
    let new_threats: HashMap<&str, &Threat> =
        new.threats.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut reach = ThreatReach::default();

    let threat_ids = |objects: &mut dyn Iterator<Item = (ObjectKind, &Id)>| -> Vec<Id> {
        objects
            .filter(|(kind, _)| *kind == ObjectKind::Threat)
            .map(|(_, id)| id.clone())
            .collect()
    };
    let added = threat_ids(&mut matched.added.iter().map(|o| (o.kind, &o.id)));
    for id in added {
        if let Some(threat) = new_threats.get(id.as_str()) {
            reach.added.push(threat_ref(threat));
        }
    }
    let changed = threat_ids(&mut matched.changed.iter().map(|o| (o.kind, &o.id)));
    for id in changed {
        let (Some(before), Some(after)) =
            (old_threats.get(id.as_str()), new_threats.get(id.as_str()))
        else {
            continue;
        };
        match Transition::of(before.status, after.status) {
            Some(transition) => reach.status_changed.push(StatusChange {
                id: after.id.clone(),
                title: after.title.clone(),
                from: before.status,
                to: after.status,
                transition,
            }),
            None => reach.changed.push(threat_ref(after)),
        }
    }

    for threat in &new.threats {
        let Some(before) = old_threats.get(threat.id.as_str()) else {
            continue;
        };
        let mut affects: Vec<Id> = Vec::new();
        for id in threat.affects.iter().chain(&before.affects) {
            if touched.any.contains(id.as_str()) && !affects.contains(id) {
                affects.push(id.clone());
            }
        }
        if !affects.is_empty() {
            reach.affecting.push(AffectingThreat {
                id: threat.id.clone(),
                title: threat.title.clone(),
                status: threat.status,
                affects,
            });
        }
    }
    reach
}

fn threat_ref(threat: &Threat) -> ThreatRef {
    ThreatRef {
        id: threat.id.clone(),
        title: threat.title.clone(),
        status: threat.status,
    }
}
