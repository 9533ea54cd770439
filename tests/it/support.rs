//! Helpers shared by the integration tests.

use std::path::PathBuf;
#[cfg(feature = "cli")]
use std::{path::Path, process::Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

#[cfg(feature = "cli")]
/// Runs the `rulestudio` binary with arguments and optional stdin.
pub fn run(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rulestudio"));
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

#[cfg(feature = "cli")]
/// Writes a file into a directory and returns its path.
pub fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write test file");
    path
}

#[cfg(feature = "cli")]
/// stdout and stderr as strings.
pub fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[cfg(feature = "cli")]
/// The demo ruleset's RON text.
pub fn demo_text() -> String {
    std::fs::read_to_string(repo("rulesets/demo-store.rules.ron")).expect("demo ruleset")
}

#[cfg(feature = "cli")]
/// Lines removed plus lines added between two texts (a longest common
/// subsequence of lines, as `git diff --stat` counts them).
pub fn changed_lines(a: &str, b: &str) -> usize {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut row = vec![0u32; b.len() + 1];
    for x in &a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    let common = row[b.len()] as usize;
    a.len() + b.len() - 2 * common
}
