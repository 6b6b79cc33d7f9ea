//! A version-neutral reading of one diagram cell, and the reasons given for
//! cell members that TMIF has no place for.

use serde_json::{Map, Value};

use super::geometry::{Bounds, Point};

/// The kind of object a cell draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CellKind {
    /// `tm.Actor`: an external entity.
    Actor,
    /// `tm.Process`.
    Process,
    /// `tm.Store`: a data store.
    Store,
    /// `tm.Flow`: a data flow.
    Flow,
    /// `tm.Boundary`: a trust boundary drawn as a line.
    Boundary,
    /// `tm.BoundaryBox`: a trust boundary drawn as a box, imported as a trust zone.
    BoundaryBox,
    /// `tm.Text`: a free text block.
    Text,
}

impl CellKind {
    /// Maps a Threat Dragon `type` such as `tm.Actor`.
    pub fn from_type(name: &str) -> Option<CellKind> {
        Some(match name {
            "tm.Actor" => CellKind::Actor,
            "tm.Process" => CellKind::Process,
            "tm.Store" => CellKind::Store,
            "tm.Flow" => CellKind::Flow,
            "tm.Boundary" => CellKind::Boundary,
            "tm.BoundaryBox" => CellKind::BoundaryBox,
            "tm.Text" => CellKind::Text,
            _ => return None,
        })
    }

    /// Returns `true` for cells drawn as boxes, which have a position and a size.
    pub fn is_node(self) -> bool {
        !matches!(self, CellKind::Flow | CellKind::Boundary)
    }

    /// Returns the TMIF name of the kind, for messages and stand-in names.
    pub fn noun(self) -> &'static str {
        match self {
            CellKind::Actor => "external entity",
            CellKind::Process => "process",
            CellKind::Store => "data store",
            CellKind::Flow => "data flow",
            CellKind::Boundary => "trust boundary",
            CellKind::BoundaryBox => "trust zone",
            CellKind::Text => "text block",
        }
    }
}

/// One end of a line.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum End {
    /// Attached to the cell with this source id.
    Cell(String),
    /// Left loose at a point of the drawing.
    Point(Point),
    /// Not given, or in a form the importer does not read.
    Missing,
}

/// One cell of a diagram, read from either version of the format.
pub(super) struct Cell<'a> {
    /// The JSON Pointer of the cell in the source.
    pub pointer: String,
    /// The cell as it is in the source.
    pub raw: &'a Map<String, Value>,
    /// The Threat Dragon properties, which version 2 keeps in `data`. In
    /// version 1 they are members of the cell itself, and this is `None`.
    pub data: Option<&'a Map<String, Value>>,
    /// The source id, as text.
    pub id: Option<String>,
    /// The kind of object the cell draws, or `None` for an unknown type.
    pub kind: Option<CellKind>,
    /// The type as the source spells it, for messages.
    pub type_name: String,
    /// The label or name, trimmed.
    pub name: Option<String>,
    /// The box of a node.
    pub bounds: Option<Bounds>,
    /// The start of a line.
    pub source: End,
    /// The end of a line.
    pub target: End,
    /// The bends of a line, in order.
    pub vertices: Vec<Point>,
    /// Threat lists: the pointer of each list and its items.
    pub threats: Vec<(String, &'a [Value])>,
    /// Members of `raw` that the reader used.
    pub structural: &'static [&'static str],
}

impl<'a> Cell<'a> {
    /// Returns the object that contains the Threat Dragon properties.
    pub fn props(&self) -> &'a Map<String, Value> {
        self.data.unwrap_or(self.raw)
    }

    /// Returns the JSON Pointer of [`Cell::props`].
    pub fn props_pointer(&self) -> String {
        match self.data {
            Some(_) => format!("{}/data", self.pointer),
            None => self.pointer.clone(),
        }
    }
}

/// The object on which a kept member with no TMIF counterpart is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Home {
    /// On the model object (element, flow, zone or boundary).
    Model,
    /// On the object's node or edge in the view.
    View,
}

/// Returns where an unmapped cell member belongs and why it has no TMIF counterpart.
pub(super) fn unmapped_member(kind: CellKind, name: &str) -> (Home, &'static str) {
    if kind == CellKind::Store && name == "isEncrypted" {
        return (
            Home::Model,
            "TMIF data stores have no member for encryption at rest",
        );
    }
    const STYLE: &str = "diagram styling with no TMIF counterpart; views keep only positions, sizes and line points";
    match name {
        "attrs" | "labels" => (
            Home::View,
            "label styling and other drawing attributes; the label text is imported as the name",
        ),
        "angle" | "z" | "zIndex" | "smooth" | "connector" | "router" | "ports" | "markup"
        | "tools" | "visible" | "size" | "width" | "height" | "parent" | "children" => {
            (Home::View, STYLE)
        }
        "hasOpenThreats" => (
            Home::Model,
            "derived by Threat Dragon from the status of the threats; TMIF keeps the statuses themselves",
        ),
        "isTrustBoundary" => (
            Home::Model,
            "a flag Threat Dragon derives from the cell type",
        ),
        "containedElements" => (
            Home::Model,
            "derived by Threat Dragon from the drawing; the importer sets `zone` on each element from the same geometry",
        ),
        "crossingFlows" => (
            Home::Model,
            "derived by Threat Dragon from the drawing; a TMIF trust zone has no list of crossing flows, \
             because a flow crosses a zone's edge when one end is inside and the other outside",
        ),
        "trustBoundaryIds" => (
            Home::Model,
            "derived by Threat Dragon from the drawing; the trust boundaries list the flows that cross them",
        ),
        "isPublicNetwork" => (
            Home::Model,
            "TMIF data flows have no member for a public network",
        ),
        "isEncrypted" => (
            Home::Model,
            "`false` is the default of the Threat Dragon editor and does not tell an unencrypted flow \
             from one nobody assessed, so `encryption` is left absent (unknown)",
        ),
        "outOfScope" | "reasonOutOfScope" => (
            Home::Model,
            "TMIF data flows and trust zones have no scope members",
        ),
        "privilegeLevel"
        | "handlesCardPayment"
        | "handlesGoodsOrServices"
        | "isWebApplication"
        | "storesCredentials"
        | "storesInventory"
        | "isALog"
        | "isSigned"
        | "providesAuthentication" => (Home::Model, "a Threat Dragon property with no TMIF member"),
        _ => (Home::Model, "a member with no TMIF counterpart"),
    }
}
