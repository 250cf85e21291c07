//! O2, O3: the JWT a query's `claims` and `token` describe ([`mint`]), and
//! its validation at the query's `at` instant ([`validate`]), which decides
//! who the OIDC user is ([`Identity`]) or why the token is refused. The
//! validation is two steps, so that an engine may keep a session's
//! verified token: [`verify`] (everything but the clock) and
//! [`Verified::at`] (the clock).
//!
//! Time is Polygraph's clock, never the system clock: `jsonwebtoken` only
//! verifies the signature (and, redundantly, `iss`, `aud` and the presence
//! of `exp`, `iss`, `aud`, `sub`, with no leeway); `exp` and `nbf` are
//! checked here against `at`. Every check is explicit, in this order:
//! three base64url parts; header JSON; `alg: none` refused; header parses;
//! payload JSON object; `iss` names a configured provider; that provider is
//! in the authentication list; `kid` present and known for that provider;
//! the key not retired; the header's `alg` the key's algorithm; the
//! signature; `exp` an integer; `nbf` absent or an integer; `aud` a string
//! or array containing one of the provider's audiences; `sub` a string; the
//! username claim a non-empty string; the groups claim absent, null, a
//! string or an array of strings; then the clock: `at < exp` (else
//! `TokenExpired`) and `nbf`, if present, `<= at`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, FixedOffset};
use jsonwebtoken::{Algorithm, Header, Validation};
use serde_json::{Map, Value as Json};

use super::keys;
use super::settings::{AUTHENTICATION_PROVIDERS, OidcSettings};
use crate::error::{EngineError, ErrorKind};
use crate::scenario::TokenOverrides;

/// Seconds from `at` to `exp` when `token.exp_offset_s` is not given.
pub const DEFAULT_EXP_OFFSET_S: i64 = 3600;

/// The `tamper` values a scenario may give.
pub const TAMPERS: [&str; 4] = ["signature", "payload", "alg-none", "alg-confusion"];

/// Who a validated token says the user is.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// The bare name of the provider whose issuer the token names.
    pub provider: String,
    /// The provider's username claim (O1, default `sub`).
    pub username: String,
    /// O3: the groups claim, a string or an array of strings (empty when the
    /// provider has no groups claim or the token does not carry it).
    pub groups: Vec<String>,
    /// The whole verified payload.
    pub claims: Map<String, Json>,
}

/// A scenario's TOML `claims` as JSON. Strings, integers, booleans, arrays
/// and tables map to themselves; floats to JSON numbers, except NaN and
/// ±infinity, which JSON cannot hold and become null; TOML datetimes
/// (which JWT has no type for) become strings in their TOML (RFC 3339)
/// spelling, e.g. `1979-05-27T07:32:00Z`.
pub fn claims_from_toml(table: &toml::Table) -> Map<String, Json> {
    table
        .iter()
        .map(|(k, v)| (k.clone(), json_from_toml(v)))
        .collect()
}

fn json_from_toml(v: &toml::Value) -> Json {
    match v {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => Json::from(*f),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(json_from_toml).collect()),
        toml::Value::Table(t) => Json::Object(claims_from_toml(t)),
    }
}

/// Mints the JWT a scenario's `claims` + `token` describe, issued at `at`.
///
/// The payload is `iss` (the provider's issuer), `aud` (its first
/// audience), `iat` = `at`, `exp` = `at` + 3600 s, then the scenario's
/// claims (which replace those), then `token`'s `iss`, `aud`,
/// `exp_offset_s`, `nbf_offset_s` (which replace both). The header names
/// the `kid` (`token.kid`, default: the algorithm's first live key); a
/// `kid` the provider does not hold, or one of another algorithm, is put in
/// the header while the token is signed with the algorithm's default key.
/// `tamper`: `signature` flips the signature's first byte; `payload` adds a
/// day to `exp` after signing; `alg-none` sends header `alg: none` and no
/// signature; `alg-confusion` signs HS256 with the provider's RS256 public
/// key PEM as the HMAC secret, naming the RS256 key (`token.kid`, default
/// `rs256-1`).
///
/// Err: overrides that cannot be honoured (unknown provider, algorithm or
/// tamper, an `exp` or `nbf` out of range).
pub fn mint(
    settings: &OidcSettings,
    claims: &Map<String, Json>,
    overrides: &TokenOverrides,
    at: DateTime<FixedOffset>,
) -> Result<String, String> {
    let name = match &overrides.provider {
        Some(name) => name.as_str(),
        None => settings
            .providers
            .first()
            .map(|p| p.name.as_str())
            .ok_or("no OIDC provider is configured")?,
    };
    let index = settings
        .provider_index(name)
        .ok_or_else(|| format!("token.provider '{name}' is not a configured OIDC provider"))?;
    let provider = &settings.providers[index];
    let alg = match &overrides.alg {
        Some(a) => keys::algorithm(a)
            .ok_or_else(|| format!("token.alg '{a}' is not one of RS256, ES256, HS256"))?,
        None => Algorithm::RS256,
    };
    let now = at.timestamp();
    let offset = |s: i64, what: &str| {
        now.checked_add(s)
            .ok_or_else(|| format!("token.{what} {s} is out of range"))
    };

    let mut payload = Map::new();
    payload.insert("iss".into(), Json::from(provider.issuer.clone()));
    if let Some(aud) = provider.audience.first() {
        payload.insert("aud".into(), Json::from(aud.clone()));
    }
    payload.insert("iat".into(), Json::from(now));
    payload.insert(
        "exp".into(),
        Json::from(offset(DEFAULT_EXP_OFFSET_S, "exp_offset_s")?),
    );
    for (k, v) in claims {
        payload.insert(k.clone(), v.clone());
    }
    if let Some(iss) = &overrides.iss {
        payload.insert("iss".into(), Json::from(iss.clone()));
    }
    if let Some(aud) = &overrides.aud {
        payload.insert("aud".into(), Json::from(aud.clone()));
    }
    if let Some(s) = overrides.exp_offset_s {
        payload.insert("exp".into(), Json::from(offset(s, "exp_offset_s")?));
    }
    if let Some(s) = overrides.nbf_offset_s {
        payload.insert("nbf".into(), Json::from(offset(s, "nbf_offset_s")?));
    }

    let default_kid = keys::default_kid(alg).unwrap_or("rs256-1");
    let kid = overrides.kid.as_deref().unwrap_or(default_kid);
    match overrides.tamper.as_deref() {
        Some("alg-confusion") => {
            let rsa_kid = overrides.kid.as_deref().unwrap_or("rs256-1");
            let public = keys::find(index, rsa_kid)
                .and_then(|k| k.public.filter(|_| k.alg == Algorithm::RS256))
                .ok_or_else(|| {
                    format!("tamper alg-confusion needs an RS256 key; '{rsa_kid}' is not one")
                })?;
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some(rsa_kid.to_string());
            let key = jsonwebtoken::EncodingKey::from_secret(public.as_bytes());
            return jsonwebtoken::encode(&header, &payload, &key).map_err(|e| e.to_string());
        }
        Some("alg-none") => {
            let header = serde_json::json!({"alg": "none", "typ": "JWT", "kid": kid});
            return Ok(format!(
                "{}.{}.",
                segment(&header)?,
                segment(&Json::Object(payload))?
            ));
        }
        Some("signature" | "payload") | None => {}
        Some(other) => {
            return Err(format!(
                "token.tamper '{other}' is not one of {}",
                TAMPERS.join(", ")
            ));
        }
    }
    let jwt = sign(index, kid, alg, &payload)?;
    match overrides.tamper.as_deref() {
        Some("signature") => {
            let (head, signature) = jwt
                .rsplit_once('.')
                .ok_or("minted token has no signature")?;
            let mut bytes = URL_SAFE_NO_PAD
                .decode(signature)
                .map_err(|e| e.to_string())?;
            if let Some(first) = bytes.first_mut() {
                *first ^= 0xff;
            }
            Ok(format!("{head}.{}", URL_SAFE_NO_PAD.encode(bytes)))
        }
        Some("payload") => {
            let parts: Vec<&str> = jwt.split('.').collect();
            let [header, _, signature] = parts.as_slice() else {
                return Err("minted token is not three parts".into());
            };
            let exp = payload.get("exp").and_then(Json::as_i64).unwrap_or(now);
            payload.insert("exp".into(), Json::from(exp.saturating_add(86_400)));
            Ok(format!(
                "{header}.{}.{signature}",
                segment(&Json::Object(payload))?
            ))
        }
        _ => Ok(jwt),
    }
}

/// Signs `payload` with provider number `index`'s key `kid` when it is a
/// key of `alg`, otherwise with `alg`'s default key; the header names
/// `kid` either way. (Also for tests that need a payload `mint` would not
/// write, such as one without `exp`.)
pub fn sign(
    index: usize,
    kid: &str,
    alg: Algorithm,
    payload: &Map<String, Json>,
) -> Result<String, String> {
    let spec = keys::find(index, kid)
        .filter(|k| k.alg == alg)
        .or_else(|| keys::default_kid(alg).and_then(|d| keys::find(index, d)))
        .ok_or_else(|| format!("no harness key for provider number {index} and {alg:?}"))?;
    let mut header = Header::new(alg);
    header.kid = Some(kid.to_string());
    jsonwebtoken::encode(&header, payload, &spec.encoding_key()?).map_err(|e| e.to_string())
}

fn segment(json: &Json) -> Result<String, String> {
    serde_json::to_vec(json)
        .map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
        .map_err(|e| e.to_string())
}

fn fail(reason: impl Into<String>) -> EngineError {
    EngineError::of(ErrorKind::AuthenticationFailed {
        reason: reason.into(),
    })
}

/// A base64url segment holding a JSON object.
fn object(segment: &str) -> Option<Map<String, Json>> {
    let bytes = URL_SAFE_NO_PAD.decode(segment).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Json::Object(map) => Some(map),
        _ => None,
    }
}

/// O2: validates `jwt` at instant `at` (Polygraph's clock, never the
/// system clock); the checks and their order are in the module comment.
pub fn validate(
    jwt: &str,
    settings: &OidcSettings,
    at: DateTime<FixedOffset>,
) -> Result<Identity, EngineError> {
    verify(jwt, settings)?.at(at).cloned()
}

/// A token whose every check but the clock's passed: what an engine may
/// keep for a session, checking only [`Verified::at`] at each transaction.
#[derive(Debug, Clone)]
pub struct Verified {
    identity: Identity,
    /// `exp`, in seconds since the epoch.
    expires: i64,
    /// `nbf`, if the token has one.
    not_before: Option<i64>,
}

impl Verified {
    /// Who the token says the user is, whatever the clock.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// O2's clock checks at `at`: `at` before `exp` (else `TokenExpired`)
    /// and not before `nbf`.
    pub fn at(&self, at: DateTime<FixedOffset>) -> Result<&Identity, EngineError> {
        let now = at.timestamp();
        // `exp` is whole seconds, so `at < exp` iff `at`'s whole seconds are.
        if now >= self.expires {
            return Err(EngineError::of(ErrorKind::TokenExpired));
        }
        if let Some(nbf) = self.not_before
            && nbf > now
        {
            return Err(fail(format!(
                "the token is not valid yet (nbf {nbf} is after {now})"
            )));
        }
        Ok(&self.identity)
    }
}

/// O2 without the clock: header, issuer, provider lists, key, algorithm,
/// signature, `exp`/`nbf` well-formed, audience, subject, username and
/// groups.
pub fn verify(jwt: &str, settings: &OidcSettings) -> Result<Verified, EngineError> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header_part, payload_part, _] = parts.as_slice() else {
        return Err(fail(
            "the token is not three base64url parts separated by '.'",
        ));
    };
    let raw_header = object(header_part)
        .ok_or_else(|| fail("the token header is not a base64url-encoded JSON object"))?;
    match raw_header.get("alg") {
        Some(Json::String(alg)) if alg.eq_ignore_ascii_case("none") => {
            return Err(fail("alg none is never accepted"));
        }
        Some(Json::String(_)) => {}
        _ => return Err(fail("the token header has no `alg`")),
    }
    let header = jsonwebtoken::decode_header(jwt)
        .map_err(|e| fail(format!("the token header does not parse: {e}")))?;
    let unverified = object(payload_part)
        .ok_or_else(|| fail("the token payload is not a base64url-encoded JSON object"))?;

    let Some(Json::String(iss)) = unverified.get("iss") else {
        return Err(fail("the token has no `iss` claim (a string)"));
    };
    let (index, provider) = settings
        .providers
        .iter()
        .enumerate()
        .find(|(_, p)| p.issuer == *iss)
        .ok_or_else(|| fail(format!("unknown issuer '{iss}'")))?;
    if !settings.authenticates(&provider.name) {
        return Err(fail(format!(
            "provider '{}' is not in {AUTHENTICATION_PROVIDERS}",
            provider.list_name()
        )));
    }
    let kid = header
        .kid
        .as_deref()
        .ok_or_else(|| fail("the token header has no `kid`"))?;
    let key = keys::find(index, kid).ok_or_else(|| {
        fail(format!(
            "unknown key id '{kid}' for provider '{}'",
            provider.name
        ))
    })?;
    if key.retired {
        return Err(fail(format!("key '{kid}' has been retired")));
    }
    if header.alg != key.alg {
        return Err(fail(format!(
            "algorithm {:?} is not allowed for key '{kid}' ({:?} only)",
            header.alg, key.alg
        )));
    }

    let decoding = key
        .decoding_key()
        .map_err(|e| EngineError::of(ErrorKind::Internal(e)))?;
    let mut validation = Validation::new(key.alg);
    validation.leeway = 0;
    validation.reject_tokens_expiring_in_less_than = 0;
    // The library reads the system clock: exp and nbf are checked below
    // against `at` instead.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = true;
    validation.set_audience(&provider.audience);
    validation.set_issuer(&[&provider.issuer]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let claims = jsonwebtoken::decode::<Map<String, Json>>(jwt, &decoding, &validation)
        .map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as J;
            fail(match e.kind() {
                J::InvalidSignature => "token signature does not verify".to_string(),
                J::MissingRequiredClaim(c) => format!("the token has no valid `{c}` claim"),
                J::InvalidAudience => audience_reason(provider),
                J::InvalidIssuer => format!("unknown issuer '{iss}'"),
                _ => format!("token signature does not verify: {e}"),
            })
        })?
        .claims;

    let expires = match claims.get("exp") {
        Some(v) => v
            .as_i64()
            .ok_or_else(|| fail("the `exp` claim is not an integer NumericDate"))?,
        None => return Err(fail("the token has no valid `exp` claim")),
    };
    let not_before = match claims.get("nbf") {
        Some(v) => Some(
            v.as_i64()
                .ok_or_else(|| fail("the `nbf` claim is not an integer NumericDate"))?,
        ),
        None => None,
    };
    let audience_ok = match claims.get("aud") {
        Some(Json::String(a)) => provider.audience.contains(a),
        Some(Json::Array(items)) => items.iter().any(|a| {
            a.as_str()
                .is_some_and(|a| provider.audience.iter().any(|p| p == a))
        }),
        _ => false,
    };
    if !audience_ok {
        return Err(fail(audience_reason(provider)));
    }
    if !matches!(claims.get("sub"), Some(Json::String(_))) {
        return Err(fail("the token has no valid `sub` claim"));
    }
    let username = match claims.get(&provider.username_claim) {
        Some(Json::String(u)) if !u.is_empty() => u.clone(),
        _ => {
            return Err(fail(format!(
                "the username claim `{}` is missing, empty or not a string",
                provider.username_claim
            )));
        }
    };
    let groups = match &provider.groups_claim {
        None => Vec::new(),
        Some(claim) => match claims.get(claim) {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::String(g)) => vec![g.clone()],
            Some(Json::Array(items)) => items
                .iter()
                .map(|g| g.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| groups_reason(claim))?,
            Some(_) => return Err(groups_reason(claim)),
        },
    };
    Ok(Verified {
        identity: Identity {
            provider: provider.name.clone(),
            username,
            groups,
            claims,
        },
        expires,
        not_before,
    })
}

fn audience_reason(provider: &super::Provider) -> String {
    format!(
        "the token's `aud` contains none of the audiences of provider '{}' ({})",
        provider.name,
        provider.audience.join(", ")
    )
}

fn groups_reason(claim: &str) -> EngineError {
    fail(format!(
        "the groups claim `{claim}` is not a string or an array of strings"
    ))
}
