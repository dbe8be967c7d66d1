//! The text pipeline: words with byte spans ([`tokenize`], with the ASCII
//! block scanner in [`words`]), their normal
//! forms ([`normalize`], [`numbers`]), dictionary words for unspaced scripts
//! ([`segment`]), language rules ([`lang`]), analysed
//! terms ([`analyze`]), compounds split by the other text of a pair
//! ([`compound`]), passages ([`passage`]) and the names, numbers and dates
//! that read the same in every language ([`anchors`], [`number_words`]). Nothing here does I/O.

pub mod analyze;
pub mod anchors;
pub mod compound;
pub mod detect;
pub mod lang;
pub mod lines;
pub mod normalize;
pub mod number_words;
pub mod numbers;
pub mod passage;
pub mod segment;
pub mod synonyms;
pub mod tokenize;
pub mod words;

pub use analyze::{Analyzer, Term};
pub use lang::Language;
pub use lines::LineIndex;
pub use passage::{PassageRules, passages};
pub use tokenize::Span;
