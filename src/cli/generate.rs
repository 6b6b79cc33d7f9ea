//! `tmif generate`.

use std::path::PathBuf;

use tmif::GenerateOptions;

use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The number of elements, at most 10,000,000; the model gets as many data flows.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    elements: u64,
    /// The seed of the pseudo-random choices; the same seed gives the same model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the model to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Status {
    let document = tmif::generate(GenerateOptions {
        elements: args.elements as usize,
        seed: args.seed,
    });
    let text = tmif::canonical::to_string(&document);
    match super::write_output(&super::output_path(args.output), text.as_bytes()) {
        Ok(()) => Status::Success,
        Err(message) => super::fail(message),
    }
}
