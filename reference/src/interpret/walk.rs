//! Generic traversal of expressions: the direct children of a node, and a
//! top-down rewrite. Every pass that looks for or replaces sub-expressions
//! (aggregates, ORDER BY aliases) goes through here, so the list of
//! variants is written once.

use model::ast::Expr;

/// The direct sub-expressions of `e`, in source order.
pub(crate) fn children(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Literal(_) | Expr::Variable(_) | Expr::CountStar => Vec::new(),
        Expr::Property(inner, _) | Expr::HasLabels(inner, _) | Expr::Unary(_, inner) => {
            vec![inner]
        }
        Expr::IsNull { expr, .. } => vec![expr],
        Expr::Index(a, b) | Expr::Binary(_, a, b) => vec![a, b],
        Expr::Slice(list, from, to) => {
            let mut out: Vec<&Expr> = vec![list];
            out.extend(from.as_deref());
            out.extend(to.as_deref());
            out
        }
        Expr::List(items) => items.iter().collect(),
        Expr::Map(entries) => entries.iter().map(|(_, v)| v).collect(),
        Expr::Function { args, .. } => args.iter().collect(),
        Expr::Case {
            operand,
            whens,
            otherwise,
        } => {
            let mut out: Vec<&Expr> = operand.as_deref().into_iter().collect();
            for (w, t) in whens {
                out.push(w);
                out.push(t);
            }
            out.extend(otherwise.as_deref());
            out
        }
        Expr::ListComprehension {
            list, filter, map, ..
        } => {
            let mut out: Vec<&Expr> = vec![list];
            out.extend(filter.as_deref());
            out.extend(map.as_deref());
            out
        }
        Expr::Quantifier {
            list, predicate, ..
        } => vec![list, predicate],
        Expr::Reduce {
            init, list, expr, ..
        } => vec![init, list, expr],
    }
}

/// Whether `e` or any sub-expression satisfies `pred`.
pub(crate) fn any(e: &Expr, pred: &dyn Fn(&Expr) -> bool) -> bool {
    pred(e) || children(e).into_iter().any(|c| any(c, pred))
}

/// Rebuilds `e` top-down: where `replace` returns `Some`, that replaces the
/// whole sub-expression (and is not descended into).
pub(crate) fn rewrite(e: &Expr, replace: &dyn Fn(&Expr) -> Option<Expr>) -> Expr {
    if let Some(new) = replace(e) {
        return new;
    }
    let r = |x: &Expr| Box::new(rewrite(x, replace));
    let ro = |x: &Option<Box<Expr>>| x.as_deref().map(|x| Box::new(rewrite(x, replace)));
    match e {
        Expr::Literal(_) | Expr::Variable(_) | Expr::CountStar => e.clone(),
        Expr::Property(inner, key) => Expr::Property(r(inner), key.clone()),
        Expr::HasLabels(inner, labels) => Expr::HasLabels(r(inner), labels.clone()),
        Expr::Unary(op, inner) => Expr::Unary(*op, r(inner)),
        Expr::IsNull { expr, negated } => Expr::IsNull {
            expr: r(expr),
            negated: *negated,
        },
        Expr::Index(a, b) => Expr::Index(r(a), r(b)),
        Expr::Binary(op, a, b) => Expr::Binary(*op, r(a), r(b)),
        Expr::Slice(list, from, to) => Expr::Slice(r(list), ro(from), ro(to)),
        Expr::List(items) => Expr::List(items.iter().map(|x| rewrite(x, replace)).collect()),
        Expr::Map(entries) => Expr::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), rewrite(v, replace)))
                .collect(),
        ),
        Expr::Function {
            name,
            distinct,
            args,
        } => Expr::Function {
            name: name.clone(),
            distinct: *distinct,
            args: args.iter().map(|x| rewrite(x, replace)).collect(),
        },
        Expr::Case {
            operand,
            whens,
            otherwise,
        } => Expr::Case {
            operand: ro(operand),
            whens: whens
                .iter()
                .map(|(w, t)| (rewrite(w, replace), rewrite(t, replace)))
                .collect(),
            otherwise: ro(otherwise),
        },
        Expr::ListComprehension {
            var,
            list,
            filter,
            map,
        } => Expr::ListComprehension {
            var: var.clone(),
            list: r(list),
            filter: ro(filter),
            map: ro(map),
        },
        Expr::Quantifier {
            kind,
            var,
            list,
            predicate,
        } => Expr::Quantifier {
            kind: *kind,
            var: var.clone(),
            list: r(list),
            predicate: r(predicate),
        },
        Expr::Reduce {
            acc,
            init,
            var,
            list,
            expr,
        } => Expr::Reduce {
            acc: acc.clone(),
            init: r(init),
            var: var.clone(),
            list: r(list),
            expr: r(expr),
        },
    }
}
