//! The alignment's data model: links between passages and the groups
//! (matches) they form.

use std::ops::RangeInclusive;

/// Why a link was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Support {
    /// It scored at least the threshold.
    Strong,
    /// Each passage is the other's clear best partner.
    BestPartner,
    /// It continues a neighbouring link in order.
    Neighbour,
    /// It is one piece of a split or merged sentence scored as a run.
    Run,
    /// It joined a match as a neighbour (split, merge or bridged gap).
    Absorbed,
    /// Documents in different languages: the passages share names,
    /// numbers or dates, in order with their neighbours (`cross`).
    Anchors,
}

impl Support {
    /// Lower-case name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Support::Strong => "strong",
            Support::BestPartner => "best-partner",
            Support::Neighbour => "neighbour",
            Support::Run => "run",
            Support::Absorbed => "absorbed",
            Support::Anchors => "anchors",
        }
    }
}

/// A verified pair of passages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// Passage index in the original.
    pub original: usize,
    /// Passage index in the rewrite.
    pub rewrite: usize,
    /// Similarity score of the two passages (0..1).
    pub score: f64,
    /// Why the link was made.
    pub support: Support,
}

/// A run of original passages aligned with a run of rewrite passages.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Original passage indices.
    pub original: RangeInclusive<usize>,
    /// Rewrite passage indices.
    pub rewrite: RangeInclusive<usize>,
    /// Score of the two runs taken as wholes.
    pub score: f64,
    /// The passage links inside the group, sorted.
    pub links: Vec<Link>,
}
