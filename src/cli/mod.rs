//! The command-line front end: everything that knows clap, anyhow,
//! indicatif, terminals and exit codes. The library never sees it.
//!
//! [`args`] defines the flags and turns them into the library's validated
//! configs; each command has its own file ([`compare`] with [`pairs`] for
//! `compare --pairs`, [`scan`] with [`scan_views`] for its HTML views,
//! [`eval`], [`bench`](mod@bench) in its own folder; [`index`] and
//! [`find`] for the archive index; [`sign`], [`params`] and [`cluster`]
//! for other engines, such as the Spark job; [`generate`] for shell
//! completions and man pages); [`progress`] draws the progress bars the
//! library reports to through its observer trait; [`shared`] holds what
//! the commands share (exit statuses, reading inputs and path lists);
//! [`output`] is where every report goes (stdout or `--output FILE`),
//! [`out_dir`] how files are written into an `--out DIR` folder.
//! Dependencies point one way: commands → `args`, `progress`, `shared` →
//! the library; nothing imports a command but this file.

pub mod args;
mod bench;
mod cluster;
mod compare;
mod eval;
mod find;
mod generate;
mod index;
mod out_dir;
mod output;
mod pairs;
mod params;
mod progress;
mod scan;
mod scan_views;
pub mod shared;
mod sign;

use anyhow::{Context, Result};

use args::{Cli, Command};

/// Runs the command line: applies the global options (`--threads`,
/// `--output`), runs the command, and returns its exit status. The
/// `--output` file appears only when the command succeeded.
pub fn run(cli: Cli) -> Result<u8> {
    if let Some(n) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n as usize)
            .build_global()
            .context("cannot start the worker threads of --threads")?;
    }
    output::open(cli.output.as_deref())?;
    match dispatch(cli.command, cli.threads) {
        Ok(code) => {
            output::finish()?;
            Ok(code)
        }
        Err(e) => {
            output::discard();
            Err(e)
        }
    }
}

/// Runs `command`; returns the exit status.
fn dispatch(command: Command, threads: Option<u32>) -> Result<u8> {
    match command {
        Command::Compare(args) => compare::compare(args),
        Command::Eval(args) => eval::eval(args.target),
        Command::Scan(args) => scan::scan(args),
        Command::Bench(args) => bench::bench(args, threads),
        Command::Index(args) => index::index(args.action),
        Command::Find(args) => find::find(args),
        Command::Sign(args) => sign::sign(args),
        Command::Params(args) => params::params(args),
        Command::Cluster(args) => cluster::cluster(args),
        Command::Completions(args) => generate::completions(args),
        Command::Man(args) => generate::man(args),
    }
}
