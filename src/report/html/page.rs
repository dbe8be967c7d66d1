//! The page shell shared by every HTML view: doctype, head, the inline
//! stylesheet and script, and the Content-Security-Policy that allows only
//! those two.

use crate::report::sanitize::html_line;

/// The stylesheet of every page.
pub const STYLE: &str = include_str!("report.css");

/// The one script of every page (interaction only: the page reads the same
/// without it).
pub const SCRIPT: &str = include_str!("report.js");

/// The CSP hash source of [`STYLE`]: `sha256-` and the base64 of its
/// SHA-256, pinned here (a test recomputes it; after editing `report.css`,
/// put the value the test prints here).
const STYLE_HASH: &str = "sha256-4kd4gTFuf6pBtByj2QZSUHe4oQ9ucg1eU2YgHkGH6G8=";

/// The CSP hash source of [`SCRIPT`] (pinned as [`STYLE_HASH`] is).
const SCRIPT_HASH: &str = "sha256-NGYurM5Y0duk3HFOArUrvTMhgZNlOVQlXDJSzyCCfMw=";

/// The policy of every page: nothing may load, and only the page's own
/// stylesheet and script (named by their SHA-256) may apply or run. Defence
/// in depth: document text is escaped anyway, but if an escape were ever
/// missed, injected markup could still neither run script nor fetch.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src 'none'; \
         base-uri 'none'; form-action 'none'",
        STYLE_HASH, SCRIPT_HASH
    )
}

/// A whole page: `title` (plain text, escaped here), a class on `<body>`
/// naming the view, and `body` (markup built by a view).
pub fn wrap(title: &str, view: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + SCRIPT.len() + 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    out.push_str(&content_security_policy());
    out.push_str("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>");
    out.push_str(&html_line(title));
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body class=\"");
    out.push_str(view);
    out.push_str("\">\n");
    out.push_str(body);
    out.push_str("<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// A CSP hash source: `sha256-` and the base64 of the digest.
    fn hash_source(text: &str) -> String {
        format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
    }

    /// Standard base64 with padding (RFC 4648 §4).
    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn pinned_digests_are_those_of_the_style_and_script() {
        assert_eq!(
            STYLE_HASH,
            hash_source(STYLE),
            "report.css changed: pin its new digest"
        );
        assert_eq!(
            SCRIPT_HASH,
            hash_source(SCRIPT),
            "report.js changed: pin its new digest"
        );
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn hash_source_matches_a_known_digest() {
        // printf 'abc' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash_source("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn style_and_script_cannot_close_their_element() {
        assert!(!STYLE.to_ascii_lowercase().contains("</style"));
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
        assert!(!SCRIPT.contains("<!--"));
    }

    #[test]
    fn the_policy_names_the_exact_style_and_script() {
        let page = wrap("t", "v", "");
        let csp = content_security_policy();
        assert!(page.contains(&csp));
        assert!(csp.contains(&hash_source(STYLE)));
        assert!(csp.contains(&hash_source(SCRIPT)));
        // The hashed text is exactly what sits between the tags.
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
    }
}
