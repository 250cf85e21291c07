//! The security catalog as data: roles, users and their privileges
//! (SEMANTICS.md sections 2-3), with the built-in roles of U1-U2.
//!
//! Storing and changing the catalog is shared; *deciding* what a privilege
//! means for an element is each engine's job. Applying administration
//! commands lives in [`crate::admin::exec`].

use std::collections::{BTreeMap, BTreeSet};

use crate::value::Value;

/// GRANT or DENY.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Access {
    /// A grant.
    Granted,
    /// A deny.
    Denied,
}

/// The stored action of a privilege. MATCH is its own action (P5).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// `ACCESS` on a database.
    Access,
    /// `TRAVERSE`.
    Traverse,
    /// `READ {props}`.
    Read,
    /// `MATCH {props}`.
    Match,
    /// Any other privilege (write privileges, `ALL GRAPH PRIVILEGES`, ...),
    /// kept by its command keywords as written in canonical upper case
    /// (`CREATE`, `SET LABEL`, `CREATE NEW NODE LABEL`). Stored and shown,
    /// no effect on reads.
    Other(String),
}

/// Which property keys a READ/MATCH privilege covers. One stored privilege
/// names one key or `*` (P5).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PropertySet {
    /// Not a property privilege (TRAVERSE, ACCESS, ...).
    None,
    /// `{*}`: every key, including future ones (P1).
    All,
    /// One key.
    Key(String),
}

/// The graph(s) a privilege is on (D4).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GraphScope {
    /// `*`.
    All,
    /// `HOME GRAPH` / `HOME DATABASE`.
    Home,
    /// `DEFAULT GRAPH` / `DEFAULT DATABASE`.
    Default,
    /// A graph or database by name.
    Named(String),
}

/// The comparison of a property rule (Q1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleOp {
    /// `=` (also the map form `{k: v}`).
    Equal,
    /// `<>`.
    NotEqual,
    /// `<`.
    Less,
    /// `<=`.
    LessEqual,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterEqual,
}

/// The predicate of a property rule (Q1): one property, one constant.
#[derive(Debug, Clone, PartialEq)]
pub enum RulePredicate {
    /// `n.k <op> v`.
    Compare(RuleOp, Value),
    /// `n.k IS NULL`.
    IsNull,
    /// `n.k IS NOT NULL`.
    IsNotNull,
    /// `n.k IN [v, ...]`.
    InList(Vec<Value>),
    /// `v IN n.k`.
    Contains(Value),
}

/// A property rule (P2, Q1): `[NOT] <predicate on key>`.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyRule {
    /// The variable as written (`n` in `FOR (n:L) WHERE n.k = 1`), for display.
    pub var: String,
    /// The constrained key.
    pub key: String,
    /// The predicate.
    pub predicate: RulePredicate,
    /// Preceded by `NOT`.
    pub negated: bool,
    /// Written in map form `{k: v}`.
    pub map_form: bool,
}

/// Where a privilege applies (P2). Multi-name commands are split: one stored
/// privilege per label or type (P5).
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// `NODES L` (`Some`) or `NODES *` (`None`).
    Nodes(Option<String>),
    /// `RELATIONSHIPS T` or `RELATIONSHIPS *`.
    Relationships(Option<String>),
    /// `FOR (n[:L]) WHERE ...`: a node property rule, with one label or none.
    NodeRule {
        /// The label, or `None` for every node.
        label: Option<String>,
        /// The rule.
        rule: PropertyRule,
    },
    /// `FOR ()-[r[:T]]-() WHERE ...`: a relationship property rule.
    RelRule {
        /// The type, or `None` for every relationship.
        rel_type: Option<String>,
        /// The rule.
        rule: PropertyRule,
    },
    /// A database-level privilege (ACCESS and the like).
    Database,
    /// A privilege of another kind with its own qualifier as written
    /// (`LABEL A` for SET LABEL, for instance); no effect on reads.
    Other(String),
}

/// One stored privilege of a role.
#[derive(Debug, Clone, PartialEq)]
pub struct Privilege {
    /// GRANT or DENY.
    pub access: Access,
    /// The action.
    pub action: Action,
    /// Keys covered by READ/MATCH.
    pub properties: PropertySet,
    /// The graph or database.
    pub graph: GraphScope,
    /// The segment.
    pub segment: Segment,
}

/// A role and its privileges.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// Name.
    pub name: String,
    /// Privileges in the order they were stored.
    pub privileges: Vec<Privilege>,
}

/// A native user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Name.
    pub name: String,
    /// Roles granted with GRANT ROLE (PUBLIC is implicit, U1).
    pub roles: BTreeSet<String>,
    /// Whether the password must be changed at first login.
    pub password_change_required: bool,
}

/// An auth rule (SEMANTICS.md section 5): stored now, evaluated by a later issue.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthRule {
    /// Name.
    pub name: String,
    /// The condition's source text.
    pub condition: String,
    /// Enabled (A1 default true).
    pub enabled: bool,
    /// Roles granted to the rule.
    pub roles: BTreeSet<String>,
}

/// The whole security catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Roles by name (built-in ones included).
    pub roles: BTreeMap<String, Role>,
    /// Users by name.
    pub users: BTreeMap<String, User>,
    /// Auth rules by name.
    pub auth_rules: BTreeMap<String, AuthRule>,
    /// Bumped by every command that changes the catalog, so engines may cache per version.
    pub version: u64,
}

/// Name of the role every user holds (U1).
pub const PUBLIC: &str = "PUBLIC";
/// Name of the administrator role (U2).
pub const ADMIN: &str = "admin";

impl Catalog {
    /// The catalog of a fresh database: built-in roles, no users (placeholder until the catalog work lands).
    pub fn with_builtins() -> Catalog {
        todo!("catalog agent")
    }
}
