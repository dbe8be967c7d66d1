//! JSON view of a comparison: the result model serialised as is (field
//! names are documented in docs/json.md and are a contract).

use crate::compare::Comparison;

/// Pretty-printed JSON, with a final newline.
pub fn render(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).expect("the result model always serialises");
    s.push('\n');
    s
}

/// One JSON object on one line, with a final newline (for JSONL streams).
pub fn render_line(c: &Comparison) -> String {
    let mut s = serde_json::to_string(c).expect("the result model always serialises");
    s.push('\n');
    s
}
