//! O1: the OIDC providers and the three provider lists, read from a
//! scenario's `config` lines with Neo4j's keys, with O1's defaults and every
//! invalid value refused at the byte where it starts (E1).
//!
//! Keys read (later lines with the same key replace earlier ones, as for
//! every config key):
//!
//! - `dbms.security.oidc.<name>.issuer`, `.audience` (comma-separated),
//!   `.claims.username` (default `sub`), `.claims.groups`,
//!   `.authorization.group_to_role_mapping`; any other key under
//!   `dbms.security.oidc.<name>.` is ignored but still configures `<name>`;
//! - `dbms.security.authentication_providers`,
//!   `dbms.security.authorization_providers`,
//!   `dbms.security.abac.authorization_providers`: comma-separated
//!   `native` / `oidc-<name>` items.

use std::collections::BTreeMap;

use super::keys::MAX_PROVIDERS;
use crate::error::SyntaxError;

/// `dbms.security.authentication_providers`.
pub const AUTHENTICATION_PROVIDERS: &str = "dbms.security.authentication_providers";
/// `dbms.security.authorization_providers`.
pub const AUTHORIZATION_PROVIDERS: &str = "dbms.security.authorization_providers";
/// `dbms.security.abac.authorization_providers` (A6).
pub const ABAC_PROVIDERS: &str = "dbms.security.abac.authorization_providers";
/// The prefix of every provider key: `dbms.security.oidc.<name>.<setting>`.
pub const OIDC_PREFIX: &str = "dbms.security.oidc.";
/// The native provider's name in the lists.
pub const NATIVE: &str = "native";

/// The provider O1 assumes when a scenario configures none.
pub const DEFAULT_PROVIDER: &str = "default";
/// Its issuer.
pub const DEFAULT_ISSUER: &str = "https://idp.example.test";
/// Its audience.
pub const DEFAULT_AUDIENCE: &str = "neo4j";
/// Its groups claim.
pub const DEFAULT_GROUPS_CLAIM: &str = "groups";
/// The username claim of every provider that does not set `claims.username`.
pub const DEFAULT_USERNAME_CLAIM: &str = "sub";

/// The OIDC settings of a scenario (O1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    /// In config order (the order of each provider's first key); when the
    /// config configures none, the O1 default provider alone.
    pub providers: Vec<Provider>,
    /// `native`, `oidc-<name>`, as Neo4j spells them: who may authenticate.
    pub authentication: Vec<String>,
    /// Whose groups (or native roles) grant roles.
    pub authorization: Vec<String>,
    /// Providers whose users auth rules with `abac.oidc` can match (A6).
    pub abac: Vec<String>,
}

/// One OIDC provider (O1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// The bare name (`okta` of `dbms.security.oidc.okta.issuer`).
    pub name: String,
    /// `issuer`: a token's `iss` must equal it.
    pub issuer: String,
    /// `audience`: a token's `aud` must contain one of these.
    pub audience: Vec<String>,
    /// `claims.username` (default `sub`).
    pub username_claim: String,
    /// `claims.groups`: none means the provider's tokens carry no groups.
    pub groups_claim: Option<String>,
    /// `authorization.group_to_role_mapping`; `None`: same-name mapping (O3).
    pub group_to_role_mapping: Option<BTreeMap<String, Vec<String>>>,
}

impl Provider {
    /// The provider O1 assumes when a scenario configures none.
    pub fn default_provider() -> Provider {
        Provider {
            name: DEFAULT_PROVIDER.to_string(),
            issuer: DEFAULT_ISSUER.to_string(),
            audience: vec![DEFAULT_AUDIENCE.to_string()],
            username_claim: DEFAULT_USERNAME_CLAIM.to_string(),
            groups_claim: Some(DEFAULT_GROUPS_CLAIM.to_string()),
            group_to_role_mapping: None,
        }
    }

    /// How the lists name it: `oidc-<name>`.
    pub fn list_name(&self) -> String {
        format!("oidc-{}", self.name)
    }
}

impl Default for OidcSettings {
    /// O1 without any OIDC line: the default provider, every list holding
    /// `native` and `oidc-default`, ABAC enabled for it.
    fn default() -> Self {
        let provider = Provider::default_provider();
        let oidc = provider.list_name();
        OidcSettings {
            authentication: vec![NATIVE.to_string(), oidc.clone()],
            authorization: vec![NATIVE.to_string(), oidc.clone()],
            abac: vec![oidc],
            providers: vec![provider],
        }
    }
}

impl OidcSettings {
    /// The provider with bare name `name` (`okta`).
    pub fn provider(&self, name: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.name == name)
    }

    /// Its index in config order: which harness keys it signs with (O2).
    pub fn provider_index(&self, name: &str) -> Option<usize> {
        self.providers.iter().position(|p| p.name == name)
    }

    /// Whether native users (`as`) may authenticate (O1).
    pub fn native_authentication(&self) -> bool {
        self.authentication.iter().any(|p| p == NATIVE)
    }

    /// Whether provider `provider`'s tokens are accepted at all (O1).
    pub fn authenticates(&self, provider: &str) -> bool {
        self.authentication.contains(&format!("oidc-{provider}"))
    }

    /// Whether provider `provider`'s groups grant roles (O1, O3).
    pub fn authorizes_groups(&self, provider: &str) -> bool {
        self.authorization.contains(&format!("oidc-{provider}"))
    }

    /// Whether auth rules referencing `abac.oidc` can be fulfilled for
    /// users of provider `provider` (A6).
    pub fn abac_enabled(&self, provider: &str) -> bool {
        self.abac.contains(&format!("oidc-{provider}"))
    }
}

/// One `key=value` config line, with where each byte of its value came
/// from in the config text (continuation lines make this more than an
/// offset and a length).
#[derive(Debug, Clone)]
pub struct SettingLine {
    /// The trimmed key.
    pub key: String,
    /// Offset of the key in the config text.
    pub key_offset: usize,
    /// The trimmed value.
    pub value: String,
    /// Config offset of each byte of `value`, plus one past its end.
    pub value_offsets: Vec<usize>,
}

impl SettingLine {
    /// Config offset of byte `pos` of the value.
    fn at(&self, pos: usize) -> usize {
        self.value_offsets
            .get(pos)
            .or(self.value_offsets.last())
            .copied()
            .unwrap_or(self.key_offset)
    }
}

/// Reads O1's settings from the config's lines (in file order).
pub fn parse(lines: &[SettingLine]) -> Result<OidcSettings, SyntaxError> {
    // The last line of each key wins; providers are ordered by their first key.
    let mut latest: BTreeMap<&str, &SettingLine> = BTreeMap::new();
    let mut order: Vec<(String, usize)> = Vec::new();
    for line in lines {
        latest.insert(line.key.as_str(), line);
        let Some(rest) = line.key.strip_prefix(OIDC_PREFIX) else {
            continue;
        };
        let Some((name, _setting)) = rest.split_once('.') else {
            continue;
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(SyntaxError::new(
                line.key_offset,
                format!(
                    "{}: invalid OIDC provider name '{name}': use ASCII letters, digits, '_' and '-'",
                    line.key
                ),
            ));
        }
        if !order.iter().any(|(n, _)| n == name) {
            if order.len() == MAX_PROVIDERS {
                return Err(SyntaxError::new(
                    line.key_offset,
                    format!(
                        "{}: too many OIDC providers: the harness holds keys for at most {MAX_PROVIDERS}",
                        line.key
                    ),
                ));
            }
            order.push((name.to_string(), line.key_offset));
        }
    }

    let mut providers = Vec::new();
    for (name, first_offset) in &order {
        let provider = provider(name, *first_offset, &latest)?;
        if let Some(other) = providers
            .iter()
            .find(|p: &&Provider| p.issuer == provider.issuer)
        {
            let key = format!("{OIDC_PREFIX}{name}.issuer");
            let offset = latest.get(key.as_str()).map_or(*first_offset, |l| l.at(0));
            return Err(SyntaxError::new(
                offset,
                format!(
                    "{key}: issuer '{}' is already the issuer of provider '{}': a token's `iss` must name one provider",
                    provider.issuer, other.name
                ),
            ));
        }
        providers.push(provider);
    }
    if providers.is_empty() {
        providers.push(Provider::default_provider());
    }

    let every: Vec<String> = providers.iter().map(Provider::list_name).collect();
    let with_native = || {
        std::iter::once(NATIVE.to_string())
            .chain(every.iter().cloned())
            .collect::<Vec<_>>()
    };
    let authentication = match latest.get(AUTHENTICATION_PROVIDERS) {
        Some(line) => list(line, &every, true)?
            .into_iter()
            .map(|(n, _)| n)
            .collect(),
        None => with_native(),
    };
    let authorization: Vec<String> = match latest.get(AUTHORIZATION_PROVIDERS) {
        Some(line) => list(line, &every, true)?
            .into_iter()
            .map(|(n, _)| n)
            .collect(),
        None => with_native(),
    };
    let abac = match latest.get(ABAC_PROVIDERS) {
        Some(line) => {
            let items = list(line, &every, false)?;
            for (item, pos) in &items {
                if !authorization.contains(item) {
                    return Err(SyntaxError::new(
                        line.at(*pos),
                        format!(
                            "{ABAC_PROVIDERS}: '{item}' is not in {AUTHORIZATION_PROVIDERS}: an ABAC provider must also be an authorization provider"
                        ),
                    ));
                }
            }
            items.into_iter().map(|(n, _)| n).collect()
        }
        // Decision (O1): unset, it lists every configured provider that is
        // an authorization provider.
        None => every
            .iter()
            .filter(|p| authorization.contains(p))
            .cloned()
            .collect(),
    };
    Ok(OidcSettings {
        providers,
        authentication,
        authorization,
        abac,
    })
}

/// One configured provider from its keys.
fn provider(
    name: &str,
    first_offset: usize,
    latest: &BTreeMap<&str, &SettingLine>,
) -> Result<Provider, SyntaxError> {
    let get = |setting: &str| latest.get(format!("{OIDC_PREFIX}{name}.{setting}").as_str());
    let required = |setting: &str| -> Result<&SettingLine, SyntaxError> {
        let line = get(setting).ok_or_else(|| {
            SyntaxError::new(
                first_offset,
                format!(
                    "OIDC provider '{name}' has no {setting}: set {OIDC_PREFIX}{name}.{setting}"
                ),
            )
        })?;
        non_empty(line)?;
        Ok(line)
    };
    let issuer = required("issuer")?.value.clone();
    let audience_line = required("audience")?;
    let audience = comma_items(audience_line)?
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    let username_claim = match get("claims.username") {
        Some(line) => {
            non_empty(line)?;
            line.value.clone()
        }
        None => DEFAULT_USERNAME_CLAIM.to_string(),
    };
    let groups_claim = match get("claims.groups") {
        Some(line) => {
            non_empty(line)?;
            Some(line.value.clone())
        }
        None => None,
    };
    let group_to_role_mapping = match get("authorization.group_to_role_mapping") {
        Some(line) => Some(parse_mapping(&line.value).map_err(|(pos, message)| {
            SyntaxError::new(line.at(pos), format!("{}: {message}", line.key))
        })?),
        None => None,
    };
    Ok(Provider {
        name: name.to_string(),
        issuer,
        audience,
        username_claim,
        groups_claim,
        group_to_role_mapping,
    })
}

fn non_empty(line: &SettingLine) -> Result<(), SyntaxError> {
    if line.value.is_empty() {
        return Err(SyntaxError::new(
            line.at(0),
            format!("{}: the value is empty", line.key),
        ));
    }
    Ok(())
}

/// Comma-separated items, trimmed, with their byte positions in the value;
/// an empty item is an error.
fn comma_items(line: &SettingLine) -> Result<Vec<(String, usize)>, SyntaxError> {
    let mut items = Vec::new();
    let mut pos = 0;
    for raw in line.value.split(',') {
        let lead = raw.len() - raw.trim_start().len();
        let item = raw.trim();
        if item.is_empty() {
            return Err(SyntaxError::new(
                line.at(pos),
                format!("{}: empty item in a comma-separated list", line.key),
            ));
        }
        items.push((item.to_string(), pos + lead));
        pos += raw.len() + 1;
    }
    Ok(items)
}

/// A provider list: `native` (when `native_allowed`) or `oidc-<name>` of a
/// configured provider. An empty value is an empty list; an item named
/// twice is kept once.
fn list(
    line: &SettingLine,
    configured: &[String],
    native_allowed: bool,
) -> Result<Vec<(String, usize)>, SyntaxError> {
    if line.value.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<(String, usize)> = Vec::new();
    for (item, pos) in comma_items(line)? {
        let known = configured.contains(&item) || (native_allowed && item == NATIVE);
        if !known {
            let expected = if native_allowed {
                "native or oidc-<name> of a configured provider"
            } else {
                "oidc-<name> of a configured provider (ABAC applies to OIDC users only)"
            };
            return Err(SyntaxError::new(
                line.at(pos),
                format!(
                    "{}: unknown provider '{item}': expected {expected}; configured: {}",
                    line.key,
                    configured.join(", ")
                ),
            ));
        }
        if !out.iter().any(|(o, _)| *o == item) {
            out.push((item, pos));
        }
    }
    Ok(out)
}

/// Whether `name` is a role name a mapping may give: an ASCII letter, then
/// ASCII letters, digits and `_` (Decision, O1).
pub fn is_valid_role_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `group=role1,role2;"a group"=role3` (O1). Whitespace around tokens is
/// allowed; a group may be double-quoted (then it may hold `=`, `;`, `,`
/// and spaces, but not `"`); one trailing `;` is allowed; empty entries,
/// empty group or role names, invalid role names and a group mapped twice
/// are errors. Errors give a byte position within `value`.
pub fn parse_mapping(value: &str) -> Result<BTreeMap<String, Vec<String>>, (usize, String)> {
    let bytes = value.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut i = skip_ws(0);
    if i == bytes.len() {
        return Ok(map);
    }
    loop {
        // The group.
        let group_pos = i;
        let group = if bytes.get(i) == Some(&b'"') {
            let Some(len) = value[i + 1..].find('"') else {
                return Err((i, "unterminated double quote in a group name".into()));
            };
            let inner = &value[i + 1..i + 1 + len];
            i += len + 2;
            inner.to_string()
        } else {
            let end = value[i..]
                .find(['=', ';', ',', '"'])
                .map_or(bytes.len(), |e| i + e);
            if bytes.get(end) == Some(&b'"') {
                return Err((end, "misplaced double quote in a group name".into()));
            }
            let text = value[i..end].trim().to_string();
            i = end;
            text
        };
        if group.is_empty() {
            return Err((group_pos, "empty group name".into()));
        }
        if map.contains_key(&group) {
            return Err((group_pos, format!("group '{group}' is mapped twice")));
        }
        i = skip_ws(i);
        if bytes.get(i) != Some(&b'=') {
            return Err((
                i,
                format!("expected '=' after group '{group}' (group=role1,role2)"),
            ));
        }
        i += 1;
        // Its roles.
        let mut roles = Vec::new();
        loop {
            i = skip_ws(i);
            let role_pos = i;
            let end = value[i..].find([',', ';']).map_or(bytes.len(), |e| i + e);
            let role = value[i..end].trim();
            if role.is_empty() {
                return Err((role_pos, format!("empty role name for group '{group}'")));
            }
            if !is_valid_role_name(role) {
                return Err((
                    role_pos,
                    format!(
                        "invalid role name '{role}': an ASCII letter, then ASCII letters, digits and '_'"
                    ),
                ));
            }
            if !roles.iter().any(|r| r == role) {
                roles.push(role.to_string());
            }
            i = end;
            if bytes.get(i) == Some(&b',') {
                i += 1;
                continue;
            }
            break;
        }
        map.insert(group, roles);
        if i == bytes.len() {
            return Ok(map);
        }
        // A ';' separates entries; one may end the value.
        i = skip_ws(i + 1);
        if i == bytes.len() {
            return Ok(map);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::config::parse_config;

    fn settings(text: &str) -> OidcSettings {
        match parse_config(text) {
            Ok(config) => config.oidc,
            Err(e) => panic!("config should parse: {e} at {}", e.offset),
        }
    }

    fn error(text: &str) -> SyntaxError {
        match parse_config(text) {
            Ok(config) => panic!("config should be refused: {:?}", config.oidc),
            Err(e) => e,
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    const OKTA: &str = "dbms.security.oidc.okta.issuer=https://okta.test\n\
                        dbms.security.oidc.okta.audience=neo4j, other\n";

    #[test]
    fn no_provider_configured_is_the_o1_default() {
        let s = settings("dbms.unrelated.key=1\n");
        assert_eq!(s, OidcSettings::default());
        assert_eq!(s.providers, vec![Provider::default_provider()]);
        let p = &s.providers[0];
        assert_eq!(p.name, "default");
        assert_eq!(p.issuer, "https://idp.example.test");
        assert_eq!(p.audience, strings(&["neo4j"]));
        assert_eq!(p.username_claim, "sub");
        assert_eq!(p.groups_claim.as_deref(), Some("groups"));
        assert_eq!(p.group_to_role_mapping, None);
        assert_eq!(s.authentication, strings(&["native", "oidc-default"]));
        assert_eq!(s.authorization, strings(&["native", "oidc-default"]));
        assert_eq!(s.abac, strings(&["oidc-default"]));
        assert!(s.native_authentication());
        assert!(s.authorizes_groups("default"));
        assert!(s.abac_enabled("default"));
    }

    #[test]
    fn a_configured_provider_replaces_the_default_and_lists_default_to_all() {
        let text = format!(
            "{OKTA}dbms.security.oidc.azure.issuer=https://azure.test\n\
             dbms.security.oidc.azure.audience=api\n\
             dbms.security.oidc.azure.claims.username=email\n\
             dbms.security.oidc.azure.claims.groups=roles\n\
             dbms.security.oidc.azure.display_name=Azure\n"
        );
        let s = settings(&text);
        let names: Vec<&str> = s.providers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["okta", "azure"]);
        let okta = s.provider("okta").expect("okta");
        assert_eq!(okta.audience, strings(&["neo4j", "other"]));
        assert_eq!(okta.username_claim, "sub");
        assert_eq!(okta.groups_claim, None);
        let azure = s.provider("azure").expect("azure");
        assert_eq!(azure.username_claim, "email");
        assert_eq!(azure.groups_claim.as_deref(), Some("roles"));
        assert!(s.provider("default").is_none());
        assert_eq!(
            s.authentication,
            strings(&["native", "oidc-okta", "oidc-azure"])
        );
        assert_eq!(s.authorization, s.authentication);
        assert_eq!(s.abac, strings(&["oidc-okta", "oidc-azure"]));
        assert_eq!(s.provider_index("azure"), Some(1));
    }

    #[test]
    fn explicit_lists() {
        let text = format!(
            "{OKTA}dbms.security.authentication_providers=oidc-okta\n\
             dbms.security.authorization_providers= native , oidc-okta,native\n\
             dbms.security.abac.authorization_providers=\n"
        );
        let s = settings(&text);
        assert!(!s.native_authentication());
        assert_eq!(s.authentication, strings(&["oidc-okta"]));
        assert_eq!(s.authorization, strings(&["native", "oidc-okta"]));
        assert!(s.authorizes_groups("okta"));
        assert!(s.abac.is_empty());
        assert!(!s.abac_enabled("okta"));
    }

    #[test]
    fn unset_abac_list_leaves_out_providers_that_do_not_authorize() {
        let text = format!("{OKTA}dbms.security.authorization_providers=native\n");
        let s = settings(&text);
        assert!(!s.authorizes_groups("okta"));
        assert!(s.abac.is_empty());
    }

    #[test]
    fn abac_provider_must_authorize() {
        let text = format!(
            "{OKTA}dbms.security.authorization_providers=native\n\
             dbms.security.abac.authorization_providers=oidc-okta\n"
        );
        let e = error(&text);
        let line = text.find("dbms.security.abac").unwrap_or(0);
        assert_eq!(e.offset, line + ABAC_PROVIDERS.len() + 1);
        assert!(e.message().contains(ABAC_PROVIDERS), "{}", e.message());
        assert!(e.message().contains("oidc-okta"), "{}", e.message());
    }

    #[test]
    fn unknown_providers_in_lists_are_refused_where_named() {
        let text = format!("{OKTA}dbms.security.authentication_providers=native, oidc-okt\n");
        let e = error(&text);
        assert_eq!(e.offset, text.find("oidc-okt\n").unwrap_or(0));
        assert!(e.message().contains("unknown provider 'oidc-okt'"));
        // The default provider exists only when none is configured.
        let text = format!("{OKTA}dbms.security.authorization_providers=oidc-default\n");
        assert!(error(&text).message().contains("oidc-default"));
        assert!(parse_config("dbms.security.authentication_providers=oidc-default,native").is_ok());
        let text = "dbms.security.abac.authorization_providers=native\n";
        assert_eq!(error(text).offset, text.find("native").unwrap_or(0));
        let text = "dbms.security.authentication_providers=native,,oidc-default\n";
        assert_eq!(error(text).offset, text.find(",,").unwrap_or(0) + 1);
        let text = "dbms.security.authentication_providers=ldap\n";
        assert!(error(text).message().contains("'ldap'"));
    }

    #[test]
    fn a_provider_needs_issuer_and_audience() {
        let text = "x=1\ndbms.security.oidc.okta.audience=neo4j\n";
        let e = error(text);
        assert_eq!(e.offset, 4);
        assert!(
            e.message()
                .contains("has no issuer: set dbms.security.oidc.okta.issuer")
        );
        let text = "dbms.security.oidc.okta.issuer=https://okta.test\n";
        assert!(error(text).message().contains("has no audience"));
        let text = "dbms.security.oidc.okta.issuer=https://okta.test\n\
                    dbms.security.oidc.okta.audience=a,\n";
        let e = error(text);
        assert_eq!(e.offset, text.find("a,").unwrap_or(0) + 2);
        let text = "dbms.security.oidc.okta.issuer=\ndbms.security.oidc.okta.audience=a\n";
        assert!(error(text).message().contains("issuer: the value is empty"));
    }

    #[test]
    fn two_providers_may_not_share_an_issuer() {
        let text = format!(
            "{OKTA}dbms.security.oidc.b.issuer=https://okta.test\ndbms.security.oidc.b.audience=x\n"
        );
        let e = error(&text);
        assert_eq!(e.offset, text.rfind("https://okta.test").unwrap_or(0));
    }

    #[test]
    fn at_most_four_providers() {
        let mut text = String::new();
        for name in ["a", "b", "c", "d"] {
            text.push_str(&format!(
                "dbms.security.oidc.{name}.issuer=https://{name}.test\ndbms.security.oidc.{name}.audience=n\n"
            ));
        }
        assert_eq!(settings(&text).providers.len(), 4);
        let fifth = text.len();
        text.push_str("dbms.security.oidc.e.issuer=https://e.test\n");
        let e = error(&text);
        assert_eq!(e.offset, fifth);
        assert!(e.message().contains("at most 4"));
    }

    #[test]
    fn invalid_provider_name() {
        let text = "dbms.security.oidc.ok ta.issuer=x\n";
        assert!(error(text).message().contains("invalid OIDC provider name"));
    }

    #[test]
    fn mappings() {
        let map = |pairs: &[(&str, &[&str])]| -> BTreeMap<String, Vec<String>> {
            pairs
                .iter()
                .map(|(g, rs)| (g.to_string(), strings(rs)))
                .collect()
        };
        assert_eq!(
            parse_mapping("group=role1,role2;\"a group\"=role3"),
            Ok(map(&[
                ("group", &["role1", "role2"]),
                ("a group", &["role3"])
            ]))
        );
        assert_eq!(
            parse_mapping("  g1 = r1 , r2 ;  \"x=;, y\" = r3 ; "),
            Ok(map(&[("g1", &["r1", "r2"]), ("x=;, y", &["r3"])]))
        );
        assert_eq!(parse_mapping(""), Ok(BTreeMap::new()));
        assert_eq!(parse_mapping("g=r,r"), Ok(map(&[("g", &["r"])])));
    }

    #[test]
    fn bad_mappings_are_refused_at_their_position() {
        let pos = |v: &str| parse_mapping(v).map(|_| ()).map_err(|(p, _)| p);
        assert_eq!(pos(";;;===\"a=,b=;"), Err(0));
        assert_eq!(pos("=r"), Err(0));
        assert_eq!(pos("g=r;;h=s"), Err(4));
        assert_eq!(pos("g="), Err(2));
        assert_eq!(pos("g=r,,s"), Err(4));
        assert_eq!(pos("g=r, "), Err(5));
        assert_eq!(pos("\"\"=r"), Err(0));
        assert_eq!(pos("\"g=r"), Err(0));
        assert_eq!(pos("g\"x\"=r"), Err(1));
        assert_eq!(pos("g r"), Err(3));
        assert_eq!(pos("g=1role"), Err(2));
        assert_eq!(pos("g=ro le"), Err(2));
        assert_eq!(pos("g=r;g=s"), Err(4));
        assert_eq!(pos("g=r=s"), Err(2));
    }

    #[test]
    fn a_bad_mapping_in_config_names_the_key_and_points_into_the_value() {
        let key = "dbms.security.oidc.okta.authorization.group_to_role_mapping";
        let text = format!("{OKTA}{key}=\\\n   ;;;===\"a=,b=;\n");
        let e = error(&text);
        assert_eq!(e.offset, text.find(";;;").unwrap_or(0));
        assert!(e.message().contains(key), "{}", e.message());
        let text = format!("{OKTA}{key}=analysts=reader;admins=admin\n");
        let s = settings(&text);
        let mapping = s.providers[0].group_to_role_mapping.clone();
        assert_eq!(
            mapping.map(|m| m.into_iter().collect::<Vec<_>>()),
            Some(vec![
                ("admins".to_string(), strings(&["admin"])),
                ("analysts".to_string(), strings(&["reader"])),
            ])
        );
    }

    #[test]
    fn later_lines_replace_earlier_ones_and_unknown_keys_are_ignored() {
        let text = format!(
            "{OKTA}dbms.security.oidc.okta.audience=second\ndbms.anything.else=whatever\n\
             dbms.security.oidc.okta.auth_flow=pkce\n"
        );
        let s = settings(&text);
        assert_eq!(s.providers[0].audience, strings(&["second"]));
        let unique: BTreeSet<&str> = s.authentication.iter().map(String::as_str).collect();
        assert_eq!(unique.len(), s.authentication.len());
    }
}
