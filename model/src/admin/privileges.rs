//! GRANT, DENY and REVOKE of privileges (P5, Q2, A4): a command is split
//! into one stored privilege per (graph, label or type, key), and REVOKE
//! removes exactly the identical stored privileges.

use crate::admin::{PrivilegeSpec, PrivilegeVerb, SegmentSpec};
use crate::catalog::{
    Access, Action, Catalog, Privilege, PropertyRule, PropertySet, RulePredicate, Segment,
};
use crate::error::{EngineError, ErrorKind};
use crate::value::{Value, mixed_types};

/// Applies a privilege command to `catalog` (a scratch copy).
pub(crate) fn apply(
    catalog: &mut Catalog,
    verb: PrivilegeVerb,
    spec: &PrivilegeSpec,
    roles: &[String],
) -> Result<(), EngineError> {
    let describe = describe(verb, &spec.action);
    for role in roles {
        if !catalog.roles.contains_key(role) {
            let preposition = if matches!(verb, PrivilegeVerb::Grant | PrivilegeVerb::Deny) {
                "to"
            } else {
                "from"
            };
            return Err(EngineError::of(ErrorKind::RoleNotFound {
                action: format!("{describe} {preposition} role '{role}'"),
            }));
        }
    }
    let stored = expand(spec, verb.access().unwrap_or(Access::Granted))?;
    match verb {
        PrivilegeVerb::Grant | PrivilegeVerb::Deny => {
            if verb == PrivilegeVerb::Deny {
                check_no_auth_rule(catalog, roles, &describe)?;
            }
            for role in roles {
                if let Some(r) = catalog.roles.get_mut(role) {
                    for p in &stored {
                        if !r.holds(p) {
                            r.privileges.push(p.clone());
                        }
                    }
                }
            }
        }
        PrivilegeVerb::RevokeGrant | PrivilegeVerb::RevokeDeny | PrivilegeVerb::Revoke => {
            let access = verb.access();
            for role in roles {
                if let Some(r) = catalog.roles.get_mut(role) {
                    r.privileges.retain(|held| {
                        !stored.iter().any(|p| {
                            p.same_except_access(held) && access.is_none_or(|a| a == held.access)
                        })
                    });
                }
            }
        }
    }
    Ok(())
}

/// `grant traverse privilege`, `deny read privilege`, for messages.
fn describe(verb: PrivilegeVerb, action: &Action) -> String {
    let verb = match verb {
        PrivilegeVerb::Grant => "grant",
        PrivilegeVerb::Deny => "deny",
        PrivilegeVerb::RevokeGrant | PrivilegeVerb::RevokeDeny | PrivilegeVerb::Revoke => "revoke",
    };
    let action = match action {
        Action::Access => "access".to_string(),
        Action::Traverse => "traverse".to_string(),
        Action::Read => "read".to_string(),
        Action::Match => "match".to_string(),
        Action::Other(k) => k.to_lowercase(),
    };
    format!("{verb} {action} privilege")
}

/// A4: a DENY cannot be added to a role granted to an auth rule.
fn check_no_auth_rule(
    catalog: &Catalog,
    roles: &[String],
    describe: &str,
) -> Result<(), EngineError> {
    for role in roles {
        if let Some(rule) = catalog.auth_rules.values().find(|r| r.roles.contains(role)) {
            return Err(EngineError::of(ErrorKind::DenyOnAuthRuleRole {
                action: format!("{describe} to role '{role}'"),
                rule: rule.name.clone(),
            }));
        }
    }
    Ok(())
}

/// The stored privileges a command names (P5): one per graph, per label or
/// type (ELEMENTS = NODES and RELATIONSHIPS; none = ELEMENTS *), per key,
/// in that order, without repeats.
pub(crate) fn expand(spec: &PrivilegeSpec, access: Access) -> Result<Vec<Privilege>, ErrorKind> {
    let segments = split_segment(&spec.segment);
    for segment in &segments {
        validate_segment(&spec.action, segment)?;
    }
    let properties = property_sets(spec.properties.as_deref());
    let mut out: Vec<Privilege> = Vec::new();
    for graph in &spec.graphs {
        for segment in &segments {
            for properties in &properties {
                let p = Privilege {
                    access,
                    action: spec.action.clone(),
                    properties: properties.clone(),
                    // D4, for commands built without the parser.
                    graph: graph.normalized(),
                    segment: segment.clone(),
                };
                if !out.iter().any(|q| q.same_privilege(&p)) {
                    out.push(p);
                }
            }
        }
    }
    Ok(out)
}

/// `{a, b}` → one key each; `{*}` (alone or among keys) → every key; none →
/// not a property privilege.
fn property_sets(keys: Option<&[String]>) -> Vec<PropertySet> {
    match keys {
        None => vec![PropertySet::None],
        Some([]) => vec![PropertySet::None],
        Some(keys) => {
            let mut sets: Vec<PropertySet> = Vec::new();
            for k in keys {
                let set = if k == "*" {
                    PropertySet::All
                } else {
                    PropertySet::Key(k.clone())
                };
                if !sets.contains(&set) {
                    sets.push(set);
                }
            }
            sets
        }
    }
}

/// A name list as stored segments: empty (the parser's `*`) means every
/// label/type; a backquoted `` `*` `` is a name like any other.
fn names(list: &[String]) -> Vec<Option<String>> {
    if list.is_empty() {
        vec![None]
    } else {
        let mut out: Vec<Option<String>> = Vec::new();
        for n in list {
            if !out.iter().any(|o| o.as_deref() == Some(n.as_str())) {
                out.push(Some(n.clone()));
            }
        }
        out
    }
}

/// Splits a written segment into stored ones (P2, P5).
fn split_segment(spec: &SegmentSpec) -> Vec<Segment> {
    match spec {
        SegmentSpec::Nodes(list) => names(list).into_iter().map(Segment::Nodes).collect(),
        SegmentSpec::Relationships(list) => names(list)
            .into_iter()
            .map(Segment::Relationships)
            .collect(),
        SegmentSpec::Elements(list) => {
            let nodes = names(list).into_iter().map(Segment::Nodes);
            let rels = names(list).into_iter().map(Segment::Relationships);
            nodes.chain(rels).collect()
        }
        SegmentSpec::NodeRule { labels, rule } => names(labels)
            .into_iter()
            .map(|label| Segment::NodeRule {
                label,
                rule: rule.clone(),
            })
            .collect(),
        SegmentSpec::RelRule { rel_types, rule } => names(rel_types)
            .into_iter()
            .map(|rel_type| Segment::RelRule {
                rel_type,
                rule: rule.clone(),
            })
            .collect(),
        SegmentSpec::Database => vec![Segment::Database],
        // `SET LABEL A, B` stores one privilege per label, like other names.
        SegmentSpec::Other(q) => match q.strip_prefix("LABEL ") {
            Some(labels) if labels.contains(", ") => labels
                .split(", ")
                .map(|l| Segment::Other(format!("LABEL {l}")))
                .collect(),
            _ => vec![Segment::Other(q.clone())],
        },
    }
}

/// Q2: property rules only on TRAVERSE/READ/MATCH, with constants that are
/// not null, not NaN, and lists of one type.
fn validate_segment(action: &Action, segment: &Segment) -> Result<(), ErrorKind> {
    let rule = match segment {
        Segment::NodeRule { rule, .. } | Segment::RelRule { rule, .. } => rule,
        _ => return Ok(()),
    };
    if !matches!(action, Action::Traverse | Action::Read | Action::Match) {
        return Err(ErrorKind::InvalidPropertyRule(
            "property rules (FOR ... WHERE) are only supported for TRAVERSE, READ and MATCH privileges"
                .to_string(),
        ));
    }
    validate_rule(rule)
}

fn validate_rule(rule: &PropertyRule) -> Result<(), ErrorKind> {
    match &rule.predicate {
        RulePredicate::Compare(_, v) | RulePredicate::Contains(v) => validate_constant(v),
        RulePredicate::InList(items) => {
            for v in items {
                validate_constant(v)?;
            }
            validate_homogeneous(items)
        }
        RulePredicate::IsNull | RulePredicate::IsNotNull => Ok(()),
    }
}

/// A constant of a property rule: never null (use IS NULL) or NaN, lists
/// homogeneous, at any depth.
fn validate_constant(v: &Value) -> Result<(), ErrorKind> {
    match v {
        Value::Null => Err(ErrorKind::NullInPropertyRule),
        Value::Float(f) if f.is_nan() => Err(ErrorKind::NanInPropertyRule),
        Value::List(items) => {
            for item in items {
                validate_constant(item)?;
            }
            validate_homogeneous(items)
        }
        Value::Map(map) => {
            for item in map.values() {
                validate_constant(item)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Q2: a list of mixed types is rejected (the parser checks the same, with
/// the same function, but commands may be built without it).
fn validate_homogeneous(items: &[Value]) -> Result<(), ErrorKind> {
    match mixed_types(items) {
        Some((first, second)) => Err(ErrorKind::MixedTypeList { first, second }),
        None => Ok(()),
    }
}
