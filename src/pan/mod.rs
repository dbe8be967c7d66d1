//! PAN text-alignment formats: gold and detection XML, and character
//! offsets. PAN counts offsets in Unicode code points, not bytes; the
//! suspicious document (PAN's `this`) is our rewrite and the source
//! document our original.

pub mod measures;

use std::ops::Range;
use std::path::Path;

use crate::compare::{Comparison, Document};
use crate::error::Error;
use measures::Annotation;

/// Converts byte offsets of one text into character (code point) offsets.
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// Byte offset of every character start, plus the text length.
    starts: Vec<usize>,
}

impl CharOffsets {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharOffsets { starts }
    }

    /// The character offset of byte offset `byte` (a char boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s < byte)
    }

    /// The byte offset of character offset `ch` (clamped to the end).
    pub fn byte_of(&self, ch: usize) -> usize {
        self.starts[ch.min(self.starts.len() - 1)]
    }
}

/// The matches of `c` as PAN detections, in character offsets.
/// `suspicious`/`source` are the document names written in the XML.
pub fn detections(
    c: &Comparison,
    suspicious: &str,
    source: &str,
    susp_chars: &CharOffsets,
    src_chars: &CharOffsets,
) -> Vec<Annotation> {
    c.matches
        .iter()
        .map(|m| Annotation {
            suspicious: suspicious.to_string(),
            this: susp_chars.char_of(m.rewrite.start)..susp_chars.char_of(m.rewrite.end),
            source: source.to_string(),
            source_range: src_chars.char_of(m.original.start)..src_chars.char_of(m.original.end),
        })
        .collect()
}

/// One comparison as PAN sees it: the suspicious (rewrite) and source
/// (original) documents named by their file names, and the detections.
#[derive(Debug, Clone, PartialEq)]
pub struct PairDetections {
    /// File name of the rewrite (PAN's suspicious document).
    pub suspicious: String,
    /// File name of the original (PAN's source document).
    pub source: String,
    /// The matches, in character offsets.
    pub detections: Vec<Annotation>,
}

impl PairDetections {
    /// Converts a comparison of `original` and `rewrite` (the documents it
    /// was computed from).
    pub fn new(c: &Comparison, original: &Document, rewrite: &Document) -> Self {
        let name = |d: &Document| {
            std::path::Path::new(&d.path)
                .file_name()
                .map_or(d.path.clone(), |n| n.to_string_lossy().into_owned())
        };
        let (suspicious, source) = (name(rewrite), name(original));
        let detections = detections(
            c,
            &suspicious,
            &source,
            &CharOffsets::new(&rewrite.text),
            &CharOffsets::new(&original.text),
        );
        PairDetections {
            suspicious,
            source,
            detections,
        }
    }

    /// The detection XML.
    pub fn xml(&self) -> String {
        detections_xml(&self.suspicious, &self.detections)
    }

    /// The file name PAN gives this pair's XML.
    pub fn file_name(&self) -> String {
        pair_file_name(&self.suspicious, &self.source)
    }
}

/// PAN detection XML for one document pair.
pub fn detections_xml(suspicious: &str, detections: &[Annotation]) -> String {
    let mut out = format!("<document reference=\"{}\">\n", xml_escape(suspicious));
    for d in detections {
        out.push_str(&format!(
            "<feature name=\"detected-plagiarism\" this_offset=\"{}\" this_length=\"{}\" source_reference=\"{}\" source_offset=\"{}\" source_length=\"{}\" />\n",
            d.this.start,
            d.this.len(),
            xml_escape(&d.source),
            d.source_range.start,
            d.source_range.len()
        ));
    }
    out.push_str("</document>\n");
    out
}

/// The file name PAN uses for a pair: `SUSP-SRC.xml` without the `.txt`s.
pub fn pair_file_name(suspicious: &str, source: &str) -> String {
    format!(
        "{}-{}.xml",
        suspicious.trim_end_matches(".txt"),
        source.trim_end_matches(".txt")
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Reads the `<feature>`s named `name` (`plagiarism` for gold,
/// `detected-plagiarism` for detections) of a PAN XML document, with a real
/// XML parser (roxmltree): quoting, entities, comments and `>` inside
/// values are read as XML reads them. An error names the line and column
/// ([`Error::PanXml`], without a path: see [`read_gold`] for files).
pub fn read_xml(xml: &str, name: &str) -> Result<Vec<Annotation>, Error> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| {
        let pos = e.pos();
        let message = e.to_string();
        // roxmltree ends its message with the position, which the error
        // holds in fields.
        let cause = message
            .strip_suffix(&format!(" at {pos}"))
            .unwrap_or(&message);
        pan_xml(pos, cause)
    })?;
    // A problem with a node is placed at the node's start.
    let bad = |node: roxmltree::Node<'_, '_>, cause: &str| {
        pan_xml(doc.text_pos_at(node.range().start), cause)
    };
    let root = doc.root_element();
    if !root.has_tag_name("document") {
        return Err(bad(root, "no <document> element"));
    }
    let reference = root
        .attribute("reference")
        .ok_or_else(|| bad(root, "<document> has no reference"))?;
    let mut out = Vec::new();
    for f in root.children().filter(|n| n.has_tag_name("feature")) {
        if f.attribute("name") != Some(name) {
            continue;
        }
        let num = |k: &str| -> Result<usize, Error> {
            f.attribute(k)
                .ok_or_else(|| bad(f, &format!("<feature> lacks {k}")))?
                .trim()
                .parse()
                .map_err(|_| bad(f, &format!("bad {k}")))
        };
        let (to, tl, so, sl) = (
            num("this_offset")?,
            num("this_length")?,
            num("source_offset")?,
            num("source_length")?,
        );
        out.push(Annotation {
            suspicious: reference.to_string(),
            this: to..to + tl,
            source: f
                .attribute("source_reference")
                .ok_or_else(|| bad(f, "<feature> lacks source_reference"))?
                .to_string(),
            source_range: so..so + sl,
        });
    }
    Ok(out)
}

fn pan_xml(pos: roxmltree::TextPos, cause: &str) -> Error {
    Error::PanXml {
        path: None,
        line: pos.row,
        column: pos.col,
        cause: cause.to_string(),
    }
}

/// Reads the gold cases (`plagiarism` features) of a PAN pair from its XML
/// file `path`. A missing file is a pair without cases; a file that cannot
/// be read or parsed is an error naming it (and, for XML, the line).
pub fn read_gold(path: &Path) -> Result<Vec<Annotation>, Error> {
    match crate::input::read_utf8(path) {
        Ok(xml) => read_xml(&xml, "plagiarism").map_err(|e| match e {
            Error::PanXml {
                line,
                column,
                cause,
                ..
            } => Error::PanXml {
                path: Some(path.to_path_buf()),
                line,
                column,
                cause,
            },
            e => e,
        }),
        Err(e) if crate::input::is_not_found(&e) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Convenience for building ranges in tests and callers.
pub fn range(offset: usize, length: usize) -> Range<usize> {
    offset..offset + length
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let t = "aé€b";
        let c = CharOffsets::new(t);
        assert_eq!(c.char_of(0), 0);
        assert_eq!(c.char_of(1), 1);
        assert_eq!(c.char_of(3), 2);
        assert_eq!(c.char_of(6), 3);
        assert_eq!(c.char_of(7), 4);
        assert_eq!(c.byte_of(3), 6);
    }

    #[test]
    fn xml_round_trip() {
        let d = vec![Annotation {
            suspicious: "suspicious-document00005.txt".into(),
            this: range(3593, 698),
            source: "source-document01090.txt".into(),
            source_range: range(1300, 698),
        }];
        let xml = detections_xml("suspicious-document00005.txt", &d);
        assert_eq!(read_xml(&xml, "detected-plagiarism").unwrap(), d);
        assert!(read_xml(&xml, "plagiarism").unwrap().is_empty());
    }

    #[test]
    fn reads_pan_gold() {
        let xml = r#"<document reference="suspicious-document00005.txt">
<feature name="plagiarism" obfuscation="none" source_length="698" source_offset="1300" source_reference="source-document01090.txt" this_length="698" this_offset="3593" type="artificial" />
</document>"#;
        let g = read_xml(xml, "plagiarism").unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].this, 3593..4291);
        assert_eq!(g[0].source_range, 1300..1998);
        assert!(read_xml("<nothing/>", "plagiarism").is_err());
    }
}
