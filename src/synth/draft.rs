//! Documents as word ranks of a [`WordModel`] — paragraphs of sentences —
//! drawn, edited and rendered as text. The generator plants variants by
//! editing a [`Draft`] (word substitutions at spread positions, a cut tail,
//! appended sentences), so the effect of an edit on the word 5-gram set is
//! known before any text exists.

use super::WordModel;
use crate::hash::SplitMix64;

/// A document as word ranks: paragraphs of sentences of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft(Vec<Vec<Vec<u32>>>);

/// A reformatting: lines wrapped at `width` columns, one word in 20
/// upper-cased. It changes the bytes, never the normalised words.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    width: usize,
    seed: u64,
}

impl Style {
    /// A random reformatting (width 50-89).
    pub fn reformatted(rng: &mut SplitMix64) -> Self {
        Style {
            width: 50 + (rng.next() % 40) as usize,
            seed: rng.next(),
        }
    }
}

impl Draft {
    /// A document of about `bytes` bytes: paragraphs of 3-6 sentences of
    /// 8-30 words.
    pub fn draw(model: &WordModel, bytes: usize, rng: &mut SplitMix64) -> Self {
        let mut doc = Vec::new();
        let mut len = 0;
        while len < bytes {
            let sentences = 3 + (rng.next() % 4) as usize;
            let mut para = Vec::with_capacity(sentences);
            for _ in 0..sentences {
                if len >= bytes {
                    break;
                }
                let s = sentence(model, 8 + (rng.next() % 23) as usize, rng);
                len += s
                    .iter()
                    .map(|&w| model.word_at(w as usize).len() + 1)
                    .sum::<usize>()
                    + 1;
                para.push(s);
            }
            doc.push(para);
        }
        Draft(doc)
    }

    /// Number of words.
    pub fn words(&self) -> usize {
        self.0.iter().flatten().map(Vec::len).sum()
    }

    /// `self` with `k` words replaced by other words, at most one per
    /// 10-word slot and in the first half of it, so no two edits share a
    /// 5-gram. At most one edit per slot fits: `k` is capped there.
    pub fn substituted(&self, model: &WordModel, k: usize, rng: &mut SplitMix64) -> Self {
        let mut doc = self.clone();
        let mut flat: Vec<&mut u32> = doc.0.iter_mut().flatten().flatten().collect();
        let mut slots: Vec<usize> = (0..flat.len() / 10).collect();
        for i in 0..k.min(slots.len()) {
            let j = i + (rng.next() % (slots.len() - i) as u64) as usize;
            slots.swap(i, j);
            let at = slots[i] * 10 + (rng.next() % 5) as usize;
            let old = *flat[at];
            let mut new = old;
            while new == old && model.len() > 1 {
                new = model.draw(rng) as u32;
            }
            *flat[at] = new;
        }
        doc
    }

    /// The first `keep` words (the cut sentence ends there).
    pub fn truncated(&self, keep: usize) -> Self {
        let mut out = Vec::new();
        let mut left = keep;
        for para in &self.0 {
            if left == 0 {
                break;
            }
            let mut p = Vec::new();
            for s in para {
                if left == 0 {
                    break;
                }
                let n = s.len().min(left);
                p.push(s[..n].to_vec());
                left -= n;
            }
            out.push(p);
        }
        Draft(out)
    }

    /// `self` with a final paragraph of `add` new words.
    pub fn extended(&self, model: &WordModel, add: usize, rng: &mut SplitMix64) -> Self {
        let mut doc = self.clone();
        let mut para = Vec::new();
        let mut left = add;
        while left > 0 {
            let n = (8 + (rng.next() % 23) as usize).min(left);
            para.push(sentence(model, n, rng));
            left -= n;
        }
        if !para.is_empty() {
            doc.0.push(para);
        }
        doc
    }

    /// The text: capitalised sentences ending with a full stop, blank lines
    /// between paragraphs, a final newline; `style` re-wraps and shouts.
    pub fn render(&self, model: &WordModel, style: Option<&Style>) -> String {
        let mut out = String::new();
        let mut line = 0;
        let mut shout = style.map(|s| SplitMix64::new(s.seed));
        for (p, para) in self.0.iter().enumerate() {
            if p > 0 {
                out.push_str("\n\n");
                line = 0;
            }
            for (s, sentence) in para.iter().enumerate() {
                for (w, &word) in sentence.iter().enumerate() {
                    let word = model.word_at(word as usize);
                    if s + w > 0 {
                        match style {
                            Some(st) if line + word.len() >= st.width => {
                                out.push('\n');
                                line = 0;
                            }
                            _ => {
                                out.push(' ');
                                line += 1;
                            }
                        }
                    }
                    let loud = shout.as_mut().is_some_and(|r| r.next() % 20 == 0);
                    if loud {
                        out.extend(word.chars().flat_map(char::to_uppercase));
                    } else if w == 0 {
                        let mut c = word.chars();
                        if let Some(first) = c.next() {
                            out.extend(first.to_uppercase());
                            out.push_str(c.as_str());
                        }
                    } else {
                        out.push_str(word);
                    }
                    line += word.len();
                }
                out.push('.');
                line += 1;
            }
        }
        out.push('\n');
        out
    }
}

fn sentence(model: &WordModel, n: usize, rng: &mut SplitMix64) -> Vec<u32> {
    (0..n).map(|_| model.draw(rng) as u32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }

    #[test]
    fn edits_do_what_they_say() {
        let model = WordModel::new(5_000, 1);
        let mut rng = SplitMix64::new(2);
        let base = Draft::draw(&model, 3_000, &mut rng);
        let n = base.words();
        let text = base.render(&model, None);
        assert!((3_000..3_300).contains(&text.len()), "{}", text.len());
        assert_eq!(words(&text).len(), n);

        let edited = base.substituted(&model, 7, &mut rng);
        let (a, b) = (words(&text), words(&edited.render(&model, None)));
        let changed: Vec<usize> = (0..n).filter(|&i| a[i] != b[i]).collect();
        assert_eq!(changed.len(), 7);
        assert!(changed.windows(2).all(|w| w[1] - w[0] >= 5), "{changed:?}");

        assert_eq!(base.truncated(40).words(), 40);
        assert_eq!(base.truncated(n + 10), base);
        let longer = base.extended(&model, 33, &mut rng);
        assert_eq!(longer.words(), n + 33);
        assert_eq!(words(&longer.render(&model, None))[..n], a[..]);
    }

    #[test]
    fn reformatting_keeps_the_words() {
        let model = WordModel::new(5_000, 1);
        let mut rng = SplitMix64::new(3);
        let base = Draft::draw(&model, 2_000, &mut rng);
        let style = Style::reformatted(&mut rng);
        let plain = base.render(&model, None);
        let styled = base.render(&model, Some(&style));
        assert_ne!(plain, styled);
        assert_eq!(words(&plain), words(&styled));
        assert!(styled.lines().all(|l| l.len() < 90 + 40), "wrapped");
    }
}
