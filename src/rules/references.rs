//! References: every reference resolves, to an object of an allowed kind,
//! and a list names each object once.

use foldhash::{HashSet, HashSetExt};

use super::ids::{Index, Kind, quoted};
use super::registry::{FLOW_SELF_LOOP, REFERENCE_KIND, REFERENCE_REPEATED, REFERENCE_UNRESOLVED};
use crate::diagnostic::Diagnostic;
use crate::model::{Document, Id};

/// A reference member and the kinds of object it may name.
struct Target<'a> {
    member: &'a str,
    allowed: &'a [Kind],
}

const ZONE: &[Kind] = &[Kind::TrustZone];

const ELEMENT: &[Kind] = &[Kind::Element];

const ASSET: &[Kind] = &[Kind::DataAsset];

const FLOW: &[Kind] = &[Kind::DataFlow];

const MITIGATION: &[Kind] = &[Kind::Mitigation];

const AFFECTED: &[Kind] = &[
    Kind::Element,
    Kind::DataFlow,
    Kind::TrustZone,
    Kind::TrustBoundary,
    Kind::DataAsset,
];

const ASSUMED: &[Kind] = &[
    Kind::Element,
    Kind::DataFlow,
    Kind::TrustZone,
    Kind::TrustBoundary,
    Kind::DataAsset,
    Kind::Threat,
    Kind::Mitigation,
];

const ANNOTATED: &[Kind] = &[
    Kind::Document,
    Kind::Taxonomy,
    Kind::TrustZone,
    Kind::Element,
    Kind::DataFlow,
    Kind::DataAsset,
    Kind::TrustBoundary,
    Kind::Threat,
    Kind::Mitigation,
    Kind::Assumption,
    Kind::Annotation,
    Kind::View,
];

const ANNOTATION: &[Kind] = &[Kind::Annotation];

const NODE: &[Kind] = &[Kind::TrustZone, Kind::Element, Kind::TrustBoundary];

const EDGE: &[Kind] = &[Kind::DataFlow, Kind::TrustBoundary];

/// Checks references one at a time, building a pointer only for a reference that fails.
struct Resolver<'a, 'd> {
    index: &'a Index<'d>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Resolver<'_, '_> {
    fn check(&mut self, id: &Id, target: &Target, pointer: impl FnOnce() -> String) {
        match self.index.kind(id.as_str()) {
            None => self.diagnostics.push(Diagnostic::new(
                &REFERENCE_UNRESOLVED,
                pointer(),
                format!(
                    "{} is not the id of any object in this document; \
                     correct the id or add {} with this id",
                    quoted(id.as_str()),
                    describe(target.allowed)
                ),
            )),
            Some(kind) if !target.allowed.contains(&kind) => {
                self.diagnostics.push(Diagnostic::new(
                    &REFERENCE_KIND,
                    pointer(),
                    format!(
                        "{} is the id of {kind}, but `{}` must name {}",
                        quoted(id.as_str()),
                        target.member,
                        describe(target.allowed)
                    ),
                ))
            }
            Some(_) => {}
        }
    }

    fn check_all(&mut self, ids: &[Id], target: &Target, base: impl Fn() -> String) {
        for (j, id) in ids.iter().enumerate() {
            self.check(id, target, || format!("{}/{j}", base()));
        }
    }
}

/// Checks every reference in the document.
pub fn check_references(document: &Document, index: &Index, diagnostics: &mut Vec<Diagnostic>) {
    let mut resolver = Resolver { index, diagnostics };
    let zone = |member| Target {
        member,
        allowed: ZONE,
    };

    for (i, item) in document.trust_zones.iter().enumerate() {
        if let Some(parent) = &item.parent {
            resolver.check(parent, &zone("parent"), || {
                format!("/trustZones/{i}/parent")
            });
        }
    }
    for (i, item) in document.elements.iter().enumerate() {
        if let Some(id) = &item.zone {
            resolver.check(id, &zone("zone"), || format!("/elements/{i}/zone"));
        }
        if let Some(parent) = &item.parent {
            let target = Target {
                member: "parent",
                allowed: ELEMENT,
            };
            resolver.check(parent, &target, || format!("/elements/{i}/parent"));
        }
        let target = Target {
            member: "processedAssets",
            allowed: ASSET,
        };
        resolver.check_all(&item.processed_assets, &target, || {
            format!("/elements/{i}/processedAssets")
        });
        let target = Target {
            member: "storedAssets",
            allowed: ASSET,
        };
        resolver.check_all(&item.stored_assets, &target, || {
            format!("/elements/{i}/storedAssets")
        });
    }
    for (i, item) in document.data_flows.iter().enumerate() {
        let target = Target {
            member: "source",
            allowed: ELEMENT,
        };
        resolver.check(&item.source, &target, || format!("/dataFlows/{i}/source"));
        let target = Target {
            member: "target",
            allowed: ELEMENT,
        };
        resolver.check(&item.target, &target, || format!("/dataFlows/{i}/target"));
        let target = Target {
            member: "dataAssets",
            allowed: ASSET,
        };
        resolver.check_all(&item.data_assets, &target, || {
            format!("/dataFlows/{i}/dataAssets")
        });
    }
    for (i, item) in document.trust_boundaries.iter().enumerate() {
        resolver.check_all(&item.zones, &zone("zones"), || {
            format!("/trustBoundaries/{i}/zones")
        });
        let target = Target {
            member: "crossingFlows",
            allowed: FLOW,
        };
        let base = || format!("/trustBoundaries/{i}/crossingFlows");
        resolver.check_all(&item.crossing_flows, &target, base);
    }
    for (i, item) in document.threats.iter().enumerate() {
        let target = Target {
            member: "affects",
            allowed: AFFECTED,
        };
        resolver.check_all(&item.affects, &target, || format!("/threats/{i}/affects"));
        let target = Target {
            member: "mitigations",
            allowed: MITIGATION,
        };
        resolver.check_all(&item.mitigations, &target, || {
            format!("/threats/{i}/mitigations")
        });
    }
    for (i, item) in document.assumptions.iter().enumerate() {
        let target = Target {
            member: "affects",
            allowed: ASSUMED,
        };
        resolver.check_all(&item.affects, &target, || {
            format!("/assumptions/{i}/affects")
        });
    }
    for (i, item) in document.annotations.iter().enumerate() {
        let target = Target {
            member: "about",
            allowed: ANNOTATED,
        };
        resolver.check_all(&item.about, &target, || format!("/annotations/{i}/about"));
        if let Some(reply_to) = &item.reply_to {
            let target = Target {
                member: "replyTo",
                allowed: ANNOTATION,
            };
            resolver.check(reply_to, &target, || format!("/annotations/{i}/replyTo"));
        }
    }
    for (i, view) in document.views.iter().enumerate() {
        for (j, node) in view.nodes.iter().enumerate() {
            let target = Target {
                member: "object",
                allowed: NODE,
            };
            resolver.check(&node.object, &target, || {
                format!("/views/{i}/nodes/{j}/object")
            });
        }
        for (j, edge) in view.edges.iter().enumerate() {
            let target = Target {
                member: "object",
                allowed: EDGE,
            };
            resolver.check(&edge.object, &target, || {
                format!("/views/{i}/edges/{j}/object")
            });
        }
    }

    check_repeats(document, diagnostics);
    for (i, flow) in document.data_flows.iter().enumerate() {
        if flow.source == flow.target {
            diagnostics.push(Diagnostic::new(
                &FLOW_SELF_LOOP,
                format!("/dataFlows/{i}/target"),
                format!(
                    "the flow starts and ends at {}; model the data's real destination \
                     or describe the internal processing on the element instead",
                    quoted(flow.source.as_str())
                ),
            ));
        }
    }
}

/// Warns about a reference list that names one object twice.
fn check_repeats(document: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let mut check = |base: &dyn Fn() -> String, ids: &[Id]| {
        if ids.len() < 2 {
            return;
        }
        let mut seen = HashSet::with_capacity(ids.len());
        for (j, id) in ids.iter().enumerate() {
            if !seen.insert(id.as_str()) {
                diagnostics.push(Diagnostic::new(
                    &REFERENCE_REPEATED,
                    format!("{}/{j}", base()),
                    format!(
                        "{} is listed more than once; remove the repeated entry",
                        quoted(id.as_str())
                    ),
                ));
            }
        }
    };
    for (i, element) in document.elements.iter().enumerate() {
        check(
            &|| format!("/elements/{i}/processedAssets"),
            &element.processed_assets,
        );
        check(
            &|| format!("/elements/{i}/storedAssets"),
            &element.stored_assets,
        );
    }
    for (i, flow) in document.data_flows.iter().enumerate() {
        check(&|| format!("/dataFlows/{i}/dataAssets"), &flow.data_assets);
    }
    for (i, boundary) in document.trust_boundaries.iter().enumerate() {
        check(&|| format!("/trustBoundaries/{i}/zones"), &boundary.zones);
        check(
            &|| format!("/trustBoundaries/{i}/crossingFlows"),
            &boundary.crossing_flows,
        );
    }
    for (i, threat) in document.threats.iter().enumerate() {
        check(&|| format!("/threats/{i}/affects"), &threat.affects);
        check(&|| format!("/threats/{i}/mitigations"), &threat.mitigations);
    }
    for (i, assumption) in document.assumptions.iter().enumerate() {
        check(&|| format!("/assumptions/{i}/affects"), &assumption.affects);
    }
    for (i, annotation) in document.annotations.iter().enumerate() {
        check(&|| format!("/annotations/{i}/about"), &annotation.about);
    }
}

fn describe(kinds: &[Kind]) -> String {
    let names: Vec<String> = kinds.iter().map(Kind::to_string).collect();
    match names.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
