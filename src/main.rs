//! The `tmif` command: a thin layer over the `tmif` library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let status = cli::run(args);
    ExitCode::from(status as u8)
}
