//! Migration of documents between format versions.
//!
//! A migration is a chain of steps, each joining two adjacent versions and
//! named after them. Moving up is lossless, because a minor version only
//! adds optional members. Moving down removes what the older version
//! cannot hold and lists each removed member in a [`LossReport`].

use crate::loss::{LossKind, LossReport};
use crate::model::{Document, members_newer_than, remove_members_newer_than};
use crate::version::{self, FormatVersion, VersionSupport};

/// A finished migration.
#[derive(Debug, Clone, PartialEq)]
pub struct Migration {
    /// The document in the target version.
    pub document: Document,
    /// The version the document was in.
    pub from: FormatVersion,
    /// The version the document is in now.
    pub to: FormatVersion,
    /// Every member that was removed on the way, by its pointer in the input.
    pub losses: LossReport,
}

/// Why a migration cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// The document's `tmif` member names no version this build implements.
    #[error(
        "the document declares TMIF {found}, which this implementation cannot migrate; it migrates between versions {supported}"
    )]
    UnsupportedVersion {
        /// The declared version.
        found: String,
        /// The versions this build implements, as text.
        supported: String,
    },
}

/// Migrates `document` to version `to`.
///
/// The document must declare a version this build implements. Every step
/// between its version and `to` runs in order; the loss report is empty
/// when the target version can hold everything.
///
/// ```
/// use tmif::migrate::migrate;
/// use tmif::model::{Document, Tlp};
/// use tmif::FormatVersion;
///
/// let mut document = Document::new("shop", "Web shop");
/// document.tmif = "1.1.0".into();
/// document.classification = Some(Tlp::Amber);
/// let down = migrate(document, FormatVersion::V1_0).unwrap();
/// assert_eq!(down.document.tmif, "1.0.0");
/// assert_eq!(down.losses.entries[0].pointer, "/classification");
/// ```
pub fn migrate(document: Document, to: FormatVersion) -> Result<Migration, MigrateError> {
    let from = match version::check(&document.tmif) {
        VersionSupport::Supported(version) => version,
        _ => {
            return Err(MigrateError::UnsupportedVersion {
                found: document.tmif.clone(),
                supported: version::supported_list(),
            });
        }
    };
    let mut document = document;
    let mut losses = LossReport::new();
    let mut at = from;
    while at != to {
        at = if at < to {
            step_up(&mut document, at)
        } else {
            step_down(&mut document, at, &mut losses)
        };
    }
    // A document built in code can declare a version and still hold members
    // that only a later version defines. The target version cannot hold
    // them either, so they are removed and reported like a downgrade's.
    drop_members_newer_than(&mut document, to, &mut losses);
    // A migration to the version the document is in still writes the
    // version's own string, so `1.0.3` comes out as `1.0.0`.
    document.tmif = to.as_str().to_owned();
    Ok(Migration {
        document,
        from,
        to,
        losses,
    })
}

/// Runs the step from `at` to the next version up and returns that version.
fn step_up(document: &mut Document, at: FormatVersion) -> FormatVersion {
    match at {
        FormatVersion::V1_0 => v1_0_to_v1_1(document),
        FormatVersion::V1_1 => FormatVersion::V1_1,
    }
}

/// Runs the step from `at` to the next version down and returns that version.
fn step_down(document: &mut Document, at: FormatVersion, losses: &mut LossReport) -> FormatVersion {
    match at {
        FormatVersion::V1_1 => v1_1_to_v1_0(document, losses),
        FormatVersion::V1_0 => FormatVersion::V1_0,
    }
}

/// Upgrades 1.0 to 1.1. Every 1.0 document is a 1.1 document, so only the version changes.
fn v1_0_to_v1_1(document: &mut Document) -> FormatVersion {
    document.tmif = FormatVersion::V1_1.as_str().to_owned();
    FormatVersion::V1_1
}

/// Downgrades 1.1 to 1.0: removes classification labels, annotations and
/// revision metadata, which 1.0 has no members for.
fn v1_1_to_v1_0(document: &mut Document, losses: &mut LossReport) -> FormatVersion {
    drop_members_newer_than(document, FormatVersion::V1_0, losses);
    document.tmif = FormatVersion::V1_0.as_str().to_owned();
    FormatVersion::V1_0
}

/// Removes every member that `version` does not define and records each in `losses`.
fn drop_members_newer_than(
    document: &mut Document,
    version: FormatVersion,
    losses: &mut LossReport,
) {
    for pointer in members_newer_than(document, version) {
        let reason = match pointer.rsplit('/').next().unwrap_or_default() {
            "classification" => "TMIF 1.0 has no classification labels",
            "annotations" => "TMIF 1.0 has no annotations",
            "revision" => "TMIF 1.0 has no revision metadata",
            "redaction" => "TMIF 1.0 has no redaction mark",
            _ => "TMIF 1.0 does not define this member",
        };
        losses.push(pointer, LossKind::Dropped, reason);
    }
    remove_members_newer_than(document, version);
}
