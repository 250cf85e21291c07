//! The optional 3.x property blacklist (docs/spec/semantics.md B1): as data, as
//! `config` lines, and as the [`Config`] those lines parse to.

use arbitrary::Unstructured;
use model::catalog::PUBLIC;
use model::config::{Config, PROPERTY_LEVEL_BLACKLIST, PROPERTY_LEVEL_ENABLED};

use crate::choice::{flag, pick, subset, weighted};
use crate::pools::{KEYS, ROLES, UNKNOWN_KEY};

/// `dbms.security.property_level.*` settings.
#[derive(Debug, Clone, PartialEq)]
pub struct GenBlacklist {
    /// `dbms.security.property_level.enabled`.
    pub enabled: bool,
    /// Role → blacklisted keys, distinct roles, each with 1-2 distinct keys.
    pub entries: Vec<(String, Vec<String>)>,
}

/// Sometimes a blacklist, mostly enabled, on custom roles or PUBLIC.
pub fn blacklist(u: &mut Unstructured<'_>) -> Option<GenBlacklist> {
    if !flag(u, 35) {
        return None;
    }
    let enabled = weighted(u, &[5, 1]) == 0;
    let mut holders: Vec<&str> = ROLES.to_vec();
    holders.push(PUBLIC);
    let mut keys: Vec<&str> = KEYS.to_vec();
    keys.push(UNKNOWN_KEY);
    let count = 1 + pick(u, 2);
    let mut entries = Vec::new();
    for role in subset(u, &holders, 50).into_iter().take(count) {
        let mut chosen = subset(u, &keys, 40);
        if chosen.is_empty() {
            chosen.push("k");
        }
        chosen.truncate(2);
        entries.push((
            role.to_string(),
            chosen.into_iter().map(str::to_string).collect(),
        ));
    }
    if entries.is_empty() {
        entries.push((
            holders.first().copied().unwrap_or(PUBLIC).to_string(),
            vec!["k".to_string()],
        ));
    }
    Some(GenBlacklist { enabled, entries })
}

impl GenBlacklist {
    /// The blacklist setting's value: `r0=k,m;PUBLIC=n`.
    fn value(&self) -> String {
        self.entries
            .iter()
            .map(|(role, keys)| format!("{role}={}", keys.join(",")))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The `config` lines.
    pub fn config_text(&self) -> String {
        format!(
            "{PROPERTY_LEVEL_ENABLED}={}\n{PROPERTY_LEVEL_BLACKLIST}={}",
            self.enabled,
            self.value()
        )
    }

    /// The configuration those lines mean, built directly.
    pub fn config(&self) -> Config {
        let mut config = Config {
            property_level_enabled: self.enabled,
            ..Config::default()
        };
        for (role, keys) in &self.entries {
            config.blacklist.insert(role.clone(), keys.clone());
        }
        config
            .settings
            .insert(PROPERTY_LEVEL_ENABLED.to_string(), self.enabled.to_string());
        config
            .settings
            .insert(PROPERTY_LEVEL_BLACKLIST.to_string(), self.value());
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_b1() {
        let b = GenBlacklist {
            enabled: true,
            entries: vec![
                ("r0".into(), vec!["k".into(), "m".into()]),
                ("PUBLIC".into(), vec!["z".into()]),
            ],
        };
        assert_eq!(
            b.config_text(),
            "dbms.security.property_level.enabled=true\n\
             dbms.security.property_level.blacklist=r0=k,m;PUBLIC=z"
        );
        let config = b.config();
        assert!(config.property_level_enabled);
        assert_eq!(
            config.blacklist.get("r0"),
            Some(&vec!["k".to_string(), "m".to_string()])
        );
        assert_eq!(config.blacklist.get("PUBLIC"), Some(&vec!["z".to_string()]));
    }

    #[test]
    fn zero_bytes_give_no_blacklist() {
        assert_eq!(blacklist(&mut Unstructured::new(&[0; 32])), None);
    }
}
