//! Cells of Threat Dragon 2.x: AntV X6 cells under `cells`, with the Threat
//! Dragon properties under `data`.

use serde_json::{Map, Value};

use super::cells::{Cell, CellKind, End};
use super::context::{id_text, text};
use super::geometry::{Bounds, point};

const NODE_MEMBERS: &[&str] = &["shape", "id", "position", "size", "data", "threats"];
const LINE_MEMBERS: &[&str] = &[
    "shape", "id", "source", "target", "vertices", "data", "threats",
];

/// Maps an X6 `shape`. `trust-broundary-curve` is a misspelling that
/// Threat Dragon 2.x releases wrote into real files.
fn kind_of_shape(shape: &str) -> Option<CellKind> {
    Some(match shape {
        "actor" => CellKind::Actor,
        "process" => CellKind::Process,
        "store" => CellKind::Store,
        "flow" => CellKind::Flow,
        "trust-boundary-curve" | "trust-broundary-curve" => CellKind::Boundary,
        "trust-boundary-box" => CellKind::BoundaryBox,
        "td-text-block" => CellKind::Text,
        _ => return None,
    })
}

/// Reads one cell. The shape decides the kind; `data.type` is used when the
/// shape is missing or unknown.
pub(super) fn read<'a>(raw: &'a Map<String, Value>, pointer: String) -> Cell<'a> {
    let data = raw.get("data").and_then(Value::as_object);
    let shape = raw.get("shape").and_then(Value::as_str).unwrap_or_default();
    let data_type = data
        .and_then(|d| d.get("type"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let kind = kind_of_shape(shape).or_else(|| CellKind::from_type(data_type));
    let type_name = if shape.is_empty() { data_type } else { shape }.to_owned();
    let is_node = kind.is_none_or(CellKind::is_node);
    let name = data
        .and_then(|d| text(d.get("name")))
        .or_else(|| label(raw));
    let vertices = raw
        .get("vertices")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(point).collect())
        .unwrap_or_default();

    // The application writes threats to `data.threats`; the published
    // schema puts them on the cell. Both are read.
    let mut threats = Vec::new();
    if let Some(Value::Array(items)) = data.and_then(|d| d.get("threats")) {
        threats.push((format!("{pointer}/data/threats"), items.as_slice()));
    }
    if let Some(Value::Array(items)) = raw.get("threats") {
        threats.push((format!("{pointer}/threats"), items.as_slice()));
    }

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
        data,
    }
}

/// Returns the label text, from whichever of the encodings Threat Dragon 2.x files use:
/// `attrs.labelText.text`, `attrs.label.text` or `attrs.text.text` on the
/// cell, or `labels[]` as plain strings or as objects with the same `attrs`.
fn label(raw: &Map<String, Value>) -> Option<String> {
    let from_attrs = |attrs: Option<&Value>| {
        let attrs = attrs?;
        ["labelText", "label", "text"]
            .into_iter()
            .find_map(|key| text(attrs.get(key).and_then(|a| a.get("text"))))
    };
    from_attrs(raw.get("attrs")).or_else(|| {
        raw.get("labels")?
            .as_array()?
            .iter()
            .find_map(|label| match label {
                Value::String(_) => text(Some(label)),
                _ => from_attrs(label.get("attrs")),
            })
    })
}

/// Reads a line end, `{"cell": …, "port": …}` when attached and `{"x": …, "y": …}` when loose.
fn end(value: Option<&Value>) -> End {
    let Some(value) = value else {
        return End::Missing;
    };
    if let Some(id) = value.get("cell").and_then(id_text) {
        return End::Cell(id);
    }
    point(value).map_or(End::Missing, End::Point)
}
