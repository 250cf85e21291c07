//! Who the user is (docs/spec/semantics.md section 2): their roles (U1, U3), their
//! privileges (U5) and whether they may access the database at all (U5, D4).

use model::catalog::{Action, PUBLIC};
use model::engine::EngineError;
use model::error::ErrorKind;
use model::world::World;

use super::decision::{Applicability, Decision, Held, decide};
use super::scope;

/// A native user as the security rules see them.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject<'w> {
    /// The user's name.
    pub user: &'w str,
    /// Their roles: PUBLIC first, then the others sorted (U5's order).
    pub roles: Vec<&'w str>,
    /// U5: the union of the privileges of all their roles, each with the
    /// role holding it, in role order then storage order.
    pub privileges: Vec<Held<'w>>,
}

/// U1, U3, U5: the subject for native user `name`; an error when no such
/// user exists.
pub fn subject<'w>(world: &'w World, name: &str) -> Result<Subject<'w>, EngineError> {
    let user = world
        .catalog
        .users
        .get(name)
        .ok_or_else(|| EngineError::of(ErrorKind::UnknownUser(name.to_string())))?;
    let roles = roles(world, &user.roles);
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
    Ok(Subject {
        user: user.name.as_str(),
        roles,
        privileges,
    })
}

/// U1, U3: PUBLIC (which every user holds, even if the catalog lacks its
/// definition) plus the granted roles that exist, PUBLIC first and the rest
/// sorted.
fn roles<'w>(world: &'w World, granted: &'w std::collections::BTreeSet<String>) -> Vec<&'w str> {
    let mut others: Vec<&'w str> = granted
        .iter()
        .filter(|r| r.as_str() != PUBLIC && world.catalog.roles.contains_key(r.as_str()))
        .map(String::as_str)
        .collect();
    others.sort();
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
        user: subject.user.to_string(),
        roles: subject.roles.iter().map(|r| r.to_string()).collect(),
    })
}

/// U5: `Ok` when native user `name` may run anything in the database (its
/// queries, and procedures such as `db.createLabel`), otherwise U5's error.
pub fn access(world: &World, name: &str) -> Result<(), EngineError> {
    require_access(world, &subject(world, name)?)
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
