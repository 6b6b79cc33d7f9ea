//! One self-contained HTML5 page: a heading, the diagram as inline SVG and
//! a side list of the changes and the threats they reach.
//!
//! The page makes no request of any kind: it has no scripts, no external
//! style sheets, fonts or images, and its Content-Security-Policy allows
//! only inline styles and `data:` images.

use std::fmt::Write;

use super::layout::Layout;
use super::scene::{ChangedObject, Scene, Status};
use super::svg::{canvas, escape_text, to_inline_svg};
use crate::diff::{ObjectKind, ThreatReach};
use crate::model::ThreatStatus;

const STYLE: &str = "\
body{margin:0;font-family:Helvetica,Arial,sans-serif;color:#1f2328;background:#fff}\
header{padding:12px 20px;border-bottom:1px solid #d0d7de}\
h1{font-size:20px;margin:0 0 4px}\
.revisions{margin:0;color:#57606a}\
main{display:flex;align-items:flex-start;gap:16px;padding:16px 20px}\
.diagram{flex:1 1 auto;min-width:0;overflow:auto;border:1px solid #d0d7de;max-height:85vh}\
.diagram svg{display:block;height:auto;\
width:clamp(calc(var(--natural-width) * 0.6),100%,var(--natural-width))}\
aside{flex:0 0 320px;min-width:0;font-size:14px;overflow-wrap:anywhere}\
aside h2{font-size:16px;margin:12px 0 4px}\
aside h3{font-size:14px;margin:8px 0 2px}\
aside ul{margin:0;padding-left:18px}\
.id{color:#57606a;font-family:monospace}\
li.added{color:#1a7f37}\
li.removed{color:#cf222e;text-decoration:line-through}\
li.changed{color:#9a6700}\
.marker{font-weight:bold;display:inline-block;width:1em}\
.warning{color:#9a6700}";

/// Returns the HTML page of a laid-out scene.
pub fn to_html(scene: &Scene, layout: &Layout) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let page_title = match &scene.changes {
        Some(_) => format!("Data-flow diagram of a change: {}", scene.title),
        None => format!("Data-flow diagram: {}", scene.title),
    };
    let _ = writeln!(out, "<title>{}</title>", escape_text(&page_title));

    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<header>");
    let _ = writeln!(out, "<h1><bdi>{}</bdi></h1>", escape_text(&scene.title));
    if let Some(changes) = &scene.changes {
        let _ = writeln!(
            out,
            "<p class=\"revisions\"><bdi>{}</bdi> → <bdi>{}</bdi></p>",
            escape_text(&changes.old_label),
            escape_text(&changes.new_label)
        );
    }

    // The diagram shrinks to fit the pane, but to no less than 60 % of its
    // natural width, so that its labels stay legible. A wider diagram
    // scrolls in the pane.
    let (width, _) = canvas(scene, layout);
    let _ = writeln!(
        out,
        "</header>\n<main>\n<div class=\"diagram\" style=\"--natural-width:{}px\">",
        width.ceil()
    );
    out.push_str(&to_inline_svg(scene, layout));
    out.push_str("</div>\n<aside>\n");
    if scene.skipped_flows > 0 {
        let _ = writeln!(
            out,
            "<p class=\"warning\">{} data flows are not drawn because their source or target \
             element does not exist.</p>",
            scene.skipped_flows
        );
    }
    match &scene.changes {
        Some(changes) => {
            write_changes(&mut out, &changes.document_members, &changes.objects);
            write_threat_reach(&mut out, &changes.threats);
        }
        None => write_summary(&mut out, scene),
    }
    out.push_str("</aside>\n</main>\n</body>\n</html>\n");
    out
}

fn write_changes(out: &mut String, members: &[String], objects: &[ChangedObject]) {
    out.push_str("<section class=\"changes\">\n<h2>Changes</h2>\n");
    if members.is_empty() && objects.is_empty() {
        out.push_str("<p>No semantic changes.</p>\n");
    }
    if !members.is_empty() {
        out.push_str("<h3>Document</h3>\n<ul>\n");
        for member in members {
            let _ = writeln!(
                out,
                "<li class=\"changed\"><span class=\"marker\">~</span><span class=\"id\">{}</span></li>",
                escape_text(member)
            );
        }
        out.push_str("</ul>\n");
    }
    for kind in ObjectKind::ALL {
        let of_kind: Vec<&ChangedObject> = objects.iter().filter(|o| o.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h3>{}</h3>\n<ul>", capitalize(kind.plural()));
        for status in [Status::Added, Status::Removed, Status::Changed] {
            for object in of_kind.iter().filter(|o| o.status == status) {
                let marker = status.marker().map_or(String::new(), String::from);
                let name = object
                    .name
                    .as_deref()
                    .map_or(String::new(), |n| format!("<bdi>{}</bdi> ", escape_text(n)));
                let _ = writeln!(
                    out,
                    "<li class=\"{status}\" data-id=\"{id}\" data-status=\"{status}\">\
                     <span class=\"marker\">{marker}</span>{name}\
                     <span class=\"id\">({id_text})</span></li>",
                    status = status.as_str(),
                    id = super::svg::escape_attribute(object.id.as_str()),
                    id_text = escape_text(object.id.as_str()),
                );
            }
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn write_threat_reach(out: &mut String, threats: &ThreatReach) {
    out.push_str("<section class=\"threats\">\n<h2>Threats reached</h2>\n");
    let empty = threats.added.is_empty()
        && threats.status_changed.is_empty()
        && threats.changed.is_empty()
        && threats.affecting.is_empty();
    if empty {
        out.push_str("<p>No threat is added, changed or affects a change.</p>\n");
    }
    let item = |title: &str, id: &str, detail: String| {
        format!(
            "<li><bdi>{}</bdi> <span class=\"id\">({})</span>: {}</li>\n",
            escape_text(title),
            escape_text(id),
            escape_text(&detail)
        )
    };
    if !threats.added.is_empty() {
        out.push_str("<h3>Added</h3>\n<ul>\n");
        for threat in &threats.added {
            out.push_str(&item(
                &threat.title,
                threat.id.as_str(),
                status_name(threat.status).to_owned(),
            ));
        }
        out.push_str("</ul>\n");
    }
    if !threats.status_changed.is_empty() {
        out.push_str("<h3>Status changed</h3>\n<ul>\n");
        for change in &threats.status_changed {
            let detail = format!("{} → {}", status_name(change.from), status_name(change.to));
            out.push_str(&item(&change.title, change.id.as_str(), detail));
        }
        out.push_str("</ul>\n");
    }
    if !threats.changed.is_empty() {
        out.push_str("<h3>Changed</h3>\n<ul>\n");
        for threat in &threats.changed {
            out.push_str(&item(
                &threat.title,
                threat.id.as_str(),
                status_name(threat.status).to_owned(),
            ));
        }
        out.push_str("</ul>\n");
    }
    if !threats.affecting.is_empty() {
        out.push_str("<h3>Affecting changed objects</h3>\n<ul>\n");
        for threat in &threats.affecting {
            let affects: Vec<&str> = threat.affects.iter().map(|id| id.as_str()).collect();
            let detail = format!(
                "{}, affects {}",
                status_name(threat.status),
                affects.join(", ")
            );
            out.push_str(&item(&threat.title, threat.id.as_str(), detail));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn write_summary(out: &mut String, scene: &Scene) {
    out.push_str("<section class=\"summary\">\n<h2>Model</h2>\n<ul>\n");
    let counts = [
        (scene.zones.len(), "trust zones"),
        (scene.elements.len(), "elements"),
        (scene.flows.len(), "data flows"),
        (scene.threats.len(), "threats"),
    ];
    for (count, noun) in counts {
        let _ = writeln!(out, "<li>{count} {noun}</li>");
    }
    out.push_str("</ul>\n</section>\n<section class=\"threats\">\n<h2>Threats</h2>\n");
    if scene.threats.is_empty() {
        out.push_str("<p>The model lists no threats.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for threat in &scene.threats {
            let _ = writeln!(
                out,
                "<li><bdi>{}</bdi> <span class=\"id\">({})</span>: {}</li>",
                escape_text(&threat.title),
                escape_text(threat.id.as_str()),
                status_name(threat.status)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// Returns the JSON spelling of a threat status, such as `not-applicable`.
fn status_name(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open => "open",
        ThreatStatus::Mitigated => "mitigated",
        ThreatStatus::Accepted => "accepted",
        ThreatStatus::Transferred => "transferred",
        ThreatStatus::NotApplicable => "not-applicable",
    }
}

fn capitalize(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}
