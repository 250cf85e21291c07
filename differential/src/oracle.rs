//! Asking every engine the same question and judging the answers: the one
//! way Polygraph runs engines side by side. [`Oracle`] holds any number of
//! engines (`&mut [&mut dyn Engine]`), gives them a world, and for each
//! request returns every engine's answer with the first disagreement,
//! each engine compared with the first one (the reference, by convention).

use std::sync::Arc;

use model::ast::Query;
use model::engine::{Engine, EngineError, Transaction, Visibility};
use model::rows::QueryResult;
use model::world::World;

use crate::compare::{rows_difference, unit_difference, visibility_difference};

/// One engine's answer to one request.
#[derive(Debug, Clone)]
pub struct Answer<T> {
    /// The engine's name.
    pub engine: String,
    /// What it answered.
    pub outcome: Result<T, EngineError>,
}

/// Every engine's answer to one request and how they disagree.
#[derive(Debug, Clone)]
pub struct Verdict<T> {
    /// The answers, in the engines' order.
    pub answers: Vec<Answer<T>>,
    /// `None` when every engine agrees with the first; otherwise every
    /// difference, one paragraph each.
    pub disagreement: Option<String>,
}

impl<T> Verdict<T> {
    /// The first engine's answer (the one the others are compared with).
    pub fn first(&self) -> Option<&Result<T, EngineError>> {
        self.answers.first().map(|a| &a.outcome)
    }
}

/// Engines under one judgment.
pub struct Oracle<'a> {
    engines: Vec<&'a mut dyn Engine>,
    /// Each engine's answer to the last `load`: an engine that could not
    /// load the world answers every request with that error.
    loaded: Vec<Result<(), EngineError>>,
}

impl<'a> Oracle<'a> {
    /// An oracle over `engines`; nothing is loaded yet.
    pub fn new(engines: &'a mut [&mut dyn Engine]) -> Self {
        let engines: Vec<&'a mut dyn Engine> = engines.iter_mut().map(|e| &mut **e as _).collect();
        let loaded = engines
            .iter()
            .map(|e| Err(model::engine::not_loaded(e.name())))
            .collect();
        Oracle { engines, loaded }
    }

    /// The engines' names, in order.
    pub fn names(&self) -> Vec<String> {
        self.engines.iter().map(|e| e.name().to_string()).collect()
    }

    /// How many engines there are.
    pub fn len(&self) -> usize {
        self.engines.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.engines.is_empty()
    }

    /// Gives every engine `world`; the verdict says which could not load it.
    pub fn load(&mut self, world: &Arc<World>) -> Verdict<()> {
        let answers: Vec<Answer<()>> = self
            .engines
            .iter_mut()
            .map(|engine| Answer {
                engine: engine.name().to_string(),
                outcome: engine.load(world.clone()),
            })
            .collect();
        self.loaded = answers.iter().map(|a| a.outcome.clone()).collect();
        judge(answers, unit_difference)
    }

    /// Every engine runs `query` in `tx`.
    pub fn query(&mut self, tx: &Transaction, query: &Query) -> Verdict<QueryResult> {
        let answers = self.ask(|engine| engine.query(tx, query));
        judge(answers, rows_difference)
    }

    /// Every engine reports `tx`'s principal's whole visibility.
    pub fn visibility(&mut self, tx: &Transaction) -> Verdict<Visibility> {
        let answers = self.ask(|engine| engine.visibility(tx));
        judge(answers, visibility_difference)
    }

    /// Every engine says whether `tx`'s user may run anything in the
    /// database (U5).
    pub fn access(&mut self, tx: &Transaction) -> Verdict<()> {
        let answers = self.ask(|engine| engine.access(tx));
        judge(answers, unit_difference)
    }

    /// Each loaded engine's answer to `request`; the load error otherwise.
    fn ask<T>(
        &mut self,
        mut request: impl FnMut(&mut dyn Engine) -> Result<T, EngineError>,
    ) -> Vec<Answer<T>> {
        self.engines
            .iter_mut()
            .zip(&self.loaded)
            .map(|(engine, loaded)| Answer {
                engine: engine.name().to_string(),
                outcome: match loaded {
                    Ok(()) => request(&mut **engine),
                    Err(e) => Err(e.clone()),
                },
            })
            .collect()
    }
}

/// Compares every answer with the first.
fn judge<T>(
    answers: Vec<Answer<T>>,
    difference: impl Fn(&str, &Result<T, EngineError>, &str, &Result<T, EngineError>) -> Option<String>,
) -> Verdict<T> {
    let lines: Vec<String> = match answers.split_first() {
        None => Vec::new(),
        Some((first, others)) => others
            .iter()
            .filter_map(|other| {
                difference(&first.engine, &first.outcome, &other.engine, &other.outcome)
            })
            .collect(),
    };
    Verdict {
        answers,
        disagreement: (!lines.is_empty()).then(|| lines.join("\n")),
    }
}
