//! The `neardup` binary: parse flags, run, turn the outcome into an exit
//! status (0 found, 1 nothing found, 2 error). All the work is in the
//! library; see `run.rs` for the glue.

mod bench_cmd;
mod bench_corpus;
mod cli;
mod eval_cmd;
mod find_cmd;
mod index_cmd;
mod pairs_cmd;
mod run;
mod scan_cmd;
mod scan_html;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match run::run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("neardup: error: {e:#}");
            ExitCode::from(run::ERROR)
        }
    }
}
