//! Applying administration commands to the catalog and the token registry,
//! and answering SHOW commands. A command that would break an invariant
//! fails and changes nothing (E2).

use crate::admin::AdminCommand;
use crate::catalog::Catalog;
use crate::graph::Tokens;
use crate::rows::QueryResult;

/// Runs `command` against the catalog (and the token registry for
/// `db.create*`). Returns the rows of SHOW commands, empty rows otherwise.
/// On error nothing has changed.
pub fn execute(
    command: &AdminCommand,
    catalog: &mut Catalog,
    tokens: &mut Tokens,
) -> Result<QueryResult, String> {
    let _ = (command, catalog, tokens);
    todo!("catalog agent")
}
