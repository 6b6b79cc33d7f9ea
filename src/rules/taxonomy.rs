//! Taxonomy references: known taxonomies, well-formed codes, and placement.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::registry::{TAXONOMY_DECLARATION, TAXONOMY_ENTRY, TAXONOMY_PLACEMENT, TAXONOMY_UNKNOWN};
use crate::diagnostic::Diagnostic;
use crate::model::{Document, TaxonomyRef};

/// The taxonomies every document may refer to without declaring them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// Microsoft's STRIDE threat categories.
    Stride,
    /// The LINDDUN privacy threat categories.
    Linddun,
    /// MITRE's Common Weakness Enumeration.
    Cwe,
    /// MITRE's Common Attack Pattern Enumeration and Classification.
    Capec,
    /// MITRE ATT&CK techniques.
    Attack,
}

impl Builtin {
    /// Every built-in taxonomy.
    pub const ALL: [Builtin; 5] = [
        Builtin::Stride,
        Builtin::Linddun,
        Builtin::Cwe,
        Builtin::Capec,
        Builtin::Attack,
    ];

    /// The name a taxonomy reference uses.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Stride => "STRIDE",
            Builtin::Linddun => "LINDDUN",
            Builtin::Cwe => "CWE",
            Builtin::Capec => "CAPEC",
            Builtin::Attack => "ATTACK",
        }
    }

    /// Looks a built-in taxonomy up by its exact name.
    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL
            .into_iter()
            .find(|builtin| builtin.name() == name)
    }

    /// The entry codes of a closed taxonomy, or `None` for one checked by pattern only.
    pub fn codes(self) -> Option<&'static [&'static str]> {
        match self {
            Builtin::Stride => Some(&["S", "T", "R", "I", "D", "E"]),
            Builtin::Linddun => Some(&["L", "I", "Nr", "D", "Dd", "U", "Nc"]),
            Builtin::Cwe | Builtin::Capec | Builtin::Attack => None,
        }
    }

    /// Returns `true` when `code` is a well-formed entry code of the taxonomy.
    pub fn accepts(self, code: &str) -> bool {
        match self {
            Builtin::Stride | Builtin::Linddun => {
                self.codes().is_some_and(|codes| codes.contains(&code))
            }
            Builtin::Cwe => numbered(code, "CWE-"),
            Builtin::Capec => numbered(code, "CAPEC-"),
            Builtin::Attack => attack_technique(code),
        }
    }

    /// The form of a valid code, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            Builtin::Stride => "one of S, T, R, I, D, E",
            Builtin::Linddun => "one of L, I, Nr, D, Dd, U, Nc",
            Builtin::Cwe => "CWE- followed by a number, such as CWE-79",
            Builtin::Capec => "CAPEC- followed by a number, such as CAPEC-66",
            Builtin::Attack => {
                "a technique id such as T1190 or a sub-technique id such as T1059.001"
            }
        }
    }
}

/// Matches a prefix followed by a positive decimal number without leading zeros.
fn numbered(code: &str, prefix: &str) -> bool {
    let Some(digits) = code.strip_prefix(prefix) else {
        return false;
    };
    !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Matches `T` and four digits, optionally followed by `.` and three digits.
fn attack_technique(code: &str) -> bool {
    let Some(rest) = code.strip_prefix('T') else {
        return false;
    };
    let (technique, sub) = match rest.split_once('.') {
        Some((technique, sub)) => (technique, Some(sub)),
        None => (rest, None),
    };
    let digits =
        |text: &str, count: usize| text.len() == count && text.bytes().all(|b| b.is_ascii_digit());
    digits(technique, 4) && sub.is_none_or(|sub| digits(sub, 3))
}

/// Where a taxonomy reference sits, which decides the taxonomies it may use.
#[derive(Clone, Copy)]
enum Slot {
    Categories,
    Weaknesses,
    AttackPatterns,
}

impl Slot {
    fn member(self) -> &'static str {
        match self {
            Slot::Categories => "categories",
            Slot::Weaknesses => "weaknesses",
            Slot::AttackPatterns => "attackPatterns",
        }
    }

    fn allows(self, taxonomy: Option<Builtin>) -> bool {
        match (self, taxonomy) {
            (Slot::Categories, None) => true,
            (Slot::Categories, Some(builtin)) => {
                matches!(builtin, Builtin::Stride | Builtin::Linddun)
            }
            (Slot::Weaknesses, taxonomy) => taxonomy == Some(Builtin::Cwe),
            (Slot::AttackPatterns, taxonomy) => {
                matches!(taxonomy, Some(Builtin::Capec | Builtin::Attack))
            }
        }
    }

    fn advice(self) -> &'static str {
        match self {
            Slot::Categories => {
                "`categories` take STRIDE, LINDDUN or a declared taxonomy; move CWE entries to `weaknesses` and CAPEC or ATTACK entries to `attackPatterns`"
            }
            Slot::Weaknesses => {
                "`weaknesses` take CWE entries only; move other entries to `categories` or `attackPatterns`"
            }
            Slot::AttackPatterns => {
                "`attackPatterns` take CAPEC or ATTACK entries only; move other entries to `categories` or `weaknesses`"
            }
        }
    }
}

/// Checks declared taxonomies and every taxonomy reference.
pub fn check(document: &Document, diagnostics: &mut Vec<Diagnostic>) {
    // Entry codes of each declared taxonomy; an empty set means any code is accepted.
    let mut declared: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (i, taxonomy) in document.taxonomies.iter().enumerate() {
        let name = taxonomy.id.as_str();
        if let Some(builtin) = Builtin::ALL
            .into_iter()
            .find(|b| b.name().eq_ignore_ascii_case(name))
        {
            diagnostics.push(Diagnostic::new(
                &TAXONOMY_DECLARATION,
                format!("/taxonomies/{i}/id"),
                format!(
                    "`{name}` is the name of the built-in taxonomy {}; give the declared taxonomy another id",
                    builtin.name()
                ),
            ));
        }
        let mut codes = HashSet::with_capacity(taxonomy.entries.len());
        for (j, entry) in taxonomy.entries.iter().enumerate() {
            if !codes.insert(entry.id.as_str()) {
                diagnostics.push(Diagnostic::new(
                    &TAXONOMY_DECLARATION,
                    format!("/taxonomies/{i}/entries/{j}/id"),
                    format!(
                        "entry code `{}` is listed twice in taxonomy `{name}`; keep one",
                        entry.id
                    ),
                ));
            }
        }
        declared.entry(name).or_insert(codes);
    }

    for (i, threat) in document.threats.iter().enumerate() {
        let lists = [
            (Slot::Categories, &threat.categories),
            (Slot::Weaknesses, &threat.weaknesses),
            (Slot::AttackPatterns, &threat.attack_patterns),
        ];
        for (slot, references) in lists {
            for (j, reference) in references.iter().enumerate() {
                let pointer = || format!("/threats/{i}/{}/{j}", slot.member());
                check_reference(reference, slot, pointer, &declared, diagnostics);
            }
        }
    }
}

fn check_reference(
    reference: &TaxonomyRef,
    slot: Slot,
    pointer: impl Fn() -> String,
    declared: &HashMap<&str, HashSet<&str>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let name = reference.taxonomy.as_str();
    let code = reference.id.as_str();
    let builtin = Builtin::from_name(name);
    if builtin.is_none() && !declared.contains_key(name) {
        let hint = match Builtin::ALL.into_iter().find(|b| b.name().eq_ignore_ascii_case(name)) {
            Some(builtin) => format!("write `{}`; taxonomy names are case-sensitive", builtin.name()),
            None => "use STRIDE, LINDDUN, CWE, CAPEC or ATTACK, or declare the taxonomy under `taxonomies`".to_owned(),
        };
        diagnostics.push(Diagnostic::new(
            &TAXONOMY_UNKNOWN,
            format!("{}/taxonomy", pointer()),
            format!("unknown taxonomy `{name}`; {hint}"),
        ));
        return;
    }
    if !slot.allows(builtin) {
        diagnostics.push(Diagnostic::new(
            &TAXONOMY_PLACEMENT,
            format!("{}/taxonomy", pointer()),
            format!("a {name} entry does not belong here; {}", slot.advice()),
        ));
    }
    match builtin {
        Some(builtin) if !builtin.accepts(code) => diagnostics.push(Diagnostic::new(
            &TAXONOMY_ENTRY,
            format!("{}/id", pointer()),
            format!(
                "`{code}` is not a {name} entry; expected {}",
                builtin.expected()
            ),
        )),
        Some(_) => {}
        None => {
            let codes = &declared[name];
            if !codes.is_empty() && !codes.contains(code) {
                diagnostics.push(Diagnostic::new(
                    &TAXONOMY_ENTRY,
                    format!("{}/id", pointer()),
                    format!(
                        "`{code}` is not an entry of the declared taxonomy `{name}`; \
                         use one of its listed entries or add `{code}` to its `entries`"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cwe_codes() {
        assert!(Builtin::Cwe.accepts("CWE-79"));
        assert!(!Builtin::Cwe.accepts("CWE-079"));
        assert!(!Builtin::Cwe.accepts("79"));
        assert!(!Builtin::Cwe.accepts("CWE-"));
    }

    #[test]
    fn attack_codes() {
        assert!(Builtin::Attack.accepts("T1190"));
        assert!(Builtin::Attack.accepts("T1059.001"));
        assert!(!Builtin::Attack.accepts("T119"));
        assert!(!Builtin::Attack.accepts("T1059.01"));
        assert!(!Builtin::Attack.accepts("TA0001"));
    }

    #[test]
    fn stride_codes_are_case_sensitive() {
        assert!(Builtin::Stride.accepts("S"));
        assert!(!Builtin::Stride.accepts("s"));
        assert!(!Builtin::Stride.accepts("Spoofing"));
    }
}
