//! Who the user is (docs/spec/semantics.md section 2): their roles (U1, U3), their
//! privileges (U5) and whether they may access the database at all (U5, D4).

use model::catalog::{Action, PUBLIC};
use model::engine::{EngineError, Principal, Transaction};
use model::error::ErrorKind;
use model::world::World;

use super::decision::{Applicability, Decision, Held, decide};
use super::scope;

/// A user (native, or of an OIDC session) as the security rules see them.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject<'w> {
    /// The user's name.
    pub user: String,
    /// Their roles: PUBLIC first, then the others sorted (U5's order).
    pub roles: Vec<&'w str>,
    /// U5: the union of the privileges of all their roles, each with the
    /// role holding it, in role order then storage order.
    pub privileges: Vec<Held<'w>>,
}

/// U1, U3, U5: the subject for native user `name`; an error when no such
/// user exists, or when native users may not authenticate (O1).
pub fn subject<'w>(world: &'w World, name: &str) -> Result<Subject<'w>, EngineError> {
    if !world.config.oidc.native_authentication() {
        return Err(EngineError::of(ErrorKind::AuthenticationFailed {
            reason: "native authentication is not enabled: `native` is not in \
                     dbms.security.authentication_providers"
                .to_string(),
        }));
    }
    let user = world
        .catalog
        .users
        .get(name)
        .ok_or_else(|| EngineError::of(ErrorKind::UnknownUser(name.to_string())))?;
    Ok(with_roles(
        world,
        user.name.clone(),
        user.roles.iter().map(String::as_str),
    ))
}

/// U1, U5: the subject `user` holding PUBLIC and the `granted` roles that
/// exist, with the union of their privileges.
pub fn with_roles<'w, 'g>(
    world: &'w World,
    user: String,
    granted: impl Iterator<Item = &'g str>,
) -> Subject<'w> {
    let roles = roles(world, granted);
    let privileges = roles
        .iter()
        .filter_map(|r| world.catalog.roles.get(*r))
        .flat_map(|role| {
            role.privileges.iter().map(|privilege| Held {
                role: role.name.as_str(),
                privilege,
            })
        })
        .collect();
    Subject {
        user,
        roles,
        privileges,
    }
}

/// U1, U3: PUBLIC (which every user holds, even if the catalog lacks its
/// definition) plus the granted roles that exist, PUBLIC first and the rest
/// sorted, each once.
fn roles<'w, 'g>(world: &'w World, granted: impl Iterator<Item = &'g str>) -> Vec<&'w str> {
    let others: std::collections::BTreeSet<&'w str> = granted
        .filter(|r| *r != PUBLIC)
        .filter_map(|r| {
            world
                .catalog
                .roles
                .get_key_value(r)
                .map(|(k, _)| k.as_str())
        })
        .collect();
    std::iter::once(PUBLIC).chain(others).collect()
}

/// U5 with D4: the ACCESS privileges that name this database. Access needs
/// a GRANT and no DENY: U5 does not describe `DENY ACCESS`, so P3's general
/// rule is applied to it (**Decision**).
pub fn access_decision<'w>(world: &World, subject: &Subject<'w>) -> Decision<'w> {
    let candidates = subject
        .privileges
        .iter()
        .copied()
        .filter(|h| h.privilege.action == Action::Access)
        .filter(|h| scope::ignored(world, h.privilege).is_none());
    decide(candidates, |_| Applicability::Applies)
}

/// U5: the error every query of a user without access fails with.
pub fn access_error(subject: &Subject<'_>) -> EngineError {
    EngineError::of(ErrorKind::AccessDenied {
        user: subject.user.clone(),
        roles: subject.roles.iter().map(|r| r.to_string()).collect(),
    })
}

/// The subject running `tx`: `None` for an administrator (U6), a native
/// user (U3), or the user of an OIDC session with the roles it holds at
/// the transaction's time (U4).
pub fn of_transaction<'w>(
    world: &'w World,
    tx: &Transaction,
) -> Result<Option<Subject<'w>>, EngineError> {
    match &tx.principal {
        Principal::Admin => Ok(None),
        Principal::Native(name) => subject(world, name).map(Some),
        Principal::Oidc(session) => super::abac::subject(world, session, tx.at).map(Some),
    }
}

/// U5: `Ok` when `tx`'s user may run anything in the database (its
/// queries, and procedures such as `db.createLabel`), otherwise U5's error.
pub fn access(world: &World, tx: &Transaction) -> Result<(), EngineError> {
    match of_transaction(world, tx)? {
        Some(subject) => require_access(world, &subject),
        None => Ok(()),
    }
}

/// U5: `Ok` when `subject` holds ACCESS on this database, otherwise U5's
/// error.
pub fn require_access(world: &World, subject: &Subject<'_>) -> Result<(), EngineError> {
    if access_decision(world, subject).allowed() {
        Ok(())
    } else {
        Err(access_error(subject))
    }
}
