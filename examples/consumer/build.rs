//! Generates the answer types of the repository's `specs/` directory, and of this crate's own
//! `specs/`, into `OUT_DIR`.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by Cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by Cargo")).join("answers.rs");
    let specs = manifest.join("../../specs");
    if let Err(error) = agentspec_codegen::Builder::new()
        .spec_dir(specs)
        .generate(&out)
    {
        eprintln!("{error}");
        std::process::exit(1);
    }
    let search = out.with_file_name("search.rs");
    // One more derive and one more attribute on every type, as a crate may ask for them.
    if let Err(error) = agentspec_codegen::Builder::new()
        .spec_dir(manifest.join("specs"))
        .derive("PartialOrd")
        .attribute("#[must_use]")
        .generate(&search)
    {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
