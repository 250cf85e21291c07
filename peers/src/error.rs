//! The one error type of the peers: why a peer could not be built or could
//! not decide. Each message names what failed (the user, the privilege as
//! a command, the rule and its condition, the claim, the library's own
//! words).

/// Why a peer could not be built, or a decision could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PeerError {
    /// U5's decision: a native user that does not exist.
    #[error("user '{0}' does not exist")]
    UnknownUser(String),
    /// O1: a native user while `native` is not an authentication provider.
    #[error(
        "native authentication is not enabled: `native` is not in dbms.security.authentication_providers"
    )]
    NativeAuthenticationDisabled,
    /// O2: the session's token was refused (expired, forged, ...).
    #[error("the session's token is refused: {0}")]
    TokenRefused(String),
    /// U5: the principal holds no ACCESS on the database, so every query
    /// (and every visibility) fails; decided by the peer's own library.
    #[error("{peer}: user '{user}' may not access database '{database}' (U5)")]
    NoAccess {
        /// The peer that decided.
        peer: &'static str,
        /// The user's name.
        user: String,
        /// The database.
        database: String,
    },
    /// A privilege that could change which nodes the principal traverses
    /// and that the peers cannot express (a node property rule, N1).
    #[error("privilege `{privilege}` of role '{role}' cannot be translated: {reason}")]
    UntranslatablePrivilege {
        /// The role holding it.
        role: String,
        /// The privilege as a command (`DENY TRAVERSE ON GRAPH * FOR (n:L3) WHERE ...`).
        privilege: String,
        /// What the peers lack.
        reason: String,
    },
    /// An auth rule condition (A2) outside the subset the peers translate.
    #[error("auth rule '{rule}' (condition `{condition}`) cannot be translated: {reason}")]
    UntranslatableCondition {
        /// The rule's name.
        rule: String,
        /// Its condition as written.
        condition: String,
        /// The construct the peers do not translate.
        reason: String,
    },
    /// A claim a translated condition reads whose value the libraries
    /// cannot hold faithfully (a float, a null inside an array or object).
    #[error("claim '{claim}' cannot be passed to the peers: {reason}")]
    UntranslatableClaim {
        /// The claim's name.
        claim: String,
        /// Why.
        reason: String,
    },
    /// The library refused what the translation produced (a policy that
    /// does not parse, an entity it rejects, ...): a bug in the
    /// translation, reported with the library's message.
    #[error("{peer}: could not build the peer: {message}")]
    Build {
        /// `cedar` or `casbin`.
        peer: &'static str,
        /// The library's message.
        message: String,
    },
    /// A decision failed, or a policy errored while it was evaluated (the
    /// translation guards every access, so this is a translation bug).
    #[error("{peer}: deciding {request} failed: {message}")]
    Decision {
        /// `cedar` or `casbin`.
        peer: &'static str,
        /// What was asked (`traverse node 5`, `access database neo4j`).
        request: String,
        /// The library's message.
        message: String,
    },
}

/// U5 as the peer's library decided it: `access` is its decision on the
/// ACCESS request for `world`'s database, made for `user`.
pub(crate) fn require_access(
    peer: &'static str,
    access: Result<bool, String>,
    user: &str,
    world: &model::world::World,
) -> Result<(), PeerError> {
    let request = format!("access to database {}", world.database);
    if access.map_err(decision_error(peer, request))? {
        Ok(())
    } else {
        Err(PeerError::NoAccess {
            peer,
            user: user.to_string(),
            database: world.database.clone(),
        })
    }
}

/// A [`PeerError::Decision`] of `peer` for `request`, from the library's
/// message.
pub(crate) fn decision_error(
    peer: &'static str,
    request: String,
) -> impl FnOnce(String) -> PeerError {
    move |message| PeerError::Decision {
        peer,
        request,
        message,
    }
}
