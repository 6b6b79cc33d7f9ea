//! OTM representations, which become TMIF views.
//!
//! Each representation of type `diagram` becomes one view, with a node for
//! every box that a trust zone or component has in it. OTM gives a box's
//! position relative to the box of its parent, so the node's position is the
//! sum of the positions along the parent chain. An ancestor without a box in
//! the same diagram adds nothing. Other representations (`code`,
//! `threat-model`) and the boxes in them have no TMIF form. Losses about boxes
//! are kept in the document's `x-otm`, except the box's own `id` and `name`,
//! which the view node keeps.

use std::collections::HashMap;

use serde_json::Value;

use super::read::{Node, Owned, invalid};
use super::{Context, Extras, ImportError, Index, Object};
use crate::model::{Extensions, Id, View, ViewNode};

const DIAGRAM_MEMBERS: &[&str] = &["id", "name", "type", "description"];

const BOX_MEMBERS: &[&str] = &["representation", "id", "name", "position", "size"];

/// A box of a zone or component in one diagram, before positions are made absolute.
struct Placed {
    view: usize,
    object: Object,
    node: ViewNode,
}

/// The owners of boxes: trust zones and components, with their TMIF ids.
pub struct Owners<'a, 'b> {
    pub zones: &'b [Owned<'a>],
    pub components: &'b [Owned<'a>],
}

/// Converts `representations` and the boxes of zones and components.
pub fn import(
    cx: &mut Context,
    root: Node,
    owners: Owners,
    index: &Index,
    root_extras: &mut Extras,
) -> Result<Vec<View>, ImportError> {
    let mut views = Vec::new();
    // Every representation id with the position of its view, or its type when it is no diagram.
    let mut kinds: HashMap<String, Result<usize, String>> = HashMap::new();
    for item in root.objects("representations", "a representation")? {
        let node = item.node();
        let otm_id = node.required_id("id", "a representation")?;
        let name = node.required_str("name", "a representation")?;
        let kind = node.required_str("type", "a representation")?;
        if kinds.contains_key(&otm_id) {
            return Err(invalid(
                node.at("id"),
                format!("id `{otm_id}` is used by two representations; give each its own id"),
            ));
        }
        if kind != "diagram" {
            let reason = format!("TMIF has no form for a representation of type `{kind}`");
            cx.unmapped(
                root_extras,
                &item.pointer,
                &Value::Object(item.map.clone()),
                &reason,
            );
            kinds.insert(otm_id, Err(kind.to_owned()));
            continue;
        }
        let mut extras = Extras::new(&item.pointer);
        let mut view = View {
            classification: None,
            id: cx.claim(&otm_id, "view", &node.at("id")),
            name: name.to_owned(),
            description: node.str("description")?.map(str::to_owned),
            nodes: Vec::new(),
            edges: Vec::new(),
            extensions: Extensions::new(),
        };
        if let Some(size) = node.get("size") {
            let reason = "TMIF views have no size; their nodes give the extent of the diagram";
            cx.unmapped(&mut extras, &node.at("size"), size, reason);
        }
        let mut known = DIAGRAM_MEMBERS.to_vec();
        known.push("size");
        cx.rest(node, &known, &mut extras, "a representation");
        extras.apply(&mut view.extensions);
        kinds.insert(otm_id, Ok(views.len()));
        views.push(view);
    }

    let mut boxes = Vec::new();
    let owners = owners
        .zones
        .iter()
        .map(|item| (item, true))
        .chain(owners.components.iter().map(|item| (item, false)));
    for (item, is_zone) in owners {
        let node = item.node();
        let otm_id = node.required_id("id", "a trust zone or component")?;
        let (object, id) = if is_zone {
            (Object::Zone(otm_id.clone()), index.zones.get(&otm_id))
        } else {
            (
                Object::Component(otm_id.clone()),
                index.components.get(&otm_id),
            )
        };
        let Some(id) = id else { continue };
        for element in node.objects("representations", "a representation element")? {
            if let Some(found) = read_box(cx, &element, &kinds, &object, id, root_extras)? {
                boxes.push(found);
            }
        }
    }
    place(&mut boxes, index);
    for found in boxes {
        if let Some(view) = views.get_mut(found.view) {
            view.nodes.push(found.node);
        }
    }
    Ok(views)
}

/// Reads one box, or records why it has no TMIF form.
fn read_box(
    cx: &mut Context,
    element: &Owned,
    kinds: &HashMap<String, Result<usize, String>>,
    object: &Object,
    id: &Id,
    root_extras: &mut Extras,
) -> Result<Option<Placed>, ImportError> {
    let node = element.node();
    let whole = Value::Object(element.map.clone());

    let representation = node.required_id("representation", "a representation element")?;
    let view = match kinds.get(&representation) {
        Some(Ok(view)) => *view,
        Some(Err(kind)) => {
            let reason = format!(
                "the element is part of representation `{representation}` of type `{kind}`, \
                 which TMIF has no form for"
            );
            cx.unmapped(root_extras, &element.pointer, &whole, &reason);
            return Ok(None);
        }
        None => {
            let reason = format!("representation `{representation}` does not exist in the file");
            cx.unmapped(root_extras, &element.pointer, &whole, &reason);
            return Ok(None);
        }
    };
    let Some(position) = node.object("position")? else {
        let reason = "the element has no position, so it cannot be drawn in a view";
        cx.unmapped(root_extras, &element.pointer, &whole, reason);
        return Ok(None);
    };

    let position = position.node();
    let mut view_node = ViewNode {
        object: id.clone(),
        x: required_number(position, "x")?,
        y: required_number(position, "y")?,
        width: None,
        height: None,
        extensions: Extensions::new(),
    };
    cx.rest(position, &["x", "y"], root_extras, "a position");
    if let Some(size) = node.object("size")? {
        let size = size.node();
        view_node.width = size.number("width")?;
        view_node.height = size.number("height")?;
        cx.rest(size, &["width", "height"], root_extras, "a size");
    }

    let mut extras = Extras::new(&element.pointer);
    for key in ["id", "name"] {
        if let Some(value) = node.get(key) {
            let reason =
                format!("TMIF view nodes have no `{key}`; a node is known by the object it draws");
            cx.unmapped(&mut extras, &node.at(key), value, &reason);
        }
    }
    extras.apply(&mut view_node.extensions);
    cx.rest(node, BOX_MEMBERS, root_extras, "a representation element");
    Ok(Some(Placed {
        view,
        object: object.clone(),
        node: view_node,
    }))
}

fn required_number(node: Node, key: &str) -> Result<f64, ImportError> {
    node.number(key)?
        .ok_or_else(|| invalid(node.at(key), format!("a position needs `{key}`; add it")))
}

/// Makes the positions of `boxes` absolute by adding the positions of the
/// boxes of their ancestors in the same view.
fn place(boxes: &mut [Placed], index: &Index) {
    let mut first: HashMap<(usize, &Object), (f64, f64)> = HashMap::new();
    for found in boxes.iter() {
        first
            .entry((found.view, &found.object))
            .or_insert((found.node.x, found.node.y));
    }
    let limit = index.parents.len();
    let offsets: Vec<(f64, f64)> = boxes
        .iter()
        .map(|found| {
            let (mut dx, mut dy) = (0.0, 0.0);
            let mut current = &found.object;
            // The step limit guards against a cycle that mixes zone and component parents.
            for _ in 0..=limit {
                let Some(parent) = index.parents.get(current) else {
                    break;
                };
                if let Some((x, y)) = first.get(&(found.view, parent)) {
                    dx += x;
                    dy += y;
                }
                current = parent;
            }
            (dx, dy)
        })
        .collect();
    for (found, (dx, dy)) in boxes.iter_mut().zip(offsets) {
        found.node.x += dx;
        found.node.y += dy;
    }
}
