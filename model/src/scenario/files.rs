//! Finding scenario files: files as given, folders searched recursively for
//! `*.toml`, as `cargo xtask check PATH...` takes them.
//!
//! Other people's folders hold more than scenarios, so the walk reads only
//! regular files: a symbolic link to a folder inside the walk is not
//! followed (a link back to a parent made one file run 41 times, and two
//! links to `.` made the paths grow exponentially), each folder is visited
//! once (by device and inode), a FIFO or device named `*.toml` is skipped
//! with a note (reading a FIFO blocks forever), and an entry that cannot be
//! read is reported by its own path while the walk goes on.

use std::collections::BTreeSet;
use std::fs::{FileType, Metadata};
use std::path::{Path, PathBuf};

/// What a walk over the given paths found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Found {
    /// The scenario files, in the order given, sorted within each folder.
    pub files: Vec<PathBuf>,
    /// Entries passed over, each with why (a special file, a link to a
    /// folder).
    pub skipped: Vec<(PathBuf, String)>,
    /// Entries that could not be read, each with the system's reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Found {
    /// The files, or an error naming the first entry skipped or unreadable:
    /// for the project's own corpora, where either is a mistake.
    pub fn strict(self) -> Result<Vec<PathBuf>, String> {
        match self.unreadable.first().or(self.skipped.first()) {
            Some((path, why)) => Err(format!("{}: {why}", path.display())),
            None => Ok(self.files),
        }
    }
}

/// Every scenario file under `paths`. An error (the command's, before any
/// scenario runs) names a path that does not exist or is not a file or
/// folder, or one that holds no scenario file, so that a mistyped path
/// cannot pass as "0 failed".
pub fn scenario_files(paths: &[PathBuf]) -> Result<Found, String> {
    let mut found = Found::default();
    let mut visited = BTreeSet::new();
    for path in paths {
        // A path given by name is followed even when it is a link.
        let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{}: no such file or folder", path.display()),
            _ => format!("{}: {e}", path.display()),
        })?;
        let before = found.files.len();
        if metadata.is_dir() {
            // A folder inside one given before was read with it: its files
            // are in the run already, so it is not empty.
            let fresh = !visited.contains(&identity(&metadata));
            walk(path, &metadata, &mut visited, &mut found);
            if fresh
                && found.files.len() == before
                && !found.unreadable.iter().any(|(p, _)| p == path)
            {
                return Err(format!(
                    "{}: no scenario file (*.toml) in this folder",
                    path.display()
                ));
            }
        } else if metadata.is_file() {
            found.files.push(path.clone());
        } else {
            return Err(format!(
                "{}: {}, not a scenario file or folder",
                path.display(),
                kind(&metadata.file_type())
            ));
        }
    }
    Ok(found)
}

/// Adds the scenario files under the folder `dir` (whose metadata is
/// `metadata`) to `found`, unless it was visited already.
fn walk(dir: &Path, metadata: &Metadata, visited: &mut BTreeSet<(u64, u64)>, found: &mut Found) {
    if !visited.insert(identity(metadata)) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.unreadable.push((dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => found.unreadable.push((dir.to_path_buf(), e.to_string())),
        }
    }
    paths.sort();
    for path in paths {
        // The entry itself, not what a link points at.
        let own = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                found.unreadable.push((path, e.to_string()));
                continue;
            }
        };
        let file_type = own.file_type();
        if file_type.is_dir() {
            walk(&path, &own, visited, found);
            continue;
        }
        let is_toml = path.extension().is_some_and(|e| e == "toml");
        if file_type.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(target) if target.is_dir() => found
                    .skipped
                    .push((path, "a link to a folder, not followed".to_string())),
                Ok(target) if target.is_file() && is_toml => found.files.push(path),
                Ok(target) if is_toml => {
                    let why = format!(
                        "a link to {}, not a regular file",
                        kind(&target.file_type())
                    );
                    found.skipped.push((path, why));
                }
                // A dangling link or a loop of links.
                Err(e) if is_toml => found.unreadable.push((path, e.to_string())),
                _ => {}
            }
        } else if is_toml {
            if own.is_file() {
                found.files.push(path);
            } else {
                let why = format!("{}, not a regular file", kind(&file_type));
                found.skipped.push((path, why));
            }
        }
    }
}

/// A folder's identity: device and inode where the system has them.
#[cfg(unix)]
fn identity(metadata: &Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (metadata.dev(), metadata.ino())
}

/// Without inodes every folder is new; links to folders are still not
/// followed, so the walk ends.
#[cfg(not(unix))]
fn identity(_: &Metadata) -> (u64, u64) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    (0, NEXT.fetch_add(1, Ordering::Relaxed))
}

/// What kind of thing a non-regular file is, for messages.
fn kind(file_type: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}
