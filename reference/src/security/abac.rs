//! Who the user of an OIDC session is and which roles they hold (U4): the
//! session's token checked at the transaction's time (O2, with model's
//! token validation), the roles its groups grant (O1, O3), and the roles of
//! every fulfilled auth rule (A3, A6), evaluated over the claims the
//! session kept when it opened (A5).
//!
//! [`session_roles`] keeps every intermediate fact, so that `explain`
//! prints the same decisions the view is built from.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};
use model::catalog::AuthRule;
use model::engine::{EngineError, OidcSession};
use model::oidc::Provider;
use model::oidc::token::{Identity, validate};
use model::value::{Value, from_json};
use model::world::World;

use super::principal::{Subject, with_roles};

/// What became of one auth rule for a session (A3, A6).
#[derive(Debug, Clone, PartialEq)]
pub enum RuleOutcome {
    /// The rule is disabled: never fulfilled (A3).
    Disabled,
    /// The token's provider is not an ABAC provider: never fulfilled (A6).
    NotAbacProvider,
    /// The condition's value: fulfilled only when TRUE (A3).
    Value(Value),
    /// The condition failed: not fulfilled (A3).
    Error(EngineError),
}

impl RuleOutcome {
    /// A3: fulfilled iff the condition evaluated to TRUE.
    pub fn fulfilled(&self) -> bool {
        matches!(self, RuleOutcome::Value(Value::Boolean(true)))
    }
}

/// Everything that decides an OIDC session's roles at one transaction.
#[derive(Debug, Clone)]
pub struct SessionRoles<'w> {
    /// The validated token.
    pub identity: Identity,
    /// A5: the claims the session kept, as Cypher values.
    pub kept: BTreeMap<String, Value>,
    /// O3: the roles the token's groups grant (empty when the provider is
    /// not an authorization provider).
    pub from_groups: BTreeSet<String>,
    /// Every auth rule of the current catalog, by name, with its outcome.
    pub rules: Vec<(&'w AuthRule, RuleOutcome)>,
}

impl SessionRoles<'_> {
    /// U4: the subject these facts make: the token's user holding PUBLIC
    /// and the granted roles that exist.
    pub fn subject<'w>(&self, world: &'w World) -> Subject<'w> {
        with_roles(
            world,
            self.identity.username.clone(),
            self.granted().into_iter(),
        )
    }

    /// U4: the roles from groups and from fulfilled rules (PUBLIC and the
    /// check that a role exists are the subject's: U1).
    pub fn granted(&self) -> BTreeSet<&str> {
        let from_rules = self
            .rules
            .iter()
            .filter(|(_, outcome)| outcome.fulfilled())
            .flat_map(|(rule, _)| rule.roles.iter());
        self.from_groups
            .iter()
            .chain(from_rules)
            .map(String::as_str)
            .collect()
    }
}

/// O2, A5, O3, A3, A6: the roles of `session`'s user in a transaction
/// started `at`; the token's refusal (expired, forged ...) otherwise.
pub fn session_roles<'w>(
    world: &'w World,
    session: &OidcSession,
    at: DateTime<FixedOffset>,
) -> Result<SessionRoles<'w>, EngineError> {
    let settings = &world.config.oidc;
    // O2: the token is checked at every transaction, against its clock.
    let identity = validate(&session.token, settings, at)?;
    let kept = kept_claims(session, &identity);
    let from_groups = match settings.provider(&identity.provider) {
        Some(provider) if settings.authorizes_groups(&provider.name) => {
            group_roles(world, provider, &identity.groups)
        }
        _ => BTreeSet::new(),
    };
    let abac = settings.abac_enabled(&identity.provider);
    let rules = world
        .catalog
        .auth_rules
        .values()
        .map(|rule| (rule, outcome(rule, abac, &kept, at)))
        .collect();
    Ok(SessionRoles {
        identity,
        kept,
        from_groups,
        rules,
    })
}

/// U4: the subject of `session` at `at`.
pub fn subject<'w>(
    world: &'w World,
    session: &OidcSession,
    at: DateTime<FixedOffset>,
) -> Result<Subject<'w>, EngineError> {
    Ok(session_roles(world, session, at)?.subject(world))
}

/// A5: the claims some rule referenced when the session opened (enabled
/// or not); every other claim reads as null.
fn kept_claims(session: &OidcSession, identity: &Identity) -> BTreeMap<String, Value> {
    let referenced: BTreeSet<String> = session
        .rules_at_open
        .values()
        .flat_map(|rule| rule.expression.referenced_claims())
        .collect();
    identity
        .claims
        .iter()
        .filter(|(claim, _)| referenced.contains(claim.as_str()))
        .map(|(claim, value)| (claim.clone(), from_json(value)))
        .collect()
}

/// O3: with a mapping, the roles mapped from the token's groups; without
/// one, each group that names an existing role grants it.
fn group_roles(world: &World, provider: &Provider, groups: &[String]) -> BTreeSet<String> {
    match &provider.group_to_role_mapping {
        Some(mapping) => groups
            .iter()
            .filter_map(|group| mapping.get(group))
            .flatten()
            .cloned()
            .collect(),
        None => groups
            .iter()
            .filter(|group| world.catalog.roles.contains_key(group.as_str()))
            .cloned()
            .collect(),
    }
}

/// A3, A6: what `rule` gives a session whose provider is (or is not) an
/// ABAC provider and that kept `claims`, at `at`.
fn outcome(
    rule: &AuthRule,
    abac: bool,
    claims: &BTreeMap<String, Value>,
    at: DateTime<FixedOffset>,
) -> RuleOutcome {
    if !rule.enabled {
        return RuleOutcome::Disabled;
    }
    if !abac {
        return RuleOutcome::NotAbacProvider;
    }
    match crate::interpret::condition(&rule.expression, claims, at) {
        Ok(value) => RuleOutcome::Value(value),
        Err(error) => RuleOutcome::Error(error),
    }
}
