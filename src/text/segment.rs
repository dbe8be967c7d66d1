//! Dictionary word boundaries for the scripts written without spaces
//! between words: Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar.
//!
//! UAX #29 (unicode-segmentation, [`words`](super::words)) has no word
//! boundaries for these scripts: it gives each Han, kana or Thai letter as
//! a word of its own. [`Runs`] takes those touching one-letter words
//! back into runs and splits each run with ICU4X's dictionary segmenter
//! (`icu_segmenter`, compiled data: the CJ dictionary for Han and kana, one
//! dictionary each for Thai, Lao, Khmer and Burmese; no LSTM models, which
//! measured no better and are slower). Everything else passes through
//! unchanged, so text without these scripts gets exactly the UAX #29 words,
//! and the ASCII fast path of [`words`](super::words) never reaches here.
//!
//! Spans stay byte ranges into the text: a run is a byte range of it and
//! the segmenter's breaks are byte offsets into that range.
//!
//! Measured against UAX #29 letters on the false-link test of
//! `tests/language/cjk_links.py` (docs/languages.md, "Word segmentation").

use std::sync::LazyLock;

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};

/// True for a letter of a script written without spaces between words and
/// without sentence punctuation: Thai, Lao, Myanmar, Khmer.
pub fn unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'   // Thai
        | '\u{0E80}'..='\u{0EFF}' // Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{19E0}'..='\u{19FF}' // Khmer symbols
        | '\u{A9E0}'..='\u{A9FF}' // Myanmar extended-B
        | '\u{AA60}'..='\u{AA7F}' // Myanmar extended-A
    )
}

/// True for a letter that the dictionary segmenter splits into words:
/// Han (with the CJK extensions and compatibility ideographs), Hiragana,
/// Katakana (with half-width forms), and the unspaced scripts of
/// [`unspaced_script`].
pub fn dictionary_script(c: char) -> bool {
    unspaced_script(c)
        || matches!(c,
            '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
            | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
            | '\u{3400}'..='\u{4DBF}'   // CJK extension A
            | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
            | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
            | '\u{FF66}'..='\u{FF9F}'   // half-width Katakana
            | '\u{20000}'..='\u{3134F}' // CJK extensions B-G
        )
}

static SEGMENTER: LazyLock<WordSegmenterBorrowed<'static>> =
    LazyLock::new(|| WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()));

/// Feeds UAX #29 words through, splitting runs of touching words that
/// start with a [`dictionary_script`] letter into dictionary words.
///
/// Call [`push`](Self::push) with the byte range of every UAX #29 word in
/// order, then [`finish`](Self::finish); `emit(start, end)` receives the
/// words.
pub struct Runs<'t, F: FnMut(usize, usize)> {
    text: &'t str,
    run: Option<(usize, usize)>,
    emit: F,
}

impl<'t, F: FnMut(usize, usize)> Runs<'t, F> {
    /// Words of `text` go to `emit`.
    pub fn new(text: &'t str, emit: F) -> Self {
        Runs {
            text,
            run: None,
            emit,
        }
    }

    /// The next UAX #29 word, `text[start..end]`; `ascii` when the word
    /// scanner knows it is all ASCII (then it is never part of a run).
    #[inline]
    pub fn push(&mut self, start: usize, end: usize, ascii: bool) {
        let joins = !ascii && self.text[start..end].starts_with(dictionary_script);
        if joins {
            if let Some(run) = self.run.as_mut().filter(|r| r.1 == start) {
                run.1 = end;
                return;
            }
        }
        self.flush();
        if joins {
            self.run = Some((start, end));
        } else {
            (self.emit)(start, end);
        }
    }

    /// Emits the last run.
    pub fn finish(mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        if let Some((start, end)) = self.run.take() {
            split_run(self.text, start, end, &mut self.emit);
        }
    }
}

/// The dictionary words of `text[start..end]`. A segment without a letter
/// or digit (a combining mark the dictionary splits off, as after a
/// Burmese word) joins the word before it, so the words cover every byte
/// of the run as UAX #29's did.
pub(crate) fn split_run(text: &str, start: usize, end: usize, emit: &mut impl FnMut(usize, usize)) {
    let s = &text[start..end];
    if s.chars().nth(1).is_none() {
        emit(start, end);
        return;
    }
    // The word being built: its range in `s`, and whether it has a letter.
    let mut word: Option<(usize, usize, bool)> = None;
    let mut prev = 0;
    for b in SEGMENTER.segment_str(s) {
        if b > prev {
            let letter = s[prev..b].chars().any(char::is_alphanumeric);
            word = match word {
                Some((ws, we, true)) if letter => {
                    emit(start + ws, start + we);
                    Some((prev, b, true))
                }
                Some((ws, _, had)) => Some((ws, b, had || letter)),
                None => Some((prev, b, letter)),
            };
        }
        prev = b;
    }
    if let Some((ws, we, _)) = word {
        emit(start + ws, start + we);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::{Span, for_each_word, word_spans};

    fn words(text: &str) -> Vec<&str> {
        word_spans(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn runs_become_dictionary_words() {
        assert_eq!(
            words("北京市新的地铁十九号线于周一正式开通运营。"),
            [
                "北京市",
                "新的",
                "地铁",
                "十九",
                "号",
                "线",
                "于",
                "周一",
                "正式",
                "开通",
                "运营"
            ]
        );
        assert_eq!(
            words("東京都は月曜日、新しい図書館を開館した。"),
            [
                "東京",
                "都",
                "は",
                "月曜日",
                "新しい",
                "図書館",
                "を",
                "開館",
                "した"
            ]
        );
        assert_eq!(
            words("กรุงเทพมหานครเปิดสวนสาธารณะแห่งใหม่ริมแม่น้ำเจ้าพระยา"),
            [
                "กรุงเทพมหานคร",
                "เปิด",
                "สวน",
                "สาธารณะ",
                "แห่ง",
                "ใหม่",
                "ริม",
                "แม่น้ำ",
                "เจ้าพระยา"
            ]
        );
    }

    #[test]
    fn other_text_keeps_its_uax29_words_and_spans_stay_exact() {
        let text = "Apple 发布了 iPhone 15，售价 5999 元。 café Привет ภาษาไทย 1,000";
        let mut uax = Vec::new();
        for_each_word(text, |s| uax.push(s));
        let got = word_spans(text);
        // Every non-dictionary word is kept as UAX #29 gives it.
        let plain: Vec<Span> = uax
            .iter()
            .copied()
            .filter(|s| !text[s.start..].starts_with(dictionary_script))
            .collect();
        let got_plain: Vec<Span> = got
            .iter()
            .copied()
            .filter(|s| !text[s.start..].starts_with(dictionary_script))
            .collect();
        assert_eq!(got_plain, plain);
        // Dictionary words tile exactly the bytes of the letters they replace.
        let letters = |spans: &[Span]| -> String {
            spans
                .iter()
                .filter(|s| text[s.start..].starts_with(dictionary_script))
                .map(|s| &text[s.start..s.end])
                .collect()
        };
        assert_eq!(letters(&got), letters(&uax));
        assert!(got.windows(2).all(|w| w[0].end <= w[1].start));
        assert!(words(text).contains(&"发布"));
        assert!(words(text).contains(&"ภาษา"));
    }

    #[test]
    fn lao_khmer_and_burmese_get_words_of_several_letters() {
        // "Hello, how are you" / "Welcome" in each: the dictionary gives
        // fewer words than UAX #29's letters, and they tile the run.
        for text in [
            "ສະບາຍດີເຈົ້າເປັນແນວໃດ",
            "សូមស្វាគមន៍មកកាន់ប្រទេសកម្ពុជា",
            "မင်္ဂလာပါနေကောင်းလား",
        ] {
            let mut letters = 0;
            for_each_word(text, |_| letters += 1);
            let got = words(text);
            assert!(got.len() > 1 && got.len() < letters, "{text}: {got:?}");
            assert_eq!(got.concat(), text);
        }
    }

    #[test]
    fn random_mixed_text_keeps_every_uax29_byte_and_nothing_else() {
        // Oracle: the UAX #29 words. Dictionary words must cover exactly
        // the bytes of the dictionary-script words they replace, every
        // other word must be kept as is, and spans must be ordered,
        // disjoint and on character boundaries.
        let pieces = [
            "北京",
            "地铁",
            "の",
            "テレビ",
            "ｶﾀｶﾅ",
            "กรุงเทพ",
            "ฯ",
            "ສະບາຍ",
            "សួស្តី",
            "မင်္ဂလာ",
            "a",
            "Zb",
            "12",
            " ",
            "、",
            "。",
            ",",
            "'",
            "\u{301}",
            "é",
            "\u{200B}",
            "-",
            "\n",
        ];
        let mut rng = crate::hash::SplitMix64::new(11);
        for round in 0..3_000 {
            let len = (rng.next() % 12) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(rng.next() % pieces.len() as u64) as usize])
                .collect();
            let mut uax = Vec::new();
            for_each_word(&text, |s| uax.push(s));
            let got = word_spans(&text);
            assert!(
                got.windows(2).all(|w| w[0].end <= w[1].start),
                "round {round}: {text:?} {got:?}"
            );
            for g in &got {
                assert!(text.is_char_boundary(g.start) && text.is_char_boundary(g.end));
                assert!(g.start < g.end);
            }
            let dict = |s: &Span| text[s.start..].starts_with(dictionary_script);
            let bytes = |spans: &[Span], d: bool| -> Vec<usize> {
                spans
                    .iter()
                    .filter(|s| dict(s) == d)
                    .flat_map(|s| s.start..s.end)
                    .collect()
            };
            let plain = |spans: &[Span]| -> Vec<Span> {
                spans.iter().copied().filter(|s| !dict(s)).collect()
            };
            assert_eq!(plain(&got), plain(&uax), "round {round}: {text:?}");
            assert_eq!(
                bytes(&got, true),
                bytes(&uax, true),
                "round {round}: {text:?}"
            );
        }
    }

    #[test]
    fn a_lone_letter_and_empty_text() {
        assert_eq!(words("A 中 B"), ["A", "中", "B"]);
        assert!(words("").is_empty());
    }
}
