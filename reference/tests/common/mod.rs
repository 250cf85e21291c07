//! Small worlds built by hand for the explanation tests (the per-rule tests
//! are scenario files in corpora/rules/; the invariants over generated
//! worlds are in generators/tests/metamorphic.rs): a graph with its token
//! registry, a catalog whose PUBLIC role holds `GRANT ACCESS ON HOME
//! DATABASE` (U1), privileges built field by field.

use std::collections::BTreeMap;

use model::catalog::{
    Access, Action, Catalog, GraphScope, PUBLIC, Privilege, PropertyRule, PropertySet, Role,
    RulePredicate, Segment, User,
};
use model::config::Config;
use model::engine::{EngineError, Principal};
use model::graph::{Graph, Index, IndexKind, Node, NodeId, RelId, Relationship, TokenKind};
use model::value::Value;
use model::world::World;
use reference::view::UserView;

/// A world under construction.
pub struct W {
    pub world: World,
}

impl W {
    /// Database `neo4j`, empty graph, PUBLIC with ACCESS ON HOME DATABASE.
    pub fn new() -> Self {
        let mut roles = BTreeMap::new();
        roles.insert(
            PUBLIC.to_string(),
            Role {
                name: PUBLIC.to_string(),
                privileges: vec![access(Access::Granted, GraphScope::Home)],
            },
        );
        W {
            world: World {
                database: "neo4j".to_string(),
                graph: Graph::default(),
                catalog: Catalog {
                    roles,
                    users: BTreeMap::new(),
                    auth_rules: BTreeMap::new(),
                    version: 0,
                },
                config: Config::default(),
            },
        }
    }

    /// A node with `labels` and `props`; registers its tokens.
    pub fn node(&mut self, labels: &[&str], props: &[(&str, Value)]) -> NodeId {
        for l in labels {
            self.world.graph.tokens.register(TokenKind::Label, l);
        }
        for (k, _) in props {
            self.world.graph.tokens.register(TokenKind::PropertyKey, k);
        }
        let id = self.world.graph.nodes.len() as NodeId;
        self.world.graph.nodes.push(Node {
            id,
            labels: labels.iter().map(|l| l.to_string()).collect(),
            properties: props
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        });
        id
    }

    /// A relationship; registers its tokens.
    pub fn rel(
        &mut self,
        rel_type: &str,
        start: NodeId,
        end: NodeId,
        props: &[(&str, Value)],
    ) -> RelId {
        self.world
            .graph
            .tokens
            .register(TokenKind::RelType, rel_type);
        for (k, _) in props {
            self.world.graph.tokens.register(TokenKind::PropertyKey, k);
        }
        let id = self.world.graph.relationships.len() as RelId;
        self.world.graph.relationships.push(Relationship {
            id,
            rel_type: rel_type.to_string(),
            start,
            end,
            properties: props
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        });
        id
    }

    /// An index; registers its tokens.
    pub fn index(&mut self, name: &str, kind: IndexKind, labels: &[&str], keys: &[&str]) {
        for l in labels {
            self.world.graph.tokens.register(TokenKind::Label, l);
        }
        for k in keys {
            self.world.graph.tokens.register(TokenKind::PropertyKey, k);
        }
        self.world.graph.indexes.push(Index {
            name: name.to_string(),
            kind,
            labels: labels.iter().map(|l| l.to_string()).collect(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
        });
    }

    /// Creates (or replaces) role `name` with `privileges`.
    pub fn role(&mut self, name: &str, privileges: Vec<Privilege>) -> &mut Self {
        self.world.catalog.roles.insert(
            name.to_string(),
            Role {
                name: name.to_string(),
                privileges,
            },
        );
        self
    }

    /// Replaces PUBLIC's privileges.
    pub fn public(&mut self, privileges: Vec<Privilege>) -> &mut Self {
        self.role(PUBLIC, privileges)
    }

    /// Creates user `name` holding `roles` (granted with GRANT ROLE).
    pub fn user(&mut self, name: &str, roles: &[&str]) -> &mut Self {
        self.world.catalog.users.insert(
            name.to_string(),
            User {
                name: name.to_string(),
                roles: roles.iter().map(|r| r.to_string()).collect(),
                password_change_required: false,
            },
        );
        self
    }

    /// A user `u` holding one role `custom` with `privileges`.
    pub fn custom(&mut self, privileges: Vec<Privilege>) -> &mut Self {
        self.role("custom", privileges).user("u", &["custom"])
    }

    /// Enables the 3.x blacklist (B1) with `entries` role → keys.
    pub fn blacklist(&mut self, enabled: bool, entries: &[(&str, &[&str])]) -> &mut Self {
        self.world.config.property_level_enabled = enabled;
        self.world.config.blacklist = entries
            .iter()
            .map(|(r, ks)| (r.to_string(), ks.iter().map(|k| k.to_string()).collect()))
            .collect();
        self
    }

    /// The view of native user `user`.
    pub fn try_view(&self, user: &str) -> Result<UserView, EngineError> {
        reference::security::user_view(
            &self.world,
            &model::engine::Transaction {
                principal: Principal::Native(user.to_string()),
                at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
                limits: model::limits::Limits::default(),
            },
        )
    }

    /// The view of native user `user`, which must have access.
    pub fn view(&self, user: &str) -> UserView {
        match self.try_view(user) {
            Ok(v) => v,
            Err(e) => panic!("view of {user} failed: {e}"),
        }
    }
}

/// The readable keys of node `id` in `view` (empty when hidden).
pub fn node_keys(view: &UserView, id: NodeId) -> Vec<String> {
    view.nodes
        .get(&id)
        .map(|n| n.properties.keys().cloned().collect())
        .unwrap_or_default()
}

/// Owned strings, for comparing with `node_keys`.
pub fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

// ---- privileges ----

fn privilege(access: Access, action: Action, props: PropertySet, segment: Segment) -> Privilege {
    Privilege {
        access,
        action,
        properties: props,
        graph: GraphScope::All,
        segment,
    }
}

fn key_set(key: &str) -> PropertySet {
    if key == "*" {
        PropertySet::All
    } else {
        PropertySet::Key(key.to_string())
    }
}

/// `GRANT|DENY ACCESS ON DATABASE <scope>`.
pub fn access(access: Access, scope: GraphScope) -> Privilege {
    Privilege {
        access,
        action: Action::Access,
        properties: PropertySet::None,
        graph: scope,
        segment: Segment::Database,
    }
}

/// `GRANT TRAVERSE ON GRAPH * <segment>`.
pub fn grant_traverse(segment: Segment) -> Privilege {
    privilege(
        Access::Granted,
        Action::Traverse,
        PropertySet::None,
        segment,
    )
}

/// `DENY TRAVERSE ON GRAPH * <segment>`.
pub fn deny_traverse(segment: Segment) -> Privilege {
    privilege(Access::Denied, Action::Traverse, PropertySet::None, segment)
}

/// `GRANT READ {key} ON GRAPH * <segment>` (`*` for all keys).
pub fn grant_read(key: &str, segment: Segment) -> Privilege {
    privilege(Access::Granted, Action::Read, key_set(key), segment)
}

/// `DENY READ {key} ON GRAPH * <segment>`.
pub fn deny_read(key: &str, segment: Segment) -> Privilege {
    privilege(Access::Denied, Action::Read, key_set(key), segment)
}

/// `GRANT MATCH {key} ON GRAPH * <segment>`.
pub fn grant_match(key: &str, segment: Segment) -> Privilege {
    privilege(Access::Granted, Action::Match, key_set(key), segment)
}

/// The same privilege on another graph scope.
pub fn on(mut p: Privilege, scope: GraphScope) -> Privilege {
    p.graph = scope;
    p
}

/// `NODES L` or, for `*`, `NODES *`.
pub fn nodes(label: &str) -> Segment {
    Segment::Nodes((label != "*").then(|| label.to_string()))
}

/// `RELATIONSHIPS T` or `RELATIONSHIPS *`.
pub fn rels(rel_type: &str) -> Segment {
    Segment::Relationships((rel_type != "*").then(|| rel_type.to_string()))
}

fn rule(key: &str, predicate: RulePredicate, negated: bool) -> PropertyRule {
    PropertyRule {
        var: "n".to_string(),
        key: key.to_string(),
        predicate,
        negated,
        map_form: false,
    }
}

/// `FOR (n[:label]) WHERE [NOT] n.key <predicate>`.
pub fn node_rule(
    label: Option<&str>,
    key: &str,
    predicate: RulePredicate,
    negated: bool,
) -> Segment {
    Segment::NodeRule {
        label: label.map(str::to_string),
        rule: rule(key, predicate, negated),
    }
}

/// Integer value.
pub fn int(i: i64) -> Value {
    Value::Integer(i)
}

/// String value.
pub fn s(text: &str) -> Value {
    Value::String(text.to_string())
}
