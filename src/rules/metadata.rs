//! Document metadata and analysis checks: license, timestamps, URIs, threat status.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::ids::{Index, Kind};
use super::registry::{
    LICENSE_DEPRECATED, LICENSE_INVALID, LICENSE_MISSING, MITIGATED_WITHOUT_CONTROL,
    TIMESTAMP_INVALID, TIMESTAMP_ORDER, URI_INVALID,
};
use crate::diagnostic::Diagnostic;
use crate::model::{Document, MitigationStatus, Reference, ThreatStatus};

/// Checks the license, the timestamps and every URI.
pub fn check(document: &Document, diagnostics: &mut Vec<Diagnostic>) {
    check_license(document.license.as_deref(), diagnostics);

    let created = timestamp(document.created.as_deref(), "/created", diagnostics);
    let modified = timestamp(document.modified.as_deref(), "/modified", diagnostics);
    if let (Some(created), Some(modified)) = (created, modified) {
        if modified < created {
            diagnostics.push(Diagnostic::new(
                &TIMESTAMP_ORDER,
                "/modified",
                "the document is modified before it was created; correct one of the two timestamps",
            ));
        }
    }

    if let Some(date) = document
        .revision
        .as_ref()
        .and_then(|revision| revision.date.as_deref())
    {
        timestamp(Some(date), "/revision/date", diagnostics);
    }
    for (i, annotation) in document.annotations.iter().enumerate() {
        timestamp(
            Some(&annotation.created),
            &format!("/annotations/{i}/created"),
            diagnostics,
        );
    }
    for (i, author) in document.authors.iter().enumerate() {
        if let Some(url) = &author.url {
            check_uri(url, &format!("/authors/{i}/url"), diagnostics);
        }
    }
    for (i, taxonomy) in document.taxonomies.iter().enumerate() {
        if let Some(url) = &taxonomy.url {
            check_uri(url, &format!("/taxonomies/{i}/url"), diagnostics);
        }
    }
    for (i, threat) in document.threats.iter().enumerate() {
        check_references(&threat.references, "threats", i, diagnostics);
    }
    for (i, mitigation) in document.mitigations.iter().enumerate() {
        check_references(&mitigation.references, "mitigations", i, diagnostics);
    }
}

fn check_license(license: Option<&str>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(license) = license else {
        diagnostics.push(Diagnostic::new(
            &LICENSE_MISSING,
            "",
            "the document states no license; add `license` with an SPDX expression \
             such as \"CC-BY-4.0\" so that others know whether they may share it",
        ));
        return;
    };
    // Strict parsing rejects deprecated identifiers, which would make them
    // errors. This mode accepts them, and the loop below reports each one as a warning.
    let mode = spdx::ParseMode {
        allow_deprecated: true,
        ..spdx::ParseMode::STRICT
    };
    match spdx::Expression::parse_mode(license, mode) {
        Err(error) => diagnostics.push(Diagnostic::new(
            &LICENSE_INVALID,
            "/license",
            format!(
                "`{license}` is not a valid SPDX license expression ({}); \
                 use identifiers from the SPDX license list, such as \"Apache-2.0\" \
                 or \"MIT OR CC-BY-4.0\", or a \"LicenseRef-\" identifier",
                error.reason
            ),
        )),
        Ok(expression) => {
            for requirement in expression.requirements() {
                if let spdx::LicenseItem::Spdx { id, .. } = requirement.req.license {
                    if id.is_deprecated() {
                        diagnostics.push(Diagnostic::new(
                            &LICENSE_DEPRECATED,
                            "/license",
                            format!(
                                "SPDX has deprecated the license identifier `{}`; \
                                 use its current form, such as \"GPL-2.0-only\" for \"GPL-2.0\"",
                                id.name
                            ),
                        ));
                    }
                }
            }
        }
    }
}

fn timestamp(
    value: Option<&str>,
    pointer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<OffsetDateTime> {
    let value = value?;
    match OffsetDateTime::parse(value, &Rfc3339) {
        Ok(parsed) => Some(parsed),
        Err(_) => {
            diagnostics.push(Diagnostic::new(
                &TIMESTAMP_INVALID,
                pointer,
                format!(
                    "`{value}` is not an RFC 3339 date-time; write a date, a time and an offset, \
                     such as \"2026-03-01T09:30:00Z\""
                ),
            ));
            None
        }
    }
}

fn check_references(
    references: &[Reference],
    collection: &str,
    i: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (j, reference) in references.iter().enumerate() {
        check_uri(
            &reference.url,
            &format!("/{collection}/{i}/references/{j}/url"),
            diagnostics,
        );
    }
}

/// Checks that `value` is an absolute URI: a scheme, a colon, and characters that a URI may hold.
fn check_uri(value: &str, pointer: &str, diagnostics: &mut Vec<Diagnostic>) {
    if !is_absolute_uri(value) {
        diagnostics.push(Diagnostic::new(
            &URI_INVALID,
            pointer,
            format!(
                "`{value}` is not an absolute URI; write the full address with its scheme, \
                 such as \"https://example.com/advisory\", and percent-encode spaces"
            ),
        ));
    }
}

/// Returns `true` for `scheme ":" rest` (RFC 3986, section 3) where `rest` is
/// not empty and holds no character that a URI never contains unencoded.
pub fn is_absolute_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let forbidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
    };
    scheme_ok && !rest.is_empty() && !rest.chars().any(forbidden)
}

/// Warns about a threat marked mitigated that lists no implemented or verified mitigation.
pub fn check_analysis(document: &Document, index: &Index, diagnostics: &mut Vec<Diagnostic>) {
    for (i, threat) in document.threats.iter().enumerate() {
        if threat.status != ThreatStatus::Mitigated {
            continue;
        }
        let in_place = threat.mitigations.iter().any(|id| {
            index.kind(id.as_str()) == Some(Kind::Mitigation)
                && index
                    .position(id.as_str())
                    .and_then(|position| document.mitigations.get(position))
                    .is_some_and(|m| {
                        matches!(
                            m.status,
                            MitigationStatus::Implemented | MitigationStatus::Verified
                        )
                    })
        });
        if !in_place {
            diagnostics.push(Diagnostic::new(
                &MITIGATED_WITHOUT_CONTROL,
                format!("/threats/{i}/status"),
                "the threat is marked mitigated, but none of its mitigations is implemented or verified; \
                 link the mitigation that is in place or change the status",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_absolute_uri;

    #[test]
    fn absolute_uris() {
        assert!(is_absolute_uri("https://example.com/a?b=c#d"));
        assert!(is_absolute_uri("urn:isbn:0451450523"));
        assert!(is_absolute_uri("mailto:security@example.com"));
    }

    #[test]
    fn not_absolute_uris() {
        assert!(!is_absolute_uri("example.com/page"));
        assert!(!is_absolute_uri("/relative/path"));
        assert!(!is_absolute_uri("https://example.com/a b"));
        assert!(!is_absolute_uri("1http://x"));
        assert!(!is_absolute_uri("https:"));
    }
}
