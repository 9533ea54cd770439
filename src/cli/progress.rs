//! Progress bars on a terminal (indicatif), shared by long commands.

use indicatif::{ProgressBar, ProgressStyle};

/// A bar of `len` steps with a message, drawn on stderr.
pub fn bar(len: u64, message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {percent:>3}% {elapsed_precise}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message);
    bar
}
