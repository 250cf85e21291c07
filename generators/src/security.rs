//! The generated security set-up: administration commands as data, each
//! turned into the command tree that `model::admin::exec::execute` applies
//! and into text by model's own renderer (`model::admin::render`).
//!
//! Privilege commands are generated one name per command (the stored
//! form of P5): a command naming several labels, types or keys, or
//! `ELEMENTS`, stores exactly what that many one-name commands store, and
//! the renderer writes stored privileges.

use arbitrary::Unstructured;
use model::admin::render::{privilege_body, privilege_command, quoted, string_literal};
use model::admin::{AdminCommand, PrivilegeSpec, PrivilegeVerb, SegmentSpec};
use model::catalog::{
    Access, Action, GraphScope, PUBLIC, Privilege, PropertyRule, PropertySet, RuleOp,
    RulePredicate, Segment,
};
use model::graph::TokenKind;

use crate::choice::{flag, one, pick, weighted};
use crate::pools::{
    DATABASE, KEYS, LABELS, OTHER_GRAPH, PASSWORD, ROLES, TYPES, UNKNOWN_KEY, UNKNOWN_LABEL,
    UNKNOWN_TYPE, USERS,
};
use crate::values::{non_empty_list, scalar};

/// Most privilege and token commands after the prologue (roles, users,
/// role grants, broad grants).
pub const MAX_COMMANDS: usize = 12;

/// One administration command of a generated world.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityCommand {
    /// `CREATE ROLE r`.
    CreateRole(String),
    /// `CREATE USER u SET PASSWORD '...' CHANGE NOT REQUIRED`.
    CreateUser(String),
    /// `GRANT ROLE r TO u`.
    GrantRole {
        /// The role.
        role: String,
        /// The user.
        user: String,
    },
    /// `GRANT|DENY|REVOKE [GRANT|DENY] <privilege> TO|FROM role`, one stored
    /// privilege. Its `access` is the one GRANT/DENY store; for REVOKE it
    /// is ignored.
    Privilege {
        /// What the command does.
        verb: PrivilegeVerb,
        /// The privilege, as stored.
        privilege: Privilege,
        /// The role.
        role: String,
    },
    /// `CALL db.createLabel('L')` and friends (D3).
    CreateToken {
        /// Which registry.
        kind: TokenKind,
        /// The name.
        name: String,
    },
}

impl SecurityCommand {
    /// The command tree, as the parser would give it for [`Self::text`].
    pub fn command(&self) -> AdminCommand {
        match self {
            SecurityCommand::CreateRole(name) => AdminCommand::CreateRole {
                name: name.clone(),
                or_replace: false,
                if_not_exists: false,
                copy_of: None,
            },
            SecurityCommand::CreateUser(name) => AdminCommand::CreateUser {
                name: name.clone(),
                or_replace: false,
                if_not_exists: false,
                password: Some(PASSWORD.to_string()),
                change_required: false,
            },
            SecurityCommand::GrantRole { role, user } => AdminCommand::GrantRoles {
                roles: vec![role.clone()],
                users: vec![user.clone()],
            },
            SecurityCommand::Privilege {
                verb,
                privilege,
                role,
            } => AdminCommand::Privilege {
                verb: *verb,
                privilege: spec(privilege),
                roles: vec![role.clone()],
            },
            SecurityCommand::CreateToken { kind, name } => AdminCommand::CreateToken {
                kind: *kind,
                name: name.clone(),
            },
        }
    }

    /// The command's text.
    pub fn text(&self) -> String {
        match self {
            SecurityCommand::CreateRole(name) => format!("CREATE ROLE {}", quoted(name)),
            SecurityCommand::CreateUser(name) => format!(
                "CREATE USER {} SET PASSWORD {} CHANGE NOT REQUIRED",
                quoted(name),
                string_literal(PASSWORD)
            ),
            SecurityCommand::GrantRole { role, user } => {
                format!("GRANT ROLE {} TO {}", quoted(role), quoted(user))
            }
            SecurityCommand::Privilege {
                verb,
                privilege,
                role,
            } => match verb {
                PrivilegeVerb::Grant => {
                    privilege_command(role, &with_access(privilege, Access::Granted))
                }
                PrivilegeVerb::Deny => {
                    privilege_command(role, &with_access(privilege, Access::Denied))
                }
                PrivilegeVerb::RevokeGrant | PrivilegeVerb::RevokeDeny | PrivilegeVerb::Revoke => {
                    let which = match verb {
                        PrivilegeVerb::RevokeGrant => " GRANT",
                        PrivilegeVerb::RevokeDeny => " DENY",
                        _ => "",
                    };
                    format!(
                        "REVOKE{which} {} FROM {}",
                        privilege_body(privilege),
                        quoted(role)
                    )
                }
            },
            SecurityCommand::CreateToken { kind, name } => {
                let procedure = match kind {
                    TokenKind::Label => "createLabel",
                    TokenKind::RelType => "createRelationshipType",
                    TokenKind::PropertyKey => "createProperty",
                };
                format!("CALL db.{procedure}({})", string_literal(name))
            }
        }
    }
}

fn with_access(privilege: &Privilege, access: Access) -> Privilege {
    Privilege {
        access,
        ..privilege.clone()
    }
}

/// The command-level form of one stored privilege.
fn spec(privilege: &Privilege) -> PrivilegeSpec {
    let properties = match &privilege.properties {
        PropertySet::None => None,
        PropertySet::All => Some(vec!["*".to_string()]),
        PropertySet::Key(k) => Some(vec![k.clone()]),
    };
    let segment = match &privilege.segment {
        Segment::Nodes(label) => SegmentSpec::Nodes(label.iter().cloned().collect()),
        Segment::Relationships(t) => SegmentSpec::Relationships(t.iter().cloned().collect()),
        Segment::NodeRule { label, rule } => SegmentSpec::NodeRule {
            labels: label.iter().cloned().collect(),
            rule: rule.clone(),
        },
        Segment::RelRule { rel_type, rule } => SegmentSpec::RelRule {
            rel_types: rel_type.iter().cloned().collect(),
            rule: rule.clone(),
        },
        Segment::Database => SegmentSpec::Database,
        Segment::Other(q) => SegmentSpec::Other(q.clone()),
    };
    PrivilegeSpec {
        action: privilege.action.clone(),
        properties,
        graphs: vec![privilege.graph.clone()],
        segment,
    }
}

/// The set-up's start: `role_count` roles and `user_count` users created,
/// roles granted to users, sometimes `MATCH {*}` on all nodes or all
/// relationships per role. The privilege and token commands come from
/// [`command`].
pub fn prologue(
    u: &mut Unstructured<'_>,
    role_count: usize,
    user_count: usize,
) -> Vec<SecurityCommand> {
    let roles: Vec<&str> = ROLES.iter().take(role_count).copied().collect();
    let users: Vec<&str> = USERS.iter().take(user_count).copied().collect();
    let mut out: Vec<SecurityCommand> = roles
        .iter()
        .map(|r| SecurityCommand::CreateRole(r.to_string()))
        .collect();
    out.extend(
        users
            .iter()
            .map(|u| SecurityCommand::CreateUser(u.to_string())),
    );
    // The flags below are drawn for every pooled user and role, created or
    // not, so that shrinking the role or user count does not shift the
    // bytes every later choice reads.
    for (i, user) in USERS.iter().enumerate() {
        for (j, role) in ROLES.iter().enumerate() {
            if flag(u, 70) && i < user_count && j < role_count {
                out.push(SecurityCommand::GrantRole {
                    role: role.to_string(),
                    user: user.to_string(),
                });
            }
        }
        // The built-in reader (MATCH {*} everywhere, U2) against custom DENYs.
        if flag(u, 8) && i < user_count {
            out.push(SecurityCommand::GrantRole {
                role: "reader".to_string(),
                user: user.to_string(),
            });
        }
    }
    // Broad grants that the random commands then narrow: most real set-ups
    // look like this, and without them most users see nothing at all.
    for (j, role) in ROLES.iter().enumerate() {
        for segment in [Segment::Nodes(None), Segment::Relationships(None)] {
            if flag(u, 35) && j < role_count {
                out.push(SecurityCommand::Privilege {
                    verb: PrivilegeVerb::Grant,
                    privilege: Privilege {
                        access: Access::Granted,
                        action: Action::Match,
                        properties: PropertySet::All,
                        graph: GraphScope::All,
                        segment,
                    },
                    role: role.to_string(),
                });
            }
        }
    }
    out
}

/// One privilege or token command, on one of the first `role_count` roles
/// or PUBLIC; a REVOKE may repeat one of the `earlier` commands.
pub fn command(
    u: &mut Unstructured<'_>,
    role_count: usize,
    earlier: &[SecurityCommand],
) -> SecurityCommand {
    let mut holders: Vec<&str> = ROLES.iter().take(role_count).copied().collect();
    holders.push(PUBLIC);
    match weighted(u, &[16, 3, 2, 1]) {
        0 => {
            let role = one(u, &holders).copied().unwrap_or(PUBLIC).to_string();
            let verb = verb(u);
            let access = verb.access().unwrap_or(Access::Granted);
            SecurityCommand::Privilege {
                verb,
                privilege: with_access(&read_privilege(u), access),
                role,
            }
        }
        1 => match revoke_of_earlier(u, earlier) {
            Some(c) => c,
            None => create_token(u),
        },
        2 => create_token(u),
        _ => {
            let role = one(u, &holders).copied().unwrap_or(PUBLIC).to_string();
            access_privilege(u, role)
        }
    }
}

/// At least the bytes [`read_privilege_command`] reads (at most 18 were
/// measured over 2,000 random inputs; a unit test keeps the bound): byte
/// strings this long reach every command it draws.
pub const PRIVILEGE_COMMAND_BYTES: usize = 24;

/// One GRANT or DENY of a TRAVERSE, READ or MATCH privilege (every segment
/// kind of P2, other graphs (D4) and unregistered names (P6) among them, as
/// in [`command`]) to one of `roles`: for tests that add one privilege to a
/// world and compare what users see before and after (the metamorphic
/// properties of generators/tests/metamorphic.rs). Always a
/// [`SecurityCommand::Privilege`]; `None` when `roles` is empty.
///
/// The privilege is drawn first, then the verb, then the role, so the same
/// bytes give the same privilege and verb whatever `roles` holds (a test
/// can hand the same bytes to each user's roles). Zero or exhausted bytes
/// give `GRANT TRAVERSE ON GRAPH * NODE A` to the first role.
pub fn read_privilege_command<R: AsRef<str>>(
    u: &mut Unstructured<'_>,
    roles: &[R],
) -> Option<SecurityCommand> {
    let privilege = read_privilege(u);
    // DENY a little less often than GRANT, as in [`command`].
    let verb = if flag(u, 40) {
        PrivilegeVerb::Deny
    } else {
        PrivilegeVerb::Grant
    };
    let role = one(u, roles)?.as_ref().to_string();
    Some(SecurityCommand::Privilege {
        verb,
        privilege: with_access(&privilege, verb.access().unwrap_or(Access::Granted)),
        role,
    })
}

/// Mostly GRANT and DENY; the REVOKEs here usually match nothing stored
/// (P5: they succeed and change nothing).
fn verb(u: &mut Unstructured<'_>) -> PrivilegeVerb {
    match weighted(u, &[10, 6, 1, 1, 1]) {
        0 => PrivilegeVerb::Grant,
        1 => PrivilegeVerb::Deny,
        2 => PrivilegeVerb::RevokeGrant,
        3 => PrivilegeVerb::RevokeDeny,
        _ => PrivilegeVerb::Revoke,
    }
}

/// A TRAVERSE, READ or MATCH privilege on some segment of some graph.
fn read_privilege(u: &mut Unstructured<'_>) -> Privilege {
    let action = match pick(u, 3) {
        0 => Action::Traverse,
        1 => Action::Read,
        _ => Action::Match,
    };
    let properties = if action == Action::Traverse {
        PropertySet::None
    } else {
        match weighted(u, &[6, 2, 1]) {
            0 => PropertySet::Key(one(u, &KEYS).copied().unwrap_or("k").to_string()),
            1 => PropertySet::All,
            _ => PropertySet::Key(UNKNOWN_KEY.to_string()),
        }
    };
    let graph = graph_scope(u);
    let segment = segment(u);
    Privilege::granted(action, properties, graph, segment)
}

/// Mostly `*`; the database's own name in its other spellings; another
/// database's name (D4).
fn graph_scope(u: &mut Unstructured<'_>) -> GraphScope {
    match weighted(u, &[12, 1, 1, 1, 2]) {
        0 => GraphScope::All,
        1 => GraphScope::Home,
        2 => GraphScope::Default,
        3 => GraphScope::Named(DATABASE.to_string()),
        _ => GraphScope::Named(OTHER_GRAPH.to_string()),
    }
}

/// A name from `names`, sometimes the unregistered one (P6), or `None` for `*`.
fn name_or_star(u: &mut Unstructured<'_>, names: &[&str], unknown: &str) -> Option<String> {
    match weighted(u, &[5, 2, 1]) {
        0 => Some(one(u, names).copied().unwrap_or(unknown).to_string()),
        1 => None,
        _ => Some(unknown.to_string()),
    }
}

/// Every segment kind of P2 that stores one name.
fn segment(u: &mut Unstructured<'_>) -> Segment {
    match weighted(u, &[7, 1, 3, 1, 3, 2]) {
        0 => Segment::Nodes(Some(one(u, &LABELS).copied().unwrap_or("A").to_string())),
        1 => Segment::Nodes(None),
        2 => Segment::Relationships(name_or_star(u, &TYPES, UNKNOWN_TYPE)),
        3 => Segment::Nodes(Some(UNKNOWN_LABEL.to_string())),
        4 => Segment::NodeRule {
            label: name_or_star(u, &LABELS, UNKNOWN_LABEL),
            rule: rule(u, "n"),
        },
        _ => Segment::RelRule {
            rel_type: name_or_star(u, &TYPES, UNKNOWN_TYPE),
            rule: rule(u, "r"),
        },
    }
}

/// A property rule of one of Q1's forms, on a key that is often missing.
fn rule(u: &mut Unstructured<'_>, var: &str) -> PropertyRule {
    let key = if weighted(u, &[6, 1]) == 0 {
        one(u, &KEYS).copied().unwrap_or("k")
    } else {
        UNKNOWN_KEY
    };
    let predicate = match weighted(u, &[5, 1, 1, 2, 1]) {
        0 => RulePredicate::Compare(op(u), scalar(u)),
        1 => RulePredicate::IsNull,
        2 => RulePredicate::IsNotNull,
        3 => RulePredicate::InList(non_empty_list(u)),
        _ => RulePredicate::Contains(scalar(u)),
    };
    let negated = flag(u, 25);
    // The renderer writes the map form only for a plain equality.
    let map_form =
        matches!(predicate, RulePredicate::Compare(RuleOp::Equal, _)) && !negated && flag(u, 50);
    PropertyRule {
        var: var.to_string(),
        key: key.to_string(),
        predicate,
        negated,
        map_form,
    }
}

/// One of the six comparison operators.
pub fn op(u: &mut Unstructured<'_>) -> RuleOp {
    match pick(u, 6) {
        0 => RuleOp::Equal,
        1 => RuleOp::NotEqual,
        2 => RuleOp::Less,
        3 => RuleOp::LessEqual,
        4 => RuleOp::Greater,
        _ => RuleOp::GreaterEqual,
    }
}

/// REVOKE of one of the earlier privilege commands (`earlier`), on the same
/// role: plain, or naming its access, or (rarely) the other access.
fn revoke_of_earlier(
    u: &mut Unstructured<'_>,
    earlier: &[SecurityCommand],
) -> Option<SecurityCommand> {
    let stored: Vec<(&Privilege, &String, PrivilegeVerb)> = earlier
        .iter()
        .filter_map(|c| match c {
            SecurityCommand::Privilege {
                verb: verb @ (PrivilegeVerb::Grant | PrivilegeVerb::Deny),
                privilege,
                role,
            } => Some((privilege, role, *verb)),
            _ => None,
        })
        .collect();
    let (privilege, role, stored_verb) = stored.get(pick(u, stored.len()))?;
    let same = if *stored_verb == PrivilegeVerb::Grant {
        PrivilegeVerb::RevokeGrant
    } else {
        PrivilegeVerb::RevokeDeny
    };
    let other = if same == PrivilegeVerb::RevokeGrant {
        PrivilegeVerb::RevokeDeny
    } else {
        PrivilegeVerb::RevokeGrant
    };
    let verb = match weighted(u, &[3, 3, 1]) {
        0 => PrivilegeVerb::Revoke,
        1 => same,
        _ => other,
    };
    Some(SecurityCommand::Privilege {
        verb,
        privilege: (*privilege).clone(),
        role: (*role).clone(),
    })
}

/// `db.createLabel/createRelationshipType/createProperty`, mostly of the
/// names the data never creates (so that P6 cases flip).
fn create_token(u: &mut Unstructured<'_>) -> SecurityCommand {
    let (kind, known, unknown): (TokenKind, &[&str], &str) = match pick(u, 3) {
        0 => (TokenKind::Label, &LABELS, UNKNOWN_LABEL),
        1 => (TokenKind::RelType, &TYPES, UNKNOWN_TYPE),
        _ => (TokenKind::PropertyKey, &KEYS, UNKNOWN_KEY),
    };
    let name = if weighted(u, &[3, 1]) == 0 {
        unknown
    } else {
        one(u, known).copied().unwrap_or(unknown)
    };
    SecurityCommand::CreateToken {
        kind,
        name: name.to_string(),
    }
}

/// GRANT or DENY ACCESS on the database, under one of its names or another
/// database's (D4); DENY on the database itself is rare because it makes
/// every query of the role's users fail (U5).
fn access_privilege(u: &mut Unstructured<'_>, role: String) -> SecurityCommand {
    let graph = graph_scope(u);
    let deny = flag(u, 15);
    SecurityCommand::Privilege {
        verb: if deny {
            PrivilegeVerb::Deny
        } else {
            PrivilegeVerb::Grant
        },
        privilege: Privilege {
            access: if deny {
                Access::Denied
            } else {
                Access::Granted
            },
            action: Action::Access,
            properties: PropertySet::None,
            graph,
            segment: Segment::Database,
        },
        role,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::cypher::{Statement, parse_statement};

    fn read_k_on_a() -> Privilege {
        Privilege {
            access: Access::Granted,
            action: Action::Read,
            properties: PropertySet::Key("k".into()),
            graph: GraphScope::All,
            segment: Segment::Nodes(Some("A".into())),
        }
    }

    #[test]
    fn texts_follow_the_administration_syntax() {
        let revoke = |verb| SecurityCommand::Privilege {
            verb,
            privilege: read_k_on_a(),
            role: "r0".into(),
        };
        assert_eq!(
            revoke(PrivilegeVerb::RevokeGrant).text(),
            "REVOKE GRANT READ {k} ON GRAPH * NODE A FROM `r0`"
        );
        assert_eq!(
            revoke(PrivilegeVerb::Revoke).text(),
            "REVOKE READ {k} ON GRAPH * NODE A FROM `r0`"
        );
        // DENY stores a denied privilege whatever `access` the data holds.
        assert_eq!(
            revoke(PrivilegeVerb::Deny).text(),
            "DENY READ {k} ON GRAPH * NODE A TO `r0`"
        );
        let token = SecurityCommand::CreateToken {
            kind: TokenKind::RelType,
            name: "V".into(),
        };
        assert_eq!(token.text(), "CALL db.createRelationshipType('V')");
        assert_eq!(
            SecurityCommand::GrantRole {
                role: "r1".into(),
                user: "u2".into()
            }
            .text(),
            "GRANT ROLE `r1` TO `u2`"
        );
    }

    #[test]
    fn read_privilege_commands_add_one_read_privilege_to_a_given_role() {
        // Zero bytes: the first choice everywhere (P1 TRAVERSE, graph `*`,
        // the first pool label, GRANT, the first role).
        let zeros = [0u8; PRIVILEGE_COMMAND_BYTES];
        let simplest = read_privilege_command(&mut Unstructured::new(&zeros), &["r1", "r0"]);
        assert_eq!(
            simplest.as_ref().map(SecurityCommand::text).as_deref(),
            Some("GRANT TRAVERSE ON GRAPH * NODE A TO `r1`")
        );
        assert_eq!(
            read_privilege_command(&mut Unstructured::new(&zeros), &[] as &[&str]),
            None
        );
        let (mut grants, mut denies) = (0, 0);
        for case in 0..2000 {
            let bytes = crate::SplitMix64::new(case).bytes(2 * PRIVILEGE_COMMAND_BYTES);
            let mut u = Unstructured::new(&bytes);
            let drawn = read_privilege_command(&mut u, &["r0", "PUBLIC"]);
            let read = bytes.len() - u.len();
            assert!(
                read <= PRIVILEGE_COMMAND_BYTES,
                "case {case} read {read} bytes"
            );
            let Some(SecurityCommand::Privilege {
                verb,
                privilege,
                role,
            }) = drawn
            else {
                panic!("case {case}: {drawn:?}");
            };
            assert!(matches!(
                privilege.action,
                Action::Traverse | Action::Read | Action::Match
            ));
            assert!(role == "r0" || role == "PUBLIC", "{role}");
            match verb {
                PrivilegeVerb::Grant => grants += 1,
                PrivilegeVerb::Deny => denies += 1,
                other => panic!("case {case}: {other:?}"),
            }
            assert_eq!(Some(privilege.access), verb.access(), "case {case}");
            // The same bytes for other roles: the same privilege and verb.
            let other = read_privilege_command(&mut Unstructured::new(&bytes), &["r2"]);
            assert_eq!(
                other,
                Some(SecurityCommand::Privilege {
                    verb,
                    privilege,
                    role: "r2".into()
                })
            );
        }
        assert!(
            grants > 1000 && denies > 600,
            "{grants} grants, {denies} denies"
        );
    }

    #[test]
    fn every_text_parses_to_its_command_tree() {
        for case in 0..200 {
            let bytes = crate::SplitMix64::new(case).bytes(64);
            let mut u = Unstructured::new(&bytes);
            let earlier = vec![SecurityCommand::Privilege {
                verb: PrivilegeVerb::Grant,
                privilege: read_k_on_a(),
                role: "r0".into(),
            }];
            let command = command(&mut u, 3, &earlier);
            match parse_statement(&command.text()) {
                Ok(Statement::Admin(parsed)) => {
                    assert_eq!(parsed, command.command(), "{}", command.text())
                }
                other => panic!("{}: {other:?}", command.text()),
            }
        }
    }
}
