//! Word normalisation: what makes trivial variants of a word hash equal.
//!
//! Unicode compatibility forms (NFKC: ligatures, full-width letters), case
//! folding, typographic apostrophes and quotes to `'`, dashes to `-`, and
//! possessives stripped (`France’s` → `france`). Normalisation changes what
//! is hashed, never where a token is: callers keep the original byte span.

use unicode_normalization::UnicodeNormalization;

/// Writes the normalised form of `word` into `out` (cleared first).
pub fn normalize_word(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        for c in word.nfkc() {
            match c {
                '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' => {
                    out.push('\'')
                }
                '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => out.push('-'),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    out.truncate(possessive_len(out.as_bytes()));
}

/// The length of a lower-cased word without its possessive: `france's` →
/// `france`, `companies'` → `companies` (a lone `'s` or `'` stays). The one
/// copy of the rule: the scan's fused word hashes apply it too.
#[inline(always)]
pub fn possessive_len(w: &[u8]) -> usize {
    let n = w.len();
    if n > 2 && w[n - 2] == b'\'' && w[n - 1] == b's' {
        n - 2
    } else if n > 1 && w[n - 1] == b'\'' {
        n - 1
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(w: &str) -> String {
        let mut s = String::new();
        normalize_word(w, &mut s);
        s
    }

    #[test]
    fn folds_case_quotes_and_possessives() {
        assert_eq!(norm("France’s"), "france");
        assert_eq!(norm("France's"), "france");
        assert_eq!(norm("FRANCE"), "france");
        assert_eq!(norm("don’t"), "don't");
        assert_eq!(norm("Straße"), "straße");
    }

    #[test]
    fn compatibility_forms() {
        assert_eq!(norm("ﬁnance"), "finance");
        assert_eq!(norm("ＡＩ"), "ai");
    }
}
