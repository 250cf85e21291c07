//! Deliberate bugs for measuring the differential fuzzer's power (issue 5,
//! point 5): `cargo xtask fuzz --plant NAME` switches one on in this engine
//! and checks that the fuzzer notices the engines disagree.
//!
//! The catalogue ([`Plant`], its names and parsing) is always compiled, so
//! the command line can list and validate names without a special build.
//! The switch (`set`, `active`) and every planted branch exist only with
//! the `plant` cargo feature: a normal build contains no planted code, and
//! each branch in the engine is `#[cfg(feature = "plant")]`.
//!
//! Every plant changes this engine only. Bugs in `model` (the scenario
//! loader, value semantics, administration commands) are shared by both
//! engines and would never make them disagree; in particular REVOKE is
//! executed by `model::admin` for every engine, so "REVOKE removes the wrong
//! action" cannot be planted here (the metamorphic properties cover it).

use std::fmt;
use std::str::FromStr;

/// One deliberate bug, each a mistake an implementer of docs/spec/semantics.md could
/// plausibly make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plant {
    /// Q3: a property rule whose predicate is null (a missing key, an
    /// incomparable type) counts as applying, so a DENY on a missing key
    /// does not fail open (`rules.rs`).
    NullRuleApplies,
    /// R2: a relationship is visible when its start node is traversable,
    /// whatever its end node (`visibility.rs`).
    RelStartOnly,
    /// N4: `labels(n)` and node values list only the labels the user may
    /// traverse instead of all of them (`exec/context.rs`).
    LabelsFiltered,
    /// V2: a one-label count is taken from the store, not from the
    /// traversable nodes (`exec/fastpath.rs`).
    CountsUnfiltered,
    /// N2: a TRAVERSE DENY by label is ignored on nodes that carry more
    /// than one label (`visibility.rs`).
    MultiLabelDenyIgnored,
    /// P1: a MATCH grant is folded as TRAVERSE only, without READ
    /// (`policy.rs`).
    MatchTraverseOnly,
    /// N3, R3: a key's own READ grant or deny replaces the `{*}` scope for
    /// that key instead of adding to it (`policy.rs`).
    KeyReplacesStar,
    /// B2: the blacklist hides node keys only, not relationship keys
    /// (`visibility.rs`).
    BlacklistNodesOnly,
    /// P4: `DENY MATCH {*}` denies READ only, not TRAVERSE (`policy.rs`).
    DenyMatchStarReadOnly,
    /// A3: `NOT` of a null condition part counts as TRUE, so a rule like
    /// `NOT (claim = 'x')` is fulfilled for a missing claim
    /// (`abac/rules.rs`).
    NotNullIsTrue,
    /// A3: a disabled auth rule is evaluated like an enabled one
    /// (`abac/rules.rs`).
    DisabledRulesEvaluated,
    /// A5: a session keeps every claim of its token, not only those the
    /// rules referenced when it opened (`abac/sessions.rs`).
    ClaimsNotLimited,
    /// A5, O2: the session's token is checked against the clock only when
    /// the session opens, so a session whose token expired later keeps its
    /// roles (`abac/sessions.rs`).
    ExpiryCheckedOnce,
}

impl Plant {
    /// Every plant, in a fixed order.
    pub const ALL: [Plant; 13] = [
        Plant::NullRuleApplies,
        Plant::RelStartOnly,
        Plant::LabelsFiltered,
        Plant::CountsUnfiltered,
        Plant::MultiLabelDenyIgnored,
        Plant::MatchTraverseOnly,
        Plant::KeyReplacesStar,
        Plant::BlacklistNodesOnly,
        Plant::DenyMatchStarReadOnly,
        Plant::NotNullIsTrue,
        Plant::DisabledRulesEvaluated,
        Plant::ClaimsNotLimited,
        Plant::ExpiryCheckedOnce,
    ];

    /// The kebab-case name `--plant` takes.
    pub fn name(self) -> &'static str {
        match self {
            Plant::NullRuleApplies => "null-rule-applies",
            Plant::RelStartOnly => "rel-start-only",
            Plant::LabelsFiltered => "labels-filtered",
            Plant::CountsUnfiltered => "counts-unfiltered",
            Plant::MultiLabelDenyIgnored => "multi-label-deny-ignored",
            Plant::MatchTraverseOnly => "match-traverse-only",
            Plant::KeyReplacesStar => "key-replaces-star",
            Plant::BlacklistNodesOnly => "blacklist-nodes-only",
            Plant::DenyMatchStarReadOnly => "deny-match-star-read-only",
            Plant::NotNullIsTrue => "not-null-is-true",
            Plant::DisabledRulesEvaluated => "disabled-rules-evaluated",
            Plant::ClaimsNotLimited => "claims-not-limited",
            Plant::ExpiryCheckedOnce => "expiry-checked-once",
        }
    }

    /// One line on what the bug does, for `--plant list`.
    pub fn summary(self) -> &'static str {
        match self {
            Plant::NullRuleApplies => "Q3: a rule whose predicate is null applies",
            Plant::RelStartOnly => "R2: only the start node must be traversable",
            Plant::LabelsFiltered => "N4: labels(n) shows only traversable labels",
            Plant::CountsUnfiltered => "V2: one-label counts from the unfiltered store",
            Plant::MultiLabelDenyIgnored => "N2: label DENY ignored on multi-label nodes",
            Plant::MatchTraverseOnly => "P1: a MATCH grant gives TRAVERSE but no READ",
            Plant::KeyReplacesStar => "N3: a key's own READ scope replaces {*}'s",
            Plant::BlacklistNodesOnly => "B2: the blacklist spares relationship keys",
            Plant::DenyMatchStarReadOnly => "P4: DENY MATCH {*} does not deny TRAVERSE",
            Plant::NotNullIsTrue => "A3: NOT of a null condition part is TRUE",
            Plant::DisabledRulesEvaluated => "A3: a disabled auth rule is evaluated",
            Plant::ClaimsNotLimited => "A5: a session keeps every claim of its token",
            Plant::ExpiryCheckedOnce => "O2: a session's token expiry is checked at opening only",
        }
    }

    /// The plants' names, comma-separated (for error messages).
    pub fn names() -> String {
        Plant::ALL.map(Plant::name).join(", ")
    }
}

impl fmt::Display for Plant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a plant's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPlant(pub String);

impl fmt::Display for UnknownPlant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown plant `{}`; the plants are: {}",
            self.0,
            Plant::names()
        )
    }
}

impl std::error::Error for UnknownPlant {}

impl FromStr for Plant {
    type Err = UnknownPlant;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Plant::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| UnknownPlant(s.to_string()))
    }
}

/// The active plant's position in [`Plant::ALL`] plus one; 0 for none. An
/// atomic, so rayon's worker threads see what the main thread set.
#[cfg(feature = "plant")]
static ACTIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Switches `plant` on for the whole process (`None`: no bug). Compiled
/// visibilities cached before the switch keep the old behaviour, so set it
/// before creating engines.
#[cfg(feature = "plant")]
pub fn set(plant: Option<Plant>) {
    let code = plant
        .and_then(|p| Plant::ALL.iter().position(|q| *q == p))
        .map_or(0, |i| i + 1);
    ACTIVE.store(code, std::sync::atomic::Ordering::SeqCst);
}

/// Whether `plant` is the active one.
#[cfg(feature = "plant")]
pub fn active(plant: Plant) -> bool {
    let code = ACTIVE.load(std::sync::atomic::Ordering::Relaxed);
    code.checked_sub(1)
        .and_then(|i| Plant::ALL.get(i))
        .is_some_and(|p| *p == plant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_kebab_case_and_parse_back() {
        for p in Plant::ALL {
            let name = p.name();
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert_eq!(name.parse::<Plant>(), Ok(p));
            assert_eq!(Plant::ALL.iter().filter(|q| q.name() == name).count(), 1);
        }
        assert!(Plant::ALL.len() >= 8);
    }

    #[test]
    fn an_unknown_name_lists_the_valid_ones() {
        let Err(e) = "no-such-bug".parse::<Plant>() else {
            panic!("parsed an unknown plant");
        };
        let message = e.to_string();
        assert!(message.contains("no-such-bug"));
        assert!(message.contains("rel-start-only") && message.contains("labels-filtered"));
    }
}
