//! The Cedar peer: the translation rendered as Cedar policy text, parsed
//! into a `PolicySet`, and one `Authorizer::is_authorized` per node.
//!
//! The shapes:
//!
//! - entities: `Node::"<id>"` with attribute `labels` (a Set of Strings);
//!   `User::"<name>"` whose parents are the `Role::"<r>"` it holds directly
//!   (PUBLIC first, U1); the administrator is `Administrator::"admin"`;
//! - actions: `Action::"traverse"` on a node, `Action::"access"` on
//!   `Database::"<name>"` (U5, decided once when the peer is built);
//! - a role's privilege: `permit` for a GRANT, `forbid` for a DENY (Cedar's
//!   forbid-overrides-permit is P3), scoped `principal in Role::"r"`, with
//!   `when { resource.labels.contains("L") }` for `NODES L` (N1) and no
//!   condition for `NODES *`;
//! - an auth rule's role's privilege (A3): the same policy with
//!   `principal` unscoped and the rule's condition conjoined in `when`,
//!   over `context.claims` (each claim as a one-field record naming its
//!   type, `{"string": "dept0"}`, so that a condition can test a claim's
//!   presence and type with `has` before reading it: Cedar has no null and
//!   no typeof) and `context.clock` (the transaction time's UTC fields).
//!
//! Conditions are rendered from `condition`'s total formulas, so no policy
//! errors while it is evaluated; a decision that reports one is a
//! translation bug and fails with [`PeerError::Decision`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityId, EntityTypeName, EntityUid,
    PolicySet, Request, RestrictedExpression,
};
use model::world::World;

use crate::Peer;
use crate::condition::{Atom, Formula, Kind, Scalar};
use crate::error::{PeerError, require_access};
use crate::translate::{Claim, Effect, Holder, Statement, Subject, Target, Translation};

const NAME: &str = "cedar";

fn build_error(message: impl ToString) -> PeerError {
    PeerError::Build {
        peer: NAME,
        message: message.to_string(),
    }
}

/// A Cedar string literal (Cedar unescapes Rust's escapes).
fn string(s: &str) -> String {
    format!("\"{}\"", s.escape_default())
}

fn uid(type_name: &str, id: &str) -> Result<EntityUid, PeerError> {
    let name = EntityTypeName::from_str(type_name).map_err(build_error)?;
    Ok(EntityUid::from_type_name_and_id(name, EntityId::new(id)))
}

/// The Cedar peer of one (world, principal, at).
pub struct CedarPeer {
    authorizer: Authorizer,
    policies: PolicySet,
    entities: Entities,
    principal: EntityUid,
    traverse: EntityUid,
    context: Context,
    /// Each node's id and entity uid, in id order.
    nodes: Vec<(u64, EntityUid)>,
}

impl CedarPeer {
    /// Renders and parses the policies, builds the entities and the
    /// request context, and makes the one ACCESS decision (U5).
    pub fn build(world: &World, translation: &Translation) -> Result<Self, PeerError> {
        let text = policy_text(&world.database, translation);
        let policies = PolicySet::from_str(&text)
            .map_err(|e| build_error(format!("the policies do not parse: {e:?}\n{text}")))?;

        let mut entities = Vec::with_capacity(world.graph.nodes.len() + 8);
        let mut nodes = Vec::with_capacity(world.graph.nodes.len());
        for node in &world.graph.nodes {
            let id = uid("Node", &node.id.to_string())?;
            let labels = RestrictedExpression::new_set(
                node.labels
                    .iter()
                    .map(|l| RestrictedExpression::new_string(l.clone())),
            );
            let attrs = HashMap::from([("labels".to_string(), labels)]);
            entities.push(Entity::new(id.clone(), attrs, HashSet::new()).map_err(build_error)?);
            nodes.push((node.id, id));
        }
        nodes.sort_by_key(|(id, _)| *id);
        let principal = match &translation.subject {
            Subject::Administrator => uid("Administrator", "admin")?,
            Subject::User { name, roles } => {
                let parents = roles
                    .iter()
                    .map(|r| uid("Role", r))
                    .collect::<Result<HashSet<_>, _>>()?;
                for parent in &parents {
                    entities.push(Entity::new_no_attrs(parent.clone(), HashSet::new()));
                }
                let user = uid("User", name)?;
                entities.push(Entity::new_no_attrs(user.clone(), parents));
                user
            }
        };
        let entities = Entities::from_entities(entities, None).map_err(build_error)?;
        let context = context(translation)?;
        let peer = CedarPeer {
            authorizer: Authorizer::new(),
            policies,
            entities,
            principal,
            traverse: uid("Action", "traverse")?,
            context,
            nodes,
        };
        // U5: without ACCESS every visibility fails.
        let database = uid("Database", &world.database)?;
        let access = peer.allowed(&uid("Action", "access")?, &database);
        require_access(NAME, access, translation.subject.name(), world)?;
        Ok(peer)
    }

    /// One Cedar decision; `Err` carries the library's message (an invalid
    /// request, or a policy that errored while evaluated).
    fn allowed(&self, action: &EntityUid, resource: &EntityUid) -> Result<bool, String> {
        let request = Request::new(
            self.principal.clone(),
            action.clone(),
            resource.clone(),
            self.context.clone(),
            None,
        )
        .map_err(|e| e.to_string())?;
        let response = self
            .authorizer
            .is_authorized(&request, &self.policies, &self.entities);
        if let Some(error) = response.diagnostics().errors().next() {
            return Err(error.to_string());
        }
        Ok(response.decision() == Decision::Allow)
    }
}

impl Peer for CedarPeer {
    fn name(&self) -> &'static str {
        NAME
    }

    fn visible_among(&self, positions: Range<u64>) -> Result<roaring::RoaringTreemap, PeerError> {
        crate::each_node(NAME, &self.nodes, positions, |resource| {
            self.allowed(&self.traverse, resource)
        })
    }

    fn decisions(&self) -> u64 {
        self.nodes.len() as u64
    }
}

/// The request context: the claims (typed, see the module comment) and the
/// clock.
fn context(translation: &Translation) -> Result<Context, PeerError> {
    let claims = translation
        .claims
        .iter()
        .map(|(name, claim)| {
            let field = match claim {
                Claim::String(_) => "string",
                Claim::Long(_) => "long",
                Claim::Bool(_) => "bool",
                Claim::List(_) => "list",
                Claim::Map(_) => "map",
            };
            let typed = RestrictedExpression::new_record([(field.to_string(), value(claim)?)])
                .map_err(build_error)?;
            Ok((name.clone(), typed))
        })
        .collect::<Result<Vec<_>, PeerError>>()?;
    let c = translation.clock;
    let clock = [
        ("year", c.year),
        ("month", c.month),
        ("day", c.day),
        ("hour", c.hour),
        ("minute", c.minute),
        ("second", c.second),
    ]
    .map(|(k, v)| (k.to_string(), RestrictedExpression::new_long(v)));
    Context::from_pairs([
        (
            "claims".to_string(),
            RestrictedExpression::new_record(claims).map_err(build_error)?,
        ),
        (
            "clock".to_string(),
            RestrictedExpression::new_record(clock).map_err(build_error)?,
        ),
    ])
    .map_err(build_error)
}

/// A claim's value as a Cedar value.
fn value(claim: &Claim) -> Result<RestrictedExpression, PeerError> {
    Ok(match claim {
        Claim::String(s) => RestrictedExpression::new_string(s.clone()),
        Claim::Long(i) => RestrictedExpression::new_long(*i),
        Claim::Bool(b) => RestrictedExpression::new_bool(*b),
        Claim::List(items) => {
            RestrictedExpression::new_set(items.iter().map(value).collect::<Result<Vec<_>, _>>()?)
        }
        Claim::Map(entries) => RestrictedExpression::new_record(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), value(v)?)))
                .collect::<Result<BTreeMap<_, _>, PeerError>>()?,
        )
        .map_err(build_error)?,
    })
}

/// The whole policy set as Cedar text, one policy per statement.
pub fn policy_text(database: &str, translation: &Translation) -> String {
    let mut text = String::new();
    for statement in translation.traverse.iter().chain(&translation.access) {
        policy(&mut text, database, statement);
    }
    text
}

fn policy(out: &mut String, database: &str, statement: &Statement) {
    let effect = match statement.effect {
        Effect::Allow => "permit",
        Effect::Deny => "forbid",
    };
    let principal = match &statement.holder {
        Holder::Role(role) => format!("principal in Role::{}", string(role)),
        Holder::Rule { .. } => "principal".to_string(),
        Holder::Administrator => "principal == Administrator::\"admin\"".to_string(),
    };
    let (action, resource, target_test) = match &statement.target {
        Target::AllNodes => ("traverse", "resource is Node".to_string(), None),
        Target::Label(label) => (
            "traverse",
            "resource is Node".to_string(),
            Some(format!("resource.labels.contains({})", string(label))),
        ),
        Target::Database => (
            "access",
            format!("resource == Database::{}", string(database)),
            None,
        ),
    };
    let condition = match &statement.holder {
        Holder::Rule { fulfilled, .. } => Some(formula(fulfilled)),
        _ => None,
    };
    let tests: Vec<String> = target_test.into_iter().chain(condition).collect();
    let _ = write!(
        out,
        "{effect}({principal}, action == Action::\"{action}\", {resource})"
    );
    if !tests.is_empty() {
        let _ = write!(out, " when {{ {} }}", tests.join(" && "));
    }
    out.push_str(";\n");
}

fn claim_ref(c: &str) -> String {
    format!("context.claims[{}]", string(c))
}

fn kind_field(k: Kind) -> &'static str {
    match k {
        Kind::String => "string",
        Kind::Long => "long",
        Kind::Bool => "bool",
        Kind::List => "list",
    }
}

fn present(c: &str) -> String {
    format!("context.claims has {}", string(c))
}

fn is(c: &str, k: Kind) -> String {
    format!(
        "({} && {} has \"{}\")",
        present(c),
        claim_ref(c),
        kind_field(k)
    )
}

fn typed(c: &str, k: Kind) -> String {
    format!("{}[\"{}\"]", claim_ref(c), kind_field(k))
}

fn literal(s: &Scalar) -> String {
    match s {
        Scalar::String(s) => string(s),
        Scalar::Long(i) => i.to_string(),
        Scalar::Bool(b) => b.to_string(),
    }
}

/// A total formula as a Cedar expression (every claim read after its
/// `has` tests, `&&` and `||` short-circuiting).
fn formula(f: &Formula) -> String {
    match f {
        Formula::Const(b) => b.to_string(),
        Formula::Not(inner) => format!("(!{})", formula(inner)),
        Formula::And(parts) => join(parts, " && "),
        Formula::Or(parts) => join(parts, " || "),
        Formula::Atom(a) => atom(a),
    }
}

fn join(parts: &[Formula], op: &str) -> String {
    format!(
        "({})",
        parts.iter().map(formula).collect::<Vec<_>>().join(op)
    )
}

fn atom(a: &Atom) -> String {
    match a {
        Atom::Present(c) => format!("({})", present(c)),
        Atom::Is(c, k) => is(c, *k),
        Atom::Equals(c, s) => format!(
            "({} && {} == {})",
            is(c, s.kind()),
            typed(c, s.kind()),
            literal(s)
        ),
        Atom::Compare(c, cmp, i) => format!(
            "({} && {} {} {i})",
            is(c, Kind::Long),
            typed(c, Kind::Long),
            cmp.text()
        ),
        Atom::OneOf(c, scalars) => {
            let mut by_kind: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
            for s in scalars {
                by_kind.entry(s.kind()).or_default().push(literal(s));
            }
            let parts: Vec<String> = by_kind
                .iter()
                .map(|(k, items)| {
                    format!(
                        "({} && [{}].contains({}))",
                        is(c, *k),
                        items.join(", "),
                        typed(c, *k)
                    )
                })
                .collect();
            format!("({})", parts.join(" || "))
        }
        Atom::Contains(c, s) => format!(
            "({} && {}.contains({}))",
            is(c, Kind::List),
            typed(c, Kind::List),
            literal(s)
        ),
        Atom::AllEqual(c, s) => format!(
            "({} && [{}].containsAll({}))",
            is(c, Kind::List),
            literal(s),
            typed(c, Kind::List)
        ),
        Atom::IsTrue(c) => format!("({} && {})", is(c, Kind::Bool), typed(c, Kind::Bool)),
        Atom::Clock(field, cmp, i) => {
            format!("(context.clock.{} {} {i})", field.name(), cmp.text())
        }
    }
}
