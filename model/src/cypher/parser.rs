//! The token cursor every parser is built on: looking at and consuming
//! tokens, keywords compared case-insensitively, names (keywords allowed,
//! backquotes removed) and errors at the right byte offset.

use std::collections::HashSet;

use crate::cypher::lexer::{Sym, Tok, Token, lex};
use crate::cypher::scope::Scope;
use crate::error::SyntaxError;

/// Result of parsing.
pub(crate) type PResult<T> = Result<T, SyntaxError>;

/// Stands in for the final token if the token list were ever empty.
static EOF: Token = Token {
    tok: Tok::Eof,
    start: 0,
    end: 0,
};

/// A cursor over the tokens of one text.
pub(crate) struct Parser<'a> {
    pub text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// Current recursion depth of the expression parser (bounded).
    pub nesting: usize,
    /// Offsets of the property values of patterns, in parse order (data
    /// statements report errors in values at these offsets).
    pub pattern_value_offsets: Vec<usize>,
    /// Variables in scope while parsing a read query, with what each is
    /// known to hold; `None` = not checked.
    pub scope: Option<Scope>,
    /// The relationship variables of the MATCH clause being parsed: one
    /// may stand for one relationship of the clause only (openCypher TCK
    /// Match3 [29]). A set, so that a clause of n relationships does not
    /// cost n² to check.
    pub clause_relationships: HashSet<String>,
    /// Whether an aggregate call may stand at the current position: in a
    /// WITH/RETURN item or ORDER BY key, outside any aggregate's argument
    /// and any per-element part of a comprehension.
    pub aggregates_allowed: bool,
    /// Whether an auth rule's condition is being parsed (A2): only there
    /// may `abac.*` functions be called, and there the condition rules of
    /// `cypher::condition` apply.
    pub in_condition: bool,
}

impl<'a> Parser<'a> {
    /// Lexes `text`.
    pub fn new(text: &'a str) -> PResult<Self> {
        Ok(Parser {
            text,
            tokens: lex(text)?,
            pos: 0,
            nesting: 0,
            pattern_value_offsets: Vec::new(),
            scope: None,
            clause_relationships: HashSet::new(),
            aggregates_allowed: false,
            in_condition: false,
        })
    }

    /// The current token (the final `Eof` once past the end).
    pub fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    /// The token `n` places ahead.
    pub fn peek_at(&self, n: usize) -> &Token {
        let last = self.tokens.len().saturating_sub(1);
        self.tokens.get((self.pos + n).min(last)).unwrap_or(&EOF)
    }

    /// Byte offset of the current token.
    pub fn offset(&self) -> usize {
        self.peek().start
    }

    /// End offset of the last consumed token.
    pub fn prev_end(&self) -> usize {
        match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(t) => t.end,
            None => 0,
        }
    }

    /// Source text between two offsets (empty if they are not valid boundaries).
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    /// Consumes and returns the current token.
    pub fn advance(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    /// Whether the input is exhausted.
    pub fn at_eof(&self) -> bool {
        self.peek().tok == Tok::Eof
    }

    /// Whether the token `n` ahead is the (unquoted) keyword `kw`.
    pub fn kw_at(&self, n: usize, kw: &str) -> bool {
        matches!(&self.peek_at(n).tok, Tok::Ident(s) if s.eq_ignore_ascii_case(kw))
    }

    /// Whether the current token is keyword `kw`.
    pub fn at_kw(&self, kw: &str) -> bool {
        self.kw_at(0, kw)
    }

    /// Whether the next tokens are the keywords `kws` in order.
    pub fn at_kws(&self, kws: &[&str]) -> bool {
        kws.iter().enumerate().all(|(i, kw)| self.kw_at(i, kw))
    }

    /// Consumes keyword `kw` if present.
    pub fn eat_kw(&mut self, kw: &str) -> bool {
        let at = self.at_kw(kw);
        if at {
            self.advance();
        }
        at
    }

    /// Consumes the keywords `kws` if all are present in order.
    pub fn eat_kws(&mut self, kws: &[&str]) -> bool {
        let at = self.at_kws(kws);
        if at {
            self.pos += kws.len();
        }
        at
    }

    /// Consumes keyword `kw` or fails naming it and `context`.
    pub fn expect_kw(&mut self, kw: &str, context: &str) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.expected(&format!("{kw} {context}")))
        }
    }

    /// Whether the token `n` ahead is `sym`.
    pub fn sym_at(&self, n: usize, sym: Sym) -> bool {
        self.peek_at(n).tok == Tok::Sym(sym)
    }

    /// Whether the current token is `sym`.
    pub fn at_sym(&self, sym: Sym) -> bool {
        self.sym_at(0, sym)
    }

    /// Consumes `sym` if present.
    pub fn eat_sym(&mut self, sym: Sym) -> bool {
        let at = self.at_sym(sym);
        if at {
            self.advance();
        }
        at
    }

    /// Consumes `sym` or fails with "expected <what>".
    pub fn expect_sym(&mut self, sym: Sym, what: &str) -> PResult<()> {
        if self.eat_sym(sym) {
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    /// Whether the current token can be a name.
    pub fn at_name(&self) -> bool {
        matches!(self.peek().tok, Tok::Ident(_) | Tok::Quoted(_))
    }

    /// A name: an identifier (keywords allowed) or a backquoted name.
    pub fn name(&mut self, what: &str) -> PResult<String> {
        match &self.peek().tok {
            Tok::Ident(s) | Tok::Quoted(s) => {
                let s = s.clone();
                self.advance();
                Ok(s)
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Comma-separated names.
    pub fn name_list(&mut self, what: &str) -> PResult<Vec<String>> {
        let mut names = vec![self.name(what)?];
        while self.eat_sym(Sym::Comma) {
            names.push(self.name(what)?);
        }
        Ok(names)
    }

    /// A string literal.
    pub fn string(&mut self, what: &str) -> PResult<String> {
        match &self.peek().tok {
            Tok::Str(s) => {
                let s = s.clone();
                self.advance();
                Ok(s)
            }
            _ => Err(self.expected(what)),
        }
    }

    /// The current token as written, for messages.
    pub fn describe(&self) -> String {
        let t = self.peek();
        if t.tok == Tok::Eof {
            "end of input".to_string()
        } else {
            format!("'{}'", self.slice(t.start, t.end))
        }
    }

    /// An error at the current token: "unexpected end of input" at the end,
    /// otherwise "expected <what>, found '<token>'".
    pub fn expected(&self, what: &str) -> SyntaxError {
        if self.at_eof() {
            SyntaxError::new(
                self.offset(),
                format!("unexpected end of input: expected {what}"),
            )
        } else {
            SyntaxError::new(
                self.offset(),
                format!("expected {what}, found {}", self.describe()),
            )
        }
    }

    /// An error at the current token.
    pub fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError::new(self.offset(), message)
    }

    /// Skips `CYPHER <version>`: versions 5 and 25 are accepted.
    pub fn cypher_prefix(&mut self) -> PResult<()> {
        if self.at_kw("CYPHER") {
            if let Tok::Int(v) = self.peek_at(1).tok {
                if v != 5 && v != 25 {
                    let at = self.peek_at(1).start;
                    return Err(SyntaxError::new(
                        at,
                        format!("unsupported Cypher version {v} (expected 5 or 25)"),
                    ));
                }
                self.pos += 2;
            } else {
                self.advance();
                return Err(self.expected("a Cypher version after CYPHER"));
            }
        }
        Ok(())
    }

    /// Consumes an optional `;` and requires the end of input.
    pub fn finish(&mut self) -> PResult<()> {
        self.eat_sym(Sym::Semicolon);
        if self.at_eof() {
            Ok(())
        } else {
            Err(self.error(format!(
                "unexpected {} after the end of the statement",
                self.describe()
            )))
        }
    }
}
