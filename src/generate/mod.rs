//! Deterministic generators of realistic sample data: visits of an online
//! fashion store ([`sessions`]), synthetic rulesets for benchmarks
//! ([`ruleset`]), and a streaming writer for session files in the formats
//! [`crate::sessions`] reads ([`SessionWriter`]), and outcomes with known
//! true effects per rule ([`sessions_with_outcomes`]).
//!
//! Everything is drawn from a [`fastrand::Rng`] seeded by the caller, so a
//! seed always gives the same output (with the same `fastrand` version).
//! `rulestudio generate` is the command-line front end.

mod outcomes;
mod rulesets;
mod sessions;

use std::io::{self, Write};

use chrono::{DateTime, FixedOffset, SecondsFormat};
use fastrand::Rng;
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

pub use self::outcomes::{BROKEN_HOLDOUT, EFFECTS, KnownEffect, sessions_with_outcomes};
pub use self::rulesets::{realistic_ruleset, ruleset};
pub use self::sessions::{session, sessions};
use crate::model::{CustomValue, Session};
pub use crate::sessions::SessionFormat;
use crate::sessions::csv_cell;

/// The columns [`SessionWriter`] writes in CSV: every dotted session path the
/// CSV reader knows, then `attributes.loyalty_tier`.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "visitor_id",
    "timestamp",
    "geo.country",
    "geo.region",
    "geo.city",
    "traffic.utm_source",
    "traffic.utm_medium",
    "traffic.utm_campaign",
    "traffic.utm_term",
    "traffic.utm_content",
    "traffic.referrer",
    "traffic.referrer_host",
    "traffic.landing_page",
    "traffic.channel",
    "device.user_agent",
    "device.type",
    "device.os",
    "device.browser",
    "customer.segments",
    "customer.visitor_type",
    "customer.orders",
    "customer.lifetime_value",
    "customer.days_since_last_order",
    "cart.value",
    "cart.items",
    "cart.categories",
    "attributes.loyalty_tier",
];

/// Writes sessions one at a time in a session file format: JSON lines, CSV
/// (a header of [`CSV_COLUMNS`], lists joined with `|`, cells quoted when
/// needed) or RON (a list). Nothing is buffered beyond the writer given, so
/// any number of sessions can be streamed.
///
/// UTC timestamps are written with `Z`, other offsets as `+hh:mm`.
pub struct SessionWriter<W: Write> {
    out: W,
    format: SessionFormat,
    written: usize,
    /// Named metrics written as CSV columns after the outcome's, when
    /// outcomes are written.
    metrics: Option<Vec<String>>,
}

impl<W: Write> SessionWriter<W> {
    /// Starts a file: writes the CSV header or the opening of the RON list.
    ///
    /// # Errors
    /// Any I/O error of `out`.
    pub fn new(out: W, format: SessionFormat) -> io::Result<Self> {
        Self::start(out, format, None)
    }

    /// Starts a file of sessions with outcomes: in CSV, the columns
    /// `outcome.converted`, `outcome.revenue` and `outcome.metrics.NAME` for
    /// each of `metrics` follow [`CSV_COLUMNS`].
    ///
    /// # Errors
    /// Any I/O error of `out`.
    pub fn with_outcomes(out: W, format: SessionFormat, metrics: &[&str]) -> io::Result<Self> {
        Self::start(out, format, Some(metrics.iter().map(|m| (*m).to_owned()).collect()))
    }

    fn start(mut out: W, format: SessionFormat, metrics: Option<Vec<String>>) -> io::Result<Self> {
        match format {
            SessionFormat::JsonLines => {}
            SessionFormat::Csv => {
                let mut header = CSV_COLUMNS.join(",");
                if let Some(metrics) = &metrics {
                    header.push_str(",outcome.converted,outcome.revenue");
                    for m in metrics {
                        header.push_str(&format!(",outcome.metrics.{m}"));
                    }
                }
                writeln!(out, "{header}")?;
            }
            SessionFormat::Ron => out.write_all(b"#![enable(implicit_some, unwrap_newtypes)]\n[\n")?,
        }
        Ok(Self { out, format, written: 0, metrics })
    }

    /// Writes one session.
    ///
    /// # Errors
    /// Any I/O error of the underlying writer, or a session that cannot be
    /// serialized (the model's types always can).
    pub fn write(&mut self, session: &Session) -> io::Result<()> {
        match self.format {
            SessionFormat::JsonLines => {
                let text = serde_json::to_string(session).map_err(io::Error::other)?;
                writeln!(self.out, "{}", zulu(text, "\"timestamp\":", session.timestamp.as_ref()))?;
            }
            SessionFormat::Csv => {
                let mut record = csv_record(session);
                if let Some(metrics) = &self.metrics {
                    let o = session.outcome.clone().unwrap_or_default();
                    let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
                    record.push_str(&format!(
                        ",{},{}",
                        o.converted.map(|c| c.to_string()).unwrap_or_default(),
                        cell(o.revenue.map(|r| r.get()))
                    ));
                    for m in metrics {
                        record.push(',');
                        record.push_str(&cell(o.metrics.get(m).copied()));
                    }
                }
                writeln!(self.out, "{record}")?;
            }
            SessionFormat::Ron => {
                let config = PrettyConfig::new()
                    .struct_names(false)
                    .indentor("    ")
                    .new_line("\n")
                    .compact_arrays(true)
                    .compact_maps(true);
                let text = ron::Options::default()
                    .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_NEWTYPES)
                    .to_string_pretty(session, config)
                    .map_err(io::Error::other)?;
                let text = zulu(text, "timestamp: ", session.timestamp.as_ref());
                let mut lines = text.lines().peekable();
                while let Some(line) = lines.next() {
                    let comma = if lines.peek().is_none() { "," } else { "" };
                    writeln!(self.out, "    {line}{comma}")?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// How many sessions were written.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Ends the file (closes the RON list), flushes and returns the writer.
    ///
    /// # Errors
    /// Any I/O error of the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == SessionFormat::Ron {
            self.out.write_all(b"]\n")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Rewrites a UTC timestamp serialized as `+00:00` after `key` to the `Z` form.
fn zulu(text: String, key: &str, timestamp: Option<&DateTime<FixedOffset>>) -> String {
    let Some(ts) = timestamp else { return text };
    let offset = ts.to_rfc3339_opts(SecondsFormat::AutoSi, false);
    let z = ts.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    if offset == z {
        return text;
    }
    text.replacen(&format!("{key}\"{offset}\""), &format!("{key}\"{z}\""), 1)
}

/// One CSV record (without the line break) for [`CSV_COLUMNS`]. Absent
/// fields and empty lists are empty cells.
pub fn csv_record(s: &Session) -> String {
    fn opt<T: ToString>(v: &Option<T>) -> String {
        v.as_ref().map(ToString::to_string).unwrap_or_default()
    }
    fn list(v: &Option<Vec<String>>) -> String {
        v.as_ref().map(|l| l.join("|")).unwrap_or_default()
    }
    let t = &s.traffic;
    let d = &s.device;
    let c = &s.customer;
    let loyalty = match s.attributes.get("loyalty_tier") {
        Some(CustomValue::Text(v)) => v.clone(),
        Some(CustomValue::Number(n)) => n.to_string(),
        Some(CustomValue::List(l)) => l.join("|"),
        None => String::new(),
    };
    let cells: [String; 28] = [
        s.id.clone(),
        opt(&s.visitor_id),
        s.timestamp.map(|ts| ts.to_rfc3339_opts(SecondsFormat::AutoSi, true)).unwrap_or_default(),
        opt(&s.geo.country.as_ref().map(|c| c.as_str())),
        opt(&s.geo.region.as_ref().map(|r| r.as_str())),
        opt(&s.geo.city),
        opt(&t.utm_source),
        opt(&t.utm_medium),
        opt(&t.utm_campaign),
        opt(&t.utm_term),
        opt(&t.utm_content),
        opt(&t.referrer),
        opt(&t.referrer_host),
        opt(&t.landing_page),
        opt(&t.channel),
        opt(&d.user_agent),
        opt(&d.kind),
        opt(&d.os),
        opt(&d.browser),
        list(&c.segments),
        opt(&c.visitor_type),
        opt(&c.orders),
        opt(&c.lifetime_value.map(|a| a.get())),
        opt(&c.days_since_last_order),
        opt(&s.cart.value.map(|a| a.get())),
        opt(&s.cart.items),
        list(&s.cart.categories),
        loyalty,
    ];
    cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",")
}

// ---- small drawing helpers shared by the generators ------------------------

/// True with probability `p`.
fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.f64() < p
}

/// A uniformly chosen element of a non-empty slice.
fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    let len = u32::try_from(items.len()).unwrap_or(u32::MAX).max(1);
    &items[(rng.u32(0..len) as usize).min(items.len().saturating_sub(1))]
}

/// An element of a non-empty slice of `(item, weight)`, chosen by weight.
fn weighted<'a, T>(rng: &mut Rng, items: &'a [(T, u32)]) -> &'a T {
    &weighted_by(rng, items, |(_, w)| *w).0
}

/// An element of the non-empty `items`, drawn with probability proportional
/// to its `weight` (one `u32` draw).
fn weighted_by<'a, T>(rng: &mut Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut roll = rng.u32(0..total.max(1));
    for item in items {
        let w = weight(item);
        if roll < w {
            return item;
        }
        roll -= w;
    }
    &items[items.len().saturating_sub(1)]
}

/// `count` distinct elements of `items`, in random order.
fn pick_distinct<T: Clone>(rng: &mut Rng, items: &[T], count: usize) -> Vec<T> {
    // A partial Fisher-Yates shuffle on `u32` draws, the same on every platform.
    let mut all: Vec<T> = items.to_vec();
    let count = count.min(all.len());
    for i in 0..count {
        let j = i + rng.u32(0..(all.len() - i) as u32) as usize;
        all.swap(i, j);
    }
    all.truncate(count);
    all
}

/// SplitMix64: a well-mixed 64-bit hash of `z`, for seeding sub-generators.
fn mix(z: u64) -> u64 {
    let mut z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Rounds money to cents.
fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::io::BufReader;
    use std::path::Path;

    use super::*;
    use crate::sessions::{CsvHeader, SessionSource};

    fn write_all(format: SessionFormat, sessions: &[Session]) -> String {
        let mut w = SessionWriter::new(Vec::new(), format).unwrap();
        for s in sessions {
            w.write(s).unwrap();
        }
        assert_eq!(w.written(), sessions.len());
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    fn read_back(name: &str, format: SessionFormat, text: String) -> Vec<Session> {
        let reader = Box::new(BufReader::new(std::io::Cursor::new(text.into_bytes())));
        SessionSource::from_reader(name, format, reader)
            .unwrap()
            .map(|r| r.map(|(_, s)| s).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }

    /// CSV cannot tell an empty list from an absent one.
    fn without_empty_lists(mut s: Session) -> Session {
        if s.customer.segments.as_ref().is_some_and(Vec::is_empty) {
            s.customer.segments = None;
        }
        if s.cart.categories.as_ref().is_some_and(Vec::is_empty) {
            s.cart.categories = None;
        }
        s
    }

    #[test]
    fn every_format_round_trips() {
        let all: Vec<Session> = sessions(11, 1500).collect();
        for s in &all {
            let json = serde_json::to_string(s).unwrap();
            assert_eq!(&serde_json::from_str::<Session>(&json).unwrap(), s);
        }
        let jsonl = write_all(SessionFormat::JsonLines, &all);
        assert_eq!(jsonl.lines().count(), all.len());
        assert!(jsonl.contains(r#"Z","geo""#), "UTC timestamps are written with Z");
        assert_eq!(read_back("s.jsonl", SessionFormat::JsonLines, jsonl), all);

        let ron = write_all(SessionFormat::Ron, &all);
        assert_eq!(read_back("s.ron", SessionFormat::Ron, ron), all);

        let csv = write_all(SessionFormat::Csv, &all);
        let expected: Vec<Session> = all.iter().cloned().map(without_empty_lists).collect();
        let got: Vec<Session> =
            read_back("s.csv", SessionFormat::Csv, csv).into_iter().map(without_empty_lists).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn csv_header_and_quoting() {
        assert!(CsvHeader::parse("x.csv", &CSV_COLUMNS.join(",")).is_ok());
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        let mut s = Session { id: "q,1".into(), ..Session::default() };
        s.geo.city = Some("Washington, D.C.".into());
        s.traffic.utm_term = Some("line\nbreak \"quoted\"".into());
        s.customer.segments = Some(vec!["vip".into(), "newsletter".into()]);
        let text = write_all(SessionFormat::Csv, std::slice::from_ref(&s));
        assert_eq!(read_back("q.csv", SessionFormat::Csv, text), vec![s]);
    }

    #[test]
    fn empty_outputs_are_valid_files() {
        for format in [SessionFormat::JsonLines, SessionFormat::Csv, SessionFormat::Ron] {
            let text = write_all(format, &[]);
            assert!(read_back("empty", format, text).is_empty());
        }
    }

    /// The committed sample files read back without errors and are what the
    /// generator makes. After changing the generator, regenerate them:
    /// `rulestudio generate sessions --count 250 --seed 2026 --out rulesets/sessions/demo-sessions.jsonl`,
    /// `... --count 40 --seed 7 --out rulesets/sessions/demo-sessions.csv`,
    /// `... --count 20 --seed 11 --out rulesets/sessions/demo-sessions.ron`.
    #[test]
    fn committed_samples_are_current() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/sessions");
        for (file, seed, count, format) in [
            ("demo-sessions.jsonl", 2026, 250, SessionFormat::JsonLines),
            ("demo-sessions.csv", 7, 40, SessionFormat::Csv),
            ("demo-sessions.ron", 11, 20, SessionFormat::Ron),
        ] {
            let path = dir.join(file);
            let read: Vec<Session> = SessionSource::open(&path)
                .unwrap()
                .map(|r| r.map(|(_, s)| s).unwrap_or_else(|e| panic!("{e}")))
                .collect();
            assert_eq!(read.len(), count, "{file}");
            let expected: Vec<Session> = sessions(seed, count).collect();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text == write_all(format, &expected), "{file} is out of date: regenerate it");
        }
    }
}
