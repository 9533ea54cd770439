//! Atomic saves (SPEC §9): write a temporary file next to the target, sync
//! it, keep the previous file as `<name>.bak`, then rename over the target.
//! A crash leaves either the old file or the new one, never half of one.
//!
//! The backup is a hard link to the previous file, renamed into place, so it
//! is never truncated: a crash leaves the previous backup or the previous
//! file under `<name>.bak`, both complete. Saving through a symbolic link
//! writes the file it points to and leaves the link alone. Temporary files
//! that a crash left behind (`.rulestudio-*.tmp`, older than this process)
//! are removed from a directory the first time this process writes there.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

use tempfile::NamedTempFile;

/// The prefix and suffix of our temporary files.
const TMP_PREFIX: &str = ".rulestudio-";
const TMP_SUFFIX: &str = ".tmp";

/// When this process started (see [`mark_process_start`]; at the latest,
/// when it first wrote a file): temporary files older than this are left
/// over from an earlier run.
static STARTED: LazyLock<SystemTime> = LazyLock::new(SystemTime::now);

/// Records the time the process started, for telling stale temporary files
/// from those of saves in progress; called first thing by the command line.
pub fn mark_process_start() {
    LazyLock::force(&STARTED);
}

/// Directories already cleaned of stale temporary files by this process.
static CLEANED: LazyLock<Mutex<HashSet<PathBuf>>> = LazyLock::new(|| Mutex::new(HashSet::new()));

/// The backup path kept by [`write_atomic`]: `<file>.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// A file written and synced under a temporary name next to its target,
/// waiting for [`Staged::commit`] to rename it into place.
pub struct Staged {
    tmp: NamedTempFile,
    target: PathBuf,
}

/// The file a save to `path` writes: the end of a chain of symbolic links,
/// or `path` itself.
fn resolve(path: &Path) -> PathBuf {
    let mut target = path.to_path_buf();
    // A bounded walk: a loop of links is written as the last link reached.
    for _ in 0..40 {
        match fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&target) {
                Ok(next) => {
                    target = match target.parent() {
                        Some(dir) => dir.join(next),
                        None => next,
                    };
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    target
}

fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to a synced temporary file next to `path` (or next to the
/// file a symbolic link at `path` points to).
///
/// # Errors
/// Any I/O error; nothing visible has changed then.
pub fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let target = resolve(path);
    let dir = dir_of(&target);
    remove_stale_once(&dir);
    let mut tmp = tempfile::Builder::new().prefix(TMP_PREFIX).suffix(TMP_SUFFIX).tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    keep_permissions(tmp.as_file(), &target)?;
    tmp.as_file().sync_all()?;
    Ok(Staged { tmp, target })
}

impl Staged {
    /// Renames the file into place, first keeping the previous file as
    /// `<name>.bak` when `keep_backup` is set and there is one.
    ///
    /// # Errors
    /// Any I/O error; the target is then unchanged.
    pub fn commit(self, keep_backup: bool) -> std::io::Result<()> {
        let dir = dir_of(&self.target);
        if keep_backup && self.target.is_file() {
            keep_backup_of(&self.target, &dir)?;
        }
        self.tmp.persist(&self.target).map_err(|e| e.error)?;
        sync_dir(&dir);
        Ok(())
    }
}

/// Writes `bytes` to `path` atomically, keeping the previous content as a
/// backup when `keep_backup` is set and the file exists.
///
/// # Errors
/// Any I/O error; the target is then unchanged.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> std::io::Result<()> {
    stage(path, bytes)?.commit(keep_backup)
}

/// Makes `<file>.bak` a complete copy of `file` without ever truncating the
/// existing backup: a hard link under a temporary name, renamed over the
/// backup. Where hard links are not supported, a synced copy under a
/// temporary name is renamed instead.
fn keep_backup_of(file: &Path, dir: &Path) -> std::io::Result<()> {
    let backup = backup_path(file);
    let link = tempfile::Builder::new().prefix(TMP_PREFIX).suffix(TMP_SUFFIX).make_in(dir, |p| fs::hard_link(file, p));
    match link {
        Ok(link) => link.persist(&backup).map_err(|e| e.error)?,
        Err(_) => {
            let mut copy = tempfile::Builder::new().prefix(TMP_PREFIX).suffix(TMP_SUFFIX).tempfile_in(dir)?;
            std::io::copy(&mut fs::File::open(file)?, copy.as_file_mut())?;
            copy.as_file().sync_all()?;
            copy.persist(&backup).map_err(|e| e.error)?;
        }
    }
    Ok(())
}

/// Persists renames in a directory; not every platform can sync one.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes our temporary files left in `dir` by a crash of an earlier
/// process, once per directory per process.
fn remove_stale_once(dir: &Path) {
    let started = *STARTED;
    let first = CLEANED.lock().map(|mut done| done.insert(dir.to_path_buf())).unwrap_or(false);
    if first {
        remove_stale(dir, started);
    }
}

/// Removes regular files named `.rulestudio-*.tmp` in `dir` last modified
/// before `before`; returns how many.
pub fn remove_stale(dir: &Path, before: SystemTime) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(|m| m.file_type().is_file())
            .and_then(|m| m.modified().ok())
            .is_some_and(|modified| modified < before);
        if stale && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Gives the new file the old file's permissions, or the usual `rw-r--r--`
/// for a new file (temporary files start private).
#[cfg(unix)]
fn keep_permissions(file: &fs::File, target: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(target).map(|m| m.permissions().mode()).unwrap_or(0o644);
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn keep_permissions(_file: &fs::File, _target: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn replaces_and_keeps_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rules.ron");
        write_atomic(&path, b"one", true).unwrap();
        assert!(!backup_path(&path).exists());
        write_atomic(&path, b"two", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "one");
        write_atomic(&path, b"three", true).unwrap();
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
        }
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn staged_files_are_invisible_until_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        let staged = stage(&path, b"new").unwrap();
        assert!(!path.exists());
        staged.commit(false).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert!(!backup_path(&path).exists());
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_symlink_writes_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("real");
        fs::create_dir(&real_dir).unwrap();
        let real = real_dir.join("a.rules.ron");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.rules.ron");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new", true).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(fs::read_to_string(backup_path(&real)).unwrap(), "old");
    }

    #[test]
    fn stale_temp_files_of_ours_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join(".rulestudio-abc123.tmp");
        let theirs = dir.path().join(".other-abc123.tmp");
        fs::write(&ours, "half").unwrap();
        fs::write(&theirs, "keep").unwrap();
        let earlier = SystemTime::now() - std::time::Duration::from_secs(3600);
        assert_eq!(remove_stale(dir.path(), earlier), 0, "a file newer than the process is in use");
        let later = SystemTime::now() + std::time::Duration::from_secs(3600);
        assert_eq!(remove_stale(dir.path(), later), 1);
        assert!(!ours.exists() && theirs.exists());
    }

    #[test]
    fn failure_leaves_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let missing_dir = dir.path().join("nope").join("x.ron");
        assert!(write_atomic(&missing_dir, b"x", true).is_err());
    }
}
