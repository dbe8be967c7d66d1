//! The command-line front end: everything that knows clap, anyhow,
//! indicatif, terminals and exit codes. The library never sees it.
//!
//! [`args`] defines the flags and turns them into the library's validated
//! configs; each command has its own file ([`compare`] with [`pairs`] for
//! `compare --pairs`, [`scan`] with [`scan_views`] for its HTML views,
//! [`eval`], [`bench`](mod@bench) in its own folder); [`progress`] draws
//! the progress bars the library reports to through its observer trait;
//! [`shared`] holds what the commands share (exit statuses, writing to
//! stdout, reading path lists). Dependencies point one way: commands →
//! `args`, `progress`, `shared` → the library; nothing imports a command
//! but this file.

pub mod args;
mod bench;
mod compare;
mod eval;
mod pairs;
mod progress;
mod scan;
mod scan_views;
pub mod shared;

use anyhow::Result;

use args::Command;

/// Runs `command`; returns the exit status.
pub fn run(command: Command) -> Result<u8> {
    match command {
        Command::Compare(args) => compare::compare(args),
        Command::Eval(args) => eval::eval(args.target),
        Command::Scan(args) => scan::scan(args),
        Command::Bench(args) => bench::bench(args),
    }
}
