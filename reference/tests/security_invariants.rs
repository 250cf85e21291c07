//! Invariants of docs/spec/semantics.md over many small generated worlds (a fixed
//! linear congruential generator, so runs are reproducible):
//! - V1/R2: every visible relationship's endpoints are visible nodes;
//! - V1: visible properties are stored properties with their stored values;
//! - P3: adding a DENY never reveals anything, adding a GRANT never hides
//!   anything; P4: DENY MATCH {*} / DENY READ {*} everywhere hide everything;
//! - the explanation's verdicts equal the view's.

mod common;

use common::*;
use model::catalog::{Privilege, RuleOp, RulePredicate, Segment};
use model::engine::Principal;
use model::value::Value;
use reference::explain::{ExplainTarget, explain_with};
use reference::view::UserView;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len() as u64) as usize]
    }
}

const LABELS: [&str; 3] = ["A", "B", "C"];
const TYPES: [&str; 2] = ["T", "U"];
const KEYS: [&str; 3] = ["k", "m", "n"];

fn props(rng: &mut Lcg) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    for k in KEYS {
        if rng.next(2) == 0 {
            out.push((k, int(rng.next(3) as i64)));
        }
    }
    out
}

fn graph(rng: &mut Lcg) -> W {
    let mut w = W::new();
    let count = 1 + rng.next(6);
    for _ in 0..count {
        let mut labels = Vec::new();
        for l in LABELS {
            if rng.next(2) == 0 {
                labels.push(l);
            }
        }
        let props = props(rng);
        w.node(&labels, &props);
    }
    for _ in 0..rng.next(6) {
        let (s, e) = (rng.next(count), rng.next(count));
        let props = props(rng);
        let t = rng.pick(&TYPES);
        w.rel(t, s, e, &props);
    }
    w
}

fn segment(rng: &mut Lcg) -> Segment {
    let v = int(rng.next(3) as i64);
    let pred = match rng.next(5) {
        0 => RulePredicate::IsNull,
        1 => RulePredicate::IsNotNull,
        2 => eq(v),
        3 => RulePredicate::Compare(RuleOp::Less, v),
        _ => RulePredicate::InList(vec![v, int(7)]),
    };
    match rng.next(6) {
        0 => nodes("*"),
        1 => nodes(rng.pick(&LABELS)),
        2 => rels("*"),
        3 => rels(rng.pick(&TYPES)),
        4 => node_rule(
            Some(rng.pick(&LABELS)).filter(|_| rng.next(2) == 0),
            rng.pick(&KEYS),
            pred,
            rng.next(2) == 0,
        ),
        _ => rel_rule(
            Some(rng.pick(&TYPES)).filter(|_| rng.next(2) == 0),
            rng.pick(&KEYS),
            pred,
            rng.next(2) == 0,
        ),
    }
}

fn privilege(rng: &mut Lcg, deny: bool) -> Privilege {
    let seg = segment(rng);
    let key = if rng.next(3) == 0 {
        "*"
    } else {
        rng.pick(&KEYS)
    };
    match (rng.next(3), deny) {
        (0, false) => grant_traverse(seg),
        (0, true) => deny_traverse(seg),
        (1, false) => grant_read(key, seg),
        (1, true) => deny_read(key, seg),
        (_, false) => grant_match(key, seg),
        (_, true) => deny_match(key, seg),
    }
}

fn privileges(rng: &mut Lcg) -> Vec<Privilege> {
    let mut out = Vec::new();
    for _ in 0..rng.next(7) {
        let deny = rng.next(3) == 0;
        out.push(privilege(rng, deny));
    }
    out
}

/// Everything `small` shows is shown by `big`, with the same values.
fn contained(small: &UserView, big: &UserView) -> bool {
    small.nodes.iter().all(|(id, n)| {
        big.nodes.get(id).is_some_and(|b| {
            n.properties
                .iter()
                .all(|(k, v)| b.properties.get(k) == Some(v))
        })
    }) && small.relationships.iter().all(|(id, r)| {
        big.relationships.get(id).is_some_and(|b| {
            r.properties
                .iter()
                .all(|(k, v)| b.properties.get(k) == Some(v))
        })
    }) && small.labels.iter().all(|l| big.labels.contains(l))
        && small
            .relationship_types
            .iter()
            .all(|t| big.relationship_types.contains(t))
        && small
            .property_keys
            .iter()
            .all(|k| big.property_keys.contains(k))
        && small
            .fulltext_allowed
            .iter()
            .all(|(i, s)| big.fulltext_allowed.get(i).is_some_and(|b| s.is_subset(b)))
}

#[test]
fn generated_worlds_keep_the_invariants() {
    let mut rng = Lcg(7);
    for case in 0..u64::from(model::budget::fuzz_cases(300)) {
        let mut w = graph(&mut rng);
        let base = privileges(&mut rng);
        w.custom(base.clone());
        let view = w.view("u");

        // V1, R2.
        for r in view.relationships.values() {
            assert!(view.nodes.contains_key(&r.start), "case {case}");
            assert!(view.nodes.contains_key(&r.end), "case {case}");
        }
        assert!(contained(&view, &w.admin_view()), "case {case}");

        // P3: one more DENY never reveals, one more GRANT never hides.
        let mut more = base.clone();
        more.push(privilege(&mut rng, true));
        w.custom(more);
        assert!(contained(&w.view("u"), &view), "case {case}: deny revealed");
        let mut more = base.clone();
        more.push(privilege(&mut rng, false));
        w.custom(more);
        assert!(contained(&view, &w.view("u")), "case {case}: grant hid");

        // P4: DENY MATCH {*} on every node hides every node and so (R2)
        // every relationship; DENY READ {*} everywhere hides every property.
        let mut more = base.clone();
        more.push(deny_match("*", nodes("*")));
        w.custom(more);
        let v = w.view("u");
        assert!(
            v.nodes.is_empty() && v.relationships.is_empty(),
            "case {case}"
        );
        let mut more = base.clone();
        more.extend([deny_read("*", nodes("*")), deny_read("*", rels("*"))]);
        w.custom(more);
        let v = w.view("u");
        assert!(
            v.nodes.values().all(|n| n.properties.is_empty()),
            "case {case}"
        );
        assert!(
            v.relationships.values().all(|r| r.properties.is_empty()),
            "case {case}"
        );
        assert!(v.property_keys.is_empty(), "case {case}");

        // The explanation agrees with the view.
        w.custom(base);
        let render = |role: &str, p: &Privilege| format!("{role} {p:?}");
        let text = match explain_with(
            &w.world,
            &Principal::Native("u".into()),
            ExplainTarget::Everything,
            &render,
        ) {
            Ok(t) => t,
            Err(e) => panic!("case {case}: {e}"),
        };
        for node in &w.world.graph.nodes {
            let shown = text.lines().any(|l| {
                l.starts_with(&format!("node {} ", node.id)) && l.ends_with("traversable (N2)")
            });
            assert_eq!(
                shown,
                view.nodes.contains_key(&node.id),
                "case {case}\n{text}"
            );
        }
        for rel in &w.world.graph.relationships {
            let shown = text.lines().any(|l| {
                l.starts_with(&format!("relationship {} ", rel.id)) && l.ends_with("visible (R2)")
            });
            assert_eq!(
                shown,
                view.relationships.contains_key(&rel.id),
                "case {case}\n{text}"
            );
        }
    }
}
