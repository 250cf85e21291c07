//! Rendering stored privileges back as the commands that create them
//! (`SHOW PRIVILEGES AS COMMANDS`, explanations).

use crate::catalog::Privilege;

/// The GRANT/DENY command that stores `privilege` on `role`, in the syntax
/// the parser reads back (`GRANT TRAVERSE ON GRAPH * NODE A TO `custom``).
pub fn privilege_command(role: &str, privilege: &Privilege) -> String {
    let _ = (role, privilege);
    todo!("catalog agent")
}
