//! OTM threats: definitions at the root, instantiated on components and dataflows.
//!
//! Each instance becomes one TMIF threat that affects the component or
//! dataflow carrying it. Its id is `<threat id>@<id of the affected object>`,
//! made unique if needed. Its title, description, categories, weaknesses,
//! likelihood, impact and tags come from the definition; its status and
//! mitigations from the instance. A definition that no component or
//! dataflow instantiates still becomes one TMIF threat, with its OTM id,
//! no `affects`, status `open`, and a loss entry saying so.
//!
//! A TMIF threat comes from two OTM objects, so the keys of its `x-otm`
//! member are absolute JSON Pointers.

use std::collections::HashMap;

use serde_json::Value;

use super::classify::{cwe_id, stride_code, threat_status};
use super::mitigations::{Definitions, States};
use super::read::{Node, Owned, invalid};
use super::{Context, Extras, ImportError, dedup, rating};
use crate::model::{
    Extensions, Id, Rating, Taxonomy, TaxonomyEntry, TaxonomyRef, Threat, ThreatStatus,
};

const THREAT_MEMBERS: &[&str] = &[
    "id",
    "name",
    "description",
    "categories",
    "cwes",
    "risk",
    "tags",
];

/// The id of the taxonomy declared for categories that are not STRIDE categories.
const CATEGORY_TAXONOMY: &str = "otm-categories";

/// One threat instance, on the component or dataflow with TMIF id `target`.
pub struct Instance<'a> {
    pub node: Owned<'a>,
    pub target: Id,
}

/// The threats, the taxonomy their categories need, and the mitigation states the instances give.
pub struct Analysis {
    pub threats: Vec<Threat>,
    pub taxonomy: Option<Taxonomy>,
    pub states: States,
}

/// The parts of a TMIF threat that come from the OTM definition.
struct Template {
    otm_id: String,
    pointer: String,
    title: String,
    description: Option<String>,
    categories: Vec<TaxonomyRef>,
    weaknesses: Vec<TaxonomyRef>,
    likelihood: Option<Rating>,
    impact: Option<Rating>,
    tags: Vec<String>,
    extras: Extras,
}

/// Converts `threats` and their instances.
pub fn import(
    cx: &mut Context,
    root: Node,
    instances: Vec<Instance>,
    mitigations: &Definitions,
    root_extras: &mut Extras,
) -> Result<Analysis, ImportError> {
    let items = root.objects("threats", "a threat")?;
    let mut by_otm_id: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let otm_id = item.node().required_id("id", "a threat")?;
        if let Some(&first) = by_otm_id.get(&otm_id) {
            return Err(invalid(
                item.node().at("id"),
                format!(
                    "id `{otm_id}` is also the id of /threats/{first}; give each threat an id of its own"
                ),
            ));
        }
        by_otm_id.insert(otm_id, i);
    }

    let custom = custom_categories(&items)?;
    let taxonomy = (!custom.is_empty()).then(|| declare_taxonomy(cx, &custom));
    let taxonomy_id = taxonomy
        .as_ref()
        .map(|taxonomy| taxonomy.id.to_string())
        .unwrap_or_default();
    let mut templates = Vec::with_capacity(items.len());
    for item in &items {
        templates.push(template(cx, item, &taxonomy_id)?);
    }

    let mut grouped: Vec<Vec<Instance>> = templates.iter().map(|_| Vec::new()).collect();
    for instance in instances {
        let node = instance.node.node();
        let reference = node.required_id("threat", "a threat instance")?;
        match by_otm_id.get(&reference).and_then(|&i| grouped.get_mut(i)) {
            Some(group) => group.push(instance),
            None => {
                let reason = format!("threat `{reference}` does not exist in the file");
                let value = Value::Object(instance.node.map.clone());
                cx.unmapped(root_extras, &instance.node.pointer, &value, &reason);
            }
        }
    }

    let mut threats = Vec::new();
    let mut states = States::default();
    for (template, group) in templates.iter().zip(grouped) {
        if group.is_empty() {
            let id = cx.claim(
                &template.otm_id,
                "threat",
                &format!("{}/id", template.pointer),
            );
            cx.changed(
                &template.pointer,
                "no component or dataflow instantiates this threat, so it affects nothing \
                 and its status is `open`",
            );
            threats.push(threat(
                template,
                id,
                None,
                ThreatStatus::Open,
                template.extras.clone(),
            ));
            continue;
        }
        for instance in group {
            threats.push(instantiate(
                cx,
                template,
                instance,
                mitigations,
                &mut states,
            )?);
        }
    }
    Ok(Analysis {
        threats,
        taxonomy,
        states,
    })
}

/// Creates the TMIF threat of one instance.
fn instantiate(
    cx: &mut Context,
    template: &Template,
    instance: Instance,
    mitigations: &Definitions,
    states: &mut States,
) -> Result<Threat, ImportError> {
    let node = instance.node.node();
    let wanted = format!("{}@{}", template.otm_id, instance.target);
    let id = cx.claim(&wanted, "threat", &node.at("threat"));
    let mut extras = template.extras.clone();

    let status = match node.str("state")? {
        None => {
            cx.changed(
                node.pointer,
                "the threat instance has no `state`; the status is `open`",
            );
            ThreatStatus::Open
        }
        Some(state) => threat_status(state).unwrap_or_else(|| {
            cx.changed(
                &node.at("state"),
                format!("state \"{state}\" has no TMIF counterpart; the status is `open`"),
            );
            ThreatStatus::Open
        }),
    };

    let mut threat = threat(
        template,
        id,
        Some(instance.target),
        status,
        Extras::default(),
    );
    for link in node.objects("mitigations", "a mitigation instance")? {
        let link = link.node();
        let reference = link.required_id("mitigation", "a mitigation instance")?;
        match mitigations.get(&reference) {
            Some((index, mitigation_id)) => {
                threat.mitigations.push(mitigation_id.clone());
                if let Some(state) = link.str("state")? {
                    states.record(index, state, link.at("state"));
                }
            }
            None => {
                let reason = format!("mitigation `{reference}` does not exist in the file");
                cx.unmapped(
                    &mut extras,
                    link.pointer,
                    &Value::Object(link.map.clone()),
                    &reason,
                );
            }
        }
        cx.rest(
            link,
            &["mitigation", "state"],
            &mut extras,
            "a mitigation instance",
        );
    }
    dedup(&mut threat.mitigations);
    cx.rest(
        node,
        &["threat", "state", "mitigations"],
        &mut extras,
        "a threat instance",
    );
    extras.apply(&mut threat.extensions);
    Ok(threat)
}

fn threat(
    template: &Template,
    id: Id,
    target: Option<Id>,
    status: ThreatStatus,
    extras: Extras,
) -> Threat {
    let mut threat = Threat {
        classification: None,
        id,
        title: template.title.clone(),
        description: template.description.clone(),
        categories: template.categories.clone(),
        weaknesses: template.weaknesses.clone(),
        attack_patterns: Vec::new(),
        affects: target.into_iter().collect(),
        likelihood: template.likelihood,
        impact: template.impact,
        severity: None,
        status,
        status_reason: None,
        mitigations: Vec::new(),
        references: Vec::new(),
        tags: template.tags.clone(),
        extensions: Extensions::new(),
    };
    extras.apply(&mut threat.extensions);
    threat
}

/// Reads a definition, recording its losses once however many instances it has.
fn template(cx: &mut Context, item: &Owned, taxonomy_id: &str) -> Result<Template, ImportError> {
    let node = item.node();
    let mut extras = Extras::default();
    let mut categories = Vec::new();
    for (category, _) in categories_of(node)? {
        let reference = match stride_code(&category) {
            Some(code) => TaxonomyRef::new("STRIDE", code),
            None => TaxonomyRef::new(taxonomy_id, category.trim()),
        };
        if !categories.contains(&reference) {
            categories.push(reference);
        }
    }
    let mut weaknesses = Vec::new();
    for (value, pointer) in node.array("cwes")? {
        match cwe_id(value) {
            Some(code) => {
                let reference = TaxonomyRef::new("CWE", code);
                if !weaknesses.contains(&reference) {
                    weaknesses.push(reference);
                }
            }
            None => {
                let reason = format!("{value} is not a CWE id such as \"CWE-79\" or \"79\"");
                cx.unmapped(&mut extras, &pointer, value, &reason);
            }
        }
    }
    let (mut likelihood, mut impact) = (None, None);
    if let Some(risk) = node.object("risk")? {
        let risk = risk.node();
        likelihood = rating(cx, risk, "likelihood")?;
        impact = rating(cx, risk, "impact")?;
        for (key, value) in risk.rest(&["likelihood", "impact"]) {
            let reason = match key {
                "likelihoodComment" | "impactComment" => {
                    format!("TMIF threats have no member for `{key}`")
                }
                _ => format!(
                    "`{key}` is not an OTM member of a threat's risk, and TMIF has no place for it"
                ),
            };
            cx.unmapped(&mut extras, &risk.at(key), value, &reason);
        }
    }
    cx.rest(node, THREAT_MEMBERS, &mut extras, "a threat");
    Ok(Template {
        otm_id: node.required_id("id", "a threat")?,
        pointer: item.pointer.clone(),
        title: node.required_str("name", "a threat")?.to_owned(),
        description: node.str("description")?.map(str::to_owned),
        categories,
        weaknesses,
        likelihood,
        impact,
        tags: node.strings("tags")?,
        extras,
    })
}

/// Returns the non-empty categories of a threat definition with their pointers.
fn categories_of(node: Node) -> Result<Vec<(String, String)>, ImportError> {
    let strings = node.strings("categories")?;
    let pointers = node
        .array("categories")?
        .into_iter()
        .map(|(_, pointer)| pointer);
    Ok(strings
        .into_iter()
        .zip(pointers)
        .filter(|(category, _)| !category.trim().is_empty())
        .collect())
}

/// Lists the categories that match no STRIDE category, in order of first use.
fn custom_categories(items: &[Owned]) -> Result<Vec<String>, ImportError> {
    let mut custom: Vec<String> = Vec::new();
    for item in items {
        for (category, _) in categories_of(item.node())? {
            let category = category.trim().to_owned();
            if stride_code(&category).is_none() && !custom.contains(&category) {
                custom.push(category);
            }
        }
    }
    Ok(custom)
}

/// Declares the taxonomy of the categories that are not STRIDE categories.
fn declare_taxonomy(cx: &mut Context, custom: &[String]) -> Taxonomy {
    let id = cx.claim(CATEGORY_TAXONOMY, "taxonomy", "/threats");
    Taxonomy {
        classification: None,
        id,
        name: "OTM threat categories".to_owned(),
        version: None,
        url: None,
        description: Some(
            "Threat categories of the OTM source that are not STRIDE categories".to_owned(),
        ),
        entries: custom
            .iter()
            .map(|category| TaxonomyEntry {
                id: category.clone(),
                name: category.clone(),
                description: None,
                extensions: Extensions::new(),
            })
            .collect(),
        extensions: Extensions::new(),
    }
}
