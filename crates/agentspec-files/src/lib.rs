//! Files on disk, as every agentspec command and the `build.rs` `Builder` touch them: finding
//! spec files below directories (`.gitignore` and `.ignore` honoured, hidden entries skipped:
//! [`discover_with`]) and writing an output atomically, only when its content changes, keeping
//! its permissions and links ([`write_if_changed`]).

mod discover;
mod write;

pub use discover::{discover_with, is_data_file, Found};
pub use write::write_if_changed;
