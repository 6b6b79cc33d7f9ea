//! Detects the format of a source file from its structure.

use serde_json::Value;

use super::{ImportError, SourceFormat};

/// Returns the format whose structure `value` has.
///
/// - OTM: a `project` object beside `otmVersion` or one of the OTM collections
///   (`trustZones`, `components`, `dataflows`).
/// - Threat Dragon: a `summary` or `detail` member, or members named close
///   to both, such as `summarize` and `details`. A damaged model gets an
///   error that names the member to fix rather than an unknown format.
///   Version 1 keeps a diagram's cells under `diagramJson`, version 2
///   directly under `cells`; a model without either is version 2 when it
///   has the version 2 counters `diagramTop` or `threatTop`, and version 1
///   otherwise.
///
/// XML text, such as a Microsoft Threat Modeling Tool `.tm7` file, reads as
/// YAML into one string, so a string root that starts with `<` is reported
/// as XML.
pub fn detect(value: &Value) -> Result<SourceFormat, ImportError> {
    if let Value::String(text) = value {
        if looks_like_xml(text) {
            return Err(xml_error());
        }
    }
    let Value::Object(root) = value else {
        return Err(ImportError::UnknownFormat {
            reason: format!(
                "the root is {}, not an object",
                crate::shape::json_type(value)
            ),
        });
    };
    let otm_collections = ["trustZones", "components", "dataflows"];
    if root.get("project").is_some_and(Value::is_object)
        && (root.contains_key("otmVersion")
            || otm_collections.iter().any(|key| root.contains_key(*key)))
    {
        return Ok(SourceFormat::Otm);
    }
    if root.contains_key("otmVersion") {
        return Ok(SourceFormat::Otm);
    }
    if super::threat_dragon::looks_like(root) {
        return super::threat_dragon::version_of(value);
    }
    let reason = if root.contains_key("project") {
        "it has a `project` object but no `otmVersion` member, which every OTM file needs; \
         add `otmVersion: 0.2.0` if it is an OTM file"
            .to_owned()
    } else if root.contains_key("tmif") {
        "it is already a TMIF document; validate it with `tmif validate`".to_owned()
    } else {
        let found: Vec<&str> = root.keys().map(String::as_str).take(8).collect();
        format!(
            "expected OTM members (`otmVersion`, `project`) or Threat Dragon members \
             (`summary`, `detail`), found {}",
            if found.is_empty() {
                "an empty object".to_owned()
            } else {
                format!("`{}`", found.join("`, `"))
            }
        )
    };
    Err(ImportError::UnknownFormat { reason })
}

/// Rejects XML before it is parsed as JSON or YAML, which would report a
/// syntax error instead of saying what the file is.
pub(super) fn reject_xml(bytes: &[u8]) -> Result<(), ImportError> {
    let start = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let first = start.iter().find(|byte| !byte.is_ascii_whitespace());
    if first == Some(&b'<') {
        Err(xml_error())
    } else {
        Ok(())
    }
}

fn xml_error() -> ImportError {
    ImportError::UnknownFormat {
        reason:
            "the file is XML; Microsoft Threat Modeling Tool (.tm7) files are not supported yet"
                .to_owned(),
    }
}

/// Returns `true` for text whose first character after white space and a
/// byte-order mark is `<`, as in every XML document.
fn looks_like_xml(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_string_root_reported() {
        for text in [
            "<ThreatModel/>",
            "  \n<?xml version=\"1.0\"?>",
            "\u{feff}<a>",
        ] {
            let error = detect(&Value::String(text.to_owned())).unwrap_err();
            assert!(
                error.to_string().contains("the file is XML"),
                "{text:?}: {error}"
            );
        }
    }

    #[test]
    fn plain_string_root_not_xml() {
        let error = detect(&Value::String("hello".to_owned())).unwrap_err();
        assert!(error.to_string().contains("the root is string"), "{error}");
    }
}
