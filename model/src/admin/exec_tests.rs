//! Unit tests of command execution: built-ins (U1, U2), E2 atomicity, P5
//! splitting and revoking, A1 and A4, Q2 validation and SHOW rows. Expected
//! values come from docs/spec/semantics.md and the Neo4j Operations Manual.

use super::execute;
use crate::admin::{AdminCommand, PrivilegeSpec, PrivilegeVerb, SegmentSpec, ShowTail};
use crate::ast::Expr;
use crate::catalog::{
    Access, Action, Catalog, GraphScope, PUBLIC, Privilege, PropertyRule, PropertySet, RuleOp,
    RulePredicate, Segment,
};
use crate::graph::{TokenKind, Tokens};
use crate::rows::QueryResult;
use crate::value::Value;

fn run(catalog: &mut Catalog, command: AdminCommand) -> Result<QueryResult, String> {
    execute(&command, catalog, &mut Tokens::default()).map_err(|e| e.message())
}

fn ok(catalog: &mut Catalog, command: AdminCommand) -> QueryResult {
    match run(catalog, command.clone()) {
        Ok(r) => r,
        Err(e) => panic!("{command:?} failed: {e}"),
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn create_role(name: &str) -> AdminCommand {
    AdminCommand::CreateRole {
        name: name.into(),
        or_replace: false,
        if_not_exists: false,
        copy_of: None,
    }
}

fn create_user(name: &str) -> AdminCommand {
    AdminCommand::CreateUser {
        name: name.into(),
        or_replace: false,
        if_not_exists: false,
        password: Some("secret".into()),
        change_required: false,
    }
}

fn grant_roles(roles: &[&str], users: &[&str]) -> AdminCommand {
    AdminCommand::GrantRoles {
        roles: names(roles),
        users: names(users),
    }
}

fn privilege(
    verb: PrivilegeVerb,
    action: Action,
    properties: Option<&[&str]>,
    segment: SegmentSpec,
    roles: &[&str],
) -> AdminCommand {
    AdminCommand::Privilege {
        verb,
        privilege: PrivilegeSpec {
            action,
            properties: properties.map(names),
            graphs: vec![GraphScope::All],
            segment,
        },
        roles: names(roles),
    }
}

fn rule(var: &str, key: &str, predicate: RulePredicate) -> PropertyRule {
    PropertyRule {
        var: var.into(),
        key: key.into(),
        predicate,
        negated: false,
        map_form: false,
    }
}

fn create_auth_rule(name: &str) -> AdminCommand {
    AdminCommand::CreateAuthRule {
        name: name.into(),
        or_replace: false,
        if_not_exists: false,
        condition: "abac.oidc.user_attribute('department') = 'sales'".into(),
        condition_expr: Expr::Literal(Value::Boolean(true)),
        enabled: None,
    }
}

fn show_privileges(roles: &[&str], as_commands: bool) -> AdminCommand {
    AdminCommand::ShowPrivileges {
        roles: names(roles),
        as_commands,
        tail: ShowTail::default(),
    }
}

fn commands(catalog: &mut Catalog, roles: &[&str]) -> Vec<String> {
    ok(catalog, show_privileges(roles, true))
        .rows
        .into_iter()
        .map(|row| match row.as_slice() {
            [Value::String(s)] => s.clone(),
            other => panic!("not a command row: {other:?}"),
        })
        .collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    names(list)
}

/// A catalog with role `custom` (granted to user `alice`) and auth rule `r1`.
fn setup() -> Catalog {
    let mut c = Catalog::with_builtins();
    ok(&mut c, create_role("custom"));
    ok(&mut c, create_role("other"));
    ok(&mut c, create_user("alice"));
    ok(&mut c, grant_roles(&["custom"], &["alice"]));
    ok(&mut c, create_auth_rule("r1"));
    c
}

#[test]
fn builtin_roles_match_the_manual() {
    let mut c = Catalog::with_builtins();
    assert!(c.users.is_empty());
    assert!(c.auth_rules.is_empty());
    assert_eq!(
        commands(&mut c, &["PUBLIC"]),
        strings(&[
            "GRANT ACCESS ON HOME DATABASE TO `PUBLIC`",
            "GRANT EXECUTE FUNCTION * ON DBMS TO `PUBLIC`",
            "GRANT EXECUTE PROCEDURE * ON DBMS TO `PUBLIC`",
            "GRANT LOAD ON ALL DATA TO `PUBLIC`",
        ])
    );
    // U1: nothing on graph data for PUBLIC.
    let public = c
        .roles
        .get(PUBLIC)
        .map(|r| r.privileges.clone())
        .unwrap_or_default();
    assert!(
        public
            .iter()
            .all(|p| !matches!(p.action, Action::Traverse | Action::Read | Action::Match))
    );
    assert_eq!(
        commands(&mut c, &["reader"]),
        strings(&[
            "GRANT ACCESS ON DATABASE * TO `reader`",
            "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`",
            "GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `reader`",
            "GRANT SHOW CONSTRAINT ON DATABASE * TO `reader`",
            "GRANT SHOW INDEX ON DATABASE * TO `reader`",
        ])
    );
    assert_eq!(commands(&mut c, &["editor"]).len(), 6);
    assert_eq!(commands(&mut c, &["publisher"]).len(), 7);
    assert_eq!(commands(&mut c, &["architect"]).len(), 9);
    assert_eq!(
        commands(&mut c, &["admin"]),
        strings(&[
            "GRANT ACCESS ON DATABASE * TO `admin`",
            "GRANT ALL DBMS PRIVILEGES ON DBMS TO `admin`",
            "GRANT CONSTRAINT MANAGEMENT ON DATABASE * TO `admin`",
            "GRANT INDEX MANAGEMENT ON DATABASE * TO `admin`",
            "GRANT LOAD ON ALL DATA TO `admin`",
            "GRANT MATCH {*} ON GRAPH * NODE * TO `admin`",
            "GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `admin`",
            "GRANT NAME MANAGEMENT ON DATABASE * TO `admin`",
            "GRANT SHOW CONSTRAINT ON DATABASE * TO `admin`",
            "GRANT SHOW INDEX ON DATABASE * TO `admin`",
            "GRANT START ON DATABASE * TO `admin`",
            "GRANT STOP ON DATABASE * TO `admin`",
            "GRANT TRANSACTION MANAGEMENT (*) ON DATABASE * TO `admin`",
            "GRANT WRITE ON GRAPH * TO `admin`",
        ])
    );
}

#[test]
fn show_privileges_columns_match_the_manual() {
    let mut c = Catalog::with_builtins();
    let r = ok(&mut c, show_privileges(&["reader", "PUBLIC"], false));
    assert_eq!(
        r.columns,
        strings(&[
            "access",
            "action",
            "resource",
            "graph",
            "segment",
            "role",
            "immutable"
        ])
    );
    let row = |cells: [&str; 6]| {
        let mut v: Vec<Value> = cells.iter().map(|s| Value::String(s.to_string())).collect();
        v.push(Value::Boolean(false));
        v
    };
    for expected in [
        row([
            "GRANTED", "access", "database", "HOME", "database", "PUBLIC",
        ]),
        row([
            "GRANTED",
            "execute",
            "database",
            "*",
            "FUNCTION(*)",
            "PUBLIC",
        ]),
        row([
            "GRANTED",
            "execute",
            "database",
            "*",
            "PROCEDURE(*)",
            "PUBLIC",
        ]),
        // PUBLIC's LOAD as Neo4j lists it: the "Role-based access control"
        // page's SHOW PRIVILEGES results regenerated by running its examples
        // (neo4j/docs-operations pull request 3206).
        row(["GRANTED", "load", "file", "*", "ALL DATA", "PUBLIC"]),
        row([
            "GRANTED",
            "match",
            "all_properties",
            "*",
            "NODE(*)",
            "reader",
        ]),
        row([
            "GRANTED",
            "match",
            "all_properties",
            "*",
            "RELATIONSHIP(*)",
            "reader",
        ]),
        row(["GRANTED", "access", "database", "*", "database", "reader"]),
        row([
            "GRANTED",
            "show_constraint",
            "database",
            "*",
            "database",
            "reader",
        ]),
        row([
            "GRANTED",
            "show_index",
            "database",
            "*",
            "database",
            "reader",
        ]),
    ] {
        assert!(r.rows.contains(&expected), "missing {expected:?}");
    }
    assert_eq!(r.rows.len(), 9);
    // Neo4j's admin listing.
    let admin = ok(&mut c, show_privileges(&["admin"], false));
    let mut actions: Vec<String> = admin
        .rows
        .iter()
        .filter_map(|row| match row.get(1) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    actions.sort();
    assert_eq!(
        actions,
        strings(&[
            "access",
            "constraint",
            "dbms_actions",
            "index",
            "load",
            "match",
            "match",
            "show_constraint",
            "show_index",
            "start_database",
            "stop_database",
            "token",
            "transaction_management",
            "write",
            "write",
        ])
    );
}

#[test]
fn property_rule_rows_show_resource_and_pattern() {
    let mut c = setup();
    let seg = SegmentSpec::NodeRule {
        labels: names(&["Employee"]),
        rule: rule(
            "e",
            "position",
            RulePredicate::Compare(RuleOp::Equal, Value::String("CEO".into())),
        ),
    };
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Deny,
            Action::Read,
            Some(&["salary"]),
            seg,
            &["custom"],
        ),
    );
    let r = ok(&mut c, show_privileges(&["custom"], false));
    assert_eq!(
        r.rows,
        vec![vec![
            Value::String("DENIED".into()),
            Value::String("read".into()),
            Value::String("property(salary)".into()),
            Value::String("*".into()),
            Value::String("FOR((n:Employee) WHERE n.position = 'CEO')".into()),
            Value::String("custom".into()),
            Value::Boolean(false),
        ]]
    );
    assert_eq!(
        commands(&mut c, &["custom"]),
        strings(&[
            "DENY READ {salary} ON GRAPH * FOR (e:Employee) WHERE e.position = 'CEO' TO `custom`"
        ])
    );
}

#[test]
fn failing_commands_change_nothing() {
    let base = setup();
    let deny_role = {
        let mut c = base.clone();
        ok(&mut c, create_role("denier"));
        ok(
            &mut c,
            privilege(
                PrivilegeVerb::Deny,
                Action::Traverse,
                None,
                SegmentSpec::Nodes(vec![]),
                &["denier"],
            ),
        );
        c
    };
    let failing: Vec<(Catalog, AdminCommand)> = vec![
        (base.clone(), create_role("custom")),
        (
            base.clone(),
            AdminCommand::CreateRole {
                name: "x".into(),
                or_replace: true,
                if_not_exists: true,
                copy_of: None,
            },
        ),
        (
            base.clone(),
            AdminCommand::CreateRole {
                name: "x".into(),
                or_replace: false,
                if_not_exists: false,
                copy_of: Some("missing".into()),
            },
        ),
        (
            base.clone(),
            AdminCommand::CreateRole {
                name: PUBLIC.into(),
                or_replace: true,
                if_not_exists: false,
                copy_of: None,
            },
        ),
        (
            base.clone(),
            AdminCommand::DropRole {
                name: "missing".into(),
                if_exists: false,
            },
        ),
        (
            base.clone(),
            AdminCommand::DropRole {
                name: PUBLIC.into(),
                if_exists: true,
            },
        ),
        (base.clone(), create_user("alice")),
        (
            base.clone(),
            AdminCommand::DropUser {
                name: "bob".into(),
                if_exists: false,
            },
        ),
        // One bad pair fails the whole command: alice must not get `other`.
        (base.clone(), grant_roles(&["other", "missing"], &["alice"])),
        (base.clone(), grant_roles(&["other"], &["alice", "bob"])),
        (base.clone(), grant_roles(&[PUBLIC], &["alice"])),
        (
            base.clone(),
            AdminCommand::RevokeRoles {
                roles: names(&[PUBLIC]),
                users: names(&["alice"]),
            },
        ),
        (
            base.clone(),
            privilege(
                PrivilegeVerb::Grant,
                Action::Traverse,
                None,
                SegmentSpec::Nodes(vec![]),
                &["custom", "missing"],
            ),
        ),
        (
            base.clone(),
            privilege(
                PrivilegeVerb::Revoke,
                Action::Traverse,
                None,
                SegmentSpec::Nodes(vec![]),
                &["missing"],
            ),
        ),
        // Q2: property rule on a write privilege, null, mixed list.
        (
            base.clone(),
            privilege(
                PrivilegeVerb::Grant,
                Action::Other("CREATE".into()),
                None,
                SegmentSpec::NodeRule {
                    labels: vec![],
                    rule: rule("n", "k", RulePredicate::IsNull),
                },
                &["custom"],
            ),
        ),
        (
            base.clone(),
            privilege(
                PrivilegeVerb::Grant,
                Action::Traverse,
                None,
                SegmentSpec::NodeRule {
                    labels: vec![],
                    rule: rule("n", "k", RulePredicate::Compare(RuleOp::Equal, Value::Null)),
                },
                &["custom"],
            ),
        ),
        (
            base.clone(),
            privilege(
                PrivilegeVerb::Grant,
                Action::Traverse,
                None,
                SegmentSpec::NodeRule {
                    labels: vec![],
                    rule: rule(
                        "n",
                        "k",
                        RulePredicate::InList(vec![Value::Integer(1), Value::String("1".into())]),
                    ),
                },
                &["custom"],
            ),
        ),
        (
            base.clone(),
            privilege(
                PrivilegeVerb::Grant,
                Action::Traverse,
                None,
                SegmentSpec::NodeRule {
                    labels: vec![],
                    rule: rule(
                        "n",
                        "k",
                        RulePredicate::Compare(RuleOp::Less, Value::Float(f64::NAN)),
                    ),
                },
                &["custom"],
            ),
        ),
        // A1.
        (base.clone(), create_auth_rule("r1")),
        (
            base.clone(),
            AdminCommand::CreateAuthRule {
                name: "r2".into(),
                or_replace: true,
                if_not_exists: true,
                condition: "true".into(),
                condition_expr: Expr::Literal(Value::Boolean(true)),
                enabled: None,
            },
        ),
        (
            base.clone(),
            AdminCommand::AlterAuthRule {
                name: "missing".into(),
                if_exists: false,
                condition: None,
                enabled: Some(false),
            },
        ),
        (
            base.clone(),
            AdminCommand::AlterAuthRule {
                name: "r1".into(),
                if_exists: false,
                condition: None,
                enabled: None,
            },
        ),
        (
            base.clone(),
            AdminCommand::DropAuthRule {
                name: "missing".into(),
                if_exists: false,
            },
        ),
        (
            base.clone(),
            AdminCommand::RenameAuthRule {
                from: "missing".into(),
                to: "x".into(),
                if_exists: false,
            },
        ),
        (
            {
                let mut c = base.clone();
                ok(&mut c, create_auth_rule("r2"));
                c
            },
            AdminCommand::RenameAuthRule {
                from: "r1".into(),
                to: "r2".into(),
                if_exists: false,
            },
        ),
        (
            base.clone(),
            AdminCommand::GrantRolesToAuthRules {
                roles: names(&["custom"]),
                rules: names(&["missing"]),
            },
        ),
        (
            base.clone(),
            AdminCommand::GrantRolesToAuthRules {
                roles: names(&["missing"]),
                rules: names(&["r1"]),
            },
        ),
        // A4, first half: a role holding a DENY cannot go to an auth rule.
        (
            deny_role.clone(),
            AdminCommand::GrantRolesToAuthRules {
                roles: names(&["custom", "denier"]),
                rules: names(&["r1"]),
            },
        ),
    ];
    for (before, command) in failing {
        let mut after = before.clone();
        let result = run(&mut after, command.clone());
        assert!(result.is_err(), "{command:?} should fail");
        assert_eq!(after, before, "{command:?} changed the catalog");
    }
}

#[test]
fn a_role_granted_to_an_auth_rule_cannot_receive_a_deny() {
    let mut c = setup();
    ok(
        &mut c,
        AdminCommand::GrantRolesToAuthRules {
            roles: names(&["custom"]),
            rules: names(&["r1"]),
        },
    );
    let before = c.clone();
    let deny = privilege(
        PrivilegeVerb::Deny,
        Action::Read,
        Some(&["*"]),
        SegmentSpec::Elements(vec![]),
        &["custom"],
    );
    let err = run(&mut c, deny).expect_err("A4");
    assert!(err.contains("auth rule"), "{err}");
    assert_eq!(c, before);
    // GRANTs are fine.
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Read,
            Some(&["*"]),
            SegmentSpec::Elements(vec![]),
            &["custom"],
        ),
    );
    // After revoking the role from the rule, the DENY is allowed.
    ok(
        &mut c,
        AdminCommand::RevokeRolesFromAuthRules {
            roles: names(&["custom"]),
            rules: names(&["r1"]),
        },
    );
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Deny,
            Action::Traverse,
            None,
            SegmentSpec::Nodes(vec![]),
            &["custom"],
        ),
    );
}

fn stored(c: &Catalog, role: &str) -> Vec<Privilege> {
    c.roles
        .get(role)
        .map(|r| r.privileges.clone())
        .unwrap_or_default()
}

#[test]
fn one_privilege_per_graph_name_and_key() {
    let mut c = setup();
    let command = AdminCommand::Privilege {
        verb: PrivilegeVerb::Grant,
        privilege: PrivilegeSpec {
            action: Action::Read,
            properties: Some(names(&["a", "b"])),
            graphs: vec![GraphScope::All, GraphScope::Named("other".into())],
            segment: SegmentSpec::Elements(names(&["A", "B"])),
        },
        roles: names(&["custom", "other"]),
    };
    ok(&mut c, command.clone());
    let held = stored(&c, "custom");
    // 2 graphs × (NODES A, NODES B, RELATIONSHIPS A, RELATIONSHIPS B) × 2 keys.
    assert_eq!(held.len(), 16);
    assert!(held.contains(&Privilege {
        access: Access::Granted,
        action: Action::Read,
        properties: PropertySet::Key("b".into()),
        graph: GraphScope::Named("other".into()),
        segment: Segment::Relationships(Some("A".into())),
    }));
    assert_eq!(stored(&c, "other").len(), 16);
    // Storing it again is a no-op and does not bump the version.
    let version = c.version;
    ok(&mut c, command);
    assert_eq!(stored(&c, "custom").len(), 16);
    assert_eq!(c.version, version);
}

#[test]
fn no_segment_means_elements_star_and_rules_split_per_label() {
    let mut c = setup();
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Match,
            Some(&["*"]),
            SegmentSpec::Elements(vec![]),
            &["custom"],
        ),
    );
    assert_eq!(
        stored(&c, "custom")
            .iter()
            .map(|p| p.segment.clone())
            .collect::<Vec<_>>(),
        vec![Segment::Nodes(None), Segment::Relationships(None)]
    );
    assert!(
        stored(&c, "custom")
            .iter()
            .all(|p| p.properties == PropertySet::All)
    );
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Traverse,
            None,
            SegmentSpec::Nodes(vec![]),
            &["other"],
        ),
    );
    assert_eq!(
        stored(&c, "other").first().map(|p| p.properties.clone()),
        Some(PropertySet::None)
    );
    let r = rule("n", "k", RulePredicate::IsNotNull);
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Traverse,
            None,
            SegmentSpec::NodeRule {
                labels: names(&["L1", "L2"]),
                rule: r.clone(),
            },
            &["other"],
        ),
    );
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Traverse,
            None,
            SegmentSpec::RelRule {
                rel_types: vec![],
                rule: r.clone(),
            },
            &["other"],
        ),
    );
    let segments: Vec<Segment> = stored(&c, "other").into_iter().map(|p| p.segment).collect();
    assert_eq!(
        segments,
        vec![
            Segment::Nodes(None),
            Segment::NodeRule {
                label: Some("L1".into()),
                rule: r.clone()
            },
            Segment::NodeRule {
                label: Some("L2".into()),
                rule: r.clone()
            },
            Segment::RelRule {
                rel_type: None,
                rule: r
            },
        ]
    );
}

#[test]
fn revoke_removes_exactly_the_identical_privileges() {
    let mut c = setup();
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Match,
            Some(&["x", "y"]),
            SegmentSpec::Nodes(vec![]),
            &["custom"],
        ),
    );
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Deny,
            Action::Match,
            Some(&["x"]),
            SegmentSpec::Nodes(vec![]),
            &["custom"],
        ),
    );
    // REVOKE READ {x} leaves MATCH {x} alone (P5), and changes nothing.
    let version = c.version;
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Revoke,
            Action::Read,
            Some(&["x"]),
            SegmentSpec::Nodes(vec![]),
            &["custom"],
        ),
    );
    assert_eq!(stored(&c, "custom").len(), 3);
    assert_eq!(c.version, version);
    // REVOKE GRANT removes the grant of x only, leaving y and the deny.
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::RevokeGrant,
            Action::Match,
            Some(&["x"]),
            SegmentSpec::Nodes(vec![]),
            &["custom"],
        ),
    );
    let held = stored(&c, "custom");
    assert_eq!(held.len(), 2);
    assert!(
        held.iter()
            .any(|p| p.access == Access::Denied && p.properties == PropertySet::Key("x".into()))
    );
    assert!(
        held.iter()
            .any(|p| p.access == Access::Granted && p.properties == PropertySet::Key("y".into()))
    );
    assert!(c.version > version);
    // A different segment matches nothing.
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Revoke,
            Action::Match,
            Some(&["y"]),
            SegmentSpec::Nodes(names(&["A"])),
            &["custom"],
        ),
    );
    assert_eq!(stored(&c, "custom").len(), 2);
    // Plain REVOKE removes grants and denies.
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Match,
            Some(&["x"]),
            SegmentSpec::Nodes(vec![]),
            &["custom"],
        ),
    );
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Revoke,
            Action::Match,
            Some(&["x", "y"]),
            SegmentSpec::Nodes(vec![]),
            &["custom"],
        ),
    );
    assert!(stored(&c, "custom").is_empty());
}

#[test]
fn rules_are_identified_by_meaning_not_spelling() {
    let mut c = setup();
    let value = Value::Integer(3);
    let mut map_form = rule(
        "",
        "level",
        RulePredicate::Compare(RuleOp::Equal, value.clone()),
    );
    map_form.map_form = true;
    let where_form = rule("m", "level", RulePredicate::Compare(RuleOp::Equal, value));
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Traverse,
            None,
            SegmentSpec::NodeRule {
                labels: names(&["A"]),
                rule: map_form,
            },
            &["custom"],
        ),
    );
    let spec = |verb| {
        privilege(
            verb,
            Action::Traverse,
            None,
            SegmentSpec::NodeRule {
                labels: names(&["A"]),
                rule: where_form.clone(),
            },
            &["custom"],
        )
    };
    ok(&mut c, spec(PrivilegeVerb::Grant));
    assert_eq!(
        stored(&c, "custom").len(),
        1,
        "same rule, other spelling: a duplicate"
    );
    let mut negated = where_form.clone();
    negated.negated = true;
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Traverse,
            None,
            SegmentSpec::NodeRule {
                labels: names(&["A"]),
                rule: negated,
            },
            &["custom"],
        ),
    );
    assert_eq!(stored(&c, "custom").len(), 2, "NOT makes another rule");
    ok(&mut c, spec(PrivilegeVerb::RevokeGrant));
    assert_eq!(stored(&c, "custom").len(), 1);
}

#[test]
fn roles_users_and_show_rows() {
    let mut c = setup();
    ok(&mut c, create_user("bob"));
    ok(&mut c, grant_roles(&["other", "reader"], &["bob"]));
    ok(
        &mut c,
        privilege(
            PrivilegeVerb::Grant,
            Action::Traverse,
            None,
            SegmentSpec::Nodes(vec![]),
            &["custom"],
        ),
    );
    // AS COPY OF copies privileges, not members.
    ok(
        &mut c,
        AdminCommand::CreateRole {
            name: "copy".into(),
            or_replace: false,
            if_not_exists: false,
            copy_of: Some("custom".into()),
        },
    );
    assert_eq!(stored(&c, "copy"), stored(&c, "custom"));
    let users = ok(
        &mut c,
        AdminCommand::ShowUsers {
            tail: ShowTail::default(),
        },
    );
    assert_eq!(
        users.columns,
        strings(&[
            "user",
            "roles",
            "passwordChangeRequired",
            "suspended",
            "home"
        ])
    );
    let list = |xs: &[&str]| Value::List(xs.iter().map(|s| Value::String(s.to_string())).collect());
    // The granted roles sorted, then PUBLIC, as the manual's "Manage roles"
    // page shows them (`["role1","role2","PUBLIC"]`).
    assert_eq!(
        users.rows,
        vec![
            vec![
                Value::String("alice".into()),
                list(&["custom", "PUBLIC"]),
                Value::Boolean(false),
                Value::Boolean(false),
                Value::Null
            ],
            vec![
                Value::String("bob".into()),
                list(&["other", "reader", "PUBLIC"]),
                Value::Boolean(false),
                Value::Boolean(false),
                Value::Null
            ],
        ]
    );
    let roles = ok(
        &mut c,
        AdminCommand::ShowRoles {
            with_users: true,
            with_auth_rules: false,
            tail: ShowTail::default(),
        },
    );
    assert_eq!(roles.columns, strings(&["role", "member"]));
    let pair = |r: &str, m: Option<&str>| {
        vec![
            Value::String(r.into()),
            m.map_or(Value::Null, |m| Value::String(m.into())),
        ]
    };
    for expected in [
        pair("PUBLIC", Some("alice")),
        pair("PUBLIC", Some("bob")),
        pair("custom", Some("alice")),
        pair("copy", None),
        pair("admin", None),
        pair("reader", Some("bob")),
    ] {
        assert!(roles.rows.contains(&expected), "missing {expected:?}");
    }
    // 6 built-ins + custom, other, copy; PUBLIC has 2 rows.
    assert_eq!(roles.rows.len(), 10);
    // Dropping a role removes it from users; OR REPLACE empties it.
    ok(
        &mut c,
        AdminCommand::DropRole {
            name: "other".into(),
            if_exists: false,
        },
    );
    assert!(
        c.users
            .get("bob")
            .is_some_and(|u| !u.roles.contains("other"))
    );
    ok(
        &mut c,
        AdminCommand::CreateRole {
            name: "custom".into(),
            or_replace: true,
            if_not_exists: false,
            copy_of: None,
        },
    );
    assert!(stored(&c, "custom").is_empty());
    assert!(c.users.get("alice").is_some_and(|u| u.roles.is_empty()));
    // IF EXISTS / IF NOT EXISTS are no-ops that keep the version.
    let version = c.version;
    ok(
        &mut c,
        AdminCommand::DropRole {
            name: "missing".into(),
            if_exists: true,
        },
    );
    ok(
        &mut c,
        AdminCommand::CreateRole {
            name: "copy".into(),
            or_replace: false,
            if_not_exists: true,
            copy_of: None,
        },
    );
    assert_eq!(c.version, version);
}

#[test]
fn auth_rule_lifecycle() {
    let mut c = setup();
    ok(
        &mut c,
        AdminCommand::GrantRolesToAuthRules {
            roles: names(&["custom", "reader"]),
            rules: names(&["r1"]),
        },
    );
    let rules = ok(
        &mut c,
        AdminCommand::ShowAuthRules {
            as_commands: false,
            tail: ShowTail::default(),
        },
    );
    assert_eq!(
        rules.columns,
        strings(&["name", "condition", "enabled", "roles"])
    );
    assert_eq!(
        rules.rows,
        vec![vec![
            Value::String("r1".into()),
            Value::String("abac.oidc.user_attribute('department') = 'sales'".into()),
            Value::Boolean(true),
            Value::List(vec![
                Value::String("custom".into()),
                Value::String("reader".into())
            ]),
        ]]
    );
    let as_commands = ok(
        &mut c,
        AdminCommand::ShowAuthRules {
            as_commands: true,
            tail: ShowTail::default(),
        },
    );
    assert_eq!(
        as_commands.rows,
        vec![vec![Value::String(
            "CREATE AUTH RULE r1 SET CONDITION abac.oidc.user_attribute('department') = 'sales' SET ENABLED true".into()
        )]]
    );
    ok(
        &mut c,
        AdminCommand::AlterAuthRule {
            name: "r1".into(),
            if_exists: false,
            condition: None,
            enabled: Some(false),
        },
    );
    ok(
        &mut c,
        AdminCommand::RenameAuthRule {
            from: "r1".into(),
            to: "r2".into(),
            if_exists: false,
        },
    );
    assert!(
        c.auth_rules
            .get("r2")
            .is_some_and(|r| !r.enabled && r.roles.len() == 2)
    );
    // IF NOT EXISTS keeps the rule; OR REPLACE makes a new, enabled one without roles.
    let mut replace = create_auth_rule("r2");
    if let AdminCommand::CreateAuthRule { if_not_exists, .. } = &mut replace {
        *if_not_exists = true;
    }
    ok(&mut c, replace.clone());
    assert!(c.auth_rules.get("r2").is_some_and(|r| r.roles.len() == 2));
    if let AdminCommand::CreateAuthRule {
        if_not_exists,
        or_replace,
        ..
    } = &mut replace
    {
        *if_not_exists = false;
        *or_replace = true;
    }
    ok(&mut c, replace);
    assert!(
        c.auth_rules
            .get("r2")
            .is_some_and(|r| r.enabled && r.roles.is_empty())
    );
    // Dropping a role removes it from rules too.
    ok(
        &mut c,
        AdminCommand::GrantRolesToAuthRules {
            roles: names(&["custom"]),
            rules: names(&["r2"]),
        },
    );
    ok(
        &mut c,
        AdminCommand::DropRole {
            name: "custom".into(),
            if_exists: false,
        },
    );
    assert!(c.auth_rules.get("r2").is_some_and(|r| r.roles.is_empty()));
    ok(
        &mut c,
        AdminCommand::DropAuthRule {
            name: "r2".into(),
            if_exists: false,
        },
    );
    ok(
        &mut c,
        AdminCommand::DropAuthRule {
            name: "r2".into(),
            if_exists: true,
        },
    );
    assert!(c.auth_rules.is_empty());
}

#[test]
fn create_token_registers_without_touching_the_catalog() {
    let mut c = setup();
    let before = c.clone();
    let mut tokens = Tokens::default();
    let command = AdminCommand::CreateToken {
        kind: TokenKind::Label,
        name: "A".into(),
    };
    assert!(execute(&command, &mut c, &mut tokens).is_ok());
    assert!(execute(&command, &mut c, &mut tokens).is_ok());
    assert_eq!(tokens.labels, strings(&["A"]));
    assert_eq!(c, before);
}

#[test]
fn every_change_bumps_the_version() {
    let mut c = Catalog::with_builtins();
    let v0 = c.version;
    ok(&mut c, create_role("a"));
    assert_eq!(c.version, v0 + 1);
    ok(&mut c, create_user("u"));
    ok(&mut c, grant_roles(&["a"], &["u"]));
    assert_eq!(c.version, v0 + 3);
    ok(&mut c, grant_roles(&["a"], &["u"]));
    assert_eq!(c.version, v0 + 3, "granting a held role changes nothing");
    ok(&mut c, show_privileges(&[], false));
    assert_eq!(c.version, v0 + 3);
}

#[test]
fn seed_003_procedures_build_the_blacklist_roles() {
    // Property-level security (3.5), Example 7.23, with the users it assumes created first.
    let script = "
        CALL dbms.security.createUser('user-1', 'pw', false);
        CALL dbms.security.createUser('user-2', 'pw', false);
        CALL dbms.security.createUser('user-3', 'pw', true);
        CALL dbms.security.createRole('roleX');
        CALL dbms.security.createRole('roleY');
        CALL dbms.security.addRoleToUser('roleX', 'user-1');
        CALL dbms.security.addRoleToUser('roleY', 'user-2');
        CALL dbms.security.addRoleToUser('roleX', 'user-3');
        CALL dbms.security.addRoleToUser('roleY', 'user-3')";
    let commands = match crate::cypher::parse_admin_script(script) {
        Ok(c) => c,
        Err(e) => panic!("{} at {}", e.message(), e.offset),
    };
    let mut c = Catalog::with_builtins();
    for command in commands {
        ok(&mut c, command.item);
    }
    let users = ok(
        &mut c,
        AdminCommand::ShowUsers {
            tail: ShowTail::default(),
        },
    );
    let list = |xs: &[&str]| Value::List(xs.iter().map(|s| Value::String(s.to_string())).collect());
    let roles_and_change: Vec<(Value, Value)> = users
        .rows
        .iter()
        .map(|row| {
            (
                row.get(1).cloned().unwrap_or(Value::Null),
                row.get(2).cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    assert_eq!(
        roles_and_change,
        vec![
            (list(&["roleX", "PUBLIC"]), Value::Boolean(false)),
            (list(&["roleY", "PUBLIC"]), Value::Boolean(false)),
            (list(&["roleX", "roleY", "PUBLIC"]), Value::Boolean(true)),
        ]
    );
    // Granting to a user that does not exist fails (E2).
    let missing = match crate::cypher::parse_admin_script(
        "CALL dbms.security.addRoleToUser('roleX', 'nobody')",
    ) {
        Ok(mut c) => c.remove(0).item,
        Err(e) => panic!("{}", e.message()),
    };
    assert!(run(&mut c, missing).is_err());
}

/// Runs the administration commands of `script` in order and returns the
/// result of the last, as the error's code and message when it fails.
fn script(catalog: &mut Catalog, script: &str) -> Result<QueryResult, (String, String)> {
    let commands = crate::cypher::parse_admin_script(script).expect("the script parses");
    let mut last = Ok(QueryResult {
        columns: Vec::new(),
        rows: Vec::new(),
        sort_keys: None,
    });
    for command in commands {
        let mut tokens = Tokens::default();
        last = execute(&command.item, catalog, &mut tokens)
            .map_err(|e| (e.code().to_string(), e.message()));
        if last.is_err() {
            break;
        }
    }
    last
}

/// Every A1/A4 refusal with its code; each leaves the catalog as it was (E2).
#[test]
fn auth_rule_refusals_have_their_codes_and_change_nothing() {
    let mut c = Catalog::with_builtins();
    script(
        &mut c,
        "CREATE ROLE granted; CREATE ROLE denier; DENY READ {*} ON GRAPH * TO denier;
         CREATE AUTH RULE a SET CONDITION true; CREATE AUTH RULE b SET CONDITION false;
         GRANT ROLE granted TO AUTH RULE a",
    )
    .expect("set-up");
    for (command, code, message) in [
        (
            "DROP AUTH RULE missing",
            "42NAD",
            "Failed to delete the specified auth rule 'missing': Auth rule does not exist.",
        ),
        (
            "ALTER AUTH RULE missing SET ENABLED false",
            "42NAD",
            "alter the specified auth rule 'missing'",
        ),
        (
            "RENAME AUTH RULE missing TO c",
            "42NAD",
            "rename the specified auth rule 'missing'",
        ),
        (
            "GRANT ROLE granted TO AUTH RULE missing",
            "42NAD",
            "grant role 'granted' to auth rule 'missing'",
        ),
        (
            "REVOKE ROLE granted FROM AUTH RULE missing",
            "42NAD",
            "revoke role 'granted' from auth rule 'missing'",
        ),
        (
            "CREATE AUTH RULE a SET CONDITION false",
            "42NAE",
            "Failed to create the specified auth rule 'a': Auth rule already exists.",
        ),
        (
            "RENAME AUTH RULE a TO b",
            "42NAE",
            "rename the specified auth rule 'a' to 'b'",
        ),
        (
            "DENY TRAVERSE ON GRAPH * TO granted",
            "22ND1",
            "auth rule 'a'",
        ),
        (
            "GRANT ROLE denier TO AUTH RULE b",
            "22ND2",
            "grant role 'denier' to auth rule 'b'",
        ),
        (
            "GRANT ROLE granted, denier TO AUTH RULE b",
            "22ND2",
            "a role with DENY privileges cannot be granted to an auth rule",
        ),
        (
            "GRANT ROLE missing TO AUTH RULE a",
            "42N10",
            "Role does not exist",
        ),
    ] {
        let before = c.clone();
        let (got_code, got_message) = script(&mut c, command).expect_err(command);
        assert_eq!(got_code, code, "{command}: {got_message}");
        assert!(got_message.contains(message), "{command}: {got_message}");
        assert_eq!(c, before, "{command} changed the catalog");
    }
    // OR REPLACE with IF NOT EXISTS is refused while parsing.
    let e = crate::cypher::parse_statement(
        "CREATE OR REPLACE AUTH RULE a IF NOT EXISTS SET CONDITION true",
    )
    .expect_err("both flags");
    assert!(
        e.message()
            .contains("cannot have both `OR REPLACE` and `IF NOT EXISTS`")
    );
}

/// ALTER stores the new condition's text and expression; OR REPLACE drops
/// the roles and takes the default `enabled`.
#[test]
fn conditions_are_stored_with_their_expression() {
    let mut c = Catalog::with_builtins();
    script(
        &mut c,
        "CREATE ROLE x; CREATE AUTH RULE a SET CONDITION true SET ENABLED false;
         GRANT ROLE x TO AUTH RULE a; ALTER AUTH RULE a SET CONDITION   NOT  false",
    )
    .expect("set-up");
    let rule = &c.auth_rules["a"];
    assert_eq!(rule.condition, "NOT  false");
    assert_eq!(
        *rule.expression,
        Expr::Unary(
            crate::ast::UnaryOp::Not,
            Box::new(Expr::Literal(Value::Boolean(false)))
        )
    );
    assert!(!rule.enabled && rule.roles.contains("x"));
    script(&mut c, "CREATE OR REPLACE AUTH RULE a SET CONDITION null").expect("replace");
    let rule = &c.auth_rules["a"];
    assert_eq!(*rule.expression, Expr::Literal(Value::Null));
    assert!(rule.enabled && rule.roles.is_empty());
}

/// `SHOW AUTH RULES AS COMMANDS`: `command` alone by default, `command`
/// and `roles` for a YIELD; rule names are backquoted only when needed.
#[test]
fn auth_rules_as_commands_yield_roles() {
    let mut c = Catalog::with_builtins();
    script(
        &mut c,
        "CREATE ROLE x; CREATE ROLE y; CREATE AUTH RULE `my rule` SET CONDITION 1 < 2 SET ENABLED false;
         GRANT ROLES y, x TO AUTH RULE `my rule`; CREATE AUTH RULE plain SET CONDITION true",
    )
    .expect("set-up");
    let plain = script(&mut c, "SHOW AUTH RULES AS COMMANDS").expect("show");
    assert_eq!(plain.columns, strings(&["command"]));
    assert_eq!(
        plain.rows,
        vec![
            vec![Value::String(
                "CREATE AUTH RULE `my rule` SET CONDITION 1 < 2 SET ENABLED false".into()
            )],
            vec![Value::String(
                "CREATE AUTH RULE plain SET CONDITION true SET ENABLED true".into()
            )],
        ]
    );
    let yielded = script(&mut c, "SHOW AUTH RULES AS COMMANDS YIELD *").expect("show");
    assert_eq!(yielded.columns, strings(&["command", "roles"]));
    assert_eq!(
        yielded.rows[0][1],
        Value::List(vec![Value::String("x".into()), Value::String("y".into())])
    );
    assert_eq!(yielded.rows[1][1], Value::List(vec![]));
    // Without YIELD only `command` is a column.
    let e = crate::cypher::parse_statement("SHOW AUTH RULES AS COMMANDS WHERE roles = []")
        .expect_err("no roles column");
    assert_eq!(e.code(), "42N62");
}
