//! Dumps the scorer's evidence for labelled passage pairs as TSV, to fit
//! and check the score's weights (benches/paraphrase/ceiling.py reads it:
//! docs/accuracy.md, "What the words can carry").
//!
//!   cargo run --release --example score_features -- pan10 DIR > pan10.tsv
//!   cargo run --release --example score_features -- pairs DIR... > pairs.tsv

use neardup::compare::score::{Bag, Evidence};
use neardup::compare::{Comparator, Prepared};
use neardup::config::CompareConfig;
use neardup::eval::pairs::{find_loose, parse_gold};

fn union(p: &Prepared, r: std::ops::Range<usize>) -> (Vec<u64>, Bag) {
    let mut s: Vec<u64> = p.sets[r.clone()].iter().flatten().copied().collect();
    s.sort_unstable();
    s.dedup();
    (s, Bag::union(&p.bags[r]))
}

fn row(label: &str, e: &Evidence, extra: &str) {
    println!(
        "{label}\t{:.4}\t{:.4}\t{:.4}\t{}\t{}\t{}\t{extra}",
        e.overlap, e.cover, e.order, e.content, e.named, e.shorter_content
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmp = Comparator::new(CompareConfig::default()).unwrap();
    println!("label\toverlap\tcover\torder\tcontent\tnamed\tshorter\textra");
    match args[0].as_str() {
        "pan10" => {
            let d = std::path::Path::new(&args[1]);
            let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
            let (s1, s2, y) = (
                read("pan-train_s1.txt"),
                read("pan-train_s2.txt"),
                read("pan-train.labels"),
            );
            for ((a, b), l) in s1.lines().zip(s2.lines()).zip(y.lines()) {
                let (pa, pb) = (cmp.prepare(a), cmp.prepare(b));
                let (sa, ba) = union(&pa, 0..pa.passages.len());
                let (sb, bb) = union(&pb, 0..pb.passages.len());
                let e = Evidence::measure(&sa, &ba, &sb, &bb);
                row(
                    l,
                    &e,
                    &format!("{}:{}", pa.passages.len(), pb.passages.len()),
                );
            }
        }
        "pairs" => {
            for dir in &args[1..] {
                let d = std::path::Path::new(dir);
                let o = std::fs::read_to_string(d.join("original.txt")).unwrap();
                let r = std::fs::read_to_string(d.join("rewrite.txt")).unwrap();
                let gold =
                    parse_gold(&std::fs::read_to_string(d.join("gold.tsv")).unwrap()).unwrap();
                let (po, pr) = (cmp.prepare(&o), cmp.prepare(&r));
                let which = |p: &Prepared, text: &str, s: &str| {
                    let sp = find_loose(text, s).expect("gold sentence");
                    p.passages
                        .iter()
                        .position(|q| q.start <= sp.start && sp.end <= q.end)
                        .expect("passage")
                };
                let g: Vec<(usize, usize)> = gold
                    .iter()
                    .map(|gp| (which(&po, &o, &gp.original), which(&pr, &r, &gp.rewrite)))
                    .collect();
                let name = d.file_name().unwrap().to_string_lossy();
                for i in 0..po.passages.len() {
                    for j in 0..pr.passages.len() {
                        let e =
                            Evidence::measure(&po.sets[i], &po.bags[i], &pr.sets[j], &pr.bags[j]);
                        let l = if g.contains(&(i, j)) { "1" } else { "0" };
                        row(l, &e, &format!("{name}:{i}:{j}"));
                    }
                }
            }
        }
        m => panic!("unknown mode {m}"),
    }
}
