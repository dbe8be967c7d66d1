//! The integration tests, in one binary (`autotests = false` in
//! Cargo.toml: one link instead of one per file). Each module drives the
//! real `neardup` binary on one topic; `util`, `html` and `scan_support`
//! are their harnesses. A new test file must be declared here — the last
//! test below fails until it is.

mod html;
mod scan_support;
mod util;

mod architecture;
mod bad_input;
mod bench_cli;
mod bounded_reads;
mod command_line;
mod compare_kinds;
mod compare_output;
mod doc_examples;
mod encodings;
mod eval_pairs;
mod extreme_values;
mod html_browser;
mod html_index;
mod html_report;
mod html_scan;
mod index;
mod language_cross;
mod language_detection;
mod language_pairs;
mod out_folder;
mod pairs;
mod properties;
mod scan_accuracy;
mod scan_changes;
mod scan_cli;
mod scan_determinism;
mod scan_golden;
mod scan_languages;
mod seed;
mod sign_cli;

/// Every `.rs` file and every folder with a `mod.rs` under `tests/` is a
/// module of this binary: with `autotests = false`, an undeclared file
/// would silently never run.
#[test]
fn every_test_file_is_declared() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = match path.file_stem().and_then(|s| s.to_str()) {
            Some(n) => n.to_string(),
            None => continue,
        };
        let is_module = if path.is_dir() {
            path.join("mod.rs").is_file()
        } else {
            path.extension().is_some_and(|e| e == "rs") && name != "main"
        };
        if is_module {
            assert!(
                main.contains(&format!("\nmod {name};\n")),
                "tests/{name} is not declared in tests/main.rs: add `mod {name};`"
            );
        }
    }
}
