//! Property-rule segments of privilege commands (P2, Q1, Q2):
//! `FOR (n[:L1|L2]) WHERE pred`, `FOR (n:L WHERE pred)`, `FOR (n[:L]) {k: v}`,
//! `FOR ([n][:L] {k: v})` and the same inside `FOR ()-[r[:T1|T2] ...]-()`,
//! with the predicate turned into a [`PropertyRule`] and everything Q2
//! forbids rejected by name. A map-form rule without a variable gets `n`
//! (nodes) or `r` (relationships) as its display variable.

use crate::admin::SegmentSpec;
use crate::ast::{BinaryOp, Expr, UnaryOp};
use crate::catalog::{PropertyRule, RuleOp, RulePredicate};
use crate::cypher::constant::constant;
use crate::cypher::lexer::Sym;
use crate::cypher::parser::{PResult, Parser};
use crate::error::SyntaxError;
use crate::value::Value;

impl Parser<'_> {
    /// After `FOR`: a node or relationship property-rule segment.
    pub(crate) fn rule_segment(&mut self) -> PResult<SegmentSpec> {
        if self.at_sym(Sym::LParen) && self.sym_at(1, Sym::RParen) {
            return self.rel_rule();
        }
        self.expect_sym(Sym::LParen, "'(' after FOR")?;
        let var = self.rule_var()?;
        let labels = self.alternatives("a label")?;
        let inner = self.inner_rule(var.as_deref(), "n")?;
        self.expect_sym(Sym::RParen, "')' to close node pattern")?;
        let rule = match inner {
            Some(rule) => rule,
            None => self.rule_body(var.as_deref(), "n")?,
        };
        Ok(SegmentSpec::NodeRule { labels, rule })
    }

    /// The optional variable of a rule pattern.
    fn rule_var(&mut self) -> PResult<Option<String>> {
        if self.at_name() && !self.at_kw("WHERE") {
            Ok(Some(self.name("a variable")?))
        } else {
            Ok(None)
        }
    }

    /// A rule written inside the pattern: `{k: v}` or `WHERE pred`.
    fn inner_rule(
        &mut self,
        var: Option<&str>,
        default_var: &str,
    ) -> PResult<Option<PropertyRule>> {
        if self.at_kw("WHERE") || self.at_sym(Sym::LBrace) {
            Ok(Some(self.rule_body(var, default_var)?))
        } else {
            Ok(None)
        }
    }

    /// `()-[r[:T1|T2]]-() WHERE pred`, `()-[r:T WHERE pred]-()` or
    /// `()-[:T {k: v}]-()` (either arrow direction accepted).
    fn rel_rule(&mut self) -> PResult<SegmentSpec> {
        self.advance();
        self.advance();
        self.eat_sym(Sym::Lt);
        self.expect_sym(Sym::Minus, "'-[' in the relationship rule")?;
        self.expect_sym(Sym::LBracket, "'[' in the relationship rule")?;
        let var = self.rule_var()?;
        let rel_types = self.alternatives("a relationship type")?;
        let inner = self.inner_rule(var.as_deref(), "r")?;
        self.expect_sym(Sym::RBracket, "']' to close relationship pattern")?;
        self.expect_sym(Sym::Minus, "'-' in the relationship rule")?;
        self.eat_sym(Sym::Gt);
        self.expect_sym(Sym::LParen, "'()' in the relationship rule")?;
        self.expect_sym(Sym::RParen, "')' to close node pattern")?;
        let rule = match inner {
            Some(rule) => rule,
            None => self.rule_body(var.as_deref(), "r")?,
        };
        Ok(SegmentSpec::RelRule { rel_types, rule })
    }

    /// `WHERE pred` or `{k: v}` after the pattern.
    fn rule_body(&mut self, var: Option<&str>, default_var: &str) -> PResult<PropertyRule> {
        if self.at_kw("WHERE") {
            return self.rule_where(var);
        }
        if !self.at_sym(Sym::LBrace) {
            return Err(self.expected("WHERE or {key: value} in the property rule"));
        }
        let at = self.offset();
        let mut offsets = Vec::new();
        let (entries, _) = self.map_entries(&mut offsets)?;
        let var = var.unwrap_or(default_var);
        map_rule(var, &entries).map_err(|m| SyntaxError::new(at, m))
    }

    /// `WHERE pred` on variable `var`.
    fn rule_where(&mut self, var: Option<&str>) -> PResult<PropertyRule> {
        self.expect_kw("WHERE", "in the property rule")?;
        let at = self.offset();
        let predicate = self.expression()?;
        let Some(var) = var else {
            return Err(SyntaxError::new(
                at,
                "a property rule with WHERE needs a variable in its pattern",
            ));
        };
        property_rule(var, &predicate).map_err(|m| SyntaxError::new(at, m))
    }
}

/// A constant of a rule: not null, not NaN (Q2).
fn rule_value(expr: &Expr) -> Result<Value, String> {
    if matches!(expr, Expr::Property(..)) {
        return Err("property on the right-hand side of a property rule".into());
    }
    let value = constant(expr).map_err(|m| format!("property rule: {m}"))?;
    match &value {
        Value::Null => Err("null is not allowed in a property rule".into()),
        Value::Float(f) if f.is_nan() => Err("NaN is not allowed in a property rule".into()),
        _ => Ok(value),
    }
}

/// The key of `var.key`, or an error naming what else was written.
fn rule_key(var: &str, expr: &Expr) -> Result<String, String> {
    match expr {
        Expr::Property(inner, key) => match inner.as_ref() {
            Expr::Variable(v) if v == var => Ok(key.clone()),
            Expr::Variable(v) => Err(format!(
                "variable `{v}` in a property rule is not the FOR variable `{var}`"
            )),
            _ => Err(format!(
                "a property rule must constrain a property of `{var}` ({var}.key)"
            )),
        },
        _ => Err(format!(
            "a property rule must constrain a property of `{var}` ({var}.key)"
        )),
    }
}

fn rule_op(op: BinaryOp) -> Option<RuleOp> {
    Some(match op {
        BinaryOp::Equal => RuleOp::Equal,
        BinaryOp::NotEqual => RuleOp::NotEqual,
        BinaryOp::Less => RuleOp::Less,
        BinaryOp::LessEqual => RuleOp::LessEqual,
        BinaryOp::Greater => RuleOp::Greater,
        BinaryOp::GreaterEqual => RuleOp::GreaterEqual,
        _ => return None,
    })
}

/// Turns a WHERE predicate into a rule on `var` (Q1), enforcing Q2.
pub(crate) fn property_rule(var: &str, predicate: &Expr) -> Result<PropertyRule, String> {
    let mut negated = false;
    let mut e = predicate;
    while let Expr::Unary(UnaryOp::Not, inner) = e {
        negated = !negated;
        e = inner;
    }
    let (key, predicate) = match e {
        Expr::Binary(op @ (BinaryOp::And | BinaryOp::Or | BinaryOp::Xor), ..) => {
            let name = match op {
                BinaryOp::And => "AND",
                BinaryOp::Or => "OR",
                _ => "XOR",
            };
            return Err(format!(
                "a property rule cannot combine predicates with {name}: one property, one condition"
            ));
        }
        Expr::IsNull { expr, negated } => {
            let key = rule_key(var, expr)?;
            let p = if *negated {
                RulePredicate::IsNotNull
            } else {
                RulePredicate::IsNull
            };
            (key, p)
        }
        Expr::Binary(BinaryOp::In, lhs, rhs) => in_rule(var, lhs, rhs)?,
        Expr::Binary(op, lhs, rhs) => {
            let Some(rule_op) = rule_op(*op) else {
                return Err(unsupported_predicate(var));
            };
            if !matches!(lhs.as_ref(), Expr::Property(..)) {
                if matches!(rhs.as_ref(), Expr::Property(..)) {
                    return Err("property on the right-hand side of a property rule".into());
                }
                return Err(rule_key(var, lhs).err().unwrap_or_default());
            }
            if matches!(rhs.as_ref(), Expr::Property(..)) {
                return Err("a property rule can use only one property".into());
            }
            let key = rule_key(var, lhs)?;
            (key, RulePredicate::Compare(rule_op, rule_value(rhs)?))
        }
        _ => return Err(unsupported_predicate(var)),
    };
    Ok(PropertyRule {
        var: var.to_string(),
        key,
        predicate,
        negated,
        map_form: false,
    })
}

/// `n.k IN [v, ...]` or `v IN n.k`.
fn in_rule(var: &str, lhs: &Expr, rhs: &Expr) -> Result<(String, RulePredicate), String> {
    match (lhs, rhs) {
        (Expr::Property(..), Expr::Property(..)) => {
            Err("a property rule can use only one property".into())
        }
        (Expr::Property(..), list) => {
            let key = rule_key(var, lhs)?;
            match rule_value(list)? {
                Value::List(values) => Ok((key, RulePredicate::InList(values))),
                _ => Err(format!("`{var}.{key} IN` needs a list of values")),
            }
        }
        (value, Expr::Property(..)) => {
            let key = rule_key(var, rhs)?;
            Ok((key, RulePredicate::Contains(rule_value(value)?)))
        }
        _ => Err(unsupported_predicate(var)),
    }
}

fn unsupported_predicate(var: &str) -> String {
    format!(
        "unsupported property rule: expected {var}.key <op> value, {var}.key IS [NOT] NULL, \
         {var}.key IN [values] or value IN {var}.key"
    )
}

/// `{k: v}`: equality on exactly one key.
fn map_rule(var: &str, entries: &[(String, Expr)]) -> Result<PropertyRule, String> {
    let [(key, value)] = entries else {
        return Err("the map form of a property rule takes exactly one property".into());
    };
    Ok(PropertyRule {
        var: var.to_string(),
        key: key.clone(),
        predicate: RulePredicate::Compare(RuleOp::Equal, rule_value(value)?),
        negated: false,
        map_form: true,
    })
}
