//! Writing files safely: through a temporary file and a rename, and only when content changes.

use std::fs::{File, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// `error` with the file that could not be written in its message (its kind kept).
fn context(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot write {}: {error}", path.display()),
    )
}

/// Writes `content` to `path` atomically unless the file already holds exactly that content.
/// Returns whether the file was written. On any error the original file is left as it was.
///
/// The new content goes to a fresh temporary file beside the target (created exclusively, so
/// an existing file or symlink of that name is never written through), is flushed to disk, and
/// is renamed over the target, which keeps its permissions. A symlink is followed: its target
/// is replaced and the link stays a link.
pub fn write_if_changed(path: &Path, content: &[u8]) -> io::Result<bool> {
    let path = resolve_symlinks(path);
    if std::fs::read(&path).is_ok_and(|old| old == content) {
        return Ok(false);
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let permissions = std::fs::metadata(&path).ok().map(|m| m.permissions());
    let (mut file, tmp) = create_temporary(dir, &file_name).map_err(|e| context(e, &path))?;
    let result = (|| -> io::Result<()> {
        file.write_all(content)?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &path)?;
        // Make the rename itself durable; a directory that can't be synced is no error.
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| true).map_err(|e| context(e, &path))
}

/// The file a chain of symlinks ends at (`path` itself when it is no symlink, or when the
/// chain is broken or loops: writing then fails or replaces the link, never a third file).
fn resolve_symlinks(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::read_link(&current) {
                Ok(target) => {
                    current = match current.parent() {
                        Some(parent) => parent.join(target),
                        None => target,
                    };
                }
                Err(_) => return path.to_path_buf(),
            },
            _ => return current,
        }
    }
    path.to_path_buf()
}

/// A new, empty temporary file in `dir`, created exclusively.
fn create_temporary(dir: &Path, file_name: &str) -> io::Result<(File, PathBuf)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(format!(".{file_name}.{pid}.{attempt}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((file, tmp)),
            Err(error) if error.kind() == ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_content_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "same").expect("write");
        let before = std::fs::metadata(&path)
            .expect("meta")
            .modified()
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!write_if_changed(&path, b"same").expect("write"));
        let after = std::fs::metadata(&path)
            .expect("meta")
            .modified()
            .expect("mtime");
        assert_eq!(before, after);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_a_symlink_stays_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("real.txt");
        std::fs::write(&target, "old").expect("write");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).expect("symlink");
        assert!(write_if_changed(&link, b"new").expect("write"));
        assert!(std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        let mode = std::fs::metadata(&target)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_temporary_name_is_never_written_through() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").expect("write");
        let path = dir.path().join("out.txt");
        let planted = dir
            .path()
            .join(format!(".out.txt.{}.0.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).expect("symlink");
        assert!(write_if_changed(&path, b"content").expect("write"));
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep me");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "content");
    }

    #[test]
    fn a_failed_write_keeps_the_original() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The target is a non-empty directory: the rename fails after the temporary file was
        // written, and everything is left as it was.
        let path = dir.path().join("out");
        std::fs::create_dir(&path).expect("mkdir");
        std::fs::write(path.join("inside.txt"), "keep").expect("write");
        assert!(write_if_changed(&path, b"content").is_err());
        assert_eq!(
            std::fs::read_to_string(path.join("inside.txt")).expect("read"),
            "keep"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
