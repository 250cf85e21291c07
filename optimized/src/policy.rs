//! The user's privileges folded, once per compilation, into per-token masks
//! (docs/spec/semantics.md section 3): for nodes and for relationships, TRAVERSE
//! grant/deny scopes and READ grant/deny scopes per property key and for
//! `{*}`; ACCESS grant/deny; the blacklisted keys (B2).
//!
//! Name-level rules are applied here, so nothing later looks at names:
//! D4 (a privilege on another graph is dropped), P6 (a label, type or key not
//! in the token registry contributes nothing, including a property rule's
//! key; the TRAVERSE part of `MATCH {k}` is kept whatever k), P4 (`DENY
//! MATCH {k}` denies READ k only, `DENY MATCH {*}` also denies TRAVERSE).

use std::collections::BTreeMap;

use model::catalog::{Access, Action, GraphScope, Privilege, PropertySet, RulePredicate, Segment};
use model::config::Config;
use model::world::World;

use crate::bits::TokenSet;
use crate::columns::Columns;
use crate::principal::Subject;

/// Nodes or relationships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementKind {
    /// Nodes (label tokens).
    Node,
    /// Relationships (type tokens).
    Relationship,
}

/// A property rule with its names resolved (P2, Q1): it applies to the
/// elements of `kind` carrying `token` (any element when `None`) whose stored
/// value of `key` makes the predicate TRUE.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Nodes or relationships.
    pub kind: ElementKind,
    /// Label or type index, or every element.
    pub token: Option<usize>,
    /// Property-key index.
    pub key: usize,
    /// The predicate.
    pub predicate: RulePredicate,
    /// Preceded by `NOT`.
    pub negated: bool,
}

/// A union of segments of one element kind: where some privileges apply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    /// `NODES *` / `RELATIONSHIPS *`: every element.
    pub everything: bool,
    /// `NODES L` / `RELATIONSHIPS T`: elements carrying one of these tokens.
    pub tokens: TokenSet,
    /// Property rules (indexes into [`Policy::rules`]), sorted, no duplicates.
    pub rules: Vec<usize>,
}

impl Scope {
    /// Adds everything `other` covers.
    pub fn union_with(&mut self, other: &Scope) {
        self.everything |= other.everything;
        self.tokens.union_with(&other.tokens);
        for &r in &other.rules {
            self.add_rule(r);
        }
    }

    fn add_rule(&mut self, rule: usize) {
        if let Err(at) = self.rules.binary_search(&rule) {
            self.rules.insert(at, rule);
        }
    }

    /// Whether the scope covers no element at all.
    pub fn is_empty(&self) -> bool {
        !self.everything && self.tokens.is_empty() && self.rules.is_empty()
    }
}

/// READ grants or denies of one element kind: for `{*}` and per key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyScopes {
    /// `{*}`: every key, future ones included (P1).
    pub any_key: Scope,
    /// Single keys by key index.
    pub keys: BTreeMap<usize, Scope>,
}

impl KeyScopes {
    /// Where key `key` is covered: the `{*}` scope plus the key's own.
    pub fn for_key(&self, key: usize) -> Scope {
        #[cfg(feature = "plant")]
        if crate::plant::active(crate::plant::Plant::KeyReplacesStar)
            && let Some(own) = self.keys.get(&key)
        {
            return own.clone();
        }
        let mut scope = self.any_key.clone();
        if let Some(own) = self.keys.get(&key) {
            scope.union_with(own);
        }
        scope
    }
}

/// Everything of one element kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElementPolicy {
    /// TRAVERSE / MATCH grants.
    pub traverse_grant: Scope,
    /// TRAVERSE / `MATCH {*}` denies.
    pub traverse_deny: Scope,
    /// READ / MATCH grants.
    pub read_grant: KeyScopes,
    /// READ / MATCH denies.
    pub read_deny: KeyScopes,
}

/// A user's privileges folded for one world.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// Some role grants ACCESS on the database.
    pub access_granted: bool,
    /// Some role denies ACCESS on the database (decision: a deny wins, P3).
    pub access_denied: bool,
    /// Node privileges.
    pub nodes: ElementPolicy,
    /// Relationship privileges.
    pub relationships: ElementPolicy,
    /// The distinct property rules the scopes refer to.
    pub rules: Vec<Rule>,
    /// Keys blacklisted for this user (B2), as key indexes.
    pub blacklist: TokenSet,
}

/// Where a resolved segment applies.
enum Target {
    Everything,
    Token(usize),
    Rule(Rule),
}

impl Policy {
    /// Folds the privileges of every role `subject` holds in `world`.
    pub fn compile(world: &World, columns: &Columns, subject: &Subject) -> Self {
        let mut policy = Policy::default();
        for role in subject.roles() {
            let Some(role) = world.catalog.roles.get(role) else {
                continue;
            };
            for privilege in &role.privileges {
                if graph_applies(&privilege.graph, &world.database) {
                    policy.add(columns, privilege);
                }
            }
        }
        policy.blacklist = blacklist(&world.config, columns, subject);
        policy
    }

    /// ACCESS is granted and not denied (U5, P3).
    pub fn has_access(&self) -> bool {
        self.access_granted && !self.access_denied
    }

    /// The policy of one element kind.
    pub fn element(&self, kind: ElementKind) -> &ElementPolicy {
        match kind {
            ElementKind::Node => &self.nodes,
            ElementKind::Relationship => &self.relationships,
        }
    }

    fn add(&mut self, columns: &Columns, privilege: &Privilege) {
        let denied = privilege.access == Access::Denied;
        let action = &privilege.action;
        if *action == Action::Access {
            if denied {
                self.access_denied = true;
            } else {
                self.access_granted = true;
            }
            return;
        }
        if !matches!(action, Action::Traverse | Action::Read | Action::Match) {
            return;
        }
        let Some((kind, target)) = resolve_segment(columns, &privilege.segment) else {
            return;
        };
        let mut scope = Scope::default();
        match target {
            Target::Everything => scope.everything = true,
            Target::Token(t) => scope.tokens.insert(t),
            Target::Rule(rule) => scope.add_rule(self.intern_rule(rule)),
        }
        let element = match kind {
            ElementKind::Node => &mut self.nodes,
            ElementKind::Relationship => &mut self.relationships,
        };
        let properties = &privilege.properties;
        // P1, P4: what the action contributes to TRAVERSE.
        let traverses = match (action, denied) {
            (Action::Traverse, _) | (Action::Match, false) => true,
            (Action::Match, true) => *properties == PropertySet::All,
            _ => false,
        };
        #[cfg(feature = "plant")]
        let traverses = traverses
            && !(crate::plant::active(crate::plant::Plant::DenyMatchStarReadOnly)
                && *action == Action::Match
                && denied);
        if traverses {
            let traverse = if denied {
                &mut element.traverse_deny
            } else {
                &mut element.traverse_grant
            };
            traverse.union_with(&scope);
        }
        let reads = matches!(action, Action::Read | Action::Match);
        #[cfg(feature = "plant")]
        let reads = reads
            && !(crate::plant::active(crate::plant::Plant::MatchTraverseOnly)
                && *action == Action::Match
                && !denied);
        if reads {
            let read = if denied {
                &mut element.read_deny
            } else {
                &mut element.read_grant
            };
            match properties {
                PropertySet::All => read.any_key.union_with(&scope),
                // P6: an unregistered key contributes nothing.
                PropertySet::Key(k) => {
                    if let Some(k) = columns.keys.resolve(k) {
                        read.keys.entry(k).or_default().union_with(&scope);
                    }
                }
                PropertySet::None => {}
            }
        }
    }

    fn intern_rule(&mut self, rule: Rule) -> usize {
        match self.rules.iter().position(|r| *r == rule) {
            Some(i) => i,
            None => {
                self.rules.push(rule);
                self.rules.len() - 1
            }
        }
    }
}

/// D4: whether a privilege on `scope` applies to the database `database`.
fn graph_applies(scope: &GraphScope, database: &str) -> bool {
    match scope {
        GraphScope::All | GraphScope::Home | GraphScope::Default => true,
        GraphScope::Named(name) => name == database,
    }
}

/// The element kind and target of a read segment, or `None` when it is not
/// a read segment or names an unregistered token (P6).
fn resolve_segment(columns: &Columns, segment: &Segment) -> Option<(ElementKind, Target)> {
    let token = |kind: ElementKind, name: &Option<String>| -> Option<Target> {
        match name {
            None => Some(Target::Everything),
            Some(n) => dictionary(columns, kind).resolve(n).map(Target::Token),
        }
    };
    let rule = |kind: ElementKind, name: &Option<String>, r: &model::catalog::PropertyRule| {
        let token = match name {
            None => None,
            Some(n) => Some(dictionary(columns, kind).resolve(n)?),
        };
        // Decision (P6): a rule on an unregistered key contributes nothing.
        let key = columns.keys.resolve(&r.key)?;
        Some(Target::Rule(Rule {
            kind,
            token,
            key,
            predicate: r.predicate.clone(),
            negated: r.negated,
        }))
    };
    match segment {
        Segment::Nodes(name) => Some((ElementKind::Node, token(ElementKind::Node, name)?)),
        Segment::Relationships(name) => Some((
            ElementKind::Relationship,
            token(ElementKind::Relationship, name)?,
        )),
        Segment::NodeRule { label, rule: r } => {
            Some((ElementKind::Node, rule(ElementKind::Node, label, r)?))
        }
        Segment::RelRule { rel_type, rule: r } => Some((
            ElementKind::Relationship,
            rule(ElementKind::Relationship, rel_type, r)?,
        )),
        Segment::Database | Segment::Other(_) => None,
    }
}

/// The token dictionary of an element kind.
fn dictionary(columns: &Columns, kind: ElementKind) -> &crate::dictionary::Dictionary {
    match kind {
        ElementKind::Node => &columns.labels,
        ElementKind::Relationship => &columns.rel_types,
    }
}

/// B1, B2: the union of the blacklists of the held roles, when enabled.
/// Keys no element carries and the registry lacks cannot be read anyway.
fn blacklist(config: &Config, columns: &Columns, subject: &Subject) -> TokenSet {
    let mut keys = TokenSet::new();
    if !config.property_level_enabled {
        return keys;
    }
    for role in subject.roles() {
        for key in config.blacklist.get(role).into_iter().flatten() {
            if let Some(k) = columns.keys.get(key) {
                keys.insert(k);
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_union_keeps_rules_sorted_and_distinct() {
        let mut a = Scope::default();
        a.add_rule(3);
        a.add_rule(1);
        let mut b = Scope::default();
        b.add_rule(1);
        b.add_rule(2);
        b.tokens.insert(4);
        a.union_with(&b);
        assert_eq!(a.rules, vec![1, 2, 3]);
        assert!(a.tokens.contains(4) && !a.everything);
        assert!(!a.is_empty());
        assert!(Scope::default().is_empty());
    }

    #[test]
    fn graph_scopes_follow_d4() {
        assert!(graph_applies(&GraphScope::All, "movies"));
        assert!(graph_applies(&GraphScope::Home, "movies"));
        assert!(graph_applies(&GraphScope::Default, "movies"));
        assert!(graph_applies(&GraphScope::Named("movies".into()), "movies"));
        assert!(!graph_applies(&GraphScope::Named("neo4j".into()), "movies"));
    }
}
