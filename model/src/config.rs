//! `neo4j.conf` lines as a scenario's `config` gives them: the 3.x property
//! blacklist (B1) and any other `dbms.*` settings (kept, ignored).

use std::collections::BTreeMap;

use crate::error::SyntaxError;

/// The settings Polygraph understands, plus every line as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// `dbms.security.property_level.enabled` (default false).
    pub property_level_enabled: bool,
    /// `dbms.security.property_level.blacklist`: role → blacklisted keys.
    pub blacklist: BTreeMap<String, Vec<String>>,
    /// Every `key=value` line, after continuation lines are joined.
    pub settings: BTreeMap<String, String>,
}

/// Parses `config` text (B1, SCENARIO_FORMAT.md).
pub fn parse_config(text: &str) -> Result<Config, SyntaxError> {
    let _ = text;
    todo!("catalog agent")
}
