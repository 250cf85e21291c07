//! Administration commands (docs/spec/scenario-format.md "Administration", docs/spec/semantics.md
//! A1, B3): roles, users, auth rules, privileges, SHOW commands and the
//! procedures that stand for commands (`dbms.security.*`, `db.create*`).
//!
//! Privileges other than TRAVERSE/READ/MATCH/ACCESS become
//! [`Action::Other`] with their canonical upper-case keywords (`SET LABEL`,
//! `CREATE NEW NODE LABEL`, `ALL GRAPH PRIVILEGES`, ...). Their qualifiers:
//! `SET LABEL A, B` / `REMOVE LABEL *` put `LABEL A, B` / `LABEL *` into
//! [`SegmentSpec::Other`]; `SET PROPERTY {p}` and `MERGE {p}` fill
//! `properties` and take graph segments like READ; database privileges use
//! [`SegmentSpec::Database`]; DBMS privileges (`ALL DBMS PRIVILEGES`,
//! `ROLE MANAGEMENT`, ... `ON DBMS`) are on graph `*` with segment
//! `Other("DBMS")`; `TRANSACTION MANAGEMENT (u, ...)` has segment
//! `Other("USER u, ...")` (`USER *` by default); `EXECUTE [BOOSTED] PROCEDURE
//! db.*` has segment `Other("PROCEDURE db.*")` with the names as written;
//! `LOAD ON ALL DATA` / `LOAD ON CIDR "10.0.0.0/8"` are on graph `*` with
//! segment `Other("ALL DATA")` / `Other("CIDR 10.0.0.0/8")`.

use crate::admin::show;
use crate::admin::{AdminCommand, PrivilegeSpec, PrivilegeVerb, SegmentSpec, ShowTail};
use crate::ast::Expr;
use crate::catalog::{
    ALL_DATA_QUALIFIER, Action, CIDR_QUALIFIER, DBMS_QUALIFIER, GraphScope, LOAD,
};
use crate::cypher::condition;
use crate::cypher::lexer::{Sym, Tok};
use crate::cypher::parser::{PResult, Parser};
use crate::cypher::query::ProjectionKind;
use crate::cypher::scope::{Scope, VarKind};
use crate::error::SyntaxError;
use crate::graph::TokenKind;
use crate::value::Value;

/// What an `ON` clause names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Graph,
    Database,
    Dbms,
    /// A data source (`LOAD ON ALL DATA`, `ON CIDR "..."`).
    Data,
}

/// A parsed privilege before its `ON` clause.
struct PrivilegeHead {
    action: Action,
    properties: Option<Vec<String>>,
    level: Level,
    /// A qualifier that replaces the segment (`LABEL A`).
    qualifier: Option<String>,
}

fn other(name: &str, level: Level) -> PrivilegeHead {
    PrivilegeHead {
        action: Action::Other(name.to_string()),
        properties: None,
        level,
        qualifier: None,
    }
}

fn both_flags_error(offset: usize, what: &str) -> SyntaxError {
    SyntaxError::new(
        offset,
        format!("failed to create the {what}: cannot have both `OR REPLACE` and `IF NOT EXISTS`"),
    )
}

impl Parser<'_> {
    /// Whether the statement at the cursor is an administration command
    /// rather than a read query.
    pub(crate) fn at_admin_command(&self) -> bool {
        const FIRST: &[&str] = &["GRANT", "DENY", "REVOKE", "SHOW", "DROP", "ALTER", "RENAME"];
        if FIRST.iter().any(|kw| self.at_kw(kw)) {
            return true;
        }
        if self.at_kw("CREATE") {
            return ["ROLE", "USER", "AUTH", "OR"]
                .iter()
                .any(|kw| self.kw_at(1, kw));
        }
        if self.at_kw("CALL") && self.sym_at(2, Sym::Dot) {
            if self.kw_at(1, "dbms") && self.kw_at(3, "security") {
                return true;
            }
            let create = matches!(&self.peek_at(3).tok,
                Tok::Ident(s) if s.to_ascii_lowercase().starts_with("create"));
            return self.kw_at(1, "db") && create;
        }
        false
    }

    /// One administration command (up to `;` or the end).
    pub(crate) fn admin_command(&mut self) -> PResult<AdminCommand> {
        let start = self.offset();
        if self.eat_kw("CREATE") {
            let or_replace = self.eat_kws(&["OR", "REPLACE"]);
            if self.eat_kw("ROLE") {
                return self.create_role(start, or_replace);
            }
            if self.eat_kw("USER") {
                return self.create_user(start, or_replace);
            }
            if self.eat_kws(&["AUTH", "RULE"]) {
                return self.create_auth_rule(start, or_replace);
            }
            return Err(self.unsupported_command(start));
        }
        if self.eat_kw("DROP") {
            return self.drop(start);
        }
        if self.eat_kws(&["ALTER", "AUTH", "RULE"]) {
            return self.alter_auth_rule();
        }
        if self.eat_kws(&["RENAME", "AUTH", "RULE"]) {
            let from = self.name("an auth rule name")?;
            let if_exists = self.eat_kws(&["IF", "EXISTS"]);
            self.expect_kw("TO", "in RENAME AUTH RULE")?;
            let to = self.name("the new auth rule name")?;
            return Ok(AdminCommand::RenameAuthRule {
                from,
                to,
                if_exists,
            });
        }
        if self.at_kw("GRANT") || self.at_kw("DENY") || self.at_kw("REVOKE") {
            return self.grant_deny_revoke();
        }
        if self.eat_kw("SHOW") {
            return self.show(start);
        }
        if self.eat_kw("CALL") {
            return self.admin_procedure(start);
        }
        if self.at_kw("ALTER") || self.at_kw("RENAME") {
            self.advance();
            return Err(self.unsupported_command(start));
        }
        Err(SyntaxError::new(start, "unknown administration command"))
    }

    /// "unsupported administration command X Y" for the words from `start`.
    fn unsupported_command(&self, start: usize) -> SyntaxError {
        let words = self.slice(start, self.peek().end).trim();
        SyntaxError::new(start, format!("unsupported administration command {words}"))
    }

    fn create_role(&mut self, start: usize, or_replace: bool) -> PResult<AdminCommand> {
        let name = self.name("a role name")?;
        let if_not_exists = self.eat_kws(&["IF", "NOT", "EXISTS"]);
        if or_replace && if_not_exists {
            return Err(both_flags_error(start, "role"));
        }
        let copy_of = if self.eat_kws(&["AS", "COPY", "OF"]) {
            Some(self.name("the role to copy")?)
        } else {
            None
        };
        Ok(AdminCommand::CreateRole {
            name,
            or_replace,
            if_not_exists,
            copy_of,
        })
    }

    fn create_user(&mut self, start: usize, or_replace: bool) -> PResult<AdminCommand> {
        let name = self.name("a user name")?;
        let if_not_exists = self.eat_kws(&["IF", "NOT", "EXISTS"]);
        if or_replace && if_not_exists {
            return Err(both_flags_error(start, "user"));
        }
        let mut password = None;
        let mut change_required = true;
        while self.eat_kw("SET") {
            if self.eat_kw("STATUS") {
                if !(self.eat_kw("ACTIVE") || self.eat_kw("SUSPENDED")) {
                    return Err(self.expected("ACTIVE or SUSPENDED"));
                }
                continue;
            }
            if self.eat_kws(&["HOME", "DATABASE"]) {
                self.name("a database name")?;
                continue;
            }
            let password_follows =
                self.eat_kw("PLAINTEXT") || self.eat_kw("ENCRYPTED") || self.at_kw("PASSWORD");
            if !password_follows {
                return Err(self.expected("PASSWORD, STATUS or HOME DATABASE after SET"));
            }
            self.expect_kw("PASSWORD", "after SET")?;
            if !self.at_kw("CHANGE") {
                password = Some(self.string("the password as a string")?);
            }
            if self.eat_kw("CHANGE") {
                change_required = !self.eat_kw("NOT");
                self.expect_kw("REQUIRED", "after CHANGE [NOT]")?;
            }
        }
        Ok(AdminCommand::CreateUser {
            name,
            or_replace,
            if_not_exists,
            password,
            change_required,
        })
    }

    /// `SET CONDITION expr`: the condition's text and expression, checked
    /// against A2 (`cypher::condition`) as it parses. Only a condition may
    /// read the token's claims; no variable is bound around it, so only its
    /// own quantifier, comprehension and `reduce` variables may be used.
    fn condition(&mut self) -> PResult<(String, Expr)> {
        let start = self.offset();
        self.in_condition = true;
        let outer_scope = self.scope.replace(Scope::default());
        let parsed = self.expression_text();
        self.scope = outer_scope;
        self.in_condition = false;
        let (expr, text) = parsed?;
        condition::check_boolean(start, &expr, &text)?;
        Ok((text, expr))
    }

    /// `true` or `false` after `SET ENABLED`.
    fn boolean(&mut self) -> PResult<bool> {
        if self.eat_kw("true") {
            Ok(true)
        } else if self.eat_kw("false") {
            Ok(false)
        } else {
            Err(self.expected("true or false"))
        }
    }

    fn create_auth_rule(&mut self, start: usize, or_replace: bool) -> PResult<AdminCommand> {
        let name = self.name("an auth rule name")?;
        let if_not_exists = self.eat_kws(&["IF", "NOT", "EXISTS"]);
        if or_replace && if_not_exists {
            return Err(both_flags_error(start, "auth rule"));
        }
        self.expect_kw("SET", "CONDITION in CREATE AUTH RULE")?;
        self.expect_kw("CONDITION", "in CREATE AUTH RULE")?;
        let (condition, condition_expr) = self.condition()?;
        let enabled = if self.eat_kws(&["SET", "ENABLED"]) {
            Some(self.boolean()?)
        } else {
            None
        };
        Ok(AdminCommand::CreateAuthRule {
            name,
            or_replace,
            if_not_exists,
            condition,
            condition_expr,
            enabled,
        })
    }

    fn alter_auth_rule(&mut self) -> PResult<AdminCommand> {
        let name = self.name("an auth rule name")?;
        let if_exists = self.eat_kws(&["IF", "EXISTS"]);
        let mut condition = None;
        let mut enabled = None;
        while self.eat_kw("SET") {
            if self.eat_kw("CONDITION") {
                condition = Some(self.condition()?);
            } else if self.eat_kw("ENABLED") {
                enabled = Some(self.boolean()?);
            } else {
                return Err(self.expected("CONDITION or ENABLED after SET"));
            }
        }
        if condition.is_none() && enabled.is_none() {
            return Err(self.expected("SET CONDITION or SET ENABLED in ALTER AUTH RULE"));
        }
        Ok(AdminCommand::AlterAuthRule {
            name,
            if_exists,
            condition,
            enabled,
        })
    }

    fn drop(&mut self, start: usize) -> PResult<AdminCommand> {
        let kind = if self.eat_kw("ROLE") {
            0
        } else if self.eat_kw("USER") {
            1
        } else if self.eat_kws(&["AUTH", "RULE"]) {
            2
        } else {
            return Err(self.unsupported_command(start));
        };
        let name = self.name("a name")?;
        let if_exists = self.eat_kws(&["IF", "EXISTS"]);
        Ok(match kind {
            0 => AdminCommand::DropRole { name, if_exists },
            1 => AdminCommand::DropUser { name, if_exists },
            _ => AdminCommand::DropAuthRule { name, if_exists },
        })
    }

    fn grant_deny_revoke(&mut self) -> PResult<AdminCommand> {
        let verb = if self.eat_kw("GRANT") {
            PrivilegeVerb::Grant
        } else if self.eat_kw("DENY") {
            PrivilegeVerb::Deny
        } else {
            self.advance();
            if self.eat_kw("GRANT") {
                PrivilegeVerb::RevokeGrant
            } else if self.eat_kw("DENY") {
                PrivilegeVerb::RevokeDeny
            } else {
                PrivilegeVerb::Revoke
            }
        };
        // IMMUTABLE privileges are stored like the others (no field for it).
        self.eat_kw("IMMUTABLE");
        let role_grant = (self.at_kw("ROLE") || self.at_kw("ROLES"))
            && !self.kw_at(1, "MANAGEMENT")
            && matches!(verb, PrivilegeVerb::Grant | PrivilegeVerb::Revoke);
        if role_grant {
            self.advance();
            return self.role_assignment(verb == PrivilegeVerb::Grant);
        }
        let privilege = self.privilege()?;
        let revoke = !matches!(verb, PrivilegeVerb::Grant | PrivilegeVerb::Deny);
        if revoke {
            self.expect_kw("FROM", "before the roles")?;
        } else {
            self.expect_kw("TO", "before the roles")?;
        }
        let roles = self.name_list("a role name")?;
        Ok(AdminCommand::Privilege {
            verb,
            privilege,
            roles,
        })
    }

    /// After `GRANT ROLE[S]` / `REVOKE ROLE[S]`.
    fn role_assignment(&mut self, grant: bool) -> PResult<AdminCommand> {
        let roles = self.name_list("a role name")?;
        if grant {
            self.expect_kw("TO", "after the roles")?;
        } else {
            self.expect_kw("FROM", "after the roles")?;
        }
        if self.eat_kw("AUTH") {
            if !(self.eat_kw("RULE") || self.eat_kw("RULES")) {
                return Err(self.expected("RULE after AUTH"));
            }
            let rules = self.name_list("an auth rule name")?;
            return Ok(if grant {
                AdminCommand::GrantRolesToAuthRules { roles, rules }
            } else {
                AdminCommand::RevokeRolesFromAuthRules { roles, rules }
            });
        }
        let users = self.name_list("a user name")?;
        Ok(if grant {
            AdminCommand::GrantRoles { roles, users }
        } else {
            AdminCommand::RevokeRoles { roles, users }
        })
    }

    /// `{p, ...}` or `{*}`.
    fn property_set(&mut self) -> PResult<Vec<String>> {
        self.expect_sym(Sym::LBrace, "'{' before the property names")?;
        let props = if self.eat_sym(Sym::Star) {
            vec!["*".to_string()]
        } else {
            self.name_list("a property name or *")?
        };
        self.expect_sym(Sym::RBrace, "'}' after the property names")?;
        Ok(props)
    }

    /// `*` or `A, B`, written as `*` or `A, B`.
    fn label_qualifier(&mut self) -> PResult<String> {
        if self.eat_sym(Sym::Star) {
            return Ok("*".to_string());
        }
        Ok(self.name_list("a label or *")?.join(", "))
    }

    /// The privilege keywords up to `ON`.
    fn privilege_head(&mut self) -> PResult<PrivilegeHead> {
        let read = |action, properties| PrivilegeHead {
            action,
            properties,
            level: Level::Graph,
            qualifier: None,
        };
        if self.eat_kw("TRAVERSE") {
            return Ok(read(Action::Traverse, None));
        }
        if self.eat_kw("READ") {
            return Ok(read(Action::Read, Some(self.property_set()?)));
        }
        if self.eat_kw("MATCH") {
            return Ok(read(Action::Match, Some(self.property_set()?)));
        }
        if self.eat_kw("ACCESS") {
            return Ok(PrivilegeHead {
                action: Action::Access,
                properties: None,
                level: Level::Database,
                qualifier: None,
            });
        }
        if self.eat_kws(&["CREATE", "NEW"]) {
            let (optional, plural, name) =
                if self.at_kw("NODE") || self.at_kw("LABEL") || self.at_kw("LABELS") {
                    ("NODE", ["LABEL", "LABELS"], "CREATE NEW NODE LABEL")
                } else if self.at_kw("RELATIONSHIP") || self.at_kw("TYPE") || self.at_kw("TYPES") {
                    (
                        "RELATIONSHIP",
                        ["TYPE", "TYPES"],
                        "CREATE NEW RELATIONSHIP TYPE",
                    )
                } else {
                    ("PROPERTY", ["NAME", "NAMES"], "CREATE NEW PROPERTY NAME")
                };
            self.eat_kw(optional);
            if !(self.eat_kw(plural[0]) || self.eat_kw(plural[1])) {
                return Err(self.expected(&format!("{} after CREATE NEW", plural[0])));
            }
            return Ok(other(name, Level::Database));
        }
        for (kws, name) in [
            (&["SET", "LABEL"][..], "SET LABEL"),
            (&["REMOVE", "LABEL"][..], "REMOVE LABEL"),
        ] {
            if self.eat_kws(kws) {
                let mut head = other(name, Level::Graph);
                head.qualifier = Some(format!("LABEL {}", self.label_qualifier()?));
                return Ok(head);
            }
        }
        for (kws, name) in [
            (&["SET", "PROPERTY"][..], "SET PROPERTY"),
            (&["MERGE"][..], "MERGE"),
        ] {
            if self.eat_kws(kws) {
                let mut head = other(name, Level::Graph);
                head.properties = Some(self.property_set()?);
                return Ok(head);
            }
        }
        for (kw, name, level) in [
            ("CREATE", "CREATE", Level::Graph),
            ("DELETE", "DELETE", Level::Graph),
            ("WRITE", "WRITE", Level::Graph),
            ("START", "START", Level::Database),
            ("STOP", "STOP", Level::Database),
        ] {
            if self.eat_kw(kw) {
                return Ok(other(name, level));
            }
        }
        for (kw, name) in [
            ("INDEX", "SHOW INDEX"),
            ("INDEXES", "SHOW INDEX"),
            ("CONSTRAINT", "SHOW CONSTRAINT"),
            ("CONSTRAINTS", "SHOW CONSTRAINT"),
        ] {
            if self.at_kw("SHOW") && self.kw_at(1, kw) {
                self.pos_skip_two();
                return Ok(other(name, Level::Database));
            }
        }
        for (kw, name) in [
            ("NAME", "NAME MANAGEMENT"),
            ("INDEX", "INDEX MANAGEMENT"),
            ("INDEXES", "INDEX MANAGEMENT"),
            ("CONSTRAINT", "CONSTRAINT MANAGEMENT"),
            ("CONSTRAINTS", "CONSTRAINT MANAGEMENT"),
        ] {
            if self.eat_kw(kw) {
                self.eat_kw("MANAGEMENT");
                return Ok(other(name, Level::Database));
            }
        }
        if self.eat_kw("TRANSACTION") || self.eat_kw("TRANSACTIONS") {
            self.eat_kw("MANAGEMENT");
            let mut head = other("TRANSACTION MANAGEMENT", Level::Database);
            head.qualifier = Some(format!("USER {}", self.user_qualifier()?));
            return Ok(head);
        }
        if self.eat_kw("EXECUTE") {
            return self.execute_privilege();
        }
        if self.eat_kw(LOAD) {
            return Ok(other(LOAD, Level::Data));
        }
        for kw in ["ROLE", "USER", "DATABASE", "PRIVILEGE", "ALIAS", "SERVER"] {
            if self.at_kw(kw) && self.kw_at(1, "MANAGEMENT") {
                self.pos_skip_two();
                return Ok(other(&format!("{kw} MANAGEMENT"), Level::Dbms));
            }
        }
        if self.eat_kw("ALL") {
            let graph = (Level::Graph, "ALL GRAPH PRIVILEGES");
            let database = (Level::Database, "ALL DATABASE PRIVILEGES");
            let dbms = (Level::Dbms, "ALL DBMS PRIVILEGES");
            let (level, name) = if self.eat_kw("GRAPH") {
                graph
            } else if self.eat_kw("DATABASE") {
                database
            } else if self.eat_kw("DBMS") {
                dbms
            } else if self.kw_at(2, "GRAPH")
                || self.kw_at(2, "GRAPHS")
                || (self.kw_at(3, "GRAPH") && (self.kw_at(2, "HOME") || self.kw_at(2, "DEFAULT")))
            {
                graph
            } else if self.kw_at(2, "DBMS") {
                dbms
            } else {
                database
            };
            self.expect_kw("PRIVILEGES", "after ALL")?;
            return Ok(other(name, level));
        }
        Err(self.error(format!(
            "unsupported privilege {} (expected TRAVERSE, READ, MATCH, ACCESS, LOAD or a write privilege)",
            self.describe()
        )))
    }

    fn pos_skip_two(&mut self) {
        self.advance();
        self.advance();
    }

    /// `[(* | user, ...)]` of TRANSACTION MANAGEMENT; none means `*`.
    fn user_qualifier(&mut self) -> PResult<String> {
        if !self.eat_sym(Sym::LParen) {
            return Ok("*".to_string());
        }
        let users = if self.eat_sym(Sym::Star) {
            "*".to_string()
        } else {
            self.name_list("a user name or *")?.join(", ")
        };
        self.expect_sym(Sym::RParen, "')' after the users")?;
        Ok(users)
    }

    /// After `EXECUTE`: `[BOOSTED|ADMIN] PROCEDURE[S] globs` or
    /// `[BOOSTED] [USER [DEFINED]] FUNCTION[S] globs`, on the DBMS. The
    /// globs (`*`, `db.*`, `apoc.coll.sum`) are kept as written.
    fn execute_privilege(&mut self) -> PResult<PrivilegeHead> {
        let mut words = vec!["EXECUTE".to_string()];
        // Synonyms are one privilege in Neo4j (its manual recreates PUBLIC's
        // `EXECUTE FUNCTION *` with `EXECUTE USER DEFINED FUNCTIONS *`), so
        // `USER [DEFINED]` is dropped and ADMINISTRATOR stored as ADMIN:
        // REVOKE and SHOW then treat the spellings alike.
        for (kw, stored) in [
            ("BOOSTED", Some("BOOSTED")),
            ("ADMIN", Some("ADMIN")),
            ("ADMINISTRATOR", Some("ADMIN")),
            ("USER", None),
            ("DEFINED", None),
        ] {
            if self.eat_kw(kw) {
                words.extend(stored.map(str::to_string));
            }
        }
        let kind = if self.eat_kw("PROCEDURE") || self.eat_kw("PROCEDURES") {
            "PROCEDURE"
        } else if self.eat_kw("FUNCTION") || self.eat_kw("FUNCTIONS") {
            "FUNCTION"
        } else {
            return Err(self.expected("PROCEDURE or FUNCTION after EXECUTE"));
        };
        words.push(kind.to_string());
        let start = self.offset();
        while !self.at_eof() && !self.at_kw("ON") && !self.at_sym(Sym::Semicolon) {
            self.advance();
        }
        let globs = self
            .slice(start, self.prev_end().max(start))
            .trim()
            .to_string();
        // Only `EXECUTE ADMIN PROCEDURES` names nothing.
        let admin = words.iter().any(|w| w.starts_with("ADMIN"));
        if globs.is_empty() != admin {
            return Err(self.expected("procedure or function names (or *)"));
        }
        let mut head = other(&words.join(" "), Level::Dbms);
        head.qualifier = Some(format!("{kind} {globs}").trim().to_string());
        Ok(head)
    }

    /// A whole privilege: head, `ON ...` and segment.
    fn privilege(&mut self) -> PResult<PrivilegeSpec> {
        let head = self.privilege_head()?;
        self.expect_kw("ON", "after the privilege")?;
        let graphs = match head.level {
            Level::Graph => self.graph_scopes("GRAPH", "GRAPHS")?,
            Level::Database => self.graph_scopes("DATABASE", "DATABASES")?,
            Level::Dbms => {
                self.expect_kw("DBMS", "after ON")?;
                vec![GraphScope::All]
            }
            // A data source belongs to no graph: stored on `*`, as Neo4j
            // lists it (graph `*`).
            Level::Data => vec![GraphScope::All],
        };
        let segment = if let Some(q) = head.qualifier {
            SegmentSpec::Other(q)
        } else {
            match head.level {
                Level::Graph => self.segment(&head.action)?,
                Level::Database => SegmentSpec::Database,
                Level::Dbms => SegmentSpec::Other(DBMS_QUALIFIER.to_string()),
                Level::Data => SegmentSpec::Other(self.load_source()?),
            }
        };
        Ok(PrivilegeSpec {
            action: head.action,
            properties: head.properties,
            graphs,
            segment,
        })
    }

    /// After `LOAD ON`: `ALL DATA` or `CIDR "range"` (Load privileges), as
    /// the stored qualifier. The range is a string literal (either quote)
    /// and must be an IPv4 or IPv6 CIDR range; it is kept as written.
    fn load_source(&mut self) -> PResult<String> {
        if self.eat_kws(&["ALL", "DATA"]) {
            return Ok(ALL_DATA_QUALIFIER.to_string());
        }
        if !self.eat_kw(CIDR_QUALIFIER) {
            return Err(self.expected("ALL DATA or CIDR after LOAD ON"));
        }
        let at = self.offset();
        let range = self.string("a CIDR range as a string (\"10.0.0.0/8\")")?;
        if !is_cidr(&range) {
            return Err(SyntaxError::new(
                at,
                format!(
                    "'{range}' is not a valid CIDR IP (expected an address, '/' and a prefix length)"
                ),
            ));
        }
        Ok(format!("{CIDR_QUALIFIER} {range}"))
    }

    /// `HOME GRAPH`, `DEFAULT GRAPH`, `GRAPH[S] *` or `GRAPH[S] a, b`
    /// (with DATABASE in place of GRAPH for database privileges); names in
    /// lowercase, backquoted or not (D4).
    fn graph_scopes(&mut self, singular: &str, plural: &str) -> PResult<Vec<GraphScope>> {
        if self.eat_kws(&["HOME", singular]) {
            return Ok(vec![GraphScope::Home]);
        }
        if self.eat_kws(&["DEFAULT", singular]) {
            return Ok(vec![GraphScope::Default]);
        }
        if !(self.eat_kw(singular) || self.eat_kw(plural)) {
            return Err(self.expected(&format!(
                "{singular}, {plural}, HOME {singular} or DEFAULT {singular} after ON"
            )));
        }
        if self.eat_sym(Sym::Star) {
            return Ok(vec![GraphScope::All]);
        }
        // D4: names are case-insensitive, stored and shown in lowercase.
        Ok(self
            .name_list(&format!("a {} name or *", singular.to_ascii_lowercase()))?
            .iter()
            .map(|name| GraphScope::named(name))
            .collect())
    }

    /// The segment after the graphs; none means `ELEMENTS *`.
    fn segment(&mut self, action: &Action) -> PResult<SegmentSpec> {
        let names = |p: &mut Self| -> PResult<Vec<String>> {
            if p.eat_sym(Sym::Star) {
                Ok(Vec::new())
            } else {
                p.name_list("a name or *")
            }
        };
        if self.eat_kw("NODE") || self.eat_kw("NODES") {
            return Ok(SegmentSpec::Nodes(names(self)?));
        }
        if self.eat_kw("RELATIONSHIP") || self.eat_kw("RELATIONSHIPS") {
            return Ok(SegmentSpec::Relationships(names(self)?));
        }
        if self.eat_kw("ELEMENT") || self.eat_kw("ELEMENTS") {
            return Ok(SegmentSpec::Elements(names(self)?));
        }
        if self.at_kw("FOR") {
            if !matches!(action, Action::Traverse | Action::Read | Action::Match) {
                return Err(self.error(
                    "property rules are only allowed on read privileges (TRAVERSE, READ, MATCH), not on write privileges",
                ));
            }
            self.advance();
            return self.rule_segment();
        }
        Ok(SegmentSpec::Elements(Vec::new()))
    }

    fn show(&mut self, start: usize) -> PResult<AdminCommand> {
        self.eat_kw("ALL");
        if self.at_kw("ROLE") || self.at_kw("ROLES") {
            let plural = self.at_kw("ROLES");
            self.advance();
            let ends = self.at_eof()
                || self.at_sym(Sym::Semicolon)
                || ["WITH", "YIELD", "WHERE"].iter().any(|kw| self.at_kw(kw));
            if plural && ends {
                let with_users =
                    self.eat_kws(&["WITH", "USERS"]) || self.eat_kws(&["WITH", "USER"]);
                let with_auth_rules = !with_users
                    && (self.eat_kws(&["WITH", "AUTH", "RULES"])
                        || self.eat_kws(&["WITH", "AUTH", "RULE"]));
                let tail = self.show_tail(show::role_columns(with_users, with_auth_rules))?;
                return Ok(AdminCommand::ShowRoles {
                    with_users,
                    with_auth_rules,
                    tail,
                });
            }
            let roles = self.name_list("a role name")?;
            return self.show_privileges(roles);
        }
        // `SHOW USER[S]` (the manual's own examples use the singular); a
        // name after `SHOW USER` would be SHOW USER PRIVILEGES, unsupported.
        if self.eat_kw("USERS") || self.eat_kw("USER") {
            let ends = self.at_eof()
                || self.at_sym(Sym::Semicolon)
                || ["YIELD", "WHERE"].iter().any(|kw| self.at_kw(kw));
            if !ends {
                return Err(self.unsupported_command(start));
            }
            let tail = self.show_tail(show::USER_COLUMNS)?;
            return Ok(AdminCommand::ShowUsers { tail });
        }
        if self.at_kw("PRIVILEGE") || self.at_kw("PRIVILEGES") {
            return self.show_privileges(Vec::new());
        }
        if self.eat_kw("AUTH") {
            if !(self.eat_kw("RULES") || self.eat_kw("RULE")) {
                return Err(self.expected("RULES after SHOW AUTH"));
            }
            let as_commands = self.as_commands()?;
            let columns = show::auth_rule_columns(as_commands, self.at_kw("YIELD"));
            let tail = self.show_tail(columns)?;
            return Ok(AdminCommand::ShowAuthRules { as_commands, tail });
        }
        Err(self.unsupported_command(start))
    }

    fn show_privileges(&mut self, roles: Vec<String>) -> PResult<AdminCommand> {
        if !(self.eat_kw("PRIVILEGES") || self.eat_kw("PRIVILEGE")) {
            return Err(self.expected("PRIVILEGES"));
        }
        let as_commands = self.as_commands()?;
        let tail = self.show_tail(if as_commands {
            show::COMMAND_COLUMNS
        } else {
            show::PRIVILEGE_COLUMNS
        })?;
        Ok(AdminCommand::ShowPrivileges {
            roles,
            as_commands,
            tail,
        })
    }

    /// `[AS COMMAND[S]]`.
    fn as_commands(&mut self) -> PResult<bool> {
        if !self.at_kw("AS") {
            return Ok(false);
        }
        if self.kw_at(1, "REVOKE") {
            return Err(self.error("AS REVOKE COMMANDS is not supported"));
        }
        self.advance();
        if self.eat_kw("COMMANDS") || self.eat_kw("COMMAND") {
            Ok(true)
        } else {
            Err(self.expected("COMMANDS after AS"))
        }
    }

    /// `YIELD ... [WHERE ...] [RETURN ...]` or a bare `WHERE`, over a
    /// result with `columns`: checked like a query's WITH and RETURN (the
    /// columns are its variables), with positions (E1).
    fn show_tail(&mut self, columns: &[&str]) -> PResult<ShowTail> {
        self.scope = Some(Scope::of(
            columns.iter().map(|c| (c.to_string(), VarKind::Unknown)),
        ));
        let tail = self.show_tail_checked();
        self.scope = None;
        tail
    }

    fn show_tail_checked(&mut self) -> PResult<ShowTail> {
        let mut tail = ShowTail::default();
        if self.eat_kw("YIELD") {
            tail.yields = Some(self.projection(ProjectionKind::Yield)?);
            if self.eat_kw("RETURN") {
                tail.returns = Some(self.projection(ProjectionKind::Return)?);
            }
        } else if self.eat_kw("WHERE") {
            tail.predicate = Some(self.expression()?);
        }
        Ok(tail)
    }

    /// `CALL dbms.security.*(...)` and `CALL db.create*(...)`.
    fn admin_procedure(&mut self, start: usize) -> PResult<AdminCommand> {
        let (_, procedure, args) = self.call_head()?;
        let call = AdminCall { procedure, args };
        if self.at_kw("YIELD") {
            return Err(SyntaxError::new(
                start,
                format!("{} does not yield columns", call.procedure),
            ));
        }
        procedure_command(&call).map_err(|m| SyntaxError::new(start, m))
    }
}

/// Whether `text` is a CIDR range: an IPv4 address and a prefix length of
/// 0 to 32, or an IPv6 address and 0 to 128 (`127.0.0.1/32`, `::1/128`).
/// Neo4j rejects other ranges ("not a valid CIDR IP"); host bits may be set,
/// as in the manual's `127.0.0.1/32`.
fn is_cidr(text: &str) -> bool {
    let Some((address, prefix)) = text.split_once('/') else {
        return false;
    };
    // `u8::from_str` would accept a sign; a prefix length is plain digits.
    if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(length) = prefix.parse::<u16>() else {
        return false;
    };
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => length <= 32,
        Ok(std::net::IpAddr::V6(_)) => length <= 128,
        Err(_) => false,
    }
}

/// A procedure call that stands for an administration command.
struct AdminCall {
    /// The dotted name as written.
    procedure: String,
    /// The arguments.
    args: Vec<Expr>,
}

/// The string literal argument `i` of `call`.
fn string_arg(call: &AdminCall, i: usize, what: &str) -> Result<String, String> {
    match call.args.get(i) {
        Some(Expr::Literal(Value::String(s))) => Ok(s.clone()),
        _ => Err(format!(
            "{}: argument {} ({what}) must be a string literal",
            call.procedure,
            i + 1
        )),
    }
}

fn arg_count(call: &AdminCall, min: usize, max: usize) -> Result<(), String> {
    let n = call.args.len();
    if n < min || n > max {
        return Err(format!(
            "{} takes {min} to {max} arguments, got {n}",
            call.procedure
        ));
    }
    Ok(())
}

/// The command a procedure call stands for (B3, D3).
fn procedure_command(call: &AdminCall) -> Result<AdminCommand, String> {
    let token = |kind| -> Result<AdminCommand, String> {
        arg_count(call, 1, 1)?;
        Ok(AdminCommand::CreateToken {
            kind,
            name: string_arg(call, 0, "the name")?,
        })
    };
    match call.procedure.to_ascii_lowercase().as_str() {
        "db.createlabel" => token(TokenKind::Label),
        "db.createrelationshiptype" => token(TokenKind::RelType),
        "db.createproperty" => token(TokenKind::PropertyKey),
        "dbms.security.createrole" => {
            arg_count(call, 1, 1)?;
            Ok(AdminCommand::CreateRole {
                name: string_arg(call, 0, "the role name")?,
                or_replace: false,
                if_not_exists: false,
                copy_of: None,
            })
        }
        "dbms.security.createuser" => {
            arg_count(call, 2, 3)?;
            let change_required = match call.args.get(2) {
                None => true,
                Some(Expr::Literal(Value::Boolean(b))) => *b,
                Some(_) => {
                    return Err(format!(
                        "{}: argument 3 (requirePasswordChange) must be true or false",
                        call.procedure
                    ));
                }
            };
            Ok(AdminCommand::CreateUser {
                name: string_arg(call, 0, "the user name")?,
                or_replace: false,
                if_not_exists: false,
                password: Some(string_arg(call, 1, "the password")?),
                change_required,
            })
        }
        "dbms.security.addroletouser" => {
            arg_count(call, 2, 2)?;
            Ok(AdminCommand::GrantRoles {
                roles: vec![string_arg(call, 0, "the role name")?],
                users: vec![string_arg(call, 1, "the user name")?],
            })
        }
        _ => Err(format!(
            "unsupported procedure {} in an administration command",
            call.procedure
        )),
    }
}
