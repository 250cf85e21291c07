//! Explanations: for a user, every element's decision and the privileges
//! (role, command text) that granted or denied it.
//!
//! Every fact printed here comes from the rule functions of
//! [`crate::security`] that also build the [`crate::view::UserView`]; this
//! module only formats their [`Decision`]s.

use std::fmt::Write as _;

use model::catalog::{Access, Action, Privilege, Segment};
use model::engine::{EngineError, Principal, Transaction};
use model::error::ErrorKind;
use model::graph::{IndexKind, Node, NodeId, RelId, Relationship, TokenKind};
use model::value::Truth;
use model::world::World;

use crate::security::decision::{Decision, Held, KeyDecision};
use crate::security::principal::{self, Subject};
use crate::security::{abac, fulltext, nodes, procedures, relationships, scope};

/// What to explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplainTarget {
    /// Every node, then every relationship, then the procedures' rows.
    Everything,
    /// One node.
    Node(NodeId),
    /// One relationship.
    Relationship(RelId),
    /// Several elements under one heading (the elements a query involves).
    Elements {
        /// Node ids.
        nodes: Vec<NodeId>,
        /// Relationship ids.
        relationships: Vec<RelId>,
    },
}

/// Renders one privilege of a role as text (normally the command that stores it).
pub type Render<'r> = &'r dyn Fn(&str, &Privilege) -> String;

/// The explanation for `principal` of `target`, one fact per line, privileges
/// shown as the commands that store them. Fails for an unknown user or
/// element.
pub fn explain(
    world: &World,
    tx: &Transaction,
    target: ExplainTarget,
) -> Result<String, EngineError> {
    explain_with(world, tx, target, &model::admin::render::privilege_command)
}

/// As [`explain`], with privileges shown by `render`.
pub fn explain_with(
    world: &World,
    tx: &Transaction,
    target: ExplainTarget,
    render: Render<'_>,
) -> Result<String, EngineError> {
    let nodes = target_nodes(world, &target)?;
    let rels = target_relationships(world, &target)?;
    let mut out = Lines::default();
    // An OIDC session's facts are printed, then its subject taken from
    // them: one evaluation of its token and rules.
    let subject = match &tx.principal {
        Principal::Oidc(session) => {
            let roles = abac::session_roles(world, session, tx.at)?;
            session_facts(&mut out, &roles);
            Some(roles.subject(world))
        }
        _ => principal::of_transaction(world, tx)?,
    };
    match subject {
        None => {
            out.line(
                0,
                "administrator: everything visible, every property readable (U6)",
            );
            for node in nodes {
                out.line(
                    0,
                    format!(
                        "node {}{}: traversable (U6)",
                        node.id,
                        label_text(world, node)
                    ),
                );
                for key in node.properties.keys() {
                    out.line(1, format!("property {key}: readable (U6)"));
                }
            }
            for rel in rels {
                out.line(0, format!("{}: visible (U6)", rel_heading(rel)));
                for key in rel.properties.keys() {
                    out.line(1, format!("property {key}: readable (U6)"));
                }
            }
        }
        Some(subject) => {
            let ex = Explainer {
                world,
                subject: &subject,
                render,
            };
            ex.principal(&mut out);
            if principal::access_decision(world, &subject).allowed() {
                ex.ignored(&mut out);
                nodes.into_iter().for_each(|n| ex.node(&mut out, n));
                rels.into_iter().for_each(|r| ex.relationship(&mut out, r));
                if target == ExplainTarget::Everything {
                    ex.procedures(&mut out);
                }
            }
        }
    }
    Ok(out.text)
}

/// U4, A5, A3: what decided an OIDC session's roles: its token, the claims
/// it kept, the roles from its groups and each auth rule's outcome.
fn session_facts(out: &mut Lines, roles: &abac::SessionRoles<'_>) {
    let identity = &roles.identity;
    out.line(
        0,
        format!(
            "OIDC session of '{}' (provider {}), token valid (O2)",
            identity.username, identity.provider
        ),
    );
    let groups = roles.from_groups.iter().cloned().collect::<Vec<_>>();
    out.line(
        1,
        format!(
            "groups {:?} grant roles [{}] (O3)",
            identity.groups,
            groups.join(", ")
        ),
    );
    let kept: Vec<String> = roles
        .kept
        .iter()
        .map(|(claim, value)| format!("{claim} = {value}"))
        .collect();
    out.line(1, format!("claims kept (A5): [{}]", kept.join(", ")));
    for (rule, outcome) in &roles.rules {
        let what = match outcome {
            abac::RuleOutcome::Disabled => "disabled: not fulfilled (A3)".to_string(),
            abac::RuleOutcome::NotAbacProvider => {
                "provider not in dbms.security.abac.authorization_providers: not fulfilled (A6)"
                    .to_string()
            }
            abac::RuleOutcome::Value(value) if outcome.fulfilled() => {
                format!("{value}: fulfilled (A3)")
            }
            abac::RuleOutcome::Value(value) => format!("{value}: not fulfilled (A3)"),
            abac::RuleOutcome::Error(error) => {
                format!("error ({}): not fulfilled (A3)", error.message())
            }
        };
        let granted = rule.roles.iter().cloned().collect::<Vec<_>>().join(", ");
        out.line(1, format!("auth rule {} [{granted}]: {what}", rule.name));
    }
}

/// The nodes `target` names; an error for a missing node.
fn target_nodes<'w>(
    world: &'w World,
    target: &ExplainTarget,
) -> Result<Vec<&'w Node>, EngineError> {
    let ids: &[NodeId] = match target {
        ExplainTarget::Everything => return Ok(world.graph.nodes.iter().collect()),
        ExplainTarget::Node(id) => std::slice::from_ref(id),
        ExplainTarget::Elements { nodes, .. } => nodes,
        ExplainTarget::Relationship(_) => &[],
    };
    ids.iter()
        .map(|id| {
            world
                .graph
                .nodes
                .iter()
                .find(|n| n.id == *id)
                .ok_or_else(|| {
                    EngineError::of(ErrorKind::NoSuchElement {
                        element: "node",
                        id: *id,
                    })
                })
        })
        .collect()
}

/// The relationships `target` names; an error for a missing relationship.
fn target_relationships<'w>(
    world: &'w World,
    target: &ExplainTarget,
) -> Result<Vec<&'w Relationship>, EngineError> {
    let ids: &[RelId] = match target {
        ExplainTarget::Everything => return Ok(world.graph.relationships.iter().collect()),
        ExplainTarget::Relationship(id) => std::slice::from_ref(id),
        ExplainTarget::Elements { relationships, .. } => relationships,
        ExplainTarget::Node(_) => &[],
    };
    ids.iter()
        .map(|id| {
            world
                .graph
                .relationships
                .iter()
                .find(|r| r.id == *id)
                .ok_or_else(|| {
                    EngineError::of(ErrorKind::NoSuchElement {
                        element: "relationship",
                        id: *id,
                    })
                })
        })
        .collect()
}

/// Indented output lines.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, depth: usize, text: impl AsRef<str>) {
        // Writing to a String cannot fail.
        let _ = writeln!(self.text, "{}{}", "  ".repeat(depth), text.as_ref());
    }
}

/// ` (:A:B)` for a node's labels in N4 order, ` (no labels)` without.
fn label_text(world: &World, node: &Node) -> String {
    let labels = nodes::labels(world, node);
    if labels.is_empty() {
        " (no labels)".to_string()
    } else {
        format!(" (:{})", labels.join(":"))
    }
}

fn rel_heading(rel: &Relationship) -> String {
    format!(
        "relationship {} :{} ({})->({})",
        rel.id, rel.rel_type, rel.start, rel.end
    )
}

/// Why a TRAVERSE decision refused (P3): no grant, a deny, or both.
fn refusals(d: &Decision<'_>) -> Vec<String> {
    let mut reasons = Vec::new();
    if d.granted_by.is_empty() {
        reasons.push("no TRAVERSE/MATCH grant applies".to_string());
    }
    if !d.denied_by.is_empty() {
        reasons.push("denied".to_string());
    }
    reasons
}

fn truth_text(t: Truth) -> &'static str {
    match t {
        Some(true) => "TRUE",
        Some(false) => "FALSE",
        None => "null",
    }
}

/// Formats one native user's decisions.
struct Explainer<'a, 'w> {
    world: &'w World,
    subject: &'a Subject<'w>,
    render: Render<'a>,
}

impl Explainer<'_, '_> {
    /// The privilege as its command, which names the role holding it.
    fn command(&self, held: &Held<'_>) -> String {
        (self.render)(held.role, held.privilege)
    }

    /// U3, U5: the user, their roles, their access.
    fn principal(&self, out: &mut Lines) {
        out.line(0, format!("user '{}'", self.subject.user));
        out.line(
            1,
            format!("roles: [{}] (U1, U3)", self.subject.roles.join(", ")),
        );
        let access = principal::access_decision(self.world, self.subject);
        if access.allowed() {
            out.line(
                0,
                format!("access to database '{}': allowed (U5)", self.world.database),
            );
        } else {
            out.line(
                0,
                format!("access to database '{}': denied (U5)", self.world.database),
            );
            out.line(1, principal::access_error(self.subject).message());
        }
        self.decision(out, 1, &access);
    }

    /// D4, P6: the read-related privileges that are not in force.
    fn ignored(&self, out: &mut Lines) {
        let relevant = |p: &Privilege| {
            matches!(
                p.action,
                Action::Access | Action::Traverse | Action::Read | Action::Match
            )
        };
        let mut header = false;
        for held in self
            .subject
            .privileges
            .iter()
            .filter(|h| relevant(h.privilege))
        {
            let p = held.privilege;
            let fact = match (
                scope::ignored(self.world, p),
                scope::read_key_ignored(self.world, p),
            ) {
                (Some(why), _) => Some(format!("ignored: {why}")),
                (None, Some(why)) if p.action == Action::Match && p.access == Access::Granted => {
                    Some(format!("READ part ignored: {why}; TRAVERSE part in force"))
                }
                (None, Some(why)) => Some(format!("ignored: {why}")),
                (None, None) => None,
            };
            if let Some(fact) = fact {
                if !header {
                    out.line(0, "privileges without (full) effect:");
                    header = true;
                }
                out.line(1, self.command(held));
                out.line(2, fact);
            }
        }
    }

    /// The deciding privileges of one decision, under a fact line.
    fn decision(&self, out: &mut Lines, depth: usize, d: &Decision<'_>) {
        let rule_note = |held: &Held<'_>| match held.privilege.segment {
            Segment::NodeRule { .. } | Segment::RelRule { .. } => " (predicate TRUE)",
            _ => "",
        };
        for held in &d.granted_by {
            out.line(
                depth,
                format!("granted{} by {}", rule_note(held), self.command(held)),
            );
        }
        for held in &d.denied_by {
            out.line(
                depth,
                format!("denied{} by {}", rule_note(held), self.command(held)),
            );
        }
        for (held, t) in &d.not_applying {
            out.line(
                depth,
                format!(
                    "does not apply (predicate {}, Q3): {}",
                    truth_text(*t),
                    self.command(held)
                ),
            );
        }
        if d.granted_by.is_empty() {
            out.line(depth, "no grant applies (P3)");
        }
    }

    fn key_decision(&self, out: &mut Lines, depth: usize, d: &KeyDecision<'_>) {
        self.decision(out, depth, &d.privileges);
        for role in &d.blacklisted_by {
            out.line(depth, format!("blacklisted for role {role} (B2)"));
        }
    }

    /// N2, N3, N4, I2 for one node.
    fn node(&self, out: &mut Lines, node: &Node) {
        let (world, subject) = (self.world, self.subject);
        let traverse = nodes::traverse_decision(world, subject, node);
        let state = if traverse.allowed() {
            "traversable (N2)".to_string()
        } else {
            format!("hidden (N2: {})", refusals(&traverse).join(", "))
        };
        out.line(
            0,
            format!("node {}{}: {state}", node.id, label_text(world, node)),
        );
        self.decision(out, 1, &traverse);
        for key in node.properties.keys() {
            let read = nodes::read_decision(world, subject, node, key);
            let state = if nodes::readable(world, subject, node, key) {
                "readable"
            } else if traverse.allowed() {
                "not readable"
            } else {
                "not readable (node hidden)"
            };
            out.line(1, format!("property {key}: {state} (N3)"));
            self.key_decision(out, 2, &read);
        }
        for index in world
            .graph
            .indexes
            .iter()
            .filter(|i| i.kind == IndexKind::Fulltext)
        {
            let verdict = if fulltext::passes(world, subject, index, node) {
                "may be returned"
            } else {
                "never returned"
            };
            out.line(1, format!("full-text index {}: {verdict} (I2)", index.name));
            for key in &index.keys {
                let read = nodes::read_decision(world, subject, node, key);
                if read.allowed() {
                    out.line(2, format!("indexed key {key}: readable"));
                } else {
                    out.line(2, format!("indexed key {key}: not readable"));
                    self.key_decision(out, 3, &read);
                }
            }
        }
    }

    /// R2, R3 for one relationship.
    fn relationship(&self, out: &mut Lines, rel: &Relationship) {
        let (world, subject) = (self.world, self.subject);
        let visibility = relationships::visibility_decision(world, subject, rel);
        let mut reasons = refusals(&visibility.own);
        if !visibility.start_traversable {
            reasons.push(format!("start node {} not traversable", rel.start));
        }
        if !visibility.end_traversable {
            reasons.push(format!("end node {} not traversable", rel.end));
        }
        let state = if visibility.visible() {
            "visible (R2)".to_string()
        } else {
            format!("hidden (R2: {})", reasons.join(", "))
        };
        out.line(0, format!("{}: {state}", rel_heading(rel)));
        self.decision(out, 1, &visibility.own);
        for key in rel.properties.keys() {
            let read = relationships::read_decision(world, subject, rel, key);
            let state = if relationships::readable(world, subject, rel, key) {
                "readable"
            } else if visibility.visible() {
                "not readable"
            } else {
                "not readable (relationship hidden)"
            };
            out.line(1, format!("property {key}: {state} (R3)"));
            self.key_decision(out, 2, &read);
        }
    }

    /// V4-V6: every registered token and whether its procedure lists it.
    fn procedures(&self, out: &mut Lines) {
        let (world, subject) = (self.world, self.subject);
        let tokens = &world.graph.tokens;
        out.line(0, "db.labels() (V4)");
        for label in tokens.names(TokenKind::Label) {
            let d = procedures::label_decision(world, subject, label);
            let state = match (
                procedures::label_listed(world, subject, label),
                procedures::label_in_use(&world.graph, label),
            ) {
                (true, _) => "listed",
                (false, false) => "not listed (not in use)",
                (false, true) => "not listed",
            };
            out.line(1, format!("{label}: {state}"));
            self.decision(out, 2, &d);
        }
        out.line(0, "db.relationshipTypes() (V5)");
        for rel_type in tokens.names(TokenKind::RelType) {
            let d = procedures::rel_type_decision(world, subject, rel_type);
            let state = match (
                procedures::rel_type_listed(world, subject, rel_type),
                procedures::rel_type_in_use(&world.graph, rel_type),
            ) {
                (true, _) => "listed",
                (false, false) => "not listed (not in use)",
                (false, true) => "not listed",
            };
            out.line(1, format!("{rel_type}: {state}"));
            self.decision(out, 2, &d);
        }
        out.line(0, "db.propertyKeys() (V6)");
        for key in tokens.names(TokenKind::PropertyKey) {
            let state = if procedures::key_listed(world, subject, key) {
                "listed"
            } else {
                "not listed"
            };
            out.line(1, format!("{key}: {state}"));
            out.line(2, "for nodes:");
            self.decision(out, 3, &procedures::node_key_decision(world, subject, key));
            out.line(2, "for relationships:");
            self.decision(out, 3, &procedures::rel_key_decision(world, subject, key));
            for role in crate::security::blacklist::blacklisted_by(world, subject, key) {
                out.line(2, format!("blacklisted for role {role} (B2)"));
            }
        }
    }
}
