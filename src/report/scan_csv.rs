//! CSV view of a scan: one row per listed pair, with its cluster (RFC 4180
//! quoting). Cluster membership and representatives are in the JSON and
//! JSONL reports.

use super::csv::field;
use crate::scan::ScanResult;

/// The header row.
pub const HEADER: &str = "cluster,a,b,similarity";

/// Renders the pairs of `r` as CSV with a header row.
pub fn render(r: &ScanResult) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for p in &r.pairs {
        let row = [
            p.cluster.to_string(),
            field(&p.a),
            field(&p.b),
            p.similarity.to_string(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
