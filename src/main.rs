//! The `neardup` binary: parse flags, run the command, turn the outcome
//! into an exit status (0 found, 1 nothing found, 2 error). All the work is
//! in the library; `cli/` holds the flags and one file per command.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            cli::shared::report_error(&e);
            ExitCode::from(cli::shared::exit_code(&e))
        }
    }
}
