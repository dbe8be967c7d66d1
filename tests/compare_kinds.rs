//! One small article pair per way a rewrite hides its source (texts in
//! tests/kinds/), each pinning what `compare` finds at the defaults: a
//! sentence split into four, two merged into one, a synonym-heavy
//! rewording, a short template filled with other words, a padding
//! sentence that reuses the original's names and numbers, and a verbatim
//! sentence joined into the middle of a longer one. `--explain` is checked
//! on the same runs. One long-document pair (tests/kinds/edges) pins where
//! a match begins and ends inside its edge passages.

use crate::util::*;
use serde_json::Value;

/// Links of `compare tests/kinds/NAME --explain` as (original passage,
/// rewrite passage, explanation), texts cut by the reported byte offsets.
fn links(name: &str) -> Vec<(String, String, Value)> {
    let o = format!("tests/kinds/{name}/original.txt");
    let r = format!("tests/kinds/{name}/rewrite.txt");
    let run = neardup(&["compare", &o, &r, "--format", "json", "--explain"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let (ot, rt) = (read(&o), read(&r));
    let mut out = Vec::new();
    for m in v["matches"].as_array().unwrap() {
        for l in m["links"].as_array().unwrap() {
            let at = |k: &str| l[k].as_u64().unwrap() as usize;
            out.push((
                ot[at("original_start")..at("original_end")].to_string(),
                rt[at("rewrite_start")..at("rewrite_end")].to_string(),
                l["explain"].clone(),
            ));
        }
    }
    out
}

fn linked(links: &[(String, String, Value)], original: &str, rewrite: &str) -> bool {
    links
        .iter()
        .any(|(o, r, _)| o.starts_with(original) && r.starts_with(rewrite))
}

#[test]
fn split_into_four_pieces_links_the_pieces_to_their_sentence() {
    let l = links("split");
    let sentence = "The county council voted on Tuesday night";
    let pieces = [
        "Harlow's old swimming baths",
        "Councillors took the decision",
        "The baths have been losing money",
        "In their place, a 14 million pound",
    ];
    let found = pieces.iter().filter(|p| linked(&l, sentence, p)).count();
    // The piece sharing only "vote" and "Tuesday night" is still missed.
    assert!(found >= 3, "{found} of 4 pieces linked: {l:#?}");
    assert!(linked(
        &l,
        "Campaigners who wanted",
        "A group that campaigned"
    ));
}

#[test]
fn merged_sentences_both_link_to_the_merge() {
    let l = links("merge");
    let merged = "High winds forced the cancellation";
    assert!(linked(&l, "The ferry between Penwith", merged), "{l:#?}");
    assert!(linked(&l, "More than 300 passengers", merged), "{l:#?}");
    assert!(linked(
        &l,
        "The operator said refunds",
        "Refunds will be paid"
    ));
}

#[test]
fn synonym_heavy_rewording_is_found() {
    let l = links("synonym");
    assert!(
        linked(&l, "A small bakery in Marlow", "At the annual Bread Awards"),
        "{l:#?}"
    );
    assert!(
        linked(
            &l,
            "The owners started the business",
            "Eight years ago its owners"
        ),
        "{l:#?}"
    );
}

#[test]
fn a_short_template_filled_with_other_words_is_not_a_paraphrase() {
    assert!(links("template").is_empty());
}

#[test]
fn padding_that_reuses_names_and_numbers_is_not_linked() {
    let l = links("trap");
    assert!(
        linked(&l, "Ardley Quarry was fined", "Ardley Quarry must pay"),
        "{l:#?}"
    );
    assert!(
        !l.iter()
            .any(|(_, r, _)| r.starts_with("Oxford Crown Court heard")),
        "the padding sentence was linked: {l:#?}"
    );
}

#[test]
fn a_verbatim_sentence_joined_mid_sentence_is_found() {
    let l = links("verbatim");
    assert!(
        linked(
            &l,
            "Elmsford library will open",
            "Readers were told this week"
        ),
        "{l:#?}"
    );
}

#[test]
fn explain_names_the_shared_words_and_adds_up_to_the_score() {
    let l = links("merge");
    let (_, _, e) = l
        .iter()
        .find(|(o, r, _)| o.starts_with("The ferry between") && r.starts_with("High winds"))
        .unwrap();
    let words: Vec<&str> = e["shared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let names: Vec<&str> = e["shared_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    // Compared by stem: "cancelled" here is "cancellation" there.
    for w in ["ferry", "cancelled", "high", "winds"] {
        assert!(words.contains(&w), "{w} not in {words:?}");
    }
    for n in ["Penwith", "Scilly", "Isles", "Friday"] {
        assert!(names.contains(&n), "{n} not in {names:?}");
    }
    let p = &e["parts"];
    let sum: f64 = ["overlap", "cover", "order", "clash"]
        .iter()
        .map(|k| p[k].as_f64().unwrap())
        .sum();
    assert!(sum > 0.0 && sum <= 1.0, "{e}");
    for k in ["overlap", "cover", "order"] {
        let m = e[k].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&m), "{k} {m}");
    }
}

#[test]
fn explain_on_the_terminal_lists_shared_words_and_the_score_parts() {
    let run = neardup(&[
        "compare",
        "tests/kinds/merge/original.txt",
        "tests/kinds/merge/rewrite.txt",
        "--explain",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("shared: ferry"), "{}", run.stdout);
    assert!(
        run.stdout.contains("names/numbers: Penwith"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("score: overlap"), "{}", run.stdout);
    let plain = neardup(&[
        "compare",
        "tests/kinds/merge/original.txt",
        "tests/kinds/merge/rewrite.txt",
    ]);
    assert!(!plain.stdout.contains("shared:"));
}

#[test]
fn synonyms_count_and_are_explained() {
    let run = neardup(&[
        "compare",
        "tests/kinds/synonym/original.txt",
        "tests/kinds/synonym/rewrite.txt",
        "--explain",
        "-f",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let synonyms: Vec<(String, String)> = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["links"].as_array().unwrap())
        .flat_map(|l| l["explain"]["synonyms"].as_array().unwrap())
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        synonyms.contains(&("small".into(), "little".into())),
        "{synonyms:?}"
    );
    assert!(
        synonyms.contains(&("shops".into(), "stores".into())),
        "{synonyms:?}"
    );
}

/// Under the long-document rules a match ends where the reused text ends,
/// not where the sentence splitter's passage does: the original's last
/// copied sentence runs on into text of its own ("cars. the timetable was
/// drawn up ..."), and the rewrite copies a sentence into the tail of a long
/// one of its own. The copied sentence joins the match as the pair of
/// passages just before both starts (one holds the other), and both edges
/// are trimmed to the words the other side shares.
#[test]
fn a_long_match_ends_where_the_reused_words_end() {
    let o = "tests/kinds/edges/original.txt";
    let r = "tests/kinds/edges/rewrite.txt";
    let run = neardup(&["compare", o, r, "--preset", "pan", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let m = v["matches"].as_array().unwrap();
    assert_eq!(m.len(), 1, "{m:#?}");
    let text = |side: &str| m[0][side]["text"].as_str().unwrap().to_string();
    let (ot, rt) = (text("original"), text("rewrite"));
    assert!(ot.contains("Fishing boats had grounded"), "{ot}");
    assert!(ot.ends_with("the ferry carries cars."), "{ot}");
    assert!(rt.starts_with("that fishing boats had grounded"), "{rt}");
    assert!(rt.ends_with("the ferry carries cars."), "{rt}");
    // The reported offsets are the text's.
    let at = |side: &str, k: &str| m[0][side][k].as_u64().unwrap() as usize;
    assert_eq!(read(r)[at("rewrite", "start")..at("rewrite", "end")], rt);
    assert_eq!(read(o)[at("original", "start")..at("original", "end")], ot);
}
