//! One diagram: its cells become elements, data flows, trust zones and
//! trust boundaries, and its layout becomes a view.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::super::SourceFormat;
use super::cells::{Cell, CellKind, Home, unmapped_member};
use super::context::{Context, attach, id_text, text, token};
use super::geometry::Bounds;
use super::threats::Pending;
use super::{lines, nodes, v1, v2};
use crate::model::{
    DataFlow, Element, Extensions, Id, Point, TrustBoundary, TrustZone, View, ViewEdge, ViewNode,
};

/// Everything the diagrams of a model add to the document.
#[derive(Default)]
pub(super) struct Model<'a> {
    pub elements: Vec<Element>,
    pub data_flows: Vec<DataFlow>,
    pub trust_zones: Vec<TrustZone>,
    pub trust_boundaries: Vec<TrustBoundary>,
    /// Views with their preferred id and the pointer of their diagram;
    /// their ids are assigned once every cell id is taken.
    pub views: Vec<(String, String, View)>,
    /// Threat lists, converted once every object id is known.
    pub threats: Vec<Pending<'a>>,
}

/// The members of one converted cell that are kept: those of the model
/// object, and those of its node or edge in the view.
#[derive(Default)]
pub(super) struct Kept {
    pub model: Map<String, Value>,
    pub view: Map<String, Value>,
}

/// The state of one diagram during conversion.
pub(super) struct Diagram<'a> {
    /// The preferred view id, which is also the prefix of derived cell ids.
    pub key: String,
    /// The `diagramType`, used for threats without a `modelType`.
    pub family: Option<String>,
    /// Source id of each node cell → its TMIF id and kind.
    pub nodes: HashMap<String, (Id, CellKind)>,
    /// Source id of each imported flow → its TMIF id.
    pub flows: HashMap<String, Id>,
    pub view: View,
    /// Whole cells kept on the view because they have no TMIF object.
    pub dropped_cells: Vec<Value>,
    /// Position in `Model::trust_zones` and box of each zone of this diagram.
    pub zone_boxes: Vec<(usize, Bounds)>,
    /// Position in `Model::elements` and box of each element of this diagram.
    pub element_boxes: Vec<(usize, Bounds)>,
    pub pending: Vec<Pending<'a>>,
}

/// Converts the diagram at `pointer` and adds the result to `model`.
pub(super) fn convert<'a>(
    ctx: &mut Context,
    format: SourceFormat,
    diagram: &'a Map<String, Value>,
    pointer: &str,
    index: usize,
    model: &mut Model<'a>,
) {
    let key = match diagram.get("id").and_then(id_text) {
        Some(id) => format!("diagram-{id}"),
        None => {
            let reason = format!(
                "the diagram has no usable id; its view is named after its position, `diagram-{index}`"
            );
            ctx.changed(format!("{pointer}/id"), reason);
            format!("diagram-{index}")
        }
    };
    let view = View {
        classification: None,
        id: Id::from(String::new()),
        name: text(diagram.get("title")).unwrap_or_else(|| format!("Diagram {}", index + 1)),
        description: text(diagram.get("description")),
        nodes: Vec::new(),
        edges: Vec::new(),
        extensions: Extensions::new(),
    };
    let mut view_kept = Map::new();
    let cells = read_members(ctx, format, diagram, pointer, &mut view_kept);
    let mut state = Diagram {
        key,
        family: text(diagram.get("diagramType")),
        nodes: HashMap::new(),
        flows: HashMap::new(),
        view,
        dropped_cells: Vec::new(),
        zone_boxes: Vec::new(),
        element_boxes: Vec::new(),
        pending: Vec::new(),
    };
    convert_cells(ctx, &mut state, &cells, model);

    if !state.dropped_cells.is_empty() {
        view_kept.insert("cells".into(), Value::Array(state.dropped_cells));
    }
    attach(&mut state.view.extensions, view_kept);
    model
        .views
        .push((state.key, pointer.to_owned(), state.view));
    model.threats.extend(state.pending);
}

/// Reads the cells of a diagram and handles its other members.
fn read_members<'a>(
    ctx: &mut Context,
    format: SourceFormat,
    diagram: &'a Map<String, Value>,
    pointer: &str,
    view_kept: &mut Map<String, Value>,
) -> Vec<Cell<'a>> {
    let mut cells = Vec::new();
    for (name, value) in diagram {
        let member = format!("{pointer}/{}", token(name));
        match (format, name.as_str()) {
            (_, "id" | "title" | "description") => {}
            (SourceFormat::ThreatDragonV1, "diagramJson") => {
                let Some(json) = value.as_object() else {
                    continue;
                };
                let mut json_kept = Map::new();
                for (inner, inner_value) in json {
                    let inner_pointer = format!("{member}/{}", token(inner));
                    if inner == "cells" {
                        cells = read_cells(format, inner_value, &inner_pointer);
                    } else {
                        let reason = "a JointJS graph member with no TMIF counterpart";
                        ctx.unmapped(inner_pointer, inner, inner_value, &mut json_kept, reason);
                    }
                }
                if !json_kept.is_empty() {
                    view_kept.insert("diagramJson".into(), Value::Object(json_kept));
                }
            }
            (SourceFormat::ThreatDragonV2, "cells") => cells = read_cells(format, value, &member),
            _ => ctx.unmapped(member, name, value, view_kept, diagram_member_reason(name)),
        }
    }
    cells
}

fn diagram_member_reason(name: &str) -> &'static str {
    match name {
        "diagramType" => {
            "the threat model type the editor offered; each threat's category carries its own taxonomy"
        }
        "thumbnail" | "placeholder" | "size" | "$$hashKey" => {
            "an editor setting with no TMIF counterpart"
        }
        "version" => "the Threat Dragon release that last opened the diagram",
        _ => "a diagram member with no TMIF counterpart",
    }
}

/// Converts the cells: nodes first, so that lines can refer to them, and
/// flows before boundaries, so that boundaries can list the flows that cross them.
fn convert_cells<'a>(
    ctx: &mut Context,
    state: &mut Diagram<'a>,
    cells: &[Cell<'a>],
    model: &mut Model<'a>,
) {
    for (j, cell) in cells.iter().enumerate() {
        match cell.kind {
            Some(CellKind::Actor | CellKind::Process | CellKind::Store) => {
                nodes::add_element(ctx, state, cell, j, model)
            }
            Some(CellKind::BoundaryBox) => nodes::add_zone(ctx, state, cell, j, model),
            Some(CellKind::Text) => {
                let reason = "a free text block; TMIF has no annotations on diagrams";
                drop_cell(ctx, state, cell, reason.into());
            }
            Some(CellKind::Flow | CellKind::Boundary) => {}
            None => {
                let reason = format!(
                    "cell type `{}` is not a Threat Dragon element type",
                    cell.type_name
                );
                drop_cell(ctx, state, cell, reason);
            }
        }
    }
    nodes::assign_zones(state, model);

    for (j, cell) in cells.iter().enumerate() {
        if cell.kind == Some(CellKind::Flow) {
            lines::add_flow(ctx, state, cell, j, model);
        }
    }
    for (j, cell) in cells.iter().enumerate() {
        if cell.kind == Some(CellKind::Boundary) {
            lines::add_boundary(ctx, state, cell, j, model);
        }
    }
}

fn read_cells<'a>(format: SourceFormat, value: &'a Value, pointer: &str) -> Vec<Cell<'a>> {
    let Some(items) = value.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(j, item)| {
            let raw = item.as_object()?;
            let cell_pointer = format!("{pointer}/{j}");
            Some(match format {
                SourceFormat::ThreatDragonV1 => v1::read(raw, cell_pointer),
                _ => v2::read(raw, cell_pointer),
            })
        })
        .collect()
}

/// Takes the cell's id, or derives one from the diagram and the cell's position.
pub(super) fn claim(ctx: &mut Context, state: &Diagram, cell: &Cell, index: usize) -> Id {
    match &cell.id {
        Some(id) => ctx.claim_id(id, &format!("{}/id", cell.pointer)),
        None => {
            let derived = format!("{}/cell-{}", state.key, index + 1);
            ctx.changed(
                format!("{}/id", cell.pointer),
                format!("the cell has no usable id; it gets id `{derived}`, which changes when cells before it are removed"),
            );
            ctx.claim_id(&derived, &format!("{}/id", cell.pointer))
        }
    }
}

/// Returns the cell's name, or a stand-in named after its kind.
pub(super) fn name_of(ctx: &mut Context, cell: &Cell, kind: CellKind) -> String {
    match &cell.name {
        Some(name) => name.clone(),
        None => {
            let stand_in = format!("Unnamed {}", kind.noun());
            ctx.changed(
                cell.pointer.clone(),
                format!("the cell has no name or label; it is named `{stand_in}`"),
            );
            stand_in
        }
    }
}

/// Records every member of the cell that `used` does not name.
pub(super) fn carry_rest(
    ctx: &mut Context,
    cell: &Cell,
    kind: CellKind,
    used: &[&str],
    kept: &mut Kept,
) {
    let mut visit =
        |ctx: &mut Context, members: &Map<String, Value>, base: String, skip: &[&str]| {
            for (name, value) in members {
                if skip.contains(&name.as_str()) || used.contains(&name.as_str()) {
                    continue;
                }
                let (home, reason) = unmapped_member(kind, name);
                let target = if home == Home::View {
                    &mut kept.view
                } else {
                    &mut kept.model
                };
                ctx.unmapped(
                    format!("{base}/{}", token(name)),
                    name,
                    value,
                    target,
                    reason,
                );
            }
        };
    visit(ctx, cell.raw, cell.pointer.clone(), cell.structural);
    if let Some(data) = cell.data {
        visit(ctx, data, cell.props_pointer(), &["type"]);
    }
}

pub(super) fn add_node(
    state: &mut Diagram,
    object: Id,
    bounds: Option<Bounds>,
    kept: Map<String, Value>,
) {
    let Some(bounds) = bounds else { return };
    let mut node = ViewNode {
        object,
        x: bounds.x,
        y: bounds.y,
        width: bounds.width,
        height: bounds.height,
        extensions: Extensions::new(),
    };
    attach(&mut node.extensions, kept);
    state.view.nodes.push(node);
}

pub(super) fn add_edge(
    state: &mut Diagram,
    object: Id,
    points: Vec<Point>,
    kept: Map<String, Value>,
) {
    let mut edge = ViewEdge {
        object,
        points,
        extensions: Extensions::new(),
    };
    attach(&mut edge.extensions, kept);
    state.view.edges.push(edge);
}

pub(super) fn queue_threats<'a>(state: &mut Diagram<'a>, cell: &Cell<'a>, owner: Id) {
    if cell.threats.iter().any(|(_, items)| !items.is_empty()) {
        state.pending.push(Pending {
            owner,
            lists: cell.threats.clone(),
            family: state.family.clone(),
        });
    }
}

/// Leaves a whole cell out of the document, or keeps it verbatim on the view.
pub(super) fn drop_cell(ctx: &mut Context, state: &mut Diagram, cell: &Cell, reason: String) {
    if ctx.keep {
        state.dropped_cells.push(Value::Object(cell.raw.clone()));
        ctx.losses.push(
            cell.pointer.clone(),
            super::super::LossKind::Kept,
            format!("{reason}; kept under `x-threat-dragon.cells` on the view"),
        );
    } else {
        ctx.dropped(cell.pointer.clone(), reason);
    }
}
