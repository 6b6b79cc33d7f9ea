//! Threat categories: the `type` of a Threat Dragon threat as a TMIF
//! taxonomy reference.
//!
//! Threat Dragon stores the category as display text, such as
//! `Information disclosure`. STRIDE and LINDDUN names map to the built-in
//! taxonomies. Any other type (CIA, DIE, PLOT4ai, card texts, names in other
//! languages) becomes an entry of a taxonomy that the document declares,
//! one per Threat Dragon model type, with id `threat-dragon-<model type>`.
//! Such types are therefore kept, not reported as losses.

use std::collections::BTreeMap;

use super::context::{Context, stable_hash};
use crate::model::{Extensions, Id, Taxonomy, TaxonomyEntry, TaxonomyRef};

/// A taxonomy declared for one model type: its id, the model type as
/// spelled in the source, and its entries by code.
struct Declared {
    id: Id,
    family: String,
    entries: BTreeMap<String, String>,
}

/// The taxonomies declared so far, by the code of their model type.
#[derive(Default)]
pub(super) struct Categories {
    declared: BTreeMap<String, Declared>,
}

impl Categories {
    /// Returns the category for threat type `name`, declaring a taxonomy
    /// entry under `family` when the name is not a STRIDE or LINDDUN category.
    pub fn resolve(&mut self, ctx: &mut Context, name: &str, family: &str) -> TaxonomyRef {
        if let Some((taxonomy, code)) = builtin(name) {
            return TaxonomyRef::new(taxonomy, code);
        }
        let family_code = code_of(family);
        let declared = self
            .declared
            .entry(family_code.clone())
            .or_insert_with(|| Declared {
                id: ctx.claim_id(&format!("threat-dragon-{family_code}"), ""),
                family: family.to_owned(),
                entries: BTreeMap::new(),
            });
        let code = code_of(name);
        declared
            .entries
            .entry(code.clone())
            .or_insert_with(|| name.to_owned());
        TaxonomyRef::new(declared.id.as_str(), code)
    }

    /// Builds the declared taxonomies, each listing the entries the model uses.
    pub fn taxonomies(&self) -> Vec<Taxonomy> {
        self.declared.values().map(Declared::taxonomy).collect()
    }
}

impl Declared {
    fn taxonomy(&self) -> Taxonomy {
        let family = &self.family;
        let entries = self.entries.iter().map(|(code, name)| TaxonomyEntry {
            id: code.clone(),
            name: name.clone(),
            description: None,
            extensions: Extensions::new(),
        });
        Taxonomy {
            classification: None,
            id: self.id.clone(),
            name: format!("Threat Dragon {family} threat types"),
            version: None,
            url: None,
            description: Some(format!(
                "The threat types of Threat Dragon's {family} model, as the source model spells them. \
                 TMIF has no built-in taxonomy for them."
            )),
            entries: entries.collect(),
            extensions: Extensions::new(),
        }
    }
}

/// Maps the English display name of a STRIDE or LINDDUN category to its
/// taxonomy and code, ignoring case, hyphens and repeated spaces.
fn builtin(name: &str) -> Option<(&'static str, &'static str)> {
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

/// Turns text into a code of lowercase letters, digits and hyphens, or into
/// `type-` and a hash for text without letters or digits.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            code.push(c);
        } else if !code.is_empty() && !code.ends_with('-') {
            code.push('-');
        }
    }
    let code = code.trim_end_matches('-');
    if code.is_empty() {
        format!("type-{}", stable_hash(text))
    } else {
        code.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_names_ignore_case_and_spacing() {
        assert_eq!(builtin("Information disclosure"), Some(("STRIDE", "I")));
        assert_eq!(builtin("denial  of service"), Some(("STRIDE", "D")));
        assert_eq!(builtin("Elevation-of-privilege"), Some(("STRIDE", "E")));
        assert_eq!(builtin("Non-repudiation"), Some(("LINDDUN", "Nr")));
        assert_eq!(builtin("Confidentiality"), None);
    }

    #[test]
    fn code_of_text() {
        assert_eq!(
            code_of("Elevation of Privilege (card 5)"),
            "elevation-of-privilege-card-5"
        );
        assert_eq!(code_of("???"), code_of("???"));
        assert!(code_of("???").starts_with("type-"));
    }

    #[test]
    fn declared_taxonomy_per_family() {
        let mut ctx = Context::new(false);
        let mut categories = Categories::default();
        let first = categories.resolve(&mut ctx, "Confidentiality", "CIA");
        let again = categories.resolve(&mut ctx, "confidentiality", "CIA");
        let other = categories.resolve(&mut ctx, "Distributed", "DIE");
        assert_eq!(
            (first.taxonomy.as_str(), first.id.as_str()),
            ("threat-dragon-cia", "confidentiality")
        );
        assert_eq!(again, first);
        assert_eq!(other.taxonomy, "threat-dragon-die");
        let taxonomies = categories.taxonomies();
        assert_eq!(taxonomies.len(), 2);
        assert_eq!(taxonomies[0].entries.len(), 1);
        assert_eq!(taxonomies[0].entries[0].name, "Confidentiality");
    }
}
