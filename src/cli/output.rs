//! Printing a command's output to stdout. When stdout is closed early (the
//! output piped into `head`), the command ends quietly with exit 0, as Unix
//! tools do, instead of panicking; any other write error ends it with a
//! message and exit 1.

use std::fmt;
use std::io::{self, Write};

/// Whether a write error means the reader closed stdout.
pub fn closed(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Writes to stdout; see the module's documentation for errors.
pub fn print(args: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if closed(&e) {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(1);
    }
}

/// `println!` for command output: a closed stdout ends the command quietly.
macro_rules! outln {
    () => {
        $crate::cli::output::print(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::print(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` for command output: a closed stdout ends the command quietly.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::output::print(format_args!($($arg)*))
    };
}

pub(crate) use {out, outln};
