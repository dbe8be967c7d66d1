//! The README's and docs' examples against the real binary: the shown
//! output of every marked example is what the tool prints, and the example
//! commands that run on the repository's corpus succeed.
//!
//! Mark an output block by putting `<!-- checked: neardup ARGS -->` on the
//! line just before its fence (ARGS split on spaces, run from the
//! repository root, stdout compared). In a ` ```text ` block a line `...`
//! stands for lines left out: the pieces between them must appear in the
//! output in order, the first one at its start (unless the block starts
//! with `...`). A ` ```json ` block may be shortened: every field it shows
//! must be in the output with that value, and each element of an array it
//! shows must match an element of the output's array, in order.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::*;

/// A marked example: where it is, the command, the block's language and
/// its text.
struct Example {
    at: String,
    args: Vec<String>,
    lang: String,
    shown: String,
}

fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![repo("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The fenced blocks of `text`: (line number of the fence, language,
/// content, the line before the fence).
fn blocks(text: &str) -> Vec<(usize, String, String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(lang) = lines[i].strip_prefix("```") {
            let start = i;
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && lines[i] != "```" {
                body.push(lines[i]);
                i += 1;
            }
            let before = if start > 0 { lines[start - 1] } else { "" };
            out.push((
                start + 1,
                lang.trim().to_string(),
                body.join("\n"),
                before.to_string(),
            ));
        }
        i += 1;
    }
    out
}

fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, lang, body, before) in blocks(&text) {
            let Some(cmd) = before
                .trim()
                .strip_prefix("<!-- checked:")
                .and_then(|c| c.strip_suffix("-->"))
            else {
                continue;
            };
            let words: Vec<String> = cmd.split_whitespace().map(String::from).collect();
            let at = format!("{}:{line}", relative(&file));
            assert_eq!(
                words.first().map(String::as_str),
                Some("neardup"),
                "{at}: a checked example runs `neardup ARGS`"
            );
            out.push(Example {
                at,
                args: words[1..].to_vec(),
                lang,
                shown: body,
            });
        }
    }
    out
}

/// Whether the lines of `shown` (with `...` for left-out lines) are in
/// `actual`; the error names the first piece that is not.
fn excerpt_matches(shown: &str, actual: &str) -> Result<(), String> {
    let actual: Vec<&str> = actual.lines().map(str::trim_end).collect();
    let mut pieces: Vec<Vec<&str>> = vec![Vec::new()];
    for line in shown.lines() {
        if line.trim() == "..." {
            pieces.push(Vec::new());
        } else {
            pieces.last_mut().unwrap().push(line.trim_end());
        }
    }
    let anchored = !pieces[0].is_empty();
    let mut from = 0;
    for (n, piece) in pieces.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
        let found = if n == 0 && anchored {
            actual.starts_with(piece).then_some(0)
        } else {
            (from..=actual.len().saturating_sub(piece.len()))
                .find(|&i| actual[i..].starts_with(piece))
        };
        match found {
            Some(i) => from = i + piece.len(),
            None => {
                return Err(format!(
                    "these shown lines are not in the output{}:\n{}",
                    if n == 0 && anchored {
                        " (at its start)"
                    } else {
                        ""
                    },
                    piece.join("\n")
                ));
            }
        }
    }
    Ok(())
}

/// Whether `shown` is a part of `actual` (see the module docs); the error
/// names the path of the first difference.
fn json_subset(shown: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (shown, actual) {
        (Value::Object(s), Value::Object(a)) => {
            for (k, v) in s {
                let Some(av) = a.get(k) else {
                    return Err(format!("{path}.{k}: no such field in the output"));
                };
                json_subset(v, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(s), Value::Array(a)) => {
            let mut from = 0;
            for (n, v) in s.iter().enumerate() {
                let hit = (from..a.len()).find(|&i| json_subset(v, &a[i], "").is_ok());
                match hit {
                    Some(i) => from = i + 1,
                    None => {
                        // Report the difference against the element at
                        // the same place.
                        let near = a.get(from).map_or_else(
                            || "nothing left".to_string(),
                            |x| json_subset(v, x, &format!("{path}[{n}]")).unwrap_err(),
                        );
                        return Err(format!("{path}[{n}]: no element matches ({near})"));
                    }
                }
            }
            Ok(())
        }
        (s, a) if s == a => Ok(()),
        (s, a) => Err(format!("{path}: shown {s}, the output has {a}")),
    }
}

#[test]
fn shown_outputs_are_what_the_tool_prints() {
    let examples = examples();
    let in_readme = examples
        .iter()
        .filter(|e| e.at.starts_with("README.md"))
        .count();
    assert!(
        in_readme >= 2,
        "the README's output examples lost their `<!-- checked: ... -->` markers"
    );
    let mut failures = Vec::new();
    for ex in &examples {
        let args: Vec<&str> = ex.args.iter().map(String::as_str).collect();
        let run = neardup_env(&root(), &args, &[("NO_COLOR", "1")]);
        if run.code == 2 {
            failures.push(format!(
                "{}: `neardup {}` failed: {}",
                ex.at,
                args.join(" "),
                run.stderr
            ));
            continue;
        }
        let checked = match ex.lang.as_str() {
            "json" => {
                let shown: Value = match serde_json::from_str(&ex.shown) {
                    Ok(v) => v,
                    Err(e) => {
                        failures.push(format!("{}: the shown JSON does not parse: {e}", ex.at));
                        continue;
                    }
                };
                let actual: Value = serde_json::from_str(&run.stdout).expect("JSON output");
                json_subset(&shown, &actual, "")
            }
            _ => excerpt_matches(&ex.shown, &run.stdout),
        };
        if let Err(e) = checked {
            failures.push(format!(
                "{}: `neardup {}`: {e}\n(update the example to what the tool prints now)",
                ex.at,
                args.join(" ")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// The example commands of shell blocks that run on the repository's own
/// corpus (no pipes, redirections or output folders) succeed.
#[test]
fn example_commands_on_the_corpus_run() {
    let mut ran = 0;
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, lang, body, _) in blocks(&text) {
            if !matches!(lang.as_str(), "sh" | "bash" | "console") {
                continue;
            }
            for cmd in body.lines() {
                let cmd = cmd.split(" #").next().unwrap().trim();
                let cmd = cmd
                    .strip_prefix("cargo run --release -- ")
                    .map(|rest| format!("neardup {rest}"))
                    .unwrap_or_else(|| cmd.to_string());
                let Some(args) = cmd.strip_prefix("neardup ") else {
                    continue;
                };
                let shell = ['|', '<', '>', '$', '~', '`', '*'];
                if !args.contains("corpus/")
                    || args.contains(shell)
                    || args.contains("--out")
                    || args.contains("../")
                {
                    continue;
                }
                let args: Vec<&str> = args.split_whitespace().collect();
                let run = neardup_env(&root(), &args, &[("NO_COLOR", "1")]);
                assert!(
                    run.code == 0 || run.code == 1,
                    "{}:{line}: `{cmd}` exited {}: {}",
                    relative(&file),
                    run.code,
                    run.stderr
                );
                ran += 1;
            }
        }
    }
    assert!(ran >= 3, "only {ran} example commands found");
}

#[test]
fn excerpts_and_json_subsets_are_checked_strictly() {
    let out = "a\nb\nc\nd\n";
    assert!(excerpt_matches("a\nb\n...", out).is_ok());
    assert!(excerpt_matches("a\n...\nc\nd", out).is_ok());
    assert!(excerpt_matches("...\nc", out).is_ok());
    assert!(
        excerpt_matches("b\n...", out).is_err(),
        "anchored at the start"
    );
    assert!(
        excerpt_matches("a\n...\nd\n...\nc", out).is_err(),
        "in order"
    );
    assert!(excerpt_matches("a\nc", out).is_err(), "contiguous");
    let actual: Value = serde_json::json!({"x": 1, "m": [{"s": 1}, {"s": 2}, {"s": 3}]});
    let ok = serde_json::json!({"m": [{"s": 2}]});
    assert!(json_subset(&ok, &actual, "").is_ok());
    let wrong = serde_json::json!({"m": [{"s": 3}, {"s": 2}]});
    assert!(json_subset(&wrong, &actual, "").is_err(), "array order");
    let missing = serde_json::json!({"y": 1});
    assert!(json_subset(&missing, &actual, "").is_err());
    let value = serde_json::json!({"x": 2});
    assert!(json_subset(&value, &actual, "").unwrap_err().contains(".x"));
}
