//! Import of threat models written by other tools.
//!
//! The source format is detected by the structure of the file, never by its
//! name or a version label: Threat Dragon files keep the version of the
//! release that first saved them, and some have none.
//!
//! Ids are derived deterministically from the source, so importing the same
//! file twice gives identical output and an object keeps its id between two
//! revisions of the source. Everything the source holds that TMIF has no
//! place for is listed in a [`LossReport`]; with
//! [`ImportOptions::keep_unmapped`] it is also kept under `x-` members.

mod detect;
mod otm;
mod source;
mod threat_dragon;

use std::fmt;

use crate::diagnostic::Diagnostic;
use crate::load::Syntax;
use crate::model::Document;

pub use crate::loss::{Loss, LossKind, LossReport};
pub use detect::detect;

/// The formats this crate imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceFormat {
    /// OWASP Threat Dragon 1.x: JointJS cells under `detail.diagrams[].diagramJson.cells`.
    ThreatDragonV1,
    /// OWASP Threat Dragon 2.x: AntV X6 cells under `detail.diagrams[].cells`.
    ThreatDragonV2,
    /// Open Threat Model (OTM) 0.1.0 or 0.2.0, in JSON or YAML.
    Otm,
}

impl SourceFormat {
    /// A short name, as the command line spells it in reports.
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::ThreatDragonV1 => "Threat Dragon v1",
            SourceFormat::ThreatDragonV2 => "Threat Dragon v2",
            SourceFormat::Otm => "OTM",
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which format to read the source as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FormatChoice {
    /// Detect the format from the structure of the file.
    #[default]
    Auto,
    /// Threat Dragon, version 1 or 2 detected from the structure.
    ThreatDragon,
    /// Open Threat Model.
    Otm,
}

/// Options of an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Which format to read the source as.
    pub from: FormatChoice,
    /// Keep source data that has no TMIF member under `x-` extension members,
    /// so that nothing is lost.
    pub keep_unmapped: bool,
}

/// A finished import.
#[derive(Debug, Clone)]
pub struct Import {
    /// The TMIF document.
    pub document: Document,
    /// The format the source was read as.
    pub source: SourceFormat,
    /// Everything that was dropped or changed on the way.
    pub losses: LossReport,
}

/// Why an import failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The source is not well-formed JSON or YAML.
    #[error("{0}")]
    Syntax(Diagnostic),
    /// The structure matches no supported format.
    #[error("the file is not a Threat Dragon or OTM model: {reason}")]
    UnknownFormat {
        /// What the file lacks.
        reason: String,
    },
    /// The file has the format's structure but breaks one of its rules.
    #[error("invalid {format} model at {pointer}: {message}")]
    Invalid {
        /// The format the file was read as.
        format: SourceFormat,
        /// The JSON Pointer of the offending value in the source.
        pointer: String,
        /// What is wrong and how to fix it.
        message: String,
    },
}

/// Imports a threat model from `bytes`.
pub fn import(
    bytes: &[u8],
    syntax: Syntax,
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    detect::reject_xml(bytes)?;
    let value = source::read(bytes, syntax)?;
    let format = match options.from {
        FormatChoice::Auto => detect(&value)?,
        FormatChoice::ThreatDragon => match detect(&value) {
            Ok(format @ (SourceFormat::ThreatDragonV1 | SourceFormat::ThreatDragonV2)) => format,
            _ => threat_dragon::version_of(&value)?,
        },
        FormatChoice::Otm => SourceFormat::Otm,
    };
    match format {
        SourceFormat::ThreatDragonV1 | SourceFormat::ThreatDragonV2 => {
            threat_dragon::import(&value, format, options)
        }
        SourceFormat::Otm => otm::import(&value, options),
    }
}
