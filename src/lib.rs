//! TMIF, the Threat Model Interchange Format: the reference library.
//!
//! TMIF is an open, versioned JSON format for threat models: the system
//! (trust zones, elements, data flows, data assets, trust boundaries), its
//! analysis (threats with typed taxonomy references, mitigations,
//! assumptions) and optional diagram views, each object with a stable id.
//!
//! # Scope of this crate
//!
//! - [`model`]: the data model as Rust types, from which the JSON Schema is generated.
//! - [`validate`]: reading JSON or YAML, checking shape and every semantic rule,
//!   with diagnostics that carry a rule code, a JSON Pointer and a line and column.
//! - [`canonical`]: the canonical serialization that `tmif fmt` writes.
//! - [`schema`]: the generated JSON Schema of each format version.
//! - [`import`]: conversion from OWASP Threat Dragon and Open Threat Model files,
//!   with a report of everything that could not be carried over.
//! - [`render`]: data-flow diagrams of a model or of a change, as SVG, HTML, DOT or Mermaid.
//! - [`history`]: the timeline of a model over its git history, as rows of counts.
//! - [`generate`]: deterministic synthetic models for tests and benchmarks.
//!
//! The library never prints and never exits; the `tmif` binary is a thin layer over it.
//!
//! # Example
//!
//! ```
//! use tmif::{validate, Syntax};
//!
//! let text = br#"{"tmif": "1.0.0", "id": "shop", "title": "Web shop", "license": "CC-BY-4.0",
//!   "elements": [{"id": "browser", "name": "Browser", "kind": "external-entity"},
//!                {"id": "web", "name": "Web server", "kind": "process"}],
//!   "dataFlows": [{"id": "order", "source": "browser", "target": "web", "protocol": "HTTPS"}]}"#;
//! let validation = validate(text, Syntax::Json);
//! assert!(validation.is_valid());
//! assert_eq!(validation.document.unwrap().elements.len(), 2);
//! ```

pub mod canonical;
pub mod classification;
pub mod conformance;
pub mod diagnostic;
pub mod diff;
pub mod generate;
pub mod history;
pub mod import;
pub mod load;
pub mod loss;
pub mod merge3;
pub mod migrate;
pub mod model;
pub mod output;
pub mod overlay;
pub mod redact;
pub mod render;
pub mod rules;
pub mod schema;
pub mod shape;
pub mod textconv;
pub mod validate;
pub mod version;
pub mod zones;

pub use diagnostic::{Diagnostic, Level, Position};
pub use generate::{GenerateOptions, generate};
pub use load::Syntax;
pub use model::Document;
pub use validate::{Validation, validate, validate_document};
pub use version::FormatVersion;

// Compiles and runs the Rust examples of the README as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
