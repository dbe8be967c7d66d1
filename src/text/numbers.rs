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
    let mut phrase = Phrase::default();
    let mut end = start;
    for (j, class) in classes.iter().enumerate().skip(start) {
        let Some(c) = *class else { break };
        let next = classes.get(j + 1).copied().flatten();
        if !phrase.take(c, next) {
            break;
        }
        end = j + 1;
    }
    phrase.value().map(|v| (end, v))
}

/// A number phrase being read word by word ("two hundred and five
/// thousand"): the value of the scales passed and of the group being read.
struct Phrase {
    /// The value of the completed scale groups (`5000` in "five thousand
    /// two hundred").
    total: f64,
    /// The group being read (`200` in "five thousand two hundred").
    current: f64,
    /// The last word taken (`None` before the first).
    last: Option<Class>,
    /// The last scale applied: a later one must be smaller.
    last_scale: f64,
}

impl Default for Phrase {
    fn default() -> Self {
        Phrase {
            total: 0.0,
            current: 0.0,
            last: None,
            last_scale: f64::INFINITY,
        }
    }
}

impl Phrase {
    /// Takes word `c` (followed by `next`) if it continues the phrase;
    /// returns whether it did.
    fn take(&mut self, c: Class, next: Option<Class>) -> bool {
        let next_is = |f: fn(Class) -> bool| next.is_some_and(f);
        let ok = match c {
            Class::Digits(v) => {
                if self.last.is_some() {
                    false
                } else {
                    self.current = v;
                    true
                }
            }
            Class::Scaled(v, s) => {
                if self.last.is_some() {
                    false
                } else {
                    self.total = v * s;
                    self.last_scale = s;
                    true
                }
            }
            Class::Unit(v) => {
                let after_ten = matches!(self.last, Some(Class::Ten(_)));
                // "twenty five": a unit from 1 to 9 also completes a ten.
                self.add_if(self.opens_group() || after_ten && v > 0.0 && v < 10.0, v)
            }
            Class::Ten(v) => self.add_if(self.opens_group(), v),
            Class::Hundred => {
                let fits = self.current > 0.0
                    && self.current < 100.0
                    && !matches!(self.last, Some(Class::Hundred));
                if fits {
                    self.current *= 100.0;
                }
                fits
            }
            Class::Scale(s) => {
                let fits = self.current > 0.0 && s < self.last_scale;
                if fits {
                    self.total += self.current * s;
                    self.current = 0.0;
                    self.last_scale = s;
                }
                fits
            }
            Class::Article => {
                let fits = self.last.is_none()
                    && next_is(|n| matches!(n, Class::Hundred | Class::Scale(_)));
                if fits {
                    self.current = 1.0;
                }
                fits
            }
            Class::And => {
                matches!(self.last, Some(Class::Hundred | Class::Scale(_)))
                    && next_is(|n| matches!(n, Class::Unit(_) | Class::Ten(_)))
            }
        };
        if ok {
            self.last = Some(c);
        }
        ok
    }

    /// Whether a unit or a ten may start a group here: at the start of
    /// the phrase, or after a hundred, a scale or "and".
    fn opens_group(&self) -> bool {
        matches!(
            self.last,
            None | Some(Class::Hundred | Class::Scale(_) | Class::And)
        )
    }

    /// Adds `v` to the group being read when it `fits`; returns `fits`.
    fn add_if(&mut self, fits: bool, v: f64) -> bool {
        if fits {
            self.current += v;
        }
        fits
    }

    /// The phrase's value; `None` when it is empty or a lone article or
    /// conjunction, which is not a number.
    fn value(&self) -> Option<f64> {
        match self.last {
            Some(Class::Article | Class::And) | None => None,
            Some(_) => Some(self.total + self.current),
        }
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
