//! The scenario loader rejects bad files with the file, line and column of the
//! problem (E1), and never panics.

use std::path::Path;

use model::scenario::{Expectation, LoadError, QueryUser, load_str};

fn load_err(text: &str) -> LoadError {
    match load_str(Path::new("s.toml"), text) {
        Ok(_) => panic!("expected a load error for:\n{text}"),
        Err(e) => e,
    }
}

fn at(e: &LoadError) -> (usize, usize) {
    let p = e.position.unwrap_or_else(|| panic!("no position in {e}"));
    (p.line, p.column)
}

const USER: &str = "security = \"CREATE USER alice SET PASSWORD 'x' CHANGE NOT REQUIRED\"\n";

#[test]
fn a_valid_scenario_loads_with_users_sessions_and_rows() {
    let text = format!(
        "name = \"ok\"\n{USER}graph = \"CREATE (:A {{k: 1}})\"\n\
         [[query]]\nas = \"alice\"\nsession = \"s\"\ncypher = \"MATCH (n) RETURN n.k AS k\"\nexpect = [{{ k = 1 }}]\n\
         [[query]]\nsession = \"s\"\ncypher = \"MATCH (n) RETURN count(n) AS c\"\nexpect_error = \"\"\n"
    );
    let s = load_str(Path::new("s.toml"), &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.database, "neo4j");
    assert_eq!(s.graph.nodes.len(), 1);
    assert_eq!(s.queries.len(), 2);
    assert_eq!(
        s.queries[1].user,
        QueryUser::Native("alice".into()),
        "the session's user carries over"
    );
    assert_eq!(s.queries[1].expectation, Expectation::Error(String::new()));
    assert_eq!(s.queries[0].position.line, 7);
}

#[test]
fn empty_file_is_an_error() {
    let e = load_err("");
    assert!(e.message.contains("empty"), "{e}");
    let e = load_err("  \n\n");
    assert!(e.message.contains("empty"), "{e}");
}

#[test]
fn unknown_fields_are_rejected_with_their_position() {
    let e = load_err("name = \"x\"\ncolour = \"red\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n");
    assert!(e.message.contains("colour"), "{e}");
    assert_eq!(at(&e).0, 2);
    let e = load_err("name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nexpected = []\n");
    assert!(e.message.contains("expected"), "{e}");
    assert_eq!(at(&e).0, 4);
}

#[test]
fn missing_queries_are_an_error() {
    let e = load_err("name = \"x\"\n");
    assert!(e.message.contains("query"), "{e}");
}

#[test]
fn expect_of_the_wrong_type_is_an_error() {
    let e = load_err("name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nexpect = 3\n");
    assert!(e.message.contains("array of tables"), "{e}");
    assert_eq!(at(&e), (4, 10));
    let e = load_err("name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nexpect = [1]\n");
    assert!(e.message.contains("row 1"), "{e}");
    let e = load_err(
        "name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nexpect = []\nexpect_error = \"\"\n",
    );
    assert!(e.message.contains("not both"), "{e}");
}

#[test]
fn a_user_that_does_not_exist_is_an_error_at_as() {
    let e = load_err("name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nas = \"bob\"\n");
    assert!(e.message.contains("'bob' does not exist"), "{e}");
    assert_eq!(at(&e), (4, 6));
}

#[test]
fn a_user_created_by_an_earlier_query_may_run_later_ones() {
    let text = "name = \"x\"\n[[query]]\ncypher = \"CREATE USER bob SET PASSWORD 'p'\"\n\
                [[query]]\nas = \"bob\"\ncypher = \"RETURN 1 AS x\"\n";
    assert!(load_str(Path::new("s.toml"), text).is_ok());
}

#[test]
fn syntax_errors_inside_strings_point_into_the_file() {
    // `SET` sits on line 4, column 21 of the file.
    let text = "name = \"x\"\n[[query]]\ncypher = \"\"\"\nMATCH (n) WHERE true SET n.k = 1\nRETURN n\"\"\"\n";
    let e = load_err(text);
    assert!(e.message.contains("SET"), "{e}");
    assert_eq!(at(&e), (4, 22));
    // An escape before the error shifts the decoded text, not the file position.
    let text = "name = \"x\"\n[[query]]\ncypher = \"RETURN '\\u00e9' AS x, )\"\n";
    let e = load_err(text);
    assert_eq!(at(&e), (3, 33));
}

#[test]
fn errors_in_graph_security_and_config_name_the_field_and_position() {
    let e = load_err(
        "name = \"x\"\ngraph = '''\nCREATE (:A);\nCREATE (:B {k: });\n'''\n[[query]]\ncypher = \"RETURN 1 AS x\"\n",
    );
    assert!(e.message.contains("graph"), "{e}");
    assert_eq!(at(&e).0, 4);
    let e = load_err(
        "name = \"x\"\nsecurity = '''\nCREATE ROLE r;\nGRANT TRAVERSE ON GRAPH * NODES A TO;\n'''\n[[query]]\ncypher = \"RETURN 1 AS x\"\n",
    );
    assert!(e.message.contains("security"), "{e}");
    assert_eq!(at(&e).0, 4);
    let e = load_err(
        "name = \"x\"\nconfig = '''\n# comment\nnot a setting\n'''\n[[query]]\ncypher = \"RETURN 1 AS x\"\n",
    );
    assert!(e.message.contains("config"), "{e}");
    assert_eq!(at(&e), (4, 1));
}

#[test]
fn integer_out_of_range_and_writes_are_rejected() {
    let e = load_err("name = \"x\"\n[[query]]\ncypher = \"RETURN 99999999999999999999 AS x\"\n");
    assert!(e.message.contains("out of range"), "{e}");
    assert_eq!(at(&e), (3, 18));
    for clause in [
        "MERGE (n:A)",
        "MATCH (n) DELETE n",
        "MATCH (n) SET n.k = 1",
        "CREATE (n)",
    ] {
        let text = format!("name = \"x\"\n[[query]]\ncypher = \"{clause}\"\n");
        let e = load_err(&text);
        assert!(e.message.contains("unsupported"), "{clause}: {e}");
    }
}

#[test]
fn deep_nesting_gives_an_error_not_a_crash() {
    let deep = format!(
        "RETURN {}1{} AS x",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let e = load_err(&format!("name = \"x\"\n[[query]]\ncypher = \"{deep}\"\n"));
    assert!(e.message.contains("nested too deeply"), "{e}");
    let deep = format!(
        "RETURN {}1{} AS x",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = load_err(&format!("name = \"x\"\n[[query]]\ncypher = \"{deep}\"\n"));
    assert!(e.message.contains("nested too deeply"), "{e}");
}

#[test]
fn invalid_utf8_is_an_error_with_its_position() {
    let dir = std::env::temp_dir().join(format!("polygraph-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("bad.toml");
    std::fs::write(&file, b"name = \"x\"\nsource = \"\xff\"\n").unwrap_or_else(|e| panic!("{e}"));
    let e = match model::scenario::load_file(&file) {
        Ok(_) => panic!("invalid UTF-8 loaded"),
        Err(e) => e,
    };
    assert!(e.message.contains("UTF-8"), "{e}");
    assert_eq!(at(&e), (2, 11));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_syntax_error_is_the_outcome_of_a_query_that_expects_an_error() {
    let text = "name = \"x\"\n[[query]]\ncypher = \"MATCH (n RETURN n\"\nexpect_error = \"\"\n\
                [[query]]\ncypher = \"RETURN 1 AS x\"\n";
    let s = load_str(Path::new("s.toml"), text).unwrap_or_else(|e| panic!("{e}"));
    let error = match &s.queries[0].statement {
        Ok(_) => panic!("the first query should hold its syntax error"),
        Err(e) => e,
    };
    assert_eq!(error.position.map(|p| p.line), Some(3), "{error}");
    assert!(s.queries[1].statement.is_ok());
}

#[test]
fn expect_reads_toml_nan_and_infinities_as_floats() {
    let text = "name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS a, 2 AS b, 3 AS c, 4 AS d, 5 AS e\"\n\
                expect = [{ a = nan, b = inf, c = -inf, d = +inf, e = -nan }]\n";
    let s = load_str(Path::new("s.toml"), text).unwrap_or_else(|e| panic!("{e}"));
    let Expectation::Rows(rows) = &s.queries[0].expectation else {
        panic!("expected rows: {:?}", s.queries[0].expectation);
    };
    let float = |column: &str| match rows[0].get(column) {
        Some(model::value::Value::Float(f)) => *f,
        other => panic!("column {column}: not a float: {other:?}"),
    };
    assert!(float("a").is_nan());
    assert_eq!(float("b"), f64::INFINITY);
    assert_eq!(float("c"), f64::NEG_INFINITY);
    assert_eq!(float("d"), f64::INFINITY);
    assert!(float("e").is_nan());
    // `expect` compares by equivalence: NaN matches NaN, not `=`'s FALSE.
    assert!(model::rows::matches_expected(
        &model::value::Value::Float(f64::NAN),
        &model::value::Value::Float(float("a"))
    ));
}

const ONE_QUERY: &str = "[[query]]\ncypher = \"RETURN 1 AS x\"\n";

#[test]
fn a_duplicate_key_is_named_at_its_second_definition() {
    let e = load_err(&format!(
        "name = \"x\"\nsource = \"a\"\nsource = \"b\"\n{ONE_QUERY}"
    ));
    assert!(e.message.contains("duplicate key `source`"), "{e}");
    assert_eq!(at(&e), (3, 1));
    // Inside `expect`: an inline table's key, at its column.
    let e = load_err(&format!(
        "name = \"x\"\n{ONE_QUERY}expect = [{{ x = 1, x = 2 }}]\n"
    ));
    assert!(e.message.contains("duplicate key `x`"), "{e}");
    assert_eq!(at(&e), (4, 20));
    // A table header given twice names the header's key.
    let e = load_err(&format!(
        "name = \"x\"\n{ONE_QUERY}[query.token]\nalg = \"RS256\"\n[query.token]\nalg = \"HS256\"\n"
    ));
    assert!(e.message.contains("duplicate key `token`"), "{e}");
    assert_eq!(at(&e), (6, 8));
}

#[test]
fn toml_nesting_beyond_the_readers_limit_is_positioned_and_named() {
    // Arrays and inline tables, at top level and in `expect`.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let e = load_err(&format!("name = \"x\"\nv = {deep}\n{ONE_QUERY}"));
    assert!(e.message.contains("array nested too deeply"), "{e}");
    assert!(e.message.contains("at most 80 levels"), "{e}");
    assert_eq!(at(&e), (2, 85), "the 81st `[`: column 5 + 80");
    let deep = format!("{}1{}", "{a = ".repeat(100), "}".repeat(100));
    let e = load_err(&format!(
        "name = \"x\"\n{ONE_QUERY}expect = [{{ x = {deep} }}]\n"
    ));
    assert!(e.message.contains("inline table nested too deeply"), "{e}");
    assert_eq!(at(&e).0, 4);
    // A dotted key of 81 parts: toml gives no position; the loader finds it.
    let key = vec!["a"; 81].join(".");
    let e = load_err(&format!(
        "name = \"x\"\n{ONE_QUERY}expect = [{{ {key} = 1 }}]\n"
    ));
    assert!(
        e.message.contains("dotted key `a.a.a.…` has 81 parts"),
        "{e}"
    );
    assert_eq!(at(&e), (4, 13));
    let e = load_err(&format!("name = \"x\"\n\n  [{key}]\n{ONE_QUERY}"));
    assert!(e.message.contains("has 81 parts"), "{e}");
    assert_eq!(at(&e), (3, 4));
    // 80 parts are within the limit (the file then fails for the unknown field).
    let key = vec!["a"; 80].join(".");
    let e = load_err(&format!("name = \"x\"\n{key} = 1\n{ONE_QUERY}"));
    assert!(e.message.contains("unknown field `a`"), "{e}");
}

#[test]
fn an_integer_beyond_64_bits_is_named_with_its_range() {
    for (integer, column) in [
        ("9223372036854775808", 16),
        ("0x8000000000000000", 16),
        ("+9_223_372_036_854_775_808", 16),
        ("-9223372036854775809", 16),
        ("18446744073709551616", 16),
    ] {
        let e = load_err(&format!(
            "name = \"x\"\n{ONE_QUERY}expect = [{{x = {integer}}}]\n"
        ));
        assert!(
            e.message.contains(&format!(
                "integer {integer} is outside the 64-bit signed range"
            )),
            "{e}"
        );
        assert!(
            e.message
                .contains("-9223372036854775808 to 9223372036854775807"),
            "{e}"
        );
        assert_eq!(at(&e), (4, column), "{integer}");
    }
    // In `claims` too, and i64's own bounds are fine.
    let e = load_err(&format!(
        "name = \"x\"\n{ONE_QUERY}claims = {{ sub = \"a\", n = 9223372036854775808 }}\n"
    ));
    assert!(
        e.message.contains("integer 9223372036854775808 is outside"),
        "{e}"
    );
    assert_eq!(at(&e), (4, 27));
    let text = format!(
        "name = \"x\"\n{ONE_QUERY}expect = [{{x = 9223372036854775807}}, {{x = -9223372036854775808}}]\n"
    );
    assert!(load_str(Path::new("s.toml"), &text).is_ok());
}

#[test]
fn expect_values_nest_at_most_256_levels_even_through_dotted_keys() {
    // 78 inline tables of 80-part dotted keys: each within the TOML reader's
    // limits (80 levels with `expect`'s array and row), together 6,240
    // levels of tables.
    let key = vec!["a"; 80].join(".");
    let mut value = "1".to_string();
    for _ in 0..78 {
        value = format!("{{ {key} = {value} }}");
    }
    // The loader refuses it before the TOML reader, which overflowed a
    // test thread's stack on it, at the `=` of the key that goes too deep.
    let e = load_err(&format!(
        "name = \"x\"\n{ONE_QUERY}expect = [{{ x = {value} }}]\n"
    ));
    assert!(e.message.contains("values nested too deeply"), "{e}");
    assert!(
        e.message
            .contains("dotted keys nest 562 levels here, at most 512"),
        "{e}"
    );
    let (line, column) = at(&e);
    assert_eq!(line, 4);
    // Seven tables of 80 levels and `expect`'s array and row: 562 levels at
    // the seventh table's `=`.
    let seventh = (0..7).fold(0, |from, _| {
        from + value[from..].find(" = ").unwrap_or(0) + 1
    });
    assert_eq!(column, "expect = [{ x = ".len() + seventh + 1);
    // Below the file's limit, `expect` itself bounds its values at 256.
    let value = (0..4).fold("1".to_string(), |v, _| format!("{{ {key} = {v} }}"));
    let e = load_err(&format!(
        "name = \"x\"\n{ONE_QUERY}expect = [{{ x = {value} }}]\n"
    ));
    assert!(e.message.contains("`expect` row 1, column `x`"), "{e}");
    assert!(e.message.contains("nests 320 levels"), "{e}");
    assert!(e.message.contains("at most 256"), "{e}");
    assert_eq!(at(&e), (4, 10));
    // At the file's limit exactly (six tables, 30 arrays, the array and row
    // of `expect`: 512 levels) the TOML reader runs, on a test thread's
    // stack, and `expect` refuses the value.
    let inner = format!("{}1{}", "[".repeat(30), "]".repeat(30));
    let value = (0..6).fold(inner, |v, _| format!("{{ {key} = {v} }}"));
    let e = load_err(&format!(
        "name = \"x\"\n{ONE_QUERY}expect = [{{ x = {value} }}]\n"
    ));
    assert!(e.message.contains("nests 510 levels"), "{e}");
    // Three such tables (240 levels) and 16 arrays are 256 levels: fine;
    // a 17th array is one too many.
    let nested = |arrays: usize| {
        let inner = format!("{}1{}", "[".repeat(arrays), "]".repeat(arrays));
        let value = (0..3).fold(inner, |v, _| format!("{{ {key} = {v} }}"));
        format!("name = \"x\"\n{ONE_QUERY}expect = [{{ x = {value} }}]\n")
    };
    assert!(load_str(Path::new("s.toml"), &nested(16)).is_ok());
    let e = load_err(&nested(17));
    assert!(e.message.contains("nests 257 levels"), "{e}");
}

#[test]
fn a_flat_chain_and_real_nesting_are_told_apart_with_their_positions() {
    // RETURN 1+1+...: 101 `+`; the 100th would make the tree 101 levels deep.
    let chain = vec!["1"; 102].join("+");
    let e = load_err(&format!(
        "name = \"x\"\n[[query]]\ncypher = \"RETURN {chain} AS x\"\n"
    ));
    assert!(
        e.message
            .contains("in `cypher`: operator chain too long: `+` applied 100 times in a row"),
        "{e}"
    );
    assert!(!e.message.contains("nested"), "{e}");
    // `cypher = "RETURN 1` ends at column 18; the 100th `+` follows 99 `+1`.
    assert_eq!(at(&e), (3, 19 + 99 * 2));
    let parens = format!("{}1{}", "(".repeat(101), ")".repeat(101));
    let e = load_err(&format!(
        "name = \"x\"\n[[query]]\ncypher = \"RETURN {parens} AS x\"\n"
    ));
    assert!(
        e.message
            .contains("expression nested too deeply (limit 100)"),
        "{e}"
    );
    assert_eq!(at(&e), (3, 18 + 100), "the 101st `(`");
}

#[test]
fn a_year_out_of_range_is_named_with_its_position() {
    let e = load_err(&format!(
        "name = \"x\"\ngraph = \"CREATE ({{d: date('999999-01-01')}})\"\n{ONE_QUERY}"
    ));
    assert!(e.message.contains("in `graph`"), "{e}");
    assert!(
        e.message.contains(
            "year 999999 is out of range: Polygraph's dates have years -262143 to +262142"
        ),
        "{e}"
    );
    assert!(!e.message.contains("no such date"), "{e}");
    assert_eq!(at(&e), (2, 22), "at `date(`");
    // In a property rule of `security` too.
    let e = load_err(&format!(
        "name = \"x\"\nsecurity = \"\"\"\nCREATE ROLE r;\nGRANT READ {{k}} ON GRAPH * FOR (n) WHERE n.d < date('+1000000-01-01') TO r\n\"\"\"\n{ONE_QUERY}"
    ));
    assert!(e.message.contains("year +1000000 is out of range"), "{e}");
    assert_eq!(at(&e), (4, 41), "at the rule");
}
