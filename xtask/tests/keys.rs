//! `cargo xtask keys --jwks DIR`: the written JWKS documents verify the
//! tokens Polygraph mints, read by jsonwebtoken's own JWK support; secrets
//! and retired keys are not published.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{DecodingKey, Validation};
use model::config::parse_config;
use model::oidc::mint;
use model::scenario::TokenOverrides;
use serde_json::{Map, Value as Json};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("polygraph-keys-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

const CONFIG: &str = "dbms.security.oidc.okta.issuer=https://okta.test\n\
                      dbms.security.oidc.okta.audience=neo4j\n\
                      dbms.security.oidc.azure.issuer=https://azure.test\n\
                      dbms.security.oidc.azure.audience=api\n";

fn read_set(path: &Path) -> JwkSet {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn written_jwks_verify_minted_tokens() {
    let dir = scratch("two");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let config = dir.join("neo4j.conf");
    std::fs::write(&config, CONFIG).expect("config");
    let out_dir = dir.join("jwks");
    let out = xtask(&[
        "keys",
        "--jwks",
        out_dir.to_str().unwrap_or(""),
        "--config",
        config.to_str().unwrap_or(""),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let settings = parse_config(CONFIG).expect("config").oidc;
    let at = chrono::DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z").expect("at");
    let mut claims = Map::new();
    claims.insert("sub".into(), Json::from("alice"));
    for provider in ["okta", "azure"] {
        let set = read_set(&out_dir.join(format!("{provider}.json")));
        let kids: Vec<&str> = set
            .keys
            .iter()
            .filter_map(|k| k.common.key_id.as_deref())
            .collect();
        assert_eq!(
            kids,
            ["rs256-1", "rs256-2", "es256-1", "es256-2"],
            "{provider}"
        );
        for jwk in &set.keys {
            assert!(
                !matches!(jwk.algorithm, AlgorithmParameters::OctetKey(_)),
                "a secret was published"
            );
            let kid = jwk.common.key_id.clone().unwrap_or_default();
            let alg = if kid.starts_with("rs") {
                "RS256"
            } else {
                "ES256"
            };
            let overrides = TokenOverrides {
                provider: Some(provider.into()),
                alg: Some(alg.into()),
                kid: Some(kid.clone()),
                ..TokenOverrides::default()
            };
            let jwt = mint(&settings, &claims, &overrides, at).expect("mint");
            let key = DecodingKey::from_jwk(jwk).expect("jwk loads");
            let alg = jwk
                .common
                .key_algorithm
                .and_then(|a| a.to_string().parse().ok())
                .expect("alg");
            let mut validation = Validation::new(alg);
            // The token's exp is in 2026 on Polygraph's clock; only the
            // signature is at stake here.
            validation.validate_exp = false;
            validation.validate_aud = false;
            validation.required_spec_claims.clear();
            let decoded = jsonwebtoken::decode::<Map<String, Json>>(&jwt, &key, &validation);
            assert!(decoded.is_ok(), "{provider} {kid}: {decoded:?}");
            // The other provider's key of the same name does not verify it.
            let other = if provider == "okta" { "azure" } else { "okta" };
            let other_set = read_set(&out_dir.join(format!("{other}.json")));
            let other_jwk = other_set.find(&kid).expect("same kid");
            let other_key = DecodingKey::from_jwk(other_jwk).expect("jwk loads");
            assert!(
                jsonwebtoken::decode::<Map<String, Json>>(&jwt, &other_key, &validation).is_err()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_config_the_default_provider_and_a_scenario_config_works() {
    let dir = scratch("default");
    let out = xtask(&["keys", "--jwks", dir.to_str().unwrap_or("")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let set = read_set(&dir.join("default.json"));
    assert_eq!(set.keys.len(), 4);
    let json: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.join("default.json")).expect("read"))
            .expect("json");
    let first = &json["keys"][0];
    assert_eq!(first["kty"], "RSA");
    assert_eq!(first["use"], "sig");
    assert_eq!(first["alg"], "RS256");
    assert!(first["n"].is_string() && first["e"].is_string());
    let ec = &json["keys"][2];
    assert_eq!(
        (ec["kty"].as_str(), ec["crv"].as_str()),
        (Some("EC"), Some("P-256"))
    );
    assert!(ec["x"].is_string() && ec["y"].is_string());

    let scenario = dir.join("s.toml");
    std::fs::write(
        &scenario,
        format!(
            "name = \"s\"\nconfig = \"\"\"\n{CONFIG}\"\"\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n"
        ),
    )
    .expect("scenario");
    let out = xtask(&[
        "keys",
        "--jwks",
        dir.to_str().unwrap_or(""),
        "--config",
        scenario.to_str().unwrap_or(""),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("okta.json").is_file() && dir.join("azure.json").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_name_the_path() {
    let dir = scratch("errors");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let missing = dir.join("missing.conf");
    let out = xtask(&[
        "keys",
        "--jwks",
        dir.to_str().unwrap_or(""),
        "--config",
        missing.to_str().unwrap_or(""),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(missing.to_str().unwrap_or("?")), "{err}");
    let bad = dir.join("bad.conf");
    std::fs::write(
        &bad,
        "x=1\ndbms.security.oidc.okta.issuer=https://okta.test\n",
    )
    .expect("write");
    let out = xtask(&[
        "keys",
        "--jwks",
        dir.to_str().unwrap_or(""),
        "--config",
        bad.to_str().unwrap_or(""),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2:1:", bad.display())), "{err}");
    assert!(err.contains("has no audience"), "{err}");
    let out = xtask(&["keys", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("HS256 secrets never are"), "{help}");
    let _ = std::fs::remove_dir_all(&dir);
}
