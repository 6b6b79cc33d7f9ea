//! `tmif schema`.

use std::path::PathBuf;

use tmif::FormatVersion;

use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format version, as MAJOR.MINOR.
    #[arg(long = "version", value_name = "VERSION", default_value = "1.0")]
    format_version: String,
    /// Print the schema of the private overlay that `tmif split` writes, instead of the document schema.
    #[arg(long)]
    overlay: bool,
    /// Write the schema to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Status {
    let Some(version) = FormatVersion::parse(&args.format_version) else {
        return super::fail(format_args!(
            "unknown format version `{}`; this build knows {}",
            args.format_version,
            tmif::version::supported_list()
        ));
    };
    let schema = if args.overlay {
        if version < FormatVersion::V1_1 {
            return super::fail("the overlay was added in version 1.1; use `--version 1.1`");
        }
        tmif::schema::generate_overlay()
    } else {
        tmif::schema::generate(version)
    };
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    match super::write_output(&super::output_path(args.output), text.as_bytes()) {
        Ok(()) => Status::Success,
        Err(message) => super::fail(message),
    }
}
