//! Number phrases: `one million` = `1 million` = `1,000,000`.
//!
//! [`fold_numbers`] finds runs of words that spell a number (digits with
//! thousands separators and decimals, `bn`/`m` suffixes, and — for English —
//! number words with `hundred`, `thousand`, `million`, `billion`, `trillion`)
//! and gives each run one canonical value, so a rewrite that spells a number
//! differently still shares the token. Plurals (`billions of dollars`) are
//! vague quantities and stay words.
//!
//! Chinese and Japanese numerals are read in every language, like digits
//! (their characters spell nothing else): `十九` = 19, `二十二` = 22,
//! `三百` = 300, `一千五百` = 1500, `两百` = 200, `五千万` = 50,000,000, a year
//! written digit by digit `二〇二六` = 2026, and a numeral after digits
//! `5000万` = `1.2亿`-style = digits times the scale, decimals `四点九` =
//! 4.9. Touching numeral words (the dictionary may cut `二十二` in two) are
//! read as one number. A lone `一` is not a number (it is as often the
//! article "a").

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
/// are recognised only when `english_words` is set; digits and Chinese or
/// Japanese numerals always are.
pub fn fold_numbers(words: &[&str], english_words: bool) -> Vec<NumberRun> {
    // Items: a word, or a run of touching CJK numeral words read as one
    // number (`first..=last` in `words`).
    let mut items: Vec<(usize, usize, Option<Class>)> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && is_cjk_numeral(words[j]) {
            j += 1;
        }
        if j > i {
            let joined: String = words[i..j].concat();
            match cjk_class(&joined) {
                Some(c) => items.push((i, j - 1, Some(c))),
                // Not one numeral (`十九 点`, 7 p.m.): each word alone.
                None => items.extend((i..j).map(|k| (k, k, cjk_class(words[k])))),
            }
            i = j;
        } else {
            items.push((i, i, classify(words[i], english_words)));
            i += 1;
        }
    }
    let classes: Vec<Option<Class>> = items.iter().map(|it| it.2).collect();
    let mut runs = Vec::new();
    let mut k = 0;
    while k < items.len() {
        match parse_run(&classes, k) {
            Some((end, value)) => {
                runs.push(NumberRun {
                    first: items[k].0,
                    last: items[end - 1].1,
                    value,
                });
                k = end;
            }
            None => k += 1,
        }
    }
    runs
}

/// The value of a Chinese or Japanese numeral digit (`两`/`兩` = 2).
fn cjk_digit(c: char) -> Option<f64> {
    Some(match c {
        '〇' | '零' => 0.0,
        '一' => 1.0,
        '二' | '两' | '兩' => 2.0,
        '三' => 3.0,
        '四' => 4.0,
        '五' => 5.0,
        '六' => 6.0,
        '七' => 7.0,
        '八' => 8.0,
        '九' => 9.0,
        _ => return None,
    })
}

/// The multiplier of `十`, `百`, `千` (within a group of four digits).
fn cjk_small(c: char) -> Option<f64> {
    match c {
        '十' => Some(10.0),
        '百' => Some(100.0),
        '千' => Some(1e3),
        _ => None,
    }
}

/// The multiplier of `万`, `亿`, `兆` (a group of four digits each).
fn cjk_large(c: char) -> Option<f64> {
    match c {
        '万' | '萬' => Some(1e4),
        '亿' | '億' => Some(1e8),
        '兆' => Some(1e12),
        _ => None,
    }
}

/// A word made only of Chinese or Japanese numeral characters (and the
/// decimal point `点`).
fn is_cjk_numeral(w: &str) -> bool {
    // Every numeral character is three bytes in UTF-8, above U+3000.
    w.as_bytes().first().is_some_and(|&b| b >= 0xE3)
        && w.chars()
            .all(|c| c == '点' || cjk_digit(c).or(cjk_small(c)).or(cjk_large(c)).is_some())
}

/// The class of a Chinese or Japanese numeral: a lone scale, or digits.
fn cjk_class(w: &str) -> Option<Class> {
    cjk_scale(w).or_else(|| parse_cjk(w).map(Class::Digits))
}

/// A lone `百`, `千`, `万`, `亿` or `兆`: a scale, a number only after digits
/// (`5000 万`, `1.2 亿`, `3 百`).
fn cjk_scale(w: &str) -> Option<Class> {
    let mut chars = w.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    match c {
        '百' => Some(Class::Hundred),
        _ => cjk_small(c)
            .filter(|_| c != '十')
            .or(cjk_large(c))
            .map(Class::Scale),
    }
}

/// The value of a Chinese or Japanese numeral: `十九` 19, `二十二` 22,
/// `一百零五` 105, `三千五百万` 35,000,000, `一亿二千万` 120,000,000,
/// `二〇二六` 2026 (digits only: read position by position). `None` for a
/// string that is no well-formed numeral (`十十`, `百二千`).
fn parse_cjk(w: &str) -> Option<f64> {
    if let Some((int, frac)) = w.split_once('点') {
        // `四点九` 4.9, `零点二` 0.2, `一点五` 1.5: the fraction digit by
        // digit (`一点`, "a little", and `十九点`, "7 p.m.", are no number).
        if frac.is_empty() {
            return None;
        }
        let (mut f, mut unit) = (0.0, 1.0);
        for c in frac.chars() {
            unit /= 10.0;
            f += cjk_digit(c)? * unit;
        }
        return Some(parse_whole(int)? + f);
    }
    // A lone `一` (or `零`) is no number: `一` is as often the article
    // "a" (`一|座|城市`).
    if matches!(w, "一" | "零" | "〇") {
        return None;
    }
    parse_whole(w)
}

/// [`parse_cjk`] of a numeral without a decimal point (a lone `一` is 1).
fn parse_whole(w: &str) -> Option<f64> {
    if w.is_empty() {
        return None;
    }
    if w.chars().all(|c| cjk_digit(c).is_some()) {
        // `二〇二六`: one digit per position.
        return w
            .chars()
            .try_fold(0.0, |acc, c| Some(acc * 10.0 + cjk_digit(c)?));
    }
    let mut total = 0.0;
    // The group below the next large scale, its pending digit, the last
    // small multiplier and large scale used (each must fall).
    let (mut group, mut digit): (f64, Option<f64>) = (0.0, None);
    let (mut last_small, mut last_large) = (f64::INFINITY, f64::INFINITY);
    for c in w.chars() {
        if let Some(d) = cjk_digit(c) {
            // Two digits in a row: only `零` may precede another (`一百零五`).
            if digit.is_some_and(|p| p != 0.0) {
                return None;
            }
            digit = Some(d);
        } else if let Some(m) = cjk_small(c) {
            if m >= last_small {
                return None;
            }
            // `十九`: a multiplier without a digit counts once.
            group += digit.take().unwrap_or(1.0) * m;
            last_small = m;
        } else {
            let m = cjk_large(c)?;
            let value = group + digit.take().unwrap_or(0.0);
            if m >= last_large || value == 0.0 {
                return None;
            }
            total += value * m;
            (group, last_small, last_large) = (0.0, f64::INFINITY, m);
        }
    }
    Some(total + group + digit.unwrap_or(0.0))
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
    fn chinese_and_japanese_numerals() {
        for (numeral, want) in [
            ("十九", "19"),
            ("二十二", "22"),
            ("三百", "300"),
            ("一百零五", "105"),
            ("一千五百", "1500"),
            ("两百", "200"),
            ("十", "10"),
            ("三万", "30000"),
            ("五千万", "50000000"),
            ("一亿二千万", "120000000"),
            ("二〇二六", "2026"),
            // Japanese leaves out the 一 before 百 and 千 too.
            ("千九百八十四", "1984"),
            ("億", "100000000"),
        ] {
            // A lone scale is no number: it needs digits before it.
            let got = values(numeral);
            if numeral == "億" {
                assert!(got.is_empty(), "{numeral}: {got:?}");
                assert_eq!(values(&format!("1 {numeral}")), [want], "1 {numeral}");
            } else {
                assert_eq!(got, [want], "{numeral}");
            }
        }
        // Digits and a scale; a numeral cut in two by the dictionary; a
        // numeral beside other words.
        assert_eq!(values("5000 万"), ["50000000"]);
        assert_eq!(values("1.2 亿 元"), ["120000000"]);
        assert_eq!(values("3 百"), ["300"]);
        assert_eq!(values("二十 二 号"), ["22"]);
        assert_eq!(values("地铁 十九 号 线"), ["19"]);
        // Touching numerals that make no one numeral are read one by one.
        assert_eq!(values("二十 十九"), ["20", "19"]);
        // Decimals with 点, cut or not; 点 alone is a word ("o'clock").
        assert_eq!(values("百分之 四 点 九"), ["4.9"]);
        assert_eq!(values("零点二 个 百分点"), ["0.2"]);
        assert_eq!(values("十九 点 开始"), ["19"]);
        assert!(values("一点 点").is_empty());
        assert_eq!(values("一点五"), ["1.5"]);
        // A lone 一 is as often "a" as "one": no number (一百 is).
        assert!(values("一 座 城市").is_empty());
        assert_eq!(values("一 百"), ["100"]);
        // Recognised without English number words too, as digits are.
        let words = ["二十二", "名", "22"];
        let runs = fold_numbers(&words, false);
        assert_eq!(runs.len(), 2);
        assert_eq!((runs[0].first, runs[0].last, runs[0].value), (0, 0, 22.0));
        assert_eq!(runs[1].value, 22.0);
    }

    #[test]
    fn numerals_and_digits_give_one_term_in_chinese_and_japanese_text() {
        // Through the analyser: dictionary words, then the numbers folded.
        let keys = |lang: &str, text: &str| -> Vec<String> {
            let a = crate::text::Analyzer::new(crate::text::Language::from_name(lang).unwrap());
            a.terms(text, crate::text::Span::new(0, text.len()))
                .into_iter()
                .map(|t| t.key)
                .collect()
        };
        for (lang, numerals, digits) in [
            ("zh", "地铁十九号线全长二十二公里", "地铁19号线全长22公里"),
            ("zh", "投资五千万元", "投资5000万元"),
            ("zh", "同比增长百分之四点九", "同比增长百分之4.9"),
            ("ja", "約五十万冊の本と三百席", "約50万冊の本と300席"),
        ] {
            let (a, b) = (keys(lang, numerals), keys(lang, digits));
            assert_eq!(a, b, "{numerals} / {digits}");
            assert!(
                a.iter()
                    .any(|k| k.bytes().all(|c| c.is_ascii_digit() || c == b'.'))
            );
        }
    }

    #[test]
    fn malformed_numerals_stay_words() {
        for w in ["十十", "百二千", "二三十", "万万", "一万亿"] {
            assert!(values(w).is_empty(), "{w}: {:?}", values(w));
        }
        // Not numerals at all.
        assert!(values("一起 统一 万人").is_empty());
    }

    #[test]
    fn number_words_only_for_english() {
        let words = ["one", "million", "2,500"];
        let runs = fold_numbers(&words, false);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].first, 2);
    }
}
