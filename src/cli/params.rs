//! `neardup params`: the scan's LSH and verification settings as JSON, for
//! the Spark job (and anything else that finishes a scan elsewhere).

use anyhow::Result;
use neardup::sign::Signer;

use super::args::ParamsArgs;
use super::shared::{FOUND, write_stdout};

/// Runs `neardup params`; returns the exit status.
pub fn params(args: ParamsArgs) -> Result<u8> {
    let config = args.signature.config(Some(&args.verify));
    let params = Signer::new(config, false)?.params();
    let mut json = serde_json::to_string_pretty(&params)?;
    json.push('\n');
    write_stdout(&json)?;
    Ok(FOUND)
}
