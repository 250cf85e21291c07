//! Applying administration commands to the catalog and the token registry,
//! and answering SHOW commands. A command that would break an invariant
//! fails and changes nothing (E2): every command runs on a copy of the
//! catalog that replaces the original only when the whole command succeeded.
//!
//! Role and user commands live here; privileges in `admin::privileges`,
//! auth rules in `admin::auth_rules`, SHOW in [`super::show`].

use crate::admin::{AdminCommand, auth_rules, privileges, show};
use crate::catalog::{Catalog, PUBLIC, Role, User};
use crate::error::{EngineError, ErrorKind};
use crate::graph::Tokens;
use crate::rows::QueryResult;

/// Runs `command` against the catalog (and the token registry for
/// `db.create*`). Returns the rows of SHOW commands, empty rows otherwise.
/// On error nothing has changed. `catalog.version` is bumped exactly when
/// the catalog changed.
pub fn execute(
    command: &AdminCommand,
    catalog: &mut Catalog,
    tokens: &mut Tokens,
) -> Result<QueryResult, EngineError> {
    if let Some(result) = show::answer(command, catalog) {
        return Ok(result);
    }
    if let AdminCommand::CreateToken { kind, name } = command {
        // D3: registering a token is not a catalog change.
        tokens.register(*kind, name);
        return Ok(no_rows());
    }
    let mut next = catalog.clone();
    apply(command, &mut next)?;
    if next != *catalog {
        next.version = catalog.version.wrapping_add(1);
        *catalog = next;
    }
    Ok(no_rows())
}

/// The result of a command that returns nothing.
fn no_rows() -> QueryResult {
    QueryResult {
        columns: Vec::new(),
        rows: Vec::new(),
        sort_keys: None,
    }
}

/// Applies a changing command to `catalog` (a scratch copy: on error the
/// caller drops it).
fn apply(command: &AdminCommand, catalog: &mut Catalog) -> Result<(), EngineError> {
    match command {
        AdminCommand::CreateRole {
            name,
            or_replace,
            if_not_exists,
            copy_of,
        } => create_role(
            catalog,
            name,
            *or_replace,
            *if_not_exists,
            copy_of.as_deref(),
        ),
        AdminCommand::DropRole { name, if_exists } => drop_role(catalog, name, *if_exists),
        AdminCommand::CreateUser {
            name,
            or_replace,
            if_not_exists,
            change_required,
            ..
        } => create_user(catalog, name, *or_replace, *if_not_exists, *change_required),
        AdminCommand::DropUser { name, if_exists } => drop_user(catalog, name, *if_exists),
        AdminCommand::GrantRoles { roles, users } => grant_roles(catalog, roles, users),
        AdminCommand::RevokeRoles { roles, users } => revoke_roles(catalog, roles, users),
        AdminCommand::Privilege {
            verb,
            privilege,
            roles,
        } => privileges::apply(catalog, *verb, privilege, roles),
        AdminCommand::CreateAuthRule { .. }
        | AdminCommand::AlterAuthRule { .. }
        | AdminCommand::RenameAuthRule { .. }
        | AdminCommand::DropAuthRule { .. }
        | AdminCommand::GrantRolesToAuthRules { .. }
        | AdminCommand::RevokeRolesFromAuthRules { .. } => auth_rules::apply(catalog, command),
        AdminCommand::ShowRoles { .. }
        | AdminCommand::ShowUsers { .. }
        | AdminCommand::ShowPrivileges { .. }
        | AdminCommand::ShowAuthRules { .. }
        | AdminCommand::CreateToken { .. } => Ok(()),
    }
}

/// The error of `OR REPLACE` together with `IF NOT EXISTS` (A1 and Neo4j's
/// rule for roles and users alike).
pub(crate) fn both_replace_and_if_not_exists(kind: &str, name: &str) -> EngineError {
    EngineError::of(ErrorKind::InvalidCommand {
        action: format!("create the specified {kind} '{name}'"),
        reason: "cannot have both `OR REPLACE` and `IF NOT EXISTS`.".to_string(),
    })
}

fn create_role(
    catalog: &mut Catalog,
    name: &str,
    or_replace: bool,
    if_not_exists: bool,
    copy_of: Option<&str>,
) -> Result<(), EngineError> {
    if or_replace && if_not_exists {
        return Err(both_replace_and_if_not_exists("role", name));
    }
    let exists = catalog.roles.contains_key(name);
    if exists && if_not_exists {
        return Ok(());
    }
    if exists && !or_replace {
        return Err(EngineError::of(ErrorKind::RoleExists {
            action: format!("create the specified role '{name}'"),
        }));
    }
    // The copy is taken before OR REPLACE drops the old role, so that
    // `CREATE OR REPLACE ROLE r AS COPY OF r` keeps r's privileges.
    let privileges = match copy_of {
        Some(source) => match catalog.roles.get(source) {
            Some(role) => role.privileges.clone(),
            None => {
                return Err(EngineError::of(ErrorKind::RoleNotFound {
                    action: format!("create a role as copy of '{source}'"),
                }));
            }
        },
        None => Vec::new(),
    };
    if exists {
        remove_role(catalog, name, "replace")?;
    }
    let mut role = Role::new(name);
    role.privileges = privileges;
    catalog.roles.insert(name.to_string(), role);
    Ok(())
}

/// Removes role `name` and every assignment of it (to users and auth rules);
/// `what` names the operation in the PUBLIC error.
fn remove_role(catalog: &mut Catalog, name: &str, what: &str) -> Result<(), EngineError> {
    if name == PUBLIC {
        return Err(EngineError::of(ErrorKind::ReservedRole {
            action: format!("{what} the specified role '{PUBLIC}'"),
            participle: "dropped",
        }));
    }
    catalog.roles.remove(name);
    for user in catalog.users.values_mut() {
        user.roles.remove(name);
    }
    for rule in catalog.auth_rules.values_mut() {
        rule.roles.remove(name);
    }
    Ok(())
}

fn drop_role(catalog: &mut Catalog, name: &str, if_exists: bool) -> Result<(), EngineError> {
    if name != PUBLIC && !catalog.roles.contains_key(name) {
        if if_exists {
            return Ok(());
        }
        return Err(EngineError::of(ErrorKind::RoleNotFound {
            action: format!("delete the specified role '{name}'"),
        }));
    }
    remove_role(catalog, name, "delete")
}

fn create_user(
    catalog: &mut Catalog,
    name: &str,
    or_replace: bool,
    if_not_exists: bool,
    change_required: bool,
) -> Result<(), EngineError> {
    if or_replace && if_not_exists {
        return Err(both_replace_and_if_not_exists("user", name));
    }
    if catalog.users.contains_key(name) {
        if if_not_exists {
            return Ok(());
        }
        if !or_replace {
            return Err(EngineError::of(ErrorKind::UserExists {
                action: format!("create the specified user '{name}'"),
            }));
        }
    }
    // OR REPLACE creates a new user: the old one's roles do not carry over.
    catalog.users.insert(
        name.to_string(),
        User {
            name: name.to_string(),
            roles: Default::default(),
            password_change_required: change_required,
        },
    );
    Ok(())
}

fn drop_user(catalog: &mut Catalog, name: &str, if_exists: bool) -> Result<(), EngineError> {
    if catalog.users.remove(name).is_none() && !if_exists {
        return Err(EngineError::of(ErrorKind::UserNotFound {
            action: format!("delete the specified user '{name}'"),
        }));
    }
    Ok(())
}

/// Checks that `role` may be granted to or revoked from `target` (a user or
/// auth rule description like `user 'u'`): it exists and is not PUBLIC.
pub(crate) fn check_assignable(
    catalog: &Catalog,
    role: &str,
    verb: &str,
    target: &str,
) -> Result<(), EngineError> {
    let preposition = if verb == "grant" { "to" } else { "from" };
    if role == PUBLIC {
        let participle = if verb == "grant" {
            "granted"
        } else {
            "revoked"
        };
        return Err(EngineError::of(ErrorKind::ReservedRole {
            action: format!("{verb} role '{PUBLIC}' {preposition} {target}"),
            participle,
        }));
    }
    if !catalog.roles.contains_key(role) {
        return Err(EngineError::of(ErrorKind::RoleNotFound {
            action: format!("{verb} role '{role}' {preposition} {target}"),
        }));
    }
    Ok(())
}

/// Checks every (role, user) pair of a GRANT/REVOKE ROLE command.
fn check_role_user_pairs(
    catalog: &Catalog,
    roles: &[String],
    users: &[String],
    verb: &str,
) -> Result<(), EngineError> {
    for user in users {
        let target = format!("user '{user}'");
        for role in roles {
            check_assignable(catalog, role, verb, &target)?;
            if !catalog.users.contains_key(user) {
                let preposition = if verb == "grant" { "to" } else { "from" };
                return Err(EngineError::of(ErrorKind::UserNotFound {
                    action: format!("{verb} role '{role}' {preposition} {target}"),
                }));
            }
        }
    }
    Ok(())
}

fn grant_roles(
    catalog: &mut Catalog,
    roles: &[String],
    users: &[String],
) -> Result<(), EngineError> {
    check_role_user_pairs(catalog, roles, users, "grant")?;
    for user in users {
        if let Some(u) = catalog.users.get_mut(user) {
            u.roles.extend(roles.iter().cloned());
        }
    }
    Ok(())
}

fn revoke_roles(
    catalog: &mut Catalog,
    roles: &[String],
    users: &[String],
) -> Result<(), EngineError> {
    // Like Cypher 25, revoking a role or from a user that does not exist is
    // an error, while revoking a role the user does not hold does nothing.
    check_role_user_pairs(catalog, roles, users, "revoke")?;
    for user in users {
        if let Some(u) = catalog.users.get_mut(user) {
            for role in roles {
                u.roles.remove(role);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "exec_tests.rs"]
mod tests;
