//! OTM dataflows and assets.

use super::rating;
use super::read::{Node, Owned, invalid};
use super::threats::Instance;
use super::{Context, Extras, ImportError, Index, dedup};
use crate::model::{DataAsset, DataFlow, Extensions, Id};

const FLOW_MEMBERS: &[&str] = &[
    "id",
    "name",
    "description",
    "bidirectional",
    "source",
    "destination",
    "assets",
    "threats",
    "tags",
];

const ASSET_MEMBERS: &[&str] = &["id", "name", "description", "risk"];

/// The data flows, and the threat instances found on them.
pub struct Flows<'a> {
    pub flows: Vec<DataFlow>,
    pub threat_instances: Vec<Instance<'a>>,
}

/// Converts `dataflows`.
///
/// An endpoint that names no component and no trust zone is an error. An
/// endpoint that names a trust zone passes OTM's validator, but a TMIF data
/// flow connects two elements. Such a flow is therefore dropped together with
/// its threat instances, and the loss report lists it. With `keep_unmapped`,
/// the document's `x-otm` keeps it.
pub fn import<'a>(
    cx: &mut Context,
    items: &[Owned<'a>],
    ids: Vec<Id>,
    index: &Index,
    root_extras: &mut Extras,
) -> Result<Flows<'a>, ImportError> {
    let mut flows = Vec::with_capacity(items.len());
    let mut threat_instances = Vec::new();
    for (item, id) in items.iter().zip(ids) {
        let node = item.node();
        let source = endpoint(index, node, "source")?;
        let target = endpoint(index, node, "destination")?;
        let (source, target) = match (source, target) {
            (Endpoint::Element(source), Endpoint::Element(target)) => (source, target),
            (Endpoint::Zone(zone), _) | (_, Endpoint::Zone(zone)) => {
                let reason = format!(
                    "the flow starts or ends at trust zone `{zone}`, but a TMIF data flow \
                     connects two elements; the flow and its threat instances are not imported"
                );
                let value = serde_json::Value::Object(item.map.clone());
                cx.unmapped(root_extras, &item.pointer, &value, &reason);
                continue;
            }
        };
        let mut extras = Extras::new(&item.pointer);
        let mut flow = DataFlow {
            classification: None,
            id: id.clone(),
            name: node.str("name")?.map(str::to_owned),
            description: node.str("description")?.map(str::to_owned),
            source,
            target,
            bidirectional: node.bool("bidirectional")?.unwrap_or(false),
            protocol: None,
            data_assets: Vec::new(),
            authentication: None,
            encryption: None,
            tags: node.strings("tags")?,
            extensions: Extensions::new(),
        };
        for (otm_id, pointer) in node.ids("assets")? {
            match index.assets.get(&otm_id) {
                Some(asset) => flow.data_assets.push(asset.clone()),
                None => {
                    let reason = format!("asset `{otm_id}` does not exist in the file");
                    cx.unmapped(&mut extras, &pointer, &otm_id.into(), &reason);
                }
            }
        }
        dedup(&mut flow.data_assets);
        for instance in node.objects("threats", "a threat instance")? {
            threat_instances.push(Instance {
                node: instance,
                target: id.clone(),
            });
        }
        cx.rest(node, FLOW_MEMBERS, &mut extras, "a dataflow");
        extras.apply(&mut flow.extensions);
        flows.push(flow);
    }
    Ok(Flows {
        flows,
        threat_instances,
    })
}

enum Endpoint {
    Element(Id),
    Zone(String),
}

/// Resolves `source` or `destination`: a component first, then a trust zone.
fn endpoint(index: &Index, flow: Node, key: &str) -> Result<Endpoint, ImportError> {
    let otm_id = flow.required_id(key, "a dataflow")?;
    if let Some(id) = index.components.get(&otm_id) {
        return Ok(Endpoint::Element(id.clone()));
    }
    if index.zones.contains_key(&otm_id) {
        return Ok(Endpoint::Zone(otm_id));
    }
    Err(invalid(
        flow.at(key),
        format!(
            "dataflow {key} `{otm_id}` is not the id of any component or trust zone; \
             add a component with this id or correct `{key}`"
        ),
    ))
}

/// Converts `assets`. OTM rates confidentiality, integrity and availability
/// from 0 to 100, and TMIF uses five equal bands of that range (see
/// [`crate::model::Rating::from_percent`]). Each mapped number is a loss entry.
pub fn assets(
    cx: &mut Context,
    items: &[Owned],
    ids: Vec<Id>,
) -> Result<Vec<DataAsset>, ImportError> {
    let mut assets = Vec::with_capacity(items.len());
    for (item, id) in items.iter().zip(ids) {
        let node = item.node();
        let mut extras = Extras::new(&item.pointer);
        let mut asset = DataAsset {
            classification: None,
            id,
            name: node.required_str("name", "an asset")?.to_owned(),
            description: node.str("description")?.map(str::to_owned),
            sensitivity: None,
            confidentiality: None,
            integrity: None,
            availability: None,
            tags: Vec::new(),
            extensions: Extensions::new(),
        };
        if let Some(risk) = node.object("risk")? {
            let risk = risk.node();
            asset.confidentiality = rating(cx, risk, "confidentiality")?;
            asset.integrity = rating(cx, risk, "integrity")?;
            asset.availability = rating(cx, risk, "availability")?;
            for (key, value) in risk.rest(&["confidentiality", "integrity", "availability"]) {
                let reason = if key == "comment" || key == "riskComments" {
                    "TMIF data assets have no member for a comment on their rating".to_owned()
                } else {
                    format!(
                        "`{key}` is not an OTM member of an asset's risk, and TMIF has no place for it"
                    )
                };
                cx.unmapped(&mut extras, &risk.at(key), value, &reason);
            }
        }
        cx.rest(node, ASSET_MEMBERS, &mut extras, "an asset");
        extras.apply(&mut asset.extensions);
        assets.push(asset);
    }
    Ok(assets)
}
