//! Import of OWASP Threat Dragon models, versions 1 and 2.
//!
//! Both versions store a model as `summary` (title, owner, description) and
//! `detail` (contributors, reviewer, diagrams). Each diagram is a dump of the
//! drawing library's graph: JointJS in 1.x, AntV X6 in 2.x. Security data
//! and styling sit side by side in each cell, and threats are embedded in
//! the cells they concern.
//!
//! The mapping:
//!
//! - actors, processes and stores become elements of kind `external-entity`,
//!   `process` and `data-store`; flows become data flows; boundary lines
//!   become trust boundaries; boundary boxes become trust zones, and an
//!   element's `zone` is derived from the drawing (see [`geometry`]);
//! - cell ids are kept as TMIF ids, so an object keeps its id between two
//!   revisions of the source;
//! - each diagram becomes a view with the positions and sizes of its cells;
//! - each embedded threat becomes a threat that affects its cell, and its
//!   free-text mitigation becomes a mitigation;
//! - `isEncrypted: true` on a flow becomes `encryption: transport`; `false`
//!   leaves `encryption` absent, because it is also the editor's default for
//!   flows nobody assessed;
//! - text blocks, flows whose ends are not both attached to elements, and
//!   every member without a TMIF counterpart are listed in the loss report,
//!   or kept under `x-threat-dragon` when unmapped data is kept.

mod categories;
mod cells;
mod context;
mod diagram;
mod geometry;
mod lines;
mod nodes;
mod skeleton;
mod threats;
mod v1;
mod v2;

use serde_json::{Map, Value};

use super::{Import, ImportError, ImportOptions, SourceFormat};
use crate::model::{Author, Document, Extensions, Id};
use context::{Context, attach, id_text, stable_hash, text, token};

pub use skeleton::{looks_like, version_of};

/// Converts a Threat Dragon model read as `format`.
pub fn import(
    value: &Value,
    format: SourceFormat,
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    skeleton::check(value, format)?;
    let invalid = |pointer: &str| ImportError::Invalid {
        format,
        pointer: pointer.to_owned(),
        message: "the value is not an object".into(),
    };
    let root = value.as_object().ok_or_else(|| invalid(""))?;
    let summary = root
        .get("summary")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("/summary"))?;
    let detail = root
        .get("detail")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("/detail"))?;

    let mut ctx = Context::new(options.keep_unmapped);
    let mut kept = Map::new();
    let title = text(summary.get("title")).unwrap_or_else(|| "Untitled threat model".into());
    let id = model_id(&mut ctx, summary, &title);
    let mut document = Document::new(id, title);
    document.description = text(summary.get("description"));

    for (name, member) in root {
        if !matches!(name.as_str(), "summary" | "detail") {
            let reason = match name.as_str() {
                "version" => {
                    "the Threat Dragon release that saved the file; TMIF records no producer release"
                }
                _ => "a model member with no TMIF counterpart",
            };
            ctx.unmapped(format!("/{}", token(name)), name, member, &mut kept, reason);
        }
    }
    let mut summary_kept = Map::new();
    for (name, member) in summary {
        if !matches!(name.as_str(), "title" | "description" | "owner" | "id") {
            let reason = "a summary member with no TMIF counterpart";
            ctx.unmapped(
                format!("/summary/{}", token(name)),
                name,
                member,
                &mut summary_kept,
                reason,
            );
        }
    }
    if !summary_kept.is_empty() {
        kept.insert("summary".into(), Value::Object(summary_kept));
    }

    document.authors = authors(&mut ctx, summary, detail, &mut kept);

    let mut model = diagram::Model::default();
    if let Some(diagrams) = detail.get("diagrams").and_then(Value::as_array) {
        for (i, diagram) in diagrams.iter().enumerate() {
            if let Some(diagram) = diagram.as_object() {
                diagram::convert(
                    &mut ctx,
                    format,
                    diagram,
                    &format!("/detail/diagrams/{i}"),
                    i,
                    &mut model,
                );
            }
        }
    }
    for (preferred, pointer, mut view) in model.views {
        view.id = ctx.claim_id(&preferred, &format!("{pointer}/id"));
        document.views.push(view);
    }
    let analysis = threats::convert(&mut ctx, &model.threats);
    document.taxonomies = analysis.taxonomies();
    document.threats = analysis.threats;
    document.mitigations = analysis.mitigations;
    document.elements = model.elements;
    document.data_flows = model.data_flows;
    document.trust_zones = model.trust_zones;
    document.trust_boundaries = model.trust_boundaries;
    attach(&mut document.extensions, kept);

    Ok(Import {
        document,
        source: format,
        losses: ctx.losses,
    })
}

/// Derives the model id.
///
/// Threat Dragon has no stable model identity: `summary.id` is a counter
/// (usually `0`) in most files, and the 1.x to 2.x conversion replaces it.
/// A non-empty string `summary.id`, as some tools write a UUID there, is
/// used as it is. Otherwise the id is `td-model-` followed by a hash of the
/// title, so the same model gets the same id on every import. Renaming the
/// model changes this id.
fn model_id(ctx: &mut Context, summary: &Map<String, Value>, title: &str) -> Id {
    match summary.get("id") {
        Some(Value::String(_)) => {
            if let Some(id) = summary.get("id").and_then(id_text) {
                return ctx.claim_id(&id, "/summary/id");
            }
        }
        Some(Value::Null) | None => {}
        Some(other) => ctx.changed(
            "/summary/id",
            format!(
                "`summary.id` is {other}, a counter rather than an identity; \
                 the model id is derived from the title"
            ),
        ),
    }
    ctx.claim_id(
        &format!("td-model-{}", stable_hash(title)),
        "/summary/title",
    )
}

/// Collects the owner and the contributors as authors, each name once, and
/// handles the reviewer and the other members of `detail`.
fn authors(
    ctx: &mut Context,
    summary: &Map<String, Value>,
    detail: &Map<String, Value>,
    kept: &mut Map<String, Value>,
) -> Vec<Author> {
    let mut authors: Vec<Author> = Vec::new();
    let mut add = |name: String, extensions: Extensions| {
        if !authors.iter().any(|author| author.name == name) {
            authors.push(Author {
                name,
                email: None,
                organization: None,
                url: None,
                extensions,
            });
        }
    };
    if let Some(owner) = text(summary.get("owner")) {
        add(owner, Extensions::new());
    }
    let mut detail_kept = Map::new();
    for (name, member) in detail {
        let pointer = format!("/detail/{}", token(name));
        match name.as_str() {
            "diagrams" => {}
            "contributors" => {
                let Some(list) = member.as_array() else {
                    ctx.unmapped(
                        pointer,
                        name,
                        member,
                        &mut detail_kept,
                        "the contributors are not a list",
                    );
                    continue;
                };
                for (i, contributor) in list.iter().enumerate() {
                    let item = format!("{pointer}/{i}");
                    let (name, rest) = match contributor {
                        Value::String(_) => (text(Some(contributor)), None),
                        Value::Object(members) => (text(members.get("name")), Some(members)),
                        _ => (None, None),
                    };
                    let Some(name) = name else {
                        ctx.dropped(item, "the contributor has no name");
                        continue;
                    };
                    let mut author_kept = Map::new();
                    for (key, value) in rest.into_iter().flatten() {
                        if key != "name" {
                            let reason = "a contributor member with no TMIF counterpart";
                            ctx.unmapped(
                                format!("{item}/{}", token(key)),
                                key,
                                value,
                                &mut author_kept,
                                reason,
                            );
                        }
                    }
                    let mut extensions = Extensions::new();
                    attach(&mut extensions, author_kept);
                    add(name, extensions);
                }
            }
            _ => {
                let reason = match name.as_str() {
                    "reviewer" => "TMIF authors have no reviewer role",
                    "diagramTop" | "threatTop" => {
                        "a counter the Threat Dragon editor uses to number new objects"
                    }
                    _ => "a member of `detail` with no TMIF counterpart",
                };
                ctx.unmapped(pointer, name, member, &mut detail_kept, reason);
            }
        }
    }
    if !detail_kept.is_empty() {
        kept.insert("detail".into(), Value::Object(detail_kept));
    }
    authors
}
