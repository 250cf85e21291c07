//! Metamorphic properties on generated worlds (issue 5, point 3): each
//! property relates an engine's answers on a world to its answers on an
//! edited copy of that world, so it needs no oracle and never compares the
//! engines with each other. Every property runs on the reference engine
//! and, separately, on the optimized engine, so a bug in either shows.
//!
//! Edits are data-level edits of the [`GenWorld`] (a command appended or
//! moved, a node added, a label renamed), built with
//! [`GenWorld::direct_world`]; a failing case therefore prints the edited
//! world (for a reordering, both) as a scenario file, ready for
//! corpora/regressions/.
//!
//! 1. GRANT never hides; 2. DENY never reveals; 3. REVOKE of a privilege
//!    just added restores everything; 4. renaming a label changes nothing
//!    but the name; 5. a node with no labels is seen exactly when the
//!    catalog grants it; 6. commuting security commands commute; 7. the
//!    administrator sees a superset of every user.
//!
//! `POLYGRAPH_FUZZ_CASES` overrides every property's case count.

use std::collections::BTreeMap;

use proptest::prelude::*;

use generators::{
    Condition, DATABASE, GenNode, GenQuery, GenWorld, Hop, KEYS, LABELS, OTHER_GRAPH, Predicate,
    QueryForm, SecurityCommand, TYPES, Test, UNKNOWN_KEY, UNKNOWN_LABEL, UNKNOWN_TYPE, strategy,
};
use model::admin::PrivilegeVerb;
use model::ast::Query;
use model::budget::fuzz_cases;
use model::catalog::{
    Access, Action, GraphScope, PUBLIC, Privilege, PropertyRule, PropertySet, RuleOp,
    RulePredicate, Segment,
};
use model::cypher::{Statement, parse_statement};
use model::engine::{Engine, IdSet, Principal, Transaction, Visibility};
use model::graph::TokenKind;
use model::rows::{QueryResult, compare_results_named};
use model::scenario::DEFAULT_AT;
use model::value::{NodeValue, PathValue, Value};
use model::world::World;

// ---------------------------------------------------------------------------
// Running a world on one engine.

/// Fresh engines for one case: the reference and the optimized one. The
/// same instance sees the world before and after the edit, so the
/// optimized engine's caches are part of what is checked.
fn engines() -> Vec<Box<dyn Engine>> {
    vec![
        Box::new(reference::ReferenceEngine::default()),
        Box::new(optimized::OptimizedEngine::new()),
    ]
}

fn transaction(principal: &Principal) -> Result<Transaction, String> {
    let at = chrono::DateTime::parse_from_rfc3339(DEFAULT_AT).map_err(|e| e.to_string())?;
    Ok(Transaction {
        principal: principal.clone(),
        at,
    })
}

/// The world's users, then the administrator.
fn principals(generated: &GenWorld) -> Vec<Principal> {
    let mut out: Vec<Principal> = generated
        .users()
        .into_iter()
        .map(Principal::Native)
        .collect();
    out.push(Principal::Admin);
    out
}

/// The generated queries, parsed from their text (as a scenario would be).
fn queries(generated: &GenWorld) -> Result<Vec<(String, Query)>, String> {
    generated
        .queries
        .iter()
        .map(|q| {
            let text = q.text();
            match parse_statement(&text) {
                Ok(Statement::Read(query)) => Ok((text, query)),
                Ok(Statement::Admin(_)) => Err(format!("`{text}` is not a read query")),
                Err(e) => Err(format!("`{text}`: {e}")),
            }
        })
        .collect()
}

/// The engine's visibility for `who`; an access error (U5) as its message.
fn visibility(
    engine: &mut dyn Engine,
    world: &World,
    who: &Principal,
) -> Result<Result<Visibility, String>, String> {
    let tx = transaction(who)?;
    engine
        .load(std::sync::Arc::new(world.clone()))
        .map_err(|e| e.message())?;
    Ok(engine.visibility(&tx).map_err(|e| e.message()))
}

fn answer(
    engine: &mut dyn Engine,
    world: &World,
    who: &Principal,
    query: &Query,
) -> Result<Result<QueryResult, String>, String> {
    let tx = transaction(who)?;
    engine
        .load(std::sync::Arc::new(world.clone()))
        .map_err(|e| e.message())?;
    Ok(engine.query(&tx, query).map_err(|e| e.message()))
}

/// Everything an engine answers on a world: each principal's visibility,
/// and each query's answer as each principal.
struct Observation {
    visibility: Vec<(Principal, Result<Visibility, String>)>,
    answers: Vec<(String, Principal, Result<QueryResult, String>)>,
}

fn observe(
    engine: &mut dyn Engine,
    world: &World,
    who: &[Principal],
    queries: &[(String, Query)],
) -> Result<Observation, String> {
    let mut visibilities = Vec::new();
    let mut answers = Vec::new();
    for p in who {
        visibilities.push((p.clone(), visibility(engine, world, p)?));
        for (text, query) in queries {
            answers.push((text.clone(), p.clone(), answer(engine, world, p, query)?));
        }
    }
    Ok(Observation {
        visibility: visibilities,
        answers,
    })
}

/// `Err` naming the first difference between two observations of the same
/// principals and queries; `translate` maps each of `after`'s answers
/// before comparing (the identity, or a label renamed back).
fn same_observation(
    before: &Observation,
    after: &Observation,
    translate: &dyn Fn(&QueryResult) -> QueryResult,
) -> Result<(), String> {
    for ((who, a), (_, b)) in before.visibility.iter().zip(&after.visibility) {
        match (a, b) {
            (Ok(a), Ok(b)) => {
                if let Some(d) = a.difference("before", b, "after") {
                    return Err(format!("visibility of {who:?} changed:\n{d}"));
                }
            }
            (Err(_), Err(_)) => {}
            _ => return Err(format!("visibility of {who:?}: before {a:?}, after {b:?}")),
        }
    }
    for ((text, who, a), (_, _, b)) in before.answers.iter().zip(&after.answers) {
        match (a, b) {
            (Ok(a), Ok(b)) => compare_results_named(a, "before", &translate(b), "after")
                .map_err(|e| format!("`{text}` as {who:?}: {e}"))?,
            (Err(_), Err(_)) => {}
            _ => return Err(format!("`{text}` as {who:?}: before {a:?}, after {b:?}")),
        }
    }
    Ok(())
}

/// Runs `check` on each engine; the error names the engine.
fn on_each_engine(
    check: impl Fn(&mut dyn Engine) -> Result<(), String>,
) -> Result<(), TestCaseError> {
    for mut engine in engines() {
        if let Err(why) = check(engine.as_mut()) {
            return Err(TestCaseError::fail(format!("{}: {why}", engine.name())));
        }
    }
    Ok(())
}

/// The world as a scenario file, for failure messages.
fn shown(generated: &GenWorld) -> String {
    generated.scenario_text()
}

// ---------------------------------------------------------------------------
// Reading the catalog (never the engines' code).

/// The roles `user` holds in the built catalog (U1, U3): PUBLIC, then the
/// granted roles that exist.
fn roles_of(world: &World, user: &str) -> Vec<String> {
    let mut out = vec![PUBLIC.to_string()];
    if let Some(u) = world.catalog.users.get(user) {
        out.extend(
            u.roles
                .iter()
                .filter(|r| world.catalog.roles.contains_key(*r))
                .cloned(),
        );
    }
    out
}

/// The `choice`-th of the roles `user` holds, cycling.
fn held_role(world: &World, user: &str, choice: usize) -> Option<String> {
    let roles = roles_of(world, user);
    let len = roles.len().max(1);
    roles.get(choice % len).cloned()
}

/// Whether `role` already stores `p` in a way `verb` would remove (P5):
/// the same privilege for REVOKE GRANT/DENY, the same up to access for a
/// plain REVOKE.
fn revoke_would_touch(world: &World, role: &str, p: &Privilege, verb: PrivilegeVerb) -> bool {
    world.catalog.roles.get(role).is_some_and(|r| {
        r.privileges.iter().any(|held| match verb {
            PrivilegeVerb::Revoke => held.same_except_access(p),
            _ => held.same_privilege(p),
        })
    })
}

// ---------------------------------------------------------------------------
// Comparing visibilities.

/// `None` when everything `small` shows, `big` shows too; otherwise what
/// only `small` shows.
fn not_contained(small: &Visibility, big: &Visibility) -> Option<String> {
    let mut lines = Vec::new();
    let mut check = |what: String, a: &IdSet, b: &IdSet| {
        let extra = a - b;
        if !extra.is_empty() {
            let ids: Vec<String> = extra.iter().map(|id| id.to_string()).collect();
            lines.push(format!("{what}: [{}]", ids.join(", ")));
        }
    };
    check("nodes".into(), &small.nodes, &big.nodes);
    check(
        "relationships".into(),
        &small.relationships,
        &big.relationships,
    );
    let empty = IdSet::new();
    for (key, ids) in &small.node_keys {
        check(
            format!("node key {key}"),
            ids,
            big.node_keys.get(key).unwrap_or(&empty),
        );
    }
    for (key, ids) in &small.relationship_keys {
        check(
            format!("relationship key {key}"),
            ids,
            big.relationship_keys.get(key).unwrap_or(&empty),
        );
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// What a user sees, two ways: the engine's visibility, and what
/// `MATCH (n) RETURN n` and `MATCH ()-[r]->() RETURN r` return (each
/// element with the keys of the properties shown), so that the query path
/// is checked as well as the visibility.
struct Seen {
    visibility: Visibility,
    /// `('n', id)` or `('r', id)` to the keys shown, sorted.
    rows: BTreeMap<(char, u64), Vec<String>>,
}

/// [`Seen`] for `who`; an access error (U5) as its message. A query that
/// fails although the user has access is an error of the check.
fn seen(
    engine: &mut dyn Engine,
    world: &World,
    who: &Principal,
) -> Result<Result<Seen, String>, String> {
    let visibility = match visibility(engine, world, who)? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let mut rows = BTreeMap::new();
    for text in ["MATCH (n) RETURN n", "MATCH ()-[r]->() RETURN r"] {
        let query = read_query(text)?;
        let result =
            answer(engine, world, who, &query)?.map_err(|e| format!("`{text}` as {who:?}: {e}"))?;
        for row in &result.rows {
            let (element, keys) = match row.first() {
                Some(Value::Node(n)) => (('n', n.id), n.properties.keys()),
                Some(Value::Relationship(r)) => (('r', r.id), r.properties.keys()),
                _ => continue,
            };
            rows.insert(element, keys.cloned().collect());
        }
    }
    Ok(Ok(Seen { visibility, rows }))
}

/// [`not_contained`] for both halves of [`Seen`]: the visibility, and each
/// returned element with its shown keys.
fn seen_not_contained(small: &Seen, big: &Seen) -> Option<String> {
    let mut lines: Vec<String> = not_contained(&small.visibility, &big.visibility)
        .into_iter()
        .collect();
    for (element, keys) in &small.rows {
        match big.rows.get(element) {
            None => lines.push(format!("returned {element:?}")),
            Some(other) if !keys.iter().all(|k| other.contains(k)) => lines.push(format!(
                "{element:?} shows keys {keys:?}, the other {other:?}"
            )),
            Some(_) => {}
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

// ---------------------------------------------------------------------------
// The privileges the properties add.

/// A read privilege to add (P1, P2): TRAVERSE/READ/MATCH on every segment
/// kind, with unregistered names (P6) and other graphs (D4) among them.
#[derive(Debug, Clone)]
struct Change {
    privilege: Privilege,
    /// Which of the user's roles receives it (cycling over PUBLIC and the
    /// granted roles).
    role: usize,
    /// For property 3: DENY instead of GRANT.
    deny: bool,
    /// For property 3: plain REVOKE instead of REVOKE GRANT/DENY.
    plain_revoke: bool,
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![0i64, -1, 1, i64::MIN, i64::MAX]).prop_map(Value::Integer),
        prop::sample::select(vec![0.0f64, 1.0, -1.5]).prop_map(Value::Float),
        prop::sample::select(vec!["", "a", "A"]).prop_map(|s| Value::String(s.to_string())),
        any::<bool>().prop_map(Value::Boolean),
    ]
}

/// A homogeneous, non-empty list (Q2 rejects mixed ones).
fn rule_list() -> impl Strategy<Value = Vec<Value>> {
    prop_oneof![
        prop::collection::vec(
            prop::sample::select(vec![0i64, -1, 1]).prop_map(Value::Integer),
            1..3
        ),
        prop::collection::vec(
            prop::sample::select(vec!["", "a"]).prop_map(|s| Value::String(s.to_string())),
            1..3
        ),
    ]
}

fn rule(var: &'static str) -> impl Strategy<Value = PropertyRule> {
    let op = prop::sample::select(vec![
        RuleOp::Equal,
        RuleOp::NotEqual,
        RuleOp::Less,
        RuleOp::LessEqual,
        RuleOp::Greater,
        RuleOp::GreaterEqual,
    ]);
    let predicate = prop_oneof![
        3 => (op, scalar()).prop_map(|(o, v)| RulePredicate::Compare(o, v)),
        1 => Just(RulePredicate::IsNull),
        1 => Just(RulePredicate::IsNotNull),
        1 => rule_list().prop_map(RulePredicate::InList),
        1 => scalar().prop_map(RulePredicate::Contains),
    ];
    (key(), predicate, any::<bool>()).prop_map(move |(key, predicate, negated)| PropertyRule {
        var: var.to_string(),
        key,
        predicate,
        negated,
        map_form: false,
    })
}

fn key() -> impl Strategy<Value = String> {
    let mut names: Vec<&str> = KEYS.to_vec();
    names.push(UNKNOWN_KEY);
    prop::sample::select(names).prop_map(str::to_string)
}

/// A label or `*` (`None`), sometimes the unregistered label.
fn label_or_star() -> impl Strategy<Value = Option<String>> {
    let mut names: Vec<&str> = LABELS.to_vec();
    names.push(UNKNOWN_LABEL);
    prop::option::weighted(0.75, prop::sample::select(names).prop_map(str::to_string))
}

fn type_or_star() -> impl Strategy<Value = Option<String>> {
    let mut names: Vec<&str> = TYPES.to_vec();
    names.push(UNKNOWN_TYPE);
    prop::option::weighted(0.75, prop::sample::select(names).prop_map(str::to_string))
}

fn segment() -> impl Strategy<Value = Segment> {
    prop_oneof![
        4 => label_or_star().prop_map(Segment::Nodes),
        2 => type_or_star().prop_map(Segment::Relationships),
        2 => (label_or_star(), rule("n")).prop_map(|(label, rule)| Segment::NodeRule { label, rule }),
        1 => (type_or_star(), rule("r"))
            .prop_map(|(rel_type, rule)| Segment::RelRule { rel_type, rule }),
    ]
}

fn graph_scope() -> impl Strategy<Value = GraphScope> {
    prop_oneof![
        8 => Just(GraphScope::All),
        1 => Just(GraphScope::Home),
        1 => Just(GraphScope::Default),
        1 => Just(GraphScope::Named(DATABASE.to_string())),
        1 => Just(GraphScope::Named(OTHER_GRAPH.to_string())),
    ]
}

fn privilege() -> impl Strategy<Value = Privilege> {
    let action = prop::sample::select(vec![Action::Traverse, Action::Read, Action::Match]);
    // Index 0-3: one key of the pool (3 is unregistered); 4: `{*}`.
    let properties = prop_oneof![
        3 => key().prop_map(PropertySet::Key),
        1 => Just(PropertySet::All),
    ];
    (action, properties, graph_scope(), segment()).prop_map(
        |(action, properties, graph, segment)| Privilege {
            access: Access::Granted,
            properties: if action == Action::Traverse {
                PropertySet::None
            } else {
                properties
            },
            action,
            graph,
            segment,
        },
    )
}

fn change() -> impl Strategy<Value = Change> {
    (privilege(), 0usize..4, any::<bool>(), any::<bool>()).prop_map(
        |(privilege, role, deny, plain_revoke)| Change {
            privilege,
            role,
            deny,
            plain_revoke,
        },
    )
}

/// The command storing `p` with `verb` on `role`.
fn privilege_command(verb: PrivilegeVerb, p: &Privilege, role: &str) -> SecurityCommand {
    let access = match verb {
        PrivilegeVerb::Deny | PrivilegeVerb::RevokeDeny => Access::Denied,
        _ => Access::Granted,
    };
    SecurityCommand::Privilege {
        verb,
        privilege: Privilege {
            access,
            ..p.clone()
        },
        role: role.to_string(),
    }
}

/// `generated` with `commands` appended to its security set-up.
fn with_commands(generated: &GenWorld, commands: &[SecurityCommand]) -> GenWorld {
    let mut out = generated.clone();
    out.security.extend(commands.iter().cloned());
    out
}

/// The world `generated` starts from, or `None` when it does not build
/// (the generator's rare failing worlds; the properties say nothing then).
fn built(generated: &GenWorld) -> Option<World> {
    generated.direct_world().ok()
}

// ---------------------------------------------------------------------------
// Properties 1 and 2: GRANT never hides, DENY never reveals.

/// Adds `change`'s privilege with `verb` (GRANT or DENY) to one role of
/// each user in turn; what every user sees after ([`Seen`]: visibility and
/// the elements `MATCH` returns with their keys) must contain (GRANT) or be
/// contained in (DENY) what they saw before, and access must not change.
fn monotone(
    engine: &mut dyn Engine,
    generated: &GenWorld,
    change: &Change,
    verb: PrivilegeVerb,
) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let users = generated.users();
    let who: Vec<Principal> = users.iter().cloned().map(Principal::Native).collect();
    let mut before = Vec::new();
    for p in &who {
        before.push(seen(engine, &world, p)?);
    }
    for user in &users {
        let Some(role) = held_role(&world, user, change.role) else {
            continue;
        };
        let command = privilege_command(verb, &change.privilege, &role);
        let edited = with_commands(generated, std::slice::from_ref(&command));
        let after_world = edited
            .direct_world()
            .map_err(|e| format!("`{}` failed: {e}", command.text()))?;
        for (p, old) in who.iter().zip(&before) {
            let new = seen(engine, &after_world, p)?;
            let problem = match (old, &new) {
                (Ok(old), Ok(new)) => match verb {
                    PrivilegeVerb::Deny => seen_not_contained(new, old)
                        .map(|d| format!("the DENY revealed, only after:\n{d}")),
                    _ => seen_not_contained(old, new)
                        .map(|d| format!("the GRANT hid, only before:\n{d}")),
                },
                (Err(_), Err(_)) => None,
                (Err(e), Ok(_)) | (Ok(_), Err(e)) => Some(format!("access changed: {e}")),
            };
            if let Some(problem) = problem {
                return Err(format!(
                    "`{}` (a role of {user}), visibility of {p:?}: {problem}\nafter:\n{}",
                    command.text(),
                    shown(&edited)
                ));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Property 3: REVOKE of a privilege just added restores everything.

/// For each user: GRANT (or DENY) `change`'s privilege to one of their
/// roles, then REVOKE it (REVOKE GRANT/DENY, or plain REVOKE). Only a
/// privilege the role does not store already is added: otherwise the
/// REVOKE would also remove the earlier one (P5), which is not what this
/// property is about; such users are skipped. The catalog and every answer
/// must be those of the world without the two commands.
fn revoke_restores(
    engine: &mut dyn Engine,
    generated: &GenWorld,
    change: &Change,
) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let who = principals(generated);
    let queries = queries(generated)?;
    let before = observe(engine, &world, &who, &queries)?;
    let (add, remove) = if change.deny {
        (PrivilegeVerb::Deny, PrivilegeVerb::RevokeDeny)
    } else {
        (PrivilegeVerb::Grant, PrivilegeVerb::RevokeGrant)
    };
    let remove = if change.plain_revoke {
        PrivilegeVerb::Revoke
    } else {
        remove
    };
    for user in generated.users() {
        let Some(role) = held_role(&world, &user, change.role) else {
            continue;
        };
        let added = privilege_command(add, &change.privilege, &role);
        let SecurityCommand::Privilege { privilege, .. } = &added else {
            continue;
        };
        if revoke_would_touch(&world, &role, privilege, remove) {
            continue;
        }
        let revoked = privilege_command(remove, &change.privilege, &role);
        let edited = with_commands(generated, &[added.clone(), revoked.clone()]);
        let context = || {
            format!(
                "`{}` then `{}`; after:\n{}",
                added.text(),
                revoked.text(),
                shown(&edited)
            )
        };
        let after_world = edited
            .direct_world()
            .map_err(|e| format!("{e}: {}", context()))?;
        // The catalog itself must be back (model's P5), or the engines
        // cannot be blamed for what follows.
        if after_world.catalog.roles != world.catalog.roles {
            return Err(format!("the stored privileges differ: {}", context()));
        }
        let after = observe(engine, &after_world, &who, &queries)?;
        same_observation(&before, &after, &|r| r.clone())
            .map_err(|e| format!("{e}\n{}", context()))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Property 4: renaming a label changes nothing but the name.

/// The new name of `label`: the label with a suffix, so that it sorts
/// against the other pool labels (single distinct letters) exactly as the
/// old name did (ORDER BY over `labels(n)` or `db.labels()` keeps its
/// order), and no stored string equals it.
fn new_name(label: &str) -> String {
    format!("{label}_renamed")
}

fn rename_in(name: &mut String, from: &str, to: &str) {
    if name == from {
        *name = to.to_string();
    }
}

fn rename_opt(name: &mut Option<String>, from: &str, to: &str) {
    if let Some(n) = name {
        rename_in(n, from, to);
    }
}

fn rename_hop(hop: &mut Hop, from: &str, to: &str) {
    rename_opt(&mut hop.label, from, to);
}

fn rename_test(test: &mut Test, from: &str, to: &str) {
    if let Predicate::HasLabel(_, label) = &mut test.predicate {
        rename_in(label, from, to);
    }
}

fn rename_condition(condition: &mut Condition, from: &str, to: &str) {
    rename_test(&mut condition.first, from, to);
    if let Some((_, test)) = &mut condition.rest {
        rename_test(test, from, to);
    }
}

fn rename_query(query: &mut GenQuery, from: &str, to: &str) {
    match &mut query.form {
        QueryForm::Match(m) => {
            rename_opt(&mut m.start, from, to);
            for hop in &mut m.hops {
                rename_hop(hop, from, to);
            }
            if let Some(hop) = &mut m.optional {
                rename_hop(hop, from, to);
            }
            if let Some(c) = &mut m.filter {
                rename_condition(c, from, to);
            }
        }
        QueryForm::Unwind(q) => rename_opt(&mut q.start, from, to),
        QueryForm::Grouped(q) => rename_opt(&mut q.start, from, to),
        // Expressions name no label; only the MATCH before the UNWIND does.
        QueryForm::Values(q) => {
            if let Some((start, hop)) = &mut q.pattern {
                rename_opt(start, from, to);
                if let Some(hop) = hop {
                    rename_hop(hop, from, to);
                }
            }
        }
        // Procedures name no label (the full-text index is named by its name).
        QueryForm::Procedure(_) => {}
    }
}

/// `generated` with label `from` called `to` everywhere: node labels,
/// indexes, privilege segments, `db.createLabel`, and the queries' patterns
/// and label tests.
fn renamed(generated: &GenWorld, from: &str, to: &str) -> GenWorld {
    let mut out = generated.clone();
    for node in &mut out.nodes {
        for label in &mut node.labels {
            rename_in(label, from, to);
        }
    }
    for index in &mut out.indexes {
        for label in &mut index.labels {
            rename_in(label, from, to);
        }
    }
    for command in &mut out.security {
        match command {
            SecurityCommand::Privilege { privilege, .. } => match &mut privilege.segment {
                Segment::Nodes(label) | Segment::NodeRule { label, .. } => {
                    rename_opt(label, from, to)
                }
                _ => {}
            },
            SecurityCommand::CreateToken {
                kind: TokenKind::Label,
                name,
            } => rename_in(name, from, to),
            _ => {}
        }
    }
    for query in &mut out.queries {
        rename_query(query, from, to);
    }
    out
}

/// `v` with every string `from` (a label name in a result: `labels(n)`,
/// `db.labels()`, a node's labels) written `to`.
fn rename_value(v: &Value, from: &str, to: &str) -> Value {
    let node = |n: &NodeValue| NodeValue {
        id: n.id,
        labels: n
            .labels
            .iter()
            .map(|l| if l == from { to.to_string() } else { l.clone() })
            .collect(),
        properties: n.properties.clone(),
    };
    match v {
        Value::String(s) if s == from => Value::String(to.to_string()),
        Value::List(items) => {
            Value::List(items.iter().map(|x| rename_value(x, from, to)).collect())
        }
        Value::Map(m) => Value::Map(
            m.iter()
                .map(|(k, x)| (k.clone(), rename_value(x, from, to)))
                .collect::<BTreeMap<_, _>>(),
        ),
        Value::Node(n) => Value::Node(Box::new(node(n))),
        Value::Path(p) => Value::Path(Box::new(PathValue {
            nodes: p.nodes.iter().map(node).collect(),
            relationships: p.relationships.clone(),
        })),
        other => other.clone(),
    }
}

fn rename_result(r: &QueryResult, from: &str, to: &str) -> QueryResult {
    let rows = |rows: &Vec<Vec<Value>>| -> Vec<Vec<Value>> {
        rows.iter()
            .map(|row| row.iter().map(|v| rename_value(v, from, to)).collect())
            .collect()
    };
    QueryResult {
        columns: r.columns.clone(),
        rows: rows(&r.rows),
        sort_keys: r.sort_keys.as_ref().map(rows),
    }
}

/// Visibility must be identical (same ids, same keys); every query's
/// answer, with the new name read back as the old one, must be the same.
fn rename_changes_nothing(
    engine: &mut dyn Engine,
    generated: &GenWorld,
    label: &str,
) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let to = new_name(label);
    let edited = renamed(generated, label, &to);
    let who = principals(generated);
    let before = observe(engine, &world, &who, &queries(generated)?)?;
    let after_world = edited
        .direct_world()
        .map_err(|e| format!("{e}\n{}", shown(&edited)))?;
    let after = observe(engine, &after_world, &who, &queries(&edited)?)?;
    same_observation(&before, &after, &|r| rename_result(r, &to, label))
        .map_err(|e| format!("renaming {label} to {to}: {e}\nafter:\n{}", shown(&edited)))
}

// ---------------------------------------------------------------------------
// Property 5: a node with no labels.

/// Whether a property rule is TRUE on an element that stores no property
/// (Q3: the key is null): only `IS NULL` and `NOT ... IS NOT NULL`; every
/// comparison, `IN` and containment with null is null, and `NOT null` is
/// null.
fn true_without_properties(rule: &PropertyRule) -> bool {
    match rule.predicate {
        RulePredicate::IsNull => !rule.negated,
        RulePredicate::IsNotNull => rule.negated,
        _ => false,
    }
}

/// Whether a node with no labels and no properties is traversable for
/// `user` (N1, N2), read off the catalog: a TRAVERSE/MATCH GRANT on
/// `NODES *` or a label-less rule TRUE on it, and no TRAVERSE or
/// `MATCH {*}` DENY on those; privileges on another graph (D4) and rules
/// on an unregistered key (P6, docs/decisions.md) do nothing.
fn sees_bare_node(world: &World, user: &str) -> bool {
    let held: Vec<&Privilege> = roles_of(world, user)
        .iter()
        .filter_map(|r| world.catalog.roles.get(r))
        .flat_map(|r| r.privileges.iter())
        .filter(|p| match &p.graph {
            GraphScope::Named(name) => *name == world.database,
            _ => true,
        })
        .collect();
    let applies = |p: &Privilege| match &p.segment {
        Segment::Nodes(None) => true,
        Segment::NodeRule { label: None, rule } => {
            world
                .graph
                .tokens
                .contains(TokenKind::PropertyKey, &rule.key)
                && true_without_properties(rule)
        }
        _ => false,
    };
    let granted = held.iter().any(|p| {
        p.access == Access::Granted
            && matches!(p.action, Action::Traverse | Action::Match)
            && applies(p)
    });
    let denied = held.iter().any(|p| {
        p.access == Access::Denied
            && (p.action == Action::Traverse
                || (p.action == Action::Match && p.properties == PropertySet::All))
            && applies(p)
    });
    granted && !denied
}

/// The node ids of `MATCH (n) RETURN n`.
fn matched_ids(result: &QueryResult) -> Vec<(u64, &NodeValue)> {
    result
        .rows
        .iter()
        .filter_map(|row| match row.first() {
            Some(Value::Node(n)) => Some((n.id, n.as_ref())),
            _ => None,
        })
        .collect()
}

fn read_query(text: &str) -> Result<Query, String> {
    match parse_statement(text) {
        Ok(Statement::Read(q)) => Ok(q),
        other => Err(format!("{text}: {other:?}")),
    }
}

fn match_all() -> Result<Query, String> {
    read_query("MATCH (n) RETURN n")
}

/// Appends a node with no labels and no properties: for every user it is
/// traversable (in the visibility and in `MATCH (n) RETURN n`) exactly when
/// [`sees_bare_node`] says so, and nothing else changes.
fn bare_node(engine: &mut dyn Engine, generated: &GenWorld) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let mut edited = generated.clone();
    edited.nodes.push(GenNode {
        labels: Vec::new(),
        properties: Vec::new(),
    });
    let id = generated.nodes.len() as u64;
    let after_world = edited
        .direct_world()
        .map_err(|e| format!("{e}\n{}", shown(&edited)))?;
    let everything = match_all()?;
    for user in generated.users() {
        let who = Principal::Native(user.clone());
        let old = visibility(engine, &world, &who)?;
        let new = visibility(engine, &after_world, &who)?;
        let (old, mut new) = match (old, new) {
            (Ok(o), Ok(n)) => (o, n),
            (Err(_), Err(_)) => continue,
            (o, n) => return Err(format!("{user}: access changed: before {o:?}, after {n:?}")),
        };
        let expected = sees_bare_node(&after_world, &user);
        let fail = |what: String| format!("{user}, new node {id}: {what}\n{}", shown(&edited));
        if new.nodes.contains(id) != expected {
            return Err(fail(format!(
                "traversable {}, the catalog says {expected}",
                new.nodes.contains(id)
            )));
        }
        let rows = answer(engine, &after_world, &who, &everything)?
            .map_err(|e| fail(format!("MATCH (n) RETURN n failed: {e}")))?;
        let in_rows = matched_ids(&rows).iter().any(|(n, _)| *n == id);
        if in_rows != expected {
            return Err(fail(format!(
                "MATCH (n) RETURN n returns it: {in_rows}, the catalog says {expected}"
            )));
        }
        new.nodes.remove(id);
        if let Some(d) = old.difference("before", &new, "after") {
            return Err(fail(format!("something else changed:\n{d}")));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Property 6: commuting security commands.

/// Whether swapping two adjacent commands leaves the stored catalog the
/// same (up to the order of a role's privileges): privilege commands on
/// different roles; two GRANTs or two DENYs (adding is idempotent and
/// order-free); a GRANT and a DENY of different privileges; a role grant
/// or a `db.create*` call next to a privilege command (privileges are
/// stored whatever the registry holds, P6 is resolved at query time).
/// Never: a REVOKE next to anything on its role, two `db.create*` calls
/// (registry order is N4's label order), role or user creation.
fn commute(a: &SecurityCommand, b: &SecurityCommand) -> bool {
    use SecurityCommand as C;
    let adds = |v: &PrivilegeVerb| matches!(v, PrivilegeVerb::Grant | PrivilegeVerb::Deny);
    match (a, b) {
        (
            C::Privilege {
                verb: va,
                privilege: pa,
                role: ra,
            },
            C::Privilege {
                verb: vb,
                privilege: pb,
                role: rb,
            },
        ) => ra != rb || (adds(va) && adds(vb) && (va == vb || !pa.same_except_access(pb))),
        (C::GrantRole { .. }, C::Privilege { .. })
        | (C::Privilege { .. }, C::GrantRole { .. })
        | (C::CreateToken { .. }, C::Privilege { .. })
        | (C::Privilege { .. }, C::CreateToken { .. }) => true,
        _ => false,
    }
}

/// A random order of `security` that keeps every two commands that do not
/// commute in their original order. Any such order is reachable by
/// swapping adjacent commuting commands, so it must change nothing. At
/// each step, among the remaining commands that commute with every
/// remaining one before them, the one with the highest priority
/// (`priorities` by original position, cycling; ties to the earliest) comes
/// next. Also how many commands changed place.
fn reordered(security: &[SecurityCommand], priorities: &[u8]) -> (Vec<SecurityCommand>, usize) {
    let priority = |i: usize| match priorities.len() {
        0 => 0,
        n => priorities.get(i % n).copied().unwrap_or(0),
    };
    let commutes = |q: usize, i: usize| matches!((security.get(q), security.get(i)), (Some(a), Some(b)) if commute(a, b));
    let mut remaining: Vec<usize> = (0..security.len()).collect();
    let mut order = Vec::with_capacity(security.len());
    while !remaining.is_empty() {
        // The first remaining command is always free to go next.
        let mut best = 0;
        for (pos, &i) in remaining.iter().enumerate().skip(1) {
            let earlier = remaining.get(..pos).unwrap_or_default();
            let free = earlier.iter().all(|&q| commutes(q, i));
            let beats = remaining
                .get(best)
                .is_some_and(|&b| priority(i) > priority(b));
            if free && beats {
                best = pos;
            }
        }
        order.push(remaining.remove(best));
    }
    let moved = order.iter().enumerate().filter(|(at, i)| at != *i).count();
    let out = order
        .into_iter()
        .filter_map(|i| security.get(i).cloned())
        .collect();
    (out, moved)
}

fn reorder_changes_nothing(
    engine: &mut dyn Engine,
    generated: &GenWorld,
    priorities: &[u8],
) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let (security, moved) = reordered(&generated.security, priorities);
    if moved == 0 {
        return Ok(());
    }
    let edited = GenWorld {
        security,
        ..generated.clone()
    };
    let after_world = edited
        .direct_world()
        .map_err(|e| format!("{e}\n{}", shown(&edited)))?;
    let who = principals(generated);
    let queries = queries(generated)?;
    let before = observe(engine, &world, &who, &queries)?;
    let after = observe(engine, &after_world, &who, &queries)?;
    same_observation(&before, &after, &|r| r.clone()).map_err(|e| {
        format!(
            "{e}\nbefore:\n{}\nafter:\n{}",
            shown(generated),
            shown(&edited)
        )
    })
}

// ---------------------------------------------------------------------------
// Property 7: the administrator sees a superset.

/// The administrator sees every node and relationship (U6), and every
/// user's visibility and `MATCH (n) RETURN n` rows are within the
/// administrator's: same ids or fewer, each node with the same labels (N4)
/// and a subset of its properties with the same values (V1).
fn admin_superset(engine: &mut dyn Engine, generated: &GenWorld) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let fail = |what: String| format!("{what}\n{}", shown(generated));
    let admin = visibility(engine, &world, &Principal::Admin)?
        .map_err(|e| fail(format!("the administrator failed: {e}")))?;
    if admin.nodes.len() != world.graph.nodes.len() as u64
        || admin.relationships.len() != world.graph.relationships.len() as u64
    {
        return Err(fail(format!(
            "the administrator sees {} of {} nodes, {} of {} relationships",
            admin.nodes.len(),
            world.graph.nodes.len(),
            admin.relationships.len(),
            world.graph.relationships.len()
        )));
    }
    let everything = match_all()?;
    let admin_rows = answer(engine, &world, &Principal::Admin, &everything)?
        .map_err(|e| fail(format!("MATCH (n) RETURN n as the administrator: {e}")))?;
    let admin_nodes: BTreeMap<u64, &NodeValue> = matched_ids(&admin_rows).into_iter().collect();
    for user in generated.users() {
        let who = Principal::Native(user.clone());
        let Ok(mine) = visibility(engine, &world, &who)? else {
            continue;
        };
        if let Some(d) = not_contained(&mine, &admin) {
            return Err(fail(format!(
                "{user} sees more than the administrator:\n{d}"
            )));
        }
        let Ok(rows) = answer(engine, &world, &who, &everything)? else {
            return Err(fail(format!("{user}: MATCH (n) RETURN n failed")));
        };
        for (id, node) in matched_ids(&rows) {
            let Some(theirs) = admin_nodes.get(&id) else {
                return Err(fail(format!(
                    "{user} matches node {id}, the administrator does not"
                )));
            };
            let mut mine_labels = node.labels.clone();
            let mut admin_labels = theirs.labels.clone();
            mine_labels.sort();
            admin_labels.sort();
            let properties_within = node.properties.iter().all(|(k, v)| {
                theirs
                    .properties
                    .get(k)
                    .is_some_and(|w| model::rows::same_value(v, w))
            });
            if mine_labels != admin_labels || !properties_within {
                return Err(fail(format!(
                    "node {id}: {user} sees {node:?}, the administrator {theirs:?}"
                )));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The property tests.

/// A label of the pool (or the unregistered one) to rename.
fn any_label() -> impl Strategy<Value = String> {
    let mut names: Vec<&str> = LABELS.to_vec();
    names.push(UNKNOWN_LABEL);
    prop::sample::select(names).prop_map(str::to_string)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        // A failing world is ~1 KB of bytes: proptest's automatic shrink
        // limit (4 x cases) stops long before the world is small.
        max_shrink_iters: 50_000,
        ..ProptestConfig::with_cases(fuzz_cases(cases))
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn a_grant_never_hides_anything(generated in strategy(), change in change()) {
        on_each_engine(|e| monotone(e, &generated, &change, PrivilegeVerb::Grant))?;
    }

    #[test]
    fn a_deny_never_reveals_anything(generated in strategy(), change in change()) {
        on_each_engine(|e| monotone(e, &generated, &change, PrivilegeVerb::Deny))?;
    }

    #[test]
    fn revoking_what_was_just_added_restores_everything(
        generated in strategy(),
        change in change(),
    ) {
        on_each_engine(|e| revoke_restores(e, &generated, &change))?;
    }

    #[test]
    fn renaming_a_label_changes_nothing_but_its_name(
        generated in strategy(),
        label in any_label(),
    ) {
        on_each_engine(|e| rename_changes_nothing(e, &generated, &label))?;
    }

    #[test]
    fn a_node_without_labels_is_seen_only_when_granted(generated in strategy()) {
        on_each_engine(|e| bare_node(e, &generated))?;
    }

    #[test]
    fn commuting_security_commands_commute(
        generated in strategy(),
        priorities in prop::collection::vec(any::<u8>(), 1..40),
    ) {
        on_each_engine(|e| reorder_changes_nothing(e, &generated, &priorities))?;
    }

    #[test]
    fn the_administrator_sees_a_superset_of_every_user(generated in strategy()) {
        on_each_engine(|e| admin_superset(e, &generated))?;
    }
}

// ---------------------------------------------------------------------------
// The test's own helpers, on hand-made cases with answers from the spec.

fn privilege_on(segment: Segment, action: Action, properties: PropertySet) -> Privilege {
    Privilege {
        access: Access::Granted,
        action,
        properties,
        graph: GraphScope::All,
        segment,
    }
}

#[test]
fn commuting_is_judged_by_role_verb_and_privilege() {
    let match_all_nodes = privilege_on(Segment::Nodes(None), Action::Match, PropertySet::All);
    let traverse_a = privilege_on(
        Segment::Nodes(Some("A".into())),
        Action::Traverse,
        PropertySet::None,
    );
    let cmd = |verb, p: &Privilege, role: &str| privilege_command(verb, p, role);
    let g = PrivilegeVerb::Grant;
    let d = PrivilegeVerb::Deny;
    let r = PrivilegeVerb::Revoke;
    assert!(commute(
        &cmd(g, &match_all_nodes, "r0"),
        &cmd(g, &traverse_a, "r0")
    ));
    assert!(commute(
        &cmd(r, &match_all_nodes, "r0"),
        &cmd(g, &match_all_nodes, "r1")
    ));
    assert!(commute(
        &cmd(g, &match_all_nodes, "r0"),
        &cmd(d, &traverse_a, "r0")
    ));
    // GRANT vs DENY of the same thing, and REVOKE on the same role: no.
    assert!(!commute(
        &cmd(g, &traverse_a, "r0"),
        &cmd(d, &traverse_a, "r0")
    ));
    assert!(!commute(
        &cmd(g, &traverse_a, "r0"),
        &cmd(r, &match_all_nodes, "r0")
    ));
    assert!(!commute(
        &SecurityCommand::CreateRole("r0".into()),
        &cmd(g, &traverse_a, "r0")
    ));
    let grant_role = SecurityCommand::GrantRole {
        role: "r0".into(),
        user: "u0".into(),
    };
    assert!(commute(&grant_role, &cmd(d, &traverse_a, "r0")));
    let security = vec![
        SecurityCommand::CreateRole("r0".into()),
        cmd(g, &traverse_a, "r0"),
        cmd(r, &traverse_a, "r0"),
        cmd(g, &match_all_nodes, "r1"),
    ];
    // The role's creation stays first (nothing commutes with it), the
    // revoke stays after the grant on r0; the grant on r1 (highest
    // priority) moves before both.
    let (out, moved) = reordered(&security, &[0, 0, 0, 9]);
    let expected: Vec<SecurityCommand> = [0, 3, 1, 2]
        .iter()
        .filter_map(|&i| security.get(i).cloned())
        .collect();
    assert_eq!(out, expected);
    assert_eq!(moved, 3);
    // A revoke never moves before the grant it follows on the same role.
    let (out, _) = reordered(&security, &[0, 0, 9, 0]);
    assert_eq!(out, security);
}

#[test]
fn a_bare_node_is_granted_by_nodes_star_or_a_label_less_rule() {
    let rule = |predicate, negated, key: &str| PropertyRule {
        var: "n".into(),
        key: key.into(),
        predicate,
        negated,
        map_form: false,
    };
    assert!(true_without_properties(&rule(
        RulePredicate::IsNull,
        false,
        "k"
    )));
    assert!(true_without_properties(&rule(
        RulePredicate::IsNotNull,
        true,
        "k"
    )));
    assert!(!true_without_properties(&rule(
        RulePredicate::IsNull,
        true,
        "k"
    )));
    assert!(!true_without_properties(&rule(
        RulePredicate::Compare(RuleOp::NotEqual, Value::Integer(1)),
        true,
        "k"
    )));

    // One node storing k (so k is a token), the bare node, user u0 with r0.
    let generated = |commands: Vec<SecurityCommand>| {
        let mut security = vec![
            SecurityCommand::CreateRole("r0".into()),
            SecurityCommand::CreateUser("u0".into()),
            SecurityCommand::GrantRole {
                role: "r0".into(),
                user: "u0".into(),
            },
        ];
        security.extend(commands);
        GenWorld {
            nodes: vec![
                GenNode {
                    labels: vec!["A".into()],
                    properties: vec![("k".into(), Value::Integer(1))],
                },
                GenNode {
                    labels: Vec::new(),
                    properties: Vec::new(),
                },
            ],
            relationships: Vec::new(),
            indexes: Vec::new(),
            security,
            blacklist: None,
            queries: GenWorld::from_bytes(&[]).queries,
        }
    };
    let sees = |commands: Vec<SecurityCommand>| {
        generated(commands)
            .direct_world()
            .map(|w| sees_bare_node(&w, "u0"))
    };
    let g = PrivilegeVerb::Grant;
    let d = PrivilegeVerb::Deny;
    let nodes_star = privilege_on(Segment::Nodes(None), Action::Traverse, PropertySet::None);
    let on_a = privilege_on(
        Segment::Nodes(Some("A".into())),
        Action::Match,
        PropertySet::All,
    );
    let is_null = |key: &str| {
        privilege_on(
            Segment::NodeRule {
                label: None,
                rule: rule(RulePredicate::IsNull, false, key),
            },
            Action::Match,
            PropertySet::Key("k".into()),
        )
    };
    let read_star = privilege_on(Segment::Nodes(None), Action::Read, PropertySet::All);
    let deny_match_k = privilege_on(
        Segment::Nodes(None),
        Action::Match,
        PropertySet::Key("k".into()),
    );
    let on_other_graph = Privilege {
        graph: GraphScope::Named(OTHER_GRAPH.into()),
        ..nodes_star.clone()
    };
    // Nothing is granted by default (P3).
    assert_eq!(sees(vec![]), Ok(false));
    assert_eq!(
        sees(vec![privilege_command(g, &nodes_star, "r0")]),
        Ok(true)
    );
    // To PUBLIC, which every user holds (U1).
    assert_eq!(
        sees(vec![privilege_command(g, &nodes_star, PUBLIC)]),
        Ok(true)
    );
    // A label grant does not reach a node without labels (N2).
    assert_eq!(sees(vec![privilege_command(g, &on_a, "r0")]), Ok(false));
    // READ alone does not make anything traversable (P1).
    assert_eq!(
        sees(vec![privilege_command(g, &read_star, "r0")]),
        Ok(false)
    );
    assert_eq!(
        sees(vec![privilege_command(g, &is_null("k"), "r0")]),
        Ok(true)
    );
    // P6: the rule's key z is not a token.
    assert_eq!(
        sees(vec![privilege_command(g, &is_null("z"), "r0")]),
        Ok(false)
    );
    // D4: another graph.
    assert_eq!(
        sees(vec![privilege_command(g, &on_other_graph, "r0")]),
        Ok(false)
    );
    // A label DENY does not hide it (N2); DENY MATCH {k} denies reading only (P4).
    let granted_then = |deny: &Privilege| {
        sees(vec![
            privilege_command(g, &nodes_star, "r0"),
            privilege_command(d, deny, "r0"),
        ])
    };
    assert_eq!(granted_then(&on_a), Ok(true));
    assert_eq!(granted_then(&deny_match_k), Ok(true));
    assert_eq!(granted_then(&nodes_star), Ok(false));
    assert_eq!(
        granted_then(&is_null("k")),
        Ok(true),
        "MATCH {{k}} deny reads only"
    );
    let deny_rule_traverse = Privilege {
        action: Action::Traverse,
        properties: PropertySet::None,
        ..is_null("k")
    };
    assert_eq!(granted_then(&deny_rule_traverse), Ok(false));
}

#[test]
fn renaming_reaches_every_place_a_label_is_named() {
    // A world from fixed bytes that names labels in nodes, commands and
    // queries: after renaming A, no A is left anywhere in its text.
    // The new name is blanked out first, since it starts with the old one.
    let needles = [":A", "|A", "NODE A", "createLabel('A')"];
    let mut named_before = 0;
    for case in 0..40 {
        let generated = GenWorld::from_seed(5, case);
        let original = generated.scenario_text();
        named_before += needles.iter().filter(|n| original.contains(*n)).count();
        let text = renamed(&generated, "A", "A_renamed")
            .scenario_text()
            .replace("A_renamed", "R");
        for needle in needles {
            assert!(!text.contains(needle), "case {case}: {needle} in\n{text}");
        }
    }
    assert!(
        named_before > 40,
        "the worlds hardly name A: {named_before}"
    );
    let list = Value::List(vec![
        Value::String("A_renamed".into()),
        Value::String("B".into()),
    ]);
    assert_eq!(
        rename_value(&list, "A_renamed", "A"),
        Value::List(vec![Value::String("A".into()), Value::String("B".into())])
    );
}

/// The edits must matter often enough, or the properties above hold
/// vacuously: over seeded worlds, count how often an added GRANT shows
/// more, a DENY hides something, a REVOKE case runs (the privilege was
/// absent), a reordering moves commands, and the bare node is seen or not.
#[test]
fn the_edits_change_what_users_see_often_enough() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let mut engine = reference::ReferenceEngine::default();
    let (mut grant_shows, mut deny_hides, mut revoke_runs, mut reorders) = (0, 0, 0, 0);
    let (mut bare_seen, mut bare_hidden) = (0, 0);
    let total = 200;
    for case in 0..total {
        let generated = GenWorld::from_seed(17, case);
        let Some(world) = built(&generated) else {
            continue;
        };
        let Ok(tree) = change().new_tree(&mut runner) else {
            continue;
        };
        let change = tree.current();
        let Some(user) = generated.users().first().cloned() else {
            continue;
        };
        let who = Principal::Native(user.clone());
        let Some(role) = held_role(&world, &user, change.role) else {
            continue;
        };
        let seen = |engine: &mut reference::ReferenceEngine, g: &GenWorld| {
            built(g).and_then(|w| visibility(engine, &w, &who).ok()?.ok())
        };
        let before = seen(&mut engine, &generated);
        for (verb, count) in [
            (PrivilegeVerb::Grant, &mut grant_shows),
            (PrivilegeVerb::Deny, &mut deny_hides),
        ] {
            let edited = with_commands(
                &generated,
                &[privilege_command(verb, &change.privilege, &role)],
            );
            if before.is_some() && seen(&mut engine, &edited) != before {
                *count += 1;
            }
        }
        let added = privilege_command(PrivilegeVerb::Grant, &change.privilege, &role);
        if let SecurityCommand::Privilege { privilege, .. } = &added
            && !revoke_would_touch(&world, &role, privilege, PrivilegeVerb::RevokeGrant)
        {
            revoke_runs += 1;
        }
        if reordered(&generated.security, &[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]).1 > 0 {
            reorders += 1;
        }
        if sees_bare_node(&world, &user) {
            bare_seen += 1;
        } else {
            bare_hidden += 1;
        }
    }
    println!(
        "of {total} worlds: grant shows more {grant_shows}, deny hides {deny_hides}, \
         revoke runs {revoke_runs}, reordered {reorders}, bare node seen {bare_seen}, hidden {bare_hidden}"
    );
    for (what, count, at_least) in [
        ("an added GRANT shows more", grant_shows, 10),
        ("an added DENY hides something", deny_hides, 10),
        ("the REVOKE case runs", revoke_runs, 100),
        ("commands are reordered", reorders, 60),
        ("the bare node is seen", bare_seen, 20),
        ("the bare node is hidden", bare_hidden, 20),
    ] {
        assert!(count >= at_least, "{what}: {count} of {total}");
    }
}
