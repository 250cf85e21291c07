//! The tiny name pools of generated worlds: few names, so that labels,
//! types, keys and roles collide, plus one name of each kind that the data
//! never creates (docs/spec/semantics.md P6).

/// Labels the data uses.
pub const LABELS: [&str; 3] = ["A", "B", "C"];
/// A label no node carries; registered only by an index or `db.createLabel`.
pub const UNKNOWN_LABEL: &str = "Z";
/// Relationship types the data uses.
pub const TYPES: [&str; 2] = ["T", "U"];
/// A type no relationship has.
pub const UNKNOWN_TYPE: &str = "V";
/// Property keys the data stores.
pub const KEYS: [&str; 3] = ["k", "m", "n"];
/// A key no element stores.
pub const UNKNOWN_KEY: &str = "z";
/// Custom roles.
pub const ROLES: [&str; 3] = ["r0", "r1", "r2"];
/// Users.
pub const USERS: [&str; 3] = ["u0", "u1", "u2"];
/// Another database's name, for privileges that must have no effect (D4).
pub const OTHER_GRAPH: &str = "other";
/// The scenario's database (D4 default).
pub const DATABASE: &str = "neo4j";
/// The password every generated user gets (never used to log in).
pub const PASSWORD: &str = "secret";
