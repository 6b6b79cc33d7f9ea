//! Diagram views: positions and sizes of objects, kept apart from their meaning.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::classification::Tlp;
use super::common::{Id, non_null};
use super::extensions::Extensions;

/// One diagram of the system.
///
/// A view adds layout only. Removing every view from a document leaves its
/// meaning unchanged, so a semantic diff ignores views.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// The view's id.
    pub id: Id,
    /// The view's name.
    pub name: String,
    /// A description of the view.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub description: Option<String>,
    /// Boxes: trust zones, elements and trust boundaries drawn at a position.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<ViewNode>,
    /// Lines: data flows and trust boundaries drawn along a path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<ViewEdge>,
    /// Who may receive the object; added in version 1.1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub classification: Option<Tlp>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The box of one object in a view. Coordinates grow to the right and downwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ViewNode {
    /// The id of the trust zone, element or trust boundary drawn.
    pub object: Id,
    /// The left edge.
    pub x: f64,
    /// The top edge.
    pub y: f64,
    /// The width.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub width: Option<f64>,
    /// The height.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_null"
    )]
    pub height: Option<f64>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The path of one data flow or trust boundary in a view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ViewEdge {
    /// The id of the data flow or trust boundary drawn.
    pub object: Id,
    /// The points the line passes through, in order. Empty when the line
    /// runs straight between the boxes of its ends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<Point>,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// A point in a view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Point {
    /// The horizontal coordinate.
    pub x: f64,
    /// The vertical coordinate.
    pub y: f64,
    /// Extension members.
    #[serde(flatten)]
    pub extensions: Extensions,
}
