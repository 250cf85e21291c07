//! Who the user is (docs/spec/semantics.md section 2): the roles a native user holds
//! (U1, U3), the unknown-user error, and U5's access error text. An
//! administrator (U6) holds no roles here: they see everything and are never
//! compiled against privileges.

use std::collections::BTreeSet;

use model::catalog::{Catalog, PUBLIC};
use model::engine::{EngineError, Principal};
use model::error::ErrorKind;

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
    pub fn native(catalog: &Catalog, user: &str) -> Result<Self, EngineError> {
        let record = catalog
            .users
            .get(user)
            .ok_or_else(|| EngineError::of(ErrorKind::UnknownUser(user.to_string())))?;
        let roles = record
            .roles
            .iter()
            .filter(|r| r.as_str() != PUBLIC && catalog.roles.contains_key(r.as_str()))
            .cloned()
            .collect();
        Ok(Subject {
            user: user.to_string(),
            roles,
        })
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

/// The subject of `principal`: `None` for an administrator (U6).
pub fn subject(catalog: &Catalog, principal: &Principal) -> Result<Option<Subject>, EngineError> {
    match principal {
        Principal::Admin => Ok(None),
        Principal::Native(user) => Subject::native(catalog, user).map(Some),
    }
}
