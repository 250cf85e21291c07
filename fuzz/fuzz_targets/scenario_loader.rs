//! Fuzz target `scenario_loader`: any bytes through the scenario loader
//! (`model::scenario`), then, for a file that loads, the world it starts
//! from and every query parsed again. Nothing may panic, and what the
//! loader reports must hold up: an error's position lies inside the file,
//! and the loader's parse of a query is the parser's.
//!
//! Text goes to `load_str`; bytes that are not UTF-8 go to `load_file`
//! (the loader's only entry for bytes), which must refuse them with a
//! position, and then, decoded lossily, to `load_str` as well so that byte
//! mutations still reach the parser.

#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use model::cypher::parse_statement;
use model::oidc::token::{claims_from_toml, mint};
use model::scenario::{LoadError, QueryUser, load_file, load_str};

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(text) => load_and_build(text),
        Err(_) => {
            bytes_are_refused(data);
            load_and_build(&String::from_utf8_lossy(data));
        }
    }
});

/// Loads `text`, builds its world and re-parses its queries.
fn load_and_build(text: &str) {
    let scenario = match load_str(Path::new("fuzz.toml"), text) {
        Ok(scenario) => scenario,
        Err(e) => {
            position_is_inside(&e, text);
            return;
        }
    };
    // A security command may fail (E2); that is an answer, not a crash.
    let world = scenario.world();
    for query in &scenario.queries {
        let again = parse_statement(&query.cypher);
        match (&again, &query.statement) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "query {} parsed twice differs", query.number),
            (Err(_), Err(_)) => {}
            _ => panic!(
                "query {}: the loader and parse_statement disagree on {:?}",
                query.number, query.cypher
            ),
        }
        // Minting a session's token from any claims and `token` table
        // answers or refuses, never panics.
        if let (QueryUser::Oidc { claims, token }, Ok(world)) = (&query.user, &world) {
            let _ = mint(
                &world.config.oidc,
                &claims_from_toml(claims),
                token,
                query.at,
            );
        }
    }
}

/// `load_file` on bytes that are not UTF-8 must refuse them, saying where.
fn bytes_are_refused(data: &[u8]) {
    let path = scratch_file();
    // A full disk is the machine's problem, not the loader's.
    if std::fs::write(&path, data).is_err() {
        return;
    }
    match load_file(&path) {
        Ok(_) => panic!("load_file accepted bytes that are not UTF-8"),
        Err(e) => {
            assert!(e.message.contains("UTF-8"), "unexpected error: {e}");
            assert!(e.position.is_some(), "no position for invalid UTF-8: {e}");
        }
    }
}

/// One file per process, so that parallel jobs (`-jobs`, `-fork`) do not
/// overwrite each other's input.
fn scratch_file() -> PathBuf {
    std::env::temp_dir().join(format!("polygraph-fuzz-loader-{}.toml", std::process::id()))
}

/// An error's line and column must exist in `text` (one past the last
/// character of a line, or the line after a final newline, at most).
fn position_is_inside(e: &LoadError, text: &str) {
    let Some(p) = e.position else {
        return;
    };
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        p.line >= 1 && p.line <= lines.len(),
        "{e}: line {} of {}",
        p.line,
        lines.len()
    );
    let length = lines.get(p.line - 1).map_or(0, |l| l.chars().count());
    assert!(
        p.column >= 1 && p.column <= length + 1,
        "{e}: column {} of a line of {length} characters",
        p.column
    );
}
