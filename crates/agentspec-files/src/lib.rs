//! Files on disk, as every agentspec command and the `build.rs` `Builder` touch them: finding
//! spec files below directories (`.gitignore` and `.ignore` honoured, hidden entries skipped:
//! [`discover_with`]) and writing an output atomically, only when its content changes, keeping
//! its permissions and links ([`write_if_changed`]), and reading a file within a size limit, so
//! a huge or endless input is refused, not loaded ([`read::read_limited`]).

mod discover;
pub mod read;
mod write;

pub use discover::{discover_with, is_data_file, Found};
pub use write::write_if_changed;
