//! Administration commands (docs/spec/scenario-format.md "Administration"): their
//! syntax tree, and applying them to the catalog ([`exec`]).
//!
//! Parsing lives in [`crate::cypher::admin`]. Commands that would break an
//! invariant fail and change nothing (E2).

mod auth_rules;
pub mod exec;
mod privileges;
pub mod render;
pub mod show;

use crate::ast::{Expr, Projection};
use crate::catalog::{Access, Action, GraphScope, PropertyRule};
use crate::graph::TokenKind;

/// What a privilege command does to the stored privileges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivilegeVerb {
    /// `GRANT`.
    Grant,
    /// `DENY`.
    Deny,
    /// `REVOKE GRANT`.
    RevokeGrant,
    /// `REVOKE DENY`.
    RevokeDeny,
    /// `REVOKE` (both).
    Revoke,
}

impl PrivilegeVerb {
    /// The access a GRANT/DENY stores, or that a REVOKE GRANT/DENY removes;
    /// `None` for plain REVOKE (both).
    pub fn access(self) -> Option<Access> {
        match self {
            PrivilegeVerb::Grant | PrivilegeVerb::RevokeGrant => Some(Access::Granted),
            PrivilegeVerb::Deny | PrivilegeVerb::RevokeDeny => Some(Access::Denied),
            PrivilegeVerb::Revoke => None,
        }
    }
}

/// A segment as written in a command, before splitting per name (P2, P5).
#[derive(Debug, Clone, PartialEq)]
pub enum SegmentSpec {
    /// `NODES L1, L2` (empty list = `*`).
    Nodes(Vec<String>),
    /// `RELATIONSHIPS T1, T2` (empty = `*`).
    Relationships(Vec<String>),
    /// `ELEMENTS X, Y` (empty = `*`); also the default when no segment is written.
    Elements(Vec<String>),
    /// `FOR (n[:L1|L2]) WHERE pred` or `FOR (n[:L]) {k: v}`.
    NodeRule {
        /// Labels (any of them); empty = every node.
        labels: Vec<String>,
        /// The rule.
        rule: PropertyRule,
    },
    /// `FOR ()-[r[:T1|T2]]-() WHERE pred`.
    RelRule {
        /// Types; empty = every relationship.
        rel_types: Vec<String>,
        /// The rule.
        rule: PropertyRule,
    },
    /// A database-level privilege (`ACCESS ON DATABASE x`).
    Database,
    /// A qualifier of another privilege as written (`LABEL A`); stored as is.
    Other(String),
}

/// The privilege named by a GRANT/DENY/REVOKE command.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivilegeSpec {
    /// The action.
    pub action: Action,
    /// `{p, ...}` (`None` = not a property privilege, `Some(vec![])` never
    /// happens; `{*}` is `Some(vec!["*"])`).
    pub properties: Option<Vec<String>>,
    /// The graphs or databases (`ON GRAPH a, b`).
    pub graphs: Vec<GraphScope>,
    /// The segment.
    pub segment: SegmentSpec,
}

/// The optional tail of a SHOW command: `YIELD ... WHERE ... ORDER BY ... SKIP ... LIMIT ... [RETURN ...]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShowTail {
    /// `YIELD` projection (with its ORDER BY/SKIP/LIMIT/WHERE), or `None`.
    pub yields: Option<Projection>,
    /// A bare `WHERE` (without YIELD).
    pub predicate: Option<Expr>,
    /// A final `RETURN`.
    pub returns: Option<Projection>,
}

/// An administration command.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminCommand {
    /// `CREATE [OR REPLACE] ROLE r [IF NOT EXISTS] [AS COPY OF s]`, and the
    /// 3.x `dbms.security.createRole(r)`.
    CreateRole {
        /// Name.
        name: String,
        /// `OR REPLACE`.
        or_replace: bool,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// `AS COPY OF`.
        copy_of: Option<String>,
    },
    /// `DROP ROLE r [IF EXISTS]`.
    DropRole {
        /// Name.
        name: String,
        /// `IF EXISTS`.
        if_exists: bool,
    },
    /// `CREATE [OR REPLACE] USER u [IF NOT EXISTS] SET [PLAINTEXT] PASSWORD '...' [CHANGE [NOT] REQUIRED]`,
    /// and the 3.x `dbms.security.createUser(name, password, requirePasswordChange)`.
    CreateUser {
        /// Name.
        name: String,
        /// `OR REPLACE`.
        or_replace: bool,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// The password (stored nowhere: scenarios never log in with it).
        password: Option<String>,
        /// `CHANGE REQUIRED` (Neo4j's default is true).
        change_required: bool,
    },
    /// `DROP USER u [IF EXISTS]`.
    DropUser {
        /// Name.
        name: String,
        /// `IF EXISTS`.
        if_exists: bool,
    },
    /// `GRANT ROLE[S] r, ... TO u, ...` and the 3.x `dbms.security.addRoleToUser(r, u)`.
    GrantRoles {
        /// Roles.
        roles: Vec<String>,
        /// Users.
        users: Vec<String>,
    },
    /// `REVOKE ROLE[S] r, ... FROM u, ...`.
    RevokeRoles {
        /// Roles.
        roles: Vec<String>,
        /// Users.
        users: Vec<String>,
    },
    /// `GRANT|DENY|REVOKE [GRANT|DENY] <privilege> ON ... TO|FROM roles`.
    Privilege {
        /// What the command does.
        verb: PrivilegeVerb,
        /// The privilege.
        privilege: PrivilegeSpec,
        /// The roles.
        roles: Vec<String>,
    },
    /// `CREATE [OR REPLACE] AUTH RULE name [IF NOT EXISTS] SET CONDITION expr [SET ENABLED b]`.
    CreateAuthRule {
        /// Name.
        name: String,
        /// `OR REPLACE`.
        or_replace: bool,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// The condition's source text.
        condition: String,
        /// The parsed condition.
        condition_expr: Expr,
        /// `SET ENABLED` (default true).
        enabled: Option<bool>,
    },
    /// `ALTER AUTH RULE name [IF EXISTS] [SET CONDITION expr] [SET ENABLED b]`.
    AlterAuthRule {
        /// Name.
        name: String,
        /// `IF EXISTS`.
        if_exists: bool,
        /// New condition (text, parsed).
        condition: Option<(String, Expr)>,
        /// New enabled flag.
        enabled: Option<bool>,
    },
    /// `RENAME AUTH RULE a [IF EXISTS] TO b`.
    RenameAuthRule {
        /// Old name.
        from: String,
        /// New name.
        to: String,
        /// `IF EXISTS`.
        if_exists: bool,
    },
    /// `DROP AUTH RULE name [IF EXISTS]`.
    DropAuthRule {
        /// Name.
        name: String,
        /// `IF EXISTS`.
        if_exists: bool,
    },
    /// `GRANT ROLE[S] r, ... TO AUTH RULE[S] a, ...`.
    GrantRolesToAuthRules {
        /// Roles.
        roles: Vec<String>,
        /// Rules.
        rules: Vec<String>,
    },
    /// `REVOKE ROLE[S] r, ... FROM AUTH RULE[S] a, ...`.
    RevokeRolesFromAuthRules {
        /// Roles.
        roles: Vec<String>,
        /// Rules.
        rules: Vec<String>,
    },
    /// `SHOW ROLES [WITH USERS | WITH AUTH RULES]`.
    ShowRoles {
        /// `WITH USERS`.
        with_users: bool,
        /// `WITH AUTH RULES`.
        with_auth_rules: bool,
        /// YIELD/WHERE/RETURN tail.
        tail: ShowTail,
    },
    /// `SHOW USERS`.
    ShowUsers {
        /// YIELD/WHERE/RETURN tail.
        tail: ShowTail,
    },
    /// `SHOW [ROLE r[, ...]] PRIVILEGES [AS COMMANDS]`.
    ShowPrivileges {
        /// Roles to show (empty = all).
        roles: Vec<String>,
        /// `AS COMMANDS`.
        as_commands: bool,
        /// YIELD/WHERE/RETURN tail.
        tail: ShowTail,
    },
    /// `SHOW AUTH RULES [AS COMMANDS]`.
    ShowAuthRules {
        /// `AS COMMANDS`.
        as_commands: bool,
        /// YIELD/WHERE/RETURN tail.
        tail: ShowTail,
    },
    /// `CALL db.createLabel('L')` and friends (D3).
    CreateToken {
        /// Which registry.
        kind: TokenKind,
        /// The name.
        name: String,
    },
}
