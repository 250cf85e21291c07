//! Session state (A5, O2, O3): what the engine keeps per OIDC session
//! between transactions, until the next `load`.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset};
use model::engine::{EngineError, OidcSession};
use model::oidc::token::{Verified, verify};
use model::value::{Value, from_json};
use model::world::World;

use super::rules::RuleSet;
use crate::principal::Subject;

/// One session's state.
struct State {
    /// The token the state was built from.
    token: String,
    /// The token with every check but the clock's done (O2).
    verified: Verified,
    /// The user's name (read once, at authentication).
    user: String,
    /// O3: roles from the token's groups.
    group_roles: BTreeSet<String>,
    /// A6: whether the token's provider takes part in ABAC.
    abac: bool,
    /// A5: the kept claims, by the rule set's slots (null: not kept).
    kept: Vec<Value>,
    /// Each shared test's result, once evaluated.
    tests: Vec<Option<Result<Value, EngineError>>>,
    /// Each untimed rule's verdict, once evaluated.
    verdicts: Vec<Option<bool>>,
}

impl State {
    /// A5, O3, A6: what a session keeps from its verified token.
    fn open(world: &World, rules: &RuleSet, session: &OidcSession, verified: Verified) -> State {
        let settings = &world.config.oidc;
        let identity = verified.identity();
        let kept_slots = rules.slots_kept(&session.rules_at_open);
        let kept = rules
            .claims
            .iter()
            .zip(&kept_slots)
            .map(|(claim, keep)| match identity.claims.get(claim) {
                Some(value) if *keep || every_claim_kept() => from_json(value),
                _ => Value::Null,
            })
            .collect();
        let group_roles = match settings.provider(&identity.provider) {
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
        State {
            token: session.token.clone(),
            user: identity.username.clone(),
            group_roles,
            abac: settings.abac_enabled(&identity.provider),
            kept,
            tests: vec![None; rules.tests.len()],
            verdicts: vec![None; rules.rules.len()],
            verified,
        }
    }
}

/// Whether the planted A5 bug keeps every claim (never without the
/// `plant` feature).
#[cfg(feature = "plant")]
fn every_claim_kept() -> bool {
    crate::plant::active(crate::plant::Plant::ClaimsNotLimited)
}

/// Without the `plant` feature: A5 holds.
#[cfg(not(feature = "plant"))]
fn every_claim_kept() -> bool {
    false
}

/// Every session seen since the last load, by id.
#[derive(Default)]
pub struct Sessions {
    states: HashMap<String, State>,
}

impl Sessions {
    /// U4: the subject of `session` in a transaction started `at`: the
    /// token checked (O2), then PUBLIC, the roles of its groups and those
    /// of every fulfilled rule.
    pub fn subject(
        &mut self,
        world: &World,
        rules: &RuleSet,
        session: &OidcSession,
        at: DateTime<FixedOffset>,
    ) -> Result<Subject, EngineError> {
        let settings = &world.config.oidc;
        let fresh = self
            .states
            .get(&session.id)
            .is_none_or(|s| s.token != session.token);
        if fresh {
            // O2: the signature and claims once per session; a refused
            // token keeps no state, so it is refused at every transaction.
            let verified = verify(&session.token, settings)?;
            let state = State::open(world, rules, session, verified);
            self.states.insert(session.id.clone(), state);
        }
        let Some(state) = self.states.get_mut(&session.id) else {
            return Err(EngineError::of(model::error::ErrorKind::Internal(
                "a session state vanished".to_string(),
            )));
        };
        // O2: the clock at every transaction.
        #[cfg(feature = "plant")]
        let at_checked = if crate::plant::active(crate::plant::Plant::ExpiryCheckedOnce) {
            session.opened_at
        } else {
            at
        };
        #[cfg(not(feature = "plant"))]
        let at_checked = at;
        state.verified.at(at_checked)?;
        let granted = roles(rules, state, at);
        Ok(Subject::holding(
            &world.catalog,
            &state.user,
            granted.iter().map(String::as_str),
        ))
    }
}

/// A5, O3, A3: the roles a new session with the `verified` token holds at
/// `at`: its claims kept, then every rule evaluated. What
/// [`Sessions::subject`] does at a session's first transaction, after the
/// signature; the benchmark's `abac.roles_us` times it.
pub fn roles_of_new_session(
    world: &World,
    rules: &RuleSet,
    session: &OidcSession,
    verified: Verified,
    at: DateTime<FixedOffset>,
) -> BTreeSet<String> {
    let mut state = State::open(world, rules, session, verified);
    roles(rules, &mut state, at)
}

/// O3 and A3: the roles `state`'s groups and fulfilled rules grant at `at`.
fn roles(rules: &RuleSet, state: &mut State, at: DateTime<FixedOffset>) -> BTreeSet<String> {
    let mut granted = state.group_roles.clone();
    if !state.abac {
        return granted;
    }
    for (index, rule) in rules.rules.iter().enumerate() {
        let Some(cond) = &rule.cond else {
            continue;
        };
        let known = state.verdicts.get(index).copied().flatten();
        let fulfilled = match known {
            Some(verdict) => verdict,
            None => {
                let value = rules.eval(cond, &state.kept, &mut state.tests, at);
                let verdict = matches!(value, Ok(Value::Boolean(true)));
                if !rule.timed
                    && let Some(slot) = state.verdicts.get_mut(index)
                {
                    *slot = Some(verdict);
                }
                verdict
            }
        };
        if fulfilled {
            granted.extend(rule.roles.iter().cloned());
        }
    }
    granted
}
