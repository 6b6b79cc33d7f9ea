//! Mermaid `flowchart LR` text of a [`Scene`]: one `subgraph` per trust
//! zone, nested like the zones, node shapes per element kind, a `classDef`
//! per status and `linkStyle` lines for the flow styles.

use std::fmt::Write;

use super::scene::{Scene, Status};
use crate::model::ElementKind;

/// Returns the scene as a Mermaid flowchart.
///
/// Mermaid identifiers allow only some characters, so element `i` of the
/// scene is node `n{i}` and zone `z` is subgraph `z{z}`. The TMIF ids are in
/// comments (`%%`), and the names are the labels.
pub fn to_mermaid(scene: &Scene) -> String {
    let mut out = String::from("flowchart LR\n");
    let root = scene.zones.len();
    let mut child_zones: Vec<Vec<usize>> = vec![Vec::new(); root + 1];
    for (index, zone) in scene.zones.iter().enumerate() {
        child_zones[zone.parent.unwrap_or(root)].push(index);
    }
    let mut child_elements: Vec<Vec<usize>> = vec![Vec::new(); root + 1];
    for (index, element) in scene.elements.iter().enumerate() {
        child_elements[element.zone.unwrap_or(root)].push(index);
    }

    for &element in &child_elements[root] {
        write_node(&mut out, scene, element, 1);
    }
    // `Some` opens a zone and `None` closes the innermost open one; the
    // explicit stack keeps deep nesting off the call stack.
    let mut stack: Vec<Option<usize>> = child_zones[root].iter().rev().map(|&z| Some(z)).collect();
    let mut depth = 1;
    while let Some(entry) = stack.pop() {
        let pad = "  ".repeat(depth);
        match entry {
            Some(zone) => {
                let scene_zone = &scene.zones[zone];
                let _ = writeln!(out, "{pad}%% zone {}", comment(scene_zone.id.as_str()));
                let _ = writeln!(
                    out,
                    "{pad}subgraph z{zone}[\"{}\"]",
                    escape_label(&marked(scene_zone.status, &scene_zone.name))
                );
                depth += 1;
                for &element in &child_elements[zone] {
                    write_node(&mut out, scene, element, depth);
                }
                stack.push(None);
                stack.extend(child_zones[zone].iter().rev().map(|&z| Some(z)));
            }
            None => {
                depth -= 1;
                let _ = writeln!(out, "{}end", "  ".repeat(depth));
            }
        }
    }

    let mut links_by_status: Vec<(Status, Vec<usize>)> =
        Status::ALL.iter().map(|&s| (s, Vec::new())).collect();
    for (index, flow) in scene.flows.iter().enumerate() {
        let arrow = match (flow.bidirectional, flow.status) {
            (true, Status::Removed) => "<-.->",
            (false, Status::Removed) => "-.->",
            (true, Status::Added) => "<==>",
            (false, Status::Added) => "==>",
            (true, _) => "<-->",
            (false, _) => "-->",
        };
        let text = match (&flow.label, flow.status.marker()) {
            (Some(label), Some(marker)) => Some(format!("{marker} {label}")),
            (Some(label), None) => Some(label.clone()),
            (None, Some(marker)) => Some(marker.to_string()),
            (None, None) => None,
        };
        let label = text.map_or(String::new(), |t| format!("|\"{}\"|", escape_label(&t)));
        let _ = writeln!(out, "  %% flow {}", comment(flow.id.as_str()));
        let _ = writeln!(out, "  n{} {arrow}{label} n{}", flow.source, flow.target);
        links_by_status[status_slot(flow.status)].1.push(index);
    }

    for status in Status::ALL {
        let _ = writeln!(
            out,
            "  classDef {} {};",
            status.as_str(),
            node_style(status)
        );
    }
    for status in Status::ALL {
        let members: Vec<String> = scene
            .elements
            .iter()
            .enumerate()
            .filter(|(_, element)| element.status == status)
            .map(|(index, _)| format!("n{index}"))
            .collect();
        if !members.is_empty() {
            let _ = writeln!(out, "  class {} {};", members.join(","), status.as_str());
        }
    }
    for (status, links) in links_by_status {
        if links.is_empty() {
            continue;
        }
        let indexes: Vec<String> = links.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "  linkStyle {} {};",
            indexes.join(","),
            link_style(status)
        );
    }
    out
}

fn status_slot(status: Status) -> usize {
    Status::ALL
        .iter()
        .position(|&s| s == status)
        .unwrap_or_default()
}

fn write_node(out: &mut String, scene: &Scene, element: usize, depth: usize) {
    let scene_element = &scene.elements[element];
    let label = escape_label(&marked(scene_element.status, &scene_element.name));
    let (open, close) = match scene_element.kind {
        ElementKind::Process => ("(", ")"),
        ElementKind::DataStore => ("[(", ")]"),
        ElementKind::ExternalEntity => ("[", "]"),
    };
    let pad = "  ".repeat(depth);
    let _ = writeln!(
        out,
        "{pad}%% element {}",
        comment(scene_element.id.as_str())
    );
    let _ = writeln!(out, "{pad}n{element}{open}\"{label}\"{close}");
}

fn marked(status: Status, name: &str) -> String {
    match status.marker() {
        Some(marker) => format!("{marker} {name}"),
        None => name.to_owned(),
    }
}

fn node_style(status: Status) -> &'static str {
    match status {
        Status::Added => "fill:#e6ffec,stroke:#1a7f37,stroke-width:3px",
        Status::Removed => {
            "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4,opacity:0.6"
        }
        Status::Changed => "fill:#fff8c5,stroke:#bf8700,stroke-width:2.5px",
        Status::Unchanged => "fill:#ffffff,stroke:#6e7781,stroke-width:1px",
    }
}

fn link_style(status: Status) -> &'static str {
    match status {
        Status::Added => "stroke:#1a7f37,stroke-width:3px",
        Status::Removed => "stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4,opacity:0.6",
        Status::Changed => "stroke:#bf8700,stroke-width:2.5px",
        Status::Unchanged => "stroke:#6e7781,stroke-width:1px",
    }
}

/// Escapes a label for a double-quoted Mermaid string with Mermaid's
/// `#name;` and `#code;` entities. Characters that Mermaid or its Markdown
/// and HTML label rendering would read as syntax are all written as
/// entities, and control characters become spaces.
pub fn escape_label(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => escaped.push_str("#quot;"),
            '#' => escaped.push_str("#35;"),
            '&' => escaped.push_str("#amp;"),
            '<' => escaped.push_str("#lt;"),
            '>' => escaped.push_str("#gt;"),
            '`' | ';' | '|' | '[' | ']' | '{' | '}' | '(' | ')' | '*' | '_' | '\\' | '%' => {
                let _ = write!(escaped, "#{};", u32::from(c));
            }
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Makes an id safe for a one-line `%%` comment. Mermaid reads a comment
/// of the form `%%{...}%%` as a directive, so `%`, `{`, `}` and `\` are
/// written as `\uXXXX` escapes, and so is every control character.
fn comment(id: &str) -> String {
    let mut escaped = String::with_capacity(id.len());
    for c in id.chars() {
        if matches!(c, '%' | '{' | '}' | '\\') || c.is_control() {
            let _ = write!(escaped, "\\u{:04x}", u32::from(c));
        } else {
            escaped.push(c);
        }
    }
    escaped
}
