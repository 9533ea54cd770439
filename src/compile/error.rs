//! Why a ruleset did not compile. Validation reports each of these first,
//! with its own code; compiling an unvalidated ruleset (the analysis does,
//! for the valid rules of a ruleset with errors elsewhere) refuses what
//! slipped past, naming the field, and the diagnostic it becomes carries the
//! code validation would have given.

use crate::model::FieldPath;
use crate::validate::{Code, Diagnostic};

/// A ruleset that does not compile: where, and why.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct BuildError {
    /// The rule it is in, if any.
    pub rule: Option<String>,
    /// The field: `time_zone`, `rules[3].when[1]`, `segments[0].when`.
    pub path: FieldPath,
    /// What is wrong.
    pub kind: BuildErrorKind,
}

/// What is wrong with a field that does not compile.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// The time zone is not an IANA name.
    #[error("`{0}` is not an IANA time zone name (e.g. `Europe/Oslo`)")]
    TimeZone(String),
    /// An action names a slot the ruleset does not have.
    #[error("unknown slot `{0}`")]
    UnknownSlot(String),
    /// A condition tests an attribute that does not exist.
    #[error("unknown attribute `{0}`")]
    UnknownAttribute(String),
    /// A condition names a segment the ruleset does not have.
    #[error("unknown segment `{0}`")]
    UnknownSegment(String),
    /// An operator that cannot test segment membership.
    #[error("`{0}` cannot test segments")]
    NotASegmentTest(&'static str),
    /// A pattern the regex engine refuses.
    #[error("the pattern `{pattern}` does not compile: {message}")]
    Pattern {
        /// The pattern as the engine runs it.
        pattern: String,
        /// The regex engine's reason.
        message: String,
        /// Whether it is too large rather than malformed.
        too_large: bool,
    },
}

impl BuildErrorKind {
    /// The diagnostic code validation gives the same problem.
    pub fn code(&self) -> Code {
        match self {
            BuildErrorKind::TimeZone(_) => Code::InvalidTimeZone,
            BuildErrorKind::UnknownSlot(_) => Code::UnknownSlot,
            BuildErrorKind::UnknownAttribute(_) => Code::UnknownAttribute,
            BuildErrorKind::UnknownSegment(_) => Code::UnknownSegment,
            BuildErrorKind::NotASegmentTest(_) => Code::OperatorMismatch,
            BuildErrorKind::Pattern { too_large: true, .. } => Code::RegexTooLarge,
            BuildErrorKind::Pattern { too_large: false, .. } => Code::InvalidRegex,
        }
    }
}

impl From<BuildError> for Diagnostic {
    fn from(e: BuildError) -> Self {
        Diagnostic::new(e.kind.code(), e.rule.into_iter().collect(), e.path, e.kind.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_keeps_the_code_validation_gives() {
        let cases = [
            (BuildErrorKind::TimeZone("Mars/Olympus".into()), Code::InvalidTimeZone),
            (BuildErrorKind::UnknownSlot("nope".into()), Code::UnknownSlot),
            (BuildErrorKind::UnknownAttribute("geo.planet".into()), Code::UnknownAttribute),
            (BuildErrorKind::UnknownSegment("vip".into()), Code::UnknownSegment),
            (BuildErrorKind::NotASegmentTest("contains"), Code::OperatorMismatch),
            (
                BuildErrorKind::Pattern { pattern: "a".into(), message: "m".into(), too_large: true },
                Code::RegexTooLarge,
            ),
            (
                BuildErrorKind::Pattern { pattern: "(".into(), message: "m".into(), too_large: false },
                Code::InvalidRegex,
            ),
        ];
        for (kind, code) in cases {
            let e = BuildError { rule: Some("r1".into()), path: FieldPath::rule(0).field("when"), kind };
            let d = Diagnostic::from(e.clone());
            assert_eq!(d.code, code, "{e}");
            assert_eq!(d.rules, ["r1"]);
            assert_eq!(d.path.to_string(), "rules[0].when");
        }
    }
}
