//! Metamorphic properties on generated worlds (issue 5, point 3): each
//! property relates an engine's answers on a world to its answers on an
//! edited copy of that world, or to what the world stores, so it needs no
//! oracle and never compares the engines with each other. Every property
//! runs on the reference engine and, separately, on the optimized engine,
//! so a bug in either shows.
//!
//! The worlds come from the generators crate ([`strategy`]) and so do the
//! privileges the edits add ([`read_privilege_command`], drawn from bytes
//! proptest shrinks with the world): the test has no generator of its own.
//! Edits are data-level edits of the [`GenWorld`] (a command appended or
//! moved, a node added, a label renamed), built with
//! [`GenWorld::direct_world`]; a failing case therefore prints the edited
//! world (for a reordering, both) as a scenario file, ready for
//! corpora/regressions/. Each world a property observes is loaded once per
//! engine and then asked everything, for every principal.
//!
//! 1. GRANT never hides; 2. DENY never reveals (P3); 3. REVOKE of a
//!    privilege just added restores everything; 4. renaming a label changes
//!    nothing but the name; 5. a node with no labels is seen exactly when
//!    the catalog grants it; 6. commuting security commands commute; 7. the
//!    administrator sees a superset of every user; 8. what a user sees is
//!    stored: visible relationships have visible end nodes, shown labels and
//!    properties are the stored ones (V1, R2, N4); 9. `DENY MATCH {*}` on
//!    every node hides everything, `DENY READ {*}` everywhere every property
//!    (P4); 10. the reference's explanation (`reference::explain`) says what
//!    the reference engine shows.
//!
//! `POLYGRAPH_FUZZ_CASES` overrides every property's case count.

use std::collections::BTreeMap;
use std::sync::Arc;

use arbitrary::Unstructured;
use proptest::prelude::*;

use generators::{
    Condition, GenNode, GenQuery, GenWorld, Hop, LABELS, OTHER_GRAPH, PRIVILEGE_COMMAND_BYTES,
    Predicate, QueryForm, SecurityCommand, SplitMix64, Test, UNKNOWN_LABEL, identical,
    read_privilege_command,
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
use model::graph::{Node, Relationship, TokenKind};
use model::rows::{QueryResult, compare_results_named};
use model::scenario::DEFAULT_AT;
use model::value::{NodeValue, PathValue, RelValue, Value};
use model::world::World;
use reference::explain::{ExplainTarget, explain};

// ---------------------------------------------------------------------------
// Running a world on one engine.

/// Fresh engines for one case: the reference and the optimized one. The
/// same instance sees the world before and after the edit, so whatever an
/// engine keeps from one `load` to the next is part of what is checked.
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
        limits: model::limits::Limits::default(),
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

fn read_query(text: &str) -> Result<Query, String> {
    match parse_statement(text) {
        Ok(Statement::Read(q)) => Ok(q),
        other => Err(format!("{text}: {other:?}")),
    }
}

/// An engine with one world loaded: every request until the engine is
/// loaded again runs against that world. A property loads each world it
/// observes once and asks it everything, for every principal, as a
/// scenario run does, so an engine's per-world work (the optimized
/// engine's columns and compiled policies) is reused, not redone per request.
struct Loaded<'e> {
    engine: &'e mut dyn Engine,
}

/// `engine` with `world` loaded; a load error (a world the engine cannot
/// represent) fails the check.
fn loaded<'e>(engine: &'e mut dyn Engine, world: &World) -> Result<Loaded<'e>, String> {
    engine
        .load(Arc::new(world.clone()))
        .map_err(|e| e.message())?;
    Ok(Loaded { engine })
}

impl Loaded<'_> {
    /// The visibility of `who`; an access error (U5) as its message.
    fn visibility(&mut self, who: &Principal) -> Result<Result<Visibility, String>, String> {
        let tx = transaction(who)?;
        Ok(self.engine.visibility(&tx).map_err(|e| e.message()))
    }

    /// `query`'s answer as `who`; an error as its message.
    fn answer(
        &mut self,
        who: &Principal,
        query: &Query,
    ) -> Result<Result<QueryResult, String>, String> {
        let tx = transaction(who)?;
        Ok(self.engine.query(&tx, query).map_err(|e| e.message()))
    }

    /// [`Seen`] for `who`; an access error (U5) as its message. A query
    /// that fails although the user has access is an error of the check.
    fn seen(&mut self, who: &Principal) -> Result<Result<Seen, String>, String> {
        let visibility = match self.visibility(who)? {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        };
        let mut nodes = BTreeMap::new();
        let mut relationships = BTreeMap::new();
        for text in ["MATCH (n) RETURN n", "MATCH ()-[r]->() RETURN r"] {
            let query = read_query(text)?;
            let result = self
                .answer(who, &query)?
                .map_err(|e| format!("`{text}` as {who:?}: {e}"))?;
            for row in &result.rows {
                match row.first() {
                    Some(Value::Node(n)) => {
                        nodes.insert(n.id, n.as_ref().clone());
                    }
                    Some(Value::Relationship(r)) => {
                        relationships.insert(r.id, r.as_ref().clone());
                    }
                    other => return Err(format!("`{text}` as {who:?} returned {other:?}")),
                }
            }
        }
        Ok(Ok(Seen {
            visibility,
            nodes,
            relationships,
        }))
    }
}

/// Everything an engine answers on a world: each principal's visibility,
/// and each query's answer as each principal.
struct Observation {
    visibility: Vec<(Principal, Result<Visibility, String>)>,
    answers: Vec<(String, Principal, Result<QueryResult, String>)>,
}

/// Loads `world` once and asks it everything.
fn observe(
    engine: &mut dyn Engine,
    world: &World,
    who: &[Principal],
    queries: &[(String, Query)],
) -> Result<Observation, String> {
    let mut session = loaded(engine, world)?;
    let mut visibilities = Vec::new();
    let mut answers = Vec::new();
    for p in who {
        visibilities.push((p.clone(), session.visibility(p)?));
        for (text, query) in queries {
            answers.push((text.clone(), p.clone(), session.answer(p, query)?));
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
            lines.push(format!("{what}: {}", ids(&extra)));
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
/// `MATCH (n) RETURN n` and `MATCH ()-[r]->() RETURN r` return, so that the
/// query path is checked as well as the visibility.
struct Seen {
    visibility: Visibility,
    /// The returned nodes, by id.
    nodes: BTreeMap<u64, NodeValue>,
    /// The returned relationships, by id.
    relationships: BTreeMap<u64, RelValue>,
}

/// [`not_contained`] for both halves of [`Seen`]: the visibility, and each
/// returned element with its shown keys.
fn seen_not_contained(small: &Seen, big: &Seen) -> Option<String> {
    let mut lines: Vec<String> = not_contained(&small.visibility, &big.visibility)
        .into_iter()
        .collect();
    let mut within = |what: String, keys: Vec<&String>, other: Option<Vec<&String>>| match other {
        None => lines.push(format!("returned {what}")),
        Some(other) if !keys.iter().all(|k| other.contains(k)) => {
            lines.push(format!("{what} shows keys {keys:?}, the other {other:?}"))
        }
        Some(_) => {}
    };
    for (id, n) in &small.nodes {
        let other = big.nodes.get(id).map(|b| b.properties.keys().collect());
        within(format!("node {id}"), n.properties.keys().collect(), other);
    }
    for (id, r) in &small.relationships {
        let other = big
            .relationships
            .get(id)
            .map(|b| b.properties.keys().collect());
        within(
            format!("relationship {id}"),
            r.properties.keys().collect(),
            other,
        );
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

// ---------------------------------------------------------------------------
// The privileges the properties add.

/// The bytes [`read_privilege_command`] draws an edit's privilege from:
/// shrinking them shrinks the edit towards `GRANT TRAVERSE ON GRAPH * NODE A`
/// to PUBLIC.
fn change() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=PRIVILEGE_COMMAND_BYTES)
}

/// The command `change` draws for one of `user`'s roles in `world` ([`roles_of`]):
/// its verb (GRANT or DENY), privilege and role. The same bytes give every
/// user the same privilege and verb.
fn drawn(change: &[u8], world: &World, user: &str) -> Option<(PrivilegeVerb, Privilege, String)> {
    let roles = roles_of(world, user);
    match read_privilege_command(&mut Unstructured::new(change), &roles)? {
        SecurityCommand::Privilege {
            verb,
            privilege,
            role,
        } => Some((verb, privilege, role)),
        _ => None,
    }
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
/// Generated worlds without their OIDC part: these properties are about
/// native users, and an added DENY on a role granted to an auth rule is
/// refused (A4), which would make the edit fail, not the property.
fn strategy() -> impl Strategy<Value = GenWorld> {
    generators::strategy().prop_map(|mut world| {
        world.abac = None;
        world
    })
}

fn built(generated: &GenWorld) -> Option<World> {
    generated.direct_world().ok()
}

// ---------------------------------------------------------------------------
// Properties 1 and 2: GRANT never hides, DENY never reveals.

/// Adds the privilege `change` draws with `verb` (GRANT or DENY) to one
/// role of each user in turn; what every user sees after ([`Seen`]:
/// visibility and the elements `MATCH` returns with their keys) must
/// contain (GRANT) or be contained in (DENY) what they saw before, and
/// access must not change.
fn monotone(
    engine: &mut dyn Engine,
    generated: &GenWorld,
    change: &[u8],
    verb: PrivilegeVerb,
) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let users = generated.users();
    let who: Vec<Principal> = users.iter().cloned().map(Principal::Native).collect();
    let mut session = loaded(engine, &world)?;
    let mut before = Vec::new();
    for p in &who {
        before.push(session.seen(p)?);
    }
    for user in &users {
        let Some((_, privilege, role)) = drawn(change, &world, user) else {
            continue;
        };
        let command = privilege_command(verb, &privilege, &role);
        let edited = with_commands(generated, std::slice::from_ref(&command));
        let after_world = edited
            .direct_world()
            .map_err(|e| format!("`{}` failed: {e}", command.text()))?;
        let mut session = loaded(engine, &after_world)?;
        for (p, old) in who.iter().zip(&before) {
            let new = session.seen(p)?;
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

/// For each user: GRANT (or DENY, as `change` draws it) the privilege
/// `change` draws to one of their roles, then REVOKE it (REVOKE GRANT/DENY,
/// or plain REVOKE when `plain_revoke`). Only a privilege the role does not
/// store already is added: otherwise the REVOKE would also remove the
/// earlier one (P5), which is not what this property is about; such users
/// are skipped. The catalog and every answer must be those of the world
/// without the two commands.
fn revoke_restores(
    engine: &mut dyn Engine,
    generated: &GenWorld,
    change: &[u8],
    plain_revoke: bool,
) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let who = principals(generated);
    let queries = queries(generated)?;
    let before = observe(engine, &world, &who, &queries)?;
    for user in generated.users() {
        let Some((verb, privilege, role)) = drawn(change, &world, &user) else {
            continue;
        };
        let (add, remove) = if verb == PrivilegeVerb::Deny {
            (PrivilegeVerb::Deny, PrivilegeVerb::RevokeDeny)
        } else {
            (PrivilegeVerb::Grant, PrivilegeVerb::RevokeGrant)
        };
        let remove = if plain_revoke {
            PrivilegeVerb::Revoke
        } else {
            remove
        };
        let added = privilege_command(add, &privilege, &role);
        let SecurityCommand::Privilege {
            privilege: stored, ..
        } = &added
        else {
            continue;
        };
        if revoke_would_touch(&world, &role, stored, remove) {
            continue;
        }
        let revoked = privilege_command(remove, &privilege, &role);
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
    let users = generated.users();
    let mut session = loaded(engine, &world)?;
    let mut before = Vec::new();
    for user in &users {
        before.push(session.visibility(&Principal::Native(user.clone()))?);
    }
    let everything = match_all()?;
    let mut session = loaded(engine, &after_world)?;
    for (user, old) in users.iter().zip(before) {
        let who = Principal::Native(user.clone());
        let new = session.visibility(&who)?;
        let (old, mut new) = match (old, new) {
            (Ok(o), Ok(n)) => (o, n),
            (Err(_), Err(_)) => continue,
            (o, n) => return Err(format!("{user}: access changed: before {o:?}, after {n:?}")),
        };
        let expected = sees_bare_node(&after_world, user);
        let fail = |what: String| format!("{user}, new node {id}: {what}\n{}", shown(&edited));
        if new.nodes.contains(id) != expected {
            return Err(fail(format!(
                "traversable {}, the catalog says {expected}",
                new.nodes.contains(id)
            )));
        }
        let rows = session
            .answer(&who, &everything)?
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
    let mut session = loaded(engine, &world)?;
    let admin = session
        .visibility(&Principal::Admin)?
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
    let admin_rows = session
        .answer(&Principal::Admin, &everything)?
        .map_err(|e| fail(format!("MATCH (n) RETURN n as the administrator: {e}")))?;
    let admin_nodes: BTreeMap<u64, &NodeValue> = matched_ids(&admin_rows).into_iter().collect();
    for user in generated.users() {
        let who = Principal::Native(user.clone());
        let Ok(mine) = session.visibility(&who)? else {
            continue;
        };
        if let Some(d) = not_contained(&mine, &admin) {
            return Err(fail(format!(
                "{user} sees more than the administrator:\n{d}"
            )));
        }
        let Ok(rows) = session.answer(&who, &everything)? else {
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
// Property 8: what a user sees is stored (V1, R2, N4).

/// For every principal with access, [`unstored`] finds nothing.
fn seen_is_stored(engine: &mut dyn Engine, generated: &GenWorld) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let mut session = loaded(engine, &world)?;
    for who in principals(generated) {
        let Ok(seen) = session.seen(&who)? else {
            continue;
        };
        if let Some(problem) = unstored(&world, &seen) {
            return Err(format!("{who:?}: {problem}\n{}", shown(generated)));
        }
    }
    Ok(())
}

/// `None` when everything `seen` shows is in `world` as stored; otherwise
/// what is not. The visibility: visible nodes and relationships are stored,
/// a visible relationship's start and end nodes are visible (R2), a key is
/// readable only on visible elements that store it. The queries: `MATCH
/// (n) RETURN n` and `MATCH ()-[r]->() RETURN r` return exactly the visible
/// elements (V1), each node with all its stored labels in registry order
/// (N4), each relationship with its stored type and ends, and each element
/// with exactly its readable keys, every value identical to the stored one.
fn unstored(world: &World, seen: &Seen) -> Option<String> {
    let nodes: BTreeMap<u64, &Node> = world.graph.nodes.iter().map(|n| (n.id, n)).collect();
    let rels: BTreeMap<u64, &Relationship> = world
        .graph
        .relationships
        .iter()
        .map(|r| (r.id, r))
        .collect();
    let v = &seen.visibility;
    let mut problems = Vec::new();
    for id in &v.nodes {
        if !nodes.contains_key(&id) {
            problems.push(format!("node {id} is visible but not stored"));
        }
    }
    for id in &v.relationships {
        match rels.get(&id) {
            None => problems.push(format!("relationship {id} is visible but not stored")),
            Some(r) if !v.nodes.contains(r.start) || !v.nodes.contains(r.end) => {
                problems.push(format!(
                    "relationship {id} ({})->({}) is visible, an end node is not (R2)",
                    r.start, r.end
                ))
            }
            Some(_) => {}
        }
    }
    for (key, ids) in &v.node_keys {
        for id in ids {
            let stores = nodes
                .get(&id)
                .is_some_and(|n| n.properties.contains_key(key));
            if !stores || !v.nodes.contains(id) {
                problems.push(format!(
                    "node key {key} readable on node {id}, hidden or not storing it"
                ));
            }
        }
    }
    for (key, ids) in &v.relationship_keys {
        for id in ids {
            let stores = rels
                .get(&id)
                .is_some_and(|r| r.properties.contains_key(key));
            if !stores || !v.relationships.contains(id) {
                problems.push(format!(
                    "relationship key {key} readable on relationship {id}, hidden or not storing it"
                ));
            }
        }
    }
    let returned_nodes: IdSet = seen.nodes.keys().copied().collect();
    if returned_nodes != v.nodes {
        problems.push(format!(
            "MATCH (n) RETURN n returns nodes {}, the visibility holds {}",
            ids(&returned_nodes),
            ids(&v.nodes)
        ));
    }
    let returned_rels: IdSet = seen.relationships.keys().copied().collect();
    if returned_rels != v.relationships {
        problems.push(format!(
            "MATCH ()-[r]->() RETURN r returns relationships {}, the visibility holds {}",
            ids(&returned_rels),
            ids(&v.relationships)
        ));
    }
    for (id, n) in &seen.nodes {
        let Some(stored) = nodes.get(id) else {
            continue;
        };
        let mut labels = stored.labels.clone();
        labels.sort_by_key(|l| {
            world
                .graph
                .tokens
                .position(TokenKind::Label, l)
                .unwrap_or(usize::MAX)
        });
        if n.labels != labels {
            problems.push(format!(
                "node {id} shows labels {:?}, stores {labels:?} (N4)",
                n.labels
            ));
        }
        problems.extend(unstored_properties(
            &format!("node {id}"),
            &n.properties,
            &stored.properties,
            &v.keys_of_node(*id),
        ));
    }
    for (id, r) in &seen.relationships {
        let Some(stored) = rels.get(id) else {
            continue;
        };
        if (&r.rel_type, r.start, r.end) != (&stored.rel_type, stored.start, stored.end) {
            problems.push(format!(
                "relationship {id} shows :{} ({})->({}), stores :{} ({})->({})",
                r.rel_type, r.start, r.end, stored.rel_type, stored.start, stored.end
            ));
        }
        problems.extend(unstored_properties(
            &format!("relationship {id}"),
            &r.properties,
            &stored.properties,
            &v.keys_of_relationship(*id),
        ));
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}

/// What an element (`what`) shows that it does not store with the same
/// value, and whether it shows exactly its `readable` keys.
fn unstored_properties(
    what: &str,
    shown: &BTreeMap<String, Value>,
    stored: &BTreeMap<String, Value>,
    readable: &[&str],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (key, value) in shown {
        match stored.get(key) {
            Some(s) if identical(s, value) => {}
            other => problems.push(format!("{what} shows {key} = {value:?}, stores {other:?}")),
        }
    }
    let keys: Vec<&str> = shown.keys().map(String::as_str).collect();
    if keys != readable {
        problems.push(format!(
            "{what} shows keys {keys:?}, its readable keys are {readable:?}"
        ));
    }
    problems
}

/// The ids of `set`, for messages.
fn ids(set: &IdSet) -> String {
    let ids: Vec<String> = set.iter().map(|id| id.to_string()).collect();
    format!("[{}]", ids.join(", "))
}

// ---------------------------------------------------------------------------
// Property 9: total denies hide everything (P4).

/// A DENY of `action` with `{*}` on `segment` in every graph.
fn deny_all(action: Action, segment: Segment) -> Privilege {
    Privilege {
        access: Access::Denied,
        action,
        properties: PropertySet::All,
        graph: GraphScope::All,
        segment,
    }
}

/// Counts that must be 0 when no node is traversable (V2): over all nodes,
/// each pool label (the optimized engine answers these from per-label
/// counts) and all relationships.
fn count_queries() -> Vec<String> {
    let mut out = vec!["MATCH (n) RETURN count(n)".to_string()];
    out.extend(
        LABELS
            .iter()
            .map(|l| format!("MATCH (n:{l}) RETURN count(*)")),
    );
    out.push("MATCH ()-[r]->() RETURN count(r)".to_string());
    out
}

/// Gives one role of each user (the `role`-th they hold, cycling) first
/// `DENY MATCH {*} ON GRAPH * NODES *`, then, in another copy of the world,
/// `DENY READ {*}` on `NODES *` and on `RELATIONSHIPS *`. A DENY from any
/// role wins (P3), so for every user with access: after the first, no node
/// is traversable (P4) and so no relationship is visible (R2), `MATCH`
/// returns nothing and every count is 0 (V2); after the second, no
/// property is readable, no element shows one, and `db.propertyKeys()`
/// lists none (V6).
fn total_denies_hide_everything(
    engine: &mut dyn Engine,
    generated: &GenWorld,
    role: usize,
) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let users = generated.users();
    let roles: Vec<String> = users
        .iter()
        .filter_map(|u| held_role(&world, u, role))
        .collect();
    let with_denies = |denies: &[Privilege]| {
        let commands: Vec<SecurityCommand> = roles
            .iter()
            .flat_map(|r| {
                denies
                    .iter()
                    .map(|p| privilege_command(PrivilegeVerb::Deny, p, r))
            })
            .collect();
        with_commands(generated, &commands)
    };
    let counts = count_queries()
        .iter()
        .map(|q| read_query(q).map(|query| (q.clone(), query)))
        .collect::<Result<Vec<_>, _>>()?;
    let keys = read_query("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey")?;

    let edited = with_denies(&[deny_all(Action::Match, Segment::Nodes(None))]);
    let after_world = edited
        .direct_world()
        .map_err(|e| format!("{e}\n{}", shown(&edited)))?;
    let mut session = loaded(engine, &after_world)?;
    for user in &users {
        let who = Principal::Native(user.clone());
        let fail = |what: String| {
            format!(
                "{user} after DENY MATCH {{*}} on NODES *: {what}\n{}",
                shown(&edited)
            )
        };
        let Ok(seen) = session.seen(&who)? else {
            continue;
        };
        if seen.visibility != Visibility::default() {
            let d = seen
                .visibility
                .difference("seen", &Visibility::default(), "nothing");
            return Err(fail(format!("still visible:\n{}", d.unwrap_or_default())));
        }
        if !seen.nodes.is_empty() || !seen.relationships.is_empty() {
            return Err(fail(format!(
                "MATCH returns nodes {:?}, relationships {:?}",
                seen.nodes.keys().collect::<Vec<_>>(),
                seen.relationships.keys().collect::<Vec<_>>()
            )));
        }
        for (text, query) in &counts {
            let rows = session
                .answer(&who, query)?
                .map_err(|e| fail(format!("`{text}` failed: {e}")))?
                .rows;
            if rows != vec![vec![Value::Integer(0)]] {
                return Err(fail(format!("`{text}` returns {rows:?}")));
            }
        }
    }

    let edited = with_denies(&[
        deny_all(Action::Read, Segment::Nodes(None)),
        deny_all(Action::Read, Segment::Relationships(None)),
    ]);
    let after_world = edited
        .direct_world()
        .map_err(|e| format!("{e}\n{}", shown(&edited)))?;
    let mut session = loaded(engine, &after_world)?;
    for user in &users {
        let who = Principal::Native(user.clone());
        let fail = |what: String| {
            format!(
                "{user} after DENY READ {{*}} on NODES * and RELATIONSHIPS *: {what}\n{}",
                shown(&edited)
            )
        };
        let Ok(seen) = session.seen(&who)? else {
            continue;
        };
        let v = &seen.visibility;
        if !v.node_keys.is_empty() || !v.relationship_keys.is_empty() {
            return Err(fail(format!(
                "readable node keys {:?}, relationship keys {:?}",
                v.node_keys.keys().collect::<Vec<_>>(),
                v.relationship_keys.keys().collect::<Vec<_>>()
            )));
        }
        let with_properties = seen
            .nodes
            .values()
            .map(|n| (format!("node {}", n.id), &n.properties))
            .chain(
                seen.relationships
                    .values()
                    .map(|r| (format!("relationship {}", r.id), &r.properties)),
            )
            .find(|(_, p)| !p.is_empty());
        if let Some((what, properties)) = with_properties {
            return Err(fail(format!("{what} shows {properties:?}")));
        }
        let listed = session
            .answer(&who, &keys)?
            .map_err(|e| fail(format!("db.propertyKeys() failed: {e}")))?
            .rows;
        if !listed.is_empty() {
            return Err(fail(format!("db.propertyKeys() lists {listed:?}")));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Property 10: the reference's explanation says what the reference shows.

/// An explanation (`reference::explain`, everything) read back as a
/// visibility: the nodes it calls traversable, the relationships it calls
/// visible, and the keys it calls readable on each.
fn explained_visibility(text: &str) -> Visibility {
    let mut v = Visibility::default();
    // The element whose lines follow: (is a node, id, shown).
    let mut current = None;
    for line in text.lines() {
        let body = line.trim_start();
        if body.len() == line.len() {
            current = element_heading(body);
            match current {
                Some((true, id, true)) => {
                    v.nodes.insert(id);
                }
                Some((false, id, true)) => {
                    v.relationships.insert(id);
                }
                _ => {}
            }
            continue;
        }
        let depth_one = line.len() - body.len() == 2;
        let readable = body
            .strip_prefix("property ")
            .and_then(|rest| rest.split_once(": "))
            .filter(|(_, state)| state.starts_with("readable"))
            .map(|(key, _)| key.to_string());
        if let (true, Some(key), Some((is_node, id, true))) = (depth_one, readable, current) {
            let by_key = if is_node {
                &mut v.node_keys
            } else {
                &mut v.relationship_keys
            };
            by_key.entry(key).or_default().insert(id);
        }
    }
    v
}

/// `(is a node, id, shown)` for an element's heading: `node 3 (:A):
/// traversable (N2)`, `relationship 0 :T (0)->(1): hidden (R2: ...)`, and
/// the administrator's `(U6)` forms.
fn element_heading(line: &str) -> Option<(bool, u64, bool)> {
    let (head, state) = line.split_once(": ")?;
    let mut words = head.split(' ');
    let kind = words.next()?;
    let id = words.next()?.parse().ok()?;
    match kind {
        "node" => Some((true, id, state.starts_with("traversable"))),
        "relationship" => Some((false, id, state.starts_with("visible"))),
        _ => None,
    }
}

/// The names an explanation says a procedure lists: the `name: listed`
/// lines under `heading`; `None` without that heading (the administrator,
/// a user without access).
fn explained_listing(text: &str, heading: &str) -> Option<Vec<String>> {
    let mut lines = text.lines().skip_while(|l| *l != heading);
    lines.next()?;
    let mut listed: Vec<String> = lines
        .take_while(|l| l.starts_with(' '))
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(": listed"))
        .filter(|name| !name.starts_with(' '))
        .map(str::to_string)
        .collect();
    listed.sort();
    Some(listed)
}

/// For every principal, on the reference engine only (the explanation is
/// its feature): the explanation read back ([`explained_visibility`])
/// equals the engine's visibility; the labels, types and keys it says
/// `db.labels()`, `db.relationshipTypes()` and `db.propertyKeys()` list are
/// what those procedures return (V4-V6); and it allows access (U5) exactly
/// when the engine does.
fn explanation_agrees(generated: &GenWorld) -> Result<(), String> {
    let Some(world) = built(generated) else {
        return Ok(());
    };
    let mut engine = reference::ReferenceEngine::default();
    let mut session = loaded(&mut engine, &world)?;
    let procedures = [
        (
            "db.labels() (V4)",
            "CALL db.labels() YIELD label RETURN label",
        ),
        (
            "db.relationshipTypes() (V5)",
            "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
        ),
        (
            "db.propertyKeys() (V6)",
            "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey",
        ),
    ];
    for who in principals(generated) {
        let text = explain(&world, &transaction(&who)?, ExplainTarget::Everything)
            .map_err(|e| format!("explaining for {who:?}: {}", e.message()))?;
        let fail = |what: String| format!("{who:?}: {what}\n{text}\n{}", shown(generated));
        let allowed = who == Principal::Admin
            || text
                .lines()
                .any(|l| l.starts_with("access to database") && l.ends_with(": allowed (U5)"));
        let visibility = match session.visibility(&who)? {
            Ok(v) => v,
            Err(e) if allowed => {
                return Err(fail(format!(
                    "the explanation allows access, the engine: {e}"
                )));
            }
            Err(_) => continue,
        };
        if !allowed {
            return Err(fail(
                "the explanation denies access, the engine allows it".into(),
            ));
        }
        if let Some(d) = explained_visibility(&text).difference("explained", &visibility, "engine")
        {
            return Err(fail(d));
        }
        for (heading, text_of_query) in procedures {
            let Some(listed) = explained_listing(&text, heading) else {
                continue;
            };
            let rows = session
                .answer(&who, &read_query(text_of_query)?)?
                .map_err(|e| fail(format!("`{text_of_query}` failed: {e}")))?
                .rows;
            let mut returned: Vec<String> = rows
                .iter()
                .filter_map(|row| match row.first() {
                    Some(Value::String(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            returned.sort();
            if returned != listed {
                return Err(fail(format!(
                    "{heading}: explained {listed:?}, returned {returned:?}"
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
        plain_revoke in any::<bool>(),
    ) {
        on_each_engine(|e| revoke_restores(e, &generated, &change, plain_revoke))?;
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

    #[test]
    fn what_users_see_is_stored_and_relationships_have_visible_ends(generated in strategy()) {
        on_each_engine(|e| seen_is_stored(e, &generated))?;
    }

    #[test]
    fn total_denies_hide_everything_they_name(generated in strategy(), role in 0usize..4) {
        on_each_engine(|e| total_denies_hide_everything(e, &generated, role))?;
    }

    #[test]
    fn the_explanation_says_what_the_reference_shows(generated in strategy()) {
        explanation_agrees(&generated).map_err(TestCaseError::fail)?;
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
            abac: None,
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
/// absent), a reordering moves commands, the bare node is seen or not, and
/// a user sees a relationship (R2 is checked) and reads a property (the
/// total READ deny hides something).
#[test]
fn the_edits_change_what_users_see_often_enough() {
    let mut engine = reference::ReferenceEngine::default();
    let (mut grant_shows, mut deny_hides, mut revoke_runs, mut reorders) = (0, 0, 0, 0);
    let (mut bare_seen, mut bare_hidden, mut sees_rel, mut reads_key) = (0, 0, 0, 0);
    let total = 200;
    for case in 0..total {
        let generated = GenWorld::from_seed(17, case);
        let Some(world) = built(&generated) else {
            continue;
        };
        let change = SplitMix64::new(case).bytes(PRIVILEGE_COMMAND_BYTES);
        let Some(user) = generated.users().first().cloned() else {
            continue;
        };
        let who = Principal::Native(user.clone());
        let Some((_, privilege, role)) = drawn(&change, &world, &user) else {
            continue;
        };
        let mut seen = |g: &GenWorld| {
            let w = built(g)?;
            loaded(&mut engine, &w).ok()?.visibility(&who).ok()?.ok()
        };
        let before = seen(&generated);
        for (verb, count) in [
            (PrivilegeVerb::Grant, &mut grant_shows),
            (PrivilegeVerb::Deny, &mut deny_hides),
        ] {
            let edited = with_commands(&generated, &[privilege_command(verb, &privilege, &role)]);
            if before.is_some() && seen(&edited) != before {
                *count += 1;
            }
        }
        if let Some(v) = &before {
            sees_rel += usize::from(!v.relationships.is_empty());
            reads_key += usize::from(!v.node_keys.is_empty() || !v.relationship_keys.is_empty());
        }
        let added = privilege_command(PrivilegeVerb::Grant, &privilege, &role);
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
         revoke runs {revoke_runs}, reordered {reorders}, bare node seen {bare_seen}, \
         hidden {bare_hidden}, a relationship seen {sees_rel}, a key read {reads_key}"
    );
    for (what, count, at_least) in [
        ("an added GRANT shows more", grant_shows, 10),
        ("an added DENY hides something", deny_hides, 10),
        ("the REVOKE case runs", revoke_runs, 100),
        ("commands are reordered", reorders, 60),
        ("the bare node is seen", bare_seen, 20),
        ("the bare node is hidden", bare_hidden, 20),
        ("a relationship is seen", sees_rel, 20),
        ("a key is read", reads_key, 20),
    ] {
        assert!(count >= at_least, "{what}: {count} of {total}");
    }
}
