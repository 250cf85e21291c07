//! Coverage counters of generated worlds: which segment kinds, verbs,
//! actions, rule predicate forms, blacklists and D4/P6 cases they contain,
//! and which boundary values, failures and type pairs their queries'
//! expressions reach. Summed over cases, they show what a fuzzing run
//! exercised.

use model::admin::PrivilegeVerb;
use model::catalog::{Action, GraphScope, Privilege, PropertySet, RulePredicate, Segment};
use model::graph::{IndexKind, TokenKind, Tokens};

use model::value::Value;

use crate::GenWorld;
use crate::expr::{COMPARISONS, Constant, Expr, Fault};
use crate::pools::DATABASE;
use crate::query::{Aggregation, GenQuery, Item, Predicate, QueryForm, ValuesOutput};
use crate::security::SecurityCommand;

/// Declares [`Coverage`] from one list of documented fields, with `add`
/// and `counters` derived from the same list.
macro_rules! coverage {
    ($( $(#[$doc:meta])* $field:ident ),* $(,)?) => {
        /// Counts of what generated worlds contain; [`Coverage::add`] sums them.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Coverage {
            $( $(#[$doc])* pub $field: u64, )*
        }

        impl Coverage {
            /// Adds `other`'s counts to these.
            pub fn add(&mut self, other: &Coverage) {
                $( self.$field += other.$field; )*
            }

            /// Every counter with its name, in declaration order.
            pub fn counters(&self) -> Vec<(&'static str, u64)> {
                vec![ $( (stringify!($field), self.$field), )* ]
            }
        }
    };
}

coverage! {
    /// Worlds counted.
    worlds,
    /// Nodes.
    nodes,
    /// Relationships.
    relationships,
    /// Native indexes (I1).
    native_indexes,
    /// Full-text indexes (I2).
    fulltext_indexes,
    /// Privilege commands on `NODES *`.
    segment_nodes_all,
    /// On `NODES L`.
    segment_nodes_label,
    /// On `RELATIONSHIPS *`.
    segment_relationships_all,
    /// On `RELATIONSHIPS T`.
    segment_relationships_type,
    /// On a node property rule.
    segment_node_rule,
    /// On a relationship property rule.
    segment_relationship_rule,
    /// On the database (ACCESS).
    segment_database,
    /// GRANT commands.
    verb_grant,
    /// DENY commands.
    verb_deny,
    /// REVOKE GRANT commands.
    verb_revoke_grant,
    /// REVOKE DENY commands.
    verb_revoke_deny,
    /// Plain REVOKE commands.
    verb_revoke,
    /// REVOKEs of a privilege an earlier command stored on the same role.
    revoke_of_earlier,
    /// TRAVERSE privileges.
    action_traverse,
    /// READ privileges.
    action_read,
    /// MATCH privileges.
    action_match,
    /// ACCESS privileges.
    action_access,
    /// `{*}` property sets.
    properties_all,
    /// One-key property sets.
    properties_key,
    /// Rules `x.k <op> v`.
    rule_compare,
    /// Rules `x.k IS NULL`.
    rule_is_null,
    /// Rules `x.k IS NOT NULL`.
    rule_is_not_null,
    /// Rules `x.k IN [...]`.
    rule_in_list,
    /// Rules `v IN x.k`.
    rule_contains,
    /// Rules with `NOT`.
    rule_negated,
    /// Rules in map form `{k: v}`.
    rule_map_form,
    /// Rules on a key that no element of the graph stores (Q3: null).
    rule_on_missing_key,
    /// Privileges on another database (D4: no effect).
    other_graph,
    /// Privileges naming a label, type or key not in the registry when
    /// queries run (P6).
    unregistered_token,
    /// DENY privileges (Q3: these fail open when null).
    deny_rules,
    /// `db.create*` calls.
    create_token,
    /// `GRANT ROLE` commands.
    role_grants,
    /// Worlds with a blacklist setting.
    blacklist,
    /// Worlds whose blacklist is enabled.
    blacklist_enabled,
    /// Queries.
    queries,
    /// Queries run as the administrator.
    queries_as_admin,
    /// `CALL db.*` queries.
    procedure_queries,
    /// Queries with OPTIONAL MATCH.
    optional_match,
    /// Queries with an aggregate.
    aggregate_queries,
    /// Queries with ORDER BY.
    ordered_queries,
    /// Queries with two or more hops.
    multi_hop_queries,
    /// Queries returning the MATCH's path.
    path_queries,
    /// `UNWIND` queries.
    unwind_queries,
    /// `WITH ... count(*) ... WHERE` queries.
    grouped_queries,
    /// `UNWIND [...] AS x` queries over boundary values and every type.
    values_queries,
    /// Queries with a generated expression in a WHERE (of MATCH or WITH).
    expr_in_where,
    /// Queries with one as a RETURN or WITH item.
    expr_in_item,
    /// Queries with one as an ORDER BY key.
    expr_in_order_by,
    /// Queries with one under DISTINCT (RETURN, WITH, count, collect).
    expr_in_distinct,
    /// Queries with one aggregated (min, max, count, collect).
    expr_in_aggregate,
    /// Queries with an expression that evaluates to NaN.
    nan,
    /// Queries with one that evaluates to an infinity.
    infinity,
    /// Queries with one that evaluates to `-0.0`.
    negative_zero,
    /// Queries with one that evaluates to an integer at or next to a limit.
    integer_limit,
    /// Queries with integer arithmetic that overflows (22003).
    overflow,
    /// Queries with an integer division or modulo by zero (22012).
    division_by_zero,
    /// Queries with an expression that can fail at run time (overflow,
    /// division by zero, a type mismatch).
    error_prone,
    /// Comparisons (`= <> < <= > >=`) of two values of the same known type.
    compared_same_type,
    /// Comparisons of two values of different known types.
    compared_mixed_types,
    /// Comparisons with a stored value on a side.
    compared_with_property,
    /// Comparisons with a node, relationship or path on a side.
    compared_elements,
    /// Queries calling a function of the auth-rule allow-list.
    function_calls,
    /// Queries reading a component of a temporal value (`d.year`).
    temporal_components,
    /// Worlds with OIDC settings, auth rules and sessions (issue 10).
    oidc_worlds,
    /// Of those, worlds with two providers.
    oidc_two_providers,
    /// `group_to_role_mapping` lines.
    oidc_group_mappings,
    /// Provider-list lines leaving a provider out (O1, A6).
    oidc_provider_lists,
    /// Auth rules created (A1).
    auth_rules,
    /// Of those, created disabled (A3).
    auth_rules_disabled,
    /// Of those, reading the transaction clock (A2).
    auth_rules_timed,
    /// Conditions the parser refused while generating (dropped, A2).
    conditions_refused,
    /// OIDC sessions opened.
    sessions,
    /// Sessions compared again at a later instant (A5, O2).
    sessions_continued,
    /// Rule changes between a session's two instants (A5).
    rules_changed_mid_session,
    /// Tokens with an explicit key, `nbf`, issuer or audience, or tampered
    /// (O2).
    tokens_altered,
    /// Tokens whose `exp` is at most a minute after the opening instant.
    tokens_expiring_soon,
    /// Claims that are null or hold a null.
    claims_null,
}

fn count(flag: bool) -> u64 {
    u64::from(flag)
}

impl GenWorld {
    /// What this world contains, for the fuzzer's coverage counters.
    pub fn stats(&self) -> Coverage {
        let mut c = Coverage {
            worlds: 1,
            nodes: self.nodes.len() as u64,
            relationships: self.relationships.len() as u64,
            ..Coverage::default()
        };
        for index in &self.indexes {
            c.native_indexes += count(index.kind == IndexKind::Native);
            c.fulltext_indexes += count(index.kind == IndexKind::Fulltext);
        }
        let tokens = self.final_tokens();
        let stored_keys: Vec<&String> = self
            .nodes
            .iter()
            .flat_map(|n| n.properties.iter().map(|(k, _)| k))
            .chain(
                self.relationships
                    .iter()
                    .flat_map(|r| r.properties.iter().map(|(k, _)| k)),
            )
            .collect();
        for (i, command) in self.security.iter().enumerate() {
            match command {
                SecurityCommand::CreateRole(_) | SecurityCommand::CreateUser(_) => {}
                SecurityCommand::GrantRole { .. } => c.role_grants += 1,
                SecurityCommand::CreateToken { .. } => c.create_token += 1,
                SecurityCommand::Privilege {
                    verb,
                    privilege,
                    role,
                } => {
                    count_verb(&mut c, *verb);
                    let earlier = self.security.get(..i).unwrap_or(&[]);
                    c.revoke_of_earlier += count(
                        !matches!(verb, PrivilegeVerb::Grant | PrivilegeVerb::Deny)
                            && stored_earlier(earlier, privilege, role),
                    );
                    c.deny_rules += count(*verb == PrivilegeVerb::Deny);
                    count_privilege(&mut c, privilege, &tokens, &stored_keys);
                }
            }
        }
        if let Some(b) = &self.blacklist {
            c.blacklist = 1;
            c.blacklist_enabled = count(b.enabled);
        }
        for q in &self.queries {
            c.queries += 1;
            c.queries_as_admin += count(q.user.is_none());
            match &q.form {
                QueryForm::Procedure(_) => c.procedure_queries += 1,
                QueryForm::Unwind(_) => c.unwind_queries += 1,
                QueryForm::Grouped(_) => c.grouped_queries += 1,
                QueryForm::Values(_) => c.values_queries += 1,
                QueryForm::Match(m) => {
                    c.optional_match += count(m.optional.is_some());
                    c.aggregate_queries += count(m.items.iter().any(Item::is_aggregate));
                    c.ordered_queries += count(m.order.is_some());
                    c.multi_hop_queries += count(m.hops.len() >= 2);
                    c.path_queries += count(m.uses_path());
                }
            }
            count_expressions(&mut c, q);
        }
        if let Some(a) = &self.abac {
            count_abac(&mut c, a);
        }
        c
    }

    /// The token registry when queries run: the data's, plus `db.create*`.
    fn final_tokens(&self) -> Tokens {
        let mut tokens = self.graph().tokens;
        for command in &self.security {
            if let SecurityCommand::CreateToken { kind, name } = command {
                tokens.register(*kind, name);
            }
        }
        tokens
    }
}

/// What an ABAC part holds.
fn count_abac(c: &mut Coverage, a: &crate::GenAbac) {
    c.oidc_worlds += 1;
    c.oidc_two_providers += count(a.config.iter().any(|l| l.contains(".p1.")));
    c.oidc_group_mappings += a
        .config
        .iter()
        .filter(|l| l.contains("group_to_role_mapping"))
        .count() as u64;
    c.oidc_provider_lists += a
        .config
        .iter()
        .filter(|l| l.contains("_providers="))
        .count() as u64;
    for rule in a
        .rules
        .iter()
        .filter(|r| r.contains(" AUTH RULE ") && r.starts_with("CREATE"))
    {
        c.auth_rules += 1;
        c.auth_rules_disabled += count(rule.ends_with("SET ENABLED false"));
        c.auth_rules_timed += count(rule.contains(".transaction("));
    }
    c.conditions_refused += a.refused;
    for s in &a.sessions {
        c.sessions += 1;
        c.sessions_continued += count(s.later.is_some());
        c.rules_changed_mid_session += count(!s.change.is_empty());
        let t = &s.token;
        c.tokens_altered += count(
            t.kid.is_some()
                || t.nbf_offset_s.is_some()
                || t.iss.is_some()
                || t.aud.is_some()
                || t.tamper.is_some(),
        );
        c.tokens_expiring_soon += count(t.exp_offset_s.is_some_and(|e| e <= 60));
    }
    c.claims_null += a.null_claims();
}

/// Where a query's expressions stand, what they evaluate to, and the
/// types compared.
fn count_expressions(c: &mut Coverage, q: &GenQuery) {
    let (mut at_where, mut at_item, mut at_order, mut at_distinct, mut at_aggregate) =
        (false, false, false, false, false);
    match &q.form {
        QueryForm::Match(m) => {
            at_where = m.filter.as_ref().is_some_and(|f| {
                std::iter::once(&f.first)
                    .chain(f.rest.iter().map(|(_, t)| t))
                    .any(|t| matches!(t.predicate, Predicate::Expr(_)))
            });
            let plain = m.items.iter().any(|i| matches!(i, Item::Expr(_)));
            at_item = plain;
            at_order = m.order.as_ref().is_some_and(|o| plain || o.by.is_some());
            at_distinct = (m.distinct && plain)
                || m.items.iter().any(|i| {
                    matches!(
                        i,
                        Item::Aggregate(Aggregation::Count | Aggregation::Collect, _, true)
                    )
                });
            at_aggregate = m.items.iter().any(|i| matches!(i, Item::Aggregate(..)));
        }
        QueryForm::Values(v) => {
            let with = v.with.as_ref();
            at_where = with.is_some_and(|w| w.filter.is_some());
            at_item = with.is_some_and(|w| w.derived.is_some());
            match &v.output {
                ValuesOutput::Rows { order, .. } => at_order = order.is_some(),
                ValuesOutput::Aggregates(aggregates) => {
                    at_aggregate = true;
                    at_distinct = aggregates.iter().any(|(_, distinct, _)| *distinct);
                }
            }
            at_distinct |= with.is_some_and(|w| w.distinct);
        }
        _ => {}
    }
    c.expr_in_where += count(at_where);
    c.expr_in_item += count(at_item);
    c.expr_in_order_by += count(at_order);
    c.expr_in_distinct += count(at_distinct);
    c.expr_in_aggregate += count(at_aggregate);

    let exprs = q.expressions();
    let (mut nan, mut infinity, mut negative_zero, mut limit, mut overflow, mut by_zero) =
        (false, false, false, false, false, false);
    let (mut calls, mut components) = (false, false);
    for e in &exprs {
        e.walk(&mut |x| {
            calls |= matches!(x, Expr::Call(..));
            components |= matches!(x, Expr::Component(..));
            match x.constant() {
                Constant::Value(Value::Float(f)) => {
                    nan |= f.is_nan();
                    infinity |= f.is_infinite();
                    negative_zero |= f == 0.0 && f.is_sign_negative();
                }
                Constant::Value(Value::Integer(i)) => {
                    limit |= i >= i64::MAX - 1 || i <= i64::MIN + 1;
                }
                Constant::Fails(Fault::Overflow) => overflow = true,
                Constant::Fails(Fault::DivisionByZero) => by_zero = true,
                _ => {}
            }
            if let Expr::Binary(op, a, b) = x
                && COMPARISONS.contains(op)
            {
                match (a.ty(), b.ty()) {
                    (Some(s), Some(t)) if s == t => c.compared_same_type += 1,
                    (Some(_), Some(_)) => c.compared_mixed_types += 1,
                    _ => {}
                }
                let sides = [a, b];
                c.compared_with_property += count(
                    sides
                        .iter()
                        .any(|s| matches!(s.as_ref(), Expr::Property(..))),
                );
                c.compared_elements += count(
                    sides
                        .iter()
                        .any(|s| matches!(s.as_ref(), Expr::Element(_) | Expr::Path)),
                );
            }
        });
    }
    c.nan += count(nan);
    c.infinity += count(infinity);
    c.negative_zero += count(negative_zero);
    c.integer_limit += count(limit);
    c.overflow += count(overflow);
    c.division_by_zero += count(by_zero);
    c.error_prone += count(exprs.iter().any(|e| e.may_fail()));
    c.function_calls += count(calls);
    c.temporal_components += count(components);
}

fn count_verb(c: &mut Coverage, verb: PrivilegeVerb) {
    match verb {
        PrivilegeVerb::Grant => c.verb_grant += 1,
        PrivilegeVerb::Deny => c.verb_deny += 1,
        PrivilegeVerb::RevokeGrant => c.verb_revoke_grant += 1,
        PrivilegeVerb::RevokeDeny => c.verb_revoke_deny += 1,
        PrivilegeVerb::Revoke => c.verb_revoke += 1,
    }
}

/// Whether an earlier GRANT or DENY stored `privilege` on `role`.
fn stored_earlier(earlier: &[SecurityCommand], privilege: &Privilege, role: &str) -> bool {
    earlier.iter().any(|c| match c {
        SecurityCommand::Privilege {
            verb: PrivilegeVerb::Grant | PrivilegeVerb::Deny,
            privilege: p,
            role: r,
        } => r == role && p.same_except_access(privilege),
        _ => false,
    })
}

fn count_privilege(c: &mut Coverage, p: &Privilege, tokens: &Tokens, stored_keys: &[&String]) {
    match p.action {
        Action::Traverse => c.action_traverse += 1,
        Action::Read => c.action_read += 1,
        Action::Match => c.action_match += 1,
        Action::Access => c.action_access += 1,
        Action::Other(_) => {}
    }
    let mut unregistered = false;
    match &p.properties {
        PropertySet::All => c.properties_all += 1,
        PropertySet::Key(k) => {
            c.properties_key += 1;
            unregistered |= !tokens.contains(TokenKind::PropertyKey, k);
        }
        PropertySet::None => {}
    }
    c.other_graph += count(matches!(&p.graph, GraphScope::Named(g) if g != DATABASE));
    let missing =
        |name: &Option<String>, kind| name.as_ref().is_some_and(|n| !tokens.contains(kind, n));
    match &p.segment {
        Segment::Nodes(None) => c.segment_nodes_all += 1,
        Segment::Nodes(label) => {
            c.segment_nodes_label += 1;
            unregistered |= missing(label, TokenKind::Label);
        }
        Segment::Relationships(None) => c.segment_relationships_all += 1,
        Segment::Relationships(t) => {
            c.segment_relationships_type += 1;
            unregistered |= missing(t, TokenKind::RelType);
        }
        Segment::NodeRule { label, rule }
        | Segment::RelRule {
            rel_type: label,
            rule,
        } => {
            let kind = if matches!(p.segment, Segment::NodeRule { .. }) {
                c.segment_node_rule += 1;
                TokenKind::Label
            } else {
                c.segment_relationship_rule += 1;
                TokenKind::RelType
            };
            unregistered |=
                missing(label, kind) || !tokens.contains(TokenKind::PropertyKey, &rule.key);
            match rule.predicate {
                RulePredicate::Compare(..) => c.rule_compare += 1,
                RulePredicate::IsNull => c.rule_is_null += 1,
                RulePredicate::IsNotNull => c.rule_is_not_null += 1,
                RulePredicate::InList(_) => c.rule_in_list += 1,
                RulePredicate::Contains(_) => c.rule_contains += 1,
            }
            c.rule_negated += count(rule.negated);
            c.rule_map_form += count(rule.map_form);
            c.rule_on_missing_key += count(!stored_keys.contains(&&rule.key));
        }
        Segment::Database => c.segment_database += 1,
        Segment::Other(_) => {}
    }
    c.unregistered_token += count(unregistered);
}

#[cfg(test)]
mod tests {
    use model::catalog::{Access, PropertyRule, RuleOp};
    use model::value::Value;

    use super::*;
    use crate::query::{GenQuery, Item, MatchQuery, Var};
    use crate::{GenBlacklist, GenNode};

    fn privilege(verb: PrivilegeVerb, p: Privilege) -> SecurityCommand {
        SecurityCommand::Privilege {
            verb,
            privilege: p,
            role: "r0".into(),
        }
    }

    #[test]
    fn a_hand_built_world_is_counted_by_the_spec_ids() {
        let rule_on_z = Privilege {
            access: Access::Denied,
            action: Action::Read,
            properties: PropertySet::Key("k".into()),
            graph: GraphScope::Named("other".into()),
            segment: Segment::NodeRule {
                label: Some("A".into()),
                rule: PropertyRule {
                    var: "n".into(),
                    key: "z".into(),
                    predicate: RulePredicate::Compare(RuleOp::Equal, Value::Integer(1)),
                    negated: false,
                    map_form: true,
                },
            },
        };
        let traverse_z = Privilege {
            access: Access::Granted,
            action: Action::Traverse,
            properties: PropertySet::None,
            graph: GraphScope::All,
            segment: Segment::Nodes(Some("Z".into())),
        };
        let world = GenWorld {
            abac: None,
            nodes: vec![GenNode {
                labels: vec!["A".into()],
                properties: vec![("k".into(), Value::Integer(1))],
            }],
            relationships: vec![],
            indexes: vec![],
            security: vec![
                SecurityCommand::CreateRole("r0".into()),
                privilege(PrivilegeVerb::Deny, rule_on_z),
                privilege(PrivilegeVerb::Grant, traverse_z.clone()),
                // Revoking what was just granted, and something never stored.
                privilege(PrivilegeVerb::Revoke, traverse_z),
                privilege(
                    PrivilegeVerb::RevokeDeny,
                    Privilege {
                        access: Access::Denied,
                        action: Action::Match,
                        properties: PropertySet::All,
                        graph: GraphScope::All,
                        segment: Segment::Relationships(None),
                    },
                ),
            ],
            blacklist: Some(GenBlacklist {
                enabled: false,
                entries: vec![("r0".into(), vec!["k".into()])],
            }),
            queries: vec![GenQuery {
                user: None,
                form: QueryForm::Match(Box::new(MatchQuery {
                    start: None,
                    hops: vec![],
                    filter: None,
                    optional: None,
                    distinct: false,
                    items: vec![Item::CountStar, Item::Whole(Var::Node(0))],
                    order: None,
                })),
            }],
        };
        let c = world.stats();
        assert_eq!((c.worlds, c.nodes, c.relationships), (1, 1, 0));
        assert_eq!(
            (c.verb_grant, c.verb_deny, c.verb_revoke, c.verb_revoke_deny),
            (1, 1, 1, 1)
        );
        assert_eq!(
            c.revoke_of_earlier, 1,
            "the REVOKE DENY matched nothing stored"
        );
        assert_eq!(
            (c.action_read, c.action_traverse, c.action_match),
            (1, 2, 1)
        );
        assert_eq!(
            (
                c.segment_node_rule,
                c.segment_nodes_label,
                c.segment_relationships_all
            ),
            (1, 2, 1)
        );
        assert_eq!((c.rule_compare, c.rule_map_form, c.rule_negated), (1, 1, 0));
        // Key z is stored nowhere and never registered; label Z neither (P6).
        assert_eq!(c.rule_on_missing_key, 1);
        assert_eq!(
            c.unregistered_token, 3,
            "the rule on z and both commands on Z"
        );
        assert_eq!(c.other_graph, 1, "D4");
        assert_eq!(c.deny_rules, 1);
        assert_eq!((c.blacklist, c.blacklist_enabled), (1, 0));
        assert_eq!(
            (c.queries, c.queries_as_admin, c.aggregate_queries),
            (1, 1, 1)
        );

        let mut sum = Coverage::default();
        sum.add(&c);
        sum.add(&c);
        assert_eq!(sum.verb_grant, 2);
        assert!(sum.counters().iter().all(|(name, n)| {
            let single = c
                .counters()
                .into_iter()
                .find(|(m, _)| m == name)
                .map_or(0, |(_, v)| v);
            *n == 2 * single
        }));
    }
}
