//! SHOW ROLES / USERS / PRIVILEGES / AUTH RULES as result rows with Neo4j's
//! column names and values (Operations Manual, "Role-based access control"
//! → "Showing assigned privileges", "Managing roles", "Managing users",
//! "Attribute-based access control").
//!
//! All rows and columns are returned; a YIELD/WHERE/RETURN tail is applied
//! by the caller. Rows are sorted: roles, users and auth rules by name
//! (also auth rules `AS COMMANDS`), privileges by role then command text,
//! privileges `AS COMMANDS` by command text.

use crate::admin::AdminCommand;
use crate::admin::render::{
    auth_rule_command, privilege_command, qualifier_parts, rule_segment_column,
};
use crate::catalog::{
    ALL_DATA_QUALIFIER, Access, Action, CIDR_QUALIFIER, Catalog, DBMS_QUALIFIER, GraphScope, LOAD,
    PUBLIC, Privilege, PropertySet, Segment,
};
use crate::rows::QueryResult;
use crate::value::Value;

/// The columns of a SHOW command's result (before its YIELD/RETURN), or
/// `None` for other commands. The parser checks a SHOW command's tail
/// against them, and the rows below follow them.
pub fn columns(command: &AdminCommand) -> Option<&'static [&'static str]> {
    Some(match command {
        AdminCommand::ShowRoles {
            with_users,
            with_auth_rules,
            ..
        } => role_columns(*with_users, *with_auth_rules),
        AdminCommand::ShowUsers { .. } => USER_COLUMNS,
        AdminCommand::ShowPrivileges { as_commands, .. } => {
            if *as_commands {
                COMMAND_COLUMNS
            } else {
                PRIVILEGE_COLUMNS
            }
        }
        AdminCommand::ShowAuthRules { as_commands, tail } => {
            auth_rule_columns(*as_commands, tail.yields.is_some())
        }
        _ => return None,
    })
}

/// The columns of `SHOW AUTH RULES [AS COMMANDS]`: `AS COMMANDS` has
/// `command`, and also `roles` when a YIELD can select it (`YIELD *`,
/// `YIELD command, roles`), as the manual lists both columns for it while
/// the command text alone is the default.
pub(crate) fn auth_rule_columns(as_commands: bool, yields: bool) -> &'static [&'static str] {
    match (as_commands, yields) {
        (false, _) => AUTH_RULE_COLUMNS,
        (true, false) => COMMAND_COLUMNS,
        (true, true) => AUTH_RULE_COMMAND_COLUMNS,
    }
}

/// `SHOW USERS`.
pub(crate) const USER_COLUMNS: &[&str] = &[
    "user",
    "roles",
    "passwordChangeRequired",
    "suspended",
    "home",
];
/// `SHOW PRIVILEGES`.
pub(crate) const PRIVILEGE_COLUMNS: &[&str] = &[
    "access",
    "action",
    "resource",
    "graph",
    "segment",
    "role",
    "immutable",
];
/// `SHOW AUTH RULES`.
pub(crate) const AUTH_RULE_COLUMNS: &[&str] = &["name", "condition", "enabled", "roles"];
/// `... AS COMMANDS`.
pub(crate) const COMMAND_COLUMNS: &[&str] = &["command"];
/// `SHOW AUTH RULES AS COMMANDS YIELD ...`: the roles granted to each rule
/// come with its command.
pub(crate) const AUTH_RULE_COMMAND_COLUMNS: &[&str] = &["command", "roles"];

/// `SHOW ROLES [WITH USERS | WITH AUTH RULES]`.
pub(crate) fn role_columns(with_users: bool, with_auth_rules: bool) -> &'static [&'static str] {
    if with_users {
        &["role", "member"]
    } else if with_auth_rules {
        &["role", "authRule"]
    } else {
        &["role"]
    }
}

/// The rows of a SHOW command, or `None` for other commands.
pub fn answer(command: &AdminCommand, catalog: &Catalog) -> Option<QueryResult> {
    Some(match command {
        AdminCommand::ShowRoles {
            with_users,
            with_auth_rules,
            ..
        } => show_roles(catalog, *with_users, *with_auth_rules),
        AdminCommand::ShowUsers { .. } => show_users(catalog),
        AdminCommand::ShowPrivileges {
            roles, as_commands, ..
        } => show_privileges(catalog, roles, *as_commands),
        AdminCommand::ShowAuthRules { as_commands, tail } => {
            show_auth_rules(catalog, *as_commands, tail.yields.is_some())
        }
        _ => return None,
    })
}

fn result(columns: &[&str], rows: Vec<Vec<Value>>) -> QueryResult {
    QueryResult {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
        sort_keys: None,
    }
}

fn string(s: &str) -> Value {
    Value::String(s.to_string())
}

fn string_list<'a>(items: impl IntoIterator<Item = &'a String>) -> Value {
    Value::List(sorted_strings(items))
}

/// The names sorted and deduplicated, as string values.
fn sorted_strings<'a>(items: impl IntoIterator<Item = &'a String>) -> Vec<Value> {
    let mut list: Vec<&String> = items.into_iter().collect();
    list.sort();
    list.dedup();
    list.into_iter().map(|s| string(s)).collect()
}

/// `SHOW ROLES`: column `role`; `WITH USERS` adds `member` (one row per
/// role and member, null for a role without members; PUBLIC's members are
/// all users); `WITH AUTH RULES` adds `authRule` likewise.
pub fn show_roles(catalog: &Catalog, with_users: bool, with_auth_rules: bool) -> QueryResult {
    let mut rows = Vec::new();
    for name in catalog.roles.keys() {
        let members: Vec<&String> = if with_users {
            catalog
                .users
                .values()
                .filter(|u| name == PUBLIC || u.roles.contains(name))
                .map(|u| &u.name)
                .collect()
        } else if with_auth_rules {
            catalog
                .auth_rules
                .values()
                .filter(|r| r.roles.contains(name))
                .map(|r| &r.name)
                .collect()
        } else {
            rows.push(vec![string(name)]);
            continue;
        };
        if members.is_empty() {
            rows.push(vec![string(name), Value::Null]);
        }
        for member in members {
            rows.push(vec![string(name), string(member)]);
        }
    }
    if with_users {
        result(role_columns(true, false), rows)
    } else if with_auth_rules {
        result(role_columns(false, true), rows)
    } else {
        result(role_columns(false, false), rows)
    }
}

/// `SHOW USERS`: `user`, `roles` (the granted roles sorted, then PUBLIC,
/// as in every example of the manual's "Manage users" and "Manage roles"
/// pages: `["role1","role2","PUBLIC"]`), `passwordChangeRequired`,
/// `suspended` (always false), `home` (null).
pub fn show_users(catalog: &Catalog) -> QueryResult {
    let rows = catalog
        .users
        .values()
        .map(|u| {
            let mut roles = sorted_strings(u.roles.iter().filter(|r| r.as_str() != PUBLIC));
            roles.push(string(PUBLIC));
            vec![
                string(&u.name),
                Value::List(roles),
                Value::Boolean(u.password_change_required),
                Value::Boolean(false),
                Value::Null,
            ]
        })
        .collect();
    result(USER_COLUMNS, rows)
}

/// `SHOW [ROLE r, ...] PRIVILEGES [AS COMMANDS]`. Naming a role that does
/// not exist shows nothing for it, as Neo4j does.
pub fn show_privileges(catalog: &Catalog, roles: &[String], as_commands: bool) -> QueryResult {
    let mut entries: Vec<(&str, String, &Privilege)> = catalog
        .roles
        .values()
        .filter(|r| roles.is_empty() || roles.contains(&r.name))
        .flat_map(|r| {
            r.privileges
                .iter()
                .map(move |p| (r.name.as_str(), privilege_command(&r.name, p), p))
        })
        .collect();
    if as_commands {
        let mut commands: Vec<String> = entries.into_iter().map(|(_, c, _)| c).collect();
        commands.sort();
        // WRITE's NODE and RELATIONSHIP rows are one command (see render).
        commands.dedup();
        let rows = commands
            .into_iter()
            .map(|c| vec![Value::String(c)])
            .collect();
        return result(COMMAND_COLUMNS, rows);
    }
    entries.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let rows = entries
        .into_iter()
        .map(|(role, _, p)| {
            vec![
                string(match p.access {
                    Access::Granted => "GRANTED",
                    Access::Denied => "DENIED",
                }),
                Value::String(action_column(&p.action)),
                Value::String(resource_column(p)),
                Value::String(graph_column(&p.graph)),
                Value::String(segment_column(p)),
                string(role),
                Value::Boolean(false),
            ]
        })
        .collect();
    result(PRIVILEGE_COLUMNS, rows)
}

/// `SHOW AUTH RULES`: `name`, `condition` (as written), `enabled`, `roles`
/// (sorted), one row per rule by name; `AS COMMANDS`: `command`, with
/// `roles` too when `yields` (see [`auth_rule_columns`]).
pub fn show_auth_rules(catalog: &Catalog, as_commands: bool, yields: bool) -> QueryResult {
    if as_commands {
        let columns = auth_rule_columns(true, yields);
        let rows = catalog
            .auth_rules
            .values()
            .map(|r| {
                let mut row = vec![Value::String(auth_rule_command(r))];
                if yields {
                    row.push(string_list(&r.roles));
                }
                row
            })
            .collect();
        return result(columns, rows);
    }
    let rows = catalog
        .auth_rules
        .values()
        .map(|r| {
            vec![
                string(&r.name),
                string(&r.condition),
                Value::Boolean(r.enabled),
                string_list(&r.roles),
            ]
        })
        .collect();
    result(AUTH_RULE_COLUMNS, rows)
}

/// Neo4j's `action` column: `traverse`, `read`, `match`, `access`, and
/// for other privileges the names SHOW PRIVILEGES uses (`write`, `token`
/// for NAME MANAGEMENT, `show_index`, ...); unknown keywords become
/// lower-case words joined by `_`.
pub fn action_column(action: &Action) -> String {
    let keywords = match action {
        Action::Access => return "access".to_string(),
        Action::Traverse => return "traverse".to_string(),
        Action::Read => return "read".to_string(),
        Action::Match => return "match".to_string(),
        Action::Other(k) => k.as_str(),
    };
    let known = [
        ("WRITE", "write"),
        ("CREATE", "create_element"),
        ("DELETE", "delete_element"),
        ("MERGE", "merge"),
        ("SET LABEL", "set_label"),
        ("REMOVE LABEL", "remove_label"),
        ("SET PROPERTY", "set_property"),
        ("ALL GRAPH PRIVILEGES", "graph_actions"),
        ("ALL", "graph_actions"),
        ("NAME MANAGEMENT", "token"),
        ("NAME", "token"),
        ("INDEX MANAGEMENT", "index"),
        ("INDEX", "index"),
        ("CONSTRAINT MANAGEMENT", "constraint"),
        ("CONSTRAINT", "constraint"),
        ("SHOW INDEX", "show_index"),
        ("SHOW CONSTRAINT", "show_constraint"),
        ("CREATE INDEX", "create_index"),
        ("DROP INDEX", "drop_index"),
        ("CREATE CONSTRAINT", "create_constraint"),
        ("DROP CONSTRAINT", "drop_constraint"),
        ("CREATE NEW NODE LABEL", "create_label"),
        ("CREATE NEW LABEL", "create_label"),
        ("CREATE NEW RELATIONSHIP TYPE", "create_reltype"),
        ("CREATE NEW TYPE", "create_reltype"),
        ("CREATE NEW PROPERTY NAME", "create_propertykey"),
        ("CREATE NEW NAME", "create_propertykey"),
        ("START", "start_database"),
        ("STOP", "stop_database"),
        ("ALL DATABASE PRIVILEGES", "database_actions"),
        ("ALL DBMS PRIVILEGES", "dbms_actions"),
        (LOAD, "load"),
    ];
    if let Some((_, name)) = known.iter().find(|(k, _)| *k == keywords) {
        return name.to_string();
    }
    if keywords.starts_with("EXECUTE") {
        return if keywords.contains("BOOSTED") {
            "execute_boosted"
        } else if keywords.contains("ADMIN") {
            "execute_admin"
        } else {
            "execute"
        }
        .to_string();
    }
    if keywords.starts_with("TRANSACTION MANAGEMENT") {
        return "transaction_management".to_string();
    }
    keywords
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// Neo4j's `resource` column: `all_properties` / `property(k)` for property
/// privileges, `database` for database and DBMS privileges (qualifiers
/// `DBMS`, `USER`, `PROCEDURE`, `FUNCTION`), `label(L)` / `all_labels` for
/// SET/REMOVE LABEL, `file` for LOAD, `graph` otherwise.
pub fn resource_column(p: &Privilege) -> String {
    match &p.properties {
        PropertySet::All => return "all_properties".to_string(),
        PropertySet::Key(k) => return format!("property({k})"),
        PropertySet::None => {}
    }
    match (&p.action, &p.segment) {
        // The manual's listing prints LOAD ON ALL DATA with resource `file`;
        // a CIDR range is a source of the same kind (semantics.md section 10).
        (Action::Other(k), _) if k == LOAD => "file".to_string(),
        (Action::Access, _) | (_, Segment::Database) => "database".to_string(),
        (_, Segment::Other(q)) => match qualifier_parts(q) {
            ("LABEL", "*") => "all_labels".to_string(),
            ("LABEL", label) => format!("label({label})"),
            (DBMS_QUALIFIER | "USER" | "PROCEDURE" | "FUNCTION", _) => "database".to_string(),
            _ => "graph".to_string(),
        },
        _ => "graph".to_string(),
    }
}

/// Neo4j's `graph` column: `*`, `HOME`, `DEFAULT` or the name.
pub fn graph_column(graph: &GraphScope) -> String {
    match graph {
        GraphScope::All => "*".to_string(),
        GraphScope::Home => "HOME".to_string(),
        GraphScope::Default => "DEFAULT".to_string(),
        GraphScope::Named(name) => name.clone(),
    }
}

/// Neo4j's `segment` column: `NODE(A)`, `NODE(*)`, `RELATIONSHIP(T)`,
/// `database`, `FOR((n:A) WHERE n.k = 1)` for property rules (Neo4j's
/// `PatternSegment` text), `PROCEDURE(*)` / `FUNCTION(*)` for EXECUTE,
/// `USER(*)` for TRANSACTION MANAGEMENT, `NODE(*)` for SET/REMOVE LABEL,
/// `ALL DATA` / `CIDR(127.0.0.1/32)` for LOAD.
pub fn segment_column(p: &Privilege) -> String {
    match &p.segment {
        Segment::Nodes(label) => format!("NODE({})", label.as_deref().unwrap_or("*")),
        Segment::Relationships(t) => format!("RELATIONSHIP({})", t.as_deref().unwrap_or("*")),
        Segment::NodeRule { .. } | Segment::RelRule { .. } => {
            rule_segment_column(&p.segment).unwrap_or_default()
        }
        Segment::Database => "database".to_string(),
        Segment::Other(q) if q == ALL_DATA_QUALIFIER => ALL_DATA_QUALIFIER.to_string(),
        Segment::Other(q) => match qualifier_parts(q) {
            (DBMS_QUALIFIER, _) => "database".to_string(),
            ("LABEL", _) => "NODE(*)".to_string(),
            (kind @ ("USER" | "PROCEDURE" | "FUNCTION" | CIDR_QUALIFIER), names) => {
                format!("{kind}({names})")
            }
            _ => q.clone(),
        },
    }
}
