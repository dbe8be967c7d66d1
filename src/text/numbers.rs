//! Number phrases: `one million` = `1 million` = `1,000,000`.
//!
//! [`fold_numbers`] finds runs of words that spell a number (digits with
//! thousands separators and decimals, `bn`/`m` suffixes, and — for English —
//! number words with `hundred`, `thousand`, `million`, `billion`, `trillion`)
//! and gives each run one canonical value, so a rewrite that spells a number
//! differently still shares the token. Plurals (`billions of dollars`) are
//! vague quantities and stay words.

/// A run of words `first..=last` that spells the number `value`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberRun {
    /// Index of the first word of the run.
    pub first: usize,
    /// Index of the last word of the run.
    pub last: usize,
    /// The value the run spells.
    pub value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Digits(f64),
    /// Digits with a scale suffix, such as `5.6bn`.
    Scaled(f64, f64),
    Unit(f64),
    Ten(f64),
    Hundred,
    Scale(f64),
    Article,
    And,
}

fn classify(w: &str, words: bool) -> Option<Class> {
    if let Some(v) = parse_digits(w) {
        return Some(Class::Digits(v));
    }
    // News style: `$5.6bn`, `£1.2m`, `400m` (a lone `m` after digits is read
    // as million; `100m` for metres is the price of that convention).
    for (suffix, scale) in [("bn", 1e9), ("mn", 1e6), ("tn", 1e12), ("m", 1e6)] {
        if let Some(head) = w.strip_suffix(suffix) {
            if let Some(v) = parse_digits(head) {
                return Some(Class::Scaled(v, scale));
            }
        }
    }
    if !words {
        return None;
    }
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(Class::Unit(i as f64));
    }
    if let Some(i) = TENS.iter().position(|t| *t == w) {
        return Some(Class::Ten(20.0 + 10.0 * i as f64));
    }
    match w {
        "hundred" => Some(Class::Hundred),
        "thousand" => Some(Class::Scale(1e3)),
        "million" => Some(Class::Scale(1e6)),
        "billion" => Some(Class::Scale(1e9)),
        "trillion" => Some(Class::Scale(1e12)),
        "a" | "an" => Some(Class::Article),
        "and" => Some(Class::And),
        _ => None,
    }
}

/// Parses `2,500`, `4.3`, `1,000,000.5`; rejects `1,5`, `1.2.3`, `007`.
fn parse_digits(w: &str) -> Option<f64> {
    let b = w.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() {
        return None;
    }
    if b[0] == b'0' && b.len() > 1 && b[1] != b'.' {
        return None;
    }
    let (int_part, frac) = match w.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (w, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let mut groups = int_part.split(',');
    let first = groups.next()?;
    if first.is_empty() || !first.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut digits = String::from(first);
    let mut grouped = false;
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|c| c.is_ascii_digit()) || first.len() > 3 {
            return None;
        }
        grouped = true;
        digits.push_str(g);
    }
    if grouped && first.starts_with('0') {
        return None;
    }
    if let Some(f) = frac {
        digits.push('.');
        digits.push_str(f);
    }
    digits.parse().ok()
}

/// Finds the number phrases in a sequence of normalised words. Number words
/// are recognised only when `english_words` is set; digits always are.
pub fn fold_numbers(words: &[&str], english_words: bool) -> Vec<NumberRun> {
    let classes: Vec<Option<Class>> = words.iter().map(|w| classify(w, english_words)).collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match parse_run(&classes, i) {
            Some((end, value)) => {
                runs.push(NumberRun {
                    first: i,
                    last: end - 1,
                    value,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    runs
}

/// Parses the longest number phrase starting at `start`; returns its end
/// (exclusive) and value.
fn parse_run(classes: &[Option<Class>], start: usize) -> Option<(usize, f64)> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut last: Option<Class> = None;
    let mut last_scale = f64::INFINITY;
    let mut end = start;
    let next_is = |j: usize, f: fn(Class) -> bool| classes.get(j).copied().flatten().is_some_and(f);
    for (j, class) in classes.iter().enumerate().skip(start) {
        let Some(c) = *class else { break };
        let ok = match c {
            Class::Digits(v) => {
                if last.is_some() {
                    false
                } else {
                    current = v;
                    true
                }
            }
            Class::Scaled(v, s) => {
                if last.is_some() {
                    false
                } else {
                    total = v * s;
                    last_scale = s;
                    true
                }
            }
            Class::Unit(v) => {
                let fits = match last {
                    None | Some(Class::Hundred | Class::Scale(_) | Class::And) => true,
                    Some(Class::Ten(_)) => v > 0.0 && v < 10.0,
                    _ => false,
                };
                if fits {
                    current += v;
                }
                fits
            }
            Class::Ten(v) => {
                let fits = matches!(
                    last,
                    None | Some(Class::Hundred | Class::Scale(_) | Class::And)
                );
                if fits {
                    current += v;
                }
                fits
            }
            Class::Hundred => {
                if current > 0.0 && current < 100.0 && !matches!(last, Some(Class::Hundred)) {
                    current *= 100.0;
                    true
                } else {
                    false
                }
            }
            Class::Scale(s) => {
                if current > 0.0 && s < last_scale {
                    total += current * s;
                    current = 0.0;
                    last_scale = s;
                    true
                } else {
                    false
                }
            }
            Class::Article => {
                let fits = last.is_none()
                    && next_is(j + 1, |n| matches!(n, Class::Hundred | Class::Scale(_)));
                if fits {
                    current = 1.0;
                }
                fits
            }
            Class::And => {
                matches!(last, Some(Class::Hundred | Class::Scale(_)))
                    && next_is(j + 1, |n| matches!(n, Class::Unit(_) | Class::Ten(_)))
            }
        };
        if !ok {
            break;
        }
        last = Some(c);
        end = j + 1;
    }
    // A lone article or conjunction is not a number.
    match last {
        Some(Class::Article | Class::And) | None => None,
        Some(_) => Some((end, total + current)),
    }
}

/// The canonical spelling of a number value: an integer when it is one,
/// otherwise up to six decimals without trailing zeros.
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e18 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<String> {
        let words: Vec<&str> = s.split(' ').collect();
        fold_numbers(&words, true)
            .iter()
            .map(|r| format_value(r.value))
            .collect()
    }

    #[test]
    fn spellings_of_one_million_agree() {
        assert_eq!(values("one million people"), ["1000000"]);
        assert_eq!(values("1 million people"), ["1000000"]);
        assert_eq!(values("1,000,000 people"), ["1000000"]);
        assert_eq!(values("a million people"), ["1000000"]);
    }

    #[test]
    fn compound_numbers() {
        assert_eq!(values("4.3 billion"), ["4300000000"]);
        assert_eq!(values("5.6bn"), ["5600000000"]);
        assert_eq!(values("1.2m"), values("1.2 million"));
        assert_eq!(values("two thousand five hundred"), ["2500"]);
        assert_eq!(values("2,500 startups"), ["2500"]);
        assert_eq!(values("one hundred and five"), ["105"]);
        assert_eq!(values("twenty five"), ["25"]);
        assert_eq!(values("1.2 billion euros by 2027"), ["1200000000", "2027"]);
    }

    #[test]
    fn non_numbers_stay_words() {
        assert!(values("billions of dollars").is_empty());
        assert!(values("a hundredth and").is_empty());
        assert_eq!(values("1,5 1.2.3 007 and 12"), ["12"]);
        assert!(values("a").is_empty());
        // Two digit groups side by side are two numbers.
        assert_eq!(values("3 4"), ["3", "4"]);
        assert_eq!(values("one two"), ["1", "2"]);
    }

    #[test]
    fn number_words_only_for_english() {
        let words = ["one", "million", "2,500"];
        let runs = fold_numbers(&words, false);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].first, 2);
    }
}
