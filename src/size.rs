//! Sizes in bytes as people write them: `4096`, `512kB`, `100MB`, `2.5M`,
//! `1G`, `1GiB`. The one parser behind every flag that takes a size
//! (`--max-size`, `bench --size`, ...), so that a unit accepted by one is
//! accepted by all.
//!
//! Units are case-insensitive: `B`; `k`/`kB`, `M`/`MB`, `G`/`GB`, `T`/`TB`
//! are powers of 1000 (as disks and `ls --si` count); `Ki`/`KiB`,
//! `Mi`/`MiB`, `Gi`/`GiB`, `Ti`/`TiB` are powers of 1024. A whole number
//! without a unit is exact whatever its size; a decimal fraction is rounded
//! to the nearest byte.

use thiserror::Error;

/// A text that is not a size (the message says how to write one).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("'{input}' is not a size: {why}; write e.g. 4096, 512kB, 100MB, 1G or 1GiB")]
pub struct ParseSizeError {
    /// What was given.
    pub input: String,
    /// What is wrong with it.
    pub why: &'static str,
}

/// Parses a size in bytes (see the module docs for the units). Zero is a
/// size; whether it is a sensible one is for the caller to say.
pub fn parse_size(s: &str) -> Result<u64, ParseSizeError> {
    let bad = |why| ParseSizeError {
        input: s.to_string(),
        why,
    };
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    if number.is_empty() || number == "." {
        return Err(bad("no number"));
    }
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "t" | "tb" => 1_000_000_000_000,
        "ki" | "kib" => 1 << 10,
        "mi" | "mib" => 1 << 20,
        "gi" | "gib" => 1 << 30,
        "ti" | "tib" => 1 << 40,
        _ => return Err(bad("unknown unit")),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if fraction.contains('.') {
        return Err(bad("two decimal points"));
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad("too large"))?
    };
    let mut bytes = whole.checked_mul(scale).ok_or_else(|| bad("too large"))?;
    if !fraction.is_empty() {
        // Digits past the 18th cannot move the result by a byte at any
        // scale here (at most 2^40): ignore them rather than overflow.
        let digits = &fraction[..fraction.len().min(18)];
        let numerator: u128 = digits.parse().map_err(|_| bad("not a number"))?;
        let denominator = 10u128.pow(digits.len() as u32);
        let part = (numerator * u128::from(scale) + denominator / 2) / denominator;
        bytes = bytes
            .checked_add(part as u64)
            .ok_or_else(|| bad("too large"))?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        for (text, want) in [
            ("4096", 4096),
            ("0", 0),
            ("100MB", 100_000_000),
            ("2.5 mb", 2_500_000),
            ("512kB", 512_000),
            ("512K", 512_000),
            ("1G", 1_000_000_000),
            ("1g", 1_000_000_000),
            ("1GiB", 1 << 30),
            ("1Gi", 1 << 30),
            ("1.5KiB", 1536),
            ("2TB", 2_000_000_000_000),
            (".5k", 500),
            ("10B", 10),
            (" 7 ", 7),
            ("18446744073709551615", u64::MAX),
        ] {
            assert_eq!(parse_size(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_size_says_so() {
        for bad in [
            "",
            "MB",
            "10XB",
            "-5MB",
            "1e3",
            "1.2.3",
            ".",
            "18446744073709551616",
            "20000000TB",
            "nan",
        ] {
            let e = parse_size(bad).unwrap_err();
            assert!(e.to_string().contains("100MB"), "{bad}: {e}");
        }
    }

    #[test]
    fn fractions_round_to_the_nearest_byte() {
        assert_eq!(parse_size("0.0004k"), Ok(0));
        assert_eq!(parse_size("0.0005k"), Ok(1));
        assert_eq!(parse_size("1.0000000000000000000001GiB"), Ok(1 << 30));
    }
}
