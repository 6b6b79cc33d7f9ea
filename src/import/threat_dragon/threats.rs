//! Threats embedded in cells, and their free-text mitigations.
//!
//! NOTE: a threat without an `id` (version 2) or `threatId` (version 1.5 and
//! later) gets id `<object id>/threat-<n>`, where `n` counts the threats of
//! the object from 1. Such an id stays the same between revisions only while
//! no threat before it on the same object is removed or reordered.

use serde_json::{Map, Value};

use super::categories::Categories;
use super::context::{Context, attach, id_text, text, token};
use crate::model::{
    Extensions, Id, Mitigation, MitigationStatus, Severity, Taxonomy, Threat, ThreatStatus,
};

/// The threat lists of one object, waiting until every object id is known.
pub(super) struct Pending<'a> {
    /// The TMIF id of the element, flow, zone or boundary the threats are on.
    pub owner: Id,
    /// The pointer of each list and its items.
    pub lists: Vec<(String, &'a [Value])>,
    /// The `diagramType` of the diagram, used when a threat has no `modelType`.
    pub family: Option<String>,
}

/// The converted threats of a model.
#[derive(Default)]
pub(super) struct Analysis {
    pub threats: Vec<Threat>,
    pub mitigations: Vec<Mitigation>,
    categories: Categories,
}

impl Analysis {
    /// Builds the taxonomies declared for threat types outside STRIDE and LINDDUN.
    pub fn taxonomies(&self) -> Vec<Taxonomy> {
        self.categories.taxonomies()
    }
}

/// Converts every pending threat list, in order.
pub(super) fn convert(ctx: &mut Context, pending: &[Pending]) -> Analysis {
    let mut analysis = Analysis::default();
    for object in pending {
        let items = object.lists.iter().flat_map(|(pointer, items)| {
            items
                .iter()
                .enumerate()
                .map(move |(i, item)| (format!("{pointer}/{i}"), item))
        });
        for (n, (pointer, item)) in items.enumerate() {
            let Some(threat) = item.as_object() else {
                ctx.dropped(pointer, "the threat is not an object");
                continue;
            };
            convert_one(ctx, object, threat, &pointer, n + 1, &mut analysis);
        }
    }
    analysis
}

fn convert_one(
    ctx: &mut Context,
    object: &Pending,
    source: &Map<String, Value>,
    pointer: &str,
    n: usize,
    analysis: &mut Analysis,
) {
    let mut used = vec![
        "title",
        "description",
        "status",
        "severity",
        "type",
        "mitigation",
    ];
    let id = match ["id", "threatId"]
        .into_iter()
        .find_map(|key| Some((key, id_text(source.get(key)?)?)))
    {
        Some((key, id)) => {
            used.push(key);
            ctx.claim_id(&id, &format!("{pointer}/{key}"))
        }
        None => ctx.claim_id(
            &format!("{}/threat-{n}", object.owner),
            &format!("{pointer}/id"),
        ),
    };
    let description = text(source.get("description"));
    let title = title_of(ctx, source, description.as_deref(), pointer);
    let (status, status_reason) = status(ctx, source.get("status"), pointer);
    let mut categories = Vec::new();
    if let Some(name) = text(source.get("type")) {
        let family = text(source.get("modelType")).or_else(|| object.family.clone());
        let family = family.unwrap_or_else(|| "Generic".into());
        categories.push(analysis.categories.resolve(ctx, &name, &family));
        used.push("modelType");
    }

    let mut threat = Threat {
        classification: None,
        id: id.clone(),
        title,
        description,
        categories,
        weaknesses: Vec::new(),
        attack_patterns: Vec::new(),
        affects: vec![object.owner.clone()],
        likelihood: None,
        impact: None,
        severity: severity(ctx, source.get("severity"), pointer),
        status,
        status_reason,
        mitigations: Vec::new(),
        references: Vec::new(),
        tags: Vec::new(),
        extensions: Extensions::new(),
    };
    if let Some(text) = text(source.get("mitigation")) {
        let mitigation_id = ctx.claim_id(
            &format!("{id}/mitigation"),
            &format!("{pointer}/mitigation"),
        );
        threat.mitigations.push(mitigation_id.clone());
        analysis
            .mitigations
            .push(mitigation(mitigation_id, text, status));
    }

    let mut kept = Map::new();
    for (name, value) in source {
        if !used.contains(&name.as_str()) {
            let member = format!("{pointer}/{}", token(name));
            ctx.unmapped(member, name, value, &mut kept, unmapped_reason(name));
        }
    }
    attach(&mut threat.extensions, kept);
    analysis.threats.push(threat);
}

/// Returns the threat's title, or a stand-in from its description.
fn title_of(
    ctx: &mut Context,
    source: &Map<String, Value>,
    description: Option<&str>,
    pointer: &str,
) -> String {
    if let Some(title) = text(source.get("title")) {
        return title;
    }
    let stand_in = description.map_or_else(|| "Untitled threat".to_owned(), summary_line);
    ctx.changed(
        format!("{pointer}/title"),
        format!("the threat has no title; it is titled `{stand_in}`"),
    );
    stand_in
}

/// Builds the mitigation for the free text of a threat. It counts as
/// implemented when the threat is mitigated, and as proposed otherwise.
fn mitigation(id: Id, text: String, threat_status: ThreatStatus) -> Mitigation {
    let title = summary_line(&text);
    Mitigation {
        classification: None,
        id,
        description: (text != title).then_some(text),
        title,
        status: match threat_status {
            ThreatStatus::Mitigated => MitigationStatus::Implemented,
            _ => MitigationStatus::Proposed,
        },
        references: Vec::new(),
        tags: Vec::new(),
        extensions: Extensions::new(),
    }
}

fn unmapped_reason(name: &str) -> &'static str {
    match name {
        "score" => {
            "a free-text score with no fixed scale; TMIF rates threats by likelihood, impact and severity"
        }
        "number" => "a display number that Threat Dragon assigns",
        "new" => "an editor flag",
        "$$hashKey" => "an AngularJS bookkeeping key",
        "threatId" => "an older id that `id` superseded",
        "ruleId" => "the id of the Threat Dragon rule that suggested the threat",
        "modelType" => "the threat model type, which only a threat with a `type` needs",
        "eopGameId" | "cardSuit" | "cardNumber" => {
            "the Elevation of Privilege card game the threat came from"
        }
        _ => "a threat member with no TMIF counterpart",
    }
}

/// Returns the first non-empty line of `text`, cut to 100 characters.
fn summary_line(text: &str) -> String {
    const MAX: usize = 100;
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    if line.chars().count() <= MAX {
        return line.to_owned();
    }
    let cut: String = line.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Maps a status. `Avoided` and `Eliminated`, which TMIF lacks, become the
/// closest value and keep the original word in `statusReason`.
fn status(
    ctx: &mut Context,
    value: Option<&Value>,
    pointer: &str,
) -> (ThreatStatus, Option<String>) {
    let pointer = format!("{pointer}/status");
    let Some(word) = value.and_then(Value::as_str) else {
        if value.is_some_and(|v| !v.is_null()) {
            ctx.changed(
                pointer,
                "the status is not a string; the threat is imported as `open`",
            );
        }
        return (ThreatStatus::Open, None);
    };
    let key = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let original = Some(format!("Threat Dragon status: {word}"));
    let (status, name) = match key.as_str() {
        "open" | "" => return (ThreatStatus::Open, None),
        "mitigated" => return (ThreatStatus::Mitigated, None),
        "notapplicable" => return (ThreatStatus::NotApplicable, None),
        "accepted" => return (ThreatStatus::Accepted, None),
        "transferred" => return (ThreatStatus::Transferred, None),
        // Avoiding a threat removes what it needs, so it no longer applies.
        "avoided" => (ThreatStatus::NotApplicable, "not-applicable"),
        "eliminated" => (ThreatStatus::Mitigated, "mitigated"),
        _ => {
            ctx.changed(
                pointer,
                format!("unknown status `{word}`; the threat is imported as `open`"),
            );
            return (ThreatStatus::Open, original);
        }
    };
    let reason = format!(
        "TMIF has no status `{word}`; the threat is `{name}`, and `statusReason` names the original status"
    );
    ctx.changed(pointer, reason);
    (status, original)
}

fn severity(ctx: &mut Context, value: Option<&Value>, pointer: &str) -> Option<Severity> {
    let value = value?;
    let word = value.as_str().map(str::trim).unwrap_or_default();
    let pointer = format!("{pointer}/severity");
    match word.to_lowercase().as_str() {
        "low" => Some(Severity::Low),
        "medium" => Some(Severity::Medium),
        "high" => Some(Severity::High),
        "critical" => Some(Severity::Critical),
        "" | "tbd" | "tba" => {
            if !value.is_null() {
                ctx.dropped(
                    pointer,
                    "the severity is not rated yet, so `severity` is left absent",
                );
            }
            None
        }
        _ => {
            ctx.dropped(
                pointer,
                format!("unknown severity {value}; expected Low, Medium, High or Critical"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_takes_first_line() {
        assert_eq!(summary_line("\n  Use TLS.\nAlso rotate keys."), "Use TLS.");
        let long = "x".repeat(150);
        assert_eq!(summary_line(&long).chars().count(), 100);
    }

    #[test]
    fn status_words() {
        let mut ctx = Context::new(false);
        let cases = [
            ("Open", ThreatStatus::Open, false),
            ("Mitigated", ThreatStatus::Mitigated, false),
            ("NotApplicable", ThreatStatus::NotApplicable, false),
            ("Not Applicable", ThreatStatus::NotApplicable, false),
            ("Accepted", ThreatStatus::Accepted, false),
            ("Transferred", ThreatStatus::Transferred, false),
            ("Avoided", ThreatStatus::NotApplicable, true),
            ("Eliminated", ThreatStatus::Mitigated, true),
            ("Pending", ThreatStatus::Open, true),
        ];
        for (word, expected, changed) in cases {
            let before = ctx.losses.entries.len();
            let (status, _) = status(&mut ctx, Some(&Value::from(word)), "/t");
            assert_eq!(status, expected, "{word}");
            assert_eq!(ctx.losses.entries.len() > before, changed, "{word}");
        }
    }
}
