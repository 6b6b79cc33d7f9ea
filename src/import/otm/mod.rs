//! Import of Open Threat Model (OTM) files, versions 0.1.x and 0.2.x, in JSON or YAML.
//!
//! OTM keeps every collection as a flat array at the root and links objects
//! by id. The mapping onto TMIF:
//!
//! - `project` becomes the document: `id`, `title` (the project's name),
//!   `description`, `tags`, and one author built from `owner` and `ownerContact`.
//! - `trustZones`, `components`, `dataflows` and `assets` become trust zones,
//!   elements, data flows and data assets that keep their OTM ids. OTM has no
//!   element kind, so [`components::infer_kind`] derives one from the
//!   component's `type` and name.
//! - A threat is defined once in OTM and instantiated on components and
//!   dataflows; each instance becomes one TMIF threat (see [`threats`]).
//! - Every `diagram` representation becomes a view with absolute positions.
//!
//! OTM ids are unique only within their collection, and TMIF ids are unique
//! in the whole document, so an object whose id is already taken gets a
//! derived one (see [`ids::Ids::claim`]). Everything without a TMIF member is
//! listed in the loss report and, with `keep_unmapped`, kept under an `x-otm`
//! member. It is an object whose keys are the JSON Pointers of the kept
//! values, relative to the OTM object that became the TMIF object carrying
//! `x-otm`. The document and every threat, which comes from two OTM objects,
//! use pointers from the root of the OTM file.

mod classify;
mod components;
mod flows;
mod ids;
mod mitigations;
mod project;
mod read;
mod threats;
mod views;
mod zones;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Import, ImportError, ImportOptions, LossKind, LossReport, SourceFormat};
use crate::model::{Extensions, Id, Rating};
use ids::{Ids, Renamed};
use read::{Node, Owned, invalid};

/// The name of the extension member that keeps OTM data without a TMIF member.
const EXTENSION: &str = "x-otm";

/// The root members this importer reads.
const ROOT_MEMBERS: &[&str] = &[
    "otmVersion",
    "project",
    "representations",
    "assets",
    "trustZones",
    "components",
    "dataflows",
    "threats",
    "mitigations",
];

/// Converts an OTM model.
pub fn import(value: &Value, options: &ImportOptions) -> Result<Import, ImportError> {
    let root = read::object(value, String::new(), "the root of an OTM file")?;
    let root = root.node();
    check_version(root)?;
    let project = root.object("project")?.ok_or_else(|| {
        invalid(
            "/project",
            "an OTM file needs a `project` object with the model's `id` and `name`; add one",
        )
    })?;

    let mut cx = Context {
        keep: options.keep_unmapped,
        losses: LossReport::new(),
        ids: Ids::default(),
    };
    let mut root_extras = Extras::new("");
    let mut document = project::document(&mut cx, project.node(), &mut root_extras)?;

    // Ids are claimed collection by collection, so an object keeps its OTM id
    // unless an object of an earlier collection already has it.
    let zone_items = root.objects("trustZones", "a trust zone")?;
    let component_items = root.objects("components", "a component")?;
    let flow_items = root.objects("dataflows", "a dataflow")?;
    let asset_items = root.objects("assets", "an asset")?;
    let (zone_ids, zone_positions) = claim_all(&mut cx, &zone_items, "zone", "trust zone")?;
    let (component_ids, component_positions) =
        claim_all(&mut cx, &component_items, "component", "component")?;
    let (flow_ids, _) = claim_all(&mut cx, &flow_items, "dataflow", "dataflow")?;
    let (asset_ids, asset_positions) = claim_all(&mut cx, &asset_items, "asset", "asset")?;
    let mut index = Index {
        zones: ids_by_otm_id(&zone_ids, &zone_positions),
        components: ids_by_otm_id(&component_ids, &component_positions),
        assets: ids_by_otm_id(&asset_ids, &asset_positions),
        parents: HashMap::new(),
    };

    document.trust_zones = zones::import(&mut cx, &zone_items, zone_ids, &mut index)?;
    let components = components::import(&mut cx, &component_items, component_ids, &mut index)?;
    document.elements = components.elements;
    let flows = flows::import(&mut cx, &flow_items, flow_ids, &index, &mut root_extras)?;
    document.data_flows = flows.flows;
    document.data_assets = flows::assets(&mut cx, &asset_items, asset_ids)?;

    let mitigations = mitigations::collect(&mut cx, root)?;
    let instances = components
        .threat_instances
        .into_iter()
        .chain(flows.threat_instances)
        .collect();
    let analysis = threats::import(&mut cx, root, instances, &mitigations, &mut root_extras)?;
    document.threats = analysis.threats;
    document.taxonomies.extend(analysis.taxonomy);
    document.mitigations = mitigations::finish(&mut cx, mitigations, &analysis.states)?;
    let owners = views::Owners {
        zones: &zone_items,
        components: &component_items,
    };
    document.views = views::import(&mut cx, root, owners, &index, &mut root_extras)?;

    for (key, value) in root.rest(ROOT_MEMBERS) {
        let reason = format!("OTM has no root member `{key}`, and TMIF has no place for it");
        cx.unmapped(&mut root_extras, &root.at(key), value, &reason);
    }
    root_extras.apply(&mut document.extensions);
    Ok(Import {
        document,
        source: SourceFormat::Otm,
        losses: cx.losses,
    })
}

/// Accepts OTM 0.1.x and 0.2.x. Version 0.2.0 only added the optional
/// `trustZones[].type`, so one reader serves both.
fn check_version(root: Node) -> Result<(), ImportError> {
    let supported = "this importer reads OTM 0.1.x and 0.2.x";
    let version = match root.get("otmVersion") {
        None => {
            return Err(invalid(
                "/otmVersion",
                format!(
                    "the file has no `otmVersion`, which every OTM file needs; \
                     add `otmVersion: 0.2.0` ({supported})"
                ),
            ));
        }
        Some(Value::String(version)) => version.as_str(),
        Some(other) => {
            return Err(invalid(
                "/otmVersion",
                format!(
                    "`otmVersion` must be a string such as \"0.2.0\", found {}; quote the version",
                    crate::shape::json_type(other)
                ),
            ));
        }
    };
    let mut parts = version.trim().split('.');
    let major = parts.next();
    let minor = parts.next();
    if major == Some("0") && matches!(minor, Some("1" | "2")) {
        return Ok(());
    }
    Err(invalid(
        "/otmVersion",
        format!("OTM version `{version}` is not supported; {supported}"),
    ))
}

/// The state of one import: options, the loss report and the ids given out.
pub(crate) struct Context {
    keep: bool,
    losses: LossReport,
    ids: Ids,
}

impl Context {
    /// Records information that TMIF has no member for: dropped, or kept in
    /// `extras` when the caller asked to keep unmapped data.
    fn unmapped(&mut self, extras: &mut Extras, pointer: &str, value: &Value, reason: &str) {
        if self.keep {
            extras.insert(pointer, value.clone());
            let reason = format!("{reason}; kept under `{EXTENSION}`");
            self.losses.push(pointer, LossKind::Kept, reason);
        } else {
            self.losses.push(pointer, LossKind::Dropped, reason);
        }
    }

    /// Records a value that is in the output in another form.
    fn changed(&mut self, pointer: &str, reason: impl Into<String>) {
        self.losses.push(pointer, LossKind::Changed, reason);
    }

    /// Records every member of `node` outside `known` as unmapped.
    fn rest(&mut self, node: Node, known: &[&str], extras: &mut Extras, what: &str) {
        for (key, value) in node.rest(known) {
            let reason = if key == "attributes" {
                format!("TMIF has no member for the free-form attributes of {what}")
            } else {
                format!("`{key}` is not an OTM member of {what}, and TMIF has no place for it")
            };
            self.unmapped(extras, &node.at(key), value, &reason);
        }
    }

    /// Gives the object at `pointer` a document-wide id, recording a change
    /// when it cannot keep `requested`.
    fn claim(&mut self, requested: &str, prefix: &str, pointer: &str) -> Id {
        let (id, renamed) = self.ids.claim(requested, prefix);
        match renamed {
            None => {}
            Some(Renamed::Taken) => self.changed(
                pointer,
                format!(
                    "id `{requested}` is already used by another object, and TMIF ids are \
                     unique in the whole document; this object has id `{id}`"
                ),
            ),
            Some(Renamed::Malformed) => self.changed(
                pointer,
                format!(
                    "id `{}` is empty, starts or ends with white space, or contains control \
                     characters, which TMIF ids must not; this object has id `{id}`",
                    requested.escape_debug()
                ),
            ),
        }
        id
    }
}

/// OTM values kept for one TMIF object, keyed by their pointer relative to `base`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extras {
    base: String,
    members: Map<String, Value>,
}

impl Extras {
    /// Creates an empty set for the OTM object at `base`.
    fn new(base: &str) -> Self {
        Extras {
            base: base.to_owned(),
            members: Map::new(),
        }
    }

    fn insert(&mut self, pointer: &str, value: Value) {
        let relative = pointer.strip_prefix(self.base.as_str()).unwrap_or(pointer);
        self.members.insert(relative.to_owned(), value);
    }

    /// Stores the kept values as the `x-otm` member of `extensions`, if there are any.
    fn apply(self, extensions: &mut Extensions) {
        if !self.members.is_empty() {
            extensions.insert(EXTENSION, Value::Object(self.members));
        }
    }
}

/// The TMIF ids of the OTM objects that other objects refer to, by OTM id.
#[derive(Debug, Default)]
pub(crate) struct Index {
    zones: HashMap<String, Id>,
    components: HashMap<String, Id>,
    assets: HashMap<String, Id>,
    /// The OTM parent of each zone and component that has one, for positions in views.
    parents: HashMap<Object, Object>,
}

/// An OTM object that can be drawn in a diagram.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Object {
    Zone(String),
    Component(String),
}

/// Reads the OTM ids of `items` and claims a TMIF id for each.
///
/// Two objects of one collection with the same id make every reference to
/// that id ambiguous, so they are an error.
fn claim_all(
    cx: &mut Context,
    items: &[Owned],
    prefix: &str,
    what: &str,
) -> Result<(Vec<Id>, HashMap<String, usize>), ImportError> {
    let mut ids = Vec::with_capacity(items.len());
    let mut by_otm_id: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        let node = item.node();
        let otm_id = node.required_id("id", what)?;
        if let Some(first) = by_otm_id.get(&otm_id).and_then(|&first| items.get(first)) {
            return Err(invalid(
                node.at("id"),
                format!(
                    "id `{otm_id}` is also the id of {}; give each {what} an id of its own",
                    first.pointer
                ),
            ));
        }
        ids.push(cx.claim(&otm_id, prefix, &node.at("id")));
        by_otm_id.insert(otm_id, position);
    }
    Ok((ids, by_otm_id))
}

/// Maps a score from 0 to 100 onto a [`Rating`], with a loss entry giving both.
fn rating(cx: &mut Context, risk: Node, key: &str) -> Result<Option<Rating>, ImportError> {
    let Some(score) = risk.number(key)? else {
        return Ok(None);
    };
    let rating = Rating::from_percent(score);
    let range = if (0.0..=100.0).contains(&score) {
        ""
    } else {
        ", although it lies outside OTM's range of 0 to 100"
    };
    cx.changed(
        &risk.at(key),
        format!(
            "{key} {score} is mapped onto the five-step scale as `{}`{range}",
            rating.as_str()
        ),
    );
    Ok(Some(rating))
}

/// Turns the positions that [`claim_all`] returns into TMIF ids.
fn ids_by_otm_id(ids: &[Id], positions: &HashMap<String, usize>) -> HashMap<String, Id> {
    positions
        .iter()
        .filter_map(|(otm_id, &position)| Some((otm_id.clone(), ids.get(position)?.clone())))
        .collect()
}

/// Removes repeated ids, keeping the first of each.
fn dedup(ids: &mut Vec<Id>) {
    let mut seen = std::collections::HashSet::with_capacity(ids.len());
    ids.retain(|id| seen.insert(id.clone()));
}
