//! JSON Lines view of a scan, for streaming tools: one object per line,
//! each with a `type` first — `settings`, then `summary`, then one
//! `cluster` per cluster, one `pair` per listed pair, one `skipped` per
//! skipped file, one `decoded_lossily` per lossily decoded file, one
//! `non_utf8` per file decoded from another encoding than UTF-8 and one
//! `changed_during_scan` per file that changed before its re-check. Apart
//! from `type`, each object has the fields of the JSON report's element.

use serde::Serialize;

use crate::scan::ScanResult;

#[derive(Serialize)]
struct Record<'a, T: Serialize> {
    r#type: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct PathOnly<'a> {
    path: &'a str,
}

fn line<T: Serialize>(out: &mut String, kind: &'static str, body: &T) {
    let rec = Record { r#type: kind, body };
    out.push_str(&serde_json::to_string(&rec).expect("scan records always serialise"));
    out.push('\n');
}

/// One JSON object per line, with a final newline.
pub fn render(r: &ScanResult) -> String {
    let mut out = String::new();
    line(&mut out, "settings", &r.settings);
    line(&mut out, "summary", &r.summary);
    for c in &r.clusters {
        line(&mut out, "cluster", c);
    }
    for p in &r.pairs {
        line(&mut out, "pair", p);
    }
    for s in &r.skipped {
        line(&mut out, "skipped", s);
    }
    for p in &r.decoded_lossily {
        line(&mut out, "decoded_lossily", &PathOnly { path: p });
    }
    for d in &r.non_utf8 {
        line(&mut out, "non_utf8", d);
    }
    for p in &r.changed_during_scan {
        line(&mut out, "changed_during_scan", &PathOnly { path: p });
    }
    out
}
