//! Cells of Threat Dragon 1.x: JointJS cells under `diagramJson.cells`, with
//! the Threat Dragon properties mixed into each cell.

use serde_json::{Map, Value};

use super::cells::{Cell, CellKind, End};
use super::context::{id_text, text};
use super::geometry::{Bounds, point};

const NODE_MEMBERS: &[&str] = &["type", "id", "position", "size", "threats"];
const LINE_MEMBERS: &[&str] = &["type", "id", "source", "target", "vertices", "threats"];

/// Reads one cell.
pub(super) fn read<'a>(raw: &'a Map<String, Value>, pointer: String) -> Cell<'a> {
    let type_name = raw
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let kind = CellKind::from_type(&type_name);
    let is_node = kind.is_none_or(CellKind::is_node);
    let name = if is_node {
        text(
            raw.get("attrs")
                .and_then(|attrs| attrs.pointer("/text/text")),
        )
    } else {
        line_label(raw)
    }
    .or_else(|| text(raw.get("name")));
    let vertices = raw
        .get("vertices")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(point).collect())
        .unwrap_or_default();

    let threats = match raw.get("threats") {
        Some(Value::Array(items)) => vec![(format!("{pointer}/threats"), items.as_slice())],
        _ => Vec::new(),
    };

    Cell {
        id: raw.get("id").and_then(id_text),
        kind,
        type_name,
        name,
        bounds: if is_node {
            Bounds::read(raw.get("position"), raw.get("size"))
        } else {
            None
        },
        source: end(raw.get("source")),
        target: end(raw.get("target")),
        vertices,
        threats,
        structural: if is_node { NODE_MEMBERS } else { LINE_MEMBERS },
        pointer,
        raw,
        data: None,
    }
}

/// Returns the first non-empty label text of a line: `labels[].attrs.text.text`.
fn line_label(raw: &Map<String, Value>) -> Option<String> {
    raw.get("labels")?
        .as_array()?
        .iter()
        .find_map(|label| text(label.pointer("/attrs/text/text")))
}

/// Reads a line end, `{"id": …}` when attached to a cell and `{"x": …, "y": …}` when loose.
fn end(value: Option<&Value>) -> End {
    let Some(value) = value else {
        return End::Missing;
    };
    if let Some(id) = value.get("id").and_then(id_text) {
        return End::Cell(id);
    }
    point(value).map_or(End::Missing, End::Point)
}
