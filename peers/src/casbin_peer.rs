//! The Casbin peer: the translation as policy lines under an
//! RBAC-with-deny model, and one `enforce` per node.
//!
//! The model ([`MODEL`]):
//!
//! - a request is `(sub, obj, act, env)`: the user, the node (`n:<id>`) or
//!   database (`db:<name>`), `traverse` or `access`, and a map holding the
//!   session's claims and the transaction clock (`env.claims`, `env.clock`);
//! - a policy line is `(sub, cond, obj, act, eft)`;
//! - the effect `some(where (p.eft == allow)) && !some(where (p.eft ==
//!   deny))` is P3;
//! - `g` links the user to the roles held directly (`u:<name>` →
//!   `r:<role>`, PUBLIC included, U1), `g2` each node to its labels
//!   (`n:<id>` → `l:<label>`) and to `*`; names are prefixed so that a
//!   user, a role, a node and a label never share a name in casbin's one
//!   role graph;
//! - the matcher: the action is the line's, the line's object is `*` (`NODES
//!   *`, the database) or a label the node carries (`g2`, N1), and either
//!   the line has no condition (`cond` is `-`) and the user holds its role
//!   (`g`), or the line comes from an auth rule and its condition, a rhai
//!   expression over `r.env`, holds (`eval`, casbin's ABAC form; A3).
//!
//! So a role's privilege is `p, r:<role>, -, l:<label>|*, traverse,
//! allow|deny`, an auth rule's is `p, rule:<name>, <condition>, ...`, and
//! the administrator's (U6) `p, admin:, -, *, traverse|access, allow` with
//! the request subject `admin:`. Conditions are rendered from
//! `condition`'s total formulas with rhai's `type_of` guarding every claim
//! read; string literals escape every character but letters, digits and
//! spaces, so casbin's rewriting of `r.`/`p.` prefixes inside `eval` never
//! reaches them.
//!
//! Casbin builds rhai with `only_i32`, `no_function` and `no_float`: its
//! integers are 32-bit, so an integer claim or literal outside that range
//! is a [`PeerError`] here (Cedar takes it), and without closures `all(x
//! IN claim WHERE x = v)` is written with `dedup` on a copy of the list.
//!
//! Casbin's constructors are async (its `runtime-tokio` feature); they are
//! driven by `pollster` here, once, and `enforce` is synchronous.
use std::ops::Range;

use casbin::rhai::{Dynamic, INT, Map};
use casbin::{CoreApi, DefaultModel, Enforcer, MemoryAdapter, MgmtApi};
use model::world::World;

use crate::Peer;
use crate::condition::{Atom, Formula, Kind, Scalar};
use crate::error::{PeerError, require_access};
use crate::translate::{Claim, Effect, Holder, Subject, Target, Translation};

const NAME: &str = "casbin";

/// The Casbin model: RBAC with deny, node→label groupings and per-line
/// ABAC conditions.
pub const MODEL: &str = r#"
[request_definition]
r = sub, obj, act, env

[policy_definition]
p = sub, cond, obj, act, eft

[role_definition]
g = _, _
g2 = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = r.act == p.act && (p.obj == "*" || g2(r.obj, p.obj)) && ((p.cond == "-" && g(r.sub, p.sub)) || (p.cond != "-" && eval(p.cond)))
"#;

/// The request subject of the administrator (U6).
const ADMINISTRATOR: &str = "admin:";

fn build_error(message: impl ToString) -> PeerError {
    PeerError::Build {
        peer: NAME,
        message: message.to_string(),
    }
}

/// The Casbin peer of one (world, principal, at).
pub struct CasbinPeer {
    enforcer: Enforcer,
    subject: Dynamic,
    traverse: Dynamic,
    env: Dynamic,
    /// Each node's id and request object, in id order.
    nodes: Vec<(u64, Dynamic)>,
}

impl CasbinPeer {
    /// Builds the enforcer (model, policy lines, groupings) and makes the
    /// one ACCESS decision (U5).
    pub fn build(world: &World, translation: &Translation) -> Result<Self, PeerError> {
        let model = pollster::block_on(DefaultModel::from_str(MODEL)).map_err(build_error)?;
        let mut enforcer = pollster::block_on(Enforcer::new(model, MemoryAdapter::default()))
            .map_err(build_error)?;
        enforcer.enable_auto_save(false);

        let policies = policy_lines(translation)?;
        if !policies.is_empty() {
            pollster::block_on(enforcer.add_policies(policies)).map_err(build_error)?;
        }

        let subject = match &translation.subject {
            Subject::Administrator => ADMINISTRATOR.to_string(),
            Subject::User { name, .. } => format!("u:{name}"),
        };
        let mut roles: Vec<Vec<String>> = match &translation.subject {
            // Registers the administrator in the role graph (casbin scans
            // the whole graph for a name it does not know).
            Subject::Administrator => vec![vec![subject.clone(), "u6:administrator".to_string()]],
            Subject::User { roles, .. } => roles
                .iter()
                .map(|r| vec![subject.clone(), format!("r:{r}")])
                .collect(),
        };
        roles.dedup();
        pollster::block_on(enforcer.add_grouping_policies(roles)).map_err(build_error)?;

        let mut groupings = Vec::with_capacity(world.graph.nodes.len() * 3);
        let mut nodes = Vec::with_capacity(world.graph.nodes.len());
        for node in &world.graph.nodes {
            let object = format!("n:{}", node.id);
            // Every node is in `*`, which also registers unlabelled nodes.
            groupings.push(vec![object.clone(), "*".to_string()]);
            for label in &node.labels {
                groupings.push(vec![object.clone(), format!("l:{label}")]);
            }
            nodes.push((node.id, Dynamic::from(object)));
        }
        nodes.sort_by_key(|(id, _)| *id);
        if !groupings.is_empty() {
            pollster::block_on(enforcer.add_named_grouping_policies("g2", groupings))
                .map_err(build_error)?;
        }

        let peer = CasbinPeer {
            enforcer,
            subject: Dynamic::from(subject),
            traverse: Dynamic::from("traverse".to_string()),
            env: env(translation)?,
            nodes,
        };
        // U5: without ACCESS every visibility fails.
        let database = Dynamic::from(format!("db:{}", world.database));
        let access = peer.allowed(&Dynamic::from("access".to_string()), &database);
        require_access(NAME, access, translation.subject.name(), world)?;
        Ok(peer)
    }

    /// One `enforce`; `Err` carries casbin's message.
    fn allowed(&self, act: &Dynamic, obj: &Dynamic) -> Result<bool, String> {
        self.enforcer
            .enforce(vec![
                self.subject.clone(),
                obj.clone(),
                act.clone(),
                self.env.clone(),
            ])
            .map_err(|e| e.to_string())
    }
}

impl Peer for CasbinPeer {
    fn name(&self) -> &'static str {
        NAME
    }

    fn visible_among(&self, positions: Range<u64>) -> Result<roaring::RoaringTreemap, PeerError> {
        crate::each_node(NAME, &self.nodes, positions, |object| {
            self.allowed(&self.traverse, object)
        })
    }

    fn decisions(&self) -> u64 {
        self.nodes.len() as u64
    }
}

/// The policy lines, one per statement (see the module comment), each
/// once: casbin refuses to add a line it holds, and two roles granted by
/// one rule with the same privilege make the same line.
pub fn policy_lines(translation: &Translation) -> Result<Vec<Vec<String>>, PeerError> {
    let mut seen = std::collections::HashSet::new();
    let mut lines = Vec::new();
    for s in translation.traverse.iter().chain(&translation.access) {
        let (sub, cond) = match &s.holder {
            Holder::Role(role) => (format!("r:{role}"), "-".to_string()),
            Holder::Rule {
                rule,
                condition,
                fulfilled,
                ..
            } => {
                let cond =
                    formula(fulfilled).map_err(|reason| PeerError::UntranslatableCondition {
                        rule: rule.clone(),
                        condition: condition.clone(),
                        reason: format!("in casbin: {reason}"),
                    })?;
                (format!("rule:{rule}"), cond)
            }
            Holder::Administrator => (ADMINISTRATOR.to_string(), "-".to_string()),
        };
        let (obj, act) = match &s.target {
            Target::AllNodes => ("*".to_string(), "traverse"),
            Target::Label(label) => (format!("l:{label}"), "traverse"),
            Target::Database => ("*".to_string(), "access"),
        };
        let eft = match s.effect {
            Effect::Allow => "allow",
            Effect::Deny => "deny",
        };
        let line = vec![sub, cond, obj, act.to_string(), eft.to_string()];
        if seen.insert(line.clone()) {
            lines.push(line);
        }
    }
    Ok(lines)
}

/// `r.env`: the claims and the clock as rhai maps.
fn env(translation: &Translation) -> Result<Dynamic, PeerError> {
    let mut claims = Map::new();
    for (name, claim) in &translation.claims {
        let value = value(claim).map_err(|reason| PeerError::UntranslatableClaim {
            claim: name.clone(),
            reason: format!("in casbin: {reason}"),
        })?;
        claims.insert(name.as_str().into(), value);
    }
    let c = translation.clock;
    let mut clock = Map::new();
    for (k, v) in [
        ("year", c.year),
        ("month", c.month),
        ("day", c.day),
        ("hour", c.hour),
        ("minute", c.minute),
        ("second", c.second),
    ] {
        clock.insert(k.into(), Dynamic::from(int(v).map_err(build_error)?));
    }
    let mut env = Map::new();
    env.insert("claims".into(), Dynamic::from_map(claims));
    env.insert("clock".into(), Dynamic::from_map(clock));
    Ok(Dynamic::from_map(env))
}

/// An integer as casbin's rhai holds it.
fn int(i: i64) -> Result<INT, String> {
    INT::try_from(i)
        .map_err(|_| format!("the integer {i} does not fit casbin's {INT_NAME} integers"))
}

/// What rhai's `type_of` calls an integer.
const INT_NAME: &str = if INT::BITS == 32 { "i32" } else { "i64" };

fn value(claim: &Claim) -> Result<Dynamic, String> {
    Ok(match claim {
        Claim::String(s) => Dynamic::from(s.clone()),
        Claim::Long(i) => Dynamic::from(int(*i)?),
        Claim::Bool(b) => Dynamic::from(*b),
        Claim::List(items) => {
            Dynamic::from_array(items.iter().map(value).collect::<Result<_, _>>()?)
        }
        Claim::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                map.insert(k.as_str().into(), value(v)?);
            }
            Dynamic::from_map(map)
        }
    })
}

/// A rhai string literal escaping everything but ASCII letters, digits and
/// spaces (`\u` with four hex digits, `\U` with eight).
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() || ch == ' ' {
            out.push(ch);
        } else if (ch as u32) <= 0xFFFF {
            out.push_str(&format!("\\u{:04X}", ch as u32));
        } else {
            out.push_str(&format!("\\U{:08X}", ch as u32));
        }
    }
    out.push('"');
    out
}

fn claim_ref(c: &str) -> String {
    format!("r_env.claims[{}]", string(c))
}

fn type_name(k: Kind) -> &'static str {
    match k {
        Kind::String => "string",
        Kind::Long => INT_NAME,
        Kind::Bool => "bool",
        Kind::List => "array",
    }
}

fn is(c: &str, k: Kind) -> String {
    format!("(type_of({}) == \"{}\")", claim_ref(c), type_name(k))
}

fn literal(s: &Scalar) -> Result<String, String> {
    Ok(match s {
        Scalar::String(s) => string(s),
        Scalar::Long(i) if *i < 0 => format!("({})", int(*i)?),
        Scalar::Long(i) => int(*i)?.to_string(),
        Scalar::Bool(b) => b.to_string(),
    })
}

/// `v == literal` for a value `v` of any type: compared only when `v` has
/// the literal's type (rhai compares values of different types as
/// unequal, but a typed comparison says so without relying on it).
fn equals(v: &str, s: &Scalar) -> Result<String, String> {
    Ok(format!(
        "(type_of({v}) == \"{}\" && {v} == {})",
        type_name(s.kind()),
        literal(s)?
    ))
}

/// A total formula as a rhai expression; `Err` names what casbin's rhai
/// cannot hold.
fn formula(f: &Formula) -> Result<String, String> {
    Ok(match f {
        Formula::Const(b) => b.to_string(),
        Formula::Not(inner) => format!("(!{})", formula(inner)?),
        Formula::And(parts) => join(parts, " && ")?,
        Formula::Or(parts) => join(parts, " || ")?,
        Formula::Atom(a) => atom(a)?,
    })
}

fn join(parts: &[Formula], op: &str) -> Result<String, String> {
    Ok(format!(
        "({})",
        parts
            .iter()
            .map(formula)
            .collect::<Result<Vec<_>, _>>()?
            .join(op)
    ))
}

fn atom(a: &Atom) -> Result<String, String> {
    Ok(match a {
        Atom::Present(c) => format!("(type_of({}) != \"()\")", claim_ref(c)),
        Atom::Is(c, k) => is(c, *k),
        Atom::Equals(c, s) => equals(&claim_ref(c), s)?,
        Atom::Compare(c, cmp, i) => format!(
            "({} && {} {} {})",
            is(c, Kind::Long),
            claim_ref(c),
            cmp.text(),
            literal(&Scalar::Long(*i))?
        ),
        Atom::OneOf(c, scalars) => format!(
            "({})",
            scalars
                .iter()
                .map(|s| equals(&claim_ref(c), s))
                .collect::<Result<Vec<_>, _>>()?
                .join(" || ")
        ),
        // `contains` compares with `==`, false between different types.
        Atom::Contains(c, s) => format!(
            "({} && {}.contains({}))",
            is(c, Kind::List),
            claim_ref(c),
            literal(s)?
        ),
        // No closures: every element equals v iff the list without
        // consecutive duplicates is empty or `[v]`.
        Atom::AllEqual(c, s) => format!(
            "({} && {{ let list = {}; list.dedup(); list.len() == 0 || list == [{}] }})",
            is(c, Kind::List),
            claim_ref(c),
            literal(s)?
        ),
        Atom::IsTrue(c) => format!("({} && {})", is(c, Kind::Bool), claim_ref(c)),
        Atom::Clock(field, cmp, i) => format!(
            "(r_env.clock.{} {} {})",
            field.name(),
            cmp.text(),
            literal(&Scalar::Long(*i))?
        ),
    })
}
