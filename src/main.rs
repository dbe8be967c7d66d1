//! The `neardup` binary: parse flags, run the command, turn the outcome
//! into an exit status (0 found, 1 nothing found, 2 error). All the work is
//! in the library; `cli/` holds the flags and one file per command.

mod cli;

use std::process::ExitCode;

// mimalloc rather than the system allocator: preparing a document
// allocates a few small vectors per passage, and glibc's malloc and free
// were a fifth of the CPU time of a long compare (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = match cli::args::Cli::parse_args() {
        Ok(args) => args,
        Err(e) => return ExitCode::from(cli::shared::report_usage_error(&e)),
    };
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            cli::shared::report_error(&e);
            ExitCode::from(cli::shared::exit_code(&e))
        }
    }
}
