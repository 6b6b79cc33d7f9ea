//! Threats embedded in cells, their free-text mitigations, and the
//! categories their `type` names.
//!
//! NOTE: a threat without an `id` (version 2) or `threatId` (version 1.5 and
//! later) gets id `<object id>/threat-<n>`, where `n` counts the threats of
//! the object from 1. Such an id stays the same between revisions only while
//! no threat before it on the same object is removed or reordered.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::context::{Context, attach, id_text, stable_hash, text, token};
use crate::model::{
    Extensions, Id, Mitigation, MitigationStatus, Severity, Taxonomy, TaxonomyEntry, TaxonomyRef,
    Threat, ThreatStatus,
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
    /// Taxonomies declared for threat types outside STRIDE and LINDDUN, by id.
    taxonomies: BTreeMap<String, (Id, String, BTreeMap<String, String>)>,
}

impl Analysis {
    /// The declared taxonomies, each listing the entries the model uses.
    pub fn taxonomies(&self) -> Vec<Taxonomy> {
        self.taxonomies
            .values()
            .map(|(id, family, entries)| Taxonomy {
                id: id.clone(),
                name: format!("Threat Dragon {family} threat types"),
                version: None,
                url: None,
                description: Some(format!(
                    "The threat types of Threat Dragon's {family} model, as the source model spells them; \
                     TMIF has no built-in taxonomy for them"
                )),
                entries: entries
                    .iter()
                    .map(|(code, name)| TaxonomyEntry {
                        id: code.clone(),
                        name: name.clone(),
                        description: None,
                        extensions: Extensions::new(),
                    })
                    .collect(),
                extensions: Extensions::new(),
            })
            .collect()
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
    let mut used: Vec<&str> = vec![
        "title",
        "description",
        "status",
        "severity",
        "type",
        "mitigation",
    ];
    let id = match ["id", "threatId"]
        .into_iter()
        .find_map(|key| Some((key, source.get(key).and_then(id_text)?)))
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
    let title = match text(source.get("title")) {
        Some(title) => title,
        None => {
            let stand_in = description
                .as_deref()
                .map_or_else(|| "Untitled threat".to_owned(), summary_line);
            ctx.changed(
                format!("{pointer}/title"),
                format!("the threat has no title; it is titled `{stand_in}`"),
            );
            stand_in
        }
    };
    let (status, status_reason) = status(ctx, source.get("status"), pointer);
    let mut categories = Vec::new();
    if let Some(category) = category(source, object, analysis, ctx) {
        categories.push(category);
        used.push("modelType");
    }
    let mut threat = Threat {
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
        let title = summary_line(&text);
        threat.mitigations.push(mitigation_id.clone());
        analysis.mitigations.push(Mitigation {
            id: mitigation_id,
            description: (text != title).then_some(text),
            title,
            status: if status == ThreatStatus::Mitigated {
                MitigationStatus::Implemented
            } else {
                MitigationStatus::Proposed
            },
            references: Vec::new(),
            tags: Vec::new(),
            extensions: Extensions::new(),
        });
    }
    let mut kept = Map::new();
    for (name, value) in source {
        if used.contains(&name.as_str()) {
            continue;
        }
        let reason = match name.as_str() {
            "score" => {
                "a free-text score with no fixed scale; TMIF rates threats by likelihood, impact and severity"
            }
            "number" => "a display number that Threat Dragon assigns",
            "new" => "an editor flag",
            "$$hashKey" => "an AngularJS bookkeeping key",
            "threatId" => "an older id that `id` superseded",
            "ruleId" => "the id of the Threat Dragon rule that suggested the threat",
            "modelType" => "the threat model type; the threat has no category to carry it",
            "eopGameId" | "cardSuit" | "cardNumber" => {
                "the Elevation of Privilege card game the threat came from"
            }
            _ => "a threat member with no TMIF counterpart",
        };
        ctx.unmapped(
            format!("{pointer}/{}", token(name)),
            name,
            value,
            &mut kept,
            reason,
        );
    }
    attach(&mut threat.extensions, kept);
    analysis.threats.push(threat);
}

/// The first non-empty line of `text`, cut to 100 characters.
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
    let key: String = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let closest = |ctx: &mut Context, status: ThreatStatus, name: &str| {
        ctx.changed(
            pointer.clone(),
            format!("TMIF has no status `{word}`; the threat is `{name}`, with `statusReason` naming the original status"),
        );
        (status, Some(format!("Threat Dragon status: {word}")))
    };
    match key.as_str() {
        "open" => (ThreatStatus::Open, None),
        "mitigated" => (ThreatStatus::Mitigated, None),
        "notapplicable" | "na" => (ThreatStatus::NotApplicable, None),
        "accepted" => (ThreatStatus::Accepted, None),
        "transferred" => (ThreatStatus::Transferred, None),
        // Avoiding a threat removes what it needs, so it no longer applies.
        "avoided" => closest(ctx, ThreatStatus::NotApplicable, "not-applicable"),
        "eliminated" => closest(ctx, ThreatStatus::Mitigated, "mitigated"),
        "" => (ThreatStatus::Open, None),
        _ => {
            ctx.changed(
                pointer,
                format!("unknown status `{word}`; the threat is imported as `open`"),
            );
            (
                ThreatStatus::Open,
                Some(format!("Threat Dragon status: {word}")),
            )
        }
    }
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
                    "the severity is not rated yet; `severity` is left absent",
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

/// Maps the English display name of a STRIDE or LINDDUN category to its code.
fn builtin_category(name: &str) -> Option<(&'static str, &'static str)> {
    let key = name.to_lowercase().replace(['-', '_'], " ");
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match key.as_str() {
        "spoofing" => ("STRIDE", "S"),
        "tampering" => ("STRIDE", "T"),
        "repudiation" => ("STRIDE", "R"),
        "information disclosure" => ("STRIDE", "I"),
        "denial of service" => ("STRIDE", "D"),
        "elevation of privilege" => ("STRIDE", "E"),
        "linking" | "linkability" => ("LINDDUN", "L"),
        "identifying" | "identifiability" => ("LINDDUN", "I"),
        "non repudiation" => ("LINDDUN", "Nr"),
        "detecting" | "detectability" => ("LINDDUN", "D"),
        "data disclosure" | "disclosure of information" => ("LINDDUN", "Dd"),
        "unawareness" | "unawareness & unintervenability" | "content unawareness" => {
            ("LINDDUN", "U")
        }
        "non compliance" | "policy and consent non compliance" => ("LINDDUN", "Nc"),
        _ => return None,
    })
}

/// The category named by the threat's `type`.
///
/// STRIDE and LINDDUN names map to the built-in taxonomies. Any other type
/// (CIA, DIE, PLOT4ai, card texts, names in other languages) becomes an
/// entry of a taxonomy that the document declares, one per Threat Dragon
/// model type, with id `threat-dragon-<model type>`.
fn category(
    source: &Map<String, Value>,
    object: &Pending,
    analysis: &mut Analysis,
    ctx: &mut Context,
) -> Option<TaxonomyRef> {
    let name = text(source.get("type"))?;
    if let Some((taxonomy, code)) = builtin_category(&name) {
        return Some(TaxonomyRef::new(taxonomy, code));
    }
    let family = text(source.get("modelType"))
        .or_else(|| object.family.clone())
        .unwrap_or_else(|| "Generic".into());
    let family_key = slug(&family);
    let (id, _, entries) = analysis
        .taxonomies
        .entry(family_key.clone())
        .or_insert_with(|| {
            let id = ctx.claim_id(&format!("threat-dragon-{family_key}"), "");
            (id, family.clone(), BTreeMap::new())
        });
    let code = slug(&name);
    entries.entry(code.clone()).or_insert(name);
    Some(TaxonomyRef::new(id.as_str(), code))
}

/// A lowercase code of letters, digits and hyphens; a hash for text with none of them.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        format!("type-{}", stable_hash(text))
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stride_names_ignore_case_and_spacing() {
        assert_eq!(
            builtin_category("Information disclosure"),
            Some(("STRIDE", "I"))
        );
        assert_eq!(
            builtin_category("denial  of service"),
            Some(("STRIDE", "D"))
        );
        assert_eq!(
            builtin_category("Elevation-of-privilege"),
            Some(("STRIDE", "E"))
        );
        assert_eq!(builtin_category("Non-repudiation"), Some(("LINDDUN", "Nr")));
        assert_eq!(builtin_category("Confidentiality"), None);
    }

    #[test]
    fn summary_line_takes_first_line() {
        assert_eq!(summary_line("\n  Use TLS.\nAlso rotate keys."), "Use TLS.");
        let long = "x".repeat(150);
        assert_eq!(summary_line(&long).chars().count(), 100);
    }

    #[test]
    fn slug_of_symbols_is_stable() {
        assert_eq!(
            slug("Elevation of Privilege (card 5)"),
            "elevation-of-privilege-card-5"
        );
        assert_eq!(slug("???"), slug("???"));
        assert!(slug("???").starts_with("type-"));
    }
}
