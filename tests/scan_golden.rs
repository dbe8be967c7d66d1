//! Golden files: `neardup scan corpus/scan-sample` in every format, and its
//! warnings, compared byte for byte with `tests/scan-golden/`. After an
//! intended change of output, regenerate them with
//! `NEARDUP_BLESS=1 cargo test --test integration scan_golden` and review the diff.

use std::path::Path;

use crate::scan_support::*;

fn check(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scan-golden")
        .join(name);
    if std::env::var_os("NEARDUP_BLESS").is_some() {
        std::fs::write(&path, got).expect("golden file written");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless with NEARDUP_BLESS=1)", path.display()));
    assert!(
        want == got,
        "{name} differs from {}:\n--- want\n{want}\n--- got\n{got}",
        path.display()
    );
}

#[test]
fn sample_corpus_in_every_format() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (format, file) in [
        ("terminal", "sample.txt"),
        ("json", "sample.json"),
        ("jsonl", "sample.jsonl"),
        ("csv", "sample.csv"),
    ] {
        let run = neardup(
            root,
            &[
                "scan",
                "corpus/scan-sample",
                "--format",
                format,
                "--color",
                "never",
            ],
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        check(file, &run.stdout);
        check("sample.stderr", &run.stderr);
    }
    let exact = neardup(
        root,
        &[
            "scan",
            "corpus/scan-sample",
            "--exact",
            "--hidden",
            "--color",
            "never",
            "-q",
        ],
    );
    check("sample-exact-hidden.txt", &exact.stdout);
}
