//! Session files (SPEC §2): JSON lines, CSV and RON. JSON lines and CSV are
//! streamed record by record; a RON file (a list of sessions) is read whole
//! within a size limit. Reading (sequential) and parsing (parallelisable) are
//! separate steps, so batch simulation can parse on every core.

mod csv;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

pub use self::csv::{CsvHeader, cell as csv_cell};
pub(crate) use self::csv::{column_of, fields as csv_fields};
use crate::format::plain::serde_message;
use crate::format::ron_spans::top_level_items;
use crate::format::{BOM, LoadError, LoadErrorKind, read_text, ron_error, ron_options, text_of};
use crate::model::Session;
use crate::model::limits::{MAX_RECORD_BYTES, MAX_RON_SESSIONS_BYTES};

/// A session file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionFormat {
    /// One JSON object per line (`.jsonl`, `.ndjson`, `.json`).
    JsonLines,
    /// A header of dotted paths, then one session per record (`.csv`).
    Csv,
    /// A RON list of sessions (`.ron`).
    Ron,
}

impl SessionFormat {
    /// The format a file name implies; JSON lines when unknown.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => SessionFormat::Csv,
            Some("ron") => SessionFormat::Ron,
            _ => SessionFormat::JsonLines,
        }
    }
}

/// One unparsed record and where it starts.
#[derive(Clone, Debug)]
pub struct Raw {
    /// The byte offset the record starts at, for reading it again with
    /// [`read_one`].
    pub offset: u64,
    /// The 1-based line the record starts on.
    pub line: usize,
    /// The 1-based column it starts at (1 except in RON lists).
    pub column: usize,
    /// The record's text.
    pub text: String,
}

/// Parses raw records; cheap to clone and share between threads.
#[derive(Clone, Debug)]
pub struct SessionParser {
    file: Arc<str>,
    format: SessionFormat,
    header: Option<Arc<CsvHeader>>,
}

impl SessionParser {
    /// Parses one record.
    ///
    /// # Errors
    /// A [`LoadError`] at the line and column of the problem.
    pub fn parse(&self, raw: &Raw) -> Result<Session, LoadError> {
        match self.format {
            SessionFormat::JsonLines => serde_json::from_str::<Session>(raw.text.trim_end()).map_err(|e| {
                let message = e.to_string();
                let message = serde_message(message.split(" at line ").next().unwrap_or(&message));
                let message = match e.classify() {
                    serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                        format!("the line is not a valid JSON object: {message}")
                    }
                    _ => message,
                };
                LoadError::at(
                    &self.file,
                    raw.line + e.line().saturating_sub(1),
                    e.column().max(1),
                    LoadErrorKind::Syntax(message),
                )
            }),
            SessionFormat::Csv => match &self.header {
                Some(h) => h.record(&self.file, raw.line, &raw.text),
                None => Err(LoadError::at(
                    &self.file,
                    raw.line,
                    1,
                    LoadErrorKind::Syntax("the file has no header line".into()),
                )),
            },
            SessionFormat::Ron => ron_options()
                .from_str::<Session>(&raw.text)
                .map_err(|e| ron_error(&self.file, &e, raw.line - 1, raw.column - 1)),
        }
    }
}

/// A line read ahead and put back: its offset, line number and text.
type Line = (u64, usize, String);

enum Inner {
    /// `pending` holds lines read while looking for the end of a CSV record
    /// that never closed; they are read again as records of their own.
    Lines {
        reader: Box<dyn BufRead + Send>,
        line: usize,
        pending: VecDeque<Line>,
    },
    Ron {
        items: std::vec::IntoIter<Raw>,
    },
}

/// A source of sessions: a file or stdin, read record by record.
pub struct SessionSource {
    inner: Inner,
    parser: SessionParser,
    bytes_read: u64,
    total_bytes: Option<u64>,
}

impl SessionSource {
    /// Opens a session file; the format follows the extension.
    ///
    /// # Errors
    /// When the file cannot be opened or its header is wrong.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let format = SessionFormat::from_path(path);
        let name = path.display().to_string();
        if format == SessionFormat::Ron {
            let text = read_text(path, MAX_RON_SESSIONS_BYTES)?;
            return Self::from_ron_text(&name, &text);
        }
        let file = File::open(path).map_err(|e| LoadError::io(path, &e))?;
        let total = file.metadata().ok().map(|m| m.len());
        let mut source = Self::from_reader(&name, format, Box::new(BufReader::with_capacity(1 << 16, file)))?;
        source.total_bytes = total;
        Ok(source)
    }

    /// Reads sessions from any reader (e.g. stdin).
    ///
    /// # Errors
    /// When a CSV header is wrong or a RON list is malformed.
    pub fn from_reader(name: &str, format: SessionFormat, reader: Box<dyn BufRead + Send>) -> Result<Self, LoadError> {
        if format == SessionFormat::Ron {
            let mut bytes = Vec::new();
            reader
                .take(MAX_RON_SESSIONS_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| LoadError::whole(name, LoadErrorKind::io(&e)))?;
            if bytes.len() as u64 > MAX_RON_SESSIONS_BYTES {
                let message =
                    format!("the input has more than {MAX_RON_SESSIONS_BYTES} bytes, the RON session file limit");
                return Err(LoadError::whole(name, LoadErrorKind::TooLarge(message)));
            }
            return Self::from_ron_text(name, &text_of(name, bytes)?);
        }
        let mut source = SessionSource {
            inner: Inner::Lines { reader, line: 0, pending: VecDeque::new() },
            parser: SessionParser { file: name.into(), format, header: None },
            bytes_read: 0,
            total_bytes: None,
        };
        if format == SessionFormat::Csv {
            let header = match source.next_line() {
                Some(Ok((_, _, text))) => CsvHeader::parse(name, &text)?,
                Some(Err(e)) => return Err(e),
                None => {
                    return Err(LoadError::at(
                        name,
                        1,
                        1,
                        LoadErrorKind::Syntax("the file is empty; it needs a header line".into()),
                    ));
                }
            };
            source.parser.header = Some(Arc::new(header));
        }
        Ok(source)
    }

    fn from_ron_text(name: &str, text: &str) -> Result<Self, LoadError> {
        let Some(items) = top_level_items(text).map_err(|e| e.into_error(name))? else {
            let message = "a RON session file must be a list: `[ (id: \"s1\", ...), ... ]`";
            return Err(LoadError::at(name, 1, 1, LoadErrorKind::Syntax(message.to_owned())));
        };
        let items: Vec<Raw> = items
            .into_iter()
            .map(|(range, pos)| Raw {
                offset: range.start as u64,
                line: pos.line,
                column: pos.column,
                text: text[range].to_owned(),
            })
            .collect();
        Ok(SessionSource {
            total_bytes: Some(items.len() as u64),
            inner: Inner::Ron { items: items.into_iter() },
            parser: SessionParser { file: name.into(), format: SessionFormat::Ron, header: None },
            bytes_read: 0,
        })
    }

    /// A parser for this source's records.
    pub fn parser(&self) -> SessionParser {
        self.parser.clone()
    }

    /// Progress: `(done, total)` in bytes (records for RON); total unknown
    /// for streams.
    pub fn progress(&self) -> (u64, Option<u64>) {
        (self.bytes_read, self.total_bytes)
    }

    /// The next line: its byte offset, 1-based number and text. Lines are
    /// read within the record length limit; a longer line is skipped
    /// without being held in memory and reported.
    fn next_line(&mut self) -> Option<Result<Line, LoadError>> {
        let Inner::Lines { reader, line, pending } = &mut self.inner else {
            return None;
        };
        if let Some(back) = pending.pop_front() {
            return Some(Ok(back));
        }
        let file = &self.parser.file;
        let offset = self.bytes_read;
        let mut buf = Vec::new();
        let n = match reader.as_mut().take(MAX_RECORD_BYTES as u64 + 1).read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(n) => n,
            Err(e) => {
                return Some(Err(LoadError::at(file, *line + 1, 1, LoadErrorKind::io(&e))));
            }
        };
        *line += 1;
        self.bytes_read += n as u64;
        if n > MAX_RECORD_BYTES && buf.last() != Some(&b'\n') {
            self.bytes_read += skip_line(reader.as_mut());
            let message = format!("the line is longer than the record length limit of {MAX_RECORD_BYTES} bytes");
            return Some(Err(LoadError::at(file, *line, 1, LoadErrorKind::TooLarge(message))));
        }
        if *line == 1 && buf.starts_with(BOM) {
            buf.drain(..BOM.len());
        }
        Some(String::from_utf8(buf).map(|text| (offset, *line, text)).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let column = String::from_utf8_lossy(valid).chars().count() + 1;
            LoadError::at(file, *line, column, LoadErrorKind::Encoding)
        }))
    }

    /// The next unparsed record; blank lines are skipped.
    pub fn next_raw(&mut self) -> Option<Result<Raw, LoadError>> {
        if let Inner::Ron { items } = &mut self.inner {
            let raw = items.next()?;
            self.bytes_read += 1;
            return Some(Ok(raw));
        }
        loop {
            let (offset, line, text) = match self.next_line()? {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            if text.trim().is_empty() {
                continue;
            }
            if self.parser.format == SessionFormat::Csv && csv::quotes_open(&text) {
                return Some(self.csv_record(offset, line, text));
            }
            return Some(Ok(Raw { offset, line, column: 1, text }));
        }
    }

    /// Reads the rest of a CSV record whose first line leaves a quoted value
    /// open, in time linear in its length. A record that is still open after
    /// [`MAX_RECORD_BYTES`] or at the end of the input is refused at the line
    /// and column of the quote that opened it, and the lines after that one
    /// are read again as records of their own.
    fn csv_record(&mut self, offset: u64, line: usize, first: String) -> Result<Raw, LoadError> {
        let mut lines: Vec<Line> = Vec::new();
        let mut size = first.len();
        let mut open = true;
        while open && size <= MAX_RECORD_BYTES {
            match self.next_line() {
                Some(Ok(next)) => {
                    open ^= csv::quotes_open(&next.2);
                    size += next.2.len();
                    lines.push(next);
                }
                Some(Err(e)) => {
                    self.put_back(lines);
                    return Err(e);
                }
                None => break,
            }
        }
        if !open {
            let mut text = first;
            text.reserve(size - text.len());
            for (_, _, more) in lines {
                text.push_str(&more);
            }
            return Ok(Raw { offset, line, column: 1, text });
        }
        let column = csv::open_quote_column(&first);
        let message = if size > MAX_RECORD_BYTES {
            format!(
                "a quoted value starts here and is not closed within the record length limit of {MAX_RECORD_BYTES} bytes; the lines after this one are read as new records"
            )
        } else {
            "a quoted value starts here and is never closed; the lines after this one are read as new records"
                .to_owned()
        };
        self.put_back(lines);
        Err(LoadError::at(&self.parser.file, line, column, LoadErrorKind::TooLarge(message)))
    }

    fn put_back(&mut self, lines: Vec<Line>) {
        if let Inner::Lines { pending, .. } = &mut self.inner {
            for back in lines.into_iter().rev() {
                pending.push_front(back);
            }
        }
    }
}

impl Iterator for SessionSource {
    type Item = Result<(usize, Session), LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = match self.next_raw()? {
            Ok(raw) => raw,
            Err(e) => return Some(Err(e)),
        };
        Some(self.parser.parse(&raw).map(|s| (raw.line, s)))
    }
}

/// Reads every session of a file, refusing the whole file at the first error.
///
/// # Errors
/// The first [`LoadError`].
pub fn read_all(path: &Path) -> Result<Vec<Session>, LoadError> {
    SessionSource::open(path)?.map(|r| r.map(|(_, s)| s)).collect()
}

/// Skips to the end of the current line without holding it in memory;
/// returns the bytes skipped.
fn skip_line(reader: &mut dyn BufRead) -> u64 {
    let mut skipped = 0u64;
    loop {
        let (consumed, done) = match reader.fill_buf() {
            Ok([]) | Err(_) => return skipped,
            Ok(chunk) => match chunk.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            },
        };
        reader.consume(consumed);
        skipped += consumed as u64;
        if done {
            return skipped;
        }
    }
}

/// Reads the one session that starts at `offset` in a file (an offset from
/// [`Raw::offset`]), e.g. to show a row of a batch run again.
///
/// # Errors
/// When the file cannot be read or the record does not parse.
pub fn read_one(path: &Path, offset: u64) -> Result<Session, LoadError> {
    use std::io::{Seek, SeekFrom};
    let format = SessionFormat::from_path(path);
    let name = path.display().to_string();
    let mut source = match format {
        SessionFormat::Ron => SessionSource::open(path)?,
        _ => {
            let mut file = File::open(path).map_err(|e| LoadError::io(path, &e))?;
            let header = if format == SessionFormat::Csv {
                let mut first = String::new();
                BufReader::new((&mut file).take(MAX_RECORD_BYTES as u64 + 1))
                    .read_line(&mut first)
                    .map_err(|e| LoadError::io(path, &e))?;
                Some(first)
            } else {
                None
            };
            file.seek(SeekFrom::Start(offset)).map_err(|e| LoadError::io(path, &e))?;
            let body = BufReader::new(file);
            let reader: Box<dyn BufRead + Send> = match header {
                Some(h) => Box::new(std::io::Cursor::new(h.into_bytes()).chain(body)),
                None => Box::new(body),
            };
            SessionSource::from_reader(&name, format, reader)?
        }
    };
    let parser = source.parser();
    loop {
        match source.next_raw() {
            Some(Ok(raw)) if format == SessionFormat::Ron && raw.offset != offset => continue,
            Some(Ok(raw)) => return parser.parse(&raw),
            Some(Err(e)) => return Err(e),
            None => {
                return Err(LoadError::whole(
                    &name,
                    LoadErrorKind::Invalid(format!("no session starts at byte {offset}")),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_source(text: String) -> SessionSource {
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(text.into_bytes()));
        SessionSource::from_reader("s.csv", SessionFormat::Csv, reader).unwrap()
    }

    #[test]
    fn an_unclosed_quote_fails_at_the_record_limit_and_the_rest_is_read() {
        let rows = MAX_RECORD_BYTES / 8 + 1000;
        let mut text = String::from("\u{feff}id,geo.city\ns0,Oslo\ns1,\"Ber\n");
        for i in 2..rows {
            text.push_str(&format!("s{i},Rome\n"));
        }
        let started = std::time::Instant::now();
        let mut source = csv_source(text);
        let raws: Vec<_> = std::iter::from_fn(|| source.next_raw()).collect();
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "linear: {:?}", started.elapsed());
        let errors: Vec<_> = raws.iter().filter_map(|r| r.as_ref().err()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].position(), Some(crate::format::Position::new(3, 4)));
        assert!(errors[0].kind().to_string().contains("not closed within the record length limit of 1048576 bytes"));
        let ok: Vec<&Raw> = raws.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(ok.len(), rows - 1);
        let lines: Vec<usize> = ok.iter().take(3).map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 5], "the lines after the bad one are read again");
        assert_eq!(source.parser().parse(ok[1]).unwrap().id, "s2");
    }

    #[test]
    fn a_quoted_value_over_several_lines_is_one_record() {
        let text = "id,geo.city\ns1,\"New\nYork\"\ns2,Oslo\n".to_owned();
        let read: Vec<_> = csv_source(text).map(|r| r.map(|(line, s)| (line, s.geo.city))).collect();
        assert_eq!(
            read.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
            [(2, Some("New\nYork".to_owned())), (4, Some("Oslo".to_owned()))]
        );
    }
}
