//! Outcomes files: what each session led to, kept apart from the sessions
//! and joined to them by session id. JSON lines
//! (`{"id": "s-1", "converted": true, "revenue": 59.9, "metrics": {"pages": 4}}`)
//! or CSV (a header of `id`, `converted`, `revenue` and `metrics.NAME`
//! columns). A bad record refuses the whole file at its line and column.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::format::plain::serde_message;
use crate::format::{LoadError, LoadErrorKind};
use crate::model::limits::MAX_RECORD_BYTES;
use crate::model::{Amount, SessionOutcome, ValueError, ValueErrorKind};
use crate::sessions::{SessionFormat, column_of, csv_fields};

/// Outcomes by session id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcomes {
    by_id: HashMap<String, SessionOutcome>,
}

/// One record of an outcomes file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    #[serde(default)]
    converted: Option<bool>,
    #[serde(default)]
    revenue: Option<Amount>,
    #[serde(default, deserialize_with = "crate::model::finite_map")]
    metrics: BTreeMap<String, f64>,
}

impl Outcomes {
    /// Reads an outcomes file, JSON lines or CSV by extension.
    ///
    /// # Errors
    /// A [`LoadError`] at the line and column of the first bad record: a
    /// value of the wrong type, a negative revenue, an unknown field or
    /// column, or an id that appears twice.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let file = File::open(path).map_err(|e| LoadError::io(path, &e))?;
        let format = SessionFormat::from_path(path);
        Self::read(&path.display().to_string(), format, BufReader::new(file))
    }

    /// Reads outcomes from any reader (`format`: JSON lines or CSV).
    ///
    /// # Errors
    /// As [`Outcomes::load`].
    pub fn read(name: &str, format: SessionFormat, mut reader: impl BufRead) -> Result<Self, LoadError> {
        let mut out = Outcomes::default();
        let mut header: Option<Vec<String>> = None;
        let mut line = 0;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = (&mut reader)
                .take(MAX_RECORD_BYTES as u64 + 1)
                .read_until(b'\n', &mut buf)
                .map_err(|e| LoadError::at(name, line + 1, 1, LoadErrorKind::io(&e)))?;
            if n == 0 {
                break;
            }
            line += 1;
            if n > MAX_RECORD_BYTES {
                let message = format!("the line is longer than the record length limit of {MAX_RECORD_BYTES} bytes");
                return Err(LoadError::at(name, line, 1, LoadErrorKind::TooLarge(message)));
            }
            let text = std::str::from_utf8(&buf).map_err(|_| LoadError::at(name, line, 1, LoadErrorKind::Encoding))?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_end_matches(['\r', '\n']);
            if text.trim().is_empty() {
                continue;
            }
            let (id, outcome) = match (format, &header) {
                (SessionFormat::Csv, None) => {
                    header = Some(csv_header(name, text)?);
                    continue;
                }
                (SessionFormat::Csv, Some(h)) => csv_record(name, line, h, text)?,
                _ => json_record(name, line, text)?,
            };
            match out.by_id.entry(id) {
                Entry::Occupied(e) => {
                    let message = format!("session `{}` already has an outcome earlier in the file", e.key());
                    return Err(LoadError::at(name, line, 1, LoadErrorKind::Invalid(message)));
                }
                Entry::Vacant(e) => {
                    e.insert(outcome);
                }
            }
        }
        Ok(out)
    }

    /// The outcome of a session.
    pub fn get(&self, session_id: &str) -> Option<&SessionOutcome> {
        self.by_id.get(session_id)
    }

    /// How many sessions have an outcome.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

fn outcome(r: Record) -> (String, SessionOutcome) {
    (r.id, SessionOutcome { converted: r.converted, revenue: r.revenue, metrics: r.metrics })
}

fn json_record(name: &str, line: usize, text: &str) -> Result<(String, SessionOutcome), LoadError> {
    serde_json::from_str::<Record>(text).map(outcome).map_err(|e| {
        let message = e.to_string();
        let message = serde_message(message.split(" at line ").next().unwrap_or(&message));
        LoadError::at(name, line, e.column().max(1), LoadErrorKind::Syntax(message))
    })
}

fn csv_header(name: &str, text: &str) -> Result<Vec<String>, LoadError> {
    let cells = csv_fields(text).map_err(|at| {
        LoadError::at(name, 1, column_of(text, at), LoadErrorKind::Syntax("a quoted column name is not closed".into()))
    })?;
    let mut columns: Vec<String> = Vec::new();
    for (offset, cell) in cells {
        let cell = cell.trim().to_owned();
        let known = matches!(cell.as_str(), "id" | "converted" | "revenue")
            || cell.strip_prefix("metrics.").is_some_and(|m| !m.is_empty() && !m.contains('.'));
        let message = if !known {
            format!("unknown column `{cell}`; outcome columns are `id`, `converted`, `revenue` and `metrics.NAME`")
        } else if columns.contains(&cell) {
            format!("column `{cell}` appears twice")
        } else {
            columns.push(cell);
            continue;
        };
        return Err(LoadError::at(name, 1, column_of(text, offset), LoadErrorKind::Syntax(message)));
    }
    if !columns.iter().any(|c| c == "id") {
        return Err(LoadError::at(name, 1, 1, LoadErrorKind::Syntax("the header has no `id` column".into())));
    }
    Ok(columns)
}

fn csv_record(name: &str, line: usize, header: &[String], text: &str) -> Result<(String, SessionOutcome), LoadError> {
    let err = |offset: usize, kind: LoadErrorKind| LoadError::at(name, line, column_of(text, offset), kind);
    let invalid = |offset: usize, message: String| err(offset, LoadErrorKind::Invalid(message));
    let cell = |offset: usize, column: &str, raw: &str, kind: ValueErrorKind| {
        err(offset, LoadErrorKind::Cell { column: column.to_owned(), error: Box::new(ValueError::new(raw, kind)) })
    };
    let cells = csv_fields(text).map_err(|at| invalid(at, "a quoted value is not closed properly".to_owned()))?;
    if cells.len() != header.len() {
        return Err(invalid(
            text.len(),
            format!("the record has {} values but the header has {} columns", cells.len(), header.len()),
        ));
    }
    let mut root = Map::new();
    let mut metrics = Map::new();
    for (column, (offset, raw)) in header.iter().zip(cells) {
        if raw.is_empty() {
            continue;
        }
        let number = || match raw.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::from(n)),
            _ => Err(cell(offset, column, &raw, ValueErrorKind::Number)),
        };
        match column.as_str() {
            "id" => {
                root.insert("id".into(), Value::String(raw.clone()));
            }
            "converted" => {
                let v = match raw.trim() {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => {
                        return Err(cell(offset, column, &raw, ValueErrorKind::Bool));
                    }
                };
                root.insert("converted".into(), Value::Bool(v));
            }
            "revenue" => {
                let v = number()?;
                if v.as_f64().is_some_and(|n| n < 0.0) {
                    return Err(cell(offset, column, &raw, ValueErrorKind::Amount));
                }
                root.insert("revenue".into(), v);
            }
            other => {
                let metric = other.strip_prefix("metrics.").unwrap_or(other);
                metrics.insert(metric.to_owned(), number()?);
            }
        }
    }
    if !root.contains_key("id") {
        return Err(invalid(0, "the record has no `id`".to_owned()));
    }
    root.insert("metrics".into(), Value::Object(metrics));
    serde_json::from_value::<Record>(Value::Object(root))
        .map(outcome)
        .map_err(|e| invalid(0, serde_message(&e.to_string())))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::format::Position;

    fn read(format: SessionFormat, text: &str) -> Result<Outcomes, LoadError> {
        Outcomes::read("o", format, text.as_bytes())
    }

    #[test]
    fn reads_both_formats_alike() {
        let json = read(
            SessionFormat::JsonLines,
            "{\"id\":\"a\",\"converted\":true,\"revenue\":12.5,\"metrics\":{\"pages\":3}}\n\n{\"id\":\"b\",\"converted\":false}\n",
        )
        .unwrap();
        let csv = read(SessionFormat::Csv, "id,converted,revenue,metrics.pages\na,1,12.5,3\nb,false,,\n").unwrap();
        assert_eq!(json, csv);
        assert_eq!(json.len(), 2);
        assert_eq!(json.get("a").unwrap().value("pages"), Some(3.0));
        assert_eq!(json.get("b").unwrap().value("revenue"), None);
    }

    #[test]
    fn bad_records_are_refused_at_their_position() {
        let e = read(SessionFormat::Csv, "id,converted,revenue\na,yes,1\n").unwrap_err();
        assert_eq!(e.position(), Some(Position::new(2, 3)));
        assert!(e.kind().to_string().contains("`yes` is not true or false"), "{e}");
        let e = read(SessionFormat::Csv, "id,converted,revenue\na,1,-4\n").unwrap_err();
        assert_eq!(e.position(), Some(Position::new(2, 5)));
        let e = read(SessionFormat::JsonLines, "{\"id\":\"a\"}\n{\"id\":\"a\",\"revenue\":-1}\n").unwrap_err();
        assert_eq!(e.position().map(|p| p.line), Some(2));
        assert!(e.kind().to_string().contains("at least 0"), "{e}");
        let e = read(SessionFormat::JsonLines, "{\"id\":\"a\"}\n{\"id\":\"a\"}\n").unwrap_err();
        assert_eq!(e.position().map(|p| p.line), Some(2));
        assert!(e.kind().to_string().contains("already has an outcome"), "{e}");
        let e = read(SessionFormat::Csv, "id,bought\n").unwrap_err();
        assert_eq!(e.position(), Some(Position::new(1, 4)));
    }
}
