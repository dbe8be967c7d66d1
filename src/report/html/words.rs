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

/// `1027` → `1,027`.
pub fn group_digits(n: usize) -> String {
    group_u64(n as u64)
}

/// As [`group_digits`], for counts that may pass `usize` on 32-bit targets.
pub fn group_u64(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_in_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1027), "1,027");
        assert_eq!(group_digits(1_048_576), "1,048,576");
    }
}
