//! Import of Open Threat Model (OTM) files, versions 0.1.0 and 0.2.0.

use serde_json::Value;

use super::{Import, ImportError, ImportOptions, SourceFormat};

/// Converts an OTM model.
pub fn import(value: &Value, options: &ImportOptions) -> Result<Import, ImportError> {
    let _ = (value, options);
    Err(ImportError::Invalid {
        format: SourceFormat::Otm,
        pointer: String::new(),
        message: "not implemented".into(),
    })
}
