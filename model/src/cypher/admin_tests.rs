//! Tests of the administration-command parser: every command form, the
//! privilege grammar and the Q2 rejections of property rules.

use crate::admin::{AdminCommand, PrivilegeSpec, PrivilegeVerb, SegmentSpec, ShowTail};
use crate::ast::{BinaryOp, Expr};
use crate::catalog::{Action, GraphScope, PropertyRule, RuleOp, RulePredicate};
use crate::cypher::{Statement, parse_admin_script, parse_statement};
use crate::error::SyntaxError;
use crate::graph::TokenKind;
use crate::value::Value;

fn cmd(text: &str) -> AdminCommand {
    match parse_statement(text) {
        Ok(Statement::Admin(c)) => c,
        other => panic!("{text}: {other:?}"),
    }
}

fn err(text: &str) -> SyntaxError {
    match parse_statement(text) {
        Ok(s) => panic!("{text} parsed as {s:?}"),
        Err(e) => e,
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn privilege(text: &str) -> (PrivilegeVerb, PrivilegeSpec, Vec<String>) {
    match cmd(text) {
        AdminCommand::Privilege {
            verb,
            privilege,
            roles,
        } => (verb, privilege, roles),
        other => panic!("{text}: {other:?}"),
    }
}

fn segment(text: &str) -> SegmentSpec {
    privilege(text).1.segment
}

fn rule_of(text: &str) -> PropertyRule {
    match segment(text) {
        SegmentSpec::NodeRule { rule, .. } | SegmentSpec::RelRule { rule, .. } => rule,
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn roles() {
    assert_eq!(
        cmd("CREATE ROLE role"),
        AdminCommand::CreateRole {
            name: "role".into(),
            or_replace: false,
            if_not_exists: false,
            copy_of: None
        }
    );
    assert_eq!(
        cmd("CYPHER 25 CREATE OR REPLACE ROLE `my role` AS COPY OF reader;"),
        AdminCommand::CreateRole {
            name: "my role".into(),
            or_replace: true,
            if_not_exists: false,
            copy_of: Some("reader".into())
        }
    );
    assert_eq!(
        cmd("create role r if not exists"),
        AdminCommand::CreateRole {
            name: "r".into(),
            or_replace: false,
            if_not_exists: true,
            copy_of: None
        }
    );
    assert_eq!(
        cmd("DROP ROLE r IF EXISTS"),
        AdminCommand::DropRole {
            name: "r".into(),
            if_exists: true
        }
    );
    assert!(
        err("CREATE OR REPLACE ROLE r IF NOT EXISTS")
            .message()
            .contains("cannot have both `OR REPLACE` and `IF NOT EXISTS`")
    );
}

#[test]
fn users() {
    assert_eq!(
        cmd("CREATE USER alice SET PASSWORD 'secret' CHANGE NOT REQUIRED"),
        AdminCommand::CreateUser {
            name: "alice".into(),
            or_replace: false,
            if_not_exists: false,
            password: Some("secret".into()),
            change_required: false
        }
    );
    assert_eq!(
        cmd(
            "CREATE OR REPLACE USER bob SET PLAINTEXT PASSWORD \"pw\" SET STATUS SUSPENDED SET HOME DATABASE neo4j"
        ),
        AdminCommand::CreateUser {
            name: "bob".into(),
            or_replace: true,
            if_not_exists: false,
            password: Some("pw".into()),
            change_required: true
        }
    );
    assert_eq!(
        cmd("CREATE USER u IF NOT EXISTS"),
        AdminCommand::CreateUser {
            name: "u".into(),
            or_replace: false,
            if_not_exists: true,
            password: None,
            change_required: true
        }
    );
    assert_eq!(
        cmd("DROP USER u"),
        AdminCommand::DropUser {
            name: "u".into(),
            if_exists: false
        }
    );
    assert_eq!(
        cmd("GRANT ROLES a, b TO u, v"),
        AdminCommand::GrantRoles {
            roles: names(&["a", "b"]),
            users: names(&["u", "v"])
        }
    );
    assert_eq!(
        cmd("REVOKE ROLE a FROM u"),
        AdminCommand::RevokeRoles {
            roles: names(&["a"]),
            users: names(&["u"])
        }
    );
    assert_eq!(
        cmd("GRANT ROLE a TO AUTH RULES r1, r2"),
        AdminCommand::GrantRolesToAuthRules {
            roles: names(&["a"]),
            rules: names(&["r1", "r2"])
        }
    );
    assert_eq!(
        cmd("REVOKE ROLES a, b FROM AUTH RULE r1"),
        AdminCommand::RevokeRolesFromAuthRules {
            roles: names(&["a", "b"]),
            rules: names(&["r1"])
        }
    );
}

#[test]
fn auth_rules() {
    let text = "CREATE AUTH RULE r SET CONDITION abac.oidc.user_attribute('dept') = 'sales' SET ENABLED false";
    assert_eq!(
        cmd(text),
        AdminCommand::CreateAuthRule {
            name: "r".into(),
            or_replace: false,
            if_not_exists: false,
            condition: "abac.oidc.user_attribute('dept') = 'sales'".into(),
            condition_expr: Expr::Binary(
                BinaryOp::Equal,
                Box::new(Expr::Call {
                    function: crate::functions::Function::UserAttribute,
                    args: vec![Expr::Literal(Value::String("dept".into()))]
                }),
                Box::new(Expr::Literal(Value::String("sales".into())))
            ),
            enabled: Some(false)
        }
    );
    let AdminCommand::AlterAuthRule {
        name,
        if_exists,
        condition,
        enabled,
    } = cmd(
        "ALTER AUTH RULE r IF EXISTS SET ENABLED true SET CONDITION datetime.transaction().hour < 18",
    )
    else {
        panic!("not an alter")
    };
    assert_eq!((name.as_str(), if_exists, enabled), ("r", true, Some(true)));
    assert_eq!(
        condition.map(|c| c.0),
        Some("datetime.transaction().hour < 18".to_string())
    );
    assert!(
        err("ALTER AUTH RULE r")
            .message()
            .contains("SET CONDITION or SET ENABLED")
    );
    assert_eq!(
        cmd("RENAME AUTH RULE a IF EXISTS TO b"),
        AdminCommand::RenameAuthRule {
            from: "a".into(),
            to: "b".into(),
            if_exists: true
        }
    );
    assert_eq!(
        cmd("DROP AUTH RULE a"),
        AdminCommand::DropAuthRule {
            name: "a".into(),
            if_exists: false
        }
    );
    assert!(
        err("CREATE OR REPLACE AUTH RULE r IF NOT EXISTS SET CONDITION true")
            .message()
            .contains("OR REPLACE")
    );
}

#[test]
fn read_privileges() {
    assert_eq!(
        privilege("GRANT TRAVERSE ON GRAPH * NODES A, B TO r1, r2"),
        (
            PrivilegeVerb::Grant,
            PrivilegeSpec {
                action: Action::Traverse,
                properties: None,
                graphs: vec![GraphScope::All],
                segment: SegmentSpec::Nodes(names(&["A", "B"])),
            },
            names(&["r1", "r2"])
        )
    );
    assert_eq!(
        privilege("DENY READ {a, b} ON GRAPHS g1, `g 2` RELATIONSHIP * TO r"),
        (
            PrivilegeVerb::Deny,
            PrivilegeSpec {
                action: Action::Read,
                properties: Some(names(&["a", "b"])),
                graphs: vec![
                    GraphScope::Named("g1".into()),
                    GraphScope::Named("g 2".into())
                ],
                segment: SegmentSpec::Relationships(vec![]),
            },
            names(&["r"])
        )
    );
    assert_eq!(
        privilege("REVOKE GRANT MATCH {*} ON HOME GRAPH FROM r"),
        (
            PrivilegeVerb::RevokeGrant,
            PrivilegeSpec {
                action: Action::Match,
                properties: Some(names(&["*"])),
                graphs: vec![GraphScope::Home],
                segment: SegmentSpec::Elements(vec![]),
            },
            names(&["r"])
        )
    );
    let (verb, spec, _) = privilege("REVOKE DENY TRAVERSE ON DEFAULT GRAPH ELEMENT X FROM r");
    assert_eq!(verb, PrivilegeVerb::RevokeDeny);
    assert_eq!(spec.graphs, vec![GraphScope::Default]);
    assert_eq!(spec.segment, SegmentSpec::Elements(names(&["X"])));
    assert_eq!(
        privilege("REVOKE TRAVERSE ON GRAPH * FROM r").0,
        PrivilegeVerb::Revoke
    );
    let (_, spec, _) = privilege("GRANT ACCESS ON DATABASE * TO r");
    assert_eq!(
        spec,
        PrivilegeSpec {
            action: Action::Access,
            properties: None,
            graphs: vec![GraphScope::All],
            segment: SegmentSpec::Database,
        }
    );
    assert_eq!(
        privilege("GRANT ACCESS ON HOME DATABASE TO r").1.graphs,
        vec![GraphScope::Home]
    );
    assert_eq!(
        privilege("DENY ACCESS ON DATABASES neo4j TO r").1.graphs,
        vec![GraphScope::Named("neo4j".into())]
    );
    assert!(err("GRANT TRAVERSE TO r").message().contains("expected ON"));
    assert!(
        err("GRANT TRAVERSE ON GRAPH * NODES A")
            .message()
            .contains("unexpected end of input")
    );
    assert!(
        err("GRANT TRAVERSE ON GRAPH * FROM r")
            .message()
            .contains("expected TO")
    );
}

#[test]
fn write_and_other_privileges() {
    let cases: Vec<(&str, &str, Option<Vec<String>>, SegmentSpec)> = vec![
        (
            "GRANT CREATE ON GRAPH * TO r",
            "CREATE",
            None,
            SegmentSpec::Elements(vec![]),
        ),
        (
            "GRANT DELETE ON GRAPH * NODES A TO r",
            "DELETE",
            None,
            SegmentSpec::Nodes(names(&["A"])),
        ),
        (
            "GRANT SET LABEL A ON GRAPH * TO r",
            "SET LABEL",
            None,
            SegmentSpec::Other("LABEL A".into()),
        ),
        (
            "DENY REMOVE LABEL * ON GRAPH * TO r",
            "REMOVE LABEL",
            None,
            SegmentSpec::Other("LABEL *".into()),
        ),
        (
            "GRANT SET PROPERTY {p} ON GRAPH * RELATIONSHIPS T TO r",
            "SET PROPERTY",
            Some(names(&["p"])),
            SegmentSpec::Relationships(names(&["T"])),
        ),
        (
            "GRANT MERGE {*} ON GRAPH * TO r",
            "MERGE",
            Some(names(&["*"])),
            SegmentSpec::Elements(vec![]),
        ),
        (
            "GRANT WRITE ON GRAPH * TO r",
            "WRITE",
            None,
            SegmentSpec::Elements(vec![]),
        ),
        (
            "GRANT ALL GRAPH PRIVILEGES ON GRAPH * TO r",
            "ALL GRAPH PRIVILEGES",
            None,
            SegmentSpec::Elements(vec![]),
        ),
        (
            "GRANT ALL PRIVILEGES ON GRAPH * TO r",
            "ALL GRAPH PRIVILEGES",
            None,
            SegmentSpec::Elements(vec![]),
        ),
        (
            "GRANT CREATE NEW LABELS ON DATABASE * TO r",
            "CREATE NEW NODE LABEL",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT CREATE NEW NODE LABEL ON DATABASE * TO r",
            "CREATE NEW NODE LABEL",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT CREATE NEW RELATIONSHIP TYPE ON DATABASE * TO r",
            "CREATE NEW RELATIONSHIP TYPE",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT CREATE NEW TYPES ON DATABASE * TO r",
            "CREATE NEW RELATIONSHIP TYPE",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT CREATE NEW PROPERTY NAMES ON DATABASE * TO r",
            "CREATE NEW PROPERTY NAME",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT NAME ON DATABASE * TO r",
            "NAME MANAGEMENT",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT NAME MANAGEMENT ON DATABASE * TO r",
            "NAME MANAGEMENT",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT INDEX MANAGEMENT ON DATABASE * TO r",
            "INDEX MANAGEMENT",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT CONSTRAINT ON DATABASE * TO r",
            "CONSTRAINT MANAGEMENT",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT ALL DATABASE PRIVILEGES ON DATABASE * TO r",
            "ALL DATABASE PRIVILEGES",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT ALL PRIVILEGES ON HOME DATABASE TO r",
            "ALL DATABASE PRIVILEGES",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT START ON DATABASE * TO r",
            "START",
            None,
            SegmentSpec::Database,
        ),
        (
            "DENY STOP ON DATABASE * TO r",
            "STOP",
            None,
            SegmentSpec::Database,
        ),
        (
            "GRANT ALL DBMS PRIVILEGES ON DBMS TO r",
            "ALL DBMS PRIVILEGES",
            None,
            SegmentSpec::Other("DBMS".into()),
        ),
    ];
    for (text, action, properties, seg) in cases {
        let (_, spec, roles) = privilege(text);
        assert_eq!(spec.action, Action::Other(action.into()), "{text}");
        assert_eq!(spec.properties, properties, "{text}");
        assert_eq!(spec.segment, seg, "{text}");
        assert_eq!(roles, names(&["r"]), "{text}");
    }
    let e = err("GRANT CREATE ON GRAPH * FOR (n:A) WHERE n.k = 1 TO r");
    assert_eq!(e.offset, 24);
    assert!(e.message().contains("write privileges"), "{e:?}");
    assert!(
        err("GRANT FLY ON GRAPH * TO r")
            .message()
            .contains("unsupported privilege")
    );
}

#[test]
fn property_rule_forms() {
    assert_eq!(
        segment("GRANT TRAVERSE ON GRAPH * FOR (n:A|B) WHERE n.k = 1 TO r"),
        SegmentSpec::NodeRule {
            labels: names(&["A", "B"]),
            rule: PropertyRule {
                var: "n".into(),
                key: "k".into(),
                predicate: RulePredicate::Compare(RuleOp::Equal, Value::Integer(1)),
                negated: false,
                map_form: false,
            }
        }
    );
    assert_eq!(
        segment("DENY READ {*} ON GRAPH * FOR (p:Person) {secret: true} TO r"),
        SegmentSpec::NodeRule {
            labels: names(&["Person"]),
            rule: PropertyRule {
                var: "p".into(),
                key: "secret".into(),
                predicate: RulePredicate::Compare(RuleOp::Equal, Value::Boolean(true)),
                negated: false,
                map_form: true,
            }
        }
    );
    assert_eq!(
        segment("GRANT MATCH {*} ON GRAPH * FOR ()-[r:T1|T2]-() WHERE NOT r.w >= -2.5 TO x"),
        SegmentSpec::RelRule {
            rel_types: names(&["T1", "T2"]),
            rule: PropertyRule {
                var: "r".into(),
                key: "w".into(),
                predicate: RulePredicate::Compare(RuleOp::GreaterEqual, Value::Float(-2.5)),
                negated: true,
                map_form: false,
            }
        }
    );
    assert_eq!(
        segment("GRANT TRAVERSE ON GRAPH * FOR (n WHERE n.k IS NOT NULL) TO r"),
        SegmentSpec::NodeRule {
            labels: vec![],
            rule: PropertyRule {
                var: "n".into(),
                key: "k".into(),
                predicate: RulePredicate::IsNotNull,
                negated: false,
                map_form: false,
            }
        }
    );
    let cases = [
        (
            "n.k <> 'a'",
            RulePredicate::Compare(RuleOp::NotEqual, Value::String("a".into())),
        ),
        (
            "n.k < 1",
            RulePredicate::Compare(RuleOp::Less, Value::Integer(1)),
        ),
        (
            "n.k <= 1",
            RulePredicate::Compare(RuleOp::LessEqual, Value::Integer(1)),
        ),
        (
            "n.k > 1",
            RulePredicate::Compare(RuleOp::Greater, Value::Integer(1)),
        ),
        ("n.k IS NULL", RulePredicate::IsNull),
        (
            "n.k IN [1, 2]",
            RulePredicate::InList(vec![Value::Integer(1), Value::Integer(2)]),
        ),
        (
            "'x' IN n.k",
            RulePredicate::Contains(Value::String("x".into())),
        ),
    ];
    let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 31).map(Value::Date);
    assert_eq!(
        rule_of("GRANT TRAVERSE ON GRAPH * FOR (n:L) WHERE n.d < date('2020-01-31') TO r")
            .predicate,
        RulePredicate::Compare(RuleOp::Less, date.unwrap_or(Value::Null))
    );
    assert!(
        err("GRANT TRAVERSE ON GRAPH * FOR (n:L) WHERE n.d < date('bad') TO r")
            .message()
            .contains("invalid date")
    );
    for (pred, expected) in cases {
        let text = format!("GRANT TRAVERSE ON GRAPH * FOR (n:L) WHERE {pred} TO r");
        assert_eq!(rule_of(&text).predicate, expected, "{pred}");
    }
}

#[test]
fn q2_rejections_name_the_problem() {
    let cases = [
        ("1 = n.k", "right-hand side"),
        ("n.k = n.j", "only one property"),
        ("n.k = 1 AND n.j = 2", "AND"),
        ("n.k = 1 OR n.j = 2", "OR"),
        ("n.k = 1 XOR n.j = 2", "XOR"),
        ("n.k = null", "null"),
        ("n.k IN [1, null]", "null"),
        ("n.k IN [1, 'a']", "mixed types"),
        ("n.k = 0.0 / 0.0", "expected a literal"),
        ("n.k = toUpper('a')", "function toUpper"),
        ("m.k = 1", "variable `m`"),
        ("n = 1", "property of `n`"),
        ("n.k STARTS WITH 'a'", "unsupported property rule"),
        ("n.k IN 1", "needs a list"),
    ];
    for (pred, needle) in cases {
        let text = format!("GRANT TRAVERSE ON GRAPH * FOR (n:L) WHERE {pred} TO r");
        let e = err(&text);
        assert!(e.message().contains(needle), "{pred}: {e:?}");
        // The predicate starts after "... FOR (n:L) WHERE ".
        assert_eq!(e.offset, 42, "{pred}");
    }
    assert!(
        err("GRANT TRAVERSE ON GRAPH * FOR (n:L) {a: 1, b: 2} TO r")
            .message()
            .contains("exactly one property")
    );
    assert!(
        err("GRANT TRAVERSE ON GRAPH * FOR (n:L) {a: null} TO r")
            .message()
            .contains("null")
    );
    assert!(
        err("GRANT TRAVERSE ON GRAPH * FOR (n:L) {a: {b: 1}} TO r")
            .message()
            .contains("map")
    );
}

#[test]
fn show_commands() {
    assert_eq!(
        cmd("SHOW ROLES"),
        AdminCommand::ShowRoles {
            with_users: false,
            with_auth_rules: false,
            tail: ShowTail::default()
        }
    );
    assert!(matches!(
        cmd("SHOW ALL ROLES WITH USERS"),
        AdminCommand::ShowRoles {
            with_users: true,
            with_auth_rules: false,
            ..
        }
    ));
    assert!(matches!(
        cmd("SHOW ROLES WITH AUTH RULES"),
        AdminCommand::ShowRoles {
            with_users: false,
            with_auth_rules: true,
            ..
        }
    ));
    assert!(matches!(cmd("SHOW USERS"), AdminCommand::ShowUsers { .. }));
    assert_eq!(
        cmd("SHOW ROLE a, b PRIVILEGES AS COMMANDS"),
        AdminCommand::ShowPrivileges {
            roles: names(&["a", "b"]),
            as_commands: true,
            tail: ShowTail::default()
        }
    );
    assert!(matches!(
        cmd("SHOW PRIVILEGES"),
        AdminCommand::ShowPrivileges {
            as_commands: false,
            ..
        }
    ));
    assert!(matches!(
        cmd("SHOW AUTH RULES AS COMMANDS"),
        AdminCommand::ShowAuthRules {
            as_commands: true,
            ..
        }
    ));
    let AdminCommand::ShowRoles { tail, .. } = cmd(
        "SHOW ROLES YIELD role ORDER BY role DESC SKIP 1 LIMIT 2 WHERE role <> 'x' RETURN role AS r",
    ) else {
        panic!("not show roles")
    };
    let yields = tail.yields.expect("yield");
    assert_eq!(yields.items[0].text, "role");
    assert!(yields.order_by[0].descending);
    assert_eq!(yields.skip, Some(Expr::Literal(Value::Integer(1))));
    assert_eq!(yields.limit, Some(Expr::Literal(Value::Integer(2))));
    assert!(yields.predicate.is_some());
    assert_eq!(
        tail.returns.expect("return").items[0].alias.as_deref(),
        Some("r")
    );
    let AdminCommand::ShowUsers { tail } = cmd("SHOW USERS WHERE user = 'a'") else {
        panic!("not show users")
    };
    assert!(tail.predicate.is_some() && tail.yields.is_none());
    let AdminCommand::ShowPrivileges { tail, .. } = cmd("SHOW PRIVILEGES YIELD *") else {
        panic!("not show privileges")
    };
    assert!(tail.yields.expect("yield").star);
    assert!(
        err("SHOW USER u PRIVILEGES")
            .message()
            .contains("unsupported administration command")
    );
    assert!(
        err("SHOW PRIVILEGES AS REVOKE COMMANDS")
            .message()
            .contains("REVOKE")
    );
}

#[test]
fn procedures() {
    assert_eq!(
        cmd("CALL dbms.security.createUser('u', 'pw', false)"),
        AdminCommand::CreateUser {
            name: "u".into(),
            or_replace: false,
            if_not_exists: false,
            password: Some("pw".into()),
            change_required: false
        }
    );
    assert!(matches!(
        cmd("CALL dbms.security.createUser('u', 'pw')"),
        AdminCommand::CreateUser {
            change_required: true,
            ..
        }
    ));
    assert_eq!(
        cmd("CALL dbms.security.createRole('r')"),
        AdminCommand::CreateRole {
            name: "r".into(),
            or_replace: false,
            if_not_exists: false,
            copy_of: None
        }
    );
    assert_eq!(
        cmd("CALL dbms.security.addRoleToUser('r', 'u')"),
        AdminCommand::GrantRoles {
            roles: names(&["r"]),
            users: names(&["u"])
        }
    );
    for (text, kind, name) in [
        ("CALL db.createLabel('L')", TokenKind::Label, "L"),
        (
            "CALL db.createRelationshipType('T')",
            TokenKind::RelType,
            "T",
        ),
        ("CALL db.createProperty('p')", TokenKind::PropertyKey, "p"),
    ] {
        assert_eq!(
            cmd(text),
            AdminCommand::CreateToken {
                kind,
                name: name.into()
            }
        );
    }
    assert!(
        err("CALL dbms.security.createRole(1)")
            .message()
            .contains("string literal")
    );
    assert!(
        err("CALL dbms.security.listUsers()")
            .message()
            .contains("unsupported procedure")
    );
    // Read procedures stay queries.
    assert!(matches!(
        parse_statement("CALL db.labels()"),
        Ok(Statement::Read(_))
    ));
}

#[test]
fn scripts_locate_each_command() {
    let script = "CREATE ROLE users;\nGRANT MATCH {*} ON GRAPH * NODES * TO users;\n\nCYPHER 25 CREATE USER alice SET PASSWORD 'secret' CHANGE NOT REQUIRED;;\nGRANT ROLE users TO alice;\n";
    let commands = parse_admin_script(script).expect("script");
    let offsets: Vec<_> = commands.iter().map(|c| c.offset).collect();
    assert_eq!(offsets, vec![0, 19, 65, 137]);
    assert!(matches!(commands[2].item, AdminCommand::CreateUser { .. }));
    let e = parse_admin_script("CREATE ROLE a;\nMATCH (n) RETURN n").unwrap_err();
    assert_eq!(
        (e.message().as_str(), e.offset),
        ("unknown administration command", 15)
    );
    let e = parse_admin_script("CREATE ROLE a CREATE ROLE b").unwrap_err();
    assert_eq!(e.offset, 14);
    assert!(parse_admin_script("").expect("empty").is_empty());
}

/// Neo4j's manual recreates PUBLIC's built-in `EXECUTE FUNCTION *` with
/// `GRANT EXECUTE USER DEFINED FUNCTIONS * ON DBMS` and calls the result
/// "the same privileges": the spellings must parse to one privilege, or
/// SHOW lists it twice and REVOKE of one spelling misses the other.
#[test]
fn execute_privilege_synonyms_parse_alike() {
    let (_, function, _) = privilege("GRANT EXECUTE FUNCTION * ON DBMS TO PUBLIC");
    for text in [
        "GRANT EXECUTE USER DEFINED FUNCTIONS * ON DBMS TO PUBLIC",
        "GRANT EXECUTE USER FUNCTION * ON DBMS TO PUBLIC",
    ] {
        assert_eq!(privilege(text).1, function, "{text}");
    }
    let (_, admin, _) = privilege("GRANT EXECUTE ADMIN PROCEDURES ON DBMS TO r");
    let (_, administrator, _) = privilege("GRANT EXECUTE ADMINISTRATOR PROCEDURES ON DBMS TO r");
    assert_eq!(admin, administrator);
    assert_ne!(function, admin);
}

/// The manual's "Manage users" page lists users with `SHOW USER YIELD ...
/// WHERE user = 'jake'`: the singular is the same command. A name after it
/// (SHOW USER jake PRIVILEGES) stays outside the subset and is refused.
#[test]
fn show_user_singular_lists_users() {
    assert!(matches!(cmd("SHOW USER"), AdminCommand::ShowUsers { .. }));
    let AdminCommand::ShowUsers { tail } = cmd(
        "SHOW USER YIELD user, suspended, passwordChangeRequired, roles, home WHERE user = 'jake'",
    ) else {
        panic!("not SHOW USERS");
    };
    assert!(tail.yields.is_some());
    err("SHOW USER jake PRIVILEGES");
    err("SHOW USERS jake");
}

#[test]
fn show_tails_are_checked_against_the_command_columns() {
    use crate::error::ErrorKind;
    let failure = |text: &str| {
        let e = err(text);
        (e.kind, e.offset)
    };
    assert_eq!(
        failure("SHOW ROLES YIELD nope"),
        (ErrorKind::VariableNotDefined("nope".into()), 17)
    );
    assert_eq!(
        failure("SHOW USERS WHERE rol = 'x'"),
        (ErrorKind::VariableNotDefined("rol".into()), 17)
    );
    assert_eq!(
        failure("SHOW ROLES YIELD role AS r RETURN role"),
        (ErrorKind::VariableNotDefined("role".into()), 34)
    );
    assert_eq!(
        failure("SHOW PRIVILEGES AS COMMANDS YIELD access"),
        (ErrorKind::VariableNotDefined("access".into()), 34)
    );
    assert_eq!(
        failure("SHOW ROLES WITH USERS YIELD role, member, role"),
        (ErrorKind::DuplicateColumn("role".into()), 42)
    );
    for ok in [
        "SHOW ROLES WITH USERS YIELD role, member WHERE member = 'u' RETURN role",
        "SHOW ROLES YIELD role AS r WHERE r STARTS WITH 'a' RETURN r ORDER BY r",
        "SHOW AUTH RULES YIELD name, enabled RETURN count(*) AS rules",
        "SHOW USERS YIELD * RETURN user",
    ] {
        cmd(ok);
    }
}

/// The "Load privileges" page: `GRANT|DENY [IMMUTABLE] LOAD ON ALL DATA |
/// ON CIDR cidr TO role[, ...]` and the REVOKE forms; the source is stored
/// as the qualifier, on graph `*`.
#[test]
fn load_privileges() {
    let all_data = SegmentSpec::Other("ALL DATA".into());
    let cidr = SegmentSpec::Other("CIDR 127.0.0.1/32".into());
    for (text, verb, segment, roles) in [
        (
            "GRANT LOAD ON ALL DATA TO roleLoadAllData",
            PrivilegeVerb::Grant,
            &all_data,
            &["roleLoadAllData"][..],
        ),
        (
            "DENY LOAD ON CIDR \"127.0.0.1/32\" TO roleLoadCidr",
            PrivilegeVerb::Deny,
            &cidr,
            &["roleLoadCidr"][..],
        ),
        (
            "GRANT IMMUTABLE LOAD ON CIDR '127.0.0.1/32' TO a, `b c`",
            PrivilegeVerb::Grant,
            &cidr,
            &["a", "b c"][..],
        ),
        (
            "DENY IMMUTABLE load on all data TO a",
            PrivilegeVerb::Deny,
            &all_data,
            &["a"][..],
        ),
        (
            "REVOKE GRANT LOAD ON ALL DATA FROM newAdministrator",
            PrivilegeVerb::RevokeGrant,
            &all_data,
            &["newAdministrator"][..],
        ),
        (
            "REVOKE DENY LOAD ON CIDR \"127.0.0.1/32\" FROM a",
            PrivilegeVerb::RevokeDeny,
            &cidr,
            &["a"][..],
        ),
        (
            "REVOKE LOAD ON ALL DATA FROM a, b",
            PrivilegeVerb::Revoke,
            &all_data,
            &["a", "b"][..],
        ),
    ] {
        let (v, spec, r) = privilege(text);
        assert_eq!(v, verb, "{text}");
        assert_eq!(spec.action, Action::Other("LOAD".into()), "{text}");
        assert_eq!(spec.properties, None, "{text}");
        assert_eq!(spec.graphs, vec![GraphScope::All], "{text}");
        assert_eq!(&spec.segment, segment, "{text}");
        assert_eq!(r, names(roles), "{text}");
    }
    // IPv6 ranges and the edges of the prefix length.
    for range in [
        "::1/128",
        "2001:db8::/32",
        "0.0.0.0/0",
        "10.0.0.0/8",
        "::/0",
    ] {
        assert_eq!(
            segment(&format!("GRANT LOAD ON CIDR \"{range}\" TO r")),
            SegmentSpec::Other(format!("CIDR {range}")),
            "{range}"
        );
    }
    // Neo4j refuses what is not a CIDR range; the error points at the string.
    for range in [
        "127.0.0.1",
        "127.0.0.1/33",
        "::1/129",
        "127.0.0.1/+8",
        "127.0.0.1/",
        "256.0.0.1/8",
        "localhost/8",
        " 10.0.0.0/8",
        "",
    ] {
        let text = format!("GRANT LOAD ON CIDR \"{range}\" TO r");
        let e = err(&text);
        assert_eq!(e.offset, 19, "{text}");
        assert!(
            e.message().contains("is not a valid CIDR IP"),
            "{text}: {e:?}"
        );
    }
    // LOAD is on a data source, never on a graph, database or the DBMS.
    for text in [
        "GRANT LOAD ON GRAPH * TO r",
        "GRANT LOAD ON DBMS TO r",
        "GRANT LOAD ON ALL TO r",
        "GRANT LOAD ON URL \"https://example.com/a.csv\" TO r",
    ] {
        let e = err(text);
        assert_eq!(e.offset, 14, "{text}: {e:?}");
    }
    // The range is a string literal (Neo4j also takes a parameter, which
    // scenarios do not have).
    let e = err("GRANT LOAD ON CIDR 10 TO r");
    assert_eq!(e.offset, 19, "{e:?}");
    assert!(e.message().contains("CIDR range as a string"), "{e:?}");
}
