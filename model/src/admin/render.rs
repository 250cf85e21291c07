//! Rendering stored privileges and auth rules back as the commands that
//! create them (`SHOW PRIVILEGES AS COMMANDS`, `SHOW AUTH RULES AS
//! COMMANDS`, explanations), plus Cypher literals and names.
//!
//! Quoting (a decision; the parser reads all of it back):
//! - role, user and graph/database names are always backquoted, as Neo4j's
//!   own `AS COMMANDS` output does (``TO `reader` ``);
//! - auth-rule names, labels, relationship types, property keys and rule
//!   variables are backquoted only when they are not plain identifiers
//!   (`[A-Za-z_][A-Za-z0-9_]*`) or spell a keyword of the command grammar;
//! - a backquote inside a name is doubled.
//!
//! Shape of the text (Neo4j 5's canonical forms):
//! ``GRANT TRAVERSE ON GRAPH * NODE A TO `r` ``, `READ {k}` / `MATCH {*}`,
//! singular `NODE` / `RELATIONSHIP` segments, property rules as
//! `FOR (n:L) WHERE n.k = v`, `FOR (n:L) {k: v}` (docs/spec/semantics.md P2) or
//! `FOR ()-[r:T]-() WHERE ...` with the variable as stored, and the other
//! privileges by their stored keywords: `... ON DATABASE *` for database
//! privileges, `... ON DBMS` for [`DBMS_QUALIFIER`] ones, and the
//! qualifiers of the parser (`model::cypher::admin`) in place:
//! `SET LABEL A ON GRAPH *`, `TRANSACTION MANAGEMENT (*) ON DATABASE *`,
//! `EXECUTE PROCEDURE db.* ON DBMS`, `LOAD ON ALL DATA`, `LOAD ON CIDR
//! "127.0.0.1/32"` (double quotes, as the manual's listings print it).
//! `WRITE` and `ALL GRAPH PRIVILEGES` take no segment in Neo4j, so their
//! per-segment rows render as the one command that stores them all.

use crate::catalog::{
    ALL_DATA_QUALIFIER, AuthRule, CIDR_QUALIFIER, DBMS_QUALIFIER, GraphScope, Privilege,
    PropertyRule, PropertySet, RuleOp, RulePredicate, Segment,
};
use crate::catalog::{Access, Action};
use crate::value::{Duration, Value};

/// Keywords that force backquotes around a label, type, key or variable so
/// that the rendered command cannot be misread.
const KEYWORDS: &[&str] = &[
    "ACCESS",
    "ALL",
    "AND",
    "AS",
    "ASC",
    "BY",
    "CALL",
    "CASE",
    "CONTAINS",
    "COPY",
    "CREATE",
    "DATABASE",
    "DATABASES",
    "DBMS",
    "DEFAULT",
    "DELETE",
    "DENY",
    "DESC",
    "DISTINCT",
    "DROP",
    "ELEMENT",
    "ELEMENTS",
    "ELSE",
    "END",
    "ENDS",
    "EXISTS",
    "FALSE",
    "FOR",
    "FROM",
    "GRANT",
    "GRAPH",
    "GRAPHS",
    "HOME",
    "IF",
    "IN",
    "IS",
    "LABEL",
    "LIMIT",
    "MATCH",
    "MERGE",
    "NAME",
    "NEW",
    "NODE",
    "NODES",
    "NOT",
    "NULL",
    "OF",
    "ON",
    "OPTIONAL",
    "OR",
    "ORDER",
    "PROPERTY",
    "READ",
    "RELATIONSHIP",
    "RELATIONSHIPS",
    "REMOVE",
    "RETURN",
    "REVOKE",
    "ROLE",
    "ROLES",
    "SET",
    "SKIP",
    "STARTS",
    "THEN",
    "TO",
    "TRAVERSE",
    "TRUE",
    "TYPE",
    "UNION",
    "UNWIND",
    "USER",
    "USERS",
    "WHEN",
    "WHERE",
    "WITH",
    "WRITE",
    "XOR",
    "YIELD",
];

/// `name` in backquotes, inner backquotes doubled (roles, users, graphs).
pub fn quoted(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// An auth-rule name, label, type, key or variable: bare when that is
/// unambiguous, else [`quoted`].
pub fn symbolic(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    let keyword = KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(name));
    if plain && !keyword {
        name.to_string()
    } else {
        quoted(name)
    }
}

/// A Cypher literal that evaluates to `value`: strings single-quoted with
/// escapes, temporal values as `date('...')` and friends, lists and maps
/// element by element. Graph entities have no literal form and render as
/// `null` (they never occur in privileges).
pub fn literal(value: &Value) -> String {
    match value {
        Value::Null | Value::Node(_) | Value::Relationship(_) | Value::Path(_) => {
            "null".to_string()
        }
        Value::Boolean(b) => b.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => float_literal(*f),
        Value::String(s) => string_literal(s),
        Value::Date(d) => format!("date('{}')", d.format("%Y-%m-%d")),
        Value::LocalDateTime(t) => {
            format!("localdatetime('{}')", t.format("%Y-%m-%dT%H:%M:%S%.f"))
        }
        Value::DateTime(t) => format!("datetime('{}')", t.format("%Y-%m-%dT%H:%M:%S%.f%:z")),
        Value::Duration(d) => format!("duration('{}')", duration_text(d)),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(literal).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", symbolic(k), literal(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// A float literal that reads back as the same float and never as an
/// integer (`1.0`, `1e300`, `-2.5e-7`).
fn float_literal(f: f64) -> String {
    if f.is_nan() {
        return "0.0/0.0".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "1.0/0.0" } else { "-1.0/0.0" }.to_string();
    }
    let text = format!("{f:?}");
    if text.contains(['.', 'e', 'E']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// A double-quoted Cypher string literal (the CIDR of `LOAD ON CIDR`).
fn double_quoted_literal(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A single-quoted Cypher string literal.
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out.push('\'');
    out
}

/// ISO 8601 text of a duration as Cypher prints it (`P1Y2M3DT4H5M6.5S`,
/// `PT0S`); every component carries the sign of its part.
pub fn duration_text(d: &Duration) -> String {
    let mut out = String::from("P");
    let (years, months) = (d.months / 12, d.months % 12);
    for (n, unit) in [(years, 'Y'), (months, 'M'), (d.days, 'D')] {
        if n != 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    let total = i128::from(d.seconds) * 1_000_000_000 + i128::from(d.nanos);
    if total != 0 || out.len() == 1 {
        out.push('T');
        let sign = if total < 0 { "-" } else { "" };
        let abs = total.abs();
        let hours = abs / 3_600_000_000_000;
        let minutes = (abs / 60_000_000_000) % 60;
        let seconds = (abs / 1_000_000_000) % 60;
        let nanos = abs % 1_000_000_000;
        if hours != 0 {
            out.push_str(&format!("{sign}{hours}H"));
        }
        if minutes != 0 {
            out.push_str(&format!("{sign}{minutes}M"));
        }
        if seconds != 0 || nanos != 0 || (hours == 0 && minutes == 0) {
            let fraction = if nanos == 0 {
                String::new()
            } else {
                let digits = format!("{nanos:09}");
                format!(".{}", digits.trim_end_matches('0'))
            };
            out.push_str(&format!("{sign}{seconds}{fraction}S"));
        }
    }
    out
}

/// `GRAPH *`, ``GRAPH `g` ``, `HOME GRAPH`, `DEFAULT GRAPH`.
pub fn graph_text(graph: &GraphScope) -> String {
    match graph {
        GraphScope::All => "GRAPH *".to_string(),
        GraphScope::Home => "HOME GRAPH".to_string(),
        GraphScope::Default => "DEFAULT GRAPH".to_string(),
        GraphScope::Named(name) => format!("GRAPH {}", quoted(name)),
    }
}

/// `DATABASE *`, ``DATABASE `d` ``, `HOME DATABASE`, `DEFAULT DATABASE`.
pub fn database_text(graph: &GraphScope) -> String {
    match graph {
        GraphScope::All => "DATABASE *".to_string(),
        GraphScope::Home => "HOME DATABASE".to_string(),
        GraphScope::Default => "DEFAULT DATABASE".to_string(),
        GraphScope::Named(name) => format!("DATABASE {}", quoted(name)),
    }
}

/// The canonical keyword of an operator.
pub fn op_text(op: RuleOp) -> &'static str {
    match op {
        RuleOp::Equal => "=",
        RuleOp::NotEqual => "<>",
        RuleOp::Less => "<",
        RuleOp::LessEqual => "<=",
        RuleOp::Greater => ">",
        RuleOp::GreaterEqual => ">=",
    }
}

/// The predicate of `rule` over variable `var`, with its `NOT`:
/// `NOT n.k IN [1, 2]`, `'EU' IN n.regions`, `n.k IS NULL`.
pub fn predicate_text(var: &str, rule: &PropertyRule) -> String {
    let property = format!("{}.{}", symbolic(var), symbolic(&rule.key));
    let body = match &rule.predicate {
        RulePredicate::Compare(op, v) => format!("{property} {} {}", op_text(*op), literal(v)),
        RulePredicate::IsNull => format!("{property} IS NULL"),
        RulePredicate::IsNotNull => format!("{property} IS NOT NULL"),
        RulePredicate::InList(items) => {
            format!("{property} IN {}", literal(&Value::List(items.clone())))
        }
        RulePredicate::Contains(v) => format!("{} IN {property}", literal(v)),
    };
    if rule.negated {
        format!("NOT {body}")
    } else {
        body
    }
}

/// Whether `rule` can be written in the map form `{k: v}`.
fn map_form_value(rule: &PropertyRule) -> Option<&Value> {
    match &rule.predicate {
        RulePredicate::Compare(RuleOp::Equal, v) if rule.map_form && !rule.negated => Some(v),
        _ => None,
    }
}

/// `:Name` or nothing.
fn name_suffix(name: Option<&String>) -> String {
    name.map(|n| format!(":{}", symbolic(n)))
        .unwrap_or_default()
}

/// `FOR (...) ...` of a property-rule segment, as a command writes it; the
/// variable is the stored one (`n` / `r` when none was written and the
/// WHERE form needs one).
fn rule_text(segment: &Segment) -> Option<String> {
    let (is_node, name, rule) = match segment {
        Segment::NodeRule { label, rule } => (true, label.as_ref(), rule),
        Segment::RelRule { rel_type, rule } => (false, rel_type.as_ref(), rule),
        _ => return None,
    };
    let var_written = if rule.var.is_empty() {
        String::new()
    } else {
        symbolic(&rule.var)
    };
    let element = |inner: String| {
        if is_node {
            format!("({inner})")
        } else {
            format!("()-[{inner}]-()")
        }
    };
    if let Some(v) = map_form_value(rule) {
        // docs/spec/semantics.md P2 writes the map after the pattern: `FOR (n:L) {k: v}`.
        let inner = format!("{var_written}{}", name_suffix(name));
        return Some(format!(
            "FOR {} {{{}: {}}}",
            element(inner),
            symbolic(&rule.key),
            literal(v)
        ));
    }
    let var = if rule.var.is_empty() {
        if is_node { "n" } else { "r" }.to_string()
    } else {
        rule.var.clone()
    };
    let inner = format!("{}{}", symbolic(&var), name_suffix(name));
    Some(format!(
        "FOR {} WHERE {}",
        element(inner),
        predicate_text(&var, rule)
    ))
}

/// `{*}`, `{k}` or nothing.
fn properties_text(properties: &PropertySet) -> String {
    match properties {
        PropertySet::None => String::new(),
        PropertySet::All => " {*}".to_string(),
        PropertySet::Key(k) => format!(" {{{}}}", symbolic(k)),
    }
}

/// `NODE A`, `RELATIONSHIP *`, `FOR (...)`; `None` for segments that are
/// not written after the graph.
fn graph_segment_text(segment: &Segment) -> Option<String> {
    match segment {
        Segment::Nodes(label) => Some(format!(
            "NODE {}",
            label.as_deref().map_or("*".to_string(), symbolic)
        )),
        Segment::Relationships(rel_type) => Some(format!(
            "RELATIONSHIP {}",
            rel_type.as_deref().map_or("*".to_string(), symbolic)
        )),
        Segment::NodeRule { .. } | Segment::RelRule { .. } => rule_text(segment),
        Segment::Database | Segment::Other(_) => None,
    }
}

/// The privilege keywords of `action` (`TRAVERSE`, `READ`, `SET LABEL`).
pub fn action_keywords(action: &Action) -> &str {
    match action {
        Action::Access => "ACCESS",
        Action::Traverse => "TRAVERSE",
        Action::Read => "READ",
        Action::Match => "MATCH",
        Action::Other(keywords) => keywords,
    }
}

/// Write privileges whose syntax has no segment: their `NODE *` and
/// `RELATIONSHIP *` rows come from one command.
fn takes_no_segment(action: &Action) -> bool {
    matches!(action, Action::Other(k) if k == "WRITE" || k == "ALL GRAPH PRIVILEGES" || k == "ALL")
}

/// A qualifier split into its kind and its names: `LABEL A, B` →
/// (`LABEL`, `A, B`); `DBMS` → (`DBMS`, ``).
pub fn qualifier_parts(q: &str) -> (&str, &str) {
    q.split_once(' ').unwrap_or((q, ""))
}

/// Names of a qualifier (`A, B`, `*`) rendered as a command writes them.
fn qualifier_names(names: &str) -> String {
    names
        .split(", ")
        .map(|n| if n == "*" { n.to_string() } else { symbolic(n) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Privileges stored with a [`Segment::Other`] qualifier, following the
/// parser's conventions: `DBMS` (`... ON DBMS`), `LABEL A` (`SET LABEL A ON
/// GRAPH g`), `USER u` (`TRANSACTION MANAGEMENT (u) ON DATABASE d`),
/// `PROCEDURE p` / `FUNCTION f` (`EXECUTE PROCEDURE p ON DBMS`), `ALL DATA`
/// and `CIDR r` (`LOAD ON CIDR "r"`); anything else is written after the
/// keywords, before `ON GRAPH g`.
fn other_qualifier_text(keywords: &str, props: &str, q: &str, graph: &GraphScope) -> String {
    if q == ALL_DATA_QUALIFIER {
        return format!("{keywords}{props} ON {ALL_DATA_QUALIFIER}");
    }
    match qualifier_parts(q) {
        (DBMS_QUALIFIER, "") => format!("{keywords}{props} ON DBMS"),
        ("LABEL", names) => format!(
            "{keywords} {}{props} ON {}",
            qualifier_names(names),
            graph_text(graph)
        ),
        ("USER", names) => format!(
            "{keywords} ({}){props} ON {}",
            qualifier_names(names),
            database_text(graph)
        ),
        ("PROCEDURE" | "FUNCTION", names) => format!("{keywords} {names}{props} ON DBMS"),
        (CIDR_QUALIFIER, range) if !range.is_empty() => format!(
            "{keywords}{props} ON {CIDR_QUALIFIER} {}",
            double_quoted_literal(range)
        ),
        _ => format!("{keywords} {q}{props} ON {}", graph_text(graph)),
    }
}

/// The text between `GRANT`/`DENY` and `TO`: the privilege and where it applies.
pub fn privilege_body(privilege: &Privilege) -> String {
    let keywords = action_keywords(&privilege.action);
    let props = properties_text(&privilege.properties);
    match &privilege.segment {
        Segment::Database => format!("{keywords}{props} ON {}", database_text(&privilege.graph)),
        Segment::Other(q) => other_qualifier_text(keywords, &props, q, &privilege.graph),
        segment => {
            let graph = graph_text(&privilege.graph);
            let whole_graph =
                matches!(segment, Segment::Nodes(None) | Segment::Relationships(None));
            match graph_segment_text(segment) {
                Some(seg) if !(whole_graph && takes_no_segment(&privilege.action)) => {
                    format!("{keywords}{props} ON {graph} {seg}")
                }
                _ => format!("{keywords}{props} ON {graph}"),
            }
        }
    }
}

/// The GRANT/DENY command that stores `privilege` on `role`, in the syntax
/// the parser reads back (``GRANT TRAVERSE ON GRAPH * NODE A TO `custom` ``).
pub fn privilege_command(role: &str, privilege: &Privilege) -> String {
    let verb = match privilege.access {
        Access::Granted => "GRANT",
        Access::Denied => "DENY",
    };
    format!("{verb} {} TO {}", privilege_body(privilege), quoted(role))
}

/// The command that creates `rule` as it stands, its condition as written
/// (roles not included: they are granted with `GRANT ROLE ... TO AUTH
/// RULE`, and `SHOW AUTH RULES AS COMMANDS` lists them in its `roles`
/// column).
pub fn auth_rule_command(rule: &AuthRule) -> String {
    format!(
        "CREATE AUTH RULE {} SET CONDITION {} SET ENABLED {}",
        symbolic(&rule.name),
        rule.condition.trim(),
        rule.enabled
    )
}

/// The pattern of a property-rule segment as `SHOW PRIVILEGES` lists it in
/// its `segment` column, following Neo4j's `PatternSegment`: the variable is
/// always `n` (`r` for relationships), map forms are shown as `=`:
/// `FOR((n:A) WHERE n.k = 1)`, `FOR(()-[r:T]-() WHERE r.k IS NULL)`.
pub fn rule_segment_column(segment: &Segment) -> Option<String> {
    let (var, element, rule) = match segment {
        Segment::NodeRule { label, rule } => {
            ("n", format!("(n{})", name_suffix(label.as_ref())), rule)
        }
        Segment::RelRule { rel_type, rule } => (
            "r",
            format!("()-[r{}]-()", name_suffix(rel_type.as_ref())),
            rule,
        ),
        _ => return None,
    };
    Some(format!(
        "FOR({element} WHERE {})",
        predicate_text(var, rule)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn rule(var: &str, key: &str, predicate: RulePredicate) -> PropertyRule {
        PropertyRule {
            var: var.to_string(),
            key: key.to_string(),
            predicate,
            negated: false,
            map_form: false,
        }
    }

    fn privilege(
        access: Access,
        action: Action,
        properties: PropertySet,
        segment: Segment,
    ) -> Privilege {
        Privilege {
            access,
            action,
            properties,
            graph: GraphScope::All,
            segment,
        }
    }

    #[test]
    fn traverse_on_a_label_matches_the_manual() {
        let p = privilege(
            Access::Granted,
            Action::Traverse,
            PropertySet::None,
            Segment::Nodes(Some("A".into())),
        );
        assert_eq!(
            privilege_command("custom", &p),
            "GRANT TRAVERSE ON GRAPH * NODE A TO `custom`"
        );
    }

    #[test]
    fn deny_read_with_a_property_rule_keeps_the_variable() {
        let p = privilege(
            Access::Denied,
            Action::Read,
            PropertySet::Key("salary".into()),
            Segment::NodeRule {
                label: Some("Employee".into()),
                rule: rule(
                    "e",
                    "position",
                    RulePredicate::Compare(RuleOp::Equal, Value::String("CEO".into())),
                ),
            },
        );
        assert_eq!(
            privilege_command("myRole", &p),
            "DENY READ {salary} ON GRAPH * FOR (e:Employee) WHERE e.position = 'CEO' TO `myRole`"
        );
        assert_eq!(
            rule_segment_column(&p.segment).as_deref(),
            Some("FOR((n:Employee) WHERE n.position = 'CEO')")
        );
    }

    #[test]
    fn access_on_home_database_matches_the_manual() {
        let p = Privilege {
            access: Access::Granted,
            action: Action::Access,
            properties: PropertySet::None,
            graph: GraphScope::Home,
            segment: Segment::Database,
        };
        assert_eq!(
            privilege_command("PUBLIC", &p),
            "GRANT ACCESS ON HOME DATABASE TO `PUBLIC`"
        );
    }

    #[test]
    fn relationship_rules_temporal_values_and_negation() {
        let mut r = rule(
            "r",
            "createdAt",
            RulePredicate::Compare(
                RuleOp::Greater,
                Value::Date(NaiveDate::from_ymd_opt(2024, 10, 25).unwrap_or_default()),
            ),
        );
        let seg = Segment::RelRule {
            rel_type: None,
            rule: r.clone(),
        };
        let p = privilege(Access::Granted, Action::Read, PropertySet::All, seg);
        assert_eq!(
            privilege_command("regularUsers", &p),
            "GRANT READ {*} ON GRAPH * FOR ()-[r]-() WHERE r.createdAt > date('2024-10-25') TO `regularUsers`"
        );
        r.predicate = RulePredicate::Contains(Value::String("EU".into()));
        r.negated = true;
        assert_eq!(predicate_text("n", &r), "NOT 'EU' IN n.createdAt");
    }

    #[test]
    fn map_form_and_write_privileges() {
        let mut r = rule(
            "",
            "domain",
            RulePredicate::Compare(RuleOp::Equal, Value::String("x.com".into())),
        );
        r.map_form = true;
        let p = privilege(
            Access::Granted,
            Action::Traverse,
            PropertySet::None,
            Segment::NodeRule {
                label: Some("Email".into()),
                rule: r,
            },
        );
        assert_eq!(
            privilege_body(&p),
            "TRAVERSE ON GRAPH * FOR (:Email) {domain: 'x.com'}"
        );
        let write = privilege(
            Access::Granted,
            Action::Other("WRITE".into()),
            PropertySet::None,
            Segment::Relationships(None),
        );
        assert_eq!(
            privilege_command("editor", &write),
            "GRANT WRITE ON GRAPH * TO `editor`"
        );
        let create = privilege(
            Access::Denied,
            Action::Other("CREATE".into()),
            PropertySet::None,
            Segment::Nodes(Some("my label".into())),
        );
        assert_eq!(
            privilege_command("r`1", &create),
            "DENY CREATE ON GRAPH * NODE `my label` TO `r``1`"
        );
    }

    /// The manual's "Load privileges" page lists its two examples as
    /// ``GRANT LOAD ON ALL DATA TO `roleLoadAllData` `` and
    /// ``DENY LOAD ON CIDR "127.0.0.1/32" TO `roleLoadCidr` ``.
    #[test]
    fn load_privileges_match_the_manual() {
        let load = |access, qualifier: &str| {
            privilege(
                access,
                Action::Other("LOAD".into()),
                PropertySet::None,
                Segment::Other(qualifier.into()),
            )
        };
        assert_eq!(
            privilege_command("roleLoadAllData", &load(Access::Granted, "ALL DATA")),
            "GRANT LOAD ON ALL DATA TO `roleLoadAllData`"
        );
        assert_eq!(
            privilege_command("roleLoadCidr", &load(Access::Denied, "CIDR 127.0.0.1/32")),
            "DENY LOAD ON CIDR \"127.0.0.1/32\" TO `roleLoadCidr`"
        );
        // A range the parser would refuse still renders as one literal.
        assert_eq!(
            privilege_body(&load(Access::Granted, "CIDR a\"b\\")),
            r#"LOAD ON CIDR "a\"b\\""#
        );
    }

    #[test]
    fn literals_read_back_as_cypher() {
        assert_eq!(
            literal(&Value::String("it's \\ ok".into())),
            r"'it\'s \\ ok'"
        );
        assert_eq!(literal(&Value::Float(1.0)), "1.0");
        assert_eq!(literal(&Value::Float(1e300)), "1e300");
        assert_eq!(
            literal(&Value::List(vec![Value::Integer(1), Value::Integer(-2)])),
            "[1, -2]"
        );
        let d = Duration {
            months: 14,
            days: 3,
            seconds: 3_725,
            nanos: 500_000_000,
        };
        assert_eq!(duration_text(&d), "P1Y2M3DT1H2M5.5S");
        let zero = Duration {
            months: 0,
            days: 0,
            seconds: 0,
            nanos: 0,
        };
        assert_eq!(duration_text(&zero), "PT0S");
    }

    #[test]
    fn names_are_quoted_when_needed() {
        assert_eq!(symbolic("Person"), "Person");
        assert_eq!(symbolic("where"), "`where`");
        assert_eq!(symbolic("1abc"), "`1abc`");
        assert_eq!(quoted("reader"), "`reader`");
    }
}
