//! A user's whole visibility as bitmaps (N2, N3, R2, R3, B2, U5, U6):
//! traversable nodes = granted AND NOT denied; visible relationships
//! likewise, and only between traversable nodes; per key, the elements on
//! which the key is readable, judged by privileges whether or not the element
//! stores the key (what I2 needs), minus blacklisted keys.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use roaring::RoaringBitmap;

use model::engine::{EngineError, IdSet, Principal, Visibility};
use model::world::World;

use crate::columns::Columns;
use crate::dense::Dense;
use crate::ids::Ids;
use crate::parallel::map_when_large;
use crate::policy::{ElementKind, ElementPolicy, Policy, Scope};
use crate::principal::{Subject, subject};
use crate::properties::PropertyTable;
use crate::rules::rule_elements;

/// Per property key, the elements where the key is readable. Most keys
/// share one set (only `{*}` privileges speak of them), so only keys with
/// their own privileges or a blacklist entry get their own bitmap.
#[derive(Debug, Clone, PartialEq)]
pub struct Readable {
    shared: RoaringBitmap,
    own: BTreeMap<usize, RoaringBitmap>,
}

impl Readable {
    /// Everything readable everywhere in `universe`.
    fn everywhere(universe: RoaringBitmap) -> Self {
        Readable {
            shared: universe,
            own: BTreeMap::new(),
        }
    }

    /// The elements where key `key` (a key index) is readable.
    pub fn key(&self, key: usize) -> &RoaringBitmap {
        self.own.get(&key).unwrap_or(&self.shared)
    }
}

/// One user's compiled visibility over one world.
#[derive(Debug, Clone)]
pub struct Compiled {
    columns: Arc<Columns>,
    nodes: RoaringBitmap,
    /// `nodes` again, a bit per position: O(1) tests while expanding.
    nodes_dense: Dense,
    /// `relationships` likewise.
    rels_dense: Dense,
    /// Per label index, how many traversable nodes carry it (V2's counts).
    nodes_per_label: Vec<u64>,
    relationships: RoaringBitmap,
    node_keys: Readable,
    rel_keys: Readable,
    /// Planted: the labels `labels(n)` shows (`None`: all of them).
    #[cfg(feature = "plant")]
    shown_labels: Option<crate::bits::TokenSet>,
    /// Whose visibility it is (`None`: an administrator).
    subject: Option<Subject>,
}

/// Compiles `principal`'s visibility of `world`, building the columns of
/// its graph. Fails with `User '<u>' does not exist.` for an unknown native
/// user and with U5's error without database access.
pub fn compile(world: &World, principal: &Principal) -> Result<Compiled, EngineError> {
    // The user is checked before the (costlier) columns are built.
    let subject = subject(world, principal)?;
    let columns = Arc::new(Columns::build(&world.graph)?);
    Compiled::for_subject(columns, world, subject.as_ref())
}

impl Compiled {
    /// Compiles `principal`'s visibility over `columns`, which must have been
    /// built from `world.graph` (so that one build serves many users).
    pub fn with_columns(
        columns: Arc<Columns>,
        world: &World,
        principal: &Principal,
    ) -> Result<Self, EngineError> {
        let subject = subject(world, principal)?;
        Compiled::for_subject(columns, world, subject.as_ref())
    }

    /// Compiles the visibility of `subject` (`None`: an administrator, U6)
    /// over `columns`, built from `world.graph`.
    pub fn for_subject(
        columns: Arc<Columns>,
        world: &World,
        subject: Option<&Subject>,
    ) -> Result<Self, EngineError> {
        let Some(subject) = subject else {
            // U6: an administrator sees everything.
            return Ok(Compiled {
                nodes_dense: Dense::full(columns.node_count()),
                rels_dense: Dense::full(columns.rel_count()),
                nodes_per_label: (0..columns.labels.len())
                    .map(|l| columns.label_nodes(l).map_or(0, RoaringBitmap::len))
                    .collect(),
                nodes: columns.all_nodes(),
                relationships: columns.all_rels(),
                node_keys: Readable::everywhere(columns.all_nodes()),
                rel_keys: Readable::everywhere(columns.all_rels()),
                #[cfg(feature = "plant")]
                shown_labels: None,
                columns,
                subject: None,
            });
        };
        let policy = Policy::compile(world, &columns, subject);
        if !policy.has_access() {
            return Err(subject.access_error());
        }
        let size = columns.node_count() as usize + columns.rel_count() as usize;
        let rules: Vec<RoaringBitmap> =
            map_when_large(size, &policy.rules, |r| rule_elements(&columns, r));
        let sets = ScopeSets {
            columns: &columns,
            rules: &rules,
        };
        // N2.
        let traversable = sets.traversable_nodes(&policy.nodes);
        let nodes = traversable.to_bitmap();
        // R2: granted, not denied, and both endpoints traversable.
        let rels_dense = sets.visible_relationships(&policy.relationships, &traversable);
        let relationships = rels_dense.to_bitmap();
        // N3, R3, B2.
        let node_keys = sets.readable(&policy, ElementKind::Node, &nodes);
        let rel_keys = sets.readable(&policy, ElementKind::Relationship, &relationships);
        let nodes_per_label = (0..columns.labels.len())
            .map(|l| {
                columns
                    .label_nodes(l)
                    .map_or(0, |m| m.intersection_len(&nodes))
            })
            .collect();
        #[cfg(feature = "plant")]
        let shown_labels = shown_labels(&columns, &policy);
        Ok(Compiled {
            columns,
            nodes,
            nodes_dense: traversable,
            rels_dense,
            nodes_per_label,
            relationships,
            node_keys,
            rel_keys,
            #[cfg(feature = "plant")]
            shown_labels,
            subject: Some(subject.clone()),
        })
    }

    /// Whose visibility this is: `None` for an administrator (U6).
    pub fn subject(&self) -> Option<&Subject> {
        self.subject.as_ref()
    }

    /// The columns the visibility was compiled over.
    pub fn columns(&self) -> &Arc<Columns> {
        &self.columns
    }

    /// Positions of the traversable nodes (N2).
    pub fn traversable_nodes(&self) -> &RoaringBitmap {
        &self.nodes
    }

    /// Whether the node at `position` is traversable (N2), in O(1).
    pub fn is_traversable(&self, position: u32) -> bool {
        self.nodes_dense.contains(position)
    }

    /// Whether the relationship at `position` is visible (R2), in O(1).
    pub fn is_visible(&self, position: u32) -> bool {
        self.rels_dense.contains(position)
    }

    /// How many traversable nodes carry label index `label`.
    pub fn traversable_with_label(&self, label: usize) -> u64 {
        self.nodes_per_label.get(label).copied().unwrap_or(0)
    }

    /// Planted: whether `labels(n)` shows label index `label`.
    #[cfg(feature = "plant")]
    pub fn shows_label(&self, label: usize) -> bool {
        self.shown_labels.as_ref().is_none_or(|s| s.contains(label))
    }

    /// Positions of the visible relationships (R2).
    pub fn visible_relationships(&self) -> &RoaringBitmap {
        &self.relationships
    }

    /// Per key, the traversable nodes on which it is readable (N3, B2).
    pub fn readable_node_keys(&self) -> &Readable {
        &self.node_keys
    }

    /// Per key, the visible relationships on which it is readable (R3, B2).
    pub fn readable_rel_keys(&self) -> &Readable {
        &self.rel_keys
    }

    /// The engine-neutral report: stored ids, and per key the elements that
    /// store it and may read it.
    pub fn visibility(&self) -> Visibility {
        let c = &self.columns;
        Visibility {
            nodes: c.node_ids.set(&self.nodes),
            relationships: c.rel_ids.set(&self.relationships),
            node_keys: stored_readable(c, &c.node_properties, &self.node_keys, &c.node_ids),
            relationship_keys: stored_readable(c, &c.rel_properties, &self.rel_keys, &c.rel_ids),
        }
    }
}

/// Planted: with [`crate::plant::Plant::LabelsFiltered`], the labels whose
/// TRAVERSE the user holds by label or on `NODES *` and is not denied by label.
#[cfg(feature = "plant")]
fn shown_labels(columns: &Columns, policy: &Policy) -> Option<crate::bits::TokenSet> {
    if !crate::plant::active(crate::plant::Plant::LabelsFiltered) {
        return None;
    }
    let (grant, deny) = (&policy.nodes.traverse_grant, &policy.nodes.traverse_deny);
    let mut shown = crate::bits::TokenSet::new();
    for l in 0..columns.labels.len() {
        if (grant.everything || grant.tokens.contains(l)) && !deny.tokens.contains(l) {
            shown.insert(l);
        }
    }
    Some(shown)
}

/// Per key, the elements that store it and on which it is readable; keys
/// with no such element are left out.
fn stored_readable(
    columns: &Columns,
    table: &PropertyTable,
    readable: &Readable,
    ids: &Ids,
) -> BTreeMap<String, IdSet> {
    let mut out = BTreeMap::new();
    for (key, column) in table.iter() {
        let Some(name) = columns.keys.name(key) else {
            continue;
        };
        let shown = &column.presence & readable.key(key);
        if !shown.is_empty() {
            out.insert(name.to_string(), ids.set(&shown));
        }
    }
    out
}

/// Turns scopes into element sets.
struct ScopeSets<'a> {
    columns: &'a Columns,
    /// The elements of each of the policy's rules.
    rules: &'a [RoaringBitmap],
}

impl ScopeSets<'_> {
    /// The elements of `kind` that `scope` covers.
    fn elements(&self, scope: &Scope, kind: ElementKind) -> RoaringBitmap {
        if scope.everything {
            return self.universe(kind);
        }
        let mut out = RoaringBitmap::new();
        for token in scope.tokens.iter() {
            let carrying = match kind {
                ElementKind::Node => self.columns.label_nodes(token),
                ElementKind::Relationship => self.columns.type_rels(token),
            };
            if let Some(carrying) = carrying {
                out |= carrying;
            }
        }
        for rule in scope.rules.iter().filter_map(|&r| self.rules.get(r)) {
            out |= rule;
        }
        out
    }

    fn universe(&self, kind: ElementKind) -> RoaringBitmap {
        match kind {
            ElementKind::Node => self.columns.all_nodes(),
            ElementKind::Relationship => self.columns.all_rels(),
        }
    }

    /// N2: the nodes whose TRAVERSE is granted (by label or rule) and not
    /// denied (by label or rule), in one pass over the label words.
    fn traversable_nodes(&self, policy: &ElementPolicy) -> Dense {
        let c = self.columns;
        let (grant, deny) = (&policy.traverse_grant, &policy.traverse_deny);
        let by_label = |scope: &Scope, p: u32| {
            scope.everything || scope.tokens.intersects_words(c.node_label_words(p))
        };
        let denied_node = |p: u32| by_label(deny, p);
        // Planted: a label DENY spares nodes with more than one label.
        #[cfg(feature = "plant")]
        let denied_node = |p: u32| {
            let labels: u32 = c.node_label_words(p).iter().map(|w| w.count_ones()).sum();
            let spared = crate::plant::active(crate::plant::Plant::MultiLabelDenyIgnored)
                && !deny.everything
                && labels > 1;
            denied_node(p) && !spared
        };
        let one_word = c.label_words_per_node() == 1;
        // Planted: the mask pass does not know the planted bug.
        #[cfg(feature = "plant")]
        let one_word =
            one_word && !crate::plant::active(crate::plant::Plant::MultiLabelDenyIgnored);
        let count = c.node_count();
        let set = match (grant.tokens.as_word(), deny.tokens.as_word()) {
            // Up to 64 labels (the usual case): one mask test per node over
            // the label words as they lie in memory.
            (Some(granted), Some(denied)) if one_word => {
                let (words, ..) = c.scan_columns();
                let (all, none) = (grant.everything, deny.everything);
                Dense::from_words(count, |positions| {
                    let range = positions.start as usize..positions.end as usize;
                    let run = words.get(range).unwrap_or(&[]);
                    let mut bits = 0u64;
                    for (i, &w) in run.iter().enumerate() {
                        let ok = (all || w & granted != 0) && !(none || w & denied != 0);
                        bits |= u64::from(ok) << i;
                    }
                    bits
                })
            }
            _ => Dense::from_fn(count, |p| by_label(grant, p) && !denied_node(p)),
        };
        self.with_rules(set, grant, deny, |p| !denied_node(p))
    }

    /// R2: the relationships whose TRAVERSE is granted and not denied and
    /// whose endpoints are both `traversable`, in one pass over the type and
    /// endpoint columns.
    fn visible_relationships(&self, policy: &ElementPolicy, traversable: &Dense) -> Dense {
        let c = self.columns;
        let (grant, deny) = (&policy.traverse_grant, &policy.traverse_deny);
        let by_type = |scope: &Scope, t: usize| scope.everything || scope.tokens.contains(t);
        // Per type index: granted and not denied by type.
        let allowed: Vec<bool> = (0..c.rel_types.len())
            .map(|t| by_type(grant, t) && !by_type(deny, t))
            .collect();
        let (_, types, starts, ends) = c.scan_columns();
        // With every node traversable, R2's endpoint condition always holds.
        let all_traversable = traversable.count() == u64::from(c.node_count());
        let end_bit = |e: u32| traversable.bit(e);
        // Planted: the end node is not checked.
        #[cfg(feature = "plant")]
        let end_bit = |e: u32| {
            if crate::plant::active(crate::plant::Plant::RelStartOnly) {
                1
            } else {
                end_bit(e)
            }
        };
        let ends_traversable =
            |s: u32, e: u32| all_traversable || (traversable.bit(s) & end_bit(e)) != 0;
        let set = if all_traversable && allowed.iter().all(|a| *a) {
            Dense::full(c.rel_count())
        } else {
            Dense::from_words(c.rel_count(), |positions| {
                let range = positions.start as usize..positions.end as usize;
                let (Some(t), Some(s), Some(e)) = (
                    types.get(range.clone()),
                    starts.get(range.clone()),
                    ends.get(range),
                ) else {
                    return 0;
                };
                let mut bits = 0u64;
                for (i, ((&t, &s), &e)) in t.iter().zip(s).zip(e).enumerate() {
                    // `&`, not `&&`: types and endpoints are random, so
                    // branches would mispredict; bits do not.
                    let typed = u64::from(allowed.get(t as usize).copied().unwrap_or(false));
                    let ends = u64::from(all_traversable) | (traversable.bit(s) & end_bit(e));
                    bits |= (typed & ends) << i;
                }
                bits
            })
        };
        let not_denied_by_type = |r: u32| {
            !c.rel_type(r).is_some_and(|t| by_type(deny, t))
                && c.endpoints(r).is_some_and(|(s, e)| ends_traversable(s, e))
        };
        self.with_rules(set, grant, deny, not_denied_by_type)
    }

    /// Adds to `set` (granted minus denied by token) the elements a grant
    /// rule covers that `admit` accepts (not denied by token, and whatever
    /// else the pass required), then removes those a deny rule covers.
    fn with_rules(
        &self,
        mut set: Dense,
        grant: &Scope,
        deny: &Scope,
        admit: impl Fn(u32) -> bool,
    ) -> Dense {
        for rule in grant.rules.iter().filter_map(|&r| self.rules.get(r)) {
            set.insert_where(rule, &admit);
        }
        for rule in deny.rules.iter().filter_map(|&r| self.rules.get(r)) {
            set.remove_bitmap(rule);
        }
        set
    }

    /// Per key, the elements of `base` where a READ grant covering the key
    /// applies and no READ deny covering it does (N3, R3), minus every
    /// blacklisted key (B2).
    fn readable(&self, policy: &Policy, kind: ElementKind, base: &RoaringBitmap) -> Readable {
        let element = policy.element(kind);
        let judge = |grant: &Scope, deny: &Scope| {
            let mut set = base & self.elements(grant, kind);
            if !deny.is_empty() {
                set -= self.elements(deny, kind);
            }
            set
        };
        let shared = judge(&element.read_grant.any_key, &element.read_deny.any_key);
        let mut own = BTreeMap::new();
        let with_own: BTreeSet<usize> = element
            .read_grant
            .keys
            .keys()
            .chain(element.read_deny.keys.keys())
            .copied()
            .collect();
        for key in with_own {
            let set = judge(
                &element.read_grant.for_key(key),
                &element.read_deny.for_key(key),
            );
            own.insert(key, set);
        }
        let blacklist = policy.blacklist.iter();
        // Planted: relationship keys escape the blacklist.
        #[cfg(feature = "plant")]
        let blacklist = blacklist.filter(|_| {
            kind == ElementKind::Node
                || !crate::plant::active(crate::plant::Plant::BlacklistNodesOnly)
        });
        for key in blacklist {
            own.insert(key, RoaringBitmap::new());
        }
        Readable { shared, own }
    }
}
