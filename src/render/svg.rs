//! SVG 1.1 drawing of a laid-out [`Scene`] with data-flow diagram shapes.
//!
//! Processes are rounded rectangles, data stores are open boxes with only
//! a top and a bottom line, external entities are plain rectangles, and
//! trust zones are dashed rounded rectangles with their name at the top.
//! In a diagram of a change, each status has its own colour, line width,
//! dash pattern and marker (`+`, `−`, `~`), so the styles differ without
//! colour too, and a legend explains them.

use std::fmt::Write;

use super::layout::{
    FLOW_FONT_SIZE, FONT_SIZE, Layout, Point, Rect, fit_label, flow_label_text, text_width,
};
use super::scene::{Scene, Status};
use crate::model::ElementKind;

/// The height of the legend below a diagram of a change.
const LEGEND_HEIGHT: f64 = 112.0;
const LEGEND_WIDTH: f64 = 340.0;
/// The maximum radius of the rounded corners of a flow path.
const CORNER_RADIUS: f64 = 6.0;

/// The drawing style of one status.
struct Style {
    stroke: &'static str,
    fill: &'static str,
    width: f64,
    dash: Option<&'static str>,
    opacity: f64,
}

fn style(status: Status) -> Style {
    match status {
        Status::Added => Style {
            stroke: "#1a7f37",
            fill: "#e6ffec",
            width: 3.0,
            dash: None,
            opacity: 1.0,
        },
        Status::Removed => Style {
            stroke: "#cf222e",
            fill: "#ffebe9",
            width: 2.0,
            dash: Some("6 4"),
            opacity: 0.6,
        },
        Status::Changed => Style {
            stroke: "#bf8700",
            fill: "#fff8c5",
            width: 2.5,
            dash: None,
            opacity: 1.0,
        },
        Status::Unchanged => Style {
            stroke: "#6e7781",
            fill: "#ffffff",
            width: 1.2,
            dash: None,
            opacity: 1.0,
        },
    }
}

/// Returns a standalone SVG document, with its XML declaration.
pub fn to_svg(scene: &Scene, layout: &Layout) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_svg(&mut out, scene, layout, true);
    out
}

/// Returns the `<svg>` element alone, without the XML declaration and the
/// namespace declaration, for inlining in an HTML page.
pub fn to_inline_svg(scene: &Scene, layout: &Layout) -> String {
    let mut out = String::new();
    write_svg(&mut out, scene, layout, false);
    out
}

/// Returns the size of the drawing: the layout plus the legend of a diagram of a change.
pub(super) fn canvas(scene: &Scene, layout: &Layout) -> (f64, f64) {
    if scene.changes.is_some() {
        (
            layout.width.max(LEGEND_WIDTH + 40.0),
            layout.height + LEGEND_HEIGHT,
        )
    } else {
        (layout.width, layout.height)
    }
}

// Writing to a String cannot fail, so the results of `write!` are ignored.
fn write_svg(out: &mut String, scene: &Scene, layout: &Layout, standalone: bool) {
    let (width, height) = canvas(scene, layout);
    let namespace = if standalone {
        " xmlns=\"http://www.w3.org/2000/svg\""
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<svg{namespace} version=\"1.1\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"Helvetica, Arial, sans-serif\" font-size=\"{font}\" role=\"img\" \
         aria-label=\"{label}\">",
        w = number(width),
        h = number(height),
        font = number(FONT_SIZE),
        label = escape_attribute(&format!("Data-flow diagram of {}", scene.title)),
    );
    let _ = writeln!(out, "<title>{}</title>", escape_text(&scene.title));
    write_markers(out);
    let _ = writeln!(
        out,
        "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        number(width),
        number(height)
    );
    write_zones(out, scene, layout);
    write_flows(out, scene, layout);
    write_elements(out, scene, layout);
    if scene.changes.is_some() {
        write_legend(out, layout.height);
    }
    out.push_str("</svg>\n");
}

fn write_markers(out: &mut String) {
    out.push_str("<defs>\n");
    for status in Status::ALL {
        let name = status.as_str();
        let color = style(status).stroke;
        let _ = writeln!(
            out,
            "<marker id=\"arrow-{name}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
             markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" \
             orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>"
        );
        let _ = writeln!(
            out,
            "<marker id=\"arrow-start-{name}\" viewBox=\"0 0 10 10\" refX=\"0\" refY=\"5\" \
             markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" \
             orient=\"auto\"><path d=\"M10,0 L0,5 L10,10 z\" fill=\"{color}\"/></marker>"
        );
    }
    out.push_str("</defs>\n");
}

/// Returns the stroke attributes of a status, with a leading space.
fn stroke_attributes(status: Status) -> String {
    let style = style(status);
    let mut attributes = format!(
        " stroke=\"{}\" stroke-width=\"{}\"",
        style.stroke,
        number(style.width)
    );
    if let Some(dash) = style.dash {
        let _ = write!(attributes, " stroke-dasharray=\"{dash}\"");
    }
    attributes
}

fn group_start(out: &mut String, what: &str, id: &str, status: Status, extra: &str) {
    let opacity = style(status).opacity;
    let opacity = if opacity < 1.0 {
        format!(" opacity=\"{}\"", number(opacity))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<g class=\"{what} {status}\" data-id=\"{id}\" data-status=\"{status}\"{extra}{opacity}>",
        status = status.as_str(),
        id = escape_attribute(id),
    );
}

/// Returns the name drawn for an object: its marker, if any, and its shortened name.
fn marked_label(status: Status, name: &str) -> String {
    match status.marker() {
        Some(marker) => format!("{marker} {}", fit_label(name)),
        None => fit_label(name),
    }
}

fn write_zones(out: &mut String, scene: &Scene, layout: &Layout) {
    // Outer zones are drawn first so that inner zones stay visible.
    let mut order: Vec<usize> = (0..scene.zones.len()).collect();
    let depth = |mut zone: usize| {
        let mut depth = 0;
        while let Some(parent) = scene.zones[zone].parent {
            depth += 1;
            zone = parent;
        }
        depth
    };
    let depths: Vec<usize> = order.iter().map(|&zone| depth(zone)).collect();
    order.sort_by_key(|&zone| depths[zone]);
    out.push_str("<g class=\"zones\">\n");
    for zone_index in order {
        let zone = &scene.zones[zone_index];
        let rect = layout.zones[zone_index];
        group_start(out, "zone", zone.id.as_str(), zone.status, "");
        let _ = writeln!(
            out,
            "<title>{}</title>",
            escape_text(&format!("Trust zone {} ({})", zone.name, zone.id))
        );
        let color = style(zone.status).stroke;
        let width = if zone.status == Status::Unchanged {
            1.2
        } else {
            style(zone.status).width
        };
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"none\" \
             stroke=\"{color}\" stroke-width=\"{}\" stroke-dasharray=\"8 4\"/>",
            number(rect.x),
            number(rect.y),
            number(rect.width),
            number(rect.height),
            number(width),
        );
        let label = marked_label(zone.status, &zone.name);
        let at = Point {
            x: rect.x + 8.0,
            y: rect.y + 15.0,
        };
        write_label(
            out,
            &label,
            at,
            "start",
            zone.status,
            "font-weight=\"bold\"",
        );
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

fn write_elements(out: &mut String, scene: &Scene, layout: &Layout) {
    out.push_str("<g class=\"elements\">\n");
    for (element, rect) in scene.elements.iter().zip(&layout.elements) {
        let kind = match element.kind {
            ElementKind::Process => "process",
            ElementKind::DataStore => "data-store",
            ElementKind::ExternalEntity => "external-entity",
        };
        let extra = format!(" data-kind=\"{kind}\"");
        group_start(out, "element", element.id.as_str(), element.status, &extra);
        let _ = writeln!(
            out,
            "<title>{}</title>",
            escape_text(&format!("{} ({kind}, id {})", element.name, element.id))
        );
        write_shape(out, element.kind, element.status, rect);
        let label = marked_label(element.status, &element.name);
        write_label(out, &label, rect.center(), "middle", element.status, "");
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

fn write_shape(out: &mut String, kind: ElementKind, status: Status, rect: &Rect) {
    let fill = style(status).fill;
    let stroke = stroke_attributes(status);
    let (x, y, w, h) = (
        number(rect.x),
        number(rect.y),
        number(rect.width),
        number(rect.height),
    );
    match kind {
        ElementKind::Process => {
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"16\" \
                 fill=\"{fill}\"{stroke}/>"
            );
        }
        ElementKind::ExternalEntity => {
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"{stroke}/>"
            );
        }
        ElementKind::DataStore => {
            let right = number(rect.right());
            let bottom = number(rect.bottom());
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\" \
                 stroke=\"none\"/>\n\
                 <path d=\"M{x},{y} L{right},{y} M{x},{bottom} L{right},{bottom}\" \
                 fill=\"none\"{stroke}/>"
            );
        }
    }
}

/// Writes a one-line text centered vertically on `at`, struck through when removed.
fn write_label(out: &mut String, text: &str, at: Point, anchor: &str, status: Status, extra: &str) {
    let decoration = if status == Status::Removed {
        " text-decoration=\"line-through\""
    } else {
        ""
    };
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" {extra}")
    };
    let baseline = at.y + FONT_SIZE * 0.35;
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#1f2328\"{decoration}{extra}>{}</text>",
        number(at.x),
        number(baseline),
        escape_text(text)
    );
    if status == Status::Removed {
        // Not every SVG viewer draws text-decoration, so the strike is a line too.
        let width = text_width(text);
        let start = if anchor == "middle" {
            at.x - width / 2.0
        } else {
            at.x
        };
        let _ = writeln!(
            out,
            "<line class=\"strike\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" \
             stroke-width=\"1.2\"/>",
            number(start),
            number(start + width),
            style(Status::Removed).stroke,
            y = number(at.y),
        );
    }
}

fn write_flows(out: &mut String, scene: &Scene, layout: &Layout) {
    out.push_str("<g class=\"flows\">\n");
    for (flow, path) in scene.flows.iter().zip(&layout.flows) {
        group_start(out, "flow", flow.id.as_str(), flow.status, "");
        let source = &scene.elements[flow.source];
        let target = &scene.elements[flow.target];
        let arrow = if flow.bidirectional { "↔" } else { "→" };
        let title = match &flow.label {
            Some(label) => format!(
                "{label} ({}): {} {arrow} {}",
                flow.id, source.name, target.name
            ),
            None => format!("{}: {} {arrow} {}", flow.id, source.name, target.name),
        };
        let _ = writeln!(out, "<title>{}</title>", escape_text(&title));
        let status = flow.status.as_str();
        let start = if flow.bidirectional {
            format!(" marker-start=\"url(#arrow-start-{status})\"")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"none\"{}{start} marker-end=\"url(#arrow-{status})\"/>",
            path_data(&path.points),
            stroke_attributes(flow.status),
        );
        if let (Some(text), Some(rect)) = (flow_label_text(flow), path.label) {
            // The white box and the white outline drawn under the glyphs
            // keep the label legible where it lies on its own line.
            let center = rect.center();
            let _ = writeln!(
                out,
                "<rect class=\"label-background\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                 rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>",
                number(rect.x),
                number(rect.y),
                number(rect.width),
                number(rect.height)
            );
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{}\" \
                 stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" \
                 paint-order=\"stroke\">{}</text>",
                number(center.x),
                number(center.y + FLOW_FONT_SIZE * 0.35),
                number(FLOW_FONT_SIZE),
                style(flow.status).stroke,
                escape_text(&text)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

fn write_legend(out: &mut String, top: f64) {
    let x = 20.0;
    let y = top + 4.0;
    let _ = writeln!(
        out,
        "<g class=\"legend\">\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" \
         fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>",
        number(x),
        number(y),
        number(LEGEND_WIDTH),
        number(LEGEND_HEIGHT - 12.0)
    );
    let descriptions = [
        (Status::Added, "added: thick solid green line"),
        (
            Status::Removed,
            "removed: dashed faded red line, struck name",
        ),
        (Status::Changed, "changed: solid amber line"),
        (Status::Unchanged, "unchanged: thin grey line"),
    ];
    for (row, (status, description)) in descriptions.into_iter().enumerate() {
        let line_y = y + 18.0 + row as f64 * 22.0;
        let opacity = style(status).opacity;
        let _ = writeln!(
            out,
            "<g class=\"legend-{name}\" opacity=\"{opacity}\"><path d=\"M{x1},{ly} L{x2},{ly}\" \
             fill=\"none\"{stroke} marker-end=\"url(#arrow-{name})\"/>",
            name = status.as_str(),
            opacity = number(opacity),
            x1 = number(x + 10.0),
            x2 = number(x + 50.0),
            ly = number(line_y),
            stroke = stroke_attributes(status),
        );
        let marker = status.marker().map_or(String::new(), |m| format!("{m} "));
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" fill=\"#1f2328\">{}</text></g>",
            number(x + 60.0),
            number(line_y + 4.0),
            escape_text(&format!("{marker}{description}"))
        );
    }
    out.push_str("</g>\n");
}

/// Returns the SVG path data of a polyline, with each corner rounded by a
/// cubic curve of at most [`CORNER_RADIUS`] that stays within the corner's
/// two segments.
fn path_data(points: &[Point]) -> String {
    let mut data = String::new();
    let Some(first) = points.first() else {
        return data;
    };
    let _ = write!(data, "M{},{}", number(first.x), number(first.y));
    for index in 1..points.len() {
        let point = points[index];
        let Some(&next) = points.get(index + 1) else {
            let _ = write!(data, " L{},{}", number(point.x), number(point.y));
            break;
        };
        let previous = points[index - 1];
        let before = distance(previous, point);
        let after = distance(point, next);
        let radius = CORNER_RADIUS.min(before / 2.0).min(after / 2.0);
        if radius <= 0.0 {
            let _ = write!(data, " L{},{}", number(point.x), number(point.y));
            continue;
        }
        let entry = toward(point, previous, radius / before);
        let exit = toward(point, next, radius / after);
        let _ = write!(
            data,
            " L{},{} C{},{} {},{} {},{}",
            number(entry.x),
            number(entry.y),
            number(point.x),
            number(point.y),
            number(point.x),
            number(point.y),
            number(exit.x),
            number(exit.y)
        );
    }
    data
}

fn distance(a: Point, b: Point) -> f64 {
    ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt()
}

/// Returns the point a `fraction` of the way from `from` to `to`.
fn toward(from: Point, to: Point, fraction: f64) -> Point {
    Point {
        x: from.x + (to.x - from.x) * fraction,
        y: from.y + (to.y - from.y) * fraction,
    }
}

/// Formats a coordinate with at most two decimals, the same on every platform.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Escapes text for an XML or HTML text node. Control characters become
/// spaces. The non-characters U+FFFE and U+FFFF, which XML 1.0 forbids, and
/// the Unicode bidirectional embedding, override and isolate controls,
/// which could make a name display as another (such as `exe.txt` shown as
/// `txt.exe`), become U+FFFD.
pub(super) fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c if c.is_control() => escaped.push(' '),
            '\u{FFFE}' | '\u{FFFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                escaped.push('\u{FFFD}')
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// Escapes text for a double-quoted XML or HTML attribute value, keeping
/// tabs and line breaks as character references so that an id survives
/// exactly. Other characters that XML 1.0 forbids become U+FFFD.
pub(super) fn escape_attribute(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => escaped.push_str("&#9;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            c if c.is_control() => escaped.push('\u{FFFD}'),
            c => escaped.push_str(&escape_text(c.encode_utf8(&mut [0; 4]))),
        }
    }
    escaped
}
