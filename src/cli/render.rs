//! `tmif render`.

use std::path::{Path, PathBuf};

use tmif::diff::DiffOptions;
use tmif::model::Tlp;
use tmif::render::{Format, Scene};

use super::{Status, diff};

/// Draw the data-flow diagram of a threat model, or of a change between two
/// revisions.
///
/// The layout is computed by tmif itself, without Graphviz. In a diagram of
/// a change (`--diff OLD NEW`), added, removed and changed zones, elements
/// and flows each have their own style, explained by a legend, and the HTML
/// page lists the changes and the threats they reach. Exit status: 0 on
/// success, 1 when an input is not a valid TMIF document, 2 on a usage or
/// I/O error.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document to draw, or with `--diff` the old and the new revision;
    /// `-` reads standard input.
    #[arg(value_name = "FILE", required = true, num_args = 1..=2)]
    files: Vec<PathBuf>,
    /// Draw the change from the first file (old) to the second (new).
    #[arg(long)]
    diff: bool,
    /// Output format. Without it, the extension of `-o` decides (`.svg`,
    /// `.html` or `.htm`, `.dot` or `.gv`, `.mmd`), and otherwise SVG.
    #[arg(long, value_enum)]
    format: Option<RenderFormat>,
    /// Write the output to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Redact the input, or both revisions, to this TLP label before drawing,
    /// as `tmif diff --max` does: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.
    #[arg(long, value_name = "LEVEL", value_parser = diff::parse_level)]
    max: Option<Tlp>,
}

/// Output formats of `tmif render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RenderFormat {
    /// A standalone SVG image.
    Svg,
    /// One self-contained HTML page with the diagram and the list of changes.
    Html,
    /// Graphviz DOT text, for `dot -Tsvg`.
    Dot,
    /// Mermaid flowchart text, for Markdown that renders Mermaid.
    Mermaid,
}

impl From<RenderFormat> for Format {
    fn from(format: RenderFormat) -> Format {
        match format {
            RenderFormat::Svg => Format::Svg,
            RenderFormat::Html => Format::Html,
            RenderFormat::Dot => Format::Dot,
            RenderFormat::Mermaid => Format::Mermaid,
        }
    }
}

impl RenderFormat {
    /// Returns the format that the extension of an output path names, if any.
    fn of_extension(path: &Path) -> Option<RenderFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "svg" => Some(RenderFormat::Svg),
            "html" | "htm" => Some(RenderFormat::Html),
            "dot" | "gv" => Some(RenderFormat::Dot),
            "mmd" | "mermaid" => Some(RenderFormat::Mermaid),
            _ => None,
        }
    }
}

pub fn run(args: Args) -> Status {
    let path = super::output_path(args.output);
    if path.as_os_str() != "-" {
        if let Some(input) = args
            .files
            .iter()
            .find(|input| tmif::output::same_target(input, &path))
        {
            return super::fail(format!(
                "the output path {} is an input file; choose another output path with -o",
                input.display()
            ));
        }
    }
    let format = args
        .format
        .or_else(|| RenderFormat::of_extension(&path))
        .unwrap_or(RenderFormat::Svg);
    let scene = match (args.diff, args.files.as_slice()) {
        (false, [file]) => match single_scene(file, args.max) {
            Ok(scene) => scene,
            Err(status) => return status,
        },
        (true, [old, new]) => match diff_scene(old, new, args.max) {
            Ok(scene) => scene,
            Err(status) => return status,
        },
        (false, _) => {
            return super::fail(
                "render takes one FILE; to draw a change between two revisions, \
                 pass --diff OLD NEW",
            );
        }
        (true, _) => return super::fail("--diff takes two files: OLD and NEW"),
    };
    if scene.skipped_flows > 0 {
        super::eprint_text(format_args!(
            "tmif: warning: {} data flows are not drawn because their source or target \
             element does not exist",
            scene.skipped_flows
        ));
    }
    let text = tmif::render::render(&scene, format.into());
    match super::write_output(&path, text.as_bytes()) {
        Ok(()) => Status::Success,
        Err(message) => super::fail(message),
    }
}

fn single_scene(path: &Path, max: Option<Tlp>) -> Result<Scene, Status> {
    let document = diff::load(path, Status::Problems, "rendered")?;
    let document = diff::redact_for_sharing(path, document, max)?;
    Ok(Scene::of_document(&document))
}

fn diff_scene(old_path: &Path, new_path: &Path, max: Option<Tlp>) -> Result<Scene, Status> {
    if old_path == Path::new("-") && new_path == Path::new("-") {
        return Err(super::fail(
            "only one of OLD and NEW can be `-` (standard input)",
        ));
    }
    let old = diff::load(old_path, Status::Problems, "rendered")?;
    let new = diff::load(new_path, Status::Problems, "rendered")?;
    let (old, new) = diff::redact_revisions((old_path, old), (new_path, new), max)?;
    let (old, new, _) = diff::same_version(old, new).map_err(super::fail)?;
    let changes = tmif::diff::diff(&old, &new, &DiffOptions::default());
    let mut scene = Scene::of_diff(&old, &new, &changes);
    if let Some(changes) = &mut scene.changes {
        changes.old_label = old_path.display().to_string();
        changes.new_label = new_path.display().to_string();
    }
    Ok(scene)
}
