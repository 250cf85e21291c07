//! The benchmark policies of docs/design.md as readable administration scripts,
//! applied to `Catalog::with_builtins()` through the model's command
//! executor, plus the principal each runs as.
//!
//! `abac` runs as an OIDC session whose roles come from 100 auth rules
//! over its token's claims ([`abac_script`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use model::admin::exec::execute;
use model::catalog::Catalog;
use model::config::Config;
use model::cypher::parse_admin_script;
use model::engine::{OidcSession, Principal};
use model::graph::Graph;
use model::scenario::TokenOverrides;
use model::world::World;

/// The native user every restricted policy runs as.
pub const USER: &str = "bench";

/// The role holding the restricted policies' privileges.
pub const ROLE: &str = "bench_reader";

/// A user with the role, and database access (PUBLIC's is the home database only).
const PREAMBLE: &str = "
CREATE USER bench SET PASSWORD 'secret' CHANGE NOT REQUIRED;
CREATE ROLE bench_reader;
GRANT ROLE bench_reader TO bench;
GRANT ACCESS ON DATABASE * TO bench_reader;
";

/// `grant-all`: checks on, nothing hidden.
const GRANT_ALL: &str = "
GRANT MATCH {*} ON GRAPH * NODES * TO bench_reader;
GRANT MATCH {*} ON GRAPH * RELATIONSHIPS * TO bench_reader;
";

/// `labels`: label and type grants and denies, property read grants and denies.
const LABELS: &str = "
GRANT TRAVERSE ON GRAPH * NODES * TO bench_reader;
GRANT READ {*} ON GRAPH * NODES L0, L1, L2, L3, L4, L5 TO bench_reader;
GRANT READ {k0, k1, k2} ON GRAPH * NODES * TO bench_reader;
DENY TRAVERSE ON GRAPH * NODES L7 TO bench_reader;
DENY READ {k5} ON GRAPH * NODES L1 TO bench_reader;
DENY READ {k1} ON GRAPH * NODES L9 TO bench_reader;
GRANT MATCH {*} ON GRAPH * RELATIONSHIPS T0, T1, T2, T3 TO bench_reader;
GRANT TRAVERSE ON GRAPH * RELATIONSHIPS T4, T5 TO bench_reader;
DENY READ {k0} ON GRAPH * RELATIONSHIPS T1 TO bench_reader;
DENY TRAVERSE ON GRAPH * RELATIONSHIPS T6 TO bench_reader;
";

/// `pbac`'s property rules, added to `labels`. A null predicate never grants
/// and never denies, so the two denies fail open on nodes missing `k4`/`k3`.
const PBAC_RULES: &str = "
GRANT READ {*} ON GRAPH * FOR (n:L8) WHERE n.k2 > 500 TO bench_reader;
DENY TRAVERSE ON GRAPH * FOR (n:L3) WHERE n.k4 < 100 TO bench_reader;
DENY READ {k1} ON GRAPH * FOR (n) WHERE n.k3 = 'v7' TO bench_reader;
GRANT READ {k9} ON GRAPH * FOR (n) WHERE n.k6 >= 500 TO bench_reader;
";

/// How many auth rules the `abac` policy holds.
pub const ABAC_RULES: usize = 100;

/// `abac`: [`ROLE`] holds `labels`' grants (not its denies: a role with a
/// DENY cannot be granted to an auth rule, A4) and is granted to the
/// session only through auth rules (A3), among [`ABAC_RULES`] rules of four
/// shapes: a claim equality, a numeric threshold with a list membership, a
/// quantifier over an array claim, and a claim test inside a time window.
/// Each rule grants [`ROLE`] or one of ten other roles; the bench token
/// ([`abac_claims`]) fulfils a few of each kind. The benchmark's `abac`
/// policy has [`ABAC_RULES`] rules; the report's sweep varies `rules`.
pub fn abac_script(rules: usize) -> String {
    let mut script: String = LABELS
        .lines()
        .filter(|line| !line.starts_with("DENY"))
        .map(|line| format!("{line}\n"))
        .collect();
    for r in 0..10 {
        script.push_str(&format!("CREATE ROLE abac_role_{r};\n"));
    }
    for i in 0..rules {
        let condition = match i % 4 {
            0 => format!("abac.oidc.user_attribute('department') = 'dept{}'", i % 12),
            1 => format!(
                "abac.oidc.user_attribute('level') >= {} AND abac.oidc.user_attribute('region') IN ['eu', 'us']",
                i % 7
            ),
            2 => format!(
                "any(p IN abac.oidc.user_attribute('projects') WHERE p = 'p{}')",
                i % 9
            ),
            _ => format!(
                "abac.oidc.user_attribute('clearance') = 'c{}' AND datetime.transaction().hour < 18",
                i % 5
            ),
        };
        let role = if i % 10 == 0 {
            ROLE.to_string()
        } else {
            format!("abac_role_{}", i % 10)
        };
        script.push_str(&format!(
            "CREATE AUTH RULE rule_{i:03} SET CONDITION {condition};\nGRANT ROLE {role} TO AUTH RULE rule_{i:03};\n"
        ));
    }
    script
}

/// The claims of the `abac` policy's token.
pub fn abac_claims() -> serde_json::Map<String, serde_json::Value> {
    let claims = serde_json::json!({
        "sub": USER,
        "department": "dept0",
        "level": 3,
        "region": "eu",
        "projects": ["p2", "p6", "p8"],
        "clearance": "c3",
    });
    match claims {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// The keys the `blacklist` policy hides from [`ROLE`] (B1).
pub const BLACKLISTED_KEYS: [&str; 3] = ["k1", "k4", "k8"];

/// One benchmark policy: what to install in a world and whom to run as.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The policy's name in figures (`admin`, `grant-all`, …).
    pub name: &'static str,
    /// The administration script applied to the built-in catalog.
    pub script: String,
    /// The catalog after the script.
    pub catalog: Catalog,
    /// The configuration (the blacklist of `blacklist`).
    pub config: Config,
    /// Who runs the queries.
    pub principal: Principal,
}

impl Policy {
    /// A world of `graph` under this policy.
    pub fn world(&self, graph: Graph) -> World {
        World {
            database: "neo4j".to_string(),
            graph,
            catalog: self.catalog.clone(),
            config: self.config.clone(),
        }
    }

    /// Installs this policy's catalog and configuration in `world`, so that
    /// one (large) graph serves every policy without copies.
    pub fn install(&self, world: &mut World) {
        world.catalog = self.catalog.clone();
        world.config = self.config.clone();
    }
}

/// The names of [`all`]'s policies, in order.
pub const NAMES: [&str; 6] = ["admin", "grant-all", "labels", "pbac", "blacklist", "abac"];

/// Every benchmark policy, `admin` first (the baseline of overheads).
pub fn all() -> Result<Vec<Policy>, String> {
    NAMES.iter().map(|name| by_name(name)).collect()
}

/// The policy called `name`.
pub fn by_name(name: &str) -> Result<Policy, String> {
    policy(name, ABAC_RULES)
}

/// The `abac` policy with `rules` auth rules (the report's rule-count sweep).
pub fn abac(rules: usize) -> Result<Policy, String> {
    policy("abac", rules)
}

/// The policy called `name`; `abac` with `rules` auth rules.
fn policy(name: &str, rules: usize) -> Result<Policy, String> {
    let (name, body, blacklist): (&'static str, String, bool) = match name {
        "admin" => ("admin", String::new(), false),
        "grant-all" => ("grant-all", GRANT_ALL.to_string(), false),
        "labels" => ("labels", LABELS.to_string(), false),
        "pbac" => ("pbac", format!("{LABELS}{PBAC_RULES}"), false),
        "blacklist" => ("blacklist", GRANT_ALL.to_string(), true),
        "abac" => ("abac", abac_script(rules), false),
        other => return Err(format!("unknown policy `{other}`")),
    };
    let (script, principal) = if name == "admin" {
        (String::new(), Principal::Admin)
    } else {
        (
            format!("{PREAMBLE}{body}"),
            Principal::Native(USER.to_string()),
        )
    };
    let catalog = apply(&script)?;
    let config = if blacklist {
        Config {
            property_level_enabled: true,
            blacklist: BTreeMap::from([(
                ROLE.to_string(),
                BLACKLISTED_KEYS.iter().map(|k| k.to_string()).collect(),
            )]),
            ..Config::default()
        }
    } else {
        Config::default()
    };
    let principal = if name == "abac" {
        abac_session(&catalog, &config)?
    } else {
        principal
    };
    Ok(Policy {
        name,
        script,
        catalog,
        config,
        principal,
    })
}

/// The `abac` policy's session: a token for [`abac_claims`] from the
/// default provider, HS256-signed (so that the figures measure role
/// resolution rather than RSA), opened at the bench's transaction time
/// with every rule of `catalog` existing.
fn abac_session(catalog: &Catalog, config: &Config) -> Result<Principal, String> {
    let at = bench_time();
    let overrides = TokenOverrides {
        alg: Some("HS256".to_string()),
        ..TokenOverrides::default()
    };
    let session = OidcSession::open(
        "bench".to_string(),
        &config.oidc,
        catalog,
        &abac_claims(),
        &overrides,
        at,
    )?;
    Ok(Principal::Oidc(Arc::new(session)))
}

/// The transaction time of every benchmark query.
pub fn bench_time() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::UNIX_EPOCH.fixed_offset()
}

/// The built-in catalog after `script`'s commands.
fn apply(script: &str) -> Result<Catalog, String> {
    let mut catalog = Catalog::with_builtins();
    // Token registrations go to a scratch registry: the generated graph
    // registers every token itself.
    let mut tokens = model::graph::Tokens::default();
    let commands = parse_admin_script(script).map_err(|e| format!("policy script: {e}"))?;
    for command in &commands {
        execute(&command.item, &mut catalog, &mut tokens)
            .map_err(|e| format!("policy command at byte {}: {e}", command.offset))?;
    }
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use model::engine::{Engine, Transaction, Visibility};
    use reference::ReferenceEngine;

    use super::*;
    use crate::workload::generate;

    fn visibility(policy: &str, graph: &Graph) -> Visibility {
        let policy = by_name(policy).unwrap();
        let world = policy.world(graph.clone());
        let tx = Transaction {
            principal: policy.principal.clone(),
            at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            limits: model::limits::Limits::UNLIMITED,
        };
        let mut engine = ReferenceEngine::with_world(std::sync::Arc::new(world));
        engine.visibility(&tx).unwrap()
    }

    fn key_count(v: &Visibility) -> u64 {
        v.node_keys.values().map(|k| k.len()).sum::<u64>()
            + v.relationship_keys.values().map(|k| k.len()).sum::<u64>()
    }

    fn count(n: usize) -> u64 {
        n as u64
    }

    #[test]
    fn every_policy_loads_and_restricted_ones_run_as_the_bench_user() {
        let all = all().unwrap();
        assert_eq!(all.iter().map(|p| p.name).collect::<Vec<_>>(), NAMES);
        for p in all[1..].iter().filter(|p| p.name != "abac") {
            assert_eq!(p.principal, Principal::Native(USER.to_string()));
            assert!(p.catalog.users.contains_key(USER), "{}", p.name);
        }
        assert_eq!(all[0].principal, Principal::Admin);
        assert!(by_name("nosuch").is_err());
        let abac = by_name("abac").unwrap();
        assert_eq!(abac.catalog.auth_rules.len(), ABAC_RULES);
        assert!(matches!(abac.principal, Principal::Oidc(_)));
    }

    #[test]
    fn visibility_is_what_each_policy_promises() {
        let graph = generate(600, 3);
        let admin = visibility("admin", &graph);
        assert_eq!(admin.nodes.len(), count(graph.nodes.len()));
        assert_eq!(admin.relationships.len(), count(graph.relationships.len()));
        // grant-all hides nothing.
        assert_eq!(visibility("grant-all", &graph), admin);
        // labels: L7 nodes untraversable (N2), T6/T7 relationships hidden
        // (R2), fewer readable keys (N3).
        let labels = visibility("labels", &graph);
        let l7 = graph
            .nodes
            .iter()
            .filter(|n| n.labels.iter().any(|l| l == "L7"))
            .count();
        assert!(l7 > 0);
        assert_eq!(labels.nodes.len(), count(graph.nodes.len() - l7));
        assert!(labels.relationships.len() < admin.relationships.len());
        assert!(labels.relationships.iter().all(|r| !matches!(
            graph.relationships[r as usize].rel_type.as_str(),
            "T6" | "T7"
        )));
        assert!(key_count(&labels) < key_count(&admin));
        // pbac: its rules change what labels shows.
        let pbac = visibility("pbac", &graph);
        assert_ne!(pbac, labels);
        assert!(pbac.nodes.len() < labels.nodes.len());
        // blacklist: every element visible, k1 readable nowhere (B2).
        let blacklist = visibility("blacklist", &graph);
        assert_eq!(blacklist.nodes, admin.nodes);
        assert_eq!(blacklist.relationships, admin.relationships);
        assert!(!blacklist.node_keys.contains_key("k1"));
        assert!(admin.node_keys.contains_key("k1"));
        assert!(key_count(&blacklist) < key_count(&admin));
    }
}
