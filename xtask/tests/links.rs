//! The repository explains itself (issue 9): a clone alone must hold every
//! document that the code, the corpora and the Markdown pages point to.
//!
//! Three checks over the tracked files (`git ls-files`, or a walk of the tree
//! without `target/` and `.git/` where git is not available), each failing
//! with one `file:line: reason` per offence:
//!
//! - no text file names the specification's old home outside the repository;
//! - every relative Markdown link in a `.md` file resolves to a file or
//!   folder of the repository (web links, `mailto:` and `#anchor` links are
//!   not followed; anchors are not checked);
//! - every rule id (N2, Q3, ...) cited in a Rust `//` comment, or in a corpus
//!   scenario's `#` comments, `name` or `source`, is defined in
//!   docs/spec/semantics.md as `**N2**`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// The rule families of docs/spec/semantics.md: data, users, privileges,
/// nodes, relationships, visibility, predicates, auth rules, OIDC,
/// blacklist, indexes, errors.
const FAMILIES: &str = "DUPNRVQAOBIE";

/// Where the specification lived before it moved into docs/: outside the
/// repository, so a clone does not have it. Written in pieces so that this
/// file does not name them itself.
fn outside_needles() -> [String; 2] {
    [
        [".", ".", "/", "shared"].concat(),
        ["shared", "/", "seeds"].concat(),
    ]
}

/// The workspace root: xtask's parent folder.
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The repository's files, relative to the root, with `/` separators.
fn repository_files(root: &Path) -> Vec<String> {
    if let Some(files) = git_files(root) {
        return files;
    }
    let mut files = Vec::new();
    walk(root, root, &mut files);
    files.sort();
    files
}

/// `git ls-files`, or None when git is missing or this is not a repository.
fn git_files(root: &Path) -> Option<Vec<String>> {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let files: Vec<String> = text
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    (!files.is_empty()).then_some(files)
}

/// Files under `dir`, skipping build output, git's folder and the fuzzers'
/// working folders that .gitignore keeps out of the repository.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(rel) = relative(root, &path) else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ignored = name == "target"
            || name == ".git"
            || ["fuzz/artifacts", "fuzz/coverage", "fuzz/corpus"].contains(&rel.as_str());
        if ignored {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(root, &path, out),
            Ok(t) if t.is_file() => out.push(rel),
            _ => {}
        }
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// A file's text, or None for a binary (not UTF-8, or with a NUL byte) or
/// missing file.
fn text(root: &Path, file: &str) -> Option<String> {
    let bytes = fs::read(root.join(file)).ok()?;
    if bytes.contains(&0) {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// Panics with every offence, one per line, or does nothing.
fn report(what: &str, offences: &[String]) {
    assert!(
        offences.is_empty(),
        "{what} ({} found):\n{}",
        offences.len(),
        offences.join("\n")
    );
}

// ---------------------------------------------------------------- (a)

#[test]
fn no_file_points_outside_the_repository() {
    let root = root();
    let needles = outside_needles();
    let mut offences = Vec::new();
    for file in repository_files(&root) {
        let Some(text) = text(&root, &file) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            for needle in &needles {
                if line.contains(needle.as_str()) {
                    offences.push(format!(
                        "{file}:{}: names `{needle}`, which a clone does not have (cite docs/spec/ instead)",
                        i + 1
                    ));
                }
            }
        }
    }
    report("references to files outside the repository", &offences);
}

// ---------------------------------------------------------------- (b)

/// The relative link targets of Markdown `[text](target)` links, with their
/// line numbers; fenced code blocks and inline code spans are skipped.
fn markdown_links(text: &str) -> Vec<(usize, String)> {
    let mut links = Vec::new();
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let prose = without_code_spans(line);
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after
                .find(|c: char| c == ')' || c.is_whitespace())
                .unwrap_or(after.len());
            let target = after[..end].trim_matches(|c| c == '<' || c == '>');
            if !target.is_empty() {
                links.push((i + 1, target.to_string()));
            }
            rest = &after[end..];
        }
    }
    links
}

/// `line` with the contents of `code spans` removed.
fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '`' {
            out.push(c);
            continue;
        }
        // A span opened by n backquotes closes at the next run of n.
        let mut n = 1;
        while chars.peek() == Some(&'`') {
            chars.next();
            n += 1;
        }
        let mut run = 0;
        for c in chars.by_ref() {
            if c == '`' {
                run += 1;
                if run == n {
                    break;
                }
            } else {
                run = 0;
            }
        }
    }
    out
}

/// `target` (relative to the folder `dir` of the linking file) as a path
/// from the root, or None when it climbs above the root.
fn resolve(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<String> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    for component in Path::new(target.trim_start_matches('/')).components() {
        match component {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    Some(parts.join("/"))
}

#[test]
fn markdown_links_resolve_inside_the_repository() {
    let root = root();
    let files = repository_files(&root);
    let known: BTreeSet<&str> = files.iter().map(String::as_str).collect();
    // Folders are valid targets too (`[corpora/](corpora/)`).
    let folders: BTreeSet<String> = files
        .iter()
        .flat_map(|f| {
            let parts: Vec<&str> = f.split('/').collect();
            (1..parts.len())
                .map(|n| parts[..n].join("/"))
                .collect::<Vec<_>>()
        })
        .chain([String::new()])
        .collect();
    let mut offences = Vec::new();
    for file in files.iter().filter(|f| f.ends_with(".md")) {
        let Some(text) = text(&root, file) else {
            continue;
        };
        let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
        for (line, target) in markdown_links(&text) {
            let lower = target.to_ascii_lowercase();
            let external = ["http://", "https://", "mailto:"]
                .iter()
                .any(|s| lower.starts_with(s));
            if external || target.starts_with('#') {
                continue;
            }
            let path = target.split('#').next().unwrap_or("");
            match resolve(dir, path) {
                None => offences.push(format!(
                    "{file}:{line}: link `{target}` leaves the repository"
                )),
                Some(p) => {
                    let p = p.trim_end_matches('/');
                    if !known.contains(p) && !folders.contains(p) {
                        offences.push(format!(
                            "{file}:{line}: link `{target}` names no file of the repository ({p})"
                        ));
                    }
                }
            }
        }
    }
    report("broken relative Markdown links", &offences);
}

// ---------------------------------------------------------------- (c)

/// Rule ids in `text`: a family letter followed by digits, as a whole word
/// (`N2`, `Q3`; not `Match2`, `0xB2`, `N2a` or a version such as `V1.2`).
fn rule_ids(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut ids = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = FAMILIES.contains(chars[i]) && (i == 0 || !word(chars[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let digits = j > i + 1;
        let ends = j == chars.len() || !word(chars[j]);
        let version = j + 1 < chars.len() && chars[j] == '.' && chars[j + 1].is_ascii_digit();
        if digits && ends && !version {
            ids.push(chars[i..j].iter().collect());
        }
        i = j.max(i + 1);
    }
    ids
}

/// The rule ids docs/spec/semantics.md defines, written `**N2**`.
fn defined_ids(spec: &str) -> BTreeSet<String> {
    spec.split("**")
        .skip(1)
        .step_by(2)
        .filter(|bold| {
            let mut chars = bold.chars();
            chars.next().is_some_and(|c| FAMILIES.contains(c))
                && bold.len() > 1
                && chars.all(|c| c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect()
}

/// The text of Rust `//` comments (`///` and `//!` included), with their
/// line numbers. String, raw string and char literals are skipped so that
/// `"https://..."` is not taken for a comment.
fn rust_comments(src: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |k: usize| chars.get(k).copied();
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if at(i + 1) == Some('/') => {
                let start = i;
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                out.push((line, chars[start..i].iter().collect()));
            }
            '/' if at(i + 1) == Some('*') => {
                // Block comments (nested) are not citations the check reads;
                // skip them, counting lines.
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && at(i + 1) == Some('*') {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && at(i + 1) == Some('/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if chars[i] == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            'r' if raw_string_start(&chars, i).is_some() => {
                let (hashes, open) = raw_string_start(&chars, i).unwrap_or((0, i));
                i = open + 1;
                while i < chars.len() {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    if chars[i] == '"' && (1..=hashes).all(|h| at(i + h) == Some('#')) {
                        i += 1 + hashes;
                        break;
                    }
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    if at(i) == Some('\n') {
                        line += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            '\'' => {
                // A char literal ('a', '\n', '"') or a lifetime ('a).
                if at(i + 1) == Some('\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if at(i + 2) == Some('\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// At `chars[i] == 'r'`: a raw string `r"`, `r#"`, `br##"` ... starts here
/// (and `r` is not the end of an identifier): its `#` count and the index
/// of its opening quote.
fn raw_string_start(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let before = i.checked_sub(1).map(|k| chars[k]);
    let ident_before = |c: char| c.is_alphanumeric() || c == '_';
    match before {
        Some('b') => {
            let before_b = i.checked_sub(2).map(|k| chars[k]);
            if before_b.is_some_and(ident_before) {
                return None;
            }
        }
        Some(c) if ident_before(c) => return None,
        _ => {}
    }
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some((j - i - 1, j))
}

/// The parts of a scenario file that cite rules, with their line numbers:
/// `#` comments and the values of `name` and `source` keys. Multi-line
/// strings (`graph`, `security`, `config`, `cypher`) are skipped, so a `#`
/// line of a `config` script or a label `A1` in Cypher is not read.
fn toml_citations(src: &str) -> Vec<(usize, String)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Str {
        Basic,
        Literal,
        MultiBasic,
        MultiLiteral,
    }
    let chars: Vec<char> = src.chars().collect();
    let at = |k: usize| chars.get(k).copied();
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Where the current line starts: the text from there to a string's
    // opening quote says whether it is the value of `name` or `source`.
    let mut line_start = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
            line_start = i;
            continue;
        }
        if c == '#' {
            let start = i;
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            out.push((line, chars[start..i].iter().collect()));
            continue;
        }
        let kind = match c {
            '"' if at(i + 1) == Some('"') && at(i + 2) == Some('"') => Some(Str::MultiBasic),
            '"' => Some(Str::Basic),
            '\'' if at(i + 1) == Some('\'') && at(i + 2) == Some('\'') => Some(Str::MultiLiteral),
            '\'' => Some(Str::Literal),
            _ => None,
        };
        let Some(kind) = kind else {
            i += 1;
            continue;
        };
        let key: String = chars[line_start..i].iter().collect();
        let key = key.trim();
        let cites = ["name", "source"]
            .iter()
            .any(|k| key.strip_prefix(k).is_some_and(|rest| rest.trim() == "="));
        let multi = matches!(kind, Str::MultiBasic | Str::MultiLiteral);
        i += if multi { 3 } else { 1 };
        let mut value = String::new();
        let mut value_line = line;
        while let Some(c) = at(i) {
            let closes = match kind {
                Str::Basic => c == '"',
                Str::Literal => c == '\'',
                Str::MultiBasic => c == '"' && at(i + 1) == Some('"') && at(i + 2) == Some('"'),
                Str::MultiLiteral => {
                    c == '\'' && at(i + 1) == Some('\'') && at(i + 2) == Some('\'')
                }
            };
            if closes {
                i += if multi { 3 } else { 1 };
                break;
            }
            if c == '\\' && matches!(kind, Str::Basic | Str::MultiBasic) {
                value.push(c);
                i += 1;
                if let Some(next) = at(i) {
                    if next == '\n' {
                        line += 1;
                    }
                    value.push(next);
                    i += 1;
                }
                continue;
            }
            if c == '\n' {
                if cites {
                    out.push((value_line, std::mem::take(&mut value)));
                }
                line += 1;
                value_line = line;
                i += 1;
                continue;
            }
            value.push(c);
            i += 1;
        }
        if cites && !value.is_empty() {
            out.push((value_line, value));
        }
    }
    out
}

#[test]
fn cited_rule_ids_are_defined_in_the_specification() {
    let root = root();
    let spec_path = "docs/spec/semantics.md";
    let spec = text(&root, spec_path).unwrap_or_default();
    let defined = defined_ids(&spec);
    assert!(
        defined.len() > 40,
        "{spec_path} defines only {} rule ids ({defined:?}): is it there?",
        defined.len()
    );
    let mut offences = Vec::new();
    for file in repository_files(&root) {
        let citations = if file.ends_with(".rs") {
            text(&root, &file).map(|t| rust_comments(&t))
        } else if file.starts_with("corpora/") && file.ends_with(".toml") {
            text(&root, &file).map(|t| toml_citations(&t))
        } else {
            None
        };
        for (line, cited) in citations.unwrap_or_default() {
            for id in rule_ids(&cited) {
                if !defined.contains(&id) {
                    offences.push(format!(
                        "{file}:{line}: cites {id}, which {spec_path} does not define (as **{id}**)"
                    ));
                }
            }
        }
    }
    report("rule ids cited but not defined", &offences);
}

// ------------------------------------------------- the checks' own parts

#[test]
fn rule_ids_are_whole_words_of_the_families() {
    assert_eq!(
        rule_ids("N2, Q3 (V4-V6; U1–U5) E2."),
        ["N2", "Q3", "V4", "V6", "U1", "U5", "E2"]
    );
    // Not ids: other letters, ids inside words, hex, versions, bare letters.
    assert!(rule_ids("Match2 X1 0xB2 N2a aN2 V1.2 N P").is_empty());
}

#[test]
fn defined_ids_are_the_bold_rule_ids() {
    let spec = "- **D1** data. **Decision:** x. **N12** y **not** **Q** **A1b**";
    let ids: Vec<String> = defined_ids(spec).into_iter().collect();
    assert_eq!(ids, ["D1", "N12"]);
}

#[test]
fn rust_comments_skip_literals() {
    let src = "let a = \"https://x N9\"; // N2\nlet b = r#\"// Q9\"#;\n/* E9 */ let c = '\"'; /// V1\nfn f<'a>() {} // P1";
    let comments = rust_comments(src);
    let lines: Vec<usize> = comments.iter().map(|(l, _)| *l).collect();
    let texts: Vec<&str> = comments.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(lines, [1, 3, 4]);
    assert_eq!(texts, ["// N2", "/// V1", "// P1"]);
}

#[test]
fn toml_citations_are_comments_name_and_source_only() {
    let src = "name = \"hides N2\"\nsource = \"\"\"\nfrom Q3\nand V1\n\"\"\"\n# says P1\nconfig = \"\"\"\n# E9\n\"\"\"\n[[query]]\ncypher = \"MATCH (n:A1) RETURN n.name AS name\"  # I2\nexpect = [ { name = \"B9\" } ]\n";
    let got = toml_citations(src);
    let ids: Vec<(usize, Vec<String>)> = got
        .iter()
        .map(|(l, t)| (*l, rule_ids(t)))
        .filter(|(_, ids)| !ids.is_empty())
        .collect();
    let want: Vec<(usize, Vec<String>)> = vec![
        (1, vec!["N2".into()]),
        (3, vec!["Q3".into()]),
        (4, vec!["V1".into()]),
        (6, vec!["P1".into()]),
        (11, vec!["I2".into()]),
    ];
    assert_eq!(ids, want);
}

#[test]
fn markdown_links_skip_code_and_resolve_relative_to_the_file() {
    let md = "See [spec](spec/semantics.md#sources) and `[x](nowhere.md)`.\n```\n[y](nowhere.md)\n```\n[web](https://example.test) [up](../README.md)\n";
    let links: Vec<(usize, String)> = markdown_links(md);
    assert_eq!(
        links,
        [
            (1, "spec/semantics.md#sources".to_string()),
            (5, "https://example.test".to_string()),
            (5, "../README.md".to_string()),
        ]
    );
    assert_eq!(
        resolve("docs", "spec/semantics.md").as_deref(),
        Some("docs/spec/semantics.md")
    );
    assert_eq!(
        resolve("docs", "../README.md").as_deref(),
        Some("README.md")
    );
    assert_eq!(resolve("", "../elsewhere/x.md"), None);
}
