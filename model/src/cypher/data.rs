//! `graph` data statements (CREATE of nodes, relationships and paths,
//! CREATE INDEX, CREATE FULLTEXT INDEX) and [`build_graph`], which turns
//! them into a [`Graph`] with ids in creation order and tokens in order of
//! first use (D1-D3, I1-I2).
//!
//! Statements are validated while parsing (so errors point at the offending
//! value or pattern); `build_graph` repeats the checks it needs with the
//! same functions and reports them at the statement's offset.

use std::collections::{BTreeMap, HashMap};

use crate::ast::{DataStatement, Direction, Expr, NodePattern, PathPattern, RelPattern};
use crate::cypher::Located;
use crate::cypher::constant::constant;
use crate::cypher::lexer::Sym;
use crate::cypher::parser::{PResult, Parser};
use crate::error::SyntaxError;
use crate::graph::{Graph, Index, IndexKind, Node, NodeId, Relationship, TokenKind};
use crate::value::Value;

/// What a variable of one CREATE statement is bound to.
#[derive(Clone, Copy)]
enum Bound<N> {
    Node(N),
    Relationship,
}

/// Whether node pattern `node` may use its variable given its earlier binding.
fn check_node_reuse<N>(node: &NodePattern, bound: Option<&Bound<N>>) -> Result<(), String> {
    match (bound, &node.var) {
        (Some(Bound::Relationship), Some(var)) => Err(format!(
            "variable `{var}` already declared as a relationship"
        )),
        (Some(Bound::Node(_)), Some(var))
            if !node.labels.is_empty() || !node.properties.is_empty() =>
        {
            Err(format!("variable `{var}` already declared"))
        }
        _ => Ok(()),
    }
}

/// Checks a relationship of CREATE: directed, exactly one type, fresh variable.
fn check_rel<N>(rel: &RelPattern, bound: Option<&Bound<N>>) -> Result<(), String> {
    if rel.direction == Direction::Either {
        return Err("a relationship in CREATE must be directed (-> or <-)".into());
    }
    if rel.types.len() != 1 {
        return Err("a relationship in CREATE must have exactly one type".into());
    }
    match (bound, &rel.var) {
        (Some(_), Some(var)) => Err(format!("variable `{var}` already declared")),
        _ => Ok(()),
    }
}

/// A property map's stored values: constants, nulls dropped (D2).
fn stored_properties(properties: &[(String, Expr)]) -> Result<BTreeMap<String, Value>, String> {
    let mut map = BTreeMap::new();
    for (key, expr) in properties {
        match constant(expr)? {
            Value::Null => {
                map.remove(key);
            }
            v => {
                map.insert(key.clone(), v);
            }
        }
    }
    Ok(map)
}

impl Parser<'_> {
    /// One data statement (up to `;` or the end).
    pub(crate) fn data_statement(&mut self) -> PResult<DataStatement> {
        if self.at_kws(&["CREATE", "INDEX"]) || self.at_kws(&["CREATE", "RANGE", "INDEX"]) {
            // A RANGE index is Neo4j's default native index.
            let n = if self.kw_at(1, "RANGE") { 3 } else { 2 };
            self.pos_skip(n);
            return self.create_index();
        }
        for kind in ["TEXT", "POINT", "VECTOR", "LOOKUP"] {
            if self.at_kws(&["CREATE", kind, "INDEX"]) {
                self.advance();
                return Err(self.error(format!("unsupported index type {kind}")));
            }
        }
        if self.at_kws(&["CREATE", "FULLTEXT", "INDEX"]) {
            self.pos_skip(3);
            return self.create_fulltext_index();
        }
        if !self.at_kw("CREATE") {
            return Err(self.error(format!(
                "unsupported data statement starting with {} (expected CREATE)",
                self.describe()
            )));
        }
        let mut patterns = Vec::new();
        let mut bound: HashMap<String, Bound<()>> = HashMap::new();
        self.pattern_value_offsets.clear();
        while self.eat_kw("CREATE") {
            if self.at_kw("INDEX") || self.at_kw("FULLTEXT") || self.at_kw("CONSTRAINT") {
                return Err(self.error("an index must be created in its own statement"));
            }
            loop {
                let (path, offsets) = self.path_pattern_located()?;
                check_path(&path, &offsets, &mut bound)?;
                patterns.push(path);
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        self.check_values(&patterns)?;
        if !self.at_eof() && !self.at_sym(Sym::Semicolon) {
            let word = self.describe();
            return Err(self.error(format!(
                "unsupported clause {} in a data statement (only CREATE)",
                word.trim_matches('\'')
            )));
        }
        Ok(DataStatement::Create(patterns))
    }

    fn pos_skip(&mut self, n: usize) {
        for _ in 0..n {
            self.advance();
        }
    }

    /// Evaluates every property value, reporting errors at the value.
    fn check_values(&self, patterns: &[PathPattern]) -> PResult<()> {
        let values = patterns.iter().flat_map(|p| {
            std::iter::once(&p.start.properties)
                .chain(
                    p.hops
                        .iter()
                        .flat_map(|(r, n)| [&r.properties, &n.properties]),
                )
                .flatten()
        });
        for (i, (_, expr)) in values.enumerate() {
            if let Err(message) = constant(expr) {
                let offset = self.pattern_value_offsets.get(i).copied().unwrap_or(0);
                return Err(SyntaxError::new(offset, message));
            }
        }
        Ok(())
    }

    /// `[IF NOT EXISTS]`.
    fn if_not_exists(&mut self) -> bool {
        self.eat_kws(&["IF", "NOT", "EXISTS"])
    }

    /// After `CREATE INDEX`: `[name] [IF NOT EXISTS] FOR (n:L) ON (n.k, ...)`.
    fn create_index(&mut self) -> PResult<DataStatement> {
        let name = if self.at_kw("FOR") || self.at_kws(&["IF", "NOT", "EXISTS"]) {
            None
        } else {
            Some(self.name("an index name or FOR")?)
        };
        self.if_not_exists();
        self.expect_kw("FOR", "in CREATE INDEX")?;
        let (var, labels) = self.index_target()?;
        if labels.len() != 1 {
            return Err(self.error("CREATE INDEX needs exactly one label"));
        }
        self.expect_kw("ON", "in CREATE INDEX")?;
        self.expect_sym(Sym::LParen, "'(' before the indexed properties")?;
        let keys = self.index_keys(&var)?;
        self.expect_sym(Sym::RParen, "')' after the indexed properties")?;
        Ok(DataStatement::CreateIndex {
            name,
            label: labels.into_iter().next().unwrap_or_default(),
            keys,
        })
    }

    /// After `CREATE FULLTEXT INDEX`: `name [IF NOT EXISTS] FOR (n:L|M) ON EACH [n.k, ...]`.
    fn create_fulltext_index(&mut self) -> PResult<DataStatement> {
        let name = self.name("the full-text index name")?;
        self.if_not_exists();
        self.expect_kw("FOR", "in CREATE FULLTEXT INDEX")?;
        let (var, labels) = self.index_target()?;
        if labels.is_empty() {
            return Err(self.error("CREATE FULLTEXT INDEX needs at least one label"));
        }
        self.expect_kw("ON", "in CREATE FULLTEXT INDEX")?;
        self.expect_kw("EACH", "after ON")?;
        self.expect_sym(Sym::LBracket, "'[' before the indexed properties")?;
        let keys = self.index_keys(&var)?;
        self.expect_sym(Sym::RBracket, "']' after the indexed properties")?;
        Ok(DataStatement::CreateFulltextIndex { name, labels, keys })
    }

    /// `(n:L|M)`: the variable and labels.
    fn index_target(&mut self) -> PResult<(String, Vec<String>)> {
        if self.at_sym(Sym::LParen) && self.sym_at(1, Sym::RParen) {
            return Err(self.error("relationship indexes are not supported"));
        }
        self.expect_sym(Sym::LParen, "'(' in the index target")?;
        let var = self.name("a variable")?;
        let labels = self.alternatives("a label")?;
        self.expect_sym(Sym::RParen, "')' to close node pattern")?;
        Ok((var, labels))
    }

    /// `n.k, n.k2`: the keys, each on variable `var`.
    fn index_keys(&mut self, var: &str) -> PResult<Vec<String>> {
        let mut keys = Vec::new();
        loop {
            let at = self.offset();
            let v = self.name("an indexed property (n.key)")?;
            if v != var {
                return Err(SyntaxError::new(
                    at,
                    format!("indexed property must be on `{var}`, found `{v}`"),
                ));
            }
            self.expect_sym(Sym::Dot, "'.' in the indexed property")?;
            keys.push(self.name("a property key")?);
            if !self.eat_sym(Sym::Comma) {
                return Ok(keys);
            }
        }
    }
}

/// Checks variable reuse and relationship shapes of one path of CREATE.
fn check_path(
    path: &PathPattern,
    offsets: &[usize],
    bound: &mut HashMap<String, Bound<()>>,
) -> PResult<()> {
    let at = |i: usize| offsets.get(i).copied().unwrap_or(0);
    bind_node(&path.start, bound).map_err(|m| SyntaxError::new(at(0), m))?;
    for (i, (rel, node)) in path.hops.iter().enumerate() {
        check_rel(rel, rel.var.as_ref().and_then(|v| bound.get(v)))
            .map_err(|m| SyntaxError::new(at(2 * i + 1), m))?;
        if let Some(v) = &rel.var {
            bound.insert(v.clone(), Bound::Relationship);
        }
        bind_node(node, bound).map_err(|m| SyntaxError::new(at(2 * i + 2), m))?;
    }
    Ok(())
}

fn bind_node(node: &NodePattern, bound: &mut HashMap<String, Bound<()>>) -> Result<(), String> {
    check_node_reuse(node, node.var.as_ref().and_then(|v| bound.get(v)))?;
    if let Some(v) = &node.var {
        bound.entry(v.clone()).or_insert(Bound::Node(()));
    }
    Ok(())
}

/// Builds the stored graph from data statements, in order.
pub fn build_graph(statements: &[Located<DataStatement>]) -> Result<Graph, SyntaxError> {
    let mut b = Builder::default();
    for statement in statements {
        let result = match &statement.item {
            DataStatement::Create(paths) => create(&mut b, paths),
            DataStatement::CreateIndex { name, label, keys } => {
                let name = name.clone().unwrap_or_else(|| b.generated_name());
                b.add_index(name, IndexKind::Native, vec![label.clone()], keys)
            }
            DataStatement::CreateFulltextIndex { name, labels, keys } => {
                b.add_index(name.clone(), IndexKind::Fulltext, labels.clone(), keys)
            }
        };
        result.map_err(|m| SyntaxError::new(statement.offset, m))?;
    }
    Ok(b.graph)
}

/// The graph being built, with its tokens' positions and its indexes'
/// names kept by name beside it: the graph's own registries are lists, and
/// looking a name up in them made a graph of n labels, keys or indexes cost
/// n² to build (8,000 labels on one node took a second, issue 12).
#[derive(Default)]
struct Builder {
    graph: Graph,
    /// Per token kind ([`kind_slot`]), each name's position in its registry.
    tokens: [HashMap<String, usize>; 3],
    /// Each index's position in `graph.indexes`, by name.
    indexes: HashMap<String, usize>,
}

/// Where a token kind's positions are kept in [`Builder::tokens`].
fn kind_slot(kind: TokenKind) -> usize {
    match kind {
        TokenKind::Label => 0,
        TokenKind::RelType => 1,
        TokenKind::PropertyKey => 2,
    }
}

impl Builder {
    /// Registers `name` as a `kind` token unless present (D3: in order of
    /// first use), as `Tokens::register` does.
    fn register(&mut self, kind: TokenKind, name: &str) {
        let positions = &mut self.tokens[kind_slot(kind)];
        if positions.contains_key(name) {
            return;
        }
        let list = match kind {
            TokenKind::Label => &mut self.graph.tokens.labels,
            TokenKind::RelType => &mut self.graph.tokens.rel_types,
            TokenKind::PropertyKey => &mut self.graph.tokens.property_keys,
        };
        positions.insert(name.to_string(), list.len());
        list.push(name.to_string());
    }

    /// The position of a registered token, for ordering labels (N4).
    fn position(&self, kind: TokenKind, name: &str) -> Option<usize> {
        self.tokens[kind_slot(kind)].get(name).copied()
    }

    /// `index_N` for the first N from the number of indexes up that is not
    /// taken.
    fn generated_name(&self) -> String {
        let mut n = self.graph.indexes.len() + 1;
        loop {
            let name = format!("index_{n}");
            if !self.indexes.contains_key(&name) {
                return name;
            }
            n += 1;
        }
    }

    /// Registers an index and its tokens. An index with the same name and
    /// the same definition is a no-op (as with IF NOT EXISTS); a different
    /// one is an error.
    fn add_index(
        &mut self,
        name: String,
        kind: IndexKind,
        labels: Vec<String>,
        keys: &[String],
    ) -> Result<(), String> {
        let index = Index {
            name,
            kind,
            labels,
            keys: keys.to_vec(),
        };
        if let Some(&at) = self.indexes.get(&index.name) {
            if self.graph.indexes.get(at) == Some(&index) {
                return Ok(());
            }
            return Err(format!("an index named `{}` already exists", index.name));
        }
        for label in &index.labels {
            self.register(TokenKind::Label, label);
        }
        for key in &index.keys {
            self.register(TokenKind::PropertyKey, key);
        }
        self.indexes
            .insert(index.name.clone(), self.graph.indexes.len());
        self.graph.indexes.push(index);
        Ok(())
    }

    /// Registers the stored keys in written order (D3), not the map's
    /// sorted order.
    fn register_keys(&mut self, written: &[(String, Expr)], stored: &BTreeMap<String, Value>) {
        for (key, _) in written {
            if stored.contains_key(key) {
                self.register(TokenKind::PropertyKey, key);
            }
        }
    }
}

/// Creates the elements of one CREATE statement; variables are shared by its paths.
fn create(b: &mut Builder, paths: &[PathPattern]) -> Result<(), String> {
    let mut scope: HashMap<String, Bound<NodeId>> = HashMap::new();
    for path in paths {
        let mut previous = node(b, &path.start, &mut scope)?;
        for (rel, next) in &path.hops {
            check_rel(rel, rel.var.as_ref().and_then(|v| scope.get(v)))?;
            let rel_type = rel.types.first().cloned().unwrap_or_default();
            b.register(TokenKind::RelType, &rel_type);
            let properties = stored_properties(&rel.properties)?;
            b.register_keys(&rel.properties, &properties);
            let target = node(b, next, &mut scope)?;
            let (start, end) = match rel.direction {
                Direction::Incoming => (target, previous),
                _ => (previous, target),
            };
            if let Some(v) = &rel.var {
                scope.insert(v.clone(), Bound::Relationship);
            }
            let id = b.graph.relationships.len() as u64;
            b.graph.relationships.push(Relationship {
                id,
                rel_type,
                start,
                end,
                properties,
            });
            previous = target;
        }
    }
    Ok(())
}

/// The node a pattern denotes: its bound node, or a new one.
fn node(
    b: &mut Builder,
    pattern: &NodePattern,
    scope: &mut HashMap<String, Bound<NodeId>>,
) -> Result<NodeId, String> {
    let bound = pattern.var.as_ref().and_then(|v| scope.get(v));
    check_node_reuse(pattern, bound)?;
    if let Some(Bound::Node(id)) = bound {
        return Ok(*id);
    }
    for label in &pattern.labels {
        b.register(TokenKind::Label, label);
    }
    let properties = stored_properties(&pattern.properties)?;
    b.register_keys(&pattern.properties, &properties);
    let mut labels = pattern.labels.clone();
    labels.sort_by_key(|l| b.position(TokenKind::Label, l));
    labels.dedup();
    let id = b.graph.nodes.len() as u64;
    b.graph.nodes.push(Node {
        id,
        labels,
        properties,
    });
    if let Some(v) = &pattern.var {
        scope.insert(v.clone(), Bound::Node(id));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cypher::parse_data_script;

    fn graph(text: &str) -> Graph {
        let statements = match parse_data_script(text) {
            Ok(s) => s,
            Err(e) => panic!("{text}: {e:?}"),
        };
        match build_graph(&statements) {
            Ok(g) => g,
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    fn err(text: &str) -> SyntaxError {
        match parse_data_script(text) {
            Ok(s) => panic!("{text} parsed as {s:?}"),
            Err(e) => e,
        }
    }

    fn props(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn nodes_relationships_and_shared_variables() {
        let g = graph(
            "CREATE (a:P {name:'x', gone: null}), (b:P) CREATE (a)-[:KNOWS {since: 2020}]->(b);\n\
             CREATE (:Q:P:Q {n: -1, l: [1.5, -2.0]})<-[:R]-(c:Z);",
        );
        assert_eq!(g.nodes.len(), 4);
        assert_eq!(
            g.nodes[0],
            Node {
                id: 0,
                labels: vec!["P".into()],
                properties: props(&[("name", Value::String("x".into()))]),
            }
        );
        // Labels deduplicated, in registry order (P before Q).
        assert_eq!(g.nodes[2].labels, vec!["P", "Q"]);
        assert_eq!(
            g.nodes[2].properties,
            props(&[
                ("n", Value::Integer(-1)),
                (
                    "l",
                    Value::List(vec![Value::Float(1.5), Value::Float(-2.0)])
                )
            ])
        );
        assert_eq!(
            g.relationships,
            vec![
                Relationship {
                    id: 0,
                    rel_type: "KNOWS".into(),
                    start: 0,
                    end: 1,
                    properties: props(&[("since", Value::Integer(2020))]),
                },
                Relationship {
                    id: 1,
                    rel_type: "R".into(),
                    start: 3,
                    end: 2,
                    properties: BTreeMap::new(),
                },
            ]
        );
        assert_eq!(g.tokens.labels, vec!["P", "Q", "Z"]);
        assert_eq!(g.tokens.rel_types, vec!["KNOWS", "R"]);
        // `gone` was null: never stored, never registered; keys in written order.
        assert_eq!(g.tokens.property_keys, vec!["name", "since", "n", "l"]);
    }

    #[test]
    fn temporal_values_are_evaluated_once() {
        use chrono::NaiveDate;
        let g = graph(
            "CREATE ({d: date('2020-01-31'), l: [date('2020-01-01'), date('2021-01-01')], p: duration('P1D')})",
        );
        let date = |y, m, d| Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default());
        assert_eq!(g.nodes[0].properties.get("d"), Some(&date(2020, 1, 31)));
        assert_eq!(
            g.nodes[0].properties.get("l"),
            Some(&Value::List(vec![date(2020, 1, 1), date(2021, 1, 1)]))
        );
        assert!(matches!(
            g.nodes[0].properties.get("p"),
            Some(Value::Duration(_))
        ));
        let e = err("CREATE ({d: date('2020-13-45')})");
        assert_eq!(e.offset, 12);
        assert!(e.message().contains("invalid date"), "{e:?}");
        assert!(
            err("CREATE ({d: [date('2020-01-01'), 1]})")
                .message()
                .contains("mixed types (DATE and INTEGER)")
        );
    }

    #[test]
    fn indexes_register_tokens_and_get_names() {
        let g = graph(
            "CREATE RANGE INDEX FOR (n:A) ON (n.k, n.k2);\
             CREATE INDEX named IF NOT EXISTS FOR (n:B) ON (n.x);\
             CREATE FULLTEXT INDEX ft FOR (n:C|D) ON EACH [n.t];\
             CREATE INDEX FOR (m:A) ON (m.k)",
        );
        let summary: Vec<_> = g
            .indexes
            .iter()
            .map(|i| (i.name.as_str(), i.kind, i.labels.clone(), i.keys.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "index_1",
                    IndexKind::Native,
                    vec!["A".to_string()],
                    vec!["k".to_string(), "k2".to_string()]
                ),
                (
                    "named",
                    IndexKind::Native,
                    vec!["B".to_string()],
                    vec!["x".to_string()]
                ),
                (
                    "ft",
                    IndexKind::Fulltext,
                    vec!["C".to_string(), "D".to_string()],
                    vec!["t".to_string()]
                ),
                (
                    "index_4",
                    IndexKind::Native,
                    vec!["A".to_string()],
                    vec!["k".to_string()]
                ),
            ]
        );
        assert_eq!(g.tokens.labels, vec!["A", "B", "C", "D"]);
        assert_eq!(g.tokens.property_keys, vec!["k", "k2", "x", "t"]);
        assert!(g.nodes.is_empty());
    }

    #[test]
    fn errors_point_at_the_construct() {
        let e = err("CREATE (a:P), (a:Q)");
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("variable `a` already declared", 14)
        );
        let e = err("CREATE (a)-[:R]-(b)");
        assert_eq!(e.offset, 10);
        assert!(e.message().contains("directed"), "{e:?}");
        let e = err("CREATE (a)-[:R|S]->(b)");
        assert!(e.message().contains("exactly one type"), "{e:?}");
        assert!(
            err("CREATE (a)-->(b)")
                .message()
                .contains("exactly one type")
        );
        let e = err("CREATE (a {m: {x: 1}})");
        assert_eq!(e.offset, 14);
        assert!(e.message().contains("map"), "{e:?}");
        let e = err("CREATE (a {ok: 1, l: [1, 'x']})");
        assert_eq!(e.offset, 21);
        assert!(e.message().contains("mixed types"), "{e:?}");
        let e = err("CREATE (a {v: x})");
        assert_eq!(e.offset, 14);
        let e = err("CREATE (a);\nMATCH (n) RETURN n");
        assert_eq!(e.offset, 12);
        assert!(e.message().contains("MATCH"), "{e:?}");
        let e = err("CREATE (a) SET a.x = 1");
        assert_eq!(
            (e.message().as_str(), e.offset),
            (
                "unsupported clause SET in a data statement (only CREATE)",
                11
            )
        );
        assert!(
            err("CREATE (a)-[r:R]->(b), (c)-[r:R]->(d)")
                .message()
                .contains("`r` already declared")
        );
        assert!(
            err("CREATE INDEX FOR (n:A) ON (m.k)")
                .message()
                .contains("must be on `n`")
        );
        assert!(
            err("CREATE (a")
                .message()
                .contains("unexpected end of input")
        );
        let e = err("CREATE TEXT INDEX t FOR (n:A) ON (n.k)");
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("unsupported index type TEXT", 7)
        );
    }

    #[test]
    fn build_graph_checks_hand_built_statements() {
        let statements = vec![Located {
            item: DataStatement::Create(vec![PathPattern {
                var: None,
                start: NodePattern {
                    var: None,
                    labels: vec![],
                    properties: vec![("k".into(), Expr::Variable("x".into()))],
                },
                hops: vec![],
            }]),
            offset: 7,
        }];
        let e = build_graph(&statements).unwrap_err();
        assert_eq!(e.offset, 7);
        let dup = parse_data_script(
            "CREATE INDEX i FOR (n:A) ON (n.k); CREATE INDEX i FOR (n:B) ON (n.k)",
        )
        .unwrap();
        let e = build_graph(&dup).unwrap_err();
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("an index named `i` already exists", 35)
        );
    }
}
