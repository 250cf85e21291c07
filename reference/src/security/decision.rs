//! What a privilege does (P1, P4) and how grants and denies combine into a
//! decision (P3).
//!
//! Every rule function of the other modules returns a [`Decision`] that keeps
//! the deciding privileges, so that [`crate::explain`] shows exactly what
//! [`super::user_view`] used.

use model::catalog::{Access, Action, Privilege, PropertySet};
use model::value::Truth;

/// A privilege as one of the user's roles holds it (U5: the user's
/// privileges are the union over their roles; the role is kept for
/// explanations).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Held<'w> {
    /// The role that holds the privilege.
    pub role: &'w str,
    /// The stored privilege.
    pub privilege: &'w Privilege,
}

/// Whether a privilege's segment applies to the thing being decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// It applies (N1, R1).
    Applies,
    /// A property rule whose labels or types match, but whose predicate is
    /// FALSE (`Some(false)`) or null (`None`), so it does not apply (Q3).
    PredicateNotTrue(Truth),
    /// It is about other elements (another label, type or kind).
    Elsewhere,
}

/// The privileges that decided one question (may n be traversed, may k be
/// read on n, ...).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decision<'w> {
    /// GRANTs that apply.
    pub granted_by: Vec<Held<'w>>,
    /// DENYs that apply.
    pub denied_by: Vec<Held<'w>>,
    /// Property-rule privileges whose labels or types matched but whose
    /// predicate was FALSE or null (Q3): they neither grant nor deny.
    pub not_applying: Vec<(Held<'w>, Truth)>,
}

impl Decision<'_> {
    /// P3: access requires a GRANT and no DENY that applies; a DENY from
    /// any role wins over GRANTs from any role.
    pub fn allowed(&self) -> bool {
        !self.granted_by.is_empty() && self.denied_by.is_empty()
    }
}

/// Sorts `candidates` into a [`Decision`] by `applies`. The caller chooses
/// the candidates (which actions and keys are relevant, which privileges are
/// in force); this only reads off the segments.
pub fn decide<'w>(
    candidates: impl IntoIterator<Item = Held<'w>>,
    applies: impl Fn(&Privilege) -> Applicability,
) -> Decision<'w> {
    let judged: Vec<(Held<'w>, Applicability)> = candidates
        .into_iter()
        .map(|held| (held, applies(held.privilege)))
        .collect();
    let applying = |access: Access| -> Vec<Held<'w>> {
        judged
            .iter()
            .filter(|(h, a)| *a == Applicability::Applies && h.privilege.access == access)
            .map(|(h, _)| *h)
            .collect()
    };
    Decision {
        granted_by: applying(Access::Granted),
        denied_by: applying(Access::Denied),
        not_applying: judged
            .iter()
            .filter_map(|(h, a)| match a {
                Applicability::PredicateNotTrue(t) => Some((*h, *t)),
                _ => None,
            })
            .collect(),
    }
}

/// P1, P4: whether `p` takes part in TRAVERSE decisions. A GRANT of
/// TRAVERSE or of MATCH with any property set grants TRAVERSE; a DENY of
/// TRAVERSE or of `MATCH {*}` denies it, while `DENY MATCH {k}` denies only
/// READ k.
pub fn is_traverse(p: &Privilege) -> bool {
    match (p.access, &p.action) {
        (Access::Granted, Action::Traverse | Action::Match) => true,
        (Access::Denied, Action::Traverse) => true,
        (Access::Denied, Action::Match) => p.properties == PropertySet::All,
        _ => false,
    }
}

/// P1, N3: whether `p` is a READ/MATCH privilege whose property set contains
/// `key` or `*` (for GRANT and DENY alike).
pub fn is_read_of(p: &Privilege, key: &str) -> bool {
    matches!(p.action, Action::Read | Action::Match)
        && match &p.properties {
            PropertySet::All => true,
            PropertySet::Key(k) => k == key,
            PropertySet::None => false,
        }
}

/// Decisions about reading one property key: the privileges (N3, R3, V6)
/// and the 3.x blacklist entries (B2), which come from configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyDecision<'w> {
    /// The privileges that decided it.
    pub privileges: Decision<'w>,
    /// The user's roles whose blacklist holds the key (B2).
    pub blacklisted_by: Vec<&'w str>,
}

impl KeyDecision<'_> {
    /// Readable by privileges (P3) and not blacklisted (B2).
    pub fn allowed(&self) -> bool {
        self.privileges.allowed() && self.blacklisted_by.is_empty()
    }
}
