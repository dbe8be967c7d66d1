//! How a path is shown in reports, messages and on the terminal: one-to-one
//! with the path, so two files never print alike even when their names are
//! not UTF-8 (an invalid byte is `\xHH`), and a shown path can be turned
//! back into the path ([`path_of_display`]). The scan's walker names every
//! document this way ([`display_path`]); paths a user gave are shown as
//! given ([`display_given`]). Re-exported by `scan::walk`.

use std::path::{Component, Path, PathBuf};

/// A path as shown in reports: components joined by `/`, without `.`
/// components or repeated separators.
///
/// A UTF-8 name is shown as it is. A byte that is not part of valid UTF-8
/// is shown as `\xHH` (two upper-case hex digits), and a backslash that
/// could be read as the start of such an escape (one followed by `x`, by
/// another backslash or by an invalid byte) is doubled. The display is
/// thus one-to-one with the normalised path: two files never print alike,
/// and [`path_of_display`] turns a display back into the path.
pub fn display_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        match c {
            Component::CurDir => continue,
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::Prefix(p) => out.push_str(&p.as_os_str().to_string_lossy()),
            Component::ParentDir => push_part(&mut out, ".."),
            Component::Normal(s) => {
                separate(&mut out);
                push_escaped(&mut out, s.as_encoded_bytes());
            }
        }
    }
    if out.is_empty() { ".".to_string() } else { out }
}

/// A path as the user gave it (`compare A B`, a `--pairs` list), not
/// normalised, with the escape of [`display_path`] applied to the whole of
/// it: a UTF-8 path without a backslash is shown unchanged, an invalid byte
/// as `\xHH`, a backslash that could read as an escape doubled. One-to-one
/// with the path given, so two inputs never print alike.
pub fn display_given(path: &Path) -> String {
    let mut out = String::new();
    push_escaped(&mut out, path.as_os_str().as_encoded_bytes());
    out
}

fn push_part(out: &mut String, part: &str) {
    separate(out);
    out.push_str(part);
}

fn separate(out: &mut String) {
    if !out.is_empty() && !out.ends_with('/') {
        out.push('/');
    }
}

/// Appends one name, escaped as [`display_path`] says.
fn push_escaped(out: &mut String, bytes: &[u8]) {
    if let Ok(s) = std::str::from_utf8(bytes)
        && !s.contains('\\')
    {
        out.push_str(s);
        return;
    }
    // Each character, or `Err(byte)` for a byte that is not valid UTF-8.
    let mut pieces = Vec::new();
    for chunk in bytes.utf8_chunks() {
        pieces.extend(chunk.valid().chars().map(Ok));
        pieces.extend(chunk.invalid().iter().map(|&b| Err(b)));
    }
    for (i, piece) in pieces.iter().enumerate() {
        match *piece {
            Ok('\\') => {
                out.push('\\');
                if matches!(pieces.get(i + 1), Some(Ok('x' | '\\') | Err(_))) {
                    out.push('\\');
                }
            }
            Ok(c) => out.push(c),
            Err(b) => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push_str("\\x");
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

/// The bytes a display of [`display_path`] stands for: `\\` is one
/// backslash, `\xHH` one byte, anything else itself.
pub fn display_bytes(display: &str) -> Vec<u8> {
    let b = display.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b'\\') {
                out.push(b'\\');
                i += 2;
                continue;
            }
            if b.get(i + 1) == Some(&b'x')
                && let Some(byte) = display
                    .get(i + 2..i + 4)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(byte);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The path a display of [`display_path`] names (its normalised form). On
/// systems whose paths are not bytes (Windows), a name that was not UTF-8
/// comes back with U+FFFD in place of the invalid bytes.
pub fn path_of_display(display: &str) -> PathBuf {
    if !display.contains('\\') {
        return PathBuf::from(display);
    }
    let bytes = display_bytes(display);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_not_utf8_are_escaped_one_to_one() {
        let shown = |b: &[u8]| {
            let mut out = String::new();
            push_escaped(&mut out, b);
            out
        };
        assert_eq!(shown(b"x\xff.txt"), "x\\xFF.txt");
        assert_eq!(shown(b"x\xfe.txt"), "x\\xFE.txt");
        assert_eq!(shown("caf\u{e9}.txt".as_bytes()), "caf\u{e9}.txt");
        // A backslash is doubled only where it could start an escape.
        assert_eq!(shown(b"a\\b"), "a\\b");
        assert_eq!(shown(b"a\\xFF"), "a\\\\xFF");
        assert_eq!(shown(b"a\\\\"), "a\\\\\\");
        assert_eq!(shown(b"a\\\xff"), "a\\\\\\xFF");
        assert_eq!(shown(b"end\\"), "end\\");
        // Every short name over a small alphabet: one-to-one, and decoded
        // back to its bytes.
        let alphabet: [&[u8]; 6] = [b"\\", b"x", b"F", b"\xff", b"\xc3", b"\xa9"];
        let mut seen = std::collections::HashMap::new();
        let mut names: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<u8>> = names
                .iter()
                .flat_map(|n| alphabet.iter().map(move |a| [n.as_slice(), a].concat()))
                .collect();
            names.extend(longer);
        }
        names.sort();
        names.dedup();
        for name in names {
            let s = shown(&name);
            assert_eq!(display_bytes(&s), name, "{s}");
            if let Some(other) = seen.insert(s.clone(), name.clone()) {
                assert_eq!(other, name, "{s} shows two names");
            }
        }
    }
}
