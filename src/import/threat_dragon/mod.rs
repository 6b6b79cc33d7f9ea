//! Import of OWASP Threat Dragon models, versions 1 and 2.

use serde_json::Value;

use super::{Import, ImportError, ImportOptions, SourceFormat};

/// Tells version 1 from version 2 by structure.
pub fn version_of(value: &Value) -> Result<SourceFormat, ImportError> {
    let diagrams = value.pointer("/detail/diagrams").and_then(Value::as_array);
    let has = |key: &str| diagrams.is_some_and(|list| list.iter().any(|d| d.get(key).is_some()));
    if has("diagramJson") {
        return Ok(SourceFormat::ThreatDragonV1);
    }
    if has("cells") {
        return Ok(SourceFormat::ThreatDragonV2);
    }
    let detail = value.get("detail");
    if detail.is_some_and(|d| d.get("diagramTop").is_some() || d.get("threatTop").is_some()) {
        return Ok(SourceFormat::ThreatDragonV2);
    }
    Ok(SourceFormat::ThreatDragonV1)
}

/// Converts a Threat Dragon model.
pub fn import(value: &Value, format: SourceFormat, options: &ImportOptions) -> Result<Import, ImportError> {
    let _ = (value, options);
    Err(ImportError::Invalid {
        format,
        pointer: String::new(),
        message: "not implemented".into(),
    })
}
