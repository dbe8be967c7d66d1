//! Offsets in the files as stored: the view of a comparison that JSON,
//! JSONL, CSV and the terminal's `[start..end]` give. The comparator works
//! on text (a UTF-8 transcoding for a file in another encoding); these
//! reports count bytes of the file on disk, so a program can cut the
//! passage out of the file it has. For UTF-8 files nothing changes. PAN
//! XML counts characters, and the HTML report shows the decoded text, so
//! both use the comparison as it is.

use crate::compare::{Comparison, LinkInfo, Location};
use crate::decode::StoredOffsets;

/// How one document was stored: its encoding and the offset map.
#[derive(Debug, Clone, Copy)]
pub struct Stored<'a> {
    /// The encoding's name (`UTF-8`, `UTF-16LE`, `windows-1252`, ...).
    pub encoding: &'static str,
    /// Text offsets → file offsets.
    pub offsets: &'a StoredOffsets,
}

/// `c` with every offset counted in the files as stored, and each
/// document's encoding named when it is not UTF-8.
pub fn to_stored(c: &Comparison, original: Stored<'_>, rewrite: Stored<'_>) -> Comparison {
    let mut out = c.clone();
    let (o, r) = (original.offsets, rewrite.offsets);
    for (info, side) in [(&mut out.original, original), (&mut out.rewrite, rewrite)] {
        if !side.offsets.is_identity() {
            info.encoding = Some(side.encoding.to_string());
            info.bytes = side.offsets.stored(info.bytes);
        }
    }
    if o.is_identity() && r.is_identity() {
        return out;
    }
    let place = |loc: &mut Location, map: &StoredOffsets| {
        loc.start = map.stored(loc.start);
        loc.end = map.stored(loc.end);
    };
    for m in &mut out.matches {
        place(&mut m.original, o);
        place(&mut m.rewrite, r);
        for LinkInfo {
            original_start,
            original_end,
            rewrite_start,
            rewrite_end,
            ..
        } in &mut m.links
        {
            *original_start = o.stored(*original_start);
            *original_end = o.stored(*original_end);
            *rewrite_start = r.stored(*rewrite_start);
            *rewrite_end = r.stored(*rewrite_end);
        }
    }
    out
}
