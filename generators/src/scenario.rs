//! A generated world as a scenario file (docs/spec/scenario-format.md) and as the
//! world that file must load to, built without any text.
//!
//! Embedded scripts are TOML multi-line literal strings (`'''`), which keep
//! Cypher's backslash escapes as written; a text that cannot be one (it
//! holds `'''` or a control character) falls back to a basic string
//! escaped by the `toml` crate. Values are written by model's
//! `render::literal`, whose floats read back as the same floats.

use std::path::Path;

use model::admin::AdminCommand;
use model::admin::exec::execute;
use model::catalog::Catalog;
use model::config::{Config, parse_config};
use model::cypher::{Statement, parse_statement};
use model::scenario::{LoadError, Scenario, load_str};
use model::world::World;

use crate::pools::DATABASE;
use crate::{GenSession, GenWorld};

/// The name generated scenarios carry unless told otherwise.
pub const DEFAULT_NAME: &str = "generated world";

/// `s` as a one-line TOML string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `s` as a TOML string for a script: a multi-line literal string when `s`
/// can be one, else [`toml_string`].
fn toml_block(s: &str) -> String {
    let literal_safe =
        !s.contains("'''") && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if literal_safe {
        // The newline after the opening delimiter is dropped by TOML; the
        // one before the closing delimiter keeps a trailing `'` apart from it.
        format!("'''\n{s}\n'''")
    } else {
        toml_string(s)
    }
}

impl GenWorld {
    /// The scenario file, named [`DEFAULT_NAME`].
    pub fn scenario_text(&self) -> String {
        self.scenario_text_named(DEFAULT_NAME)
    }

    /// The scenario file with `name`: graph, security, config and one
    /// `[[query]]` per query (`as` its user, no `expect`).
    pub fn scenario_text_named(&self, name: &str) -> String {
        let mut out = format!("name = {}\n", toml_string(name));
        let graph = crate::graph::data_text(&self.nodes, &self.relationships, &self.indexes);
        if !graph.is_empty() {
            out.push_str(&format!("\ngraph = {}\n", toml_block(&graph)));
        }
        let rules = self.abac.iter().flat_map(|a| &a.rules);
        if !self.security.is_empty() {
            let lines: Vec<String> = self
                .security
                .iter()
                .map(|c| c.text())
                .chain(rules.cloned())
                .map(|c| format!("{c};"))
                .collect();
            out.push_str(&format!("\nsecurity = {}\n", toml_block(&lines.join("\n"))));
        }
        if let Some(config) = self.config_text() {
            out.push_str(&format!("\nconfig = {}\n", toml_block(&config)));
        }
        for q in &self.queries {
            out.push_str("\n[[query]]\n");
            if let Some(user) = &q.user {
                out.push_str(&format!("as = {}\n", toml_string(user)));
            }
            out.push_str(&format!("cypher = {}\n", toml_string(&q.text())));
        }
        let sessions = self.abac.iter().flat_map(|a| a.sessions.iter().enumerate());
        for (index, session) in sessions {
            out.push_str(&session_text(index, session));
        }
        out
    }

    /// The `config` lines: the blacklist's, then the OIDC settings.
    pub fn config_text(&self) -> Option<String> {
        let lines: Vec<String> = self
            .blacklist
            .iter()
            .map(|b| b.config_text())
            .chain(self.abac.iter().flat_map(|a| a.config.iter().cloned()))
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// The scenario file loaded by model's loader.
    pub fn scenario(&self) -> Result<Scenario, LoadError> {
        load_str(Path::new("generated.toml"), &self.scenario_text())
    }

    /// The world the scenario starts from, built directly: the graph from
    /// the data, the security commands' trees executed on the built-in
    /// catalog (no parsing), the blacklist's config. The error is the first
    /// failing command's.
    pub fn direct_world(&self) -> Result<World, String> {
        let mut graph = self.graph();
        let mut catalog = Catalog::with_builtins();
        for command in &self.security {
            execute(&command.command(), &mut catalog, &mut graph.tokens)
                .map_err(|e| format!("{}: {e}", command.text()))?;
        }
        // Auth rules are text (their conditions are generated as text and
        // kept only when they parse): parsed as the loader parses them.
        for text in self.abac.iter().flat_map(|a| &a.rules) {
            let command = admin_command(text)?;
            execute(&command, &mut catalog, &mut graph.tokens)
                .map_err(|e| format!("{text}: {e}"))?;
        }
        let config = match (&self.abac, &self.blacklist) {
            (None, Some(b)) => b.config(),
            (None, None) => Config::default(),
            (Some(_), _) => {
                let text = self.config_text().unwrap_or_default();
                parse_config(&text).map_err(|e| format!("config: {e}"))?
            }
        };
        Ok(World {
            database: DATABASE.to_string(),
            graph,
            catalog,
            config,
        })
    }
}

/// An administration command's text, parsed.
pub fn admin_command(text: &str) -> Result<AdminCommand, String> {
    match parse_statement(text) {
        Ok(Statement::Admin(command)) => Ok(command),
        Ok(_) => Err(format!("{text}: not an administration command")),
        Err(e) => Err(format!("{text}: {e}")),
    }
}

/// A session's queries: the opening one (`claims`, `token`, `at`,
/// `session`), the rule change as administrator commands, the continued
/// one at its later instant.
fn session_text(index: usize, session: &GenSession) -> String {
    let name = toml_string(&GenSession::name(index));
    let cypher = toml_string(&session.query.text());
    let claims = toml::Value::Table(session.claims_table());
    let mut out = format!("\n[[query]]\nclaims = {claims}\n");
    let token = session.token_table();
    if !token.is_empty() {
        out.push_str(&format!("token = {}\n", toml::Value::Table(token)));
    }
    out.push_str(&format!(
        "at = {}\nsession = {name}\ncypher = {cypher}\n",
        toml_string(&session.at.to_rfc3339())
    ));
    if let Some(later) = session.later {
        for command in &session.change {
            out.push_str(&format!("\n[[query]]\ncypher = {}\n", toml_string(command)));
        }
        out.push_str(&format!(
            "\n[[query]]\nat = {}\nsession = {name}\ncypher = {cypher}\n",
            toml_string(&later.to_rfc3339())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_literal_unless_they_cannot_be() {
        assert_eq!(toml_block("a\\'b"), "'''\na\\'b\n'''");
        let fallback = toml_block("x'''y");
        let parsed: toml::Table = toml::from_str(&format!("v = {fallback}")).unwrap_or_default();
        assert_eq!(parsed.get("v").and_then(|v| v.as_str()), Some("x'''y"));
        let control = toml_block("a\u{1}b");
        let parsed: toml::Table = toml::from_str(&format!("v = {control}")).unwrap_or_default();
        assert_eq!(parsed.get("v").and_then(|v| v.as_str()), Some("a\u{1}b"));
    }
}
