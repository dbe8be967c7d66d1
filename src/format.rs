//! How numbers are written in results and reports, in one place:
//! similarities and rates rounded to 4 decimals, counts grouped by
//! thousands.

/// Rounds a similarity, score or rate for output (4 decimals), so reports
/// are stable and short.
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `1027` → `1,027`.
pub fn group_digits(n: u64) -> String {
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
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(1027), "1,027");
        assert_eq!(group_digits(1_048_576), "1,048,576");
        assert_eq!(group_digits(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn round4_keeps_four_decimals() {
        assert_eq!(round4(0.123_449), 0.1234);
        assert_eq!(round4(0.123_45), 0.1235);
        assert_eq!(round4(1.0), 1.0);
        assert_eq!(round4(0.0), 0.0);
    }
}
