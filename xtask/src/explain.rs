//! `cargo xtask explain FILE#N [--node ID | --rel ID]`: prepares the world as
//! it stands when query N runs (earlier administration commands applied) and
//! prints the reference's explanation for that query's user.

use crate::style::say;
use std::path::Path;
use std::process::ExitCode;

use std::sync::Arc;

use model::cypher::Statement;
use model::engine::Engine;
use model::scenario::load_file;
use reference::ReferenceEngine;
use reference::explain::{ExplainTarget, explain};

use crate::runner::{Sessions, apply_admin};

/// Runs `explain`; returns the process exit code.
pub fn run(target: &str, node: Option<u64>, rel: Option<u64>) -> ExitCode {
    match explain_target(target, node, rel) {
        Ok(text) => {
            say!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn explain_target(target: &str, node: Option<u64>, rel: Option<u64>) -> Result<String, String> {
    let (file, number) = target.rsplit_once('#').ok_or_else(|| {
        format!("expected FILE#N (a scenario file and a query number), got '{target}'")
    })?;
    let number: usize = number
        .parse()
        .map_err(|_| format!("'{number}' in '{target}' is not a query number"))?;
    let scenario = load_file(Path::new(file)).map_err(|e| e.to_string())?;
    let query = scenario
        .queries
        .iter()
        .find(|q| q.number == number)
        .ok_or_else(|| {
            format!(
                "{file} has {} queries; there is no query {number}",
                scenario.queries.len()
            )
        })?;
    let mut world = scenario.world()?;
    let mut sessions = Sessions::default();
    // Administration commands before query N shape the catalog it meets,
    // applied as `check` applies them (who runs them, ACCESS for database
    // procedures, judged by the reference here); failing ones changed
    // nothing (E2), so their errors are irrelevant here.
    for earlier in scenario.queries.iter().take_while(|q| q.number < number) {
        let Ok(tx) = sessions.transaction(&world, earlier) else {
            continue;
        };
        if let Ok(Statement::Admin(command)) = &earlier.statement {
            let mut reference = ReferenceEngine::with_world(Arc::new(world.clone()));
            let _ = apply_admin(&mut world, &tx, command, &mut |tx| reference.access(tx));
        }
    }
    let tx = sessions.transaction(&world, query)?;
    let target = match (node, rel) {
        (Some(id), _) => ExplainTarget::Node(id),
        (None, Some(id)) => ExplainTarget::Relationship(id),
        (None, None) => ExplainTarget::Everything,
    };
    let text = explain(&world, &tx, target).map_err(|e| e.message())?;
    Ok(format!("{file}#{number}: {}\n{text}", query.cypher.trim()))
}
