//! Mapping offsets inside a decoded TOML string back to the scenario file.
//!
//! Parsers see the *decoded* text of a `graph`, `security`, `config` or
//! `cypher` string; their errors must point into the *file* (E1). Literal
//! strings map one to one; basic strings shift at every escape, and
//! multi-line strings drop a leading newline and line-ending backslashes.
//!
//! Also the file's own lines and columns ([`LineIndex`]), found without
//! scanning the file from its start each time: the loader places every
//! query and every `security` command, so a per-position scan made a file
//! of n queries cost n times its size to load (issue 12: loading is linear).

use std::ops::Range;

/// For one string value of the file: where each byte of its decoded content
/// came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringMap {
    /// `file_offset[i]` is the file offset of decoded byte `i`; one extra
    /// entry maps the end of the content.
    file_offset: Vec<usize>,
}

impl StringMap {
    /// Builds the map for the string whose raw token (quotes included)
    /// occupies `span` of `file`. Falls back to the token's start for any
    /// byte it cannot place, so a position is always produced.
    pub fn new(file: &str, span: Range<usize>) -> StringMap {
        let raw = file.get(span.clone()).unwrap_or("");
        let (delimiter, multiline) = if raw.starts_with("\"\"\"") {
            ("\"\"\"", true)
        } else if raw.starts_with("'''") {
            ("'''", true)
        } else if raw.starts_with('"') {
            ("\"", false)
        } else {
            ("'", false)
        };
        let literal = delimiter.starts_with('\'');
        let body_start = delimiter.len();
        let body_end = raw.len().saturating_sub(delimiter.len()).max(body_start);
        let body = raw.get(body_start..body_end).unwrap_or("");
        let mut offsets = Vec::with_capacity(body.len() + 1);
        let mut chars = body.char_indices().peekable();
        // A newline right after the opening delimiter is not part of the content.
        if multiline {
            if body.starts_with("\r\n") {
                chars.next();
                chars.next();
            } else if body.starts_with('\n') {
                chars.next();
            }
        }
        let base = span.start + body_start;
        while let Some((at, c)) = chars.next() {
            if literal || c != '\\' {
                offsets.extend(std::iter::repeat_n(base + at, c.len_utf8()));
                continue;
            }
            match chars.peek().map(|&(_, next)| next) {
                Some('u') | Some('U') => {
                    let digits = if chars.peek().map(|&(_, n)| n) == Some('u') {
                        4
                    } else {
                        8
                    };
                    chars.next();
                    let hex: String = (0..digits)
                        .filter_map(|_| chars.next().map(|(_, h)| h))
                        .collect();
                    let width = u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map_or(1, char::len_utf8);
                    offsets.extend(std::iter::repeat_n(base + at, width));
                }
                Some(next)
                    if multiline
                        && (next == '\n' || next == '\r' || next == ' ' || next == '\t') =>
                {
                    // Line-ending backslash: it and all following whitespace vanish.
                    while matches!(chars.peek(), Some(&(_, w)) if w.is_whitespace()) {
                        chars.next();
                    }
                }
                Some(_) => {
                    chars.next();
                    offsets.push(base + at);
                }
                None => offsets.push(base + at),
            }
        }
        offsets.push(base + body.len().min(raw.len()));
        StringMap {
            file_offset: offsets,
        }
    }

    /// The file offset of decoded byte `offset` (clamped to the content's end).
    pub fn file_offset(&self, offset: usize) -> usize {
        let last = self.file_offset.len().saturating_sub(1);
        self.file_offset.get(offset.min(last)).copied().unwrap_or(0)
    }
}

/// Byte distance between the character counts [`LineIndex`] keeps: a
/// lookup counts at most this many bytes past one.
const CHECKPOINT: usize = 64;

/// 1-based lines and columns (in characters, as `error::line_column`
/// counts them) of byte offsets in one text, each found in logarithmic time
/// plus at most [`CHECKPOINT`] bytes counted.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset where each line starts (the first is 0).
    line_starts: Vec<usize>,
    /// `chars_before[i]`: the characters in the first `i * CHECKPOINT` bytes.
    chars_before: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` in one pass.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        let mut chars_before = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut count = 0;
        chars_before.push(0);
        for chunk in bytes.chunks(CHECKPOINT) {
            count += chars_in(chunk);
            chars_before.push(count);
        }
        LineIndex {
            text,
            line_starts,
            chars_before,
        }
    }

    /// The line and column of byte `offset` (clamped to the text, and moved
    /// back to the start of the character it falls inside), as
    /// `error::line_column(text, offset)` gives them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Lines starting at or before the offset: the offset's line number.
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self.chars_to(offset) - self.chars_to(start) + 1;
        (line, column)
    }

    /// The characters in the first `offset` bytes (`offset` on a boundary).
    fn chars_to(&self, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        let counted = self.chars_before.get(block).copied().unwrap_or(0);
        let rest = self
            .text
            .as_bytes()
            .get(block * CHECKPOINT..offset)
            .unwrap_or(&[]);
        counted + chars_in(rest)
    }
}

/// The characters that start in `bytes` of UTF-8: every byte but the
/// continuation bytes (`10xxxxxx`).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::line_column;

    #[test]
    fn the_index_places_every_offset_as_a_scan_from_the_start_does() {
        // Multi-byte characters across checkpoints, empty lines, CRLF, an
        // offset inside a character and one past the end.
        let long = "é".repeat(40) + "\n" + &"x".repeat(70) + "\r\n\n→ a\n";
        for text in ["", "\n", "ab\ncé d\n", "no newline", long.as_str()] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_column(offset),
                    line_column(text, offset),
                    "offset {offset} of {text:?}"
                );
            }
        }
    }

    fn check(file: &str, value: &str, probe: &str) {
        // The probe text occurs once in the decoded value and once in the file.
        let start = file.find('=').map(|i| i + 2).unwrap_or(0);
        let map = StringMap::new(file, start..file.len());
        let decoded_at = value.find(probe).unwrap_or(usize::MAX);
        let file_at = file.rfind(probe).unwrap_or(usize::MAX);
        assert_eq!(
            map.file_offset(decoded_at),
            file_at,
            "probe {probe:?} in {file:?}"
        );
    }

    #[test]
    fn basic_strings_shift_at_escapes() {
        check(r#"x = "a\"b\u00e9 MATCH""#, "a\"bé MATCH", "MATCH");
        check(r#"x = "tab\there""#, "tab\there", "here");
    }

    #[test]
    fn literal_strings_map_one_to_one() {
        check(r"x = 'a\b MATCH'", r"a\b MATCH", "MATCH");
    }

    #[test]
    fn multiline_strings_drop_the_first_newline_and_line_continuations() {
        check(
            "x = \"\"\"\nCREATE (n);\nBAD\"\"\"",
            "CREATE (n);\nBAD",
            "BAD",
        );
        check("x = \"\"\"one \\\n    two\"\"\"", "one two", "two");
        check("x = '''\r\nfirst\nSECOND'''", "first\nSECOND", "SECOND");
    }

    #[test]
    fn end_of_content_maps_to_the_closing_quote() {
        let file = r#"x = "abc""#;
        let map = StringMap::new(file, 4..file.len());
        assert_eq!(map.file_offset(3), 8);
        assert_eq!(map.file_offset(99), 8);
    }
}
