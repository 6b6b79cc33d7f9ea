//! Conflicts that a three-way merge recorded in the document and that are not resolved yet.

use super::registry::MERGE_CONFLICTS_UNRESOLVED;
use crate::diagnostic::Diagnostic;
use crate::load::pointer::push_token;
use crate::merge3::CONFLICTS_MEMBER;
use crate::model::Document;
use crate::version::{self, FormatVersion, VersionSupport};

/// Warns when the document still lists the conflicts of a merge.
///
/// Documents that declare 1.0 are not checked, because version 1.0 does not
/// define the member and treats it as any other extension member.
pub fn check(document: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let read_as = match version::check(&document.tmif) {
        VersionSupport::Supported(version) => version,
        VersionSupport::NewerMinor { read_as, .. } => read_as,
        VersionSupport::UnknownMajor(_) | VersionSupport::Malformed(_) => return,
    };
    if read_as < FormatVersion::V1_1 {
        return;
    }
    let Some(value) = document.extensions.get(CONFLICTS_MEMBER) else {
        return;
    };
    let conflicts = match value.as_array().map(Vec::len) {
        Some(1) => "1 unresolved merge conflict".to_owned(),
        Some(count) => format!("{count} unresolved merge conflicts"),
        None => "unresolved merge conflicts".to_owned(),
    };
    let mut pointer = String::new();
    push_token(&mut pointer, CONFLICTS_MEMBER);
    diagnostics.push(Diagnostic::new(
        &MERGE_CONFLICTS_UNRESOLVED,
        pointer,
        format!(
            "the document lists {conflicts} from a three-way merge; check the value kept at each \
             listed pointer, then remove the member `{CONFLICTS_MEMBER}`"
        ),
    ));
}
