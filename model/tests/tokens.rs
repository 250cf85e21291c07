//! O2, O3: tokens minted for a query's `claims` + `token` and validated at
//! its `at` instant. Every check of O2 and every `token` option has a case
//! that must be refused with its reason (none may be accepted), and every
//! algorithm and live key a case that must be accepted. Expected reasons
//! are the ones docs/spec/semantics.md O2 names.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use model::config::parse_config;
use model::error::{EngineError, ErrorKind};
use model::oidc::{OidcSettings, claims_from_toml, keys, mint, token, validate};
use model::scenario::{TokenOverrides, load_str};
use proptest::prelude::*;
use serde_json::{Map, Value as Json, json};

fn at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z").unwrap_or_default()
}

fn claims(value: Json) -> Map<String, Json> {
    match value {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

fn alice() -> Map<String, Json> {
    claims(json!({"sub": "alice", "groups": ["analysts", "sales"], "department": "sales"}))
}

fn overrides(f: impl FnOnce(&mut TokenOverrides)) -> TokenOverrides {
    let mut t = TokenOverrides::default();
    f(&mut t);
    t
}

fn settings(config: &str) -> OidcSettings {
    parse_config(config)
        .map(|c| c.oidc)
        .unwrap_or_else(|e| panic!("config: {e}"))
}

/// Two providers: `okta` (index 0, username `email`, groups `roles`) and
/// `azure` (index 1, audiences `api`, `neo4j`, groups `groups`).
const TWO: &str = "dbms.security.oidc.okta.issuer=https://okta.test\n\
                   dbms.security.oidc.okta.audience=neo4j\n\
                   dbms.security.oidc.okta.claims.username=email\n\
                   dbms.security.oidc.okta.claims.groups=roles\n\
                   dbms.security.oidc.azure.issuer=https://azure.test\n\
                   dbms.security.oidc.azure.audience=api,neo4j\n\
                   dbms.security.oidc.azure.claims.groups=groups\n";

fn minted(s: &OidcSettings, c: &Map<String, Json>, t: &TokenOverrides) -> String {
    mint(s, c, t, at()).unwrap_or_else(|e| panic!("mint: {e}"))
}

fn accept(s: &OidcSettings, jwt: &str) -> model::oidc::Identity {
    validate(jwt, s, at()).unwrap_or_else(|e| panic!("refused: {e}"))
}

/// The failure's message, or a marker when the token was accepted.
fn refusal(s: &OidcSettings, jwt: &str) -> Result<EngineError, String> {
    match validate(jwt, s, at()) {
        Ok(identity) => Err(format!("ACCEPTED as {}", identity.username)),
        Err(e) => Ok(e),
    }
}

#[test]
fn every_algorithm_and_both_live_keys_are_accepted() {
    let s = OidcSettings::default();
    for (alg, kids) in [
        ("RS256", ["rs256-1", "rs256-2"]),
        ("ES256", ["es256-1", "es256-2"]),
        ("HS256", ["hs256-1", "hs256-2"]),
    ] {
        for kid in kids {
            let t = overrides(|t| {
                t.alg = Some(alg.into());
                t.kid = Some(kid.into());
            });
            let jwt = minted(&s, &alice(), &t);
            let header = jsonwebtoken::decode_header(&jwt).expect("header");
            assert_eq!(header.kid.as_deref(), Some(kid));
            assert_eq!(format!("{:?}", header.alg), alg);
            let id = accept(&s, &jwt);
            assert_eq!(id.provider, "default");
            assert_eq!(id.username, "alice");
            assert_eq!(id.groups, ["analysts", "sales"]);
            assert_eq!(id.claims.get("department"), Some(&json!("sales")));
        }
        // Without `kid`, the algorithm's first live key.
        let jwt = minted(&s, &alice(), &overrides(|t| t.alg = Some(alg.into())));
        let header = jsonwebtoken::decode_header(&jwt).expect("header");
        assert_eq!(
            header.kid.as_deref(),
            Some(format!("{}-1", alg.to_lowercase()).as_str())
        );
        accept(&s, &jwt);
    }
}

#[test]
fn minted_claims_are_iss_aud_iat_exp_then_the_scenarios() {
    let s = OidcSettings::default();
    let jwt = minted(&s, &alice(), &TokenOverrides::default());
    let id = accept(&s, &jwt);
    let now = at().timestamp();
    assert_eq!(now, 1_767_268_800);
    assert_eq!(
        id.claims.get("iss"),
        Some(&json!("https://idp.example.test"))
    );
    assert_eq!(id.claims.get("aud"), Some(&json!("neo4j")));
    assert_eq!(id.claims.get("iat"), Some(&json!(now)));
    assert_eq!(id.claims.get("exp"), Some(&json!(now + 3600)));
    assert_eq!(id.claims.get("nbf"), None);
    let t = overrides(|t| {
        t.exp_offset_s = Some(10);
        t.nbf_offset_s = Some(-5);
    });
    let id = accept(&s, &minted(&s, &alice(), &t));
    assert_eq!(id.claims.get("exp"), Some(&json!(now + 10)));
    assert_eq!(id.claims.get("nbf"), Some(&json!(now - 5)));
}

#[test]
fn audience_as_string_or_array() {
    let s = settings(TWO);
    let mut c = claims(json!({"sub": "u", "email": "u@x.test"}));
    let azure = overrides(|t| t.provider = Some("azure".into()));
    // Azure's first audience, as a string.
    let id = accept(&s, &minted(&s, &c, &azure));
    assert_eq!(id.claims.get("aud"), Some(&json!("api")));
    // Its second audience, as a string.
    let t = overrides(|t| {
        t.provider = Some("azure".into());
        t.aud = Some("neo4j".into());
    });
    accept(&s, &minted(&s, &c, &t));
    // An array containing one of them.
    c.insert("aud".into(), json!(["elsewhere", "neo4j"]));
    accept(&s, &minted(&s, &c, &azure));
    // An array containing none.
    c.insert("aud".into(), json!(["elsewhere", "other"]));
    let e = refusal(&s, &minted(&s, &c, &azure)).expect("refused");
    assert!(e.message().contains("`aud`"), "{e}");
    c.insert("aud".into(), json!([]));
    assert!(refusal(&s, &minted(&s, &c, &azure)).is_ok());
}

#[test]
fn expiry_is_judged_at_the_querys_instant() {
    let s = OidcSettings::default();
    for offset in [0, -1, -3600] {
        let t = overrides(|t| t.exp_offset_s = Some(offset));
        let e = refusal(&s, &minted(&s, &alice(), &t)).expect("refused");
        assert_eq!(e.kind, ErrorKind::TokenExpired, "exp = at + {offset}");
        assert_eq!(e.message(), "The auth provider token has expired");
        assert_eq!(e.code(), "42NFE");
    }
    // One second left: accepted at `at`, expired one second later.
    let jwt = minted(&s, &alice(), &overrides(|t| t.exp_offset_s = Some(1)));
    accept(&s, &jwt);
    let later = at() + chrono::Duration::seconds(1);
    let e = validate(&jwt, &s, later).expect_err("expired at exp");
    assert_eq!(e.kind, ErrorKind::TokenExpired);
    // A fraction of a second before exp is still before it.
    let just_before = at() + chrono::Duration::milliseconds(999);
    assert!(validate(&jwt, &s, just_before).is_ok());
    // The system clock is not consulted: a token minted for 1990 is valid in 1990.
    let old = DateTime::parse_from_rfc3339("1990-06-01T00:00:00+02:00").unwrap_or_default();
    let jwt = mint(&s, &alice(), &TokenOverrides::default(), old).expect("mint");
    assert!(validate(&jwt, &s, old).is_ok());
    assert!(validate(&jwt, &s, at()).is_err());
}

#[test]
fn not_before_exactly_now_is_accepted() {
    let s = OidcSettings::default();
    let jwt = minted(&s, &alice(), &overrides(|t| t.nbf_offset_s = Some(0)));
    accept(&s, &jwt);
    let jwt = minted(&s, &alice(), &overrides(|t| t.nbf_offset_s = Some(1)));
    let e = refusal(&s, &jwt).expect("refused");
    assert!(e.message().contains("not valid yet"), "{e}");
}

#[test]
fn rotation_two_live_keys_and_a_retired_one() {
    let s = OidcSettings::default();
    for alg in ["RS256", "ES256", "HS256"] {
        let lower = alg.to_lowercase();
        for live in ["1", "2"] {
            let t = overrides(|t| {
                t.alg = Some(alg.into());
                t.kid = Some(format!("{lower}-{live}"));
            });
            accept(&s, &minted(&s, &alice(), &t));
        }
        // Signed with the retired key itself: still refused.
        let kid = format!("{lower}-retired");
        let t = overrides(|t| {
            t.alg = Some(alg.into());
            t.kid = Some(kid.clone());
        });
        let e = refusal(&s, &minted(&s, &alice(), &t)).expect("refused");
        assert_eq!(
            e.message(),
            format!("Authentication failed: key '{kid}' has been retired")
        );
        assert_eq!(e.code(), "42NFF");
    }
}

#[test]
fn the_alg_confusion_token_really_is_an_hmac_of_the_public_key() {
    let s = OidcSettings::default();
    let t = overrides(|t| t.tamper = Some("alg-confusion".into()));
    let jwt = minted(&s, &alice(), &t);
    let header = jsonwebtoken::decode_header(&jwt).expect("header");
    assert_eq!(header.alg, Algorithm::HS256);
    assert_eq!(header.kid.as_deref(), Some("rs256-1"));
    // A validator that took the key's PEM as an HMAC secret would accept it.
    let public = keys::find(0, "rs256-1")
        .and_then(|k| k.public)
        .expect("public key");
    let mut lax = Validation::new(Algorithm::HS256);
    lax.validate_exp = false;
    lax.validate_aud = false;
    let naive = jsonwebtoken::decode::<Map<String, Json>>(
        &jwt,
        &DecodingKey::from_secret(public.as_bytes()),
        &lax,
    );
    assert!(naive.is_ok(), "the attack token is well formed");
    let e = refusal(&s, &jwt).expect("refused");
    assert_eq!(
        e.message(),
        "Authentication failed: algorithm HS256 is not allowed for key 'rs256-1' (RS256 only)"
    );
}

/// Every negative case: (what, token, reason the message must contain).
fn negative_cases() -> Vec<(String, String, &'static str)> {
    let s = settings(TWO);
    let okta = claims(json!({"sub": "u1", "email": "u1@x.test", "roles": ["r"]}));
    let mut cases: Vec<(String, String, &'static str)> = Vec::new();
    let mut add = |what: &str, c: &Map<String, Json>, t: TokenOverrides, reason| {
        let jwt = mint(&s, c, &t, at()).unwrap_or_else(|e| panic!("{what}: mint: {e}"));
        cases.push((what.to_string(), jwt, reason));
    };
    for alg in ["RS256", "ES256", "HS256"] {
        let a = || Some(alg.to_string());
        add(
            &format!("{alg} tamper signature"),
            &okta,
            overrides(|t| {
                t.alg = a();
                t.tamper = Some("signature".into());
            }),
            "token signature does not verify",
        );
        add(
            &format!("{alg} tamper payload"),
            &okta,
            overrides(|t| {
                t.alg = a();
                t.tamper = Some("payload".into());
            }),
            "token signature does not verify",
        );
        add(
            &format!("{alg} tamper alg-none"),
            &okta,
            overrides(|t| {
                t.alg = a();
                t.tamper = Some("alg-none".into());
            }),
            "alg none is never accepted",
        );
        add(
            &format!("{alg} retired key"),
            &okta,
            overrides(|t| {
                t.alg = a();
                t.kid = Some(format!("{}-retired", alg.to_lowercase()));
            }),
            "has been retired",
        );
        add(
            &format!("{alg} expired"),
            &okta,
            overrides(|t| {
                t.alg = a();
                t.exp_offset_s = Some(-60);
            }),
            "The auth provider token has expired",
        );
    }
    add(
        "alg-confusion",
        &okta,
        overrides(|t| t.tamper = Some("alg-confusion".into())),
        "algorithm HS256 is not allowed for key 'rs256-1'",
    );
    add(
        "HS256 naming an ES256 key",
        &okta,
        overrides(|t| {
            t.alg = Some("HS256".into());
            t.kid = Some("es256-2".into());
        }),
        "algorithm HS256 is not allowed for key 'es256-2'",
    );
    add(
        "RS256 naming an HS256 key",
        &okta,
        overrides(|t| t.kid = Some("hs256-1".into())),
        "algorithm RS256 is not allowed for key 'hs256-1'",
    );
    add(
        "unknown kid",
        &okta,
        overrides(|t| t.kid = Some("rs256-3".into())),
        "unknown key id 'rs256-3' for provider 'okta'",
    );
    add(
        "exp exactly at",
        &okta,
        overrides(|t| t.exp_offset_s = Some(0)),
        "The auth provider token has expired",
    );
    add(
        "nbf in the future",
        &okta,
        overrides(|t| t.nbf_offset_s = Some(30)),
        "not valid yet",
    );
    add(
        "iss mismatch",
        &okta,
        overrides(|t| t.iss = Some("https://evil.test".into())),
        "unknown issuer 'https://evil.test'",
    );
    add(
        "aud mismatch",
        &okta,
        overrides(|t| t.aud = Some("api".into())),
        "`aud` contains none of the audiences of provider 'okta'",
    );
    let no_sub = claims(json!({"email": "u1@x.test"}));
    add(
        "missing sub",
        &no_sub,
        TokenOverrides::default(),
        "no valid `sub` claim",
    );
    let numeric_sub = claims(json!({"sub": 7, "email": "u1@x.test"}));
    add(
        "sub not a string",
        &numeric_sub,
        TokenOverrides::default(),
        "no valid `sub` claim",
    );
    let no_email = claims(json!({"sub": "u1"}));
    add(
        "missing username claim",
        &no_email,
        TokenOverrides::default(),
        "the username claim `email`",
    );
    let empty_email = claims(json!({"sub": "u1", "email": ""}));
    add(
        "empty username claim",
        &empty_email,
        TokenOverrides::default(),
        "the username claim `email`",
    );
    for bad in [json!(5), json!(["a", 1]), json!({"a": "b"}), json!(true)] {
        let c = claims(json!({"sub": "u1", "email": "e", "roles": bad}));
        add(
            &format!("groups claim {bad}"),
            &c,
            TokenOverrides::default(),
            "the groups claim `roles` is not a string or an array of strings",
        );
    }
    let float_exp = claims(json!({"sub": "u1", "email": "e", "exp": 1_767_272_400.5}));
    add(
        "exp not an integer",
        &float_exp,
        TokenOverrides::default(),
        "`exp`",
    );
    let string_nbf = claims(json!({"sub": "u1", "email": "e", "nbf": "yesterday"}));
    add(
        "nbf not an integer",
        &string_nbf,
        TokenOverrides::default(),
        "`nbf` claim is not an integer",
    );
    let aud_number = claims(json!({"sub": "u1", "email": "e", "aud": 3}));
    add(
        "aud a number",
        &aud_number,
        TokenOverrides::default(),
        "`aud`",
    );

    // Hand-built tokens `mint` would not write.
    let now = at().timestamp();
    let full = claims(json!({
        "iss": "https://okta.test", "aud": "neo4j", "sub": "u1", "email": "e", "exp": now + 60
    }));
    let without = |key: &str| {
        let mut c = full.clone();
        c.remove(key);
        c
    };
    let sign = |payload: &Map<String, Json>| {
        token::sign(0, "rs256-1", Algorithm::RS256, payload).expect("sign")
    };
    cases.push((
        "missing exp".into(),
        sign(&without("exp")),
        "no valid `exp` claim",
    ));
    cases.push((
        "missing iss".into(),
        sign(&without("iss")),
        "no `iss` claim",
    ));
    cases.push((
        "missing aud".into(),
        sign(&without("aud")),
        "no valid `aud` claim",
    ));
    // Azure's issuer, signed with okta's (index 0) key of the same name.
    let mut cross = full.clone();
    cross.insert("iss".into(), json!("https://azure.test"));
    cross.insert("aud".into(), json!("api"));
    cases.push((
        "another provider's key".into(),
        sign(&cross),
        "token signature does not verify",
    ));
    let no_kid = jsonwebtoken::encode(
        &Header::new(Algorithm::RS256),
        &full,
        &keys::find(0, "rs256-1")
            .expect("key")
            .encoding_key()
            .expect("loads"),
    )
    .expect("encode");
    cases.push(("missing kid".into(), no_kid, "no `kid`"));
    // `alg: None` spelled differently, and an unsigned token with a real alg.
    let b64 = |v: &Json| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let body = b64(&Json::Object(full.clone()));
    cases.push((
        "alg NONE".into(),
        format!("{}.{body}.", b64(&json!({"alg": "NONE", "kid": "rs256-1"}))),
        "alg none is never accepted",
    ));
    cases.push((
        "RS256 without signature".into(),
        format!(
            "{}.{body}.",
            b64(&json!({"alg": "RS256", "kid": "rs256-1"}))
        ),
        "token signature does not verify",
    ));
    cases.push((
        "HMAC with a guessed secret".into(),
        jsonwebtoken::encode(
            &{
                let mut h = Header::new(Algorithm::HS256);
                h.kid = Some("hs256-1".into());
                h
            },
            &full,
            &EncodingKey::from_secret(b"secret"),
        )
        .expect("encode"),
        "token signature does not verify",
    ));
    cases.push((
        "not a JWT".into(),
        "abc".into(),
        "not three base64url parts",
    ));
    cases.push((
        "header not JSON".into(),
        format!("bm90IGpzb24.{body}.c2ln"),
        "header is not a base64url-encoded JSON object",
    ));
    cases.push((
        "payload not JSON".into(),
        format!(
            "{}.bm90IGpzb24.c2ln",
            b64(&json!({"alg": "RS256", "kid": "rs256-1"}))
        ),
        "payload is not a base64url-encoded JSON object",
    ));
    cases
}

#[test]
fn every_negative_case_is_refused_with_its_reason() {
    let s = settings(TWO);
    let cases = negative_cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for (what, jwt, reason) in &cases {
        match refusal(&s, jwt) {
            Err(accepted) => wrong.push(format!("{what}: {accepted}")),
            Ok(e) if !e.message().contains(reason) => {
                wrong.push(format!("{what}: refused with '{e}', expected '{reason}'"))
            }
            Ok(e) => {
                let expired = *reason == "The auth provider token has expired";
                assert_eq!(e.code(), if expired { "42NFE" } else { "42NFF" }, "{what}");
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_provider_outside_the_authentication_list_is_refused() {
    let config = format!("{TWO}dbms.security.authentication_providers=native,oidc-azure\n");
    let s = settings(&config);
    let c = claims(json!({"sub": "u", "email": "u@x.test"}));
    let e = refusal(&s, &minted(&s, &c, &TokenOverrides::default())).expect("refused");
    assert_eq!(
        e.message(),
        "Authentication failed: provider 'oidc-okta' is not in dbms.security.authentication_providers"
    );
    let azure = overrides(|t| t.provider = Some("azure".into()));
    accept(&s, &minted(&s, &c, &azure));
}

#[test]
fn username_and_groups_follow_the_providers_claims() {
    let s = settings(TWO);
    let c = claims(json!({"sub": "u1", "email": "u1@x.test", "roles": "admins", "groups": ["x"]}));
    let id = accept(&s, &minted(&s, &c, &TokenOverrides::default()));
    assert_eq!(id.provider, "okta");
    assert_eq!(id.username, "u1@x.test");
    assert_eq!(id.groups, ["admins"], "okta reads `roles`, a string");
    let azure = overrides(|t| t.provider = Some("azure".into()));
    let id = accept(&s, &minted(&s, &c, &azure));
    assert_eq!(id.username, "u1");
    assert_eq!(id.groups, ["x"]);
    // Absent or null groups: none.
    for c in [
        claims(json!({"sub": "u1"})),
        claims(json!({"sub": "u1", "groups": null})),
    ] {
        assert!(accept(&s, &minted(&s, &c, &azure)).groups.is_empty());
    }
    // A provider without a groups claim ignores any.
    let one =
        settings("dbms.security.oidc.p.issuer=https://p.test\ndbms.security.oidc.p.audience=a\n");
    let c = claims(json!({"sub": "u1", "groups": 5}));
    assert!(
        accept(&one, &minted(&one, &c, &TokenOverrides::default()))
            .groups
            .is_empty()
    );
}

#[test]
fn mint_refuses_overrides_it_cannot_honour() {
    let s = OidcSettings::default();
    for t in [
        overrides(|t| t.provider = Some("okta".into())),
        overrides(|t| t.alg = Some("PS256".into())),
        overrides(|t| t.tamper = Some("header".into())),
        overrides(|t| t.exp_offset_s = Some(i64::MAX)),
        overrides(|t| {
            t.tamper = Some("alg-confusion".into());
            t.kid = Some("es256-1".into());
        }),
    ] {
        assert!(mint(&s, &alice(), &t, at()).is_err(), "{t:?}");
    }
}

#[test]
fn toml_claims_as_json() {
    let table: toml::Table = toml::from_str(
        "sub = \"bob\"\nn = 3\nf = 1.5\nb = true\nwhen = 1979-05-27T07:32:00Z\n\
         day = 1979-05-27\nlist = [1, \"a\"]\nnested = { k = [ { x = 1 } ] }\nnan = nan\n",
    )
    .expect("toml");
    let json = claims_from_toml(&table);
    assert_eq!(
        Json::Object(json),
        json!({
            "sub": "bob", "n": 3, "f": 1.5, "b": true, "when": "1979-05-27T07:32:00Z",
            "day": "1979-05-27", "list": [1, "a"], "nested": {"k": [{"x": 1}]}, "nan": null
        })
    );
}

#[test]
fn a_bad_oidc_setting_fails_the_scenario_with_line_column_and_key() {
    let text = "name = \"x\"\nconfig = \"\"\"\n\
                dbms.security.oidc.okta.issuer=https://okta.test\n\
                dbms.security.oidc.okta.audience=neo4j\n\
                dbms.security.oidc.okta.authorization.group_to_role_mapping=g=r;;h=s\n\
                \"\"\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n";
    let e = load_str(Path::new("s.toml"), text).expect_err("refused");
    let p = e.position.expect("positioned");
    // Line 5; the second ';' is character 65 of it.
    assert_eq!((p.line, p.column), (5, 65), "{e}");
    assert!(
        e.message
            .contains("dbms.security.oidc.okta.authorization.group_to_role_mapping"),
        "{e}"
    );
    let text = "name = \"x\"\nconfig = \"dbms.security.abac.authorization_providers=oidc-x\"\n\
                [[query]]\ncypher = \"RETURN 1 AS x\"\n";
    let e = load_str(Path::new("s.toml"), text).expect_err("refused");
    let p = e.position.expect("positioned");
    assert_eq!((p.line, p.column), (2, 54), "{e}");
    let text = "name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nclaims = { sub = \"a\" }\n\
                token = { tamper = \"alg-confusion\" }\n";
    assert!(load_str(Path::new("s.toml"), text).is_ok());
    let text = "name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nclaims = { sub = \"a\" }\n\
                token = { provider = \"okta\" }\n";
    let e = load_str(Path::new("s.toml"), text).expect_err("unknown provider");
    assert_eq!(e.position.map(|p| p.line), Some(5), "{e}");
    assert!(e.message.contains("token.provider 'okta'"), "{e}");
}

fn claim_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Json::from),
        "[a-zA-Z0-9 _.-]{0,12}".prop_map(Json::from),
        any::<bool>().prop_map(Json::from),
        Just(Json::Null),
        (-1000i32..1000).prop_map(|q| Json::from(f64::from(q) / 4.0)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_claims_round_trip_through_mint_and_validate(
        extra in prop::collection::btree_map("x_[a-z0-9_]{1,8}", claim_value(), 0..6),
        alg in prop_oneof![Just("RS256"), Just("ES256"), Just("HS256")],
        sub in "[a-zA-Z0-9@.]{1,16}",
    ) {
        let s = OidcSettings::default();
        let mut c: Map<String, Json> = extra.clone().into_iter().collect();
        c.insert("sub".into(), Json::from(sub.clone()));
        let t = overrides(|t| t.alg = Some(alg.into()));
        let jwt = mint(&s, &c, &t, at()).map_err(TestCaseError::fail)?;
        let id = validate(&jwt, &s, at()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&id.username, &sub);
        for (k, v) in &extra {
            prop_assert_eq!(id.claims.get(k), Some(v));
        }
        prop_assert_eq!(id.claims.len(), extra.len() + 5); // + sub iss aud iat exp
    }
}

/// The (line, column) of the first `needle` in `text`, 1-based, as
/// `LoadError` positions count them.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset + 1, |nl| offset - nl);
    (line, column)
}

/// A scenario whose `config` is `config` and which would otherwise load.
fn with_config(config: &str) -> String {
    format!(
        "name = \"x\"\nconfig = \"\"\"\n{config}\"\"\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n"
    )
}

const CORP: &str = "dbms.security.oidc.corp.issuer=https://login.corp.example.test\n\
                    dbms.security.oidc.corp.audience=neo4j\n\
                    dbms.security.oidc.corp.claims.groups=groups\n";

/// O1: configuration errors cannot be scenario rows (corpora/docs/iam-01
/// and abac-14 hold the valid forms): each makes the whole file fail to
/// load, naming the key, at the line of the offending value.
#[test]
fn o1_config_errors_fail_the_whole_file() {
    let mapping = "dbms.security.oidc.corp.authorization.group_to_role_mapping";
    let refused = |config: &str, key: &str, needle: &str| {
        let text = with_config(config);
        let e = load_str(Path::new("s.toml"), &text).expect_err("refused");
        let p = e.position.unwrap_or_else(|| panic!("positioned: {e}"));
        assert_eq!(p.line, position_of(&text, needle).0, "{e}");
        assert!(e.message.contains(key), "{e}");
        (text, p.line, p.column)
    };
    // A quoted group name without its closing quote.
    refused(
        &format!("{CORP}{mapping}=\"read-only=catalogReader;admin=admin\n"),
        mapping,
        "\"read-only",
    );
    // An unquoted group name holding a double quote.
    refused(
        &format!("{CORP}{mapping}=\"read-only\"=catalogReader;data\"engineer=pipelineEngineer\n"),
        mapping,
        "data\"engineer",
    );
    // A group mapped twice, an empty role list, a role name that is not one.
    refused(
        &format!("{CORP}{mapping}=admin=admin;admin=reader\n"),
        mapping,
        "admin=admin;",
    );
    refused(&format!("{CORP}{mapping}=admin=\n"), mapping, "admin=\n");
    refused(
        &format!("{CORP}{mapping}=admin=data-admin\n"),
        mapping,
        "data-admin",
    );
    // An ABAC provider that is not an authorization provider: the error
    // points at the item of the ABAC list.
    let (text, line, column) = refused(
        &format!(
            "{CORP}dbms.security.authorization_providers=native\n\
             dbms.security.abac.authorization_providers=oidc-corp\n"
        ),
        "dbms.security.abac.authorization_providers",
        "=oidc-corp",
    );
    let (l, c) = position_of(&text, "=oidc-corp");
    assert_eq!((line, column), (l, c + 1));
    // `native` is never an ABAC provider.
    refused(
        &format!("{CORP}dbms.security.abac.authorization_providers=native\n"),
        "dbms.security.abac.authorization_providers",
        "=native",
    );
    // Valid mappings load: quoted names, spaces around tokens, and an
    // unquoted name with a space inside (O1 excludes only `=`, `;`, `,`
    // and `"` from unquoted names).
    for value in [
        " \"read-only\" = catalogReader ; \"data engineer\" = a, b ; admin = admin",
        "read-only=catalogReader;data engineer=a,b;",
    ] {
        let text = with_config(&format!("{CORP}{mapping}={value}\n"));
        assert!(load_str(Path::new("s.toml"), &text).is_ok(), "{value}");
    }
}
