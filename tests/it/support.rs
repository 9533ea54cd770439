//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// Runs the `rulestudio` binary with arguments and optional stdin.
pub fn run(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rulestudio"));
    cmd.args(args).current_dir(root());
    cmd.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn rulestudio");
    if let Some(input) = stdin {
        // The process may exit before reading (e.g. a refused ruleset).
        let _ = child.stdin.take().expect("stdin").write_all(input.as_bytes());
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait for rulestudio")
}

/// Writes a file into a directory and returns its path.
pub fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write test file");
    path
}

/// stdout and stderr as strings.
pub fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The demo ruleset's RON text.
pub fn demo_text() -> String {
    std::fs::read_to_string(repo("rulesets/demo-store.rules.ron")).expect("demo ruleset")
}
