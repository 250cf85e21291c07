//! The security catalog as data: roles, users and their privileges
//! (docs/spec/semantics.md sections 2-3), with the built-in roles of U1-U2.
//!
//! Storing and changing the catalog is shared; *deciding* what a privilege
//! means for an element is each engine's job. Applying administration
//! commands lives in [`crate::admin::exec`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::ast::Expr;

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
    /// A graph or database by name. Names are case-insensitive (D4): the
    /// parser and the stored privileges hold them in lowercase, see
    /// [`GraphScope::named`].
    Named(String),
}

impl GraphScope {
    /// A graph or database by name, normalised to lowercase: D4 makes
    /// database and graph names case-insensitive, so `NEO4J`, `` `Neo4j` ``
    /// and `neo4j` name one database and are shown as `neo4j`. Unicode
    /// lowercase, so that every spelling Neo4j would accept maps to one name.
    pub fn named(name: &str) -> Self {
        GraphScope::Named(name.to_lowercase())
    }

    /// The same scope with a name normalised as [`GraphScope::named`] does
    /// (commands built without the parser get the same stored form).
    pub fn normalized(&self) -> Self {
        match self {
            GraphScope::Named(name) => GraphScope::named(name),
            other => other.clone(),
        }
    }
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

/// An auth rule (docs/spec/semantics.md section 5). The condition is parsed
/// and checked (A2) once, by CREATE/ALTER AUTH RULE: engines evaluate
/// `expression` and never parse `condition` again.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthRule {
    /// Name.
    pub name: String,
    /// The condition's source text as written (`SHOW AUTH RULES`).
    pub condition: String,
    /// The condition parsed from `condition`. Shared, because every
    /// command runs on a copy of the catalog (E2); equality compares the
    /// trees, so two rules are equal when their conditions parse alike.
    pub expression: Arc<Expr>,
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

/// Pseudo-segment qualifier of privileges granted `ON DBMS` (`ALL DBMS
/// PRIVILEGES`, `EXECUTE PROCEDURE *`): stored as `Segment::Other("DBMS")`
/// with graph `*`, rendered `... ON DBMS`.
pub const DBMS_QUALIFIER: &str = "DBMS";

/// Keywords of the LOAD privilege (Load privileges): stored as
/// `Action::Other(LOAD)` on graph `*`, with the data source as its
/// [`Segment::Other`] qualifier, [`ALL_DATA_QUALIFIER`] or
/// `CIDR <range>` ([`CIDR_QUALIFIER`]). It decides what `LOAD CSV` may read,
/// which is outside the read subset: no effect on reads.
pub const LOAD: &str = "LOAD";

/// Qualifier of `LOAD ON ALL DATA`.
pub const ALL_DATA_QUALIFIER: &str = "ALL DATA";

/// First word of the qualifier of `LOAD ON CIDR "range"`: `CIDR 10.0.0.0/8`,
/// the range as written.
pub const CIDR_QUALIFIER: &str = "CIDR";

/// The roles that exist before any command runs (U1, U2).
pub const BUILTIN_ROLES: [&str; 6] = [PUBLIC, "reader", "editor", "publisher", "architect", ADMIN];

impl PropertyRule {
    /// Whether two rules constrain the same key with the same predicate.
    /// The variable name and the map form are spelling only: Neo4j stores a
    /// rule in one canonical form, so `FOR (n:A) {k: 1}` and
    /// `FOR (m:A) WHERE m.k = 1` are the same stored privilege (P5).
    pub fn same_rule(&self, other: &PropertyRule) -> bool {
        self.key == other.key && self.negated == other.negated && self.predicate == other.predicate
    }
}

impl Segment {
    /// Identity of segments for storing and revoking (P5); property rules
    /// compare by [`PropertyRule::same_rule`].
    pub fn same_segment(&self, other: &Segment) -> bool {
        match (self, other) {
            (Segment::NodeRule { label: a, rule: r }, Segment::NodeRule { label: b, rule: s }) => {
                a == b && r.same_rule(s)
            }
            (
                Segment::RelRule {
                    rel_type: a,
                    rule: r,
                },
                Segment::RelRule {
                    rel_type: b,
                    rule: s,
                },
            ) => a == b && r.same_rule(s),
            _ => self == other,
        }
    }
}

impl Privilege {
    /// Identity of stored privileges (P5): same access, action, property
    /// set, graph and segment.
    pub fn same_privilege(&self, other: &Privilege) -> bool {
        self.access == other.access && self.same_except_access(other)
    }

    /// Identity ignoring GRANT/DENY, for plain `REVOKE` (P5).
    pub fn same_except_access(&self, other: &Privilege) -> bool {
        self.action == other.action
            && self.properties == other.properties
            && self.graph == other.graph
            && self.segment.same_segment(&other.segment)
    }

    /// A granted privilege (the built-in roles and generated worlds build
    /// them this way).
    pub fn granted(
        action: Action,
        properties: PropertySet,
        graph: GraphScope,
        segment: Segment,
    ) -> Self {
        Privilege {
            access: Access::Granted,
            action,
            properties,
            graph,
            segment,
        }
    }
}

impl Role {
    /// An empty role.
    pub fn new(name: &str) -> Self {
        Role {
            name: name.to_string(),
            privileges: Vec::new(),
        }
    }

    /// Whether the role holds any DENY (A4).
    pub fn has_deny(&self) -> bool {
        self.privileges.iter().any(|p| p.access == Access::Denied)
    }

    /// Whether an identical privilege is stored (P5).
    pub fn holds(&self, privilege: &Privilege) -> bool {
        self.privileges.iter().any(|p| p.same_privilege(privilege))
    }
}

impl Catalog {
    /// An empty catalog: no roles, no users, no rules.
    pub fn empty() -> Self {
        Catalog {
            roles: BTreeMap::new(),
            users: BTreeMap::new(),
            auth_rules: BTreeMap::new(),
            version: 0,
        }
    }

    /// The catalog of a fresh Neo4j 5 DBMS (U1, U2): PUBLIC and the built-in
    /// roles with the privileges the Operations Manual lists under
    /// "Built-in roles and privileges" (since Neo4j 5.13 with `LOAD ON ALL
    /// DATA` for PUBLIC and admin); no users, no auth rules.
    pub fn with_builtins() -> Self {
        let mut catalog = Catalog::empty();
        for name in BUILTIN_ROLES {
            let role = Role {
                name: name.to_string(),
                privileges: builtin_privileges(name),
            };
            catalog.roles.insert(name.to_string(), role);
        }
        catalog
    }
}

/// Neo4j 5's default privileges of built-in role `name`; each role holds
/// everything of the one below it (reader < editor < publisher < architect
/// < admin), PUBLIC stands apart.
fn builtin_privileges(name: &str) -> Vec<Privilege> {
    let database = |keywords: &str| {
        Privilege::granted(
            Action::Other(keywords.to_string()),
            PropertySet::None,
            GraphScope::All,
            Segment::Database,
        )
    };
    // The parser's qualifiers (see `admin::render`): `FUNCTION *`, `USER *`,
    // `ALL DATA`.
    let qualified = |keywords: &str, qualifier: &str| {
        Privilege::granted(
            Action::Other(keywords.to_string()),
            PropertySet::None,
            GraphScope::All,
            Segment::Other(qualifier.to_string()),
        )
    };
    if name == PUBLIC {
        return vec![
            Privilege::granted(
                Action::Access,
                PropertySet::None,
                GraphScope::Home,
                Segment::Database,
            ),
            qualified("EXECUTE FUNCTION", "FUNCTION *"),
            qualified("EXECUTE PROCEDURE", "PROCEDURE *"),
            qualified(LOAD, ALL_DATA_QUALIFIER),
        ];
    }
    let rank = match name {
        "reader" => 0,
        "editor" => 1,
        "publisher" => 2,
        "architect" => 3,
        _ => 4,
    };
    let mut privileges = vec![
        Privilege::granted(
            Action::Access,
            PropertySet::None,
            GraphScope::All,
            Segment::Database,
        ),
        Privilege::granted(
            Action::Match,
            PropertySet::All,
            GraphScope::All,
            Segment::Nodes(None),
        ),
        Privilege::granted(
            Action::Match,
            PropertySet::All,
            GraphScope::All,
            Segment::Relationships(None),
        ),
        database("SHOW CONSTRAINT"),
        database("SHOW INDEX"),
    ];
    if rank >= 1 {
        for segment in [Segment::Nodes(None), Segment::Relationships(None)] {
            privileges.push(Privilege::granted(
                Action::Other("WRITE".to_string()),
                PropertySet::None,
                GraphScope::All,
                segment,
            ));
        }
    }
    if rank >= 2 {
        privileges.push(database("NAME MANAGEMENT"));
    }
    if rank >= 3 {
        privileges.push(database("INDEX MANAGEMENT"));
        privileges.push(database("CONSTRAINT MANAGEMENT"));
    }
    if rank >= 4 {
        privileges.push(qualified("ALL DBMS PRIVILEGES", DBMS_QUALIFIER));
        privileges.push(qualified(LOAD, ALL_DATA_QUALIFIER));
        privileges.push(database("START"));
        privileges.push(database("STOP"));
        privileges.push(qualified("TRANSACTION MANAGEMENT", "USER *"));
    }
    privileges
}
