//! Auth-rule commands (A1) and granting roles to auth rules (A4). The
//! condition is stored as its source text and the expression the parser
//! checked (A2); evaluating it is each engine's job.

use std::sync::Arc;

use crate::admin::AdminCommand;
use crate::admin::exec::{both_replace_and_if_not_exists, check_assignable};
use crate::ast::Expr;
use crate::catalog::{AuthRule, Catalog};
use crate::error::{EngineError, ErrorKind};

/// Applies an auth-rule command to `catalog` (a scratch copy); other
/// commands are ignored.
pub(crate) fn apply(catalog: &mut Catalog, command: &AdminCommand) -> Result<(), EngineError> {
    match command {
        AdminCommand::CreateAuthRule {
            name,
            or_replace,
            if_not_exists,
            condition,
            condition_expr,
            enabled,
        } => create(
            catalog,
            name,
            (*or_replace, *if_not_exists),
            (condition, condition_expr),
            *enabled,
        ),
        AdminCommand::AlterAuthRule {
            name,
            if_exists,
            condition,
            enabled,
        } => alter(
            catalog,
            name,
            *if_exists,
            condition.as_ref().map(|(text, expr)| (text.as_str(), expr)),
            *enabled,
        ),
        AdminCommand::RenameAuthRule {
            from,
            to,
            if_exists,
        } => rename(catalog, from, to, *if_exists),
        AdminCommand::DropAuthRule { name, if_exists } => {
            if catalog.auth_rules.remove(name).is_none() && !*if_exists {
                return Err(missing("delete", name));
            }
            Ok(())
        }
        AdminCommand::GrantRolesToAuthRules { roles, rules } => grant(catalog, roles, rules),
        AdminCommand::RevokeRolesFromAuthRules { roles, rules } => revoke(catalog, roles, rules),
        _ => Ok(()),
    }
}

fn missing(verb: &str, name: &str) -> EngineError {
    EngineError::of(ErrorKind::AuthRuleNotFound {
        action: format!("{verb} the specified auth rule '{name}'"),
    })
}

/// CREATE AUTH RULE; `flags` are OR REPLACE and IF NOT EXISTS, `condition`
/// the text and its parsed expression.
fn create(
    catalog: &mut Catalog,
    name: &str,
    (or_replace, if_not_exists): (bool, bool),
    (condition, expression): (&str, &Expr),
    enabled: Option<bool>,
) -> Result<(), EngineError> {
    if or_replace && if_not_exists {
        return Err(both_replace_and_if_not_exists("auth rule", name));
    }
    if catalog.auth_rules.contains_key(name) {
        if if_not_exists {
            return Ok(());
        }
        if !or_replace {
            return Err(EngineError::of(ErrorKind::AuthRuleExists {
                action: format!("create the specified auth rule '{name}'"),
            }));
        }
    }
    // A1: OR REPLACE creates a new rule, without the old rule's roles and
    // with the default `enabled`.
    catalog.auth_rules.insert(
        name.to_string(),
        AuthRule {
            name: name.to_string(),
            condition: condition.to_string(),
            expression: Arc::new(expression.clone()),
            enabled: enabled.unwrap_or(true),
            roles: Default::default(),
        },
    );
    Ok(())
}

fn alter(
    catalog: &mut Catalog,
    name: &str,
    if_exists: bool,
    condition: Option<(&str, &Expr)>,
    enabled: Option<bool>,
) -> Result<(), EngineError> {
    if condition.is_none() && enabled.is_none() {
        return Err(EngineError::of(ErrorKind::InvalidCommand {
            action: format!("alter the specified auth rule '{name}'"),
            reason: "at least one of SET CONDITION and SET ENABLED must be specified.".to_string(),
        }));
    }
    let Some(rule) = catalog.auth_rules.get_mut(name) else {
        return if if_exists {
            Ok(())
        } else {
            Err(missing("alter", name))
        };
    };
    if let Some((text, expression)) = condition {
        rule.condition = text.to_string();
        rule.expression = Arc::new(expression.clone());
    }
    if let Some(flag) = enabled {
        rule.enabled = flag;
    }
    Ok(())
}

fn rename(catalog: &mut Catalog, from: &str, to: &str, if_exists: bool) -> Result<(), EngineError> {
    if !catalog.auth_rules.contains_key(from) {
        return if if_exists {
            Ok(())
        } else {
            Err(missing("rename", from))
        };
    }
    if catalog.auth_rules.contains_key(to) {
        return Err(EngineError::of(ErrorKind::AuthRuleExists {
            action: format!("rename the specified auth rule '{from}' to '{to}'"),
        }));
    }
    if let Some(mut rule) = catalog.auth_rules.remove(from) {
        rule.name = to.to_string();
        catalog.auth_rules.insert(to.to_string(), rule);
    }
    Ok(())
}

/// Checks every (role, rule) pair: the role is assignable, the rule exists.
fn check_pairs(
    catalog: &Catalog,
    roles: &[String],
    rules: &[String],
    verb: &str,
) -> Result<(), EngineError> {
    for rule in rules {
        let target = format!("auth rule '{rule}'");
        for role in roles {
            check_assignable(catalog, role, verb, &target)?;
            if !catalog.auth_rules.contains_key(rule) {
                let preposition = if verb == "grant" { "to" } else { "from" };
                return Err(EngineError::of(ErrorKind::AuthRuleNotFound {
                    action: format!("{verb} role '{role}' {preposition} {target}"),
                }));
            }
        }
    }
    Ok(())
}

fn grant(catalog: &mut Catalog, roles: &[String], rules: &[String]) -> Result<(), EngineError> {
    check_pairs(catalog, roles, rules, "grant")?;
    // A4: a role holding any DENY cannot be granted to an auth rule.
    for role in roles {
        if catalog.roles.get(role).is_some_and(|r| r.has_deny())
            && let Some(rule) = rules.first()
        {
            return Err(EngineError::of(ErrorKind::AuthRuleRoleWithDeny {
                action: format!("grant role '{role}' to auth rule '{rule}'"),
            }));
        }
    }
    for rule in rules {
        if let Some(r) = catalog.auth_rules.get_mut(rule) {
            r.roles.extend(roles.iter().cloned());
        }
    }
    Ok(())
}

fn revoke(catalog: &mut Catalog, roles: &[String], rules: &[String]) -> Result<(), EngineError> {
    check_pairs(catalog, roles, rules, "revoke")?;
    for rule in rules {
        if let Some(r) = catalog.auth_rules.get_mut(rule) {
            for role in roles {
                r.roles.remove(role);
            }
        }
    }
    Ok(())
}
