//! Syntax and validation errors with byte offsets into the text they came from.
//!
//! Parsers report a byte offset into the string they were handed; the scenario
//! loader translates it into a line and column of the scenario file.

use thiserror::Error;

/// An error found while reading text: a parse error, or a validation error of
/// a construct that parsed (an integer out of range, an unsupported clause).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// What went wrong, naming the construct (`unsupported clause SET`).
    pub message: String,
    /// Byte offset into the parsed text where the construct starts.
    pub offset: usize,
}

impl SyntaxError {
    /// An error at `offset` with `message`.
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        SyntaxError {
            message: message.into(),
            offset,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` within `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let text = "ab\ncé d\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // 'é' is two bytes: the space after it is the third character.
        assert_eq!(line_column(text, 6), (2, 3));
        assert_eq!(line_column(text, 100), (3, 1));
    }
}
