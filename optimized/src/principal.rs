//! Who the user is (docs/spec/semantics.md section 2): the roles a native user holds
//! (U1, U3), the unknown-user error, and U5's access error text. An
//! administrator (U6) holds no roles here: they see everything and are never
//! compiled against privileges. An OIDC session's roles (U4) come from
//! [`crate::abac`].

use std::collections::BTreeSet;

use model::catalog::{Catalog, PUBLIC};
use model::engine::{EngineError, Principal};
use model::error::ErrorKind;
use model::world::World;

/// A native user and the roles they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The user's name.
    pub user: String,
    /// Held roles other than PUBLIC, sorted.
    roles: BTreeSet<String>,
}

impl Subject {
    /// The roles a native user holds: PUBLIC (U1), plus the granted roles
    /// that still exist (decision: a role granted and later dropped is
    /// neither held nor listed). Fails with `User '<u>' does not exist.`
    /// for a user missing from the catalog (decision).
    pub fn native(world: &World, user: &str) -> Result<Self, EngineError> {
        // O1: native users log in only through the `native` provider.
        if !world.config.oidc.native_authentication() {
            return Err(EngineError::of(ErrorKind::AuthenticationFailed {
                reason: "native authentication is not enabled: `native` is not in \
                         dbms.security.authentication_providers"
                    .to_string(),
            }));
        }
        let record = world
            .catalog
            .users
            .get(user)
            .ok_or_else(|| EngineError::of(ErrorKind::UnknownUser(user.to_string())))?;
        Ok(Subject::holding(
            &world.catalog,
            user,
            record.roles.iter().map(String::as_str),
        ))
    }

    /// User `user` holding PUBLIC and those of `granted` that exist.
    pub fn holding<'r>(
        catalog: &Catalog,
        user: &str,
        granted: impl Iterator<Item = &'r str>,
    ) -> Self {
        Subject {
            user: user.to_string(),
            roles: granted
                .filter(|r| *r != PUBLIC && catalog.roles.contains_key(*r))
                .map(str::to_string)
                .collect(),
        }
    }

    /// Held roles, PUBLIC first, then the others sorted (U5's order).
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        std::iter::once(PUBLIC).chain(self.roles.iter().map(String::as_str))
    }

    /// U5's error: `Database access is not allowed for user '<u>' with roles [PUBLIC, r].`
    pub fn access_error(&self) -> EngineError {
        EngineError::of(ErrorKind::AccessDenied {
            user: self.user.clone(),
            roles: self.roles().map(str::to_string).collect(),
        })
    }
}

/// The subject of an administrator (`None`, U6) or a native user; an OIDC
/// session's subject depends on the transaction's time and the engine's
/// session state, so only the engine ([`crate::abac::Sessions`]) resolves it.
pub fn subject(world: &World, principal: &Principal) -> Result<Option<Subject>, EngineError> {
    match principal {
        Principal::Admin => Ok(None),
        Principal::Native(user) => Subject::native(world, user).map(Some),
        Principal::Oidc(_) => Err(EngineError::of(ErrorKind::Internal(
            "an OIDC session's subject is resolved by the engine's session state".to_string(),
        ))),
    }
}
