//! The shape of the source, checked: no file imports a file that imports
//! it back (issue 15), and the layout docs name every file and folder.
//! These read `src/` as text; they run no binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, keyed by module path (`scan/walk`;
/// `scan` for `scan/mod.rs`, `` for `lib.rs`), with its text.
fn source_files() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.insert(
                    module_of(&path, root),
                    std::fs::read_to_string(&path).unwrap(),
                );
            }
        }
    }
    let root = src();
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn module_of(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap().with_extension("");
    let rel = rel.to_string_lossy().replace('\\', "/");
    match rel.as_str() {
        // The library's root; the binary's root is a file of its own.
        "lib" => String::new(),
        r => r.strip_suffix("/mod").unwrap_or(r).to_string(),
    }
}

/// `text` with comments, string and character literals blanked, and the
/// items under `#[cfg(test)]` left out: what the file imports to run.
fn code_of(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(len) = raw_string_len(rest) {
            i += len;
            out.push_str("\"\"");
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            i += (j + 1).min(rest.len());
            out.push_str("\"\"");
        } else if let Some(len) = char_literal_len(rest) {
            i += len;
            out.push_str("' '");
        } else if rest.starts_with("#[cfg(test)]") {
            i += "#[cfg(test)]".len() + item_len(&text[i + "#[cfg(test)]".len()..]);
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a raw string literal (`r"..."`, `r#"..."#`, `br"..."`)
/// at the start of `s`.
fn raw_string_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("br").or_else(|| s.strip_prefix('r'))?;
    let hashes = body.len() - body.trim_start_matches('#').len();
    let open = body[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = open.find(&close)?;
    Some(s.len() - open.len() + end + close.len())
}

/// The length of a character literal at the start of `s` (not a
/// lifetime).
fn char_literal_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('\'')?;
    if let Some(esc) = rest.strip_prefix('\\') {
        return Some(2 + esc.find('\'')? + 1);
    }
    let c = rest.chars().next()?;
    rest[c.len_utf8()..]
        .starts_with('\'')
        .then(|| 2 + c.len_utf8())
}

/// The length of the item at the start of `s`: up to its `;` or the end
/// of its first `{ ... }` block.
fn item_len(s: &str) -> usize {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            ';' if depth == 0 => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The paths `code` names starting with `crate`, `super` or `self`, with
/// `use` trees (`use super::{a, b::C}`) expanded.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<(usize, &str)> = word_starts(code);
    for &(at, _) in words
        .iter()
        .filter(|(_, w)| matches!(*w, "crate" | "super" | "self"))
    {
        // `pub(crate)`, `pub(super)`: a visibility, not a path.
        if code[..at].trim_end().ends_with("pub(") {
            continue;
        }
        let path = path_at(&code[at..]);
        expand(&path, String::new(), &mut out);
    }
    out
}

fn word_starts(code: &str) -> Vec<(usize, &str)> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in code
        .char_indices()
        .chain(std::iter::once((code.len(), ' ')))
    {
        match (start, ident(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let before = code[..s].chars().next_back();
                // A path's first segment, not the tail of `a::crate`.
                if !code[..s].ends_with("::") && before != Some('.') {
                    out.push((s, &code[s..i]));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The path (a use tree, braces included) at the start of `s`.
fn path_at(s: &str) -> String {
    let mut depth = 0;
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
            _ => {}
        }
        if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Expands a use tree into its paths.
fn expand(tree: &str, prefix: String, out: &mut Vec<String>) {
    match tree.find('{') {
        None => out.push(prefix + tree),
        Some(open) => {
            let head = prefix + &tree[..open];
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[start..i], head.clone(), out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&inner[start..], head, out);
        }
    }
}

/// The module file a path from module `from` lands in: its longest
/// prefix that is a module.
fn resolve(from: &str, path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    match segments.first() {
        Some(&"crate") => base.clear(),
        Some(&"self") => {}
        Some(&"super") => {
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
            segments.insert(0, "self");
        }
        _ => return None,
    }
    segments.remove(0);
    (0..=segments.len()).rev().find_map(|k| {
        let candidate: Vec<&str> = base.iter().chain(&segments[..k]).copied().collect();
        let candidate = candidate.join("/");
        modules.contains(&candidate).then_some(candidate)
    })
}

/// Whether `inner` lies inside module `outer` (a parent uses its
/// submodules: that is declaring them, not a cycle).
fn is_inside(inner: &str, outer: &str) -> bool {
    outer.is_empty() || inner.starts_with(&format!("{outer}/"))
}

/// Which module files each one imports (submodules left out).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let files = source_files();
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    files
        .iter()
        .map(|(m, text)| {
            let to = paths_in(&code_of(text))
                .iter()
                .filter_map(|p| resolve(m, p, &modules))
                .filter(|t| t != m && !is_inside(t, m))
                .collect();
            (m.clone(), to)
        })
        .collect()
}

/// The groups of files that import each other, directly or through
/// others (strongly connected components of more than one file).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            for t in edges.get(&m).into_iter().flatten() {
                if seen.insert(t.clone()) {
                    todo.push(t.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, r) in &reached {
        let group: Vec<String> = r
            .iter()
            .filter(|t| reached.get(t).is_some_and(|back| back.contains(*m)))
            .cloned()
            .collect();
        if group.len() > 1 {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let edges = imports();
    // The checker sees what it should: the binary's commands import
    // `shared`, a stage imports the one below it.
    assert!(
        edges["cli/pairs"].contains("cli/shared"),
        "{:?}",
        edges["cli/pairs"]
    );
    assert!(
        edges["scan/docsig"].contains("shingle"),
        "{:?}",
        edges["scan/docsig"]
    );
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "files that import each other (move what both need into a file of its own): {found:?}"
    );
}

#[test]
fn the_cycle_checker_finds_a_cycle() {
    let edge = |a: &str, b: &[&str]| (a.to_string(), b.iter().map(|s| s.to_string()).collect());
    let edges: BTreeMap<String, BTreeSet<String>> = [
        edge("a", &["b"]),
        edge("b", &["c"]),
        edge("c", &["a"]),
        edge("d", &["a"]),
    ]
    .into_iter()
    .collect();
    assert_eq!(cycles(&edges), vec![vec!["a", "b", "c"]]);
    let modules: BTreeSet<String> = ["", "scan", "scan/walk", "shingle", "cli", "cli/shared"]
        .map(String::from)
        .into();
    let paths = paths_in(&code_of(
        "use super::{shared::{a, b}, x};\n// use crate::shingle;\nlet s = \"crate::shingle\";\n#[cfg(test)]\nmod tests { use crate::scan; }\nfn f() { crate::scan::walk::go() }",
    ));
    let resolved: BTreeSet<_> = paths
        .iter()
        .filter_map(|p| resolve("cli/pairs", p, &modules))
        .collect();
    assert_eq!(
        resolved,
        ["cli", "cli/shared", "scan/walk"].map(String::from).into()
    );
}

/// Every source file is named in docs/layout.md, and every folder of
/// `src/` in the README's Layout section.
#[test]
fn the_layout_docs_name_every_file_and_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layout = std::fs::read_to_string(root.join("docs/layout.md")).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme
        .split("\n## Layout\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a ## Layout section");
    let mut missing = Vec::new();
    for module in source_files().keys().filter(|m| !m.is_empty()) {
        let name = module.rsplit('/').next().unwrap();
        // `scan/` for a folder, `walk.rs` or `cli/pairs.rs` for a file.
        let (short, long) = if src().join(module).is_dir() {
            if !module.contains('/') && !section.contains(&format!("`src/{module}/`")) {
                missing.push(format!("README Layout: src/{module}/"));
            }
            (format!("`{name}/`"), format!("`{module}/`"))
        } else {
            (format!("`{name}.rs`"), format!("`{module}.rs`"))
        };
        let full = format!("`src/{}", &long[1..]);
        if ![short, long.clone(), full]
            .iter()
            .any(|form| layout.contains(form.as_str()))
        {
            missing.push(format!("docs/layout.md: src/{}", &long[1..long.len() - 1]));
        }
    }
    assert!(
        missing.is_empty(),
        "say in a few words what each of these owns, in docs/layout.md (and a new folder in the README's Layout): {missing:#?}"
    );
}
