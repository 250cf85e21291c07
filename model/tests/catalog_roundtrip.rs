//! Round trip of the catalog through its own rendering (docs/design.md: "round
//! trips such as `SHOW PRIVILEGES AS COMMANDS` re-parsed"): a catalog built
//! by a varied script, shown as commands, re-parsed and re-run on a fresh
//! catalog, must hold the same privileges, and showing it again must give
//! the same text.

use model::admin::exec::execute;
use model::admin::render::privilege_command;
use model::admin::{AdminCommand, ShowTail};
use model::catalog::{Catalog, Privilege};
use model::cypher::{Statement, parse_admin_script, parse_statement};
use model::graph::Tokens;
use model::value::Value;

/// Custom roles of the script; the built-in ones are equal in both catalogs
/// by construction.
const ROLES: [&str; 3] = ["custom", "my role", "writer"];

/// Every segment kind, every predicate form (map form, comparisons, IS
/// [NOT] NULL, IN list, value IN property, NOT), temporal constants, several
/// graphs, labels and keys, write, database and LOAD privileges.
const SCRIPT: &str = r#"
CREATE ROLE custom;
CREATE ROLE `my role`;
CREATE ROLE writer;
GRANT TRAVERSE ON GRAPH * NODES A, B TO custom;
DENY TRAVERSE ON GRAPH * RELATIONSHIPS T TO custom;
GRANT READ {name, surname} ON GRAPH neo4j, other ELEMENTS Person TO custom, `my role`;
GRANT MATCH {*} ON HOME GRAPH NODES * TO custom;
DENY MATCH {secret} ON DEFAULT GRAPH TO custom;
GRANT TRAVERSE ON GRAPH * TO `my role`;
GRANT ACCESS ON DATABASE * TO custom;
DENY ACCESS ON DATABASE other TO `my role`;
GRANT ACCESS ON HOME DATABASE TO `my role`;
GRANT READ {salary} ON GRAPH * FOR (e:Employee) WHERE e.position <> 'CEO' TO `my role`;
DENY READ {salary} ON GRAPH * FOR (e:Employee) WHERE e.position IS NULL TO `my role`;
GRANT TRAVERSE ON GRAPH * FOR (n:Email|Website) {domain: 'example.com'} TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.level >= 3 TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.level < -2.5 TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.flag = true TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.s IS NOT NULL TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.s = 'it\'s a \\ test' TO custom;
GRANT READ {*} ON GRAPH * FOR (n) WHERE NOT n.classification IN ['UNCLASSIFIED', 'PUBLIC'] TO custom;
GRANT READ {*} ON GRAPH * FOR (n) WHERE 'EU' IN n.regions TO custom;
GRANT READ {*} ON GRAPH * FOR (n) WHERE n.createdAt > date('2024-10-25') TO custom;
GRANT READ {*} ON GRAPH * FOR ()-[r:OWNS]-() WHERE r.since <= datetime('2020-01-31T10:00:00+01:00') TO custom;
GRANT READ {*} ON GRAPH * FOR ()-[r]-() WHERE r.at = localdatetime('2020-01-31T10:00:00') TO custom;
DENY MATCH {*} ON GRAPH * FOR ()-[r:KNOWS|LIKES]-() WHERE r.d > duration('P1Y2M3DT4H') TO custom;
GRANT MATCH {a} ON GRAPH * FOR ()-[r:KNOWS]-() {weight: 0.5} TO custom;
GRANT WRITE ON GRAPH * TO writer;
GRANT CREATE ON GRAPH * NODES A TO writer;
DENY DELETE ON GRAPH * RELATIONSHIPS T TO writer;
GRANT SET LABEL A ON GRAPH * TO writer;
GRANT SET PROPERTY {p} ON GRAPH * NODES A TO writer;
GRANT MERGE {*} ON GRAPH * NODES A TO writer;
GRANT ALL GRAPH PRIVILEGES ON GRAPH * TO writer;
GRANT NAME MANAGEMENT ON DATABASE * TO writer;
GRANT CREATE NEW NODE LABEL ON DATABASE * TO writer;
GRANT SET LABEL A, `my label` ON GRAPH * TO writer;
DENY REMOVE LABEL * ON GRAPH other TO writer;
GRANT TRANSACTION MANAGEMENT (alice, bob) ON DATABASE * TO writer;
GRANT EXECUTE PROCEDURE db.* ON DBMS TO writer;
GRANT ALL DBMS PRIVILEGES ON DBMS TO writer;
GRANT LOAD ON ALL DATA TO custom;
DENY IMMUTABLE LOAD ON CIDR "127.0.0.1/32" TO writer, `my role`;
GRANT LOAD ON CIDR '2001:db8::/32' TO writer;
DENY READ {`odd key`} ON GRAPH * NODES `odd label`, `WHERE` TO custom
"#;

fn run(catalog: &mut Catalog, command: &AdminCommand) {
    if let Err(e) = execute(command, catalog, &mut Tokens::default()) {
        panic!("{command:?} failed: {e}");
    }
}

fn shown_commands(catalog: &mut Catalog, roles: &[&str]) -> Vec<String> {
    let show = AdminCommand::ShowPrivileges {
        roles: roles.iter().map(|r| r.to_string()).collect(),
        as_commands: true,
        tail: ShowTail::default(),
    };
    let result = match execute(&show, catalog, &mut Tokens::default()) {
        Ok(r) => r,
        Err(e) => panic!("SHOW failed: {e}"),
    };
    result
        .rows
        .into_iter()
        .map(|row| match row.as_slice() {
            [Value::String(s)] => s.clone(),
            other => panic!("not a command row: {other:?}"),
        })
        .collect()
}

/// Each stored privilege of `a` is stored in `b` and vice versa (P5 identity).
fn same_privileges(a: &[Privilege], b: &[Privilege]) -> bool {
    a.len() == b.len()
        && a.iter().all(|p| b.iter().any(|q| p.same_privilege(q)))
        && b.iter().all(|q| a.iter().any(|p| p.same_privilege(q)))
}

#[test]
fn show_privileges_as_commands_round_trips() {
    let mut original = Catalog::with_builtins();
    let script = match parse_admin_script(SCRIPT) {
        Ok(s) => s,
        Err(e) => panic!("script does not parse at {}: {}", e.offset, e.message()),
    };
    for command in &script {
        run(&mut original, &command.item);
    }
    let commands = shown_commands(&mut original, &ROLES);
    assert!(commands.len() > 30, "{commands:#?}");

    let copy = replay(Catalog::with_builtins(), &ROLES, &commands);
    for role in ROLES {
        let a = original
            .roles
            .get(role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        let b = copy
            .roles
            .get(role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        assert!(same_privileges(&a, &b), "role {role}:\n{a:#?}\nvs\n{b:#?}");
    }
    let mut copy = copy;
    assert_eq!(shown_commands(&mut copy, &ROLES), commands);
}

/// Creates `roles` in `catalog`, then parses and runs `commands`.
fn replay(mut catalog: Catalog, roles: &[&str], commands: &[String]) -> Catalog {
    for role in roles {
        run(
            &mut catalog,
            &AdminCommand::CreateRole {
                name: role.to_string(),
                or_replace: false,
                if_not_exists: false,
                copy_of: None,
            },
        );
    }
    for text in commands {
        match parse_statement(text) {
            Ok(Statement::Admin(command)) => run(&mut catalog, &command),
            Ok(other) => panic!("{text} parsed as {other:?}"),
            Err(e) => panic!("{text} does not parse at {}: {}", e.offset, e.message()),
        }
    }
    catalog
}

/// The built-in roles, rendered and replayed on a catalog without them, give
/// the same privileges.
fn builtin_round_trip() {
    let mut original = Catalog::with_builtins();
    let commands: Vec<String> = shown_commands(&mut original, &[]);
    let roles = model::catalog::BUILTIN_ROLES;
    let copy = replay(Catalog::empty(), &roles, &commands);
    for role in roles {
        let a: Vec<Privilege> = original
            .roles
            .get(role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        let b = copy
            .roles
            .get(role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        assert!(same_privileges(&a, &b), "role {role}:\n{a:#?}\nvs\n{b:#?}");
    }
}

#[test]
fn builtin_roles_round_trip() {
    builtin_round_trip();
}

mod rendered_privileges_read_back {
    //! Property test: any read or LOAD privilege, rendered, parses and
    //! stores as itself (names needing quotes, every predicate form, every
    //! constant, IPv4 and IPv6 ranges).

    use super::*;
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
    use model::catalog::{
        Access, Action, GraphScope, PropertyRule, PropertySet, RuleOp, RulePredicate, Segment,
    };
    use model::value::Duration;
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-z_][A-Za-z0-9_]{0,6}",
            Just("WHERE".to_string()),
            Just("nodes".to_string()),
            "[ -~]{1,6}".prop_filter("no blank names", |s| !s.trim().is_empty()),
            text(1, 4).prop_filter("no blank names", |s| !s.trim().is_empty()),
        ]
    }

    /// Printable text of any script (built from chars: a `\\PC` regex
    /// overflows the test thread's stack while proptest compiles it).
    fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            any::<char>().prop_filter("printable", |c| !c.is_control()),
            min..=max,
        )
        .prop_map(String::from_iter)
    }

    /// A property key of READ/MATCH: the AST spells `{*}` as the key `*`,
    /// so a key literally named `*` cannot be told apart and is left out.
    fn key() -> impl Strategy<Value = String> {
        name().prop_filter("not *", |k| k != "*")
    }

    fn date() -> impl Strategy<Value = NaiveDate> {
        (1i32..9999, 1u32..=12, 1u32..=28)
            .prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    fn local_datetime() -> impl Strategy<Value = NaiveDateTime> {
        (
            date(),
            0u32..24,
            0u32..60,
            0u32..60,
            prop_oneof![Just(0u32), 0u32..1_000_000_000],
        )
            .prop_filter_map("valid time", |(d, h, m, s, n)| {
                NaiveTime::from_hms_nano_opt(h, m, s, n).map(|t| d.and_time(t))
            })
    }

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<bool>().prop_map(Value::Boolean),
            any::<i64>().prop_map(Value::Integer),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::Float),
            text(0, 8).prop_map(Value::String),
            "[\\\\'\"\n\t`]{0,4}".prop_map(Value::String),
            date().prop_map(Value::Date),
            local_datetime().prop_map(Value::LocalDateTime),
            (local_datetime(), -64_800i32..=64_800).prop_filter_map("offset", |(t, off)| {
                let off = FixedOffset::east_opt(off / 60 * 60)?;
                Some(Value::DateTime(DateTime::from_naive_utc_and_offset(t, off)))
            }),
            (
                -1000i64..1000,
                -1000i64..1000,
                -100_000i64..100_000,
                0i32..1_000_000_000
            )
                .prop_map(|(months, days, seconds, nanos)| Value::Duration(Duration {
                    months,
                    days,
                    seconds,
                    nanos
                })),
        ]
    }

    fn predicate() -> impl Strategy<Value = RulePredicate> {
        let op = prop_oneof![
            Just(RuleOp::Equal),
            Just(RuleOp::NotEqual),
            Just(RuleOp::Less),
            Just(RuleOp::LessEqual),
            Just(RuleOp::Greater),
            Just(RuleOp::GreaterEqual),
        ];
        prop_oneof![
            (op, scalar()).prop_map(|(op, v)| RulePredicate::Compare(op, v)),
            Just(RulePredicate::IsNull),
            Just(RulePredicate::IsNotNull),
            proptest::collection::vec(any::<i64>().prop_map(Value::Integer), 0..4)
                .prop_map(RulePredicate::InList),
            proptest::collection::vec(text(0, 4).prop_map(Value::String), 1..4)
                .prop_map(RulePredicate::InList),
            scalar().prop_map(RulePredicate::Contains),
        ]
    }

    fn rule() -> impl Strategy<Value = PropertyRule> {
        (name(), name(), predicate(), any::<bool>(), any::<bool>()).prop_map(
            |(var, key, predicate, negated, map_form)| {
                let map_form = map_form
                    && !negated
                    && matches!(predicate, RulePredicate::Compare(RuleOp::Equal, _));
                PropertyRule {
                    var,
                    key,
                    predicate,
                    negated,
                    map_form,
                }
            },
        )
    }

    fn segment() -> impl Strategy<Value = Segment> {
        let label = || proptest::option::of(name());
        prop_oneof![
            label().prop_map(Segment::Nodes),
            label().prop_map(Segment::Relationships),
            (label(), rule()).prop_map(|(label, rule)| Segment::NodeRule { label, rule }),
            (label(), rule()).prop_map(|(rel_type, rule)| Segment::RelRule { rel_type, rule }),
        ]
    }

    fn privilege() -> impl Strategy<Value = Privilege> {
        let graph = prop_oneof![
            Just(GraphScope::All),
            Just(GraphScope::Home),
            Just(GraphScope::Default),
            // Stored graph names are lowercase (D4): the parser normalises them.
            name().prop_map(|n| GraphScope::named(&n)),
        ];
        let action = prop_oneof![
            Just((Action::Traverse, PropertySet::None)),
            Just((Action::Read, PropertySet::All)),
            key().prop_map(|k| (Action::Read, PropertySet::Key(k))),
            key().prop_map(|k| (Action::Match, PropertySet::Key(k))),
            Just((Action::Match, PropertySet::All)),
        ];
        let access = prop_oneof![Just(Access::Granted), Just(Access::Denied)];
        (access, action, graph, segment()).prop_map(
            |(access, (action, properties), graph, segment)| Privilege {
                access,
                action,
                properties,
                graph,
                segment,
            },
        )
    }

    /// A LOAD privilege (Load privileges): on all data or on a CIDR range,
    /// IPv4 or IPv6, in Rust's spelling of the address (which Neo4j reads).
    fn load_privilege() -> impl Strategy<Value = Privilege> {
        let source = prop_oneof![
            Just("ALL DATA".to_string()),
            (any::<std::net::Ipv4Addr>(), 0u8..=32).prop_map(|(a, n)| format!("CIDR {a}/{n}")),
            (any::<std::net::Ipv6Addr>(), 0u8..=128).prop_map(|(a, n)| format!("CIDR {a}/{n}")),
        ];
        let access = prop_oneof![Just(Access::Granted), Just(Access::Denied)];
        (access, source).prop_map(|(access, source)| Privilege {
            access,
            action: Action::Other("LOAD".into()),
            properties: PropertySet::None,
            graph: GraphScope::All,
            segment: Segment::Other(source),
        })
    }

    /// One case: `p` on `role`, rendered, parsed, run, stored as itself.
    fn check(p: Privilege, role: String) -> Result<(), TestCaseError> {
        let text = privilege_command(&role, &p);
        if std::env::var_os("ROUNDTRIP_TRACE").is_some() {
            eprintln!("{text}");
        }
        let command = match parse_statement(&text) {
            Ok(Statement::Admin(command)) => command,
            Ok(other) => return Err(TestCaseError::fail(format!("{text} parsed as {other:?}"))),
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "{text}: {} at {}",
                    e.message(),
                    e.offset
                )));
            }
        };
        let mut catalog = Catalog::empty();
        let create = AdminCommand::CreateRole {
            name: role.clone(),
            or_replace: false,
            if_not_exists: false,
            copy_of: None,
        };
        prop_assert!(execute(&create, &mut catalog, &mut Tokens::default()).is_ok());
        if let Err(e) = execute(&command, &mut catalog, &mut Tokens::default()) {
            return Err(TestCaseError::fail(format!("{text}: {e}")));
        }
        let stored = catalog
            .roles
            .get(&role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        prop_assert!(
            same_privileges(&stored, std::slice::from_ref(&p)),
            "{}\n{:?}\nvs\n{:?}",
            text,
            stored,
            p
        );
        Ok(())
    }

    #[test]
    fn a_rendered_privilege_stores_itself() {
        // The nested strategies need more stack than a test thread's 2 MiB
        // in debug builds (no recursion of ours: every case is small).
        let worker = std::thread::Builder::new().stack_size(32 << 20).spawn(|| {
            let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::default());
            runner
                .run(
                    &(prop_oneof![4 => privilege(), 1 => load_privilege()], name()),
                    |(p, role)| check(p, role),
                )
                .map_err(|e| e.to_string())
        });
        match worker.map(|w| w.join()) {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => panic!("{e}"),
            Ok(Err(_)) => panic!("the property test panicked"),
            Err(e) => panic!("cannot start the property test thread: {e}"),
        }
    }
}

/// Cases the property test found, kept as plain tests.
mod regressions {
    use super::*;
    use model::catalog::{
        Access, Action, GraphScope, PropertyRule, PropertySet, RuleOp, RulePredicate, Segment,
    };

    /// A backquoted type named `*` is a name, not "every type".
    #[test]
    fn a_type_named_star_is_a_name() {
        let p = Privilege {
            access: Access::Granted,
            action: Action::Traverse,
            properties: PropertySet::None,
            graph: GraphScope::All,
            segment: Segment::RelRule {
                rel_type: Some("*".into()),
                rule: PropertyRule {
                    var: "A".into(),
                    key: "_".into(),
                    predicate: RulePredicate::Compare(RuleOp::Equal, Value::Boolean(false)),
                    negated: false,
                    map_form: false,
                },
            },
        };
        let text = privilege_command("a", &p);
        assert_eq!(
            text,
            "GRANT TRAVERSE ON GRAPH * FOR ()-[A:`*`]-() WHERE A._ = false TO `a`"
        );
        let copy = replay(Catalog::empty(), &["a"], &[text]);
        let stored = copy
            .roles
            .get("a")
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        assert!(same_privileges(&stored, &[p]), "{stored:?}");
    }
}

/// `SHOW AUTH RULES AS COMMANDS`, re-parsed and re-run, recreates the rules
/// (roles are granted separately, as in Neo4j).
#[test]
fn auth_rules_round_trip() {
    let script = "
        CREATE AUTH RULE salesRule SET CONDITION abac.oidc.user_attribute('department') = 'sales';
        CREATE AUTH RULE `odd rule` SET CONDITION any(c IN abac.oidc.user_attribute('countries') WHERE c IN ['c1', 'c5'])
          AND datetime.transaction().hour >= 19 SET ENABLED false;
        GRANT ROLE reader TO AUTH RULE salesRule";
    let mut original = Catalog::with_builtins();
    match parse_admin_script(script) {
        Ok(commands) => commands.iter().for_each(|c| run(&mut original, &c.item)),
        Err(e) => panic!("script does not parse at {}: {}", e.offset, e.message()),
    }
    let show = AdminCommand::ShowAuthRules {
        as_commands: true,
        tail: ShowTail::default(),
    };
    let rows = match execute(&show, &mut original, &mut Tokens::default()) {
        Ok(r) => r.rows,
        Err(e) => panic!("{e}"),
    };
    let commands: Vec<String> = rows
        .into_iter()
        .filter_map(|row| match row.as_slice() {
            [Value::String(s)] => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(commands.len(), 2);
    let copy = replay(Catalog::with_builtins(), &[], &commands);
    assert_eq!(copy.auth_rules.len(), 2);
    for (name, rule) in &original.auth_rules {
        let other = copy.auth_rules.get(name);
        assert!(
            other.is_some_and(|o| o.condition == rule.condition && o.enabled == rule.enabled),
            "{rule:?} vs {other:?}"
        );
    }
}

mod auth_rule_property {
    //! Property test (A1, A2): random sets of auth rules (valid conditions
    //! of every accepted form, names needing backquotes, enabled or not),
    //! shown `AS COMMANDS`, re-parsed and run on an empty catalog, give the
    //! same rules (name, condition text, parsed condition, enabled), and
    //! showing them again gives the same text.

    use super::*;
    use model::admin::render::{quoted, string_literal};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// Rule names: plain, keywords of the command grammar, and names that
    /// need backquotes (spaces, backquotes, punctuation, non-ASCII).
    fn rule_name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-z_][A-Za-z0-9_]{0,6}",
            prop_oneof![
                Just("SET"),
                Just("CONDITION"),
                Just("ENABLED"),
                Just("RULE"),
                Just("AUTH"),
                Just("IF"),
                Just("TO"),
                Just("true"),
            ]
            .prop_map(str::to_string),
            "[ -~]{1,6}".prop_filter("no blank names", |s| !s.trim().is_empty()),
            "[a-zé`ü ]{1,5}".prop_filter("no blank names", |s| !s.trim().is_empty()),
        ]
    }

    /// A claim read, with a key that may need escaping.
    fn claim() -> impl Strategy<Value = String> {
        "[a-z'\\\\ ]{0,6}"
            .prop_map(|key| format!("abac.oidc.user_attribute({})", string_literal(&key)))
    }

    /// A value a claim is compared with.
    fn operand() -> impl Strategy<Value = String> {
        prop_oneof![
            claim(),
            any::<i32>().prop_map(|i| i.to_string()),
            "[a-z' ]{0,5}".prop_map(|s| string_literal(&s)),
            Just("datetime.transaction().hour".to_string()),
            Just("date('2024-11-18')".to_string()),
            claim().prop_map(|c| format!("size({c})")),
            claim().prop_map(|c| format!("toLower({c})")),
        ]
    }

    /// A boolean condition in A2's accepted forms.
    fn condition() -> impl Strategy<Value = String> {
        let op = prop_oneof![
            Just("="),
            Just("<>"),
            Just("<"),
            Just("<="),
            Just(">"),
            Just(">=")
        ];
        let leaf = prop_oneof![
            (operand(), op, operand()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            claim().prop_map(|c| format!("{c} IS NULL")),
            claim().prop_map(|c| format!("{c} IS NOT NULL")),
            claim().prop_map(|c| format!("{c} IN ['a', 'b']")),
            claim().prop_map(|c| format!("{c} STARTS WITH 'x'")),
            claim().prop_map(|c| format!("any(g IN {c} WHERE g ENDS WITH 's')")),
            claim().prop_map(|c| format!("toBoolean({c})")),
            claim(),
            Just("true".to_string()),
            Just("null".to_string()),
        ];
        leaf.prop_recursive(3, 12, 2, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} AND {b}")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) OR ({b})")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}\n  XOR {b}")),
                inner.clone().prop_map(|a| format!("NOT ({a})")),
                (inner.clone(), inner)
                    .prop_map(|(a, b)| format!("CASE WHEN {a} THEN {b} ELSE false END")),
            ]
        })
    }

    fn rules() -> impl Strategy<Value = BTreeMap<String, (String, bool)>> {
        proptest::collection::btree_map(rule_name(), (condition(), any::<bool>()), 0..5)
    }

    fn show_commands(catalog: &mut Catalog) -> Vec<String> {
        let show = AdminCommand::ShowAuthRules {
            as_commands: true,
            tail: ShowTail::default(),
        };
        match execute(&show, catalog, &mut Tokens::default()) {
            Ok(r) => r
                .rows
                .into_iter()
                .map(|row| match row.as_slice() {
                    [Value::String(s)] => s.clone(),
                    other => panic!("not a command row: {other:?}"),
                })
                .collect(),
            Err(e) => panic!("{e}"),
        }
    }

    fn check(rules: BTreeMap<String, (String, bool)>) -> Result<(), TestCaseError> {
        let mut original = Catalog::with_builtins();
        // Created with every name backquoted and ENABLED written only when
        // false, so the commands shown are not the ones that were run.
        let created: Vec<String> = rules
            .iter()
            .map(|(name, (condition, enabled))| {
                let flag = if *enabled { "" } else { " SET ENABLED false" };
                format!(
                    "CREATE AUTH RULE {} SET CONDITION {condition}{flag}",
                    quoted(name)
                )
            })
            .collect();
        original = replay(original, &[], &created);
        prop_assert_eq!(original.auth_rules.len(), rules.len());
        for (name, (condition, enabled)) in &rules {
            let stored = &original.auth_rules[name];
            prop_assert_eq!(&stored.condition, condition);
            prop_assert_eq!(stored.enabled, *enabled);
        }
        let commands = show_commands(&mut original);
        let mut copy = replay(Catalog::empty(), &[], &commands);
        // Whole rules: name, text, parsed expression, enabled, (no) roles.
        prop_assert_eq!(&copy.auth_rules, &original.auth_rules);
        prop_assert_eq!(show_commands(&mut copy), commands);
        Ok(())
    }

    #[test]
    fn shown_auth_rules_recreate_themselves() {
        // Recursive strategies need more stack than a test thread's 2 MiB
        // in debug builds.
        let worker = std::thread::Builder::new().stack_size(32 << 20).spawn(|| {
            let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::default());
            runner.run(&rules(), check).map_err(|e| e.to_string())
        });
        match worker.map(|w| w.join()) {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => panic!("{e}"),
            Ok(Err(_)) => panic!("the property test panicked"),
            Err(e) => panic!("cannot start the property test thread: {e}"),
        }
    }
}
