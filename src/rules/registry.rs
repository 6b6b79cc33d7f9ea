//! The registry of validation rules: one table that the validator, the
//! specification's catalogue and the conformance suite all read.

use crate::diagnostic::Level;
use crate::version::FormatVersion;

/// A validation rule of the specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    /// The stable code. Codes `TMIF1xxx` are errors (a MUST); `TMIF2xxx` are
    /// warnings (a SHOULD). A code never changes meaning.
    pub code: &'static str,
    /// A short kebab-case name for the rule.
    pub name: &'static str,
    /// Whether a violation makes the document invalid.
    pub level: Level,
    /// The section of the specification that states the requirement.
    pub section: &'static str,
    /// The requirement, in one sentence.
    pub summary: &'static str,
    /// The format version that introduced the rule; later versions keep it.
    pub since: FormatVersion,
}

macro_rules! rules {
    ($($ident:ident = $code:literal, $name:literal, $level:ident, $section:literal, $since:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $ident: Rule = Rule {
                code: $code,
                name: $name,
                level: Level::$level,
                section: $section,
                summary: $summary,
                since: FormatVersion::$since,
            };
        )*

        /// Every rule, in code order.
        pub const ALL: &[Rule] = &[$($ident),*];
    };
}

rules! {
    SYNTAX = "TMIF1001", "syntax", Error, "3.1", V1_0,
        "A document is well-formed UTF-8 JSON or YAML text that is not empty.";
    DUPLICATE_MEMBER = "TMIF1002", "duplicate-member", Error, "3.1", V1_0,
        "No object has two members with the same name.";
    NUMBER_RANGE = "TMIF1003", "number-range", Error, "3.1", V1_0,
        "Every number is finite and fits an IEEE 754 double.";
    NESTING_DEPTH = "TMIF1004", "nesting-depth", Error, "3.4", V1_0,
        "Arrays and objects nest at most 127 levels deep.";
    YAML_FEATURE = "TMIF1005", "yaml-feature", Error, "3.2", V1_0,
        "A YAML document has no anchors, aliases, tags or non-string keys, and a stream holds one document.";
    ROOT_TYPE = "TMIF1006", "root-type", Error, "3.1", V1_0,
        "The root of a document is an object.";
    VERSION_MALFORMED = "TMIF1010", "version-malformed", Error, "4.1", V1_0,
        "The `tmif` member is a semantic version string of the form MAJOR.MINOR.PATCH.";
    VERSION_UNSUPPORTED = "TMIF1011", "version-unsupported", Error, "4.2", V1_0,
        "A consumer rejects a document whose major format version it does not implement.";
    UNKNOWN_MEMBER = "TMIF1020", "unknown-member", Error, "8", V1_0,
        "An object has only the members the specification defines and extension members whose names start with `x-`.";
    MISSING_MEMBER = "TMIF1021", "missing-member", Error, "6", V1_0,
        "Every REQUIRED member is present.";
    WRONG_TYPE = "TMIF1022", "wrong-type", Error, "6", V1_0,
        "Every member has the JSON type its fields table gives; `null` is never allowed.";
    INVALID_VALUE = "TMIF1023", "invalid-value", Error, "6", V1_0,
        "Every enumerated member has one of its listed values, and every number lies in its range.";
    ID_DUPLICATE = "TMIF1101", "id-duplicate", Error, "5.1", V1_0,
        "Every id is unique within the whole document.";
    ID_SYNTAX = "TMIF1102", "id-syntax", Error, "5.1", V1_0,
        "An id is not empty, has no leading or trailing white space, and contains no control characters.";
    REFERENCE_UNRESOLVED = "TMIF1103", "reference-unresolved", Error, "5.2", V1_0,
        "Every reference is the id of an object in the same document.";
    REFERENCE_KIND = "TMIF1104", "reference-kind", Error, "5.2", V1_0,
        "Every reference names an object of a kind that the referring member allows.";
    CONTAINMENT_CYCLE = "TMIF1105", "containment-cycle", Error, "5.3", V1_0,
        "Following `parent` from a trust zone or an element never returns to where it started.";
    TAXONOMY_UNKNOWN = "TMIF1201", "taxonomy-unknown", Error, "7.1", V1_0,
        "Every taxonomy reference names a built-in taxonomy or a taxonomy declared in the document.";
    TAXONOMY_ENTRY = "TMIF1202", "taxonomy-entry", Error, "7.1", V1_0,
        "Every taxonomy reference gives a well-formed entry code, and an entry that exists where the taxonomy's entries are listed.";
    TAXONOMY_PLACEMENT = "TMIF1203", "taxonomy-placement", Error, "7.3", V1_0,
        "`weaknesses` refer to CWE entries and `attackPatterns` to CAPEC or ATTACK entries.";
    TAXONOMY_DECLARATION = "TMIF1204", "taxonomy-declaration", Error, "7.2", V1_0,
        "A declared taxonomy does not reuse the name of a built-in taxonomy and lists each entry code once.";
    LICENSE_INVALID = "TMIF1301", "license-invalid", Error, "6.1", V1_0,
        "The `license` member is a valid SPDX license expression.";
    TIMESTAMP_INVALID = "TMIF1302", "timestamp-invalid", Error, "6.1", V1_0,
        "Every timestamp is an RFC 3339 date-time with a time-zone offset.";
    URI_INVALID = "TMIF1303", "uri-invalid", Error, "6", V1_0,
        "Every `url` member is an absolute URI.";
    LICENSE_MISSING = "TMIF2001", "license-missing", Warning, "6.1", V1_0,
        "A document states its license.";
    VERSION_NEWER_MINOR = "TMIF2002", "version-newer-minor", Warning, "4.3", V1_0,
        "A consumer reading a newer minor version of a major it implements says so.";
    MEMBER_IGNORED = "TMIF2003", "member-ignored", Warning, "4.3", V1_0,
        "A consumer reading a newer minor version reports each member it does not know and ignores.";
    LICENSE_DEPRECATED = "TMIF2004", "license-deprecated", Warning, "6.1", V1_0,
        "The license expression uses no SPDX license identifier that SPDX has deprecated.";
    FLOW_SELF_LOOP = "TMIF2005", "flow-self-loop", Warning, "6.5", V1_0,
        "A data flow connects two different elements.";
    TIMESTAMP_ORDER = "TMIF2006", "timestamp-order", Warning, "6.1", V1_0,
        "A document is not modified before it was created.";
    MITIGATED_WITHOUT_CONTROL = "TMIF2007", "mitigated-without-control", Warning, "6.8", V1_0,
        "A threat with status `mitigated` lists at least one mitigation that is implemented or verified.";
    REFERENCE_REPEATED = "TMIF2008", "reference-repeated", Warning, "5.2", V1_0,
        "A list of references names each object once.";
    CLASSIFICATION_INEFFECTIVE = "TMIF2009", "classification-ineffective", Warning, "12.2", V1_1,
        "An object's own classification label is not less strict than the label it inherits, because a lower label has no effect.";
    MERGE_CONFLICTS_UNRESOLVED = "TMIF2010", "merge-conflicts-unresolved", Warning, "13.2", V1_1,
        "A document lists no conflicts of a three-way merge that are still to be resolved.";
}

/// Iterates over the rules of one format version: those introduced in it or before.
pub fn of_version(version: FormatVersion) -> impl Iterator<Item = &'static Rule> {
    ALL.iter().filter(move |rule| rule.since <= version)
}

/// Looks up a rule by its code.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter().find(|rule| rule.code == code)
}
