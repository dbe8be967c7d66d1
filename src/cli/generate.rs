//! `neardup completions SHELL` and `neardup man [COMMAND]`: shell
//! completion scripts and manual pages, generated from the same clap
//! definition that parses the flags (clap_complete, clap_mangen), so they
//! cannot drift from the options.

use anyhow::{Result, bail};

use super::args::{Cli, CompletionsArgs, ManArgs};
use super::shared::{FOUND, write_stdout};

/// Prints the completion script for a shell.
pub fn completions(args: CompletionsArgs) -> Result<u8> {
    let mut cmd = Cli::definition();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "neardup", &mut script);
    write_stdout(&String::from_utf8(script)?)?;
    Ok(FOUND)
}

/// Prints the man page of neardup, or of one command (`index-add` names a
/// command of a command).
pub fn man(args: ManArgs) -> Result<u8> {
    let mut cmd = Cli::definition();
    cmd.build();
    let page = match &args.command {
        None => cmd,
        Some(name) => match find(&cmd, name) {
            Some(sub) => sub,
            None => bail!(
                "no command '{name}'; give one of: {}",
                names(&cmd, "").join(", ")
            ),
        },
    };
    let title = page
        .get_display_name()
        .unwrap_or(page.get_name())
        .to_string();
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .title(title)
        .source(concat!("neardup ", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)?;
    write_stdout(&String::from_utf8(roff)?)?;
    Ok(FOUND)
}

/// The command named `a-b` (`index-add`) in the built `root`.
fn find(root: &clap::Command, name: &str) -> Option<clap::Command> {
    let mut cmd = root;
    let mut rest = name;
    loop {
        let (head, tail) = match rest.split_once('-') {
            Some((h, t)) => (h, Some(t)),
            None => (rest, None),
        };
        cmd = cmd
            .find_subcommand(head)
            .filter(|c| c.get_name() != "help")?;
        match tail {
            Some(t) => rest = t,
            None => break,
        }
    }
    // After `build`, its display name is `neardup-a-b`, its usage
    // `neardup a b`: what the page's title and synopsis show.
    Some(cmd.clone())
}

/// Every command's page name, `index-add` for a command of a command.
fn names(cmd: &clap::Command, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
        let name = format!("{prefix}{}", sub.get_name());
        out.push(name.clone());
        out.extend(names(sub, &format!("{name}-")));
    }
    out
}
