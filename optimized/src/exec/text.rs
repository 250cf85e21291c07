//! The scalar functions of more than one argument (`range`, `nullIf`,
//! `left`, `right`, `substring`, `replace`, `split`, `btrim`, `ltrim`,
//! `rtrim`) and the whitespace rule of the trim functions. Each follows
//! its Cypher Manual entry; docs/spec/semantics.md section 11 holds the
//! decisions where the manual is silent.

use model::engine::EngineError;
use model::error::{ErrorKind, Operation, Resource};
use model::functions::{Function, RANGE_LIMIT};
use model::value::Value;

use super::operators::type_error;

fn refused(function: Function, arg: &Value) -> EngineError {
    type_error(Operation::Function(function), &[arg])
}

fn invalid(function: Function, reason: String) -> EngineError {
    EngineError::of(ErrorKind::InvalidArgument { function, reason })
}

fn missing(function: Function) -> EngineError {
    EngineError::of(ErrorKind::Internal(format!(
        "{}() without its arguments",
        function.name()
    )))
}

/// Calls one of this module's functions on its arguments (the parser
/// checked how many).
pub fn call(function: Function, args: Vec<Value>) -> Result<Value, EngineError> {
    match function {
        Function::Range => range(&args),
        Function::NullIf => match <[Value; 2]>::try_from(args) {
            // GQL: NULLIF(a, b) is CASE WHEN a = b THEN NULL ELSE a END.
            Ok([a, b]) => Ok(if a.cypher_equals(&b) == Some(true) {
                Value::Null
            } else {
                a
            }),
            Err(_) => Err(missing(function)),
        },
        Function::Left | Function::Right => cut(function, &args),
        Function::Substring => substring(&args),
        Function::Replace => replace(&args),
        Function::Split => split(&args),
        Function::Btrim | Function::Ltrim | Function::Rtrim => trim(function, &args),
        _ => Err(missing(function)),
    }
}

/// Java's `Character.isWhitespace` (Neo4j trims with it): separators of
/// Unicode categories Zs, Zl and Zp except the three no-break spaces, and
/// the ASCII controls tab to carriage return and U+001C to U+001F.
pub fn is_whitespace(c: char) -> bool {
    let code = u32::from(c);
    match code {
        0x09..=0x0D | 0x1C..=0x20 => true,
        0x1680 | 0x2028 | 0x2029 | 0x205F | 0x3000 => true,
        0x2000..=0x200A => code != 0x2007,
        _ => false,
    }
}

/// `trim(s)`: whitespace removed from both ends.
pub fn trim_whitespace(s: &str) -> String {
    s.trim_matches(is_whitespace).to_string()
}

/// `range(start, end[, step])`: an arithmetic progression from start,
/// end included when it falls on a step. Null anywhere gives null.
fn range(args: &[Value]) -> Result<Value, EngineError> {
    let f = Function::Range;
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let mut ints = [0i64, 0, 1];
    for (slot, arg) in ints.iter_mut().zip(args) {
        match arg {
            Value::Integer(i) => *slot = *i,
            other => return Err(refused(f, other)),
        }
    }
    let [start, end, step] = ints;
    if step == 0 {
        return Err(invalid(f, "the step is 0".into()));
    }
    let distance = i128::from(end) - i128::from(start);
    let step_wide = i128::from(step);
    let len: i128 = if distance == 0 || (distance > 0) == (step > 0) {
        distance / step_wide + 1
    } else {
        0
    };
    if len > i128::from(RANGE_LIMIT) {
        return Err(EngineError::of(ErrorKind::ResourceLimit(
            Resource::RangeElements { elements: len },
        )));
    }
    let len = usize::try_from(len).unwrap_or(0);
    let items = (0..len)
        .scan(i128::from(start), |at, _| {
            let v = *at;
            *at += step_wide;
            Some(v)
        })
        .map(|v| i64::try_from(v).map(Value::Integer))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| missing(f))?;
    Ok(Value::List(items))
}

/// A length or position argument: a non-negative integer. Null and
/// negative numbers are invalid arguments, other types a type error.
fn amount(f: Function, name: &str, v: Option<&Value>) -> Result<usize, EngineError> {
    match v {
        Some(Value::Integer(i)) => {
            usize::try_from(*i).map_err(|_| invalid(f, format!("the {name} {i} is negative")))
        }
        Some(Value::Null) => Err(invalid(f, format!("the {name} is null"))),
        Some(other) => Err(refused(f, other)),
        None => Err(missing(f)),
    }
}

/// The string first argument of a function that maps a null one to null.
fn text_of(f: Function, v: Option<&Value>) -> Result<Option<&str>, EngineError> {
    match v {
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Null) => Ok(None),
        Some(other) => Err(refused(f, other)),
        None => Err(missing(f)),
    }
}

/// `left(s, n)`, `right(s, n)`.
fn cut(f: Function, args: &[Value]) -> Result<Value, EngineError> {
    let Some(s) = text_of(f, args.first())? else {
        return Ok(Value::Null);
    };
    let n = amount(f, "length", args.get(1))?;
    let total = s.chars().count();
    let keep = n.min(total);
    let out: String = if f == Function::Left {
        s.chars().take(keep).collect()
    } else {
        s.chars().skip(total - keep).collect()
    };
    Ok(Value::String(out))
}

/// `substring(s, start[, length])`, counted in characters from 0.
fn substring(args: &[Value]) -> Result<Value, EngineError> {
    let f = Function::Substring;
    let Some(s) = text_of(f, args.first())? else {
        return Ok(Value::Null);
    };
    let start = amount(f, "start", args.get(1))?;
    let length = if args.len() > 2 {
        amount(f, "length", args.get(2))?
    } else {
        usize::MAX
    };
    Ok(Value::String(s.chars().skip(start).take(length).collect()))
}

/// `replace(s, search, replacement)`; null anywhere gives null.
fn replace(args: &[Value]) -> Result<Value, EngineError> {
    let f = Function::Replace;
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let texts = args
        .iter()
        .map(|a| match a {
            Value::String(s) => Ok(s.as_str()),
            other => Err(refused(f, other)),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let [s, search, with] = texts.as_slice() else {
        return Err(missing(f));
    };
    Ok(Value::String(s.replace(search, with)))
}

/// `split(s, delimiters)`: the text between any two delimiters (a string
/// or a list of strings), empty pieces kept. Decisions: an empty text is
/// one empty piece; empty delimiters are ignored, and with none left the
/// text splits into its characters.
fn split(args: &[Value]) -> Result<Value, EngineError> {
    let f = Function::Split;
    let Some(s) = text_of(f, args.first())? else {
        return Ok(Value::Null);
    };
    let mut delimiters: Vec<&str> = match args.get(1) {
        Some(Value::Null) => return Ok(Value::Null),
        Some(Value::String(d)) => vec![d.as_str()],
        Some(Value::List(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(d) => Ok(d.as_str()),
                other => Err(refused(f, other)),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => return Err(refused(f, other)),
        None => return Err(missing(f)),
    };
    delimiters.retain(|d| !d.is_empty());
    let piece = |p: &str| Value::String(p.to_string());
    if s.is_empty() {
        return Ok(Value::List(vec![piece("")]));
    }
    if delimiters.is_empty() {
        return Ok(Value::List(
            s.chars().map(|c| Value::String(c.to_string())).collect(),
        ));
    }
    let mut out = Vec::new();
    let mut from = 0;
    let mut at = 0;
    while at < s.len() {
        let rest = s.get(at..).unwrap_or("");
        // At each position the first delimiter of the list that matches.
        if let Some(d) = delimiters.iter().find(|d| rest.starts_with(**d)) {
            out.push(piece(s.get(from..at).unwrap_or("")));
            at += d.len();
            from = at;
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push(piece(s.get(from..).unwrap_or("")));
    Ok(Value::List(out))
}

/// `btrim`, `ltrim`, `rtrim` with an optional set of characters to trim
/// (every character of the second argument; whitespace without it).
fn trim(f: Function, args: &[Value]) -> Result<Value, EngineError> {
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let Some(s) = text_of(f, args.first())? else {
        return Ok(Value::Null);
    };
    let set = match args.get(1) {
        Some(Value::String(chars)) => Some(chars.as_str()),
        Some(other) => return Err(refused(f, other)),
        None => None,
    };
    let drop = |c: char| match set {
        Some(chars) => chars.contains(c),
        None => is_whitespace(c),
    };
    let out = match f {
        Function::Ltrim => s.trim_start_matches(drop),
        Function::Rtrim => s.trim_end_matches(drop),
        _ => s.trim_matches(drop),
    };
    Ok(Value::String(out.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::String(x.into())
    }

    fn ints(xs: &[i64]) -> Value {
        Value::List(xs.iter().map(|i| Value::Integer(*i)).collect())
    }

    #[test]
    fn range_follows_the_manual() {
        let r = |a: &[i64]| range(&a.iter().map(|i| Value::Integer(*i)).collect::<Vec<_>>());
        assert_eq!(r(&[0, 10]), Ok(ints(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])));
        assert_eq!(r(&[2, 18, 3]), Ok(ints(&[2, 5, 8, 11, 14, 17])));
        assert_eq!(r(&[0, 5, -1]), Ok(ints(&[])));
        assert_eq!(r(&[5, 5, -3]), Ok(ints(&[5])));
        assert_eq!(
            r(&[i64::MAX - 1, i64::MAX]),
            Ok(ints(&[i64::MAX - 1, i64::MAX]))
        );
        assert!(matches!(r(&[0, 1, 0]).map_err(|e| e.code()), Err("22N11")));
        assert!(matches!(
            r(&[i64::MIN, i64::MAX]).map_err(|e| e.code()),
            Err("51N66")
        ));
    }

    #[test]
    fn split_keeps_empty_pieces() {
        let list = |xs: &[&str]| Value::List(xs.iter().map(|x| s(x)).collect());
        assert_eq!(split(&[s("one,two"), s(",")]), Ok(list(&["one", "two"])));
        assert_eq!(split(&[s(",a,,"), s(",")]), Ok(list(&["", "a", "", ""])));
        assert_eq!(split(&[s("aé"), s("")]), Ok(list(&["a", "é"])));
        assert_eq!(
            split(&[s("a-b_c"), list(&["-", "_"])]),
            Ok(list(&["a", "b", "c"]))
        );
        assert_eq!(split(&[s(""), s(",")]), Ok(list(&[""])));
    }

    #[test]
    fn whitespace_is_javas() {
        assert!(is_whitespace(' ') && is_whitespace('\t') && is_whitespace('\u{1f}'));
        assert!(!is_whitespace('\u{a0}') && !is_whitespace('\u{2007}'));
        assert!(!is_whitespace('\u{85}') && !is_whitespace('x'));
        assert_eq!(
            trim(Function::Btrim, &[s("xxyyhelloxyxy"), s("xy")]),
            Ok(s("hello"))
        );
        assert_eq!(
            trim(Function::Ltrim, &[s("xxyyhelloxyxy"), s("xy")]),
            Ok(s("helloxyxy"))
        );
        assert_eq!(trim(Function::Rtrim, &[s("hello   ")]), Ok(s("hello")));
    }
}
