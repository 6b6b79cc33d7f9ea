//! One diagram: its cells become elements, data flows, trust zones and
//! trust boundaries, and its layout becomes a view.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::super::SourceFormat;
use super::cells::{Cell, CellKind, End, Home, unmapped_member};
use super::context::{Context, attach, id_text, text, token};
use super::geometry::{self, Bounds};
use super::threats::Pending;
use super::{v1, v2};
use crate::model::{
    DataFlow, Element, ElementKind, Encryption, Extensions, Id, Point, TrustBoundary, TrustZone,
    View, ViewEdge, ViewNode,
};

/// Everything the diagrams of a model add to the document.
#[derive(Default)]
pub(super) struct Model<'a> {
    pub elements: Vec<Element>,
    pub data_flows: Vec<DataFlow>,
    pub trust_zones: Vec<TrustZone>,
    pub trust_boundaries: Vec<TrustBoundary>,
    /// Views with the id they ask for and the pointer of their diagram;
    /// their ids are assigned once every cell id is taken.
    pub views: Vec<(String, String, View)>,
    /// Threat lists, converted once every object id is known.
    pub threats: Vec<Pending<'a>>,
}

/// The kept members of one converted cell: those of the model object and those of its view node or edge.
#[derive(Default)]
struct Kept {
    model: Map<String, Value>,
    view: Map<String, Value>,
}

/// The state of one diagram during conversion.
struct Diagram<'a> {
    key: String,
    family: Option<String>,
    /// Source id of each node cell → its TMIF id and kind.
    nodes: HashMap<String, (Id, CellKind)>,
    /// Source id of each imported flow → its TMIF id.
    flows: HashMap<String, Id>,
    view: View,
    dropped_cells: Vec<Value>,
    zone_boxes: Vec<(usize, Bounds)>,
    element_boxes: Vec<(usize, Bounds)>,
    pending: Vec<Pending<'a>>,
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
            ctx.changed(
                format!("{pointer}/id"),
                format!("the diagram has no usable id; its view is named after its position, `diagram-{index}`"),
            );
            format!("diagram-{index}")
        }
    };
    let title = text(diagram.get("title")).unwrap_or_else(|| format!("Diagram {}", index + 1));
    let view = View {
        id: Id(String::new()),
        name: title,
        description: text(diagram.get("description")),
        nodes: Vec::new(),
        edges: Vec::new(),
        extensions: Extensions::new(),
    };
    let mut view_kept = Map::new();
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
                    if inner == "cells" {
                        cells = read_cells(format, inner_value, &format!("{member}/cells"));
                    } else {
                        let reason = "a JointJS graph member with no TMIF counterpart";
                        ctx.unmapped(
                            format!("{member}/{}", token(inner)),
                            inner,
                            inner_value,
                            &mut json_kept,
                            reason,
                        );
                    }
                }
                if !json_kept.is_empty() {
                    view_kept.insert("diagramJson".into(), Value::Object(json_kept));
                }
            }
            (SourceFormat::ThreatDragonV2, "cells") => cells = read_cells(format, value, &member),
            _ => {
                let reason = match name.as_str() {
                    "diagramType" => {
                        "the threat model type the editor offered; each threat's category carries its own taxonomy"
                    }
                    "thumbnail" | "placeholder" | "size" | "$$hashKey" => {
                        "an editor setting with no TMIF counterpart"
                    }
                    "version" => "the Threat Dragon release that last opened the diagram",
                    _ => "a diagram member with no TMIF counterpart",
                };
                ctx.unmapped(member, name, value, &mut view_kept, reason);
            }
        }
    }
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
    // Nodes first, so that lines can refer to them; flows before boundaries,
    // so that boundaries can list the flows that cross them.
    for (j, cell) in cells.iter().enumerate() {
        match cell.kind {
            Some(CellKind::Actor | CellKind::Process | CellKind::Store) => {
                add_element(ctx, &mut state, cell, j, model)
            }
            Some(CellKind::BoundaryBox) => add_zone(ctx, &mut state, cell, j, model),
            Some(CellKind::Text) => drop_cell(
                ctx,
                &mut state,
                cell,
                "a free text block; TMIF has no annotations on diagrams".into(),
            ),
            Some(CellKind::Flow | CellKind::Boundary) => {}
            None => {
                let reason = format!(
                    "cell type `{}` is not a Threat Dragon element type",
                    cell.type_name
                );
                drop_cell(ctx, &mut state, cell, reason);
            }
        }
    }
    assign_zones(&state, model);
    for (j, cell) in cells.iter().enumerate() {
        if cell.kind == Some(CellKind::Flow) {
            add_flow(ctx, &mut state, cell, j, model);
        }
    }
    for (j, cell) in cells.iter().enumerate() {
        if cell.kind == Some(CellKind::Boundary) {
            add_boundary(ctx, &mut state, cell, j, model);
        }
    }
    if !state.dropped_cells.is_empty() {
        view_kept.insert("cells".into(), Value::Array(state.dropped_cells));
    }
    attach(&mut state.view.extensions, view_kept);
    model
        .views
        .push((state.key, pointer.to_owned(), state.view));
    model.threats.extend(state.pending);
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
fn claim(ctx: &mut Context, state: &Diagram, cell: &Cell, index: usize) -> Id {
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

/// The cell's name, or a stand-in named after its kind.
fn name_of(ctx: &mut Context, cell: &Cell, kind: CellKind) -> String {
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
fn carry_rest(ctx: &mut Context, cell: &Cell, kind: CellKind, used: &[&str], kept: &mut Kept) {
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

/// The members every element kind reads, plus `name` when it is the name used.
fn common_used(cell: &Cell) -> Vec<&'static str> {
    let mut used = vec!["description", "outOfScope", "reasonOutOfScope", "threats"];
    if text(cell.props().get("name")) == cell.name {
        used.push("name");
    }
    used
}

fn add_element<'a>(
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

fn add_zone<'a>(
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
fn assign_zones(state: &Diagram, model: &mut Model) {
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

fn add_flow<'a>(
    ctx: &mut Context,
    state: &mut Diagram<'a>,
    cell: &Cell<'a>,
    index: usize,
    model: &mut Model,
) {
    let (source, target) = match (
        element_end(state, &cell.source),
        element_end(state, &cell.target),
    ) {
        (Ok(source), Ok(target)) => (source, target),
        (Err(problem), _) | (_, Err(problem)) => {
            let threats: usize = cell.threats.iter().map(|(_, items)| items.len()).sum();
            let mut reason = format!(
                "the data flow is dropped, because {problem}; a TMIF data flow connects two elements"
            );
            if threats > 0 {
                reason.push_str(&format!(
                    ", and its {threats} threat(s) are dropped with it"
                ));
            }
            drop_cell(ctx, state, cell, reason);
            return;
        }
    };
    let id = claim(ctx, state, cell, index);
    let props = cell.props();
    let mut used = vec!["description", "protocol", "isBidirectional", "threats"];
    if text(props.get("name")) == cell.name {
        used.push("name");
    }
    let encrypted = props.get("isEncrypted").and_then(Value::as_bool) == Some(true);
    if encrypted {
        used.push("isEncrypted");
    }
    let mut kept = Kept::default();
    carry_rest(ctx, cell, CellKind::Flow, &used, &mut kept);
    let mut flow = DataFlow {
        id: id.clone(),
        name: cell.name.clone(),
        description: text(props.get("description")),
        source,
        target,
        bidirectional: props
            .get("isBidirectional")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        protocol: text(props.get("protocol")),
        data_assets: Vec::new(),
        authentication: None,
        encryption: encrypted.then_some(Encryption::Transport),
        tags: Vec::new(),
        extensions: Extensions::new(),
    };
    attach(&mut flow.extensions, kept.model);
    if let Some(original) = &cell.id {
        state.flows.insert(original.clone(), id.clone());
    }
    let points = cell.vertices.iter().map(to_point).collect();
    add_edge(state, id.clone(), points, kept.view);
    queue_threats(state, cell, id);
    model.data_flows.push(flow);
}

/// Resolves a flow end to an element of this diagram, or says why it cannot.
fn element_end(state: &Diagram, end: &End) -> Result<Id, String> {
    match end {
        End::Cell(original) => match state.nodes.get(original) {
            Some((id, CellKind::Actor | CellKind::Process | CellKind::Store)) => Ok(id.clone()),
            Some((_, kind)) => Err(format!(
                "one end is attached to a {}, not to an element",
                kind.noun()
            )),
            None => Err(format!(
                "one end names cell `{original}`, which is not an element on this diagram"
            )),
        },
        End::Point(_) => Err("one end is not attached to any element".into()),
        End::Missing => Err("one end is missing".into()),
    }
}

fn add_boundary<'a>(
    ctx: &mut Context,
    state: &mut Diagram<'a>,
    cell: &Cell<'a>,
    index: usize,
    model: &mut Model,
) {
    let id = claim(ctx, state, cell, index);
    let props = cell.props();
    let mut used = vec!["description", "threats", "crossingFlows"];
    if text(props.get("name")) == cell.name {
        used.push("name");
    }
    let mut kept = Kept::default();
    carry_rest(ctx, cell, CellKind::Boundary, &used, &mut kept);
    let mut crossing_flows = Vec::new();
    if let Some(Value::Array(items)) = props.get("crossingFlows") {
        for (k, item) in items.iter().enumerate() {
            let pointer = format!("{}/crossingFlows/{k}", cell.props_pointer());
            match id_text(item).and_then(|original| state.flows.get(&original)) {
                Some(flow) if !crossing_flows.contains(flow) => crossing_flows.push(flow.clone()),
                Some(_) => {}
                None => ctx.dropped(
                    pointer,
                    "the entry names no data flow imported from this diagram",
                ),
            }
        }
    }
    let mut boundary = TrustBoundary {
        id: id.clone(),
        name: cell.name.clone(),
        description: text(props.get("description")),
        zones: Vec::new(),
        crossing_flows,
        tags: Vec::new(),
        extensions: Extensions::new(),
    };
    attach(&mut boundary.extensions, kept.model);
    let mut points = Vec::new();
    if let End::Point(start) = &cell.source {
        points.push(to_point(start));
    }
    points.extend(cell.vertices.iter().map(to_point));
    if let End::Point(end) = &cell.target {
        points.push(to_point(end));
    }
    add_edge(state, id.clone(), points, kept.view);
    queue_threats(state, cell, id);
    model.trust_boundaries.push(boundary);
}

fn add_node(state: &mut Diagram, object: Id, bounds: Option<Bounds>, kept: Map<String, Value>) {
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

fn add_edge(state: &mut Diagram, object: Id, points: Vec<Point>, kept: Map<String, Value>) {
    let mut edge = ViewEdge {
        object,
        points,
        extensions: Extensions::new(),
    };
    attach(&mut edge.extensions, kept);
    state.view.edges.push(edge);
}

fn to_point(point: &geometry::Point) -> Point {
    Point {
        x: point.x,
        y: point.y,
        extensions: Extensions::new(),
    }
}

fn queue_threats<'a>(state: &mut Diagram<'a>, cell: &Cell<'a>, owner: Id) {
    if cell.threats.iter().any(|(_, items)| !items.is_empty()) {
        state.pending.push(Pending {
            owner,
            lists: cell.threats.clone(),
            family: state.family.clone(),
        });
    }
}

/// Leaves a whole cell out of the document, or keeps it verbatim on the view.
fn drop_cell(ctx: &mut Context, state: &mut Diagram, cell: &Cell, reason: String) {
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
