//! OIDC sessions (docs/spec/semantics.md U4, sections 5 and 6): which
//! roles the user of a session holds at a transaction.
//!
//! - [`rules`]: every auth rule of the loaded catalog compiled once, when
//!   the catalog is loaded: claims interned into slots, constant parts
//!   folded, comparisons of a claim with a constant pulled out as shared
//!   tests, so that a test many rules repeat is evaluated once per session.
//! - [`sessions`]: per session, the token checked at each transaction
//!   (O2), the claims it kept (A5), the roles its groups grant (O3), and the
//!   memoised results of everything that does not depend on the
//!   transaction's time; time-dependent rules are evaluated per
//!   transaction.

pub mod rules;
pub mod sessions;

pub use rules::RuleSet;
pub use sessions::Sessions;
