//! Graphviz DOT text of a [`Scene`]: one `subgraph cluster_…` per trust
//! zone, nested like the zones, node shapes per element kind and edge
//! styles per status. Graphviz computes its own layout from this text.

use std::fmt::Write;

use super::scene::{Scene, Status};
use crate::model::ElementKind;

/// Returns the scene as a DOT `digraph`.
///
/// Node names are the element ids, quoted and escaped, so each id appears
/// once as a node statement. Clusters are named `cluster_0`, `cluster_1`, …
/// by zone position, because a zone id may be any text.
pub fn to_dot(scene: &Scene) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote_id(&scene.title));
    out.push_str("  graph [rankdir=LR, fontname=\"Helvetica\", compound=true];\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    let _ = writeln!(out, "  label={};", quote_label(&scene.title));

    // The children of each zone and of the top level, in scene order.
    let root = scene.zones.len();
    let mut child_zones: Vec<Vec<usize>> = vec![Vec::new(); root + 1];
    for (index, zone) in scene.zones.iter().enumerate() {
        child_zones[zone.parent.unwrap_or(root)].push(index);
    }
    let mut child_elements: Vec<Vec<usize>> = vec![Vec::new(); root + 1];
    for (index, element) in scene.elements.iter().enumerate() {
        child_elements[element.zone.unwrap_or(root)].push(index);
    }

    // Depth-first over the zone forest with an explicit stack, so that deep
    // nesting cannot overflow the call stack. `Some` opens a zone and
    // `None` closes the innermost open one.
    let mut stack: Vec<Option<usize>> = child_zones[root].iter().rev().map(|&z| Some(z)).collect();
    for &element in &child_elements[root] {
        write_node(&mut out, scene, element, 1);
    }
    let mut depth = 1;
    while let Some(entry) = stack.pop() {
        match entry {
            Some(zone) => {
                write_cluster_start(&mut out, scene, zone, depth);
                depth += 1;
                for &element in &child_elements[zone] {
                    write_node(&mut out, scene, element, depth);
                }
                stack.push(None);
                stack.extend(child_zones[zone].iter().rev().map(|&z| Some(z)));
            }
            None => {
                depth -= 1;
                let _ = writeln!(out, "{}}}", indent(depth));
            }
        }
    }

    for flow in &scene.flows {
        let source = &scene.elements[flow.source];
        let target = &scene.elements[flow.target];
        let mut attributes = vec![edge_style(flow.status).to_owned()];
        let text = match (&flow.label, flow.status.marker()) {
            (Some(label), Some(marker)) => Some(format!("{marker} {label}")),
            (Some(label), None) => Some(label.clone()),
            (None, Some(marker)) => Some(marker.to_string()),
            (None, None) => None,
        };
        if let Some(text) = text {
            attributes.push(format!("label={}", quote_label(&text)));
        }
        if flow.bidirectional {
            attributes.push("dir=both".to_owned());
        }
        attributes.push(format!("id={}", quote_id(flow.id.as_str())));
        attributes.push(format!("class=\"{}\"", flow.status.as_str()));
        let _ = writeln!(
            out,
            "  {} -> {} [{}];",
            quote_id(source.id.as_str()),
            quote_id(target.id.as_str()),
            attributes.join(", ")
        );
    }
    out.push_str("}\n");
    out
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn write_cluster_start(out: &mut String, scene: &Scene, zone: usize, depth: usize) {
    let scene_zone = &scene.zones[zone];
    let pad = indent(depth);
    let _ = writeln!(out, "{pad}subgraph cluster_{zone} {{");
    let _ = writeln!(
        out,
        "{pad}  label={};",
        quote_label(&marked(scene_zone.status, &scene_zone.name))
    );
    let _ = writeln!(
        out,
        "{pad}  style=\"dashed,rounded\"; color=\"{}\"; penwidth={};",
        color(scene_zone.status),
        pen_width(scene_zone.status)
    );
    let _ = writeln!(out, "{pad}  id={};", quote_id(scene_zone.id.as_str()));
}

fn write_node(out: &mut String, scene: &Scene, element: usize, depth: usize) {
    let element = &scene.elements[element];
    let shape = match element.kind {
        ElementKind::Process => "shape=box, style=\"rounded",
        // A cylinder is Graphviz's usual data store; DFD's open box has no shape.
        ElementKind::DataStore => "shape=cylinder, style=\"solid",
        ElementKind::ExternalEntity => "shape=box, style=\"solid",
    };
    let dashed = if element.status == Status::Removed {
        ",dashed"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{}{} [label={}, {shape}{dashed}\", color=\"{}\", penwidth={}, class=\"{}\"];",
        indent(depth),
        quote_id(element.id.as_str()),
        quote_label(&marked(element.status, &element.name)),
        color(element.status),
        pen_width(element.status),
        element.status.as_str()
    );
}

fn marked(status: Status, name: &str) -> String {
    match status.marker() {
        Some(marker) => format!("{marker} {name}"),
        None => name.to_owned(),
    }
}

fn color(status: Status) -> &'static str {
    match status {
        Status::Added => "#1a7f37",
        Status::Removed => "#cf222e",
        Status::Changed => "#bf8700",
        Status::Unchanged => "#6e7781",
    }
}

fn pen_width(status: Status) -> &'static str {
    match status {
        Status::Added => "3",
        Status::Removed => "1.5",
        Status::Changed => "2.5",
        Status::Unchanged => "1",
    }
}

fn edge_style(status: Status) -> &'static str {
    match status {
        Status::Added => "color=\"#1a7f37\", penwidth=3, style=solid",
        Status::Removed => "color=\"#cf222e\", penwidth=1.5, style=dashed, fontcolor=\"#cf222e\"",
        Status::Changed => "color=\"#bf8700\", penwidth=2.5, style=solid",
        Status::Unchanged => "color=\"#6e7781\", penwidth=1, style=solid",
    }
}

/// Quotes an id as a DOT string, so that the quoted form maps back to one id.
/// Backslashes are doubled and quotes escaped. Line breaks and other control
/// characters become backslash sequences (`\n`, `\r`, `\x{1b}`), which no
/// character of the id can produce, because its own backslashes are doubled.
pub fn quote_id(id: &str) -> String {
    let mut quoted = String::with_capacity(id.len() + 2);
    quoted.push('"');
    for c in id.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(quoted, "\\x{{{:x}}}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Quotes a label as a DOT escString: a line break becomes `\n`, Graphviz's
/// centered line break, other control characters become spaces, and
/// backslashes are doubled so that the text shows as written.
pub fn quote_label(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => quoted.push(' '),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
