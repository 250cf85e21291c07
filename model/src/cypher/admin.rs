//! Administration commands (placeholder while being written).
use crate::admin::AdminCommand;
use crate::cypher::parser::{PResult, Parser};

impl Parser<'_> {
    /// Whether the statement at the cursor is an administration command.
    pub(crate) fn at_admin_command(&self) -> bool {
        false
    }
    /// One administration command.
    pub(crate) fn admin_command(&mut self) -> PResult<AdminCommand> {
        Err(self.error("unknown administration command"))
    }
}
