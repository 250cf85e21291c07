//! The workload's queries as Cypher text (docs/design.md, "Benchmark workloads"),
//! plus the visibility build, which is not a query but is timed like one.

use model::ast::Query;
use model::cypher::{Statement, parse_statement};

/// One timed operation of the workload.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The name used in figures (`label_count`, …, `visibility`).
    pub name: &'static str,
    /// The Cypher text, or `None` for the visibility build.
    pub cypher: Option<&'static str>,
    /// The parsed query, or `None` for the visibility build.
    pub query: Option<Query>,
}

/// Name of the visibility build in figures.
pub const VISIBILITY: &str = "visibility";

/// `(name, cypher)` of the read queries.
pub const QUERIES: [(&str, &str); 4] = [
    ("label_count", "MATCH (n:L0) RETURN count(n) AS c"),
    (
        "filtered_projection",
        "MATCH (n:L1) WHERE n.k0 > 500 RETURN n.k1 AS v",
    ),
    (
        "expand_count",
        "MATCH (a:L2)-[r:T0]->(b) RETURN count(*) AS c",
    ),
    ("match_all", "MATCH (n) RETURN n"),
];

/// The four queries, parsed, then the visibility build.
pub fn all() -> Result<Vec<Workload>, String> {
    let mut out = Vec::new();
    for (name, cypher) in QUERIES {
        match parse_statement(cypher).map_err(|e| format!("{name}: {e}"))? {
            Statement::Read(query) => out.push(Workload {
                name,
                cypher: Some(cypher),
                query: Some(query),
            }),
            Statement::Admin(_) => return Err(format!("{name}: not a read query")),
        }
    }
    out.push(Workload {
        name: VISIBILITY,
        cypher: None,
        query: None,
    });
    Ok(out)
}
