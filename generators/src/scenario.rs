//! A generated world as a scenario file (docs/spec/scenario-format.md) and as the
//! world that file must load to, built without any text.
//!
//! Embedded scripts are TOML multi-line literal strings (`'''`), which keep
//! Cypher's backslash escapes as written; a text that cannot be one (it
//! holds `'''` or a control character) falls back to a basic string
//! escaped by the `toml` crate. Values are written by model's
//! `render::literal`, whose floats read back as the same floats.

use std::path::Path;

use model::admin::exec::execute;
use model::catalog::Catalog;
use model::scenario::{LoadError, Scenario, load_str};
use model::world::World;

use crate::GenWorld;
use crate::pools::DATABASE;

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
        if !self.security.is_empty() {
            let lines: Vec<String> = self
                .security
                .iter()
                .map(|c| format!("{};", c.text()))
                .collect();
            out.push_str(&format!("\nsecurity = {}\n", toml_block(&lines.join("\n"))));
        }
        if let Some(b) = &self.blacklist {
            out.push_str(&format!("\nconfig = {}\n", toml_block(&b.config_text())));
        }
        for q in &self.queries {
            out.push_str("\n[[query]]\n");
            if let Some(user) = &q.user {
                out.push_str(&format!("as = {}\n", toml_string(user)));
            }
            out.push_str(&format!("cypher = {}\n", toml_string(&q.text())));
        }
        out
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
        Ok(World {
            database: DATABASE.to_string(),
            graph,
            catalog,
            config: self
                .blacklist
                .as_ref()
                .map(|b| b.config())
                .unwrap_or_default(),
        })
    }
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
