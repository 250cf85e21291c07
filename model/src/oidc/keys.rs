//! O2: the harness's signing keys. Scenarios never hold keys: provider
//! number `i` (config order, at most [`MAX_PROVIDERS`]) signs with the key
//! set `model/keys/p<i>-*` (test keys, see model/keys/README.md), compiled
//! in with `include_str!` so that no file is read at run time.
//!
//! Every provider has, for each of RS256, ES256 and HS256, two live keys and
//! one retired key, named by `kid`: `rs256-1`, `rs256-2`, `rs256-retired`,
//! `es256-1`, ... (the same names for every provider, different key
//! material). The default key of an algorithm is its first live key. A key
//! allows exactly its own algorithm; a retired key verifies nothing.

use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};

/// How many providers the harness holds keys for (O1 refuses more).
pub const MAX_PROVIDERS: usize = 4;

/// One harness key.
#[derive(Debug)]
pub struct KeySpec {
    /// Its key id (`rs256-1`).
    pub kid: &'static str,
    /// The one algorithm it may sign and verify with.
    pub alg: Algorithm,
    /// A retired key: tokens naming it are refused (O2).
    pub retired: bool,
    /// PKCS#8 private key PEM (RS256, ES256) or the HMAC secret (HS256).
    pub private: &'static str,
    /// Public key PEM (RS256, ES256); `None` for HS256.
    pub public: Option<&'static str>,
}

impl KeySpec {
    /// The key to sign with.
    pub fn encoding_key(&self) -> Result<EncodingKey, String> {
        let bytes = self.private.as_bytes();
        match self.alg {
            Algorithm::RS256 => EncodingKey::from_rsa_pem(bytes),
            Algorithm::ES256 => EncodingKey::from_ec_pem(bytes),
            _ => Ok(EncodingKey::from_secret(bytes)),
        }
        .map_err(|e| format!("harness key {} does not load: {e}", self.kid))
    }

    /// The key to verify with.
    pub fn decoding_key(&self) -> Result<DecodingKey, String> {
        let public = self.public.unwrap_or("").as_bytes();
        match self.alg {
            Algorithm::RS256 => DecodingKey::from_rsa_pem(public),
            Algorithm::ES256 => DecodingKey::from_ec_pem(public),
            _ => Ok(DecodingKey::from_secret(self.private.as_bytes())),
        }
        .map_err(|e| format!("harness key {} does not load: {e}", self.kid))
    }
}

macro_rules! asymmetric {
    ($p:literal, $alg:literal, $k:literal, $a:expr, $retired:expr) => {
        KeySpec {
            kid: concat!($alg, "-", $k),
            alg: $a,
            retired: $retired,
            private: include_str!(concat!("../../keys/p", $p, "-", $alg, "-", $k, ".pem")),
            public: Some(include_str!(concat!(
                "../../keys/p",
                $p,
                "-",
                $alg,
                "-",
                $k,
                ".pub.pem"
            ))),
        }
    };
}

macro_rules! hmac {
    ($p:literal, $k:literal, $retired:expr) => {
        KeySpec {
            kid: concat!("hs256-", $k),
            alg: Algorithm::HS256,
            retired: $retired,
            private: include_str!(concat!("../../keys/p", $p, "-hs256-", $k, ".secret")),
            public: None,
        }
    };
}

macro_rules! provider_keys {
    ($p:literal) => {
        [
            asymmetric!($p, "rs256", "1", Algorithm::RS256, false),
            asymmetric!($p, "rs256", "2", Algorithm::RS256, false),
            asymmetric!($p, "rs256", "retired", Algorithm::RS256, true),
            asymmetric!($p, "es256", "1", Algorithm::ES256, false),
            asymmetric!($p, "es256", "2", Algorithm::ES256, false),
            asymmetric!($p, "es256", "retired", Algorithm::ES256, true),
            hmac!($p, "1", false),
            hmac!($p, "2", false),
            hmac!($p, "retired", true),
        ]
    };
}

static KEYS: [[KeySpec; 9]; MAX_PROVIDERS] = [
    provider_keys!("0"),
    provider_keys!("1"),
    provider_keys!("2"),
    provider_keys!("3"),
];

/// Every key of provider number `index` (empty beyond [`MAX_PROVIDERS`]).
pub fn provider_keys(index: usize) -> &'static [KeySpec] {
    KEYS.get(index).map_or(&[], |keys| keys.as_slice())
}

/// Provider `index`'s key named `kid`.
pub fn find(index: usize, kid: &str) -> Option<&'static KeySpec> {
    provider_keys(index).iter().find(|k| k.kid == kid)
}

/// The default key id of `alg`: its first live key.
pub fn default_kid(alg: Algorithm) -> Option<&'static str> {
    match alg {
        Algorithm::RS256 => Some("rs256-1"),
        Algorithm::ES256 => Some("es256-1"),
        Algorithm::HS256 => Some("hs256-1"),
        _ => None,
    }
}

/// The algorithm a scenario's `token.alg` names (`RS256`, `ES256`, `HS256`).
pub fn algorithm(name: &str) -> Option<Algorithm> {
    match name {
        "RS256" => Some(Algorithm::RS256),
        "ES256" => Some(Algorithm::ES256),
        "HS256" => Some(Algorithm::HS256),
        _ => None,
    }
}

/// Provider `index`'s published keys as a JWKS document: its live RS256 and
/// ES256 keys, each with `kid`, `alg` and `use: sig`. Retired keys are no
/// longer published (which is why their tokens fail), and HS256 secrets are
/// never published.
pub fn jwks(index: usize) -> Result<JwkSet, String> {
    let mut keys = Vec::new();
    for spec in provider_keys(index) {
        if spec.retired || spec.alg == Algorithm::HS256 {
            continue;
        }
        let mut jwk = Jwk::from_encoding_key(&spec.encoding_key()?, spec.alg)
            .map_err(|e| format!("harness key {} has no JWK form: {e}", spec.kid))?;
        jwk.common.key_id = Some(spec.kid.to_string());
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        keys.push(jwk);
    }
    if keys.is_empty() {
        return Err(format!(
            "no harness keys for provider number {index} (at most {MAX_PROVIDERS})"
        ));
    }
    Ok(JwkSet { keys })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_loads_and_kids_are_unique_per_provider() {
        for index in 0..MAX_PROVIDERS {
            let keys = provider_keys(index);
            assert_eq!(keys.len(), 9);
            for key in keys {
                assert!(key.encoding_key().is_ok(), "p{index} {}", key.kid);
                assert!(key.decoding_key().is_ok(), "p{index} {}", key.kid);
                assert_eq!(keys.iter().filter(|k| k.kid == key.kid).count(), 1);
            }
            assert_eq!(keys.iter().filter(|k| k.retired).count(), 3);
        }
        assert!(provider_keys(MAX_PROVIDERS).is_empty());
    }

    #[test]
    fn providers_have_different_material() {
        let a = find(0, "rs256-1").map(|k| k.private);
        let b = find(1, "rs256-1").map(|k| k.private);
        assert!(a.is_some() && a != b);
        assert_ne!(
            find(0, "hs256-1").map(|k| k.private),
            find(0, "hs256-2").map(|k| k.private)
        );
    }

    #[test]
    fn default_kids_are_live_keys_of_their_algorithm() {
        for alg in [Algorithm::RS256, Algorithm::ES256, Algorithm::HS256] {
            let kid = default_kid(alg).unwrap_or("none");
            let key = find(0, kid).expect("default kid exists");
            assert_eq!(key.alg, alg);
            assert!(!key.retired);
        }
    }

    #[test]
    fn jwks_publishes_live_asymmetric_keys_only() {
        let set = jwks(0).expect("jwks");
        let kids: Vec<&str> = set
            .keys
            .iter()
            .filter_map(|k| k.common.key_id.as_deref())
            .collect();
        assert_eq!(kids, ["rs256-1", "rs256-2", "es256-1", "es256-2"]);
        assert!(jwks(MAX_PROVIDERS).is_err());
    }
}
