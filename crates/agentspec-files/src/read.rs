//! Reading spec files within a size limit, so a huge or endless input is refused, not loaded.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The file holds more than the limit: its size when known (a regular file), else `None`
    /// (a device or a pipe that gave more than the limit).
    TooLarge(Option<u64>),
    /// The file could not be opened or read.
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLarge(Some(size)) => write!(f, "the file is too large ({size} bytes)"),
            ReadError::TooLarge(None) => f.write_str("the file is too large"),
            ReadError::Io(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<io::Error> for ReadError {
    fn from(error: io::Error) -> Self {
        ReadError::Io(error)
    }
}

/// Reads `path` unless it holds more than `max` bytes. A regular file's size is checked before
/// anything is read; anything else that opens (a device, a pipe) is read up to `max + 1`
/// bytes, so `/dev/zero` is refused rather than read forever. A named pipe that nothing writes
/// to is refused rather than waited on; one with a writer (`lint <(cat spec.yaml)`) is read.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Io(io::Error::other("is a directory")));
    }
    if meta.is_file() && meta.len() > max {
        return Err(ReadError::TooLarge(Some(meta.len())));
    }
    if is_fifo(&meta) {
        return read_fifo(path, file, max);
    }
    let capacity = if meta.is_file() { meta.len() } else { 0 };
    read_bounded(file, max, usize::try_from(capacity).unwrap_or(0))
}

/// Opens `path` for reading without waiting for a writer when it is a named pipe (opening a
/// pipe for reading otherwise blocks until something opens it for writing).
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::Metadata) -> bool {
    false
}

/// Reads a named pipe opened without blocking: with no writer, a read ends at once, and the
/// pipe is refused; with a writer, it is opened again, blocking, and read like standard input.
fn read_fifo(path: &Path, mut file: File, max: u64) -> Result<Vec<u8>, ReadError> {
    let mut first = vec![0; 64 << 10];
    let n = match file.read(&mut first) {
        Ok(0) => {
            return Err(ReadError::Io(io::Error::other(
                "a named pipe with nothing writing to it",
            )))
        }
        Ok(n) => n,
        Err(error) if error.kind() == io::ErrorKind::WouldBlock => 0,
        Err(error) => return Err(error.into()),
    };
    first.truncate(n);
    let rest = read_bounded(File::open(path)?, max.saturating_sub(n as u64), 0)?;
    first.extend_from_slice(&rest);
    Ok(first)
}

/// Reads standard input unless it holds more than `max` bytes.
pub fn read_stdin_limited(max: u64) -> Result<Vec<u8>, ReadError> {
    read_bounded(io::stdin().lock(), max, 0)
}

fn read_bounded(reader: impl Read, max: u64, capacity: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity);
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(None));
    }
    Ok(bytes)
}

/// Parses a size: bytes (`1048576`), or a number with a unit (`512KiB`, `10MiB`, `1GiB`; `K`,
/// `M`, `G`, `KB`, `MB`, `GB` mean the same powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits.parse().map_err(|_| {
        format!("`{text}` is not a size: write bytes, or a number with KiB, MiB or GiB")
    })?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        other => return Err(format!("unknown size unit `{other}`: use KiB, MiB or GiB")),
    };
    number
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_and_without_units() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("512 k"), Ok(512 << 10));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("10 parsecs").is_err());
        assert!(parse_size("99999999999999GiB").is_err());
    }

    #[test]
    fn an_endless_device_is_refused_not_read_forever() {
        let result = read_limited(Path::new("/dev/zero"), 1024);
        assert!(
            matches!(result, Err(ReadError::TooLarge(None))),
            "{result:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_without_a_writer_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pipe.session.yaml");
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo");
        assert!(status.success());
        let result = read_limited(&path, 1024);
        assert!(
            matches!(&result, Err(ReadError::Io(e)) if e.to_string().contains("nothing writing")),
            "{result:?}"
        );
        // With a writer, the pipe is read to its end (more than a pipe's buffer, so the
        // writer waits for the reader). Opening a pipe for reading and writing doesn't block.
        let mut pipe = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .expect("open pipe");
        let writer = std::thread::spawn(move || {
            std::io::Write::write_all(&mut pipe, "agent: a\n".repeat(10_000).as_bytes())
                .expect("write");
        });
        let bytes = read_limited(&path, 1 << 20).expect("read");
        writer.join().expect("writer");
        assert_eq!(bytes.len(), 90_000);
    }

    #[test]
    fn a_large_regular_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.session.yaml");
        let file = File::create(&path).expect("create");
        file.set_len(11 << 20).expect("sparse file");
        let result = read_limited(&path, 10 << 20);
        assert!(
            matches!(result, Err(ReadError::TooLarge(Some(n))) if n == 11 << 20),
            "{result:?}"
        );
        assert_eq!(
            read_limited(&path, 11 << 20).map(|b| b.len()).ok(),
            Some(11 << 20)
        );
    }
}
