//! JSON view of a scan: the result model serialised as is (the schema is
//! documented in docs/json.md and is a contract).

use crate::scan::ScanResult;

/// Pretty-printed JSON, with a final newline.
pub fn render(r: &ScanResult) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("the scan result always serialises");
    s.push('\n');
    s
}
