//! Field paths: where in a ruleset a diagnostic points, e.g.
//! `rules[3].when[1].op`. The same path locates a span in the RON source and
//! a widget in the editor.
//!
//! Paths follow the serialized layout: struct fields by name, list elements
//! by index; a single-value enum variant such as `not(...)` or `in([...])` is
//! transparent, so its content has the variant's path.

use std::fmt;

/// One step of a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// A struct field or map key.
    Field(String),
    /// A list element or positional argument.
    Index(usize),
}

/// A path from the ruleset root to a value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(pub Vec<Key>);

impl FieldPath {
    /// The root path.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// `rules[i]`.
    pub fn rule(i: usize) -> Self {
        Self(vec![Key::Field("rules".into()), Key::Index(i)])
    }

    /// This path extended by a field.
    #[must_use]
    pub fn field(&self, name: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Key::Field(name.to_owned()));
        p
    }

    /// This path extended by an index.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Key::Index(i));
        p
    }

    /// This path extended by several keys.
    #[must_use]
    pub fn join(&self, keys: &[Key]) -> Self {
        let mut p = self.clone();
        p.0.extend_from_slice(keys);
        p
    }

    /// The index of the rule this path is inside, if any.
    pub fn rule_index(&self) -> Option<usize> {
        match self.0.as_slice() {
            [Key::Field(f), Key::Index(i), ..] if f == "rules" => Some(*i),
            _ => None,
        }
    }

    /// The path below the rule (e.g. `when[1].op`), if inside a rule.
    pub fn within_rule(&self) -> Option<FieldPath> {
        self.rule_index().map(|_| FieldPath(self.0[2..].to_vec()))
    }

    /// Whether `other` starts with this path.
    pub fn is_prefix_of(&self, other: &FieldPath) -> bool {
        other.0.len() >= self.0.len() && other.0[..self.0.len()] == self.0[..]
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.0.iter().enumerate() {
            match key {
                Key::Field(name) if name.contains('.') => write!(f, "[{name:?}]")?,
                Key::Field(name) if i == 0 => write!(f, "{name}")?,
                Key::Field(name) => write!(f, ".{name}")?,
                Key::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_code() {
        let p = FieldPath::rule(3).field("when").index(1).field("op");
        assert_eq!(p.to_string(), "rules[3].when[1].op");
        assert_eq!(p.rule_index(), Some(3));
        assert_eq!(p.within_rule().unwrap().to_string(), "when[1].op");
        let t = FieldPath::root().field("tests").index(0).field("expect").field("home.hero");
        assert_eq!(t.to_string(), r#"tests[0].expect["home.hero"]"#);
    }
}
