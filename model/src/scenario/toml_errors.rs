//! The TOML reader's errors in words that name their construct, each with
//! a position in the file (E1).
//!
//! The toml crate reports some hostile inputs tersely: "duplicate key"
//! without the key, "u64 value was too large" for an integer beyond
//! `i64::MAX` (which a Cypher integer cannot hold either), "cannot recurse
//! further" for deep arrays and inline tables, and "recursion limit",
//! without any position, for a dotted key of too many parts. The error's
//! span (when there is one) points at the construct in the file, so the
//! text under it names what the message lacks; the dotted key is found by
//! lexing the file with toml's own lexer.

use std::ops::Range;

use toml_parser::Source;
use toml_parser::lexer::TokenKind;

/// How deep the toml crate lets arrays and inline tables nest, and how many
/// parts a dotted key may have (`LIMIT` in toml's parser, not exported).
pub const TOML_NESTING_LIMIT: usize = 80;

/// A TOML error restated: where in the file (a byte offset) and what.
pub(super) fn describe(
    text: &str,
    span: Option<Range<usize>>,
    message: &str,
) -> (Option<usize>, String) {
    let message = message.trim();
    let under = span.clone().and_then(|s| text.get(s)).map(str::trim);
    let at = span.map(|s| s.start);
    match (message, under) {
        ("duplicate key", Some(key)) if !key.is_empty() => (
            at,
            format!(
                "duplicate key `{key}`: a key is defined once per table (and a [table] header once per file)"
            ),
        ),
        (m, Some(bracket)) if m.starts_with("cannot recurse further") => {
            let what = if bracket.starts_with('{') {
                "inline table"
            } else {
                "array"
            };
            (
                at,
                format!(
                    "{what} nested too deeply: arrays and inline tables nest at most \
                     {TOML_NESTING_LIMIT} levels (the TOML reader's limit)"
                ),
            )
        }
        ("recursion limit", _) => match long_dotted_key(text) {
            Some((offset, key)) => (
                Some(offset),
                format!(
                    "dotted key `{}` has {} parts: a key has at most {TOML_NESTING_LIMIT} \
                     (the TOML reader's nesting limit)",
                    key.preview, key.parts
                ),
            ),
            None => (at, message.to_string()),
        },
        (m, Some(integer))
            if m == "u64 value was too large"
                || m.ends_with("as i128, expected any valid TOML value") =>
        {
            (
                at,
                format!(
                    "integer {integer} is outside the 64-bit signed range ({} to {}), \
                     the range of a Cypher integer",
                    i64::MIN,
                    i64::MAX
                ),
            )
        }
        _ => (at, message.to_string()),
    }
}

/// How deeply the file's values may nest, arrays, inline tables and the
/// tables of dotted keys counted together, before the TOML reader sees it.
/// The reader bounds each of brackets and key parts at 80, not their
/// product: 78 inline tables of 80-part keys nest 6,240 tables, which
/// overflowed a 2 MB thread stack inside the reader. Twice
/// [`crate::value::MAX_NESTING`], so that `expect` (whose values nest at
/// most that) reports the finer error itself.
pub const FILE_NESTING_LIMIT: usize = 2 * crate::value::MAX_NESTING;

/// Where the file's values first nest deeper than [`FILE_NESTING_LIMIT`]
/// (the offset of the bracket or key that goes too deep) and how deep, by
/// lexing alone: an array counts one level, an inline table one per part
/// of the key being defined in it (`{a.b.c = 1}` nests three tables).
/// Top-level keys and table headers are left out: the reader bounds them
/// at 80 parts each.
pub(super) fn too_deep(text: &str) -> Option<(usize, usize)> {
    // Per open bracket: its levels, and whether it is an inline table.
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut depth = 0;
    let mut parts = 0;
    for token in Source::new(text).lex() {
        let at = token.span().start();
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                open.push((1, token.kind() == TokenKind::LeftCurlyBracket));
                depth += 1;
                parts = 0;
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth -= open.pop().map_or(0, |(levels, _)| levels);
                parts = 0;
            }
            TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString => {
                parts += 1;
            }
            TokenKind::Equals => {
                if let Some((levels, true)) = open.last_mut() {
                    depth = depth - *levels + parts.max(1);
                    *levels = parts.max(1);
                }
                parts = 0;
            }
            TokenKind::Comma => {
                if let Some((levels, true)) = open.last_mut() {
                    depth = depth - *levels + 1;
                    *levels = 1;
                }
                parts = 0;
            }
            TokenKind::Dot | TokenKind::Whitespace => {}
            _ => parts = 0,
        }
        if depth > FILE_NESTING_LIMIT {
            return Some((at, depth));
        }
    }
    None
}

/// A dotted key found in the file: its first parts and how many there are.
struct DottedKey {
    preview: String,
    parts: usize,
}

/// The first dotted key of the file with more than [`TOML_NESTING_LIMIT`]
/// parts, and its offset. A float's `.` lexes like a key's, but no float
/// has more than one.
fn long_dotted_key(text: &str) -> Option<(usize, DottedKey)> {
    let mut start = 0;
    let mut parts = 0;
    // Whether the last key token was followed by a `.` (so the next key
    // token continues the chain).
    let mut after_dot = false;
    let mut first: Vec<&str> = Vec::new();
    for token in Source::new(text).lex() {
        let span = token.span();
        let key = matches!(
            token.kind(),
            TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString
        );
        match token.kind() {
            _ if key && (after_dot || parts == 0) => {
                if parts == 0 {
                    start = span.start();
                    first.clear();
                }
                parts += 1;
                after_dot = false;
                if first.len() < 3 {
                    first.extend(text.get(span.start()..span.end()));
                }
            }
            TokenKind::Dot if parts > 0 && !after_dot => after_dot = true,
            TokenKind::Whitespace => {}
            _ => {
                if parts > TOML_NESTING_LIMIT {
                    break;
                }
                parts = 0;
                after_dot = false;
                if key {
                    start = span.start();
                    first.clear();
                    first.extend(text.get(span.start()..span.end()));
                    parts = 1;
                }
            }
        }
    }
    (parts > TOML_NESTING_LIMIT).then(|| {
        (
            start,
            DottedKey {
                preview: format!("{}.…", first.join(".")),
                parts,
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_arrays_inline_tables_and_their_key_parts() {
        let within = format!("v = {}1{}\n", "[".repeat(512), "]".repeat(512));
        assert_eq!(too_deep(&within), None);
        let beyond = format!("v = {}1{}\n", "[".repeat(513), "]".repeat(513));
        assert_eq!(too_deep(&beyond), Some((4 + 512, 513)));
        // {a.a.a = ...} is three levels; after a comma the next key starts
        // again at the table's own level.
        let key = vec!["a"; 100].join(".");
        let nested = format!("v = {{ {key} = {{ {key} = {{ {key} = {{ {key} = 1 }} }} }} }}\n");
        assert_eq!(too_deep(&nested), None);
        let nested = format!(
            "v = {{ {key} = {{ {key} = {{ {key} = {{ {key} = {{ {key} = {{ {key} = 1 }} }} }} }} }} }}\n"
        );
        let (at, depth) = too_deep(&nested).unwrap_or_else(|| panic!("not found"));
        assert_eq!(depth, 600);
        assert!(
            text_at(&nested, at).starts_with("= 1"),
            "{}",
            text_at(&nested, at)
        );
        let siblings = format!("v = {{ {} }}\n", vec![format!("{key} = 1"); 10].join(", "));
        assert_eq!(too_deep(&siblings), None);
    }

    fn text_at(text: &str, at: usize) -> &str {
        text.get(at..).unwrap_or("")
    }

    #[test]
    fn a_long_dotted_key_is_found_after_short_ones_and_floats() {
        let long = vec!["k"; 81].join(".");
        let text = format!("a.b = 1.5\nx = [1.0, 2.5]\n[t]\n  {long} = 1\n");
        let (offset, key) = long_dotted_key(&text).unwrap_or_else(|| panic!("not found"));
        assert_eq!(&text[offset..offset + 3], "k.k");
        assert_eq!(key.parts, 81);
        assert_eq!(key.preview, "k.k.k.…");
        let at_limit = vec!["k"; 80].join(".");
        assert!(long_dotted_key(&format!("{at_limit} = 1\n")).is_none());
        // Quoted parts and spaces around the dots count the same.
        let quoted = vec!["\"q\""; 81].join(" . ");
        let (_, key) =
            long_dotted_key(&format!("[{quoted}]\n")).unwrap_or_else(|| panic!("not found"));
        assert_eq!(key.parts, 81);
    }
}
