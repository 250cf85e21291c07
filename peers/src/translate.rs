//! From a world and a principal to library-neutral statements: which role
//! (or which auth rule's condition, or the administrator) may or may not
//! traverse which nodes and access the database. The Cedar and Casbin
//! peers only render this.
//!
//! Rules applied here, once, so that neither rendering has to know them:
//! D4 (a privilege naming another graph is in force nowhere here), P6 (a
//! label or a rule's key that is not a token contributes nothing), P1/P4
//! (TRAVERSE and MATCH grant traversal, whatever MATCH's keys; a DENY
//! hides only as TRAVERSE or `MATCH {*}`), U1/U3/U4 (the roles a principal
//! holds directly: PUBLIC, granted roles, O3's group roles, only roles
//! that exist), A3/A5/A6 (which rules take part: enabled ones, for a
//! session whose provider is an ABAC provider, over the claims the session
//! kept). What stays for the libraries is P3 (a grant and no deny) and,
//! per node, N1 (which segments apply).
//!
//! Every role's privileges are translated, as one policy store would hold
//! them for all users; a privilege that cannot be expressed is an error
//! only when the principal can hold its role (directly or through a
//! translated auth rule), since only then can it change the answer.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use model::catalog::{Access, Action, GraphScope, PUBLIC, Privilege, PropertySet, Segment};
use model::engine::Principal;
use model::graph::TokenKind;
use model::oidc::token::verify;
use model::value::{Value, from_json};
use model::world::World;

use crate::condition::{self, Formula};
use crate::error::PeerError;

/// Allow or deny (P3: one deny beats every allow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    /// A GRANT.
    Allow,
    /// A DENY.
    Deny,
}

/// What a statement is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// Traversing every node (`NODES *`).
    AllNodes,
    /// Traversing the nodes carrying a label (`NODES L`).
    Label(String),
    /// Accessing the database (U5).
    Database,
}

/// Who a statement speaks of.
#[derive(Debug, Clone, PartialEq)]
pub enum Holder {
    /// Every principal holding the role.
    Role(String),
    /// The session, when the auth rule's condition holds (A3); the rule
    /// grants `role`, which holds the privilege.
    Rule {
        /// The rule's name.
        rule: String,
        /// The role it grants.
        role: String,
        /// The condition as written, for error messages.
        condition: String,
        /// When the condition is TRUE.
        fulfilled: Formula,
    },
    /// The administrator (U6), who may do everything.
    Administrator,
}

/// One privilege as the libraries express it.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Allow or deny.
    pub effect: Effect,
    /// Whose.
    pub holder: Holder,
    /// On what.
    pub target: Target,
}

/// Who asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    /// The administrator (U6).
    Administrator,
    /// A user (native, or an OIDC session's) and the roles held directly:
    /// PUBLIC first, then the others that exist, sorted.
    User {
        /// The user's name (the session's username claim for OIDC).
        name: String,
        /// Roles held without an auth rule.
        roles: Vec<String>,
    },
}

impl Subject {
    /// The name U5's error shows.
    pub fn name(&self) -> &str {
        match self {
            Subject::Administrator => "administrator",
            Subject::User { name, .. } => name,
        }
    }
}

/// A claim's value as the libraries receive it: JSON without null inside
/// arrays and objects and without floats, which neither library can hold
/// as Cypher sees them (A2: null is absent; Cedar has no float, and an
/// integer-valued float would compare equal to an integer in Cypher).
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// A string.
    String(String),
    /// An integer.
    Long(i64),
    /// A boolean.
    Bool(bool),
    /// An array.
    List(Vec<Claim>),
    /// An object.
    Map(BTreeMap<String, Claim>),
}

/// The transaction clock in UTC (A2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Year.
    pub year: i64,
    /// Month, 1-12.
    pub month: i64,
    /// Day of the month.
    pub day: i64,
    /// Hour, 0-23.
    pub hour: i64,
    /// Minute.
    pub minute: i64,
    /// Second.
    pub second: i64,
}

/// Everything a peer renders.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// Who asks.
    pub subject: Subject,
    /// Traversal statements, each once, in catalog order.
    pub traverse: Vec<Statement>,
    /// ACCESS statements (U5), each once.
    pub access: Vec<Statement>,
    /// The claims the translated conditions read, present and not null.
    pub claims: BTreeMap<String, Claim>,
    /// The transaction clock.
    pub clock: Clock,
}

/// What the principal holds before any statement is rendered.
struct Holdings {
    subject: Subject,
    /// Roles held without a rule.
    direct: BTreeSet<String>,
    /// Auth rules that take part (A3, A6): name, granted role, condition
    /// text and formula.
    rules: Vec<(String, String, String, Formula)>,
    /// Claims the session kept (A5), as Cypher values.
    kept: BTreeMap<String, Value>,
}

/// Translates `world`'s policy for `principal` at `at`.
pub fn translate(
    world: &World,
    principal: &Principal,
    at: DateTime<FixedOffset>,
) -> Result<Translation, PeerError> {
    let holdings = holdings(world, principal, at)?;
    let mut translation = Translation {
        subject: holdings.subject.clone(),
        traverse: Vec::new(),
        access: Vec::new(),
        claims: BTreeMap::new(),
        clock: clock(at),
    };
    for statement in [Target::AllNodes, Target::Database].map(|target| Statement {
        effect: Effect::Allow,
        holder: Holder::Administrator,
        target,
    }) {
        push(&mut translation, statement);
    }
    // Roles the principal can hold: only their untranslatable privileges
    // are errors.
    let through_rules: BTreeSet<&str> = holdings
        .rules
        .iter()
        .map(|(_, role, _, _)| role.as_str())
        .collect();
    for role in world.catalog.roles.values() {
        let relevant =
            holdings.direct.contains(&role.name) || through_rules.contains(role.name.as_str());
        let mut targets = Vec::new();
        for privilege in &role.privileges {
            match statement_target(world, privilege) {
                Ok(Some(target)) => targets.push((effect(privilege), target)),
                Ok(None) => {}
                Err(reason) if relevant => {
                    return Err(PeerError::UntranslatablePrivilege {
                        role: role.name.clone(),
                        privilege: model::admin::render::privilege_command(&role.name, privilege),
                        reason,
                    });
                }
                Err(_) => {}
            }
        }
        for (effect, target) in &targets {
            push(
                &mut translation,
                Statement {
                    effect: *effect,
                    holder: Holder::Role(role.name.clone()),
                    target: target.clone(),
                },
            );
        }
        for (rule, granted, condition, fulfilled) in &holdings.rules {
            if *granted != role.name {
                continue;
            }
            for (effect, target) in &targets {
                push(
                    &mut translation,
                    Statement {
                        effect: *effect,
                        holder: Holder::Rule {
                            rule: rule.clone(),
                            role: role.name.clone(),
                            condition: condition.clone(),
                            fulfilled: fulfilled.clone(),
                        },
                        target: target.clone(),
                    },
                );
            }
        }
    }
    // The claims the rendered conditions read.
    let read: BTreeSet<String> = translation
        .traverse
        .iter()
        .chain(&translation.access)
        .filter_map(|s| match &s.holder {
            Holder::Rule { fulfilled, .. } => Some(fulfilled.claims()),
            _ => None,
        })
        .flatten()
        .collect();
    for name in read {
        if let Some(value) = holdings.kept.get(&name)
            && let Some(claim) = claim(&name, value)?
        {
            translation.claims.insert(name, claim);
        }
    }
    Ok(translation)
}

/// Adds `statement` to its list unless an identical one is there (several
/// stored privileges, `MATCH {a}` and `MATCH {b}`, translate alike).
fn push(translation: &mut Translation, statement: Statement) {
    let list = match statement.target {
        Target::Database => &mut translation.access,
        _ => &mut translation.traverse,
    };
    if !list.contains(&statement) {
        list.push(statement);
    }
}

fn effect(p: &Privilege) -> Effect {
    match p.access {
        Access::Granted => Effect::Allow,
        Access::Denied => Effect::Deny,
    }
}

/// D4: `*`, HOME, DEFAULT and the database's own name name it.
fn names_database(world: &World, graph: &GraphScope) -> bool {
    match graph {
        GraphScope::All | GraphScope::Home | GraphScope::Default => true,
        GraphScope::Named(name) => *name == world.database,
    }
}

/// What `p` says about node traversal or database access once D4, P6 and
/// P4 are applied: `None` when nothing; `Err` naming what the peers cannot
/// express.
fn statement_target(world: &World, p: &Privilege) -> Result<Option<Target>, String> {
    if !names_database(world, &p.graph) {
        return Ok(None);
    }
    let traverses = match (&p.action, p.access) {
        (Action::Access, _) => {
            return Ok(matches!(p.segment, Segment::Database).then_some(Target::Database));
        }
        (Action::Traverse, _) => true,
        // P4: `GRANT MATCH {anything}` grants TRAVERSE (whatever the key,
        // P6); `DENY MATCH {k}` denies only READ k.
        (Action::Match, Access::Granted) => true,
        (Action::Match, Access::Denied) => p.properties == PropertySet::All,
        _ => false,
    };
    if !traverses {
        return Ok(None);
    }
    let registered = |kind, name: &str| world.graph.tokens.contains(kind, name);
    match &p.segment {
        Segment::Nodes(None) => Ok(Some(Target::AllNodes)),
        // P6: an unregistered label contributes nothing.
        Segment::Nodes(Some(label)) => {
            Ok(registered(TokenKind::Label, label).then(|| Target::Label(label.clone())))
        }
        Segment::NodeRule { label, rule } => {
            // P6 (and its decision for a rule's key): an unregistered name
            // makes the rule contribute nothing.
            let in_force = label
                .as_ref()
                .is_none_or(|l| registered(TokenKind::Label, l))
                && registered(TokenKind::PropertyKey, &rule.key);
            if in_force {
                Err("a node property rule (N1) decides per node on its stored \
                     property values, which the peers' node entities do not carry"
                    .to_string())
            } else {
                Ok(None)
            }
        }
        _ => Ok(None),
    }
}

/// U1, U3, U4 (O2, O3, A3, A5, A6): who the principal is, the roles they
/// hold directly and the auth rules that take part.
fn holdings(
    world: &World,
    principal: &Principal,
    at: DateTime<FixedOffset>,
) -> Result<Holdings, PeerError> {
    let existing = |r: &str| r != PUBLIC && world.catalog.roles.contains_key(r);
    let user = |name: String, granted: BTreeSet<String>| {
        let direct: BTreeSet<String> = std::iter::once(PUBLIC.to_string())
            .chain(granted.into_iter().filter(|r| existing(r)))
            .collect();
        let roles = std::iter::once(PUBLIC.to_string())
            .chain(direct.iter().filter(|r| *r != PUBLIC).cloned())
            .collect();
        (Subject::User { name, roles }, direct)
    };
    match principal {
        Principal::Admin => Ok(Holdings {
            subject: Subject::Administrator,
            direct: BTreeSet::new(),
            rules: Vec::new(),
            kept: BTreeMap::new(),
        }),
        Principal::Native(name) => {
            if !world.config.oidc.native_authentication() {
                return Err(PeerError::NativeAuthenticationDisabled);
            }
            let record = world
                .catalog
                .users
                .get(name)
                .ok_or_else(|| PeerError::UnknownUser(name.clone()))?;
            let (subject, direct) = user(name.clone(), record.roles.clone());
            Ok(Holdings {
                subject,
                direct,
                rules: Vec::new(),
                kept: BTreeMap::new(),
            })
        }
        Principal::Oidc(session) => {
            let settings = &world.config.oidc;
            // O2: checked at the transaction's time, never the system clock.
            let verified = verify(&session.token, settings)
                .map_err(|e| PeerError::TokenRefused(e.to_string()))?;
            let identity = verified
                .at(at)
                .map_err(|e| PeerError::TokenRefused(e.to_string()))?;
            // O3: groups grant roles only from an authorization provider.
            let groups: BTreeSet<String> = match settings.provider(&identity.provider) {
                Some(provider) if settings.authorizes_groups(&provider.name) => {
                    match &provider.group_to_role_mapping {
                        Some(mapping) => identity
                            .groups
                            .iter()
                            .filter_map(|g| mapping.get(g))
                            .flatten()
                            .cloned()
                            .collect(),
                        None => identity.groups.iter().cloned().collect(),
                    }
                }
                _ => BTreeSet::new(),
            };
            let (subject, direct) = user(identity.username.clone(), groups);
            // A5: only the claims some rule referenced when the session opened.
            let referenced: BTreeSet<String> = session
                .rules_at_open
                .values()
                .flat_map(|rule| rule.expression.referenced_claims())
                .collect();
            let kept = identity
                .claims
                .iter()
                .filter(|(c, _)| referenced.contains(c.as_str()))
                .map(|(c, v)| (c.clone(), from_json(v)))
                .collect();
            // A6: no rule is fulfilled unless the provider is an ABAC provider.
            let mut rules = Vec::new();
            if settings.abac_enabled(&identity.provider) {
                for rule in world.catalog.auth_rules.values().filter(|r| r.enabled) {
                    let roles: Vec<&String> = rule.roles.iter().filter(|r| existing(r)).collect();
                    // A rule whose roles hold nothing about nodes or access
                    // cannot change the answer: its condition is not needed.
                    let matters = roles.iter().any(|r| {
                        world.catalog.roles[r.as_str()]
                            .privileges
                            .iter()
                            .any(|p| !matches!(statement_target(world, p), Ok(None)))
                    });
                    if !matters {
                        continue;
                    }
                    let fulfilled = condition::fulfilled(&rule.expression).map_err(|e| {
                        PeerError::UntranslatableCondition {
                            rule: rule.name.clone(),
                            condition: rule.condition.clone(),
                            reason: e.0,
                        }
                    })?;
                    for role in roles {
                        rules.push((
                            rule.name.clone(),
                            role.clone(),
                            rule.condition.clone(),
                            fulfilled.clone(),
                        ));
                    }
                }
            }
            Ok(Holdings {
                subject,
                direct,
                rules,
                kept,
            })
        }
    }
}

/// A2's clock: the transaction instant in UTC.
fn clock(at: DateTime<FixedOffset>) -> Clock {
    let utc = at.with_timezone(&Utc);
    Clock {
        year: i64::from(utc.year()),
        month: i64::from(utc.month()),
        day: i64::from(utc.day()),
        hour: i64::from(utc.hour()),
        minute: i64::from(utc.minute()),
        second: i64::from(utc.second()),
    }
}

/// A claim's Cypher value (A2) for the libraries; `None` for null (absent).
fn claim(name: &str, value: &Value) -> Result<Option<Claim>, PeerError> {
    fn inner(name: &str, value: &Value) -> Result<Claim, PeerError> {
        let refuse = |reason: &str| PeerError::UntranslatableClaim {
            claim: name.to_string(),
            reason: reason.to_string(),
        };
        Ok(match value {
            Value::String(s) => Claim::String(s.clone()),
            Value::Integer(i) => Claim::Long(*i),
            Value::Boolean(b) => Claim::Bool(*b),
            Value::List(items) => Claim::List(
                items
                    .iter()
                    .map(|v| inner(name, v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(entries) => Claim::Map(
                entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), inner(name, v)?)))
                    .collect::<Result<_, PeerError>>()?,
            ),
            Value::Float(_) => {
                return Err(refuse(
                    "it holds a float, which Cedar cannot hold and Cypher compares equal to an integer",
                ));
            }
            Value::Null => {
                return Err(refuse(
                    "it holds a null inside an array or object, which the libraries have no value for",
                ));
            }
            other => return Err(refuse(&format!("it holds a {}", other.type_name()))),
        })
    }
    match value {
        Value::Null => Ok(None),
        other => inner(name, other).map(Some),
    }
}
