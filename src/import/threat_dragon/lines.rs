//! Lines of a diagram: data flows and trust boundaries.

use serde_json::Value;

use super::cells::{Cell, CellKind, End};
use super::context::{Context, attach, id_text, text};
use super::diagram::{Diagram, Kept, Model, add_edge, carry_rest, claim, drop_cell, queue_threats};
use super::geometry;
use crate::model::{DataFlow, Encryption, Extensions, Id, Point, TrustBoundary};

/// Adds a flow whose ends are both attached to elements, and drops any other flow.
pub(super) fn add_flow<'a>(
    ctx: &mut Context,
    state: &mut Diagram<'a>,
    cell: &Cell<'a>,
    index: usize,
    model: &mut Model,
) {
    let Some((source, target)) = flow_ends(ctx, state, cell) else {
        return;
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

    let bidirectional = props.get("isBidirectional").and_then(Value::as_bool);
    let mut flow = DataFlow {
        classification: None,
        id: id.clone(),
        name: cell.name.clone(),
        description: text(props.get("description")),
        source,
        target,
        bidirectional: bidirectional.unwrap_or(false),
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

/// Returns the TMIF ids of the two elements a flow connects, or drops the
/// flow with its threats and returns `None`.
fn flow_ends(ctx: &mut Context, state: &mut Diagram, cell: &Cell) -> Option<(Id, Id)> {
    let problem = match (
        element_end(state, &cell.source),
        element_end(state, &cell.target),
    ) {
        (Ok(source), Ok(target)) => return Some((source, target)),
        (Err(problem), _) | (_, Err(problem)) => problem,
    };
    let mut reason = format!(
        "the data flow is dropped, because {problem}; a TMIF data flow connects two elements"
    );
    let threats: usize = cell.threats.iter().map(|(_, items)| items.len()).sum();
    if threats > 0 {
        reason.push_str(&format!(
            ", and its {threats} threat(s) are dropped with it"
        ));
    }
    drop_cell(ctx, state, cell, reason);
    None
}

/// Resolves a flow end to an element of this diagram, or returns why it cannot.
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

/// Adds a boundary line as a trust boundary, with the crossing flows it lists.
pub(super) fn add_boundary<'a>(
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
        classification: None,
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

fn to_point(point: &geometry::Point) -> Point {
    Point {
        x: point.x,
        y: point.y,
        extensions: Extensions::new(),
    }
}
