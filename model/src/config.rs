//! `neo4j.conf` lines as a scenario's `config` gives them: the 3.x property
//! blacklist (B1), the OIDC settings of docs/spec/semantics.md section 6 (O1,
//! read by [`crate::oidc::settings`] from the lines found here) and any other
//! `dbms.*` settings (kept in [`Config::settings`], otherwise ignored).
//!
//! Syntax (docs/spec/scenario-format.md): `key=value` lines, whitespace around key and
//! value trimmed; a `\` at a line's end continues the line on the next one,
//! whose leading whitespace is dropped; lines starting with `#` (after
//! optional whitespace) are comments; blank lines are skipped. A later line
//! with the same key replaces an earlier one. Errors carry byte offsets into
//! the config text.

use std::collections::BTreeMap;

use crate::error::SyntaxError;
use crate::oidc::OidcSettings;
use crate::oidc::settings::SettingLine;

/// Key enabling the blacklist (B1).
pub const PROPERTY_LEVEL_ENABLED: &str = "dbms.security.property_level.enabled";
/// Key of the blacklist itself (B1).
pub const PROPERTY_LEVEL_BLACKLIST: &str = "dbms.security.property_level.blacklist";

/// The settings Polygraph understands, plus every line as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// `dbms.security.property_level.enabled` (default false).
    pub property_level_enabled: bool,
    /// `dbms.security.property_level.blacklist`: role → blacklisted keys.
    pub blacklist: BTreeMap<String, Vec<String>>,
    /// Every `key=value` line, after continuation lines are joined.
    pub settings: BTreeMap<String, String>,
    /// O1: the OIDC providers and provider lists (the O1 default provider
    /// when the config configures none).
    pub oidc: OidcSettings,
}

/// A logical line: continuation lines joined, with where each joined piece
/// came from so that positions map back to offsets in the original text.
struct LogicalLine {
    text: String,
    /// `(position in text, offset in the config)` of each piece, ascending.
    pieces: Vec<(usize, usize)>,
}

impl LogicalLine {
    /// Byte offset in the config text of byte `pos` of the joined line.
    fn offset(&self, pos: usize) -> usize {
        let piece = self
            .pieces
            .iter()
            .rev()
            .find(|(start, _)| *start <= pos)
            .copied()
            .unwrap_or((0, 0));
        piece.1 + (pos - piece.0)
    }

    /// Offset of the line's start.
    fn start(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.1)
    }
}

/// Splits `text` into logical lines, skipping blank and comment lines.
fn logical_lines(text: &str) -> Vec<LogicalLine> {
    let mut out = Vec::new();
    let mut current: Option<LogicalLine> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_offset = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let (piece, piece_offset) = match current {
            // A continuation drops its leading whitespace.
            Some(_) => {
                let trimmed = line.trim_start();
                (trimmed, line_offset + (line.len() - trimmed.len()))
            }
            None => {
                let body = line.trim_start();
                if body.is_empty() || body.starts_with('#') {
                    continue;
                }
                (line, line_offset)
            }
        };
        let (piece, continues) = match piece.trim_end().strip_suffix('\\') {
            Some(head) => (head, true),
            None => (piece, false),
        };
        let logical = current.get_or_insert_with(|| LogicalLine {
            text: String::new(),
            pieces: Vec::new(),
        });
        logical.pieces.push((logical.text.len(), piece_offset));
        logical.text.push_str(piece);
        if !continues && let Some(done) = current.take() {
            out.push(done);
        }
    }
    if let Some(done) = current {
        out.push(done);
    }
    out
}

/// Parses `config` text (B1, docs/spec/scenario-format.md).
pub fn parse_config(text: &str) -> Result<Config, SyntaxError> {
    let mut config = Config::default();
    let mut lines = Vec::new();
    for line in logical_lines(text) {
        let Some(eq) = line.text.find('=') else {
            return Err(SyntaxError::new(
                line.start(),
                format!("config line is not key=value: '{}'", line.text.trim()),
            ));
        };
        let (raw_key, rest) = line.text.split_at(eq);
        let raw_value = rest.get(1..).unwrap_or("");
        let key = raw_key.trim();
        if key.is_empty() {
            return Err(SyntaxError::new(
                line.start(),
                "config line has an empty key",
            ));
        }
        let value = raw_value.trim();
        let value_pos = eq + 1 + (raw_value.len() - raw_value.trim_start().len());
        match key {
            PROPERTY_LEVEL_ENABLED => {
                config.property_level_enabled = parse_bool(value).ok_or_else(|| {
                    SyntaxError::new(
                        line.offset(value_pos),
                        format!("{PROPERTY_LEVEL_ENABLED} must be true or false, not '{value}'"),
                    )
                })?;
            }
            PROPERTY_LEVEL_BLACKLIST => {
                config.blacklist = parse_blacklist(value).map_err(|(pos, message)| {
                    SyntaxError::new(line.offset(value_pos + pos), message)
                })?;
            }
            _ => {}
        }
        config.settings.insert(key.to_string(), value.to_string());
        lines.push(SettingLine {
            key: key.to_string(),
            key_offset: line.offset(raw_key.len() - raw_key.trim_start().len()),
            value: value.to_string(),
            value_offsets: (0..=value.len())
                .map(|i| line.offset(value_pos + i))
                .collect(),
        });
    }
    config.oidc = crate::oidc::settings::parse(&lines)?;
    Ok(config)
}

/// Neo4j's boolean setting values (case-insensitive `true` / `false`).
fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `role1=p1,p2;role2=p3` (B1): spaces around names and double quotes
/// around names allowed, empty entries (a trailing `;`) skipped, a role
/// named twice gets the union. Errors give a byte position within `value`.
fn parse_blacklist(value: &str) -> Result<BTreeMap<String, Vec<String>>, (usize, String)> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut pos = 0;
    for entry in value.split(';') {
        let entry_pos = pos;
        pos += entry.len() + 1;
        if entry.trim().is_empty() {
            continue;
        }
        let Some(eq) = entry.find('=') else {
            return Err((
                entry_pos,
                format!(
                    "blacklist entry '{}' is not role=property,...",
                    entry.trim()
                ),
            ));
        };
        let (role_text, rest) = entry.split_at(eq);
        let role = blacklist_name(role_text).map_err(|m| (entry_pos, m))?;
        let keys = map.entry(role).or_default();
        let mut key_pos = entry_pos + eq + 1;
        for key_text in rest.get(1..).unwrap_or("").split(',') {
            let key = blacklist_name(key_text).map_err(|m| (key_pos, m))?;
            key_pos += key_text.len() + 1;
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    Ok(map)
}

/// One role or property name of the blacklist: trimmed, optional double quotes.
fn blacklist_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    let name = match name.strip_prefix('"') {
        Some(inner) => inner
            .strip_suffix('"')
            .ok_or_else(|| format!("unterminated double quote in blacklist name {name}"))?,
        None if name.contains('"') => {
            return Err(format!("misplaced double quote in blacklist name {name}"));
        }
        None => name,
    };
    if name.is_empty() || name.contains('"') {
        return Err(format!(
            "empty or ill-quoted name in the blacklist: '{}'",
            text.trim()
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blacklist(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(r, ks)| (r.to_string(), ks.iter().map(|k| k.to_string()).collect()))
            .collect()
    }

    #[test]
    fn seed_003_example_with_continuations() {
        // Property-level security (3.5), Example 7.23, verbatim.
        let text = "dbms.security.property_level.enabled=true\n\
                    dbms.security.property_level.blacklist=\\\n  roleX=propertyA;\\\n  roleY=propertyB,propertyC\n";
        let config = parse_config(text).expect("seed example parses");
        assert!(config.property_level_enabled);
        assert_eq!(
            config.blacklist,
            blacklist(&[
                ("roleX", &["propertyA"]),
                ("roleY", &["propertyB", "propertyC"])
            ])
        );
        assert_eq!(
            config
                .settings
                .get(PROPERTY_LEVEL_BLACKLIST)
                .map(String::as_str),
            Some("roleX=propertyA;roleY=propertyB,propertyC")
        );
    }

    #[test]
    fn comments_blank_lines_spaces_and_quotes() {
        let text = "# a comment\n\n  dbms.x.y = some value  \n\
                    dbms.security.property_level.blacklist = \"a role\" = p1 , \"p 2\" ; r2=p3;\n";
        let config = parse_config(text).expect("parses");
        assert!(!config.property_level_enabled);
        assert_eq!(
            config.settings.get("dbms.x.y").map(String::as_str),
            Some("some value")
        );
        assert_eq!(
            config.blacklist,
            blacklist(&[("a role", &["p1", "p 2"]), ("r2", &["p3"])])
        );
    }

    #[test]
    fn oidc_settings_are_kept() {
        let text = "dbms.security.oidc.idp.issuer=https://idp.example.test\n\
                    dbms.security.oidc.idp.audience=neo4j\n\
                    dbms.security.authentication_providers=oidc-idp,native\n";
        let config = parse_config(text).expect("parses");
        assert_eq!(
            config
                .settings
                .get("dbms.security.oidc.idp.issuer")
                .map(String::as_str),
            Some("https://idp.example.test")
        );
        assert_eq!(config.settings.len(), 3);
        assert_eq!(config.oidc.authentication, ["oidc-idp", "native"]);
    }

    #[test]
    fn a_line_without_equals_is_an_error_at_its_offset() {
        let text = "a=b\n  not a setting\n";
        let err = parse_config(text).expect_err("must fail");
        assert_eq!(err.offset, 4);
    }

    #[test]
    fn enabled_must_be_a_boolean() {
        let text = "dbms.security.property_level.enabled=yes\n";
        let err = parse_config(text).expect_err("must fail");
        assert_eq!(err.offset, text.find("yes").unwrap_or(usize::MAX));
        assert!(parse_config("dbms.security.property_level.enabled=FALSE").is_ok());
    }

    #[test]
    fn ill_formed_blacklists_point_into_the_value() {
        let text = "x=1\ndbms.security.property_level.blacklist=roleX=a;roleY\n";
        let err = parse_config(text).expect_err("entry without =");
        assert_eq!(err.offset, text.find("roleY").unwrap_or(usize::MAX));
        let text = "dbms.security.property_level.blacklist=roleX=a,,b\n";
        let err = parse_config(text).expect_err("empty key");
        assert_eq!(err.offset, text.find(",,").map_or(usize::MAX, |p| p + 1));
        let text = "dbms.security.property_level.blacklist=\"roleX=a\n";
        assert!(parse_config(text).is_err(), "unterminated quote");
        let text = "dbms.security.property_level.blacklist=\\\n   =a\n";
        let err = parse_config(text).expect_err("empty role");
        assert_eq!(err.offset, text.find("=a").unwrap_or(usize::MAX));
    }

    #[test]
    fn continuation_at_end_of_text_and_later_keys_win() {
        let text = "k=1\nk=2 \\";
        let config = parse_config(text).expect("parses");
        assert_eq!(config.settings.get("k").map(String::as_str), Some("2"));
    }
}
