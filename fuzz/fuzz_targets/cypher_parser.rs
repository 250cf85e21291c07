//! Fuzz target `cypher_parser`: any text through every parser of
//! `model::cypher` (a statement, a `security` script, a `graph` script and
//! building its graph, a lone expression). Nothing may panic, and every
//! error and statement offset must point into the parsed text, as
//! `SyntaxError` and `Located` promise.
//!
//! Bytes that are not UTF-8 are decoded lossily rather than dropped, so
//! that byte-level mutations still reach the parsers.

#![no_main]

use libfuzzer_sys::fuzz_target;
use model::cypher::{
    build_graph, parse_admin_script, parse_data_script, parse_expression, parse_statement,
};
use model::error::SyntaxError;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    if let Err(e) = parse_statement(text) {
        inside(text, &e);
    }
    if let Err(e) = parse_expression(text) {
        inside(text, &e);
    }
    match parse_admin_script(text) {
        Ok(commands) => commands.iter().for_each(|c| offset_inside(text, c.offset)),
        Err(e) => inside(text, &e),
    }
    match parse_data_script(text) {
        Ok(statements) => {
            statements
                .iter()
                .for_each(|s| offset_inside(text, s.offset));
            if let Err(e) = build_graph(&statements) {
                inside(text, &e);
            }
        }
        Err(e) => inside(text, &e),
    }
});

fn inside(text: &str, e: &SyntaxError) {
    assert!(
        e.offset <= text.len(),
        "error offset {} beyond the text ({} bytes): {}",
        e.offset,
        text.len(),
        e.message()
    );
}

fn offset_inside(text: &str, offset: usize) {
    assert!(
        offset <= text.len(),
        "statement offset {offset} beyond the text ({} bytes)",
        text.len()
    );
}
