//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

pub mod browser;
pub mod labelled;

/// Returns the folder of real-world threat models, or `None` when it is absent.
///
/// The folder is `TMIF_CORPUS` when set, else `../shared/corpus` beside the
/// repository. When `TMIF_REQUIRE_CORPUS` is set, as in CI, a missing folder
/// fails the test instead of skipping it.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("TMIF_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("TMIF_REQUIRE_CORPUS").is_some() {
        panic!(
            "the corpus folder {} does not exist, and TMIF_REQUIRE_CORPUS is set",
            dir.display()
        );
    }
    eprintln!(
        "corpus folder {} not found; the corpus tests were not run",
        dir.display()
    );
    None
}

/// Lists the files of one corpus subfolder, such as `otm`, sorted by name.
pub fn corpus_files(subfolder: &str) -> Vec<PathBuf> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(subfolder))
        .unwrap_or_else(|error| panic!("cannot list corpus folder {subfolder}: {error}"))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// The path of the `tmif` binary built for these tests.
pub fn tmif_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tmif"))
}
