//! The Markdown form of a diff, written as a pull-request comment.
//!
//! Every name, id and value from the documents is escaped, so a name such
//! as `a | b` or `<script>` shows as written and cannot break a table or
//! inject markup. The output depends only on the diff, so the same diff
//! always gives the same text.

use std::fmt::Write;

use serde_json::Value;

use super::{CrossingCause, Diff, MemberChange, ObjectChange, ObjectKind, ObjectRef, Transition};
use crate::model::{Id, ThreatStatus};

/// The number of characters of a value shown before it is cut off with `…`.
const VALUE_WIDTH: usize = 80;

/// Renders `diff` as a Markdown pull-request comment: a heading, a table of
/// counts, the changes grouped by kind, the reach, and the threats to look at.
pub fn to_markdown(diff: &Diff) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail, so the results of `writeln!` are ignored.
    let _ = writeln!(out, "## Threat model changes: {}", escape(&diff.new.title));
    let _ = writeln!(out);
    if diff.is_empty() {
        let _ = writeln!(out, "No semantic changes.");
        return out;
    }
    summary(&mut out, diff);
    changes(&mut out, diff);
    reach(&mut out, diff);
    threats(&mut out, diff);
    out
}

fn summary(out: &mut String, diff: &Diff) {
    let s = &diff.summary;
    let _ = writeln!(out, "| Change | Count |");
    let _ = writeln!(out, "| --- | ---: |");
    for (label, count) in [
        ("Document members changed", s.document),
        ("Objects added", s.added),
        ("Objects removed", s.removed),
        ("Objects changed", s.changed),
        ("Renamed", s.renamed),
        ("Moved", s.moved),
        (
            "Flows crossing a trust boundary",
            diff.reach.crossing_flows.len(),
        ),
        (
            "Data assets newly crossing",
            diff.reach.newly_crossing_assets.len(),
        ),
    ] {
        let _ = writeln!(out, "| {label} | {count} |");
    }
    let _ = writeln!(out);
    if !s.kinds.is_empty() {
        let _ = writeln!(out, "| Kind | Added | Removed | Changed |");
        let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
        for count in &s.kinds {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                capitalize(count.kind.plural()),
                count.added,
                count.removed,
                count.changed
            );
        }
        let _ = writeln!(out);
    }
}

fn changes(out: &mut String, diff: &Diff) {
    let _ = writeln!(out, "### Changes");
    let _ = writeln!(out);
    if !diff.document.is_empty() {
        let _ = writeln!(out, "#### Document");
        let _ = writeln!(out);
        for member in &diff.document {
            let _ = writeln!(out, "- {}", member_text(member));
        }
        let _ = writeln!(out);
    }
    for kind in ObjectKind::ALL {
        let added: Vec<&ObjectRef> = diff.added.iter().filter(|o| o.kind == kind).collect();
        let removed: Vec<&ObjectRef> = diff.removed.iter().filter(|o| o.kind == kind).collect();
        let changed: Vec<&ObjectChange> = diff.changed.iter().filter(|o| o.kind == kind).collect();
        if added.is_empty() && removed.is_empty() && changed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {}", capitalize(kind.plural()));
        let _ = writeln!(out);
        for object in added {
            let _ = writeln!(
                out,
                "- **added** {}",
                object_label(&object.id, &object.name)
            );
        }
        for object in removed {
            let _ = writeln!(
                out,
                "- **removed** {}",
                object_label(&object.id, &object.name)
            );
        }
        for object in changed {
            let _ = writeln!(
                out,
                "- **changed** {}",
                object_label(&object.id, &object.name)
            );
            if let Some(rename) = &object.renamed {
                let _ = writeln!(
                    out,
                    "  - renamed from {} to {}",
                    optional_name(&rename.old),
                    optional_name(&rename.new)
                );
            }
            for moved in &object.moved {
                let _ = writeln!(
                    out,
                    "  - moved: {} {} → {}",
                    moved.member,
                    optional_id(&moved.from),
                    optional_id(&moved.to)
                );
            }
            for member in &object.members {
                let _ = writeln!(out, "  - {}", member_text(member));
            }
        }
        let _ = writeln!(out);
    }
}

fn reach(out: &mut String, diff: &Diff) {
    let reach = &diff.reach;
    let _ = writeln!(out, "### Reach");
    let _ = writeln!(out);
    if reach.crossing_flows.is_empty()
        && reach.newly_crossing_assets.is_empty()
        && reach.neighbours.is_empty()
    {
        let _ = writeln!(
            out,
            "No flow crosses a trust boundary and no element is next to a change."
        );
        let _ = writeln!(out);
        return;
    }
    if !reach.crossing_flows.is_empty() {
        let _ = writeln!(out, "Data flows that cross a trust boundary:");
        let _ = writeln!(out);
        for flow in &reach.crossing_flows {
            let cause = match flow.cause {
                CrossingCause::Added => "added",
                CrossingCause::Changed => "changed",
                CrossingCause::ZonesChanged => "zones changed",
                CrossingCause::BoundariesChanged => "boundaries changed",
            };
            let end = |element: &Id, zone: &Option<Id>| match zone {
                Some(zone) => format!("{} in {}", escape(element.as_str()), escape(zone.as_str())),
                None => escape(element.as_str()),
            };
            let mut line = format!(
                "- {} ({cause}): {} → {}",
                object_label(&flow.id, &flow.name),
                end(&flow.source, &flow.source_zone),
                end(&flow.target, &flow.target_zone),
            );
            if !flow.boundaries.is_empty() {
                let names: Vec<String> = flow
                    .boundaries
                    .iter()
                    .map(|id| escape(id.as_str()))
                    .collect();
                line.push_str(&format!(", across trust boundary {}", names.join(", ")));
            }
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out);
    }
    if !reach.newly_crossing_assets.is_empty() {
        let _ = writeln!(out, "Data assets that now cross a trust boundary:");
        let _ = writeln!(out);
        for asset in &reach.newly_crossing_assets {
            let _ = writeln!(
                out,
                "- {} {}, carried by {}",
                escape(&asset.name),
                bracket_id(&asset.id),
                id_list(&asset.flows)
            );
        }
        let _ = writeln!(out);
    }
    if !reach.neighbours.is_empty() {
        let _ = writeln!(out, "Elements one data flow away from a change:");
        let _ = writeln!(out);
        for neighbour in &reach.neighbours {
            let _ = writeln!(
                out,
                "- {} {}, next to {}",
                escape(&neighbour.name),
                bracket_id(&neighbour.id),
                id_list(&neighbour.near)
            );
        }
        let _ = writeln!(out);
    }
}

fn threats(out: &mut String, diff: &Diff) {
    let threats = &diff.reach.threats;
    let _ = writeln!(out, "### Threats to look at");
    let _ = writeln!(out);
    if threats.added.is_empty()
        && threats.status_changed.is_empty()
        && threats.changed.is_empty()
        && threats.affecting.is_empty()
    {
        let _ = writeln!(
            out,
            "No threat was added or changed, and none affects a changed object."
        );
        return;
    }
    for threat in &threats.added {
        let _ = writeln!(
            out,
            "- **added** {} {}, {}",
            escape(&threat.title),
            bracket_id(&threat.id),
            status(threat.status)
        );
    }
    for change in &threats.status_changed {
        let verb = match change.transition {
            Transition::Closed => "closed",
            Transition::Reopened => "reopened",
            Transition::Changed => "status changed",
        };
        let _ = writeln!(
            out,
            "- **{verb}** {} {}: {} → {}",
            escape(&change.title),
            bracket_id(&change.id),
            status(change.from),
            status(change.to)
        );
    }
    for threat in &threats.changed {
        let _ = writeln!(
            out,
            "- **changed** {} {}, {}",
            escape(&threat.title),
            bracket_id(&threat.id),
            status(threat.status)
        );
    }
    for threat in &threats.affecting {
        let _ = writeln!(
            out,
            "- **affects a change** {} {}, {}: affects {}",
            escape(&threat.title),
            bracket_id(&threat.id),
            status(threat.status),
            id_list(&threat.affects)
        );
    }
}

/// Returns the spelling of a threat status in a document, such as `not-applicable`.
fn status(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open => "open",
        ThreatStatus::Mitigated => "mitigated",
        ThreatStatus::Accepted => "accepted",
        ThreatStatus::Transferred => "transferred",
        ThreatStatus::NotApplicable => "not-applicable",
    }
}

fn member_text(member: &MemberChange) -> String {
    let pointer = if member.pointer.is_empty() {
        "(whole value)".to_owned()
    } else {
        escape(&member.pointer)
    };
    match (&member.old, &member.new) {
        (None, Some(new)) => format!("{pointer} added: {}", value(new)),
        (Some(old), None) => format!("{pointer} removed: {}", value(old)),
        (Some(old), Some(new)) => format!("{pointer}: {} → {}", value(old), value(new)),
        (None, None) => pointer,
    }
}

fn object_label(id: &Id, name: &Option<String>) -> String {
    match name {
        Some(name) => format!("{} {}", escape(name), bracket_id(id)),
        None => bracket_id(id),
    }
}

fn bracket_id(id: &Id) -> String {
    format!("(id {})", escape(id.as_str()))
}

fn optional_name(name: &Option<String>) -> String {
    match name {
        Some(name) => format!("“{}”", escape(name)),
        None => "(none)".to_owned(),
    }
}

fn optional_id(id: &Option<Id>) -> String {
    match id {
        Some(id) => escape(id.as_str()),
        None => "(none)".to_owned(),
    }
}

fn id_list(ids: &[Id]) -> String {
    ids.iter()
        .map(|id| escape(id.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compact JSON of a value, cut to [`VALUE_WIDTH`] characters, escaped.
fn value(value: &Value) -> String {
    escape(&super::shorten(&value.to_string(), VALUE_WIDTH))
}

fn capitalize(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// Escapes text for use inside a Markdown paragraph, list item or table cell.
///
/// Each ASCII punctuation character that CommonMark or GitHub Flavored
/// Markdown gives a meaning inline (emphasis, code, links, raw HTML, tables,
/// strikethrough, math) gets a backslash, which CommonMark allows before any
/// ASCII punctuation. Line breaks become spaces, so one value stays on one line.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' | '$' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '\n' | '\r' => escaped.push(' '),
            // Other control characters, and the bidirectional controls that
            // can make text display as other text, would reach the reader
            // of the comment raw.
            c if c.is_control() => escaped.push('\u{FFFD}'),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => escaped.push('\u{FFFD}'),
            other => escaped.push(other),
        }
    }
    escaped
}
