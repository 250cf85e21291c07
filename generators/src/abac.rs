//! OIDC and auth rules in generated worlds (issue 10; docs/spec/semantics.md
//! U4, A1-A6, O1-O3): the provider `config` lines, auth rules created with
//! random conditions and granted roles, and OIDC sessions (claims, token
//! changes, the instant each opens and, sometimes, a later instant after a
//! rule changed).
//!
//! Conditions are generated as text and kept only when model's parser
//! accepts them (A2's validation runs while `CREATE AUTH RULE` parses), so
//! every rule a world holds is one `check` can load; a refused condition
//! is counted ([`GenAbac::refused`]). Instants sit at the boundaries that
//! matter: a token's `exp` (exactly at it, one second before), a time
//! window's edge (18:59:59 against 19:00:00, in UTC and through an offset),
//! the days of the week.
//!
//! Bytes: the ABAC part has its own byte string after the world's
//! ([`crate::ABAC_BYTES`]), so worlds without it are the ones the generator
//! made before; each rule and session has a fixed slot with a presence
//! byte, so shrinking drops them one at a time.

use arbitrary::Unstructured;
use chrono::{DateTime, Duration, FixedOffset};
use model::cypher::{Statement, parse_statement};
use model::scenario::TokenOverrides;

use crate::choice::{flag, one, pick, present, slot, weighted};
use crate::query::GenQuery;

/// The most auth rules a world creates.
pub const MAX_RULES: usize = 4;
/// The most sessions a world opens.
pub const MAX_SESSIONS: usize = 3;

/// Bytes of the providers' settings.
const CONFIG: usize = 16;
/// Bytes of one rule.
const RULE: usize = 48;
/// Bytes of one session.
const SESSION: usize = 96;
/// Bytes of the whole ABAC part: a presence byte, the settings, the rule
/// and session slots.
pub const BYTES: usize = 1 + CONFIG + MAX_RULES * RULE + MAX_SESSIONS * SESSION;

/// The claims conditions read and tokens carry (one not ASCII).
pub const CLAIMS: [&str; 8] = [
    "dept", "level", "tags", "active", "score", "org", "région", "team",
];

/// Groups a token may carry: roles of the pools, a built-in role, mapped
/// group names and one that means nothing.
const GROUPS: [&str; 6] = ["r0", "r1", "reader", "g0", "g1", "nobody"];

/// Where a session's first transaction may start: a plain noon, both sides
/// of 19:00 UTC (one through a `+02:00` offset), both sides of 09:00 on a
/// Monday, the last second of a Sunday and a year.
const INSTANTS: [&str; 9] = [
    "2026-01-01T12:00:00Z",
    "2026-03-14T18:59:59Z",
    "2026-03-14T19:00:00Z",
    "2026-03-14T21:00:00+02:00",
    "2026-03-16T08:59:59Z",
    "2026-03-16T09:00:00Z",
    "2026-03-15T23:59:59Z",
    "2026-03-16T00:30:00-01:00",
    "2026-12-31T23:59:59Z",
];

/// A claim's value as a scenario's `claims` table holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A float (never NaN: null is [`Claim::Null`]).
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// An array.
    Array(Vec<Claim>),
    /// A table (a JSON object, a Cypher map).
    Map(Vec<(String, Claim)>),
    /// JSON null: written as TOML `nan`, which the token turns into null
    /// (scenario-format.md, `claims`).
    Null,
}

impl Claim {
    /// The TOML value a scenario writes.
    pub fn toml(&self) -> toml::Value {
        match self {
            Claim::Str(s) => toml::Value::String(s.clone()),
            Claim::Int(i) => toml::Value::Integer(*i),
            Claim::Float(f) => toml::Value::Float(*f),
            Claim::Bool(b) => toml::Value::Boolean(*b),
            Claim::Array(items) => toml::Value::Array(items.iter().map(Claim::toml).collect()),
            Claim::Map(entries) => {
                toml::Value::Table(entries.iter().map(|(k, v)| (k.clone(), v.toml())).collect())
            }
            Claim::Null => toml::Value::Float(f64::NAN),
        }
    }

    /// Whether this value or one inside it is null.
    fn holds_null(&self) -> bool {
        match self {
            Claim::Null => true,
            Claim::Array(items) => items.iter().any(Claim::holds_null),
            Claim::Map(entries) => entries.iter().any(|(_, v)| v.holds_null()),
            _ => false,
        }
    }
}

/// One OIDC session: opened with a token at `at`, compared there; then,
/// when `later` is set, an optional rule change and the same session
/// compared again at `later` (A5: a new claim reads null until a new
/// session; O2: the token checked again at every transaction).
#[derive(Debug, Clone, PartialEq)]
pub struct GenSession {
    /// The token's claims (`claims`).
    pub claims: Vec<(String, Claim)>,
    /// Changes to the minted token (`token`).
    pub token: TokenOverrides,
    /// The opening transaction's instant.
    pub at: DateTime<FixedOffset>,
    /// The read query the session runs at each instant.
    pub query: GenQuery,
    /// Administration commands run (as the administrator) between the two
    /// instants.
    pub change: Vec<String>,
    /// The second instant, if the session continues.
    pub later: Option<DateTime<FixedOffset>>,
}

impl GenSession {
    /// The claims as the `claims` table.
    pub fn claims_table(&self) -> toml::Table {
        self.claims
            .iter()
            .map(|(k, v)| (k.clone(), v.toml()))
            .collect()
    }

    /// The `token` table (only the fields set).
    pub fn token_table(&self) -> toml::Table {
        let t = &self.token;
        let mut table = toml::Table::new();
        let mut put = |key: &str, value: Option<toml::Value>| {
            if let Some(v) = value {
                table.insert(key.to_string(), v);
            }
        };
        let text = |s: &Option<String>| s.clone().map(toml::Value::String);
        put("provider", text(&t.provider));
        put("alg", text(&t.alg));
        put("exp_offset_s", t.exp_offset_s.map(toml::Value::Integer));
        put("nbf_offset_s", t.nbf_offset_s.map(toml::Value::Integer));
        put("iss", text(&t.iss));
        put("aud", text(&t.aud));
        put("kid", text(&t.kid));
        put("tamper", text(&t.tamper));
        table
    }

    /// The session's name in a scenario (`session`), by its place.
    pub fn name(index: usize) -> String {
        format!("s{index}")
    }
}

/// The OIDC part of a world.
#[derive(Debug, Clone, PartialEq)]
pub struct GenAbac {
    /// `config` lines (O1): providers and provider lists.
    pub config: Vec<String>,
    /// Administration commands run after `security`: `CREATE AUTH RULE`,
    /// `GRANT ROLE ... TO AUTH RULE`.
    pub rules: Vec<String>,
    /// Sessions, opened in order after the world's queries.
    pub sessions: Vec<GenSession>,
    /// Conditions the parser refused while generating (dropped).
    pub refused: u64,
}

/// What the ABAC generator needs to know of the rest of the world.
pub struct Context<'a> {
    /// Roles the security set-up creates.
    pub roles: &'a [String],
    /// Roles some security command DENYs on (A4 refuses them to rules).
    pub denying: &'a [String],
    /// The world's queries (sessions run copies of them).
    pub queries: &'a [GenQuery],
}

/// The ABAC part from its own bytes: `None` for most worlds.
pub fn abac(u: &mut Unstructured<'_>, cx: &Context<'_>) -> Option<GenAbac> {
    // A minority: sessions cost more than native users (tokens are signed
    // and checked), and the other worlds keep their coverage.
    if !flag(u, 20) {
        return None;
    }
    let mut config = Vec::new();
    let mut two = false;
    slot(u, CONFIG, true, |c| (config, two) = settings(c));
    let grantable: Vec<String> = cx
        .roles
        .iter()
        .filter(|r| !cx.denying.contains(r))
        .cloned()
        .chain(["reader".to_string()])
        .collect();
    let mut out = GenAbac {
        config,
        rules: Vec::new(),
        sessions: Vec::new(),
        refused: 0,
    };
    let mut names = Vec::new();
    for i in 0..MAX_RULES {
        slot(u, RULE, true, |c| {
            if i == 0 || present(c) {
                let name = format!("ar{i}");
                match create_rule(c, &name) {
                    Some(command) => {
                        out.rules.push(command);
                        let roles = crate::choice::subset(c, &grantable, 40);
                        let roles = if roles.is_empty() {
                            one(c, &grantable).cloned().into_iter().collect()
                        } else {
                            roles
                        };
                        if !roles.is_empty() {
                            out.rules.push(format!(
                                "GRANT ROLE {} TO AUTH RULE {name}",
                                roles.join(", ")
                            ));
                        }
                        names.push(name);
                    }
                    None => out.refused += 1,
                }
            }
        });
    }
    for i in 0..MAX_SESSIONS {
        slot(u, SESSION, true, |c| {
            if i == 0 || present(c) {
                let s = session(c, cx, &out.rules, &names, &grantable, two, &mut out.refused);
                out.sessions.push(s);
            }
        });
    }
    Some(out)
}

/// O1's lines: one or two providers (`p0`, `p1`), sometimes a groups
/// mapping, sometimes provider lists that leave a provider out. Returns
/// the lines and whether `p1` exists.
fn settings(u: &mut Unstructured<'_>) -> (Vec<String>, bool) {
    let two = flag(u, 25);
    let providers: &[&str] = if two { &["p0", "p1"] } else { &["p0"] };
    let mut lines = Vec::new();
    for p in providers {
        let key = format!("dbms.security.oidc.{p}");
        lines.push(format!("{key}.issuer=https://{p}.example.test"));
        lines.push(format!("{key}.audience=neo4j"));
        match weighted(u, &[6, 1, 1]) {
            0 => lines.push(format!("{key}.claims.groups=groups")),
            1 => lines.push(format!("{key}.claims.groups=team")),
            _ => {} // no groups claim: the tokens carry no groups
        }
        if flag(u, 10) {
            lines.push(format!("{key}.claims.username=dept"));
        }
        if flag(u, 30) {
            let mapping = one(
                u,
                &["g0=r0", "g0=r0;g1=r1,reader", "r0=r1;\"nobody\"=reader", ""],
            )
            .copied()
            .unwrap_or("");
            lines.push(format!(
                "{key}.authorization.group_to_role_mapping={mapping}"
            ));
        }
    }
    let last = providers.last().copied().unwrap_or("p0");
    // A provider left out of one list or another (every combination O1
    // allows: the ABAC list only names authorization providers).
    match weighted(u, &[10, 1, 2, 2, 2, 1]) {
        1 if two => lines.push("dbms.security.authentication_providers=native,oidc-p0".into()),
        2 => lines.push(format!(
            "dbms.security.authorization_providers=native{}",
            if two { ",oidc-p1" } else { "" }
        )),
        3 => lines.push(format!(
            "dbms.security.abac.authorization_providers={}",
            if two { "oidc-p1" } else { "" }
        )),
        4 => {
            lines.push(format!(
                "dbms.security.authorization_providers=native,oidc-{last}"
            ));
            lines.push(format!(
                "dbms.security.abac.authorization_providers=oidc-{last}"
            ));
        }
        5 => lines.push("dbms.security.abac.authorization_providers=".into()),
        _ => {}
    }
    (lines, two)
}

/// `CREATE AUTH RULE name SET CONDITION ...`, or `None` when the parser
/// refuses every one of a few conditions.
fn create_rule(u: &mut Unstructured<'_>, name: &str) -> Option<String> {
    let enabled = if flag(u, 15) {
        " SET ENABLED false"
    } else {
        ""
    };
    let replace = if flag(u, 5) { "OR REPLACE " } else { "" };
    for _ in 0..3 {
        let cond = condition(u, 2);
        let command = format!("CREATE {replace}AUTH RULE {name} SET CONDITION {cond}{enabled}");
        if matches!(parse_statement(&command), Ok(Statement::Admin(_))) {
            return Some(command);
        }
    }
    None
}

/// `abac.oidc.user_attribute('c')` of a claim of the pool.
fn attribute(u: &mut Unstructured<'_>) -> String {
    let claim = one(u, &CLAIMS).copied().unwrap_or("dept");
    format!("abac.oidc.user_attribute('{claim}')")
}

/// A literal of any type, biased towards the values claims carry.
fn literal(u: &mut Unstructured<'_>) -> &'static str {
    one(
        u,
        &[
            "'sales'",
            "'Sales'",
            "''",
            "'é'",
            "5",
            "0",
            "-1",
            "1.5",
            "0.0",
            "true",
            "false",
            "null",
            "[1, 2]",
            "['sales', 'hr']",
            "9223372036854775807",
            "{a: 1}",
        ],
    )
    .copied()
    .unwrap_or("'sales'")
}

/// A comparison operator.
fn comparison(u: &mut Unstructured<'_>) -> &'static str {
    one(u, &["=", "<>", "<", "<=", ">", ">="])
        .copied()
        .unwrap_or("=")
}

/// A condition's text (A2): comparisons of claims with literals of every
/// type, IN lists, IS [NOT] NULL, quantifiers over array claims,
/// allow-list functions, time windows, and connectives nested `depth` deep.
pub fn condition(u: &mut Unstructured<'_>, depth: u32) -> String {
    let weights: &[u32] = if depth == 0 {
        &[6, 2, 2, 2, 3, 2, 0, 0, 1]
    } else {
        &[6, 2, 2, 2, 3, 2, 2, 4, 1]
    };
    match weighted(u, weights) {
        0 => {
            let (a, op, l) = (attribute(u), comparison(u), literal(u));
            if flag(u, 20) {
                format!("{l} {op} {a}")
            } else {
                format!("{a} {op} {l}")
            }
        }
        1 => {
            let list = one(
                u,
                &[
                    "['sales', 'hr']",
                    "[1, 5, null]",
                    "[]",
                    "['é', 'Sales', 5]",
                    "[[1, 2], 'sales']",
                ],
            )
            .copied()
            .unwrap_or("[]");
            format!("{} IN {list}", attribute(u))
        }
        2 => {
            let not = if flag(u, 50) { " NOT" } else { "" };
            format!("{} IS{not} NULL", attribute(u))
        }
        3 => {
            let q = one(u, &["any", "all", "none", "single"])
                .copied()
                .unwrap_or("any");
            let (a, op, l) = (attribute(u), comparison(u), literal(u));
            format!("{q}(x IN {a} WHERE x {op} {l})")
        }
        4 => function(u),
        5 => time_window(u),
        6 => format!("NOT ({})", condition(u, depth - 1)),
        7 => {
            let op = one(u, &["AND", "OR", "XOR"]).copied().unwrap_or("AND");
            let (a, b) = (condition(u, depth - 1), condition(u, depth - 1));
            format!("({a}) {op} ({b})")
        }
        _ => match pick(u, 3) {
            0 => attribute(u),
            1 => one(u, &["true", "false", "null"])
                .copied()
                .unwrap_or("true")
                .to_string(),
            _ => format!("{}.a = 1", attribute(u)),
        },
    }
}

/// A call of the allow-list's functions in a boolean condition.
fn function(u: &mut Unstructured<'_>) -> String {
    let a = attribute(u);
    let l = literal(u);
    match pick(u, 14) {
        0 => format!("toLower({a}) = 'sales'"),
        1 => format!("toUpper({a}) STARTS WITH 'S'"),
        2 => format!("size({a}) > {}", pick(u, 4)),
        3 => format!("coalesce({a}, {l}) = {l}"),
        4 => format!("substring({a}, 0, 2) = 'sa'"),
        5 => format!("toString({a}) = '5'"),
        6 => format!("toInteger({a}) >= 3"),
        7 => format!("trim({a}) <> ''"),
        8 => format!("head({a}) = {l}"),
        9 => format!("{a} CONTAINS 'al'"),
        10 => format!("abs({a}) > 1"),
        11 => format!("isEmpty({a})"),
        12 => format!("{a}[0] = {l}"),
        _ => format!("nullIf({a}, 'sales') IS NULL"),
    }
}

/// A condition on the transaction's clock (A2: UTC).
fn time_window(u: &mut Unstructured<'_>) -> String {
    let hour = one(u, &[9, 12, 18, 19]).copied().unwrap_or(19);
    match pick(u, 7) {
        0 => format!("datetime.transaction().hour >= {hour}"),
        1 => format!("datetime.transaction().hour < {hour}"),
        2 => "datetime.transaction().dayOfWeek IN [1, 2, 3, 4, 5]".into(),
        3 => "datetime.transaction().dayOfWeek >= 6".into(),
        4 => "date.transaction() >= date('2026-03-15')".into(),
        5 => "datetime.transaction() < datetime('2026-03-14T19:00:00Z')".into(),
        // Not `time.transaction('UTC')`, which A2 lists: section 11 keeps
        // `time` values out of the subset, and the parser refuses it.
        _ => "localdatetime.transaction().minute = 59".into(),
    }
}

/// A claim's value: every JSON type, biased towards the conditions'
/// literals.
fn claim_value(u: &mut Unstructured<'_>, depth: u32) -> Claim {
    let weights: &[u32] = if depth == 0 {
        &[5, 3, 2, 2, 0, 0, 1]
    } else {
        &[5, 3, 2, 2, 3, 1, 1]
    };
    match weighted(u, weights) {
        0 => Claim::Str(
            one(u, &["sales", "Sales", "", "é", "hr", "5", "al,b"])
                .copied()
                .unwrap_or("sales")
                .to_string(),
        ),
        1 => Claim::Int(one(u, &[5, 0, -1, 3, 1, i64::MAX]).copied().unwrap_or(0)),
        2 => Claim::Float(
            one(u, &[1.5, 0.0, -0.0, 5.0, 1e300])
                .copied()
                .unwrap_or(1.5),
        ),
        3 => Claim::Bool(flag(u, 50)),
        4 => {
            let n = pick(u, 4);
            Claim::Array((0..n).map(|_| claim_value(u, depth - 1)).collect())
        }
        5 => {
            let n = pick(u, 3);
            Claim::Map(
                (0..n)
                    .map(|i| (["a", "b", "ü"][i].to_string(), claim_value(u, depth - 1)))
                    .collect(),
            )
        }
        _ => Claim::Null,
    }
}

/// One session.
fn session(
    u: &mut Unstructured<'_>,
    cx: &Context<'_>,
    texts: &[String],
    rules: &[String],
    grantable: &[String],
    two: bool,
    refused: &mut u64,
) -> GenSession {
    let mut claims = Vec::new();
    // A token without `sub` is refused (O2): rarely, and never from zero
    // bytes (a short byte string still opens sessions).
    if !flag(u, 6) {
        claims.push((
            "sub".to_string(),
            Claim::Str(
                one(u, &["alice", "bob", "ünï"])
                    .copied()
                    .unwrap_or("alice")
                    .into(),
            ),
        ));
    }
    for claim in CLAIMS {
        if flag(u, 50) {
            claims.push((claim.to_string(), claim_value(u, 2)));
        }
    }
    if flag(u, 50) {
        let groups = match weighted(u, &[12, 5, 1]) {
            0 => Claim::Array(
                crate::choice::subset(u, &GROUPS, 40)
                    .into_iter()
                    .map(|g| Claim::Str(g.to_string()))
                    .collect(),
            ),
            1 => Claim::Str(one(u, &GROUPS).copied().unwrap_or("r0").to_string()),
            _ => Claim::Int(1), // O3: refuses the token (weight 1 of 18)
        };
        claims.push(("groups".to_string(), groups));
    }
    let token = token(u, two);
    let at = instant(one(u, &INSTANTS).copied().unwrap_or(INSTANTS[0]));
    let query = cx
        .queries
        .get(pick(u, cx.queries.len()))
        .cloned()
        .unwrap_or_else(|| crate::query::query(u, &[], None));
    let mut change = Vec::new();
    let mut later = None;
    if flag(u, 60) {
        let exp = token
            .exp_offset_s
            .unwrap_or(model::oidc::token::DEFAULT_EXP_OFFSET_S);
        let delta = match pick(u, 6) {
            0 => exp - 1,
            1 => exp,
            2 => exp + 1,
            3 => 1,
            4 => 60,
            _ => 7200,
        };
        later = Some(at + Duration::seconds(delta.max(0)));
        if flag(u, 70) {
            // A5's case: a claim the token carries that no rule reads yet.
            let unread: Vec<&str> = claims
                .iter()
                .map(|(c, _)| c.as_str())
                .filter(|c| {
                    CLAIMS.contains(c) && !texts.iter().any(|r| r.contains(&format!("'{c}'")))
                })
                .collect();
            change = rule_change(u, rules, &unread, grantable, cx.denying, refused);
        }
    }
    GenSession {
        claims,
        token,
        at,
        query,
        change,
        later,
    }
}

/// A token's changes: mostly HS256 (RSA signing is slow: 5% RS256, 5%
/// ES256), sometimes
/// RS256/ES256, another key, an expiry at or next to the opening instant,
/// `nbf`, a wrong issuer or audience, and each tampering.
fn token(u: &mut Unstructured<'_>, two: bool) -> TokenOverrides {
    let alg = ["HS256", "ES256", "RS256"][weighted(u, &[18, 1, 1])];
    let lower = alg.to_lowercase();
    let kid = match weighted(u, &[40, 1, 1, 1, 1]) {
        1 => Some(format!("{lower}-2")),
        2 => Some(format!("{lower}-retired")),
        3 => Some("nope".to_string()),
        4 => Some(if alg == "RS256" { "es256-1" } else { "rs256-1" }.to_string()),
        _ => None,
    };
    let tamper = match weighted(u, &[40, 1, 1, 1, 1]) {
        1 => Some("signature"),
        2 => Some("payload"),
        3 => Some("alg-none"),
        4 => Some("alg-confusion"),
        _ => None,
    };
    // alg-confusion signs with an RS256 key's PEM: it needs an RS256 kid.
    let kid = match tamper {
        Some("alg-confusion") => one(u, &[None, Some("rs256-2"), Some("rs256-retired")])
            .copied()
            .flatten()
            .map(str::to_string),
        _ => kid,
    };
    TokenOverrides {
        provider: (two && flag(u, 30)).then(|| "p1".to_string()),
        alg: Some(alg.to_string()),
        exp_offset_s: match weighted(u, &[14, 1, 1, 1, 1, 1]) {
            1 => Some(0),
            2 => Some(1),
            3 => Some(-1),
            4 => Some(60),
            5 => Some(86_400),
            _ => None,
        },
        nbf_offset_s: match weighted(u, &[17, 1, 1, 1]) {
            1 => Some(0),
            2 => Some(1),
            3 => Some(-60),
            _ => None,
        },
        iss: flag(u, 3).then(|| "https://evil.example.test".to_string()),
        aud: flag(u, 3).then(|| "other".to_string()),
        kid,
        tamper: tamper.map(str::to_string),
    }
}

/// One of [`INSTANTS`], parsed.
fn instant(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|_| DateTime::UNIX_EPOCH.fixed_offset())
}

/// A rule change between a session's two instants: a rule reading a claim
/// the session may not have kept (A5), a new condition, a rule disabled or
/// enabled, a role revoked or granted (sometimes one with a DENY: A4
/// refuses it), a rule dropped.
fn rule_change(
    u: &mut Unstructured<'_>,
    rules: &[String],
    unread: &[&str],
    grantable: &[String],
    denying: &[String],
    refused: &mut u64,
) -> Vec<String> {
    let rule = one(u, rules).cloned().unwrap_or_else(|| "ar0".to_string());
    let role = one(u, grantable)
        .cloned()
        .unwrap_or_else(|| "reader".into());
    match weighted(u, &[7, 2, 1, 1, 1, 1, 1]) {
        0 => {
            let claim = match one(u, unread) {
                Some(c) if !flag(u, 20) => *c,
                _ => one(u, &CLAIMS).copied().unwrap_or("team"),
            };
            // Often `reader`: a role that shows everything makes a wrongly
            // fulfilled rule visible.
            let role = if flag(u, 70) {
                "reader".to_string()
            } else {
                role
            };
            let test = one(u, &["IS NULL", "IS NOT NULL", "= 'sales'", "= 5"])
                .copied()
                .unwrap_or("IS NULL");
            vec![
                format!(
                    "CREATE AUTH RULE later SET CONDITION abac.oidc.user_attribute('{claim}') {test}"
                ),
                format!("GRANT ROLE {role} TO AUTH RULE later"),
            ]
        }
        1 => {
            let cond = condition(u, 1);
            let command = format!("ALTER AUTH RULE {rule} SET CONDITION {cond}");
            if matches!(parse_statement(&command), Ok(Statement::Admin(_))) {
                vec![command]
            } else {
                *refused += 1;
                Vec::new()
            }
        }
        2 => vec![format!("ALTER AUTH RULE {rule} SET ENABLED false")],
        3 => vec![format!("ALTER AUTH RULE {rule} SET ENABLED true")],
        4 => vec![format!("REVOKE ROLE {role} FROM AUTH RULE {rule}")],
        5 => {
            let role = one(u, denying).cloned().unwrap_or(role);
            vec![format!("GRANT ROLE {role} TO AUTH RULE {rule}")]
        }
        _ => vec![format!("DROP AUTH RULE {rule}")],
    }
}

impl GenAbac {
    /// Whether any generated claim is null or holds one.
    pub fn null_claims(&self) -> u64 {
        self.sessions
            .iter()
            .flat_map(|s| &s.claims)
            .filter(|(_, v)| v.holds_null())
            .count() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SplitMix64;

    #[test]
    fn generated_conditions_parse() {
        let mut accepted = 0;
        for case in 0..2000 {
            let bytes = SplitMix64::new(case).bytes(64);
            let mut u = Unstructured::new(&bytes);
            let command = format!("CREATE AUTH RULE a SET CONDITION {}", condition(&mut u, 2));
            accepted += usize::from(matches!(parse_statement(&command), Ok(Statement::Admin(_))));
        }
        // The generator keeps to A2's allow-list and section 11's subset:
        // every condition parses (refusals would be counted, not hidden).
        assert_eq!(accepted, 2000);
    }

    #[test]
    fn zero_bytes_give_no_abac() {
        let cx = Context {
            roles: &[],
            denying: &[],
            queries: &[],
        };
        assert_eq!(abac(&mut Unstructured::new(&[0; BYTES]), &cx), None);
    }

    #[test]
    fn a_null_claim_is_written_as_nan() {
        let s = Claim::Map(vec![("a".into(), Claim::Null)]);
        assert!(s.holds_null());
        let text =
            toml::Value::Table([("c".to_string(), s.toml())].into_iter().collect()).to_string();
        assert!(text.contains("nan"), "{text}");
    }
}
