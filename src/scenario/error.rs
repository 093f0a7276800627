//! Scenario errors for people: each problem names the file, line and column, the field, and what
//! would be valid. Locations come from the TOML parser's spans, looked up by field path.

use std::fmt;

use toml::de::{DeTable, DeValue};

/// One step in a field path such as `stages[2].routes[0].weight`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A field path inside the scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Step>);

impl FieldPath {
    pub fn key(&self, key: &str) -> FieldPath {
        let mut p = self.clone();
        p.0.push(Step::Key(key.to_string()));
        p
    }

    pub fn index(&self, i: usize) -> FieldPath {
        let mut p = self.clone();
        p.0.push(Step::Index(i));
        p
    }

    /// This path is `other` or lies inside it.
    pub fn starts_with(&self, other: &FieldPath) -> bool {
        self.0.len() >= other.0.len() && self.0[..other.0.len()] == other.0[..]
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Line and column, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problem {
    /// Empty for syntax errors, where the parser's message names the field.
    pub field: String,
    pub message: String,
    pub location: Option<Location>,
    /// Set when the problem comes from an override rather than the file: "--set #2
    /// (stages.vc.capacity=abc)".
    pub origin: Option<String>,
}

/// Everything wrong with one scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match (&p.origin, p.location) {
                (Some(origin), _) => write!(f, "{origin}: ")?,
                (None, Some(l)) => write!(f, "{}:{}:{}: ", self.file, l.line, l.column)?,
                (None, None) => write!(f, "{}: ", self.file)?,
            }
            if p.field.is_empty() {
                write!(f, "{}", p.message)?;
            } else {
                write!(f, "field `{}`: {}", p.field, p.message)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// Line and column of a byte offset.
pub fn location_of(source: &str, offset: usize) -> Location {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    Location {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Finds where a field path is written in the source; for a missing field, where its table is.
pub struct Locator<'a> {
    source: &'a str,
    root: Option<DeTable<'a>>,
}

impl<'a> Locator<'a> {
    pub fn new(source: &'a str) -> Locator<'a> {
        let root = DeTable::parse(source).ok().map(|t| t.into_inner());
        Locator { source, root }
    }

    pub fn locate(&self, path: &FieldPath) -> Option<Location> {
        self.span(path)
            .map(|span| location_of(self.source, span.start))
    }

    /// The text of the value at `path` exactly as written, if the path exists.
    pub fn literal(&self, path: &FieldPath) -> Option<&'a str> {
        let root = self.root.as_ref()?;
        let mut value: Option<&toml::Spanned<DeValue<'a>>> = None;
        for (i, step) in path.0.iter().enumerate() {
            value = match (step, value.map(|v| v.get_ref())) {
                (Step::Key(k), None) if i == 0 => root
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                    .map(|(_, v)| v),
                (Step::Key(k), Some(DeValue::Table(t))) => t
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                    .map(|(_, v)| v),
                (Step::Index(n), Some(DeValue::Array(a))) => a.get(*n),
                _ => None,
            };
            value?;
        }
        value.and_then(|v| self.source.get(v.span()))
    }

    /// Span of the field at `path`, or of the deepest table on the way to it.
    fn span(&self, path: &FieldPath) -> Option<std::ops::Range<usize>> {
        let root = self.root.as_ref()?;
        let mut best: Option<std::ops::Range<usize>> = None;
        let mut table: Option<&DeTable<'a>> = Some(root);
        let mut array: Option<&[toml::Spanned<DeValue<'a>>]> = None;
        for step in &path.0 {
            let value = match (step, table, array) {
                (Step::Key(k), Some(t), _) => t
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                    .map(|(_, v)| v),
                (Step::Index(i), _, Some(a)) => a.get(*i),
                _ => None,
            };
            let Some(value) = value else { break };
            best = Some(value.span());
            table = None;
            array = None;
            match value.get_ref() {
                DeValue::Table(t) => table = Some(t),
                DeValue::Array(a) => array = Some(&a[..]),
                _ => {}
            }
        }
        best
    }

    /// The path of the innermost field whose value spans byte `offset` (for parser errors,
    /// which carry a position but no field name).
    pub fn path_at(&self, offset: usize) -> Option<FieldPath> {
        // Tables and arrays of tables are spanned by their headers only, so search every
        // child and keep the leaf (or key) whose own span holds the offset.
        fn walk(
            value: &toml::Spanned<DeValue<'_>>,
            offset: usize,
            path: FieldPath,
        ) -> Option<FieldPath> {
            match value.get_ref() {
                DeValue::Table(t) => t.iter().find_map(|(k, v)| {
                    let here = path.key(k.get_ref());
                    if k.span().contains(&offset) {
                        Some(here)
                    } else {
                        walk(v, offset, here)
                    }
                }),
                DeValue::Array(a) => a
                    .iter()
                    .enumerate()
                    .find_map(|(i, v)| walk(v, offset, path.index(i))),
                _ => value.span().contains(&offset).then_some(path),
            }
        }
        let root = self.root.as_ref()?;
        root.iter().find_map(|(k, v)| {
            let here = FieldPath::default().key(k.get_ref());
            if k.span().contains(&offset) {
                Some(here)
            } else {
                walk(v, offset, here)
            }
        })
    }
}

/// Parser messages in words a planner knows ("expected i64" means nothing to most people).
pub fn plain_parser_message(message: &str) -> String {
    let mut m = message.trim().to_string();
    for (from, to) in [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number ≥ 0"),
        ("expected u32", "expected a whole number ≥ 0"),
        ("expected f64", "expected a number"),
        ("expected a string", "expected text in quotes"),
        (
            "expected a sequence",
            "expected a list in square brackets, e.g. [1, 2]",
        ),
        ("expected a boolean", "expected true or false"),
    ] {
        m = m.replace(from, to);
    }
    m
}
