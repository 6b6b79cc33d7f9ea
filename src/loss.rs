//! Loss reports: what an operation could not carry over, and why.

use std::fmt;

use serde::Serialize;

/// How a piece of information fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LossKind {
    /// The information is not in the output at all.
    Dropped,
    /// The information is in the output, but in a changed form, such as a
    /// number mapped onto a five-step scale or an id made unique.
    Changed,
    /// The information has no TMIF member and is kept under an `x-` member.
    Kept,
}

impl fmt::Display for LossKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LossKind::Dropped => "dropped",
            LossKind::Changed => "changed",
            LossKind::Kept => "kept",
        })
    }
}

/// One entry of a loss report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Loss {
    /// The JSON Pointer of the value in the source document.
    pub pointer: String,
    /// How the value fared.
    pub kind: LossKind,
    /// Why, in words a user can act on.
    pub reason: String,
}

/// Every value of a source that was dropped, changed, or kept only as an extension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LossReport {
    /// The entries, in the order they were found.
    pub entries: Vec<Loss>,
}

impl LossReport {
    /// Creates an empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one entry.
    pub fn push(&mut self, pointer: impl Into<String>, kind: LossKind, reason: impl Into<String>) {
        self.entries.push(Loss {
            pointer: pointer.into(),
            kind,
            reason: reason.into(),
        });
    }

    /// Returns `true` when nothing was dropped or changed. Values kept under
    /// `x-` members are not losses.
    pub fn is_lossless(&self) -> bool {
        self.entries.iter().all(|loss| loss.kind == LossKind::Kept)
    }

    /// The number of entries of one kind.
    pub fn count(&self, kind: LossKind) -> usize {
        self.entries.iter().filter(|loss| loss.kind == kind).count()
    }
}
