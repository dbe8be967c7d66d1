//! Wording shared by the views: numbers, plurals, capitals.

pub fn percent(share: f64) -> String {
    format!("{:.1}%", 100.0 * share)
}

pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
