//! Reading a scenario file: TOML with unknown fields rejected, then every
//! embedded script parsed, with positions translated from the strings to the
//! file.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::positions::{LineIndex, StringMap};
use super::toml_errors;
use super::{
    DEFAULT_AT, Expectation, LoadError, Position, QueryUser, Scenario, ScenarioQuery,
    TokenOverrides,
};
use crate::admin::AdminCommand;
use crate::config::parse_config;
use crate::cypher::{
    Statement, build_graph, parse_admin_script, parse_data_script, parse_statement,
};
use crate::error::{SyntaxError, line_column};
use crate::oidc::OidcSettings;
use crate::rows::value_from_toml;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Spanned<String>,
    source: Option<String>,
    database: Option<Spanned<String>>,
    graph: Option<Spanned<String>>,
    security: Option<Spanned<String>>,
    config: Option<Spanned<String>>,
    query: Option<Spanned<Vec<Spanned<RawQuery>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuery {
    cypher: Spanned<String>,
    #[serde(rename = "as")]
    user: Option<Spanned<String>>,
    claims: Option<Spanned<toml::Table>>,
    token: Option<Spanned<TokenOverrides>>,
    at: Option<Spanned<toml::Value>>,
    session: Option<Spanned<String>>,
    expect: Option<Spanned<toml::Value>>,
    expect_error: Option<Spanned<String>>,
}

/// Loads the scenario file at `path`.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        position: None,
        message: format!("cannot read the file: {e}"),
        kind: None,
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, column) = line_column(&prefix, prefix.len());
            return Err(LoadError {
                path: path.to_path_buf(),
                position: Some(Position { line, column }),
                message: "invalid UTF-8 in scenario file".into(),
                kind: None,
            });
        }
    };
    load_str(path, &text)
}

/// Loads a scenario from `text`, reporting errors against `path`.
pub fn load_str(path: &Path, text: &str) -> Result<Scenario, LoadError> {
    Loader {
        path: path.to_path_buf(),
        text,
        lines: LineIndex::new(text),
    }
    .load()
}

struct Loader<'a> {
    path: PathBuf,
    text: &'a str,
    /// Lines and columns of `text`: every query and `security` command is
    /// placed, so placing must not scan the file from its start each time.
    lines: LineIndex<'a>,
}

impl Loader<'_> {
    fn error_at(&self, offset: Option<usize>, message: impl Into<String>) -> LoadError {
        let position = offset.map(|o| {
            let (line, column) = self.lines.line_column(o);
            Position { line, column }
        });
        LoadError {
            path: self.path.clone(),
            position,
            message: message.into(),
            kind: None,
        }
    }

    fn position(&self, offset: usize) -> Position {
        let (line, column) = self.lines.line_column(offset);
        Position { line, column }
    }

    /// Turns a parser's error inside the string at `span` into a file error.
    fn syntax_error(&self, field: &str, span: Range<usize>, error: SyntaxError) -> LoadError {
        let map = StringMap::new(self.text, span);
        LoadError {
            kind: Some(Box::new(error.kind.clone())),
            ..self.error_at(
                Some(map.file_offset(error.offset)),
                format!("in `{field}`: {}", error.message()),
            )
        }
    }

    fn load(&self) -> Result<Scenario, LoadError> {
        if self.text.trim().is_empty() {
            return Err(self.error_at(
                None,
                "empty scenario file: `name` and at least one [[query]] are required",
            ));
        }
        if let Some((offset, depth)) = toml_errors::too_deep(self.text) {
            return Err(self.error_at(
                Some(offset),
                format!(
                    "values nested too deeply: arrays, inline tables and the parts of their \
                     dotted keys nest {depth} levels here, at most {} (each is a level of tables)",
                    toml_errors::FILE_NESTING_LIMIT
                ),
            ));
        }
        let raw: RawScenario = toml::from_str(self.text).map_err(|e| {
            let (offset, message) = toml_errors::describe(self.text, e.span(), e.message());
            self.error_at(offset, message)
        })?;

        let graph = match &raw.graph {
            Some(g) => {
                let statements = parse_data_script(g.get_ref())
                    .map_err(|e| self.syntax_error("graph", g.span(), e))?;
                build_graph(&statements).map_err(|e| self.syntax_error("graph", g.span(), e))?
            }
            None => Default::default(),
        };
        let security = match &raw.security {
            Some(s) => {
                let commands = parse_admin_script(s.get_ref())
                    .map_err(|e| self.syntax_error("security", s.span(), e))?;
                // One map for the whole script: building it per command cost
                // the script's length per command.
                let map = StringMap::new(self.text, s.span());
                commands
                    .into_iter()
                    .map(|located| {
                        let offset = map.file_offset(located.offset);
                        (located.item, self.position(offset))
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let config = match &raw.config {
            Some(c) => {
                parse_config(c.get_ref()).map_err(|e| self.syntax_error("config", c.span(), e))?
            }
            None => Default::default(),
        };
        let queries = self.queries(&raw, &security, &config.oidc)?;
        Ok(Scenario {
            path: self.path.clone(),
            name: raw.name.into_inner(),
            source: raw.source,
            // D4: database names are case-insensitive; engines compare
            // them with the lowercase names the parser stores.
            database: raw
                .database
                .map_or_else(|| "neo4j".to_string(), |d| d.into_inner().to_lowercase()),
            graph,
            security,
            config,
            queries,
        })
    }

    fn queries(
        &self,
        raw: &RawScenario,
        security: &[(AdminCommand, Position)],
        oidc: &OidcSettings,
    ) -> Result<Vec<ScenarioQuery>, LoadError> {
        let Some(list) = &raw.query else {
            return Err(self.error_at(
                None,
                "missing field `query`: a scenario needs at least one [[query]]",
            ));
        };
        if list.get_ref().is_empty() {
            return Err(self.error_at(
                Some(list.span().start),
                "`query` is empty: a scenario needs at least one [[query]]",
            ));
        }
        // Users that exist by the time each query runs: created in `security`
        // or by an earlier administration command among the queries.
        let mut users: BTreeSet<String> = security
            .iter()
            .filter_map(|(c, _)| created_user(c))
            .collect();
        let mut sessions: BTreeMap<String, QueryUser> = BTreeMap::new();
        let mut queries = Vec::new();
        for (index, spanned) in list.get_ref().iter().enumerate() {
            let q = spanned.get_ref();
            let query = self.query(index + 1, q, &users, &mut sessions, oidc)?;
            if let Ok(Statement::Admin(command)) = &query.statement {
                users.extend(created_user(command));
            }
            queries.push(query);
        }
        Ok(queries)
    }

    fn query(
        &self,
        number: usize,
        q: &RawQuery,
        users: &BTreeSet<String>,
        sessions: &mut BTreeMap<String, QueryUser>,
        oidc: &OidcSettings,
    ) -> Result<ScenarioQuery, LoadError> {
        // A syntax error is the query's outcome when it expects an error (E1
        // cases), and otherwise makes the whole file unloadable.
        let statement = match parse_statement(q.cypher.get_ref()) {
            Ok(statement) => Ok(statement),
            Err(e) if q.expect_error.is_some() => {
                Err(self.syntax_error("cypher", q.cypher.span(), e))
            }
            Err(e) => return Err(self.syntax_error("cypher", q.cypher.span(), e)),
        };
        let declared = match (&q.user, &q.claims) {
            (Some(u), Some(_)) => {
                return Err(self.error_at(
                    Some(u.span().start),
                    "a query gives either `as` or `claims`, not both",
                ));
            }
            (Some(u), None) => {
                if !users.contains(u.get_ref()) {
                    return Err(self.error_at(
                        Some(u.span().start),
                        format!(
                            "user '{}' does not exist: create it in `security` first",
                            u.get_ref()
                        ),
                    ));
                }
                Some(QueryUser::Native(u.get_ref().clone()))
            }
            (None, Some(c)) => Some(QueryUser::Oidc {
                claims: c.get_ref().clone(),
                token: q
                    .token
                    .as_ref()
                    .map(|t| t.get_ref().clone())
                    .unwrap_or_default(),
            }),
            (None, None) => None,
        };
        if let (Some(t), None) = (&q.token, &q.claims) {
            return Err(self.error_at(Some(t.span().start), "`token` needs `claims`"));
        }
        if let Some(t) = &q.token {
            self.check_token(t, oidc)?;
        }
        let user = match &q.session {
            Some(name) => match sessions.get(name.get_ref()) {
                Some(opened) => {
                    if declared.is_some() {
                        return Err(self.error_at(
                            Some(name.span().start),
                            format!("session '{}' is already open: later queries of a session give neither `as` nor `claims`", name.get_ref()),
                        ));
                    }
                    opened.clone()
                }
                None => {
                    let user = declared.unwrap_or(QueryUser::Admin);
                    sessions.insert(name.get_ref().clone(), user.clone());
                    user
                }
            },
            None => declared.unwrap_or(QueryUser::Admin),
        };
        let at = match &q.at {
            Some(at) => self.instant(at)?,
            None => chrono::DateTime::parse_from_rfc3339(DEFAULT_AT)
                .map_err(|e| self.error_at(None, e.to_string()))?,
        };
        let expectation = match (&q.expect, &q.expect_error) {
            (Some(e), Some(_)) => {
                return Err(self.error_at(
                    Some(e.span().start),
                    "a query gives either `expect` or `expect_error`, not both",
                ));
            }
            (Some(e), None) => Expectation::Rows(self.expected_rows(e)?),
            (None, Some(e)) => Expectation::Error(e.get_ref().clone()),
            (None, None) => Expectation::Success,
        };
        Ok(ScenarioQuery {
            number,
            position: self.position(q.cypher.span().start),
            cypher: q.cypher.get_ref().clone(),
            statement,
            user,
            at,
            session: q.session.as_ref().map(|s| s.get_ref().clone()),
            expectation,
        })
    }

    fn check_token(
        &self,
        token: &Spanned<TokenOverrides>,
        oidc: &OidcSettings,
    ) -> Result<(), LoadError> {
        let t = token.get_ref();
        let at = Some(token.span().start);
        if let Some(provider) = &t.provider
            && oidc.provider(provider).is_none()
        {
            let configured: Vec<&str> = oidc.providers.iter().map(|p| p.name.as_str()).collect();
            return Err(self.error_at(
                at,
                format!(
                    "token.provider '{provider}' is not a configured OIDC provider (configured: {})",
                    configured.join(", ")
                ),
            ));
        }
        if let Some(alg) = &t.alg
            && !["RS256", "HS256", "ES256"].contains(&alg.as_str())
        {
            return Err(self.error_at(
                at,
                format!("token.alg '{alg}' is not one of RS256, HS256, ES256"),
            ));
        }
        if let Some(tamper) = &t.tamper
            && !crate::oidc::token::TAMPERS.contains(&tamper.as_str())
        {
            return Err(self.error_at(
                at,
                format!(
                    "token.tamper '{tamper}' is not one of {}",
                    crate::oidc::token::TAMPERS.join(", ")
                ),
            ));
        }
        Ok(())
    }

    fn instant(
        &self,
        at: &Spanned<toml::Value>,
    ) -> Result<chrono::DateTime<chrono::FixedOffset>, LoadError> {
        let text = match at.get_ref() {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => {
                return Err(self.error_at(
                    Some(at.span().start),
                    format!(
                        "`at` must be an RFC 3339 instant, found a {}",
                        other.type_str()
                    ),
                ));
            }
        };
        chrono::DateTime::parse_from_rfc3339(&text).map_err(|e| {
            self.error_at(
                Some(at.span().start),
                format!("`at` is not an RFC 3339 instant with an offset ('{text}'): {e}"),
            )
        })
    }

    fn expected_rows(
        &self,
        expect: &Spanned<toml::Value>,
    ) -> Result<Vec<BTreeMap<String, crate::value::Value>>, LoadError> {
        let at = Some(expect.span().start);
        let toml::Value::Array(rows) = expect.get_ref() else {
            return Err(self.error_at(
                at,
                format!(
                    "`expect` must be an array of tables (rows), found a {}",
                    expect.get_ref().type_str()
                ),
            ));
        };
        rows.iter()
            .enumerate()
            .map(|(i, row)| {
                let toml::Value::Table(columns) = row else {
                    return Err(self.error_at(
                        at,
                        format!(
                            "`expect` row {} must be a table keyed by column, found a {}",
                            i + 1,
                            row.type_str()
                        ),
                    ));
                };
                columns
                    .iter()
                    .map(|(column, value)| {
                        value_from_toml(value)
                            .map(|v| (column.clone(), v))
                            .map_err(|e| {
                                self.error_at(
                                    at,
                                    format!("`expect` row {}, column `{column}`: {e}", i + 1),
                                )
                            })
                    })
                    .collect()
            })
            .collect()
    }
}

/// The user a command creates, for checking `as` at load time.
fn created_user(command: &AdminCommand) -> Option<String> {
    match command {
        AdminCommand::CreateUser { name, .. } => Some(name.clone()),
        _ => None,
    }
}
