//! Boxes of a diagram: elements and trust zones, and the zone membership
//! derived from where they are drawn.

use serde_json::Value;

use super::cells::{Cell, CellKind};
use super::context::{Context, attach, text};
use super::diagram::{Diagram, Kept, Model, add_node, carry_rest, claim, name_of, queue_threats};
use super::geometry::{self, Bounds};
use crate::model::{Element, ElementKind, Extensions, TrustZone};

/// Lists the members every element kind reads, plus `name` when it is the name used.
fn common_used(cell: &Cell) -> Vec<&'static str> {
    let mut used = vec!["description", "outOfScope", "reasonOutOfScope", "threats"];
    if text(cell.props().get("name")) == cell.name {
        used.push("name");
    }
    used
}

/// Adds an actor, process or store as an element.
pub(super) fn add_element<'a>(
    ctx: &mut Context,
    state: &mut Diagram<'a>,
    cell: &Cell<'a>,
    index: usize,
    model: &mut Model,
) {
    let Some(kind) = cell.kind else { return };
    let id = claim(ctx, state, cell, index);
    let props = cell.props();
    let mut kept = Kept::default();
    carry_rest(ctx, cell, kind, &common_used(cell), &mut kept);

    let mut element = Element {
        classification: None,
        id: id.clone(),
        name: name_of(ctx, cell, kind),
        kind: match kind {
            CellKind::Actor => ElementKind::ExternalEntity,
            CellKind::Store => ElementKind::DataStore,
            _ => ElementKind::Process,
        },
        element_type: None,
        description: text(props.get("description")),
        zone: None,
        parent: None,
        processed_assets: Vec::new(),
        stored_assets: Vec::new(),
        out_of_scope: props
            .get("outOfScope")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        out_of_scope_reason: text(props.get("reasonOutOfScope")),
        tags: Vec::new(),
        extensions: Extensions::new(),
    };
    attach(&mut element.extensions, kept.model);

    if let Some(original) = &cell.id {
        state.nodes.insert(original.clone(), (id.clone(), kind));
    }
    add_node(state, id.clone(), cell.bounds, kept.view);
    if let Some(bounds) = cell.bounds {
        state.element_boxes.push((model.elements.len(), bounds));
    }
    queue_threats(state, cell, id);
    model.elements.push(element);
}

/// Adds a boundary box as a trust zone.
pub(super) fn add_zone<'a>(
    ctx: &mut Context,
    state: &mut Diagram<'a>,
    cell: &Cell<'a>,
    index: usize,
    model: &mut Model,
) {
    let id = claim(ctx, state, cell, index);
    let mut kept = Kept::default();
    let mut used = vec!["description", "threats"];
    if text(cell.props().get("name")) == cell.name {
        used.push("name");
    }
    carry_rest(ctx, cell, CellKind::BoundaryBox, &used, &mut kept);
    let mut zone = TrustZone {
        classification: None,
        id: id.clone(),
        name: name_of(ctx, cell, CellKind::BoundaryBox),
        description: text(cell.props().get("description")),
        zone_type: None,
        parent: None,
        trust_level: None,
        tags: Vec::new(),
        extensions: Extensions::new(),
    };
    attach(&mut zone.extensions, kept.model);
    if let Some(original) = &cell.id {
        state
            .nodes
            .insert(original.clone(), (id.clone(), CellKind::BoundaryBox));
    }
    add_node(state, id.clone(), cell.bounds, kept.view);
    if let Some(bounds) = cell.bounds {
        state.zone_boxes.push((model.trust_zones.len(), bounds));
    }
    queue_threats(state, cell, id);
    model.trust_zones.push(zone);
}

/// Sets `zone` on elements and `parent` on zones from the boxes of this diagram.
pub(super) fn assign_zones(state: &Diagram, model: &mut Model) {
    let boxes: Vec<Bounds> = state.zone_boxes.iter().map(|(_, bounds)| *bounds).collect();
    let zone_id = |model: &Model, i: usize| {
        let (position, _) = state.zone_boxes.get(i)?;
        Some(model.trust_zones.get(*position)?.id.clone())
    };
    for (position, bounds) in &state.element_boxes {
        let zone = geometry::innermost_zone(*bounds, &boxes).and_then(|i| zone_id(model, i));
        if let Some(element) = model.elements.get_mut(*position) {
            element.zone = zone;
        }
    }
    for (i, (position, _)) in state.zone_boxes.iter().enumerate() {
        let parent = geometry::enclosing_zone(i, &boxes).and_then(|p| zone_id(model, p));
        if let Some(zone) = model.trust_zones.get_mut(*position) {
            zone.parent = parent;
        }
    }
}
