//! OIDC (docs/spec/semantics.md section 6): the provider settings a scenario's
//! `config` gives (O1, [`settings`]), the harness's signing keys (O2,
//! [`keys`]), and the tokens minted for a query's `claims` and validated
//! at its `at` instant (O2, O3, [`token`]).
//!
//! This module only reads settings and checks tokens; which roles an
//! [`Identity`] then holds (groups, auth rules: O3, A1-A6) is the engines'
//! decision.

pub mod keys;
pub mod settings;
pub mod token;

pub use settings::{OidcSettings, Provider};
pub use token::{Identity, claims_from_toml, mint, validate};
