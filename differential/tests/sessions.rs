//! OIDC sessions in a differential case (issue 10): a hand-built world whose
//! outcome is worked out from docs/spec/semantics.md (A3, A5, O2), run on
//! both engines through `differential::run_builtin`.

use chrono::{DateTime, Duration};
use generators::{Claim, GenAbac, GenSession, GenWorld};
use model::scenario::TokenOverrides;

/// One role `r0` (no privileges: PUBLIC's ACCESS is enough to open a
/// session), a rule granting it on `dept = 'sales'`, and one session.
fn world(session: GenSession) -> GenWorld {
    let mut world = GenWorld::from_bytes(&[]);
    world.abac = Some(GenAbac {
        config: vec![
            "dbms.security.oidc.p0.issuer=https://p0.example.test".into(),
            "dbms.security.oidc.p0.audience=neo4j".into(),
        ],
        rules: vec![
            "CREATE AUTH RULE ar0 SET CONDITION abac.oidc.user_attribute('dept') = 'sales'".into(),
            "GRANT ROLE r0 TO AUTH RULE ar0".into(),
        ],
        sessions: vec![session],
        refused: 0,
    });
    world
}

fn session(later_s: Option<i64>, change: &[&str]) -> GenSession {
    let at = DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z")
        .unwrap_or_else(|_| DateTime::UNIX_EPOCH.fixed_offset());
    GenSession {
        claims: vec![
            ("sub".into(), Claim::Str("alice".into())),
            ("dept".into(), Claim::Str("sales".into())),
            ("team".into(), Claim::Str("blue".into())),
        ],
        token: TokenOverrides {
            alg: Some("HS256".into()),
            ..TokenOverrides::default()
        },
        at,
        query: GenWorld::from_bytes(&[]).queries[0].clone(),
        change: change.iter().map(|c| c.to_string()).collect(),
        later: later_s.map(|s| at + Duration::seconds(s)),
    }
}

#[test]
fn a_token_expires_at_exp_and_not_a_second_before() {
    // O2: exp = at + 3600; a transaction at exp - 1 is accepted, at exp
    // the token has expired.
    let before = differential::run_builtin(&world(session(Some(3599), &[]))).sessions;
    assert_eq!((before.transactions, before.accepted), (2, 2));
    assert!(before.refused.is_empty(), "{:?}", before.refused);
    let at_exp = differential::run_builtin(&world(session(Some(3600), &[])));
    assert_eq!(at_exp.mismatch, None);
    let s = at_exp.sessions;
    assert_eq!((s.transactions, s.accepted), (2, 1));
    assert_eq!(s.refused.get("expired"), Some(&1));
}

#[test]
fn the_rule_is_fulfilled_and_a_later_rule_sees_null_for_an_unkept_claim() {
    // A3: ar0 is fulfilled at opening (dept = 'sales'). A5: `team` was
    // referenced by no rule when the session opened, so the rule created
    // later reads null: `team IS NULL` is fulfilled, for both engines.
    let change = [
        "CREATE AUTH RULE later SET CONDITION abac.oidc.user_attribute('team') IS NULL",
        "GRANT ROLE r0 TO AUTH RULE later",
    ];
    let outcome = differential::run_builtin(&world(session(Some(60), &change)));
    assert_eq!(outcome.mismatch, None);
    let s = outcome.sessions;
    assert_eq!((s.transactions, s.accepted), (2, 2));
    assert_eq!(s.changes_applied, 2);
    // Opening: ar0 fulfilled. Later: ar0 and `later` fulfilled.
    assert_eq!((s.rules_fulfilled, s.rules_unfulfilled), (3, 0));
}

#[test]
fn a_refused_rule_change_changes_nothing() {
    // A1: ALTER of a rule that does not exist fails (42NAD) and changes
    // nothing (E2); the session continues with ar0 fulfilled.
    let outcome = differential::run_builtin(&world(session(
        Some(60),
        &["ALTER AUTH RULE missing SET ENABLED false"],
    )));
    assert_eq!(outcome.mismatch, None);
    let s = outcome.sessions;
    assert_eq!((s.changes_applied, s.changes_refused), (0, 1));
    assert_eq!((s.rules_fulfilled, s.rules_unfulfilled), (2, 0));
}
