//! Fuzzing every parser for panics: random strings, token soups from a
//! Cypher-ish alphabet, and mutations of valid queries, commands and data
//! scripts go through `parse_statement`, `parse_admin_script`,
//! `parse_data_script`, `parse_expression` and `build_graph`. Errors are
//! fine; a panic, or an error offset outside the text or inside a
//! character, is not.

use model::cypher::{
    build_graph, parse_admin_script, parse_data_script, parse_expression, parse_statement,
};
use model::error::SyntaxError;
use proptest::prelude::*;

const CASES: u32 = 8000;

/// Valid inputs whose mutations are fuzzed.
const SEEDS: &[&str] = &[
    "MATCH (a:A:B {k: 1})-[r:T|U {w: 2.5}]->(b)<-[:S]-(c), p = (b)--(d) WHERE a.x > 1 AND NOT b:C RETURN a.name, count(*) AS c ORDER BY c DESC SKIP 1 LIMIT 2",
    "CYPHER 25 OPTIONAL MATCH (n) WITH DISTINCT n, n.x AS x WHERE x IS NOT NULL UNWIND [1, 2] AS i RETURN *, [y IN [1, i] WHERE y % 2 = 0 | y ^ 2] AS l",
    "CALL db.index.fulltext.queryNodes('idx', 'ndy') YIELD node, score WHERE score > 0 RETURN node.name",
    "RETURN reduce(acc = 0, x IN [1, 2] | acc + x), any(x IN [1] WHERE x = 1), CASE WHEN true THEN 'a' ELSE \"b\\n\" END, {a: [1, -2], b: null}[\"a\"][0..1], -9223372036854775808, 0x1F, 0o17, .5e3",
    "MATCH (n) WHERE n.name STARTS WITH 'A' OR n.name ENDS WITH 'z' XOR n.k CONTAINS 'x' RETURN n, labels(n), exists(n.k) // comment",
    "CREATE ROLE users; GRANT MATCH {*} ON GRAPH * NODES * TO users; DENY TRAVERSE ON GRAPH * NODES Person TO users; CREATE USER alice SET PASSWORD 'secret' CHANGE NOT REQUIRED; GRANT ROLE users TO alice;",
    "GRANT TRAVERSE ON GRAPH * FOR (n:A|B) WHERE NOT n.k IN [1, 2] TO r; DENY READ {a, b} ON GRAPHS g1, `g 2` FOR ()-[r:T]-() WHERE r.w >= -1.5 TO x; REVOKE DENY MATCH {*} ON HOME GRAPH FOR (n:L) {secret: true} FROM r",
    "CYPHER 25 CREATE OR REPLACE AUTH RULE rule1 SET CONDITION abac.oidc.user_attribute('dept') = 'sales' AND datetime.transaction().hour < 18 SET ENABLED false; ALTER AUTH RULE rule1 IF EXISTS SET ENABLED true; RENAME AUTH RULE rule1 TO rule2; GRANT ROLES a, b TO AUTH RULE rule2; DROP AUTH RULE rule2 IF EXISTS",
    "SHOW ROLES WITH USERS YIELD role, member ORDER BY role SKIP 0 LIMIT 5 WHERE role <> 'x' RETURN role; SHOW ROLE a PRIVILEGES AS COMMANDS; SHOW USERS WHERE user = 'a'; SHOW AUTH RULES AS COMMANDS",
    "CALL dbms.security.createUser('u', 'pw', false); CALL dbms.security.createRole('r'); CALL dbms.security.addRoleToUser('r', 'u'); CALL db.createLabel('L'); GRANT SET LABEL A ON GRAPH * TO r; GRANT CREATE NEW NODE LABELS ON DATABASE * TO r; GRANT ACCESS ON DEFAULT DATABASE TO r",
    "CREATE (a:P {name:'x', n: -1, l: [1, 2]}), (b:P) CREATE (a)-[:KNOWS {since: 2020}]->(b); CREATE (:Q:P)<-[:R]-(c:Z {f: 1.5e-3, t: true, s: null});",
    "CREATE (:T {d: date('2020-01-31'), dt: datetime('2020-01-31T10:00:00+01:00'), l: localdatetime('2020-01-31T10:00:00'), p: duration('P1Y2M3DT4H5M6S')})",
    "GRANT READ {*} ON GRAPH * FOR (n:T) WHERE n.d >= date('2020-01-01') TO r",
    "CREATE INDEX FOR (n:A) ON (n.k, n.k2); CREATE INDEX named IF NOT EXISTS FOR (n:B) ON (n.x); CREATE FULLTEXT INDEX ft FOR (n:C|D) ON EACH [n.t, n.u]",
];

/// Tokens for soups.
const ALPHABET: &[&str] = &[
    "MATCH",
    "OPTIONAL",
    "WHERE",
    "RETURN",
    "WITH",
    "UNWIND",
    "AS",
    "CALL",
    "YIELD",
    "ORDER",
    "BY",
    "DESC",
    "SKIP",
    "LIMIT",
    "DISTINCT",
    "CREATE",
    "INDEX",
    "FULLTEXT",
    "FOR",
    "ON",
    "EACH",
    "GRANT",
    "DENY",
    "REVOKE",
    "ROLE",
    "ROLES",
    "USER",
    "TO",
    "FROM",
    "TRAVERSE",
    "READ",
    "GRAPH",
    "GRAPHS",
    "NODES",
    "RELATIONSHIPS",
    "ELEMENTS",
    "SHOW",
    "PRIVILEGES",
    "AUTH",
    "RULE",
    "SET",
    "CONDITION",
    "ENABLED",
    "PASSWORD",
    "IF",
    "NOT",
    "EXISTS",
    "AND",
    "OR",
    "XOR",
    "IN",
    "IS",
    "NULL",
    "STARTS",
    "ENDS",
    "CONTAINS",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "count",
    "reduce",
    "any",
    "CYPHER",
    "25",
    "DATABASE",
    "HOME",
    "ALL",
    "n",
    "m",
    "r",
    "x",
    "k",
    "L",
    "`a b`",
    "0",
    "1",
    "-1",
    "1.5",
    "0x1F",
    "9223372036854775808",
    "'s'",
    "\"t\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    "..",
    ":",
    ";",
    "|",
    "=",
    "<>",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "->",
    "<-",
    "--",
    "-->",
    "$",
    "//",
    "/*",
    "*/",
    "\\",
    "é",
    "\u{0}",
];

/// Runs every parser on `text`; panics propagate to proptest.
fn run_all(text: &str) {
    let check = |e: &SyntaxError| {
        assert!(
            text.is_char_boundary(e.offset),
            "offset past the end or inside a character: {e:?}"
        );
    };
    if let Err(e) = parse_statement(text) {
        check(&e);
    }
    if let Err(e) = parse_admin_script(text) {
        check(&e);
    }
    if let Err(e) = parse_expression(text) {
        check(&e);
    }
    match parse_data_script(text) {
        Ok(statements) => {
            if let Err(e) = build_graph(&statements) {
                check(&e);
            }
        }
        Err(e) => check(&e),
    }
}

/// One edit of a seed.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, &'static str),
    Swap(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1..8usize).prop_map(|(at, len)| Edit::Delete(at, len)),
        (any::<usize>(), prop::sample::select(ALPHABET)).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<usize>(), any::<usize>(), 1..6usize).prop_map(|(a, b, len)| Edit::Swap(a, b, len)),
    ]
}

/// Applies edits on character positions so the result stays valid UTF-8.
fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match *e {
            Edit::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
            Edit::Insert(at, token) => {
                let at = at % (chars.len() + 1);
                for (i, c) in token.chars().enumerate() {
                    chars.insert(at + i, c);
                }
            }
            Edit::Swap(a, b, len) => {
                let (a, b) = (a % n, b % n);
                let (a, b) = (a.min(b), a.max(b));
                let len = len.min(b - a).min(chars.len().saturating_sub(b));
                for i in 0..len {
                    chars.swap(a + i, b + i);
                }
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: model::budget::fuzz_cases(CASES), ..ProptestConfig::default() })]

    #[test]
    fn random_strings_never_panic(text in "\\PC{0,80}") {
        run_all(&text);
    }

    #[test]
    fn token_soups_never_panic(
        tokens in prop::collection::vec(prop::sample::select(ALPHABET), 0..40),
        spaced in any::<bool>(),
    ) {
        run_all(&tokens.join(if spaced { " " } else { "" }));
    }

    #[test]
    fn mutated_seeds_never_panic(
        seed in prop::sample::select(SEEDS),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        run_all(&apply(seed, &edits));
    }
}

#[test]
fn seeds_are_valid() {
    // The mutations start from inputs that parse, so they probe near-valid text.
    for seed in SEEDS {
        let ok = parse_statement(seed).is_ok()
            || parse_admin_script(seed).is_ok()
            || parse_data_script(seed).is_ok_and(|s| build_graph(&s).is_ok());
        assert!(ok, "seed does not parse: {seed}");
    }
}

#[test]
fn deep_inputs_are_errors_in_every_parser() {
    let n = 100_000;
    let deep = format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let chain = vec!["1"; n].join(" + ");
    for inner in [&deep, &chain] {
        let texts = [
            format!("RETURN {inner} AS x"),
            format!("MATCH (n {{k: {inner}}}) RETURN n"),
            format!("CREATE AUTH RULE r SET CONDITION {inner} = 1"),
            format!("GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.k = {inner} TO r"),
        ];
        // Nesting is called nesting, a flat chain a chain.
        let wording = if inner == &deep {
            "nested too deeply"
        } else {
            "operator chain too long: `+` applied 100 times"
        };
        for text in &texts {
            let e = parse_statement(text).expect_err("too deep");
            assert!(e.message().contains(wording), "{e:?}");
        }
        let e = parse_data_script(&format!("CREATE ({{k: {inner}}})")).expect_err("too deep");
        assert!(e.message().contains(wording), "{e:?}");
    }
}
