//! `tmif diff`.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tmif::diff::{CrossingCause, Diff, DiffOptions, MemberChange, ObjectKind, Transition};
use tmif::model::{Id, Tlp};
use tmif::redact::RedactOptions;
use tmif::{Document, FormatVersion, Syntax};

use super::{Status, report};

/// Compare two revisions of a threat model by object id.
///
/// Exit status: 0 when the revisions are equal, 1 when they differ, 2 on a
/// usage or I/O error or when either input is not a valid TMIF document. An
/// invalid input is an error about that input, not a difference, so its
/// diagnostics are printed to standard error and nothing is compared.
/// Documents of different minor versions are compared after the older one
/// is migrated to the newer version, which loses nothing.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old revision; `-` reads standard input.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new revision; `-` reads standard input.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Output style.
    #[arg(long, value_enum, default_value_t)]
    format: DiffFormat,
    /// Compare diagram views too; they are layout only and ignored by default.
    #[arg(long)]
    layout: bool,
    /// Redact both revisions to this TLP label before comparing, so that the
    /// output can be shared at that level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    max: Option<Tlp>,
}

/// Parses a TLP 2.0 label such as `GREEN`, `amber+strict` or `TLP:RED`.
pub(super) fn parse_level(text: &str) -> Result<Tlp, String> {
    Tlp::parse(&text.to_ascii_uppercase()).ok_or_else(|| {
        format!("`{text}` is not a TLP label; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
    })
}

/// Runs `$body` with `$item` bound to every identifiable object of a
/// document, borrowed as the tokens in brackets say (`&` or `&mut`).
macro_rules! for_each_object {
    ($item:ident in [$($borrow:tt)*] $document:ident $body:block) => {
        for $item in $($borrow)* $document.taxonomies $body
        for $item in $($borrow)* $document.trust_zones $body
        for $item in $($borrow)* $document.elements $body
        for $item in $($borrow)* $document.data_flows $body
        for $item in $($borrow)* $document.data_assets $body
        for $item in $($borrow)* $document.trust_boundaries $body
        for $item in $($borrow)* $document.threats $body
        for $item in $($borrow)* $document.mitigations $body
        for $item in $($borrow)* $document.assumptions $body
        for $item in $($borrow)* $document.annotations $body
        for $item in $($borrow)* $document.views $body
    };
}

/// Raises the label of each object of `document` to the effective label that
/// the object with its id has in the other revision, when that is stricter.
fn raise_labels(document: &mut Document, other: &tmif::classification::Labels) {
    for_each_object!(item in [&mut] document {
        if let Some(label) = other.get(item.id.as_str()) {
            item.classification = item.classification.max(Some(label));
        }
    });
}

/// Collects the own label of every identifiable object of `document`, by id.
fn own_labels(document: &Document) -> std::collections::HashMap<String, Option<Tlp>> {
    let mut labels = std::collections::HashMap::new();
    for_each_object!(item in [&] document {
        labels.entry(item.id.to_string()).or_insert(item.classification);
    });
    labels
}

/// Gives every object of `document` the own label recorded in `labels`.
fn restore_labels(
    document: &mut Document,
    labels: &std::collections::HashMap<String, Option<Tlp>>,
) {
    for_each_object!(item in [&mut] document {
        if let Some(label) = labels.get(item.id.as_str()) {
            item.classification = *label;
        }
    });
}

/// Redacts both revisions for `--max LEVEL`, or returns them as they are
/// without a level.
///
/// An object withheld from either revision is withheld from both, so that
/// a diff does not show it as removed or added.
pub(super) fn redact_revisions(
    (old_path, old): (&Path, Document),
    (new_path, new): (&Path, Document),
    max: Option<Tlp>,
) -> Result<(Document, Document), Status> {
    let (mut old, mut new) = (old, new);
    let (old_own, new_own) = (own_labels(&old), own_labels(&new));
    if max.is_some() {
        let old_labels = tmif::classification::effective_labels(&old);
        let new_labels = tmif::classification::effective_labels(&new);
        raise_labels(&mut old, &new_labels);
        raise_labels(&mut new, &old_labels);
    }
    let mut old = redact_for_sharing(old_path, old, max)?;
    let mut new = redact_for_sharing(new_path, new, max)?;
    if max.is_some() {
        // The raised labels only decide what is withheld; the kept objects
        // are compared with the labels their revisions give them.
        restore_labels(&mut old, &old_own);
        restore_labels(&mut new, &new_own);
    }
    Ok((old, new))
}

/// Redacts a revision for `--max`, reporting a revision labelled above the level.
pub(super) fn redact_for_sharing(
    path: &Path,
    document: Document,
    max: Option<Tlp>,
) -> Result<Document, Status> {
    let Some(max) = max else {
        return Ok(document);
    };
    let options = RedactOptions {
        max,
        placeholders: false,
    };
    match tmif::redact::redact(&document, options) {
        Ok(redaction) => Ok(redaction.document),
        Err(error) => {
            super::eprint_text(format_args!("{}: {error}", path.display()));
            Err(Status::Failure)
        }
    }
}

/// Output styles of `tmif diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
enum DiffFormat {
    /// Text for people.
    #[default]
    Human,
    /// JSON for programs, as described by `schemas/diff.schema.json`.
    Json,
    /// A Markdown pull-request comment.
    Markdown,
}

pub fn run(args: Args) -> Status {
    if args.old == Path::new("-") && args.new == Path::new("-") {
        return super::fail("only one of OLD and NEW can be `-` (standard input)");
    }
    let old = match load(&args.old, Status::Failure, "compared") {
        Ok(document) => document,
        Err(status) => return status,
    };
    let new = match load(&args.new, Status::Failure, "compared") {
        Ok(document) => document,
        Err(status) => return status,
    };
    let (old, new) = match redact_revisions((&args.old, old), (&args.new, new), args.max) {
        Ok(pair) => pair,
        Err(status) => return status,
    };
    if old.id != new.id {
        super::eprint_text(format_args!(
            "tmif: warning: the revisions have different model ids (`{}` and `{}`); \
             they may be two different models",
            old.id, new.id
        ));
    }
    let (old, new, migrated) = match same_version(old, new) {
        Ok(triple) => triple,
        Err(message) => return super::fail(message),
    };

    let options = DiffOptions {
        layout: args.layout,
    };
    let mut diff = tmif::diff::diff(&old, &new, &options);
    match migrated {
        Migrated::Neither => {}
        Migrated::Old(version) => diff.old.migrated_from = Some(version.to_string()),
        Migrated::New(version) => diff.new.migrated_from = Some(version.to_string()),
    }
    match args.format {
        DiffFormat::Human => print_human(&args, &diff),
        // Serializing strings, numbers and JSON values cannot fail.
        DiffFormat::Json => {
            super::print_line(serde_json::to_string_pretty(&diff).unwrap_or_default())
        }
        DiffFormat::Markdown => super::print_line(tmif::diff::to_markdown(&diff).trim_end()),
    }
    if diff.is_empty() {
        Status::Success
    } else {
        Status::Problems
    }
}

/// Reads and validates one input; on failure prints why and returns the exit
/// status: `invalid` for an input that is not a valid document, and 2 for an
/// input that cannot be read. `purpose` completes "so it cannot be …".
pub(super) fn load(path: &Path, invalid: Status, purpose: &str) -> Result<Document, Status> {
    let bytes = super::read_input(path).map_err(super::fail)?;
    let syntax = Syntax::detect(Some(path), &bytes);
    let validation = tmif::validate(&bytes, syntax);
    match validation.document {
        Some(document) if validation.error_count() == 0 => Ok(document),
        _ => {
            for diagnostic in validation.diagnostics.iter().filter(|d| d.is_error()) {
                super::eprint_line(format_args!("{}", report::human(path, diagnostic)));
            }
            super::eprint_text(format_args!(
                "tmif: error: {} is not a valid TMIF document, so it cannot be {purpose}; \
                 fix the errors above",
                path.display()
            ));
            Err(invalid)
        }
    }
}

/// Migrates the older of two documents to the version of the newer one,
/// and returns the version it was migrated from, if any.
pub(super) fn same_version(
    old: Document,
    new: Document,
) -> Result<(Document, Document, Migrated), String> {
    let old_version = version_of(&old)?;
    let new_version = version_of(&new)?;
    let error = |e: tmif::migrate::MigrateError| e.to_string();
    if old_version < new_version {
        let old = tmif::migrate::migrate(old, new_version).map_err(error)?;
        Ok((old.document, new, Migrated::Old(old_version)))
    } else if new_version < old_version {
        let new = tmif::migrate::migrate(new, old_version).map_err(error)?;
        Ok((old, new.document, Migrated::New(new_version)))
    } else {
        Ok((old, new, Migrated::Neither))
    }
}

/// Which input was migrated, and from which version.
pub(super) enum Migrated {
    Neither,
    Old(FormatVersion),
    New(FormatVersion),
}

fn version_of(document: &Document) -> Result<FormatVersion, String> {
    // A valid document declares a version this build reads, with any patch number.
    let version = semver::Version::parse(&document.tmif).ok();
    version
        .and_then(|v| {
            FormatVersion::ALL
                .iter()
                .copied()
                .find(|known| known.major_minor() == (v.major, v.minor))
        })
        .ok_or_else(|| {
            format!(
                "format version `{}` cannot be compared; this build reads versions {}",
                document.tmif,
                tmif::version::supported_list()
            )
        })
}

fn print_human(args: &Args, diff: &Diff) {
    let print = |line: String| super::print_text(line);
    for (path, revision) in [(&args.old, &diff.old), (&args.new, &diff.new)] {
        if let Some(from) = &revision.migrated_from {
            print(format!(
                "{}: compared after migrating from TMIF {from} to TMIF {}",
                path.display(),
                revision.version
            ));
        }
    }
    if diff.is_empty() {
        print(format!(
            "{} and {}: no semantic changes{}",
            args.old.display(),
            args.new.display(),
            if diff.layout {
                ""
            } else {
                " (views not compared; pass --layout to compare them)"
            }
        ));
        return;
    }
    if !diff.document.is_empty() {
        print("Document".to_owned());
        for member in &diff.document {
            print(format!("  ~ {}", member_text(member)));
        }
    }
    for kind in ObjectKind::ALL {
        let added: Vec<_> = diff.added.iter().filter(|o| o.kind == kind).collect();
        let removed: Vec<_> = diff.removed.iter().filter(|o| o.kind == kind).collect();
        let changed: Vec<_> = diff.changed.iter().filter(|o| o.kind == kind).collect();
        if added.is_empty() && removed.is_empty() && changed.is_empty() {
            continue;
        }
        print(capitalize(kind.plural()));
        for object in added {
            print(format!("  + {}", label(&object.id, &object.name)));
        }
        for object in removed {
            print(format!("  - {}", label(&object.id, &object.name)));
        }
        for object in changed {
            print(format!("  ~ {}", label(&object.id, &object.name)));
            if let Some(rename) = &object.renamed {
                print(format!(
                    "      renamed: {} -> {}",
                    quoted(&rename.old),
                    quoted(&rename.new)
                ));
            }
            for moved in &object.moved {
                print(format!(
                    "      moved: {} {} -> {}",
                    moved.member,
                    optional(&moved.from),
                    optional(&moved.to)
                ));
            }
            for member in &object.members {
                print(format!("      {}", member_text(member)));
            }
        }
    }
    print_reach(diff);
    let s = &diff.summary;
    print(format!(
        "{} added, {} removed, {} changed ({} renamed, {} moved), {}",
        s.added,
        s.removed,
        s.changed,
        s.renamed,
        s.moved,
        report::count(s.document, "document member")
    ));
}

fn print_reach(diff: &Diff) {
    let print = |line: String| super::print_text(line);
    let reach = &diff.reach;
    print("Reach".to_owned());
    for flow in &reach.crossing_flows {
        let cause = match flow.cause {
            CrossingCause::Added => "added",
            CrossingCause::Changed => "changed",
            CrossingCause::ZonesChanged => "zones changed",
            CrossingCause::BoundariesChanged => "boundaries changed",
        };
        let end = |element: &Id, zone: &Option<Id>| match zone {
            Some(zone) => format!("{element} [{zone}]"),
            None => element.to_string(),
        };
        let mut line = format!(
            "  crosses ({cause}): {}: {} -> {}",
            label(&flow.id, &flow.name),
            end(&flow.source, &flow.source_zone),
            end(&flow.target, &flow.target_zone),
        );
        if !flow.boundaries.is_empty() {
            line.push_str(&format!(
                ", across trust boundary {}",
                join(&flow.boundaries)
            ));
        }
        print(line);
    }
    for asset in &reach.newly_crossing_assets {
        print(format!(
            "  asset newly crossing: {} ({}) via {}",
            asset.name,
            asset.id,
            join(&asset.flows)
        ));
    }
    for neighbour in &reach.neighbours {
        print(format!(
            "  next to a change: {} ({}) near {}",
            neighbour.name,
            neighbour.id,
            join(&neighbour.near)
        ));
    }
    let threats = &reach.threats;
    for threat in &threats.added {
        print(format!(
            "  threat added: {} ({}), {}",
            threat.title,
            threat.id,
            json_text(&threat.status)
        ));
    }
    for change in &threats.status_changed {
        let verb = match change.transition {
            Transition::Closed => "closed",
            Transition::Reopened => "reopened",
            Transition::Changed => "status changed",
        };
        print(format!(
            "  threat {verb}: {} ({}), {} -> {}",
            change.title,
            change.id,
            json_text(&change.from),
            json_text(&change.to)
        ));
    }
    for threat in &threats.changed {
        print(format!(
            "  threat changed: {} ({}), {}",
            threat.title,
            threat.id,
            json_text(&threat.status)
        ));
    }
    for threat in &threats.affecting {
        print(format!(
            "  threat affects a change: {} ({}), {}, affects {}",
            threat.title,
            threat.id,
            json_text(&threat.status),
            join(&threat.affects)
        ));
    }
}

fn member_text(member: &MemberChange) -> String {
    let value = |value: &Value| tmif::diff::shorten(&value.to_string(), 80);
    match (&member.old, &member.new) {
        (None, Some(new)) => format!("{} added: {}", member.pointer, value(new)),
        (Some(old), None) => format!("{} removed: {}", member.pointer, value(old)),
        (Some(old), Some(new)) => format!("{}: {} -> {}", member.pointer, value(old), value(new)),
        (None, None) => member.pointer.clone(),
    }
}

fn label(id: &tmif::model::Id, name: &Option<String>) -> String {
    match name {
        Some(name) => format!("{name} ({id})"),
        None => id.to_string(),
    }
}

fn quoted(name: &Option<String>) -> String {
    match name {
        Some(name) => format!("{name:?}"),
        None => "(none)".to_owned(),
    }
}

fn optional(id: &Option<tmif::model::Id>) -> String {
    id.as_ref()
        .map_or_else(|| "(none)".to_owned(), ToString::to_string)
}

fn join(ids: &[tmif::model::Id]) -> String {
    ids.iter()
        .map(|id| id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Returns the JSON spelling of an enum value, such as `not-applicable`.
fn json_text(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(text)) => text,
        _ => String::new(),
    }
}

fn capitalize(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}
