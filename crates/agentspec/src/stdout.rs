//! Writing a command's output to standard output, where the reader may go away early.
//!
//! A reader that stops reading (`agentspec lint . | head -1`) closes the pipe: the rest of the
//! output is dropped without a message, and the command ends with the exit status it would
//! have had anyway. Every command settles its verdict before it writes its output, so a
//! `| head` that reads less does not change it: `lint` still exits 1 on errors, which a script
//! under `set -o pipefail` sees. (ripgrep also ends quietly; it exits 0, having no verdict to
//! keep once its output is cut. The shell's 141 for a process killed by `SIGPIPE` would hide
//! the verdict.) Any other write error (a full disk behind `>`) is an error of the run.

use std::io::{self, Write};

/// Writes `output` to standard output and flushes it; a closed pipe is not an error.
pub fn write(output: impl AsRef<[u8]>) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(output.as_ref()).and_then(|()| out.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(error).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}
