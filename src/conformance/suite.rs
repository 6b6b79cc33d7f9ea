//! Loading the suite: the manifest, then every case file it points at.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::case::{Case, CaseFile};
use crate::load::{self, Syntax};

/// The manifest, `manifest.json` at the root of the suite.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Manifest {
    /// The name of the suite.
    pub name: String,
    /// The version of the suite, a semantic version independent of the format version.
    pub version: String,
    /// For each format version (MAJOR.MINOR), the folder of its case files,
    /// relative to the suite root.
    pub format_versions: BTreeMap<String, String>,
    /// The path of the case schema, relative to the suite root.
    pub case_schema: String,
}

/// A case file as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    /// The path relative to the suite root, with `/` separators, such as `cases/v1.0/ids.json`.
    pub path: String,
    /// The format version whose folder the file is in.
    pub format_version: String,
    /// The parsed contents.
    pub file: CaseFile,
}

impl LoadedFile {
    /// The file name without its `.json` extension, such as `ids`.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".json").unwrap_or(name)
    }
}

/// A loaded suite.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The folder that contains `manifest.json`.
    pub root: PathBuf,
    /// The manifest.
    pub manifest: Manifest,
    /// Every case file, ordered by format version and then by path.
    pub files: Vec<LoadedFile>,
}

/// A case in its file, as iterated by [`Suite::cases`].
#[derive(Debug, Clone, Copy)]
pub struct CaseRef<'a> {
    /// The file that contains the case.
    pub file: &'a LoadedFile,
    /// The case.
    pub case: &'a Case,
}

impl CaseRef<'_> {
    /// A name that is unique in the suite and readable in test listings,
    /// such as `v1.0::ids::id-duplicate-two-elements`.
    pub fn test_name(&self) -> String {
        format!(
            "v{}::{}::{}",
            self.file.format_version,
            self.file.stem(),
            self.case.id
        )
    }
}

/// A problem with one file of the suite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiteError {
    /// The file, relative to the suite root where possible.
    pub path: String,
    /// The JSON Pointer of the offending value, when the problem is inside the file.
    pub pointer: Option<String>,
    /// The problem, as a message for the author of the file.
    pub message: String,
}

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.pointer {
            Some(pointer) => write!(
                f,
                "{}: at {}: {}",
                self.path,
                display_pointer(pointer),
                self.message
            ),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// The pointer, or `(root)` for the empty pointer, which would be invisible in a message.
fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// Every problem found while loading a suite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The problems, in the order they were found.
    pub errors: Vec<SuiteError>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl Suite {
    /// Loads the suite in `root`: `manifest.json`, then every `*.json` file in
    /// the folder of each format version, sorted by name.
    ///
    /// Every case file that cannot be read or does not have the shape of a
    /// case file is reported, each with the JSON Pointer of the offending value.
    pub fn load(root: &Path) -> Result<Suite, LoadError> {
        let manifest_path = root.join("manifest.json");
        let manifest: Manifest =
            read_json(&manifest_path, "manifest.json").map_err(|error| LoadError {
                errors: vec![error],
            })?;

        let mut files = Vec::new();
        let mut errors = Vec::new();
        for (format_version, folder) in &manifest.format_versions {
            let paths = match list_case_files(&root.join(folder)) {
                Ok(paths) => paths,
                Err(message) => {
                    errors.push(SuiteError {
                        path: folder.clone(),
                        pointer: None,
                        message,
                    });
                    continue;
                }
            };
            for path in paths {
                let name = path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let relative = format!("{}/{name}", folder.trim_end_matches('/'));
                match read_json::<CaseFile>(&path, &relative) {
                    Ok(file) => files.push(LoadedFile {
                        path: relative,
                        format_version: format_version.clone(),
                        file,
                    }),
                    Err(error) => errors.push(error),
                }
            }
        }
        if !errors.is_empty() {
            return Err(LoadError { errors });
        }
        Ok(Suite {
            root: root.to_path_buf(),
            manifest,
            files,
        })
    }

    /// Every case of the suite, deprecated ones included, in file order.
    pub fn cases(&self) -> impl Iterator<Item = CaseRef<'_>> {
        self.files.iter().flat_map(|file| {
            file.file
                .cases
                .iter()
                .map(move |case| CaseRef { file, case })
        })
    }

    /// The case with `id`, when there is one.
    pub fn case(&self, id: &str) -> Option<CaseRef<'_>> {
        self.cases().find(|found| found.case.id == id)
    }
}

/// Lists the `*.json` files directly in `folder`, sorted by name.
fn list_case_files(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(folder)
        .map_err(|error| format!("cannot read the case folder {}: {error}", folder.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|error| format!("cannot read the case folder {}: {error}", folder.display()))?
            .path();
        if path.is_file()
            && path
                .extension()
                .is_some_and(|extension| extension == "json")
        {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Reads a JSON file into `T`, with the same I-JSON checks as TMIF documents
/// (no duplicate member names), naming the JSON Pointer of a value of the wrong shape.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    shown: &str,
) -> Result<T, SuiteError> {
    let value = read_value(path, shown)?;
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| SuiteError {
        path: shown.to_owned(),
        pointer: Some(pointer_of(error.path())),
        message: error.inner().to_string(),
    })
}

/// Reads a JSON file into a value, rejecting duplicate member names.
pub(crate) fn read_value(path: &Path, shown: &str) -> Result<Value, SuiteError> {
    let bytes = std::fs::read(path).map_err(|error| SuiteError {
        path: shown.to_owned(),
        pointer: None,
        message: format!("cannot read {}: {error}", path.display()),
    })?;
    load::read_value(&bytes, Syntax::Json).map_err(|diagnostic| SuiteError {
        path: shown.to_owned(),
        pointer: None,
        message: match diagnostic.position {
            Some(position) => format!("line {position}: {}", diagnostic.message),
            None => diagnostic.message,
        },
    })
}

/// Converts a `serde_path_to_error` path into a JSON Pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                crate::load::pointer::push_index(&mut pointer, *index);
            }
            serde_path_to_error::Segment::Map { key } => {
                crate::load::pointer::push_token(&mut pointer, key);
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}
