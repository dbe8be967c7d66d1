//! Shared by the HTML report tests: hostile documents, the seed report, and
//! a small reader for the report's highlighted passages (the report's own
//! markup, or Chromium's serialisation of its DOM).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use super::util::*;

/// Where the seed report's golden file lives.
pub const SEED_ARGS: [&str; 5] = [
    "compare",
    "corpus/seed/original.txt",
    "corpus/seed/rewrite.txt",
    "--format",
    "html",
];

/// The seed pair's HTML report.
pub fn seed_report() -> String {
    let run = neardup(&SEED_ARGS);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// Sets `data-pwned` on the root element to `tag` if it ever runs.
pub fn pwn(tag: &str) -> String {
    format!("document.documentElement.setAttribute('data-pwned','{tag}')")
}

/// Markup a document might carry, each piece an attempt to run script,
/// load something, or break out of the element or attribute it lands in.
pub fn payloads() -> Vec<String> {
    vec![
        format!("<script>{}</script>", pwn("script")),
        format!("</style><script>{}</script>", pwn("style")),
        format!("\"><img src=x onerror=\"{}\">", pwn("img")),
        format!("'><svg onload='{}'>", pwn("svg")),
        format!("<a href=\"javascript:{}\">click here</a>", pwn("link")),
        format!("</textarea></title><iframe srcdoc=\"<script>{}</script>\"></iframe>", pwn("iframe")),
        "<!-- <![CDATA[ ]]> <base href=\"https://example.invalid/\"> <meta http-equiv=\"refresh\" content=\"0;url=https://example.invalid/\">".to_string(),
        "&lt;already escaped&gt; &amp;amp;".to_string(),
    ]
}

/// Bidirectional and control characters a document might use to disguise
/// what is shown: right-to-left override, isolates, a terminal escape, a bell.
pub const INVISIBLE: [char; 6] = [
    '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\x1b', '\x07',
];

/// An original and a rewrite sharing sentences that carry every payload,
/// plus a line of invisible characters; their file names carry a payload
/// too. Returns the two file names (relative to `dir`).
pub fn write_hostile_pair(dir: &Path) -> (String, String) {
    const TOPICS: [&str; 8] = [
        "harbour wall repairs",
        "school roof insulation",
        "river bridge lighting",
        "night train timetable",
        "library opening hours",
        "covered market stalls",
        "museum ticket prices",
        "orchard tree planting",
    ];
    let mut original = String::from("Hostile Input Test\n\n");
    let mut rewrite = String::from("A rewrite of the hostile input.\n\n");
    for (p, topic) in payloads().iter().zip(TOPICS) {
        original.push_str(&format!(
            "The council approved the {topic} plan {p} after a long debate.\n"
        ));
        rewrite.push_str(&format!(
            "After a long debate the {topic} plan {p} was approved by the council.\n"
        ));
    }
    let hidden: String = INVISIBLE.iter().collect();
    original.push_str(&format!(
        "The mayor said the {hidden}lighthouse keeper would return in spring with new lamps.\n"
    ));
    rewrite.push_str(&format!(
        "The lighthouse keeper would return in spring with new lamps, the {hidden}mayor said.\n"
    ));
    rewrite.push_str("Nothing else happened in the town that week, according to the paper.\n");
    let names = (
        format!("<img src=x onerror={}>.txt", pwn("path")),
        "rewrite\"'&<b>.txt".to_string(),
    );
    std::fs::write(dir.join(&names.0), original).unwrap();
    std::fs::write(dir.join(&names.1), rewrite).unwrap();
    names
}

/// The text shown in each document column of a page (original first),
/// highlights included, entities decoded.
pub fn column_texts(html: &str) -> Vec<String> {
    html.split("<div class=\"text\">")
        .skip(1)
        .map(|rest| {
            let inner = &rest[..rest
                .find("</div>\n</section>")
                .expect("the column is closed")];
            let mut text = String::new();
            let mut rest = inner;
            while let Some(at) = rest.find('<') {
                text.push_str(&rest[..at]);
                rest = &rest[at + rest[at..].find('>').expect("tag closed") + 1..];
            }
            text.push_str(rest);
            decode(&text)
        })
        .collect()
}

/// A highlighted passage as found in a page.
#[derive(Debug, Clone)]
pub struct Passage {
    pub id: String,
    pub class: String,
    pub href: String,
    pub partners: Vec<String>,
    /// Its text, entities decoded.
    pub text: String,
}

/// Every `<a class="p ...">` of `html`, by id.
pub fn passages(html: &str) -> BTreeMap<String, Passage> {
    let mut out = BTreeMap::new();
    let mut rest = html;
    while let Some(at) = rest.find("<a ") {
        rest = &rest[at..];
        let Some((attrs, after)) = start_tag(rest) else {
            break;
        };
        rest = after;
        let class = attrs.get("class").cloned().unwrap_or_default();
        if !class.split(' ').any(|c| c == "p") {
            continue;
        }
        let end = rest.find("</a>").expect("a passage is closed");
        assert!(
            !rest[..end].contains('<'),
            "a passage holds only text: {}",
            &rest[..end]
        );
        let passage = Passage {
            id: attrs.get("id").cloned().unwrap_or_default(),
            class,
            href: attrs.get("href").cloned().unwrap_or_default(),
            partners: attrs
                .get("data-partners")
                .map(|p| p.split(' ').map(str::to_string).collect())
                .unwrap_or_default(),
            text: decode(&rest[..end]),
        };
        out.insert(passage.id.clone(), passage);
        rest = &rest[end..];
    }
    out
}

/// Parses the start tag at the beginning of `s`: its attributes (values
/// decoded) and what follows it.
pub fn start_tag(s: &str) -> Option<(BTreeMap<String, String>, &str)> {
    let mut attrs = BTreeMap::new();
    let bytes = s.as_bytes();
    let mut i = s.find(|c: char| c.is_whitespace() || c == '>')?;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((attrs, &s[i + 1..])),
            b'/' => i += 1,
            _ => {
                let name_end =
                    i + s[i..].find(|c: char| c == '=' || c == '>' || c.is_whitespace())?;
                let name = s[i..name_end].to_string();
                i = name_end;
                if bytes[i] == b'=' {
                    let quote = bytes[i + 1];
                    assert!(quote == b'"' || quote == b'\'', "quoted attribute: {name}");
                    let close = i + 2 + s[i + 2..].find(quote as char)?;
                    attrs.insert(name, decode(&s[i + 2..close]));
                    i = close + 1;
                } else {
                    attrs.insert(name, String::new());
                }
            }
        }
    }
}

/// Decodes the character references the report and Chromium use.
pub fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// `s` with every run of whitespace made one space.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
