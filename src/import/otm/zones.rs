//! OTM trust zones.

use std::collections::HashMap;

use super::read::{Node, Owned, invalid};
use super::{Context, Extras, ImportError, Index, Object};
use crate::model::{Extensions, Id, Percent, TrustZone};

const ZONE_MEMBERS: &[&str] = &[
    "id",
    "name",
    "type",
    "description",
    "risk",
    "parent",
    "representations",
];

/// Converts `trustZones`. A zone's `representations` are read by the views.
///
/// A `parent.trustZone` that names no zone is dropped with a loss entry, as
/// OTM's own validator does not check zone parents. A cycle of zone parents
/// is an error, because TMIF forbids containment cycles.
pub fn import(
    cx: &mut Context,
    items: &[Owned],
    ids: Vec<Id>,
    index: &mut Index,
) -> Result<Vec<TrustZone>, ImportError> {
    let mut zones = Vec::with_capacity(items.len());
    let mut parents: HashMap<String, (String, String)> = HashMap::new();
    for (item, id) in items.iter().zip(ids) {
        let node = item.node();
        let mut extras = Extras::new(&item.pointer);
        let otm_id = node.required_id("id", "a trust zone")?;
        let name = node.required_str("name", "a trust zone")?;
        let mut zone = TrustZone {
            classification: None,
            id,
            name: name.to_owned(),
            description: node.str("description")?.map(str::to_owned),
            zone_type: node.str("type")?.map(str::to_owned),
            parent: None,
            trust_level: None,
            tags: Vec::new(),
            extensions: Extensions::new(),
        };
        if let Some(risk) = node.object("risk")? {
            zone.trust_level = trust_level(cx, risk.node())?;
            cx.rest(
                risk.node(),
                &["trustRating"],
                &mut extras,
                "a trust zone's risk",
            );
        }
        if let Some(parent) = node.object("parent")? {
            zone.parent = parent_zone(cx, index, parent, &otm_id, &mut extras, &mut parents)?;
        }
        cx.rest(node, ZONE_MEMBERS, &mut extras, "a trust zone");
        extras.apply(&mut zone.extensions);
        zones.push(zone);
    }
    check_cycles(&parents)?;
    Ok(zones)
}

/// Reads `trustRating`, clamping it into 0 to 100 with a loss entry.
fn trust_level(cx: &mut Context, risk: Node) -> Result<Option<Percent>, ImportError> {
    let Some(rating) = risk.number("trustRating")? else {
        return Ok(None);
    };
    if let Some(level) = Percent::new(rating) {
        return Ok(Some(level));
    }
    let clamped = rating.clamp(0.0, 100.0);
    cx.changed(
        &risk.at("trustRating"),
        format!("trust rating {rating} is outside 0 to 100; the trust level is {clamped}"),
    );
    Ok(Percent::new(clamped))
}

/// Reads a zone's `parent`, recording it in `parents` for the cycle check
/// and in the index for positions in views.
fn parent_zone(
    cx: &mut Context,
    index: &mut Index,
    parent: Owned,
    otm_id: &str,
    extras: &mut Extras,
    parents: &mut HashMap<String, (String, String)>,
) -> Result<Option<Id>, ImportError> {
    let node = parent.node();
    let zone = node.id("trustZone")?;
    let component = node.id("component")?;
    if let (Some(_), Some(_)) = (&zone, &component) {
        return Err(invalid(
            parent.pointer.clone(),
            "a parent names either a `trustZone` or a `component`, not both; keep one",
        ));
    }
    if let Some(component) = component {
        index.parents.insert(
            Object::Zone(otm_id.to_owned()),
            Object::Component(component.clone()),
        );
        let reason = format!(
            "TMIF trust zones can only be nested in trust zones, so the parent component \
             `{component}` is not kept"
        );
        cx.unmapped(extras, &node.at("component"), &component.into(), &reason);
    }
    cx.rest(node, &["trustZone", "component"], extras, "a parent");
    let Some(zone) = zone else {
        return Ok(None);
    };
    let Some(id) = index.zones.get(&zone).cloned() else {
        let reason = format!("parent trust zone `{zone}` does not exist in the file");
        cx.unmapped(extras, &node.at("trustZone"), &zone.into(), &reason);
        return Ok(None);
    };
    index
        .parents
        .insert(Object::Zone(otm_id.to_owned()), Object::Zone(zone.clone()));
    parents.insert(otm_id.to_owned(), (zone, node.at("trustZone")));
    Ok(Some(id))
}

/// Fails when following zone parents returns to a zone already passed.
fn check_cycles(parents: &HashMap<String, (String, String)>) -> Result<(), ImportError> {
    let mut starts: Vec<&String> = parents.keys().collect();
    starts.sort();
    for start in starts {
        let mut chain = vec![start.as_str()];
        let mut current = start;
        while let Some((parent, pointer)) = parents.get(current) {
            if parent == start {
                chain.push(parent);
                return Err(invalid(
                    pointer.clone(),
                    format!(
                        "the trust zone parents form a cycle ({}); remove one of these parents",
                        chain.join(" → ")
                    ),
                ));
            }
            if chain.len() > parents.len() {
                break;
            }
            chain.push(parent);
            current = parent;
        }
    }
    Ok(())
}
