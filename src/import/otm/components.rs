//! OTM components, which become TMIF elements.

use std::collections::HashMap;

use super::read::{Node, Owned, invalid};
use super::threats::Instance;
use super::{Context, Extras, ImportError, Index, Object, dedup};
use crate::model::{Element, ElementKind, Extensions, Id};

const COMPONENT_MEMBERS: &[&str] = &[
    "id",
    "name",
    "type",
    "description",
    "parent",
    "representations",
    "assets",
    "threats",
    "tags",
];

/// The elements, and the threat instances found on them.
pub struct Components<'a> {
    pub elements: Vec<Element>,
    pub threat_instances: Vec<Instance<'a>>,
}

/// Converts `components`. A component's `representations` are read by the views.
///
/// A component inside another component gets the other one as `parent` and
/// the trust zone of the nearest ancestor that sits in one as `zone`.
pub fn import<'a>(
    cx: &mut Context,
    items: &[Owned<'a>],
    ids: Vec<Id>,
    index: &mut Index,
) -> Result<Components<'a>, ImportError> {
    let mut elements = Vec::with_capacity(items.len());
    let mut threat_instances = Vec::new();
    // For each component inside another: the OTM id of the other, and the pointer naming it.
    let mut parents: HashMap<String, (String, String)> = HashMap::new();
    let mut otm_ids = Vec::with_capacity(items.len());
    for (item, id) in items.iter().zip(ids) {
        let node = item.node();
        let mut extras = Extras::new(&item.pointer);
        let otm_id = node.required_id("id", "a component")?;
        let name = node.required_str("name", "a component")?;
        let element_type = node.str("type")?;
        let mut element = Element {
            classification: None,
            id: id.clone(),
            name: name.to_owned(),
            kind: infer_kind(element_type, name),
            element_type: element_type.map(str::to_owned),
            description: node.str("description")?.map(str::to_owned),
            zone: None,
            parent: None,
            processed_assets: Vec::new(),
            stored_assets: Vec::new(),
            out_of_scope: false,
            out_of_scope_reason: None,
            tags: node.strings("tags")?,
            extensions: Extensions::new(),
        };
        if let Some(parent) = node.object("parent")? {
            match read_parent(index, parent.node())? {
                Parent::Zone(otm_zone, zone) => {
                    index
                        .parents
                        .insert(Object::Component(otm_id.clone()), Object::Zone(otm_zone));
                    element.zone = Some(zone);
                }
                Parent::Component(otm_parent, parent_id) => {
                    let object = Object::Component(otm_parent.clone());
                    index
                        .parents
                        .insert(Object::Component(otm_id.clone()), object);
                    parents.insert(otm_id.clone(), (otm_parent, parent.node().at("component")));
                    element.parent = Some(parent_id);
                }
            }
        }
        if let Some(assets) = node.object("assets")? {
            let assets = assets.node();
            element.processed_assets = asset_refs(cx, index, assets, "processed", &mut extras)?;
            element.stored_assets = asset_refs(cx, index, assets, "stored", &mut extras)?;
            cx.rest(
                assets,
                &["processed", "stored"],
                &mut extras,
                "a component's assets",
            );
        }
        for instance in node.objects("threats", "a threat instance")? {
            threat_instances.push(Instance {
                node: instance,
                target: id.clone(),
            });
        }
        cx.rest(node, COMPONENT_MEMBERS, &mut extras, "a component");
        extras.apply(&mut element.extensions);
        otm_ids.push(otm_id);
        elements.push(element);
    }
    inherit_zones(&parents, &otm_ids, &mut elements)?;
    Ok(Components {
        elements,
        threat_instances,
    })
}

enum Parent {
    Zone(String, Id),
    Component(String, Id),
}

/// Reads a component's `parent`, which names exactly one existing trust zone or component.
fn read_parent(index: &Index, parent: Node) -> Result<Parent, ImportError> {
    let zone = parent.id("trustZone")?;
    let component = parent.id("component")?;
    match (zone, component) {
        (Some(_), Some(_)) => Err(invalid(
            parent.pointer,
            "a component's parent names either a `trustZone` or a `component`, not both; \
             keep the one the component sits in directly",
        )),
        (None, None) => Err(invalid(
            parent.pointer,
            "a component's parent must name a `trustZone` or a `component`; add one",
        )),
        (Some(zone), None) => match index.zones.get(&zone) {
            Some(id) => Ok(Parent::Zone(zone, id.clone())),
            None => {
                let hint = if index.components.contains_key(&zone) {
                    format!("`{zone}` is a component; write `component: {zone}` instead")
                } else {
                    "add a trust zone with this id or correct the reference".to_owned()
                };
                Err(invalid(
                    parent.at("trustZone"),
                    format!("parent trust zone `{zone}` does not exist; {hint}"),
                ))
            }
        },
        (None, Some(component)) => match index.components.get(&component) {
            Some(id) => Ok(Parent::Component(component, id.clone())),
            None => {
                let hint = if index.zones.contains_key(&component) {
                    format!("`{component}` is a trust zone; write `trustZone: {component}` instead")
                } else {
                    "add a component with this id or correct the reference".to_owned()
                };
                Err(invalid(
                    parent.at("component"),
                    format!("parent component `{component}` does not exist; {hint}"),
                ))
            }
        },
    }
}

/// Reads one list of asset ids. An id that names no asset is dropped with a
/// loss entry, as OTM's own validator does not check asset references.
fn asset_refs(
    cx: &mut Context,
    index: &Index,
    assets: Node,
    key: &str,
    extras: &mut Extras,
) -> Result<Vec<Id>, ImportError> {
    let mut ids = Vec::new();
    for (otm_id, pointer) in assets.ids(key)? {
        match index.assets.get(&otm_id) {
            Some(id) => ids.push(id.clone()),
            None => {
                let reason = format!("asset `{otm_id}` does not exist in the file");
                cx.unmapped(extras, &pointer, &otm_id.into(), &reason);
            }
        }
    }
    dedup(&mut ids);
    Ok(ids)
}

/// Gives each component inside another the zone of its nearest zoned
/// ancestor, and fails on a cycle of component parents.
fn inherit_zones(
    parents: &HashMap<String, (String, String)>,
    otm_ids: &[String],
    elements: &mut [Element],
) -> Result<(), ImportError> {
    let zones: HashMap<&str, Option<Id>> = otm_ids
        .iter()
        .zip(elements.iter())
        .map(|(otm_id, element)| (otm_id.as_str(), element.zone.clone()))
        .collect();
    for (otm_id, element) in otm_ids.iter().zip(elements.iter_mut()) {
        let mut chain = vec![otm_id.as_str()];
        let mut current = otm_id.as_str();
        while let Some((parent, pointer)) = parents.get(current) {
            if chain.contains(&parent.as_str()) {
                chain.push(parent);
                return Err(invalid(
                    pointer.clone(),
                    format!(
                        "the component parents form a cycle ({}); remove one of these parents",
                        chain.join(" → ")
                    ),
                ));
            }
            chain.push(parent);
            current = parent;
            if let Some(Some(zone)) = zones.get(current) {
                if element.zone.is_none() {
                    element.zone = Some(zone.clone());
                }
                break;
            }
        }
    }
    Ok(())
}

/// Infers the role of a component in a data-flow diagram, which OTM does not record.
///
/// The component's `type` decides first and its name only when the type
/// gives no hint. Both are split into lowercase words at every character
/// that is not a letter or digit.
///
/// - A word from [`STORE_WORDS`] (`database`, `db`, `sql`, `postgresql`,
///   `storage`, `bucket`, `s3`, `queue`, `cache`, `redis`, `file`, ...)
///   makes a data store. In a type, so does a word that contains one of
///   [`STORE_PARTS`], such as `azuresql`.
/// - Otherwise a word from [`EXTERNAL_WORDS`] (`browser`, `user`, `client`,
///   `mobile`, `actor`, `external`, ...) or the pair `third party` makes an
///   external entity.
/// - Every other component is a process.
pub fn infer_kind(element_type: Option<&str>, name: &str) -> ElementKind {
    element_type
        .and_then(|text| kind_from_words(text, true))
        .or_else(|| kind_from_words(name, false))
        .unwrap_or(ElementKind::Process)
}

const STORE_WORDS: &[&str] = &[
    "database",
    "databases",
    "db",
    "sql",
    "nosql",
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mssql",
    "sqlite",
    "mongo",
    "mongodb",
    "dynamodb",
    "cosmosdb",
    "cassandra",
    "redis",
    "memcached",
    "cache",
    "storage",
    "store",
    "datastore",
    "bucket",
    "s3",
    "blob",
    "queue",
    "sqs",
    "kafka",
    "rabbitmq",
    "file",
    "files",
    "filesystem",
    "disk",
    "volume",
    "table",
];

const STORE_PARTS: &[&str] = &["sql", "database", "storage", "bucket", "queue", "cache"];

const EXTERNAL_WORDS: &[&str] = &[
    "browser",
    "user",
    "users",
    "client",
    "clients",
    "mobile",
    "android",
    "ios",
    "phone",
    "actor",
    "external",
    "thirdparty",
    "person",
    "human",
    "partner",
];

fn kind_from_words(text: &str, is_type: bool) -> Option<ElementKind> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let third_party = words.windows(2).any(|pair| pair == ["third", "party"]);
    let is_store = words.iter().any(|word| {
        STORE_WORDS.contains(word)
            || (is_type && STORE_PARTS.iter().any(|part| word.contains(part)))
    });
    if is_store {
        return Some(ElementKind::DataStore);
    }
    if third_party || words.iter().any(|word| EXTERNAL_WORDS.contains(word)) {
        return Some(ElementKind::ExternalEntity);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_real_types() {
        let cases = [
            (
                Some("CD-MICROSOFT-AZURE-DB-POSTGRESQL"),
                "Accounting",
                ElementKind::DataStore,
            ),
            (Some("azure-storage"), "Files", ElementKind::DataStore),
            (Some("dynamodb"), "Orders", ElementKind::DataStore),
            (
                Some("web-client"),
                "Web Client",
                ElementKind::ExternalEntity,
            ),
            (
                Some("android-device-client"),
                "Mobile",
                ElementKind::ExternalEntity,
            ),
            (Some("web-service"), "Public API", ElementKind::Process),
            (Some("load-balancer"), "LB", ElementKind::Process),
            (
                Some("empty-component"),
                "Third party API",
                ElementKind::ExternalEntity,
            ),
            (
                Some("code-class"),
                "Class CustomerDatabase",
                ElementKind::Process,
            ),
            (None, "Redis cache", ElementKind::DataStore),
        ];
        for (element_type, name, kind) in cases {
            assert_eq!(
                infer_kind(element_type, name),
                kind,
                "{element_type:?} {name}"
            );
        }
    }
}
