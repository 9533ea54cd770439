//! Where a command writes. Its output goes to [`Out`] (stdout, buffered),
//! whose writes return the [`Error`] instead of panicking: a closed stdout
//! (the output piped into `head`) comes back to [`super::main`], which ends
//! the command quietly with exit 0, as Unix tools do. Notes for the reader
//! (diagnostics, warnings, progress lines) go to stderr through `note!`,
//! which never fails a command; the command's own error is not a note: it
//! is returned, and printed in one place.

use std::fmt;
use std::io::{self, BufWriter, Stdout, Write};

use super::Error;

/// A command's output: stdout, buffered; flushed by [`super::main`] when
/// the command ends, or by the command where a reader waits for each line.
/// Stdout is locked only while a buffer is written out, never for the
/// whole command (the studio's threads may print).
pub struct Out {
    inner: BufWriter<Stdout>,
}

impl Out {
    /// The process's stdout.
    pub fn stdout() -> Self {
        Out { inner: BufWriter::new(io::stdout()) }
    }

    /// Writes formatted text: what `write!` and `writeln!` call.
    ///
    /// # Errors
    /// [`Error::Output`] when stdout cannot be written (or was closed).
    pub fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> Result<(), Error> {
        self.inner.write_fmt(args).map_err(Error::Output)
    }

    /// Sends what is buffered on.
    ///
    /// # Errors
    /// [`Error::Output`] when stdout cannot be written (or was closed).
    pub fn flush(&mut self) -> Result<(), Error> {
        self.inner.flush().map_err(Error::Output)
    }

    /// The writer itself, for writers that take an [`io::Write`]; map their
    /// errors with [`Error::Output`].
    pub fn writer(&mut self) -> &mut impl Write {
        &mut self.inner
    }
}

/// Writes a line to stderr; a closed stderr is ignored (there is nowhere
/// left to say anything).
pub fn write_note(args: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{args}");
}

/// `eprintln!` for notes to the reader: see [`write_note`].
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::cli::output::write_note(format_args!($($arg)*))
    };
}

pub(crate) use note;
