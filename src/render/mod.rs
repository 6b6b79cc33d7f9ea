//! Data-flow diagrams of a threat model, or of a change between two revisions.
//!
//! A [`Scene`] collects what a diagram shows: the trust zones, elements
//! and data flows, each with a [`Status`] (added, removed, changed or
//! unchanged). [`layout()`] places them, deterministically and without
//! Graphviz, and the writers turn the result into SVG, a self-contained
//! HTML page, Graphviz DOT or Mermaid text.
//!
//! ```
//! use tmif::diff::{DiffOptions, diff};
//! use tmif::render::{Format, Scene, Status, render};
//!
//! let old: tmif::Document = serde_json::from_str(r#"{"tmif": "1.0.0", "id": "shop",
//!   "title": "Shop", "elements": [{"id": "web", "name": "Web", "kind": "process"}]}"#).unwrap();
//! let mut new = old.clone();
//! new.elements[0].name = "Web server".into();
//! let scene = Scene::of_diff(&old, &new, &diff(&old, &new, &DiffOptions::default()));
//! assert_eq!(scene.elements[0].status, Status::Changed);
//! let svg = render(&scene, Format::Svg);
//! assert!(svg.contains("data-status=\"changed\""));
//! ```

mod dot;
mod html;
mod labels;
pub mod layout;
mod mermaid;
mod route;
mod scene;
mod svg;

pub use dot::{quote_id as dot_quote_id, quote_label as dot_quote_label, to_dot};
pub use html::to_html;
pub use layout::{FlowPath, Layout, Point, Rect, layout};
pub use mermaid::{escape_label as mermaid_escape_label, to_mermaid};
pub use scene::{ChangedObject, Changes, Scene, SceneElement, SceneFlow, SceneZone, Status};
pub use svg::{to_inline_svg, to_svg};

/// An output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A standalone SVG 1.1 document.
    #[default]
    Svg,
    /// One HTML5 page with the diagram and the list of changes, which makes
    /// no network request.
    Html,
    /// Graphviz DOT text.
    Dot,
    /// Mermaid flowchart text.
    Mermaid,
}

/// Draws `scene` in `format`, laying it out first for SVG and HTML.
pub fn render(scene: &Scene, format: Format) -> String {
    match format {
        Format::Svg => to_svg(scene, &layout(scene)),
        Format::Html => to_html(scene, &layout(scene)),
        Format::Dot => to_dot(scene),
        Format::Mermaid => to_mermaid(scene),
    }
}
