//! OTM mitigations. Their status comes from the `state` of the mitigation
//! instances inside threat instances, since OTM definitions have none.

use std::collections::{BTreeMap, HashMap};

use super::classify::mitigation_status;
use super::read::{Node, Owned};
use super::{Context, Extras, ImportError, claim_all};
use crate::model::{Extensions, Id, Mitigation, MitigationStatus};

const MITIGATION_MEMBERS: &[&str] = &["id", "name", "description"];

/// The mitigation definitions with the TMIF ids they were given.
pub struct Definitions<'a> {
    items: Vec<Owned<'a>>,
    ids: Vec<Id>,
    by_otm_id: HashMap<String, usize>,
}

impl Definitions<'_> {
    /// Returns the position and TMIF id of the mitigation with OTM id `otm_id`.
    pub fn get(&self, otm_id: &str) -> Option<(usize, &Id)> {
        let index = *self.by_otm_id.get(otm_id)?;
        Some((index, self.ids.get(index)?))
    }
}

/// The states that mitigation instances give, by position of the mitigation.
#[derive(Debug, Default)]
pub struct States {
    by_mitigation: BTreeMap<usize, Vec<(String, String)>>,
}

impl States {
    /// Records `state`, found at `pointer`, for the mitigation at `index`.
    pub fn record(&mut self, index: usize, state: &str, pointer: String) {
        self.by_mitigation
            .entry(index)
            .or_default()
            .push((state.to_owned(), pointer));
    }
}

/// Reads `mitigations` and gives each a document-wide id.
pub fn collect<'a>(cx: &mut Context, root: Node<'a, '_>) -> Result<Definitions<'a>, ImportError> {
    let items = root.objects("mitigations", "a mitigation")?;
    let (ids, by_otm_id) = claim_all(cx, &items, "mitigation", "mitigation")?;
    Ok(Definitions {
        items,
        ids,
        by_otm_id,
    })
}

/// Creates the TMIF mitigations.
///
/// When the instances of one mitigation give different states, it gets the
/// least advanced of their statuses, in the order rejected, proposed,
/// planned, implemented. The mitigation then claims no more than each of its
/// instances does, and each instance whose state differs is a loss entry.
/// A mitigation that no instance gives a state is `proposed`.
pub fn finish(
    cx: &mut Context,
    definitions: Definitions,
    states: &States,
) -> Result<Vec<Mitigation>, ImportError> {
    let mut mitigations = Vec::with_capacity(definitions.items.len());
    for (index, (item, id)) in definitions.items.iter().zip(definitions.ids).enumerate() {
        let node = item.node();
        let mut extras = Extras::new(&item.pointer);
        let found = states
            .by_mitigation
            .get(&index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let status = status_of(cx, found, &item.pointer);
        if let Some(reduction) = node.get("riskReduction") {
            let reason = "TMIF mitigations have no member for the risk reduction";
            cx.unmapped(&mut extras, &node.at("riskReduction"), reduction, reason);
        }
        let mut mitigation = Mitigation {
            classification: None,
            id,
            title: node.required_str("name", "a mitigation")?.to_owned(),
            description: node.str("description")?.map(str::to_owned),
            status,
            references: Vec::new(),
            tags: Vec::new(),
            extensions: Extensions::new(),
        };
        let mut known = MITIGATION_MEMBERS.to_vec();
        known.push("riskReduction");
        cx.rest(node, &known, &mut extras, "a mitigation");
        extras.apply(&mut mitigation.extensions);
        mitigations.push(mitigation);
    }
    Ok(mitigations)
}

fn status_of(cx: &mut Context, found: &[(String, String)], pointer: &str) -> MitigationStatus {
    let mut statuses = Vec::with_capacity(found.len());
    for (state, state_pointer) in found {
        let status = mitigation_status(state).unwrap_or_else(|| {
            cx.changed(
                state_pointer,
                format!("state \"{state}\" has no TMIF counterpart; it counts as `proposed`"),
            );
            MitigationStatus::Proposed
        });
        statuses.push(status);
    }
    let Some(chosen) = statuses.iter().copied().min_by_key(|status| rank(*status)) else {
        cx.changed(
            pointer,
            "no threat instance gives this mitigation a state; its status is `proposed`",
        );
        return MitigationStatus::Proposed;
    };
    for ((state, state_pointer), status) in found.iter().zip(&statuses) {
        if *status != chosen {
            cx.changed(
                state_pointer,
                format!(
                    "the instances of this mitigation disagree about its state; TMIF keeps one \
                     status per mitigation, the least advanced one, `{}`, not \"{state}\"",
                    name(chosen)
                ),
            );
        }
    }
    chosen
}

fn rank(status: MitigationStatus) -> u8 {
    match status {
        MitigationStatus::Rejected => 0,
        MitigationStatus::Proposed => 1,
        MitigationStatus::Planned => 2,
        MitigationStatus::Implemented => 3,
        MitigationStatus::Verified => 4,
    }
}

fn name(status: MitigationStatus) -> &'static str {
    match status {
        MitigationStatus::Proposed => "proposed",
        MitigationStatus::Planned => "planned",
        MitigationStatus::Implemented => "implemented",
        MitigationStatus::Verified => "verified",
        MitigationStatus::Rejected => "rejected",
    }
}
