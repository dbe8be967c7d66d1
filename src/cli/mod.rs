//! The command-line front end: everything that knows clap, anyhow,
//! indicatif, terminals and exit codes. The library never sees it.
//!
//! [`args`] defines the flags and turns them into the library's validated
//! configs; each command has its own file ([`compare`] with [`pairs`] for
//! `compare --pairs`, [`scan`] with [`scan_views`] for its HTML views,
//! [`eval`], [`bench`](mod@bench) in its own folder; [`index`] and
//! [`find`] for the archive index; [`sign`], [`params`] and [`cluster`]
//! for other engines, such as the Spark job); [`progress`] draws
//! the progress bars the library reports to through its observer trait;
//! [`shared`] holds what the commands share (exit statuses, writing to
//! stdout, reading path lists). Dependencies point one way: commands →
//! `args`, `progress`, `shared` → the library; nothing imports a command
//! but this file.

pub mod args;
mod bench;
mod cluster;
mod compare;
mod eval;
mod find;
mod index;
mod out_dir;
mod pairs;
mod params;
mod progress;
mod scan;
mod scan_views;
pub mod shared;
mod sign;

use anyhow::Result;

use args::Command;

/// Runs `command`; returns the exit status.
pub fn run(command: Command) -> Result<u8> {
    match command {
        Command::Compare(args) => compare::compare(args),
        Command::Eval(args) => eval::eval(args.target),
        Command::Scan(args) => scan::scan(args),
        Command::Bench(args) => bench::bench(args),
        Command::Index(args) => index::index(args.action),
        Command::Find(args) => find::find(args),
        Command::Sign(args) => sign::sign(args),
        Command::Params(args) => params::params(args),
        Command::Cluster(args) => cluster::cluster(args),
    }
}
