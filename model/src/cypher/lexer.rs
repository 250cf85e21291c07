//! The one lexer shared by every parser: turns text into tokens carrying
//! their byte range. Keywords are not distinguished here: they are plain
//! identifiers that the parsers compare case-insensitively, so that names
//! may be keywords (`CREATE ROLE role`).

use crate::error::SyntaxError;

/// Punctuation and operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sym {
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    DotDot,
    Colon,
    Semicolon,
    Pipe,
    Eq,
    Neq,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Dollar,
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// An unquoted identifier or keyword, as written.
    Ident(String),
    /// A backquoted name, unescaped: never a keyword.
    Quoted(String),
    /// A string literal, unescaped.
    Str(String),
    /// An integer literal; range against i64 is checked by the parser,
    /// which knows whether a minus sign precedes it.
    Int(u64),
    /// A float literal.
    Float(f64),
    /// Punctuation or an operator.
    Sym(Sym),
    /// End of input.
    Eof,
}

/// A token with its byte range in the lexed text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// Message for integers that do not fit.
pub(crate) const INT_RANGE: &str = "integer literal out of range";

/// Splits `text` into tokens, ending with one [`Tok::Eof`].
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut lexer = Lexer {
        text,
        chars: text.char_indices().peekable(),
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    /// The character after the next one.
    fn peek2(&self) -> Option<char> {
        let mut it = self.chars.clone();
        it.next();
        it.next().map(|(_, c)| c)
    }

    fn pos(&mut self) -> usize {
        self.chars.peek().map_or(self.text.len(), |&(i, _)| i)
    }

    fn push(&mut self, tok: Tok, start: usize) {
        let end = self.pos();
        self.tokens.push(Token { tok, start, end });
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        while let Some(c) = self.peek() {
            let start = self.pos();
            if c.is_whitespace() {
                self.chars.next();
            } else if c == '/' && self.peek2() == Some('/') {
                while let Some(c) = self.peek() {
                    if c == '\n' {
                        break;
                    }
                    self.chars.next();
                }
            } else if c == '/' && self.peek2() == Some('*') {
                self.block_comment(start)?;
            } else if c.is_alphabetic() || c == '_' {
                let mut name = String::new();
                while let Some(c) = self.peek().filter(|c| c.is_alphanumeric() || *c == '_') {
                    name.push(c);
                    self.chars.next();
                }
                self.push(Tok::Ident(name), start);
            } else if c == '`' {
                let name = self.backquoted(start)?;
                self.push(Tok::Quoted(name), start);
            } else if c == '\'' || c == '"' {
                let s = self.string(c, start)?;
                self.push(Tok::Str(s), start);
            } else if c.is_ascii_digit()
                || (c == '.' && self.peek2().is_some_and(|d| d.is_ascii_digit()))
            {
                let tok = self.number(start)?;
                self.push(tok, start);
            } else {
                let sym = self.symbol(c, start)?;
                self.push(Tok::Sym(sym), start);
            }
        }
        let end = self.text.len();
        self.tokens.push(Token {
            tok: Tok::Eof,
            start: end,
            end,
        });
        Ok(())
    }

    fn block_comment(&mut self, start: usize) -> Result<(), SyntaxError> {
        self.chars.next();
        self.chars.next();
        while let Some((_, c)) = self.chars.next() {
            if c == '*' && self.peek() == Some('/') {
                self.chars.next();
                return Ok(());
            }
        }
        Err(SyntaxError::new(start, "unterminated comment"))
    }

    fn backquoted(&mut self, start: usize) -> Result<String, SyntaxError> {
        self.chars.next();
        let mut name = String::new();
        while let Some((_, c)) = self.chars.next() {
            if c == '`' {
                if self.peek() == Some('`') {
                    self.chars.next();
                    name.push('`');
                } else {
                    return Ok(name);
                }
            } else {
                name.push(c);
            }
        }
        Err(SyntaxError::new(start, "unterminated backquoted name"))
    }

    fn string(&mut self, quote: char, start: usize) -> Result<String, SyntaxError> {
        self.chars.next();
        let mut s = String::new();
        while let Some((at, c)) = self.chars.next() {
            if c == quote {
                return Ok(s);
            }
            if c != '\\' {
                s.push(c);
                continue;
            }
            let escaped = match self.chars.next() {
                Some((_, e)) => e,
                None => break,
            };
            s.push(match escaped {
                '\\' => '\\',
                '\'' => '\'',
                '"' => '"',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'b' => '\u{8}',
                'f' => '\u{c}',
                'u' | 'U' => self.unicode_escape(escaped == 'U', at)?,
                _ => return Err(SyntaxError::new(at, format!("invalid escape \\{escaped}"))),
            });
        }
        Err(SyntaxError::new(start, "unterminated string"))
    }

    /// `\uXXXX` (or `\UXXXXXXXX`): the escape starts at `at`.
    fn unicode_escape(&mut self, long: bool, at: usize) -> Result<char, SyntaxError> {
        let digits = if long { 8 } else { 4 };
        let mut code = 0u32;
        for _ in 0..digits {
            let d = self.peek().and_then(|c| c.to_digit(16));
            let Some(d) = d else {
                return Err(SyntaxError::new(at, "invalid unicode escape"));
            };
            self.chars.next();
            code = code * 16 + d;
        }
        char::from_u32(code).ok_or_else(|| SyntaxError::new(at, "invalid unicode escape"))
    }

    fn take_digits(&mut self, radix: u32, out: &mut String) {
        while let Some(c) = self.peek().filter(|c| c.is_digit(radix) || *c == '_') {
            if c != '_' {
                out.push(c);
            }
            self.chars.next();
        }
    }

    fn number(&mut self, start: usize) -> Result<Tok, SyntaxError> {
        let mut digits = String::new();
        if self.peek() == Some('0') && matches!(self.peek2(), Some('x' | 'X' | 'o' | 'O')) {
            self.chars.next();
            let radix = match self.chars.next() {
                Some((_, 'x' | 'X')) => 16,
                _ => 8,
            };
            self.take_digits(radix, &mut digits);
            if digits.is_empty() {
                return Err(SyntaxError::new(start, "invalid integer literal"));
            }
            return u64::from_str_radix(&digits, radix)
                .map(Tok::Int)
                .map_err(|_| SyntaxError::new(start, INT_RANGE));
        }
        self.take_digits(10, &mut digits);
        let mut is_float = false;
        if self.peek() == Some('.') && self.peek2().is_some_and(|d| d.is_ascii_digit()) {
            is_float = true;
            digits.push('.');
            self.chars.next();
            self.take_digits(10, &mut digits);
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let next = self.peek2();
            let signed = matches!(next, Some('+' | '-'));
            let mut it = self.chars.clone();
            it.next();
            if signed {
                it.next();
            }
            if it.peek().is_some_and(|&(_, d)| d.is_ascii_digit()) {
                is_float = true;
                digits.push('e');
                self.chars.next();
                if signed && let Some((_, s)) = self.chars.next() {
                    digits.push(s);
                }
                self.take_digits(10, &mut digits);
            }
        }
        if is_float {
            match digits.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Tok::Float(f)),
                Ok(_) => Err(SyntaxError::new(start, "float literal out of range")),
                Err(_) => Err(SyntaxError::new(start, "invalid float literal")),
            }
        } else {
            digits
                .parse::<u64>()
                .map(Tok::Int)
                .map_err(|_| SyntaxError::new(start, INT_RANGE))
        }
    }

    fn symbol(&mut self, c: char, start: usize) -> Result<Sym, SyntaxError> {
        self.chars.next();
        let next = self.peek();
        let (sym, two) = match (c, next) {
            ('(', _) => (Sym::LParen, false),
            (')', _) => (Sym::RParen, false),
            ('[', _) => (Sym::LBracket, false),
            (']', _) => (Sym::RBracket, false),
            ('{', _) => (Sym::LBrace, false),
            ('}', _) => (Sym::RBrace, false),
            (',', _) => (Sym::Comma, false),
            ('.', Some('.')) => (Sym::DotDot, true),
            ('.', _) => (Sym::Dot, false),
            (':', _) => (Sym::Colon, false),
            (';', _) => (Sym::Semicolon, false),
            ('|', _) => (Sym::Pipe, false),
            ('=', Some('~')) => {
                return Err(SyntaxError::new(
                    start,
                    "unsupported operator =~ (regular expressions are outside the supported subset)",
                ));
            }
            ('=', _) => (Sym::Eq, false),
            ('<', Some('>')) => (Sym::Neq, true),
            ('<', Some('=')) => (Sym::Le, true),
            ('<', _) => (Sym::Lt, false),
            ('>', Some('=')) => (Sym::Ge, true),
            ('>', _) => (Sym::Gt, false),
            ('!', Some('=')) => (Sym::Neq, true),
            ('+', _) => (Sym::Plus, false),
            ('-', _) => (Sym::Minus, false),
            ('*', _) => (Sym::Star, false),
            ('/', _) => (Sym::Slash, false),
            ('%', _) => (Sym::Percent, false),
            ('^', _) => (Sym::Caret, false),
            ('$', _) => (Sym::Dollar, false),
            _ => {
                return Err(SyntaxError::new(
                    start,
                    format!("unexpected character '{}'", c.escape_default()),
                ));
            }
        };
        if two {
            self.chars.next();
        }
        Ok(sym)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        lex(text).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn ident(s: &str) -> Tok {
        Tok::Ident(s.to_string())
    }

    #[test]
    fn names_keywords_and_backquotes() {
        assert_eq!(
            toks("MATCH `a b` `x``y` _n1"),
            vec![
                ident("MATCH"),
                Tok::Quoted("a b".into()),
                Tok::Quoted("x`y".into()),
                ident("_n1"),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn string_escapes() {
        assert_eq!(
            toks(r#"'a\'b\\c\n\t\r\b\f\u00e9' "q\"" 'x"y'"#),
            vec![
                Tok::Str("a'b\\c\n\t\r\u{8}\u{c}é".into()),
                Tok::Str("q\"".into()),
                Tok::Str("x\"y".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("42 0x1F 0o17 1.5 .5 1e3 1.5e-3 2E+2"),
            vec![
                Tok::Int(42),
                Tok::Int(31),
                Tok::Int(15),
                Tok::Float(1.5),
                Tok::Float(0.5),
                Tok::Float(1000.0),
                Tok::Float(0.0015),
                Tok::Float(200.0),
                Tok::Eof
            ]
        );
        // A range is not a float.
        assert_eq!(
            toks("1..2"),
            vec![Tok::Int(1), Tok::Sym(Sym::DotDot), Tok::Int(2), Tok::Eof]
        );
        assert_eq!(
            toks("9223372036854775808"),
            vec![Tok::Int(9_223_372_036_854_775_808), Tok::Eof]
        );
    }

    #[test]
    fn operators_and_offsets() {
        let tokens = lex("a<>b <= -->").unwrap();
        let kinds: Vec<_> = tokens
            .iter()
            .map(|t| (t.tok.clone(), t.start, t.end))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (ident("a"), 0, 1),
                (Tok::Sym(Sym::Neq), 1, 3),
                (ident("b"), 3, 4),
                (Tok::Sym(Sym::Le), 5, 7),
                (Tok::Sym(Sym::Minus), 8, 9),
                (Tok::Sym(Sym::Minus), 9, 10),
                (Tok::Sym(Sym::Gt), 10, 11),
                (Tok::Eof, 11, 11),
            ]
        );
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(
            toks("a // x\n/* y\n */ b"),
            vec![ident("a"), ident("b"), Tok::Eof]
        );
    }

    #[test]
    fn errors_carry_offsets() {
        let e = lex("RETURN 'abc").unwrap_err();
        assert_eq!((e.message().as_str(), e.offset), ("unterminated string", 7));
        let e = lex("RETURN 99999999999999999999").unwrap_err();
        assert_eq!((e.message().as_str(), e.offset), (INT_RANGE, 7));
        let e = lex("é #").unwrap_err();
        assert_eq!(e.offset, 3);
        let e = lex("x 1e999").unwrap_err();
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("float literal out of range", 2)
        );
        let e = lex("/* open").unwrap_err();
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("unterminated comment", 0)
        );
        let e = lex("'\\u12").unwrap_err();
        assert_eq!(e.offset, 1);
    }
}
