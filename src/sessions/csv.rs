//! CSV sessions: a header of dotted paths (`geo.country`, `customer.segments`,
//! `attributes.loyalty_tier`, ...), one session per record, list values
//! separated by `|`, empty cells absent. Outcomes (SPEC §11) are the
//! columns `outcome.converted` (`true`/`false`, or `1`/`0`),
//! `outcome.revenue` (a number of at least 0) and `outcome.metrics.NAME`
//! (any finite number; NAME without dots).

use serde_json::{Map, Value};

use crate::format::{LoadError, LoadErrorKind};
use crate::model::attribute::{CHANNELS, DEVICE_TYPES, VISITOR_TYPES};
use crate::model::{Amount, Channel, DeviceType, Session, ValueError, ValueErrorKind, VisitorType};

/// How a column's cells are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    Text,
    List,
    Count,
    Amount,
    Country,
    Region,
    Channel,
    DeviceType,
    VisitorType,
    Timestamp,
    Custom,
    Bool,
    Number,
}

/// The prefix of named outcome metric columns.
const METRIC_PREFIX: &str = "outcome.metrics.";

const COLUMNS: &[(&str, Cell)] = &[
    ("id", Cell::Text),
    ("visitor_id", Cell::Text),
    ("timestamp", Cell::Timestamp),
    ("geo.country", Cell::Country),
    ("geo.region", Cell::Region),
    ("geo.city", Cell::Text),
    ("traffic.utm_source", Cell::Text),
    ("traffic.utm_medium", Cell::Text),
    ("traffic.utm_campaign", Cell::Text),
    ("traffic.utm_term", Cell::Text),
    ("traffic.utm_content", Cell::Text),
    ("traffic.referrer", Cell::Text),
    ("traffic.referrer_host", Cell::Text),
    ("traffic.landing_page", Cell::Text),
    ("traffic.channel", Cell::Channel),
    ("device.user_agent", Cell::Text),
    ("device.type", Cell::DeviceType),
    ("device.os", Cell::Text),
    ("device.browser", Cell::Text),
    ("customer.segments", Cell::List),
    ("customer.visitor_type", Cell::VisitorType),
    ("customer.orders", Cell::Count),
    ("customer.lifetime_value", Cell::Amount),
    ("customer.days_since_last_order", Cell::Count),
    ("cart.value", Cell::Amount),
    ("cart.items", Cell::Count),
    ("cart.categories", Cell::List),
    ("outcome.converted", Cell::Bool),
    ("outcome.revenue", Cell::Amount),
];

/// The columns of a CSV session file.
#[derive(Clone, Debug)]
pub struct CsvHeader {
    columns: Vec<(String, Cell)>,
}

/// A value as one CSV cell, quoted when it must be for [`fields`] (and
/// spreadsheets) to read it back whole: when it holds a comma, a quote or a
/// line break, or starts or ends with a space. Every CSV this crate writes
/// quotes its cells here.
pub fn cell(value: &str) -> std::borrow::Cow<'_, str> {
    let needs = value.contains([',', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ');
    if needs { format!("\"{}\"", value.replace('"', "\"\"")).into() } else { value.into() }
}

/// Splits one CSV record's text into fields with their byte offsets; a
/// malformed quoted field is an error at the offset of its opening quote.
pub(crate) fn fields(text: &str) -> Result<Vec<(usize, String)>, usize> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        let mut value = String::new();
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Err(start),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                        value.push('"');
                        i += 2;
                    }
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => {
                        let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
                        value.push_str(&text[i..i + ch_len]);
                        i += ch_len;
                    }
                }
            }
            if !matches!(bytes.get(i), None | Some(b',')) {
                return Err(start);
            }
        } else {
            let end = text[i..].find(',').map_or(text.len(), |n| i + n);
            value.push_str(&text[i..end]);
            i = end;
        }
        out.push((start, value));
        if bytes.get(i) == Some(&b',') {
            i += 1;
        } else {
            return Ok(out);
        }
    }
}

/// Whether a line has an odd number of quotes: on the first line of a
/// record, that a quoted value continues on the next line; on a later line,
/// that it toggles whether the record is still open.
pub fn quotes_open(line: &str) -> bool {
    line.bytes().filter(|b| *b == b'"').count() % 2 == 1
}

/// The column of the quote that opens the value left open at the end of a
/// record's first line.
pub fn open_quote_column(first: &str) -> usize {
    let text = first.trim_end_matches(['\r', '\n']);
    match fields(text) {
        Err(at) => column_of(text, at),
        Ok(_) => 1,
    }
}

pub(crate) fn column_of(text: &str, offset: usize) -> usize {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].chars().count() + 1
}

fn line_within(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count()
}

impl CsvHeader {
    /// Reads the header line.
    ///
    /// # Errors
    /// Unknown or repeated columns, and a missing `id` column.
    pub fn parse(file: &str, text: &str) -> Result<Self, LoadError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_end_matches(['\r', '\n']);
        let cells = fields(text).map_err(|at| {
            LoadError::at(
                file,
                1,
                column_of(text, at),
                LoadErrorKind::Syntax("a quoted column name is not closed".into()),
            )
        })?;
        let mut columns = Vec::new();
        for (offset, name) in cells {
            let name = name.trim().to_owned();
            let cell = if name.starts_with(crate::model::attribute::CUSTOM_PREFIX) {
                Cell::Custom
            } else if let Some((_, c)) = COLUMNS.iter().find(|(p, _)| *p == name) {
                *c
            } else if let Some(metric) = name.strip_prefix(METRIC_PREFIX) {
                if metric.is_empty() || metric.contains('.') {
                    return Err(LoadError::at(
                        file,
                        1,
                        column_of(text, offset),
                        LoadErrorKind::Syntax(format!(
                            "column `{name}`: a metric column is `outcome.metrics.NAME`, with a name without dots"
                        )),
                    ));
                }
                Cell::Number
            } else {
                return Err(LoadError::at(
                    file,
                    1,
                    column_of(text, offset),
                    LoadErrorKind::Syntax(format!(
                        "unknown column `{name}`; columns are dotted session paths such as `geo.country` or `attributes.loyalty_tier`"
                    )),
                ));
            };
            if columns.iter().any(|(n, _)| *n == name) {
                return Err(LoadError::at(
                    file,
                    1,
                    column_of(text, offset),
                    LoadErrorKind::Syntax(format!("column `{name}` appears twice")),
                ));
            }
            columns.push((name, cell));
        }
        if !columns.iter().any(|(n, _)| n == "id") {
            return Err(LoadError::at(file, 1, 1, LoadErrorKind::Syntax("the header has no `id` column".into())));
        }
        Ok(CsvHeader { columns })
    }

    /// Reads one record whose text starts on `line`.
    ///
    /// # Errors
    /// A [`LoadError`] at the cell that is wrong.
    pub fn record(&self, file: &str, line: usize, text: &str) -> Result<Session, LoadError> {
        let text = text.trim_end_matches(['\r', '\n']);
        let err = |offset: usize, kind: LoadErrorKind| {
            LoadError::at(file, line + line_within(text, offset), column_of(text, offset), kind)
        };
        let cells = fields(text)
            .map_err(|at| err(at, LoadErrorKind::Syntax("a quoted value is not closed properly".into())))?;
        if cells.len() != self.columns.len() {
            return Err(err(
                text.len(),
                LoadErrorKind::Invalid(format!(
                    "the record has {} values but the header has {} columns",
                    cells.len(),
                    self.columns.len()
                )),
            ));
        }
        let mut root = Map::new();
        for ((name, cell), (offset, raw)) in self.columns.iter().zip(cells) {
            if raw.is_empty() {
                continue;
            }
            let value = convert(*cell, &raw)
                .map_err(|error| err(offset, LoadErrorKind::Cell { column: name.clone(), error: Box::new(error) }))?;
            let mut parts = name.split('.').peekable();
            let mut obj = &mut root;
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    obj.insert(part.to_owned(), value);
                    break;
                }
                let entry = obj.entry(part.to_owned()).or_insert_with(|| Value::Object(Map::new()));
                let Value::Object(next) = entry else { break };
                obj = next;
            }
        }
        serde_json::from_value(Value::Object(root))
            .map_err(|e| err(0, LoadErrorKind::Invalid(crate::format::plain::serde_message(&e.to_string()))))
    }
}

fn convert(cell: Cell, raw: &str) -> Result<Value, ValueError> {
    let invalid = |kind: ValueErrorKind| ValueError::new(raw, kind);
    let one_of = |ok: bool, what: &'static str, allowed: &'static [&'static str]| {
        if ok { Ok(Value::String(raw.to_owned())) } else { Err(invalid(ValueErrorKind::NotOneOf { what, allowed })) }
    };
    match cell {
        Cell::Text | Cell::Custom => Ok(Value::String(raw.to_owned())),
        Cell::List => Ok(Value::Array(
            raw.split('|').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.to_owned())).collect(),
        )),
        Cell::Count => raw.trim().parse::<u32>().map(Value::from).map_err(|_| invalid(ValueErrorKind::Count)),
        Cell::Amount => {
            let n = raw.trim().parse::<f64>().map_err(|_| invalid(ValueErrorKind::Amount))?;
            Amount::new(n).map_err(|_| invalid(ValueErrorKind::Amount))?;
            Ok(Value::from(n))
        }
        // Unknown codes are warnings, kept with the session's `geo` (see `Geo`).
        Cell::Country | Cell::Region => Ok(Value::String(raw.to_owned())),
        Cell::Channel => one_of(Channel::parse(raw).is_some(), "channel", CHANNELS),
        Cell::DeviceType => one_of(DeviceType::parse(raw).is_some(), "device type", DEVICE_TYPES),
        Cell::VisitorType => one_of(VisitorType::parse(raw).is_some(), "visitor type", VISITOR_TYPES),
        Cell::Timestamp => crate::model::timestamp::parse(raw).map(|_| Value::String(raw.to_owned())),
        Cell::Bool => match raw.trim() {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(invalid(ValueErrorKind::Bool)),
        },
        Cell::Number => match raw.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::from(n)),
            _ => Err(invalid(ValueErrorKind::Number)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back_whole() {
        let values = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", " lead", "trail ", "", "é|ü"];
        for v in values {
            let line = format!("{},x", cell(v));
            let read = fields(&line).unwrap();
            assert_eq!(read[0].1, v, "{line:?}");
            assert_eq!(read[1].1, "x");
        }
        assert!(matches!(cell("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(
            fields(r#"a,"b,c",,"d""e""#).unwrap().iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>(),
            ["a", "b,c", "", "d\"e"]
        );
        assert_eq!(fields(r#"a,"b"#), Err(2));
        assert!(quotes_open("a,\"b\n"));
        assert!(!quotes_open("a,\"b\"\"c\""));
        assert_eq!(open_quote_column("id,\"é,x\n"), 4);
        assert_eq!(open_quote_column("\"s1,ua,\"Mozilla\"\n"), 1, "the stray quote, not the one it pairs with");
    }
}
