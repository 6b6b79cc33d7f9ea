//! Types that mirror `conformance/case.schema.json`, the format of a case file.
//!
//! Deserialization rejects unknown members as the schema does, so a case file
//! that loads has the shape the schema describes, apart from the patterns and
//! lengths that only the lint checks.

use std::collections::BTreeSet;

use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::load::Syntax;
use crate::model::Tlp;

/// One case file: a group of cases about one topic.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// A relative reference to the case schema, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The topic that the cases of the file share.
    pub description: String,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// One conformance case.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Case {
    /// The stable id, unique in the suite.
    pub id: String,
    /// The behaviour the case checks, in one short phrase.
    pub description: String,
    /// The section of the specification under test, such as `5.1` or `A`.
    pub section: String,
    /// The format version as MAJOR.MINOR; `None` means `1.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_version: Option<String>,
    /// The operation the implementation under test performs on the input.
    pub operation: Operation,
    /// The parameters of a `migrate` or `redact` operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Options>,
    /// The code of the rule the case is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The input document.
    pub input: Input,
    /// The expected outcome.
    pub expect: Expect,
    /// The deprecation note, present when the case is no longer run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecated>,
}

/// The format version a case belongs to when it does not name one.
pub const DEFAULT_FORMAT_VERSION: &str = "1.0";

impl Case {
    /// The format version of the case as MAJOR.MINOR.
    pub fn format_version(&self) -> &str {
        self.format_version
            .as_deref()
            .unwrap_or(DEFAULT_FORMAT_VERSION)
    }

    /// Returns `true` when the case expects a diagnostic with `code`.
    pub fn expects_code(&self, code: &str) -> bool {
        self.expect
            .diagnostics
            .iter()
            .flatten()
            .any(|diagnostic| diagnostic.code == code)
    }

    /// The file extension an input file of this case gets, such as `.tmif.json`.
    ///
    /// Inputs of `validate`, `fmt`, `migrate` and `redact` cases are TMIF
    /// documents. Inputs of `import` cases are files of another tool, so they
    /// get a plain `.json` or `.yaml`.
    pub fn file_extension(&self) -> &'static str {
        match (self.operation, self.input.syntax()) {
            (Operation::Import, Syntax::Json) => ".json",
            (Operation::Import, Syntax::Yaml) => ".yaml",
            (_, Syntax::Json) => ".tmif.json",
            (_, Syntax::Yaml) => ".tmif.yaml",
        }
    }
}

/// The operation the implementation under test performs on the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// Validate the document and report diagnostics.
    Validate,
    /// Write the document in canonical form.
    Fmt,
    /// Convert a file of another tool into a TMIF document.
    Import,
    /// Rewrite the document as another minor version of its major version.
    Migrate,
    /// Copy the document without the objects labelled above a TLP level.
    Redact,
    /// Split the document into a public part and a private overlay.
    Split,
}

impl Operation {
    /// The name as case files spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Validate => "validate",
            Operation::Fmt => "fmt",
            Operation::Import => "import",
            Operation::Migrate => "migrate",
            Operation::Redact => "redact",
            Operation::Split => "split",
        }
    }
}

/// The parameters of a `migrate` or `redact` operation.
///
/// The case schema allows only `to` for `migrate` and only `level` and
/// `placeholders` for `redact`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// For `migrate`: the target format version as MAJOR.MINOR, such as `1.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// For `redact`: the strictest label the output may contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Tlp>,
    /// For `redact`: whether removed elements and trust zones are replaced
    /// by placeholders; absent means `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholders: Option<bool>,
}

/// The input of a case: an inline JSON value, exact text, or exact bytes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(try_from = "RawInput", into = "RawInput")]
pub enum Input {
    /// A JSON value, written out as pretty-printed JSON text.
    Document(Value),
    /// Exact text in the given syntax.
    Text {
        /// The text.
        text: String,
        /// JSON or YAML.
        syntax: InputSyntax,
    },
    /// Exact bytes, base64-encoded, for input that is not UTF-8 text.
    Base64 {
        /// The bytes in standard base64 with padding (RFC 4648, section 4).
        base64: String,
        /// JSON or YAML.
        syntax: InputSyntax,
    },
}

/// The syntax of a text or base64 input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputSyntax {
    /// JSON text.
    Json,
    /// YAML text.
    Yaml,
}

impl From<InputSyntax> for Syntax {
    fn from(syntax: InputSyntax) -> Syntax {
        match syntax {
            InputSyntax::Json => Syntax::Json,
            InputSyntax::Yaml => Syntax::Yaml,
        }
    }
}

impl Input {
    /// The syntax the input bytes are read as.
    pub fn syntax(&self) -> Syntax {
        match self {
            Input::Document(_) => Syntax::Json,
            Input::Text { syntax, .. } | Input::Base64 { syntax, .. } => (*syntax).into(),
        }
    }

    /// Returns the exact bytes of the input file.
    ///
    /// A `document` input is written as JSON text with two-space indentation
    /// and a final newline, with object members in the order of
    /// `serde_json::Map`, which sorts them by name in this build. The
    /// validation verdict and the diagnostics' pointers do not depend on that
    /// order. A `base64` input that is not valid base64 is an error.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        match self {
            Input::Document(value) => {
                let mut text = serde_json::to_string_pretty(value)
                    .map_err(|error| format!("cannot serialize the input document: {error}"))?;
                text.push('\n');
                Ok(text.into_bytes())
            }
            Input::Text { text, .. } => Ok(text.as_bytes().to_vec()),
            Input::Base64 { base64, .. } => base64::engine::general_purpose::STANDARD
                .decode(base64)
                .map_err(|error| format!("the input is not valid base64: {error}")),
        }
    }
}

/// The wire form of [`Input`]: exactly one of `document`, `text` and
/// `base64`, with `syntax` beside `text` and `base64` only.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    document: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    syntax: Option<InputSyntax>,
}

/// Deserializes a member that is present as `Some`, even when its value is `null`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

impl TryFrom<RawInput> for Input {
    type Error = String;

    fn try_from(raw: RawInput) -> Result<Input, String> {
        match (raw.document, raw.text, raw.base64, raw.syntax) {
            (Some(document), None, None, None) => Ok(Input::Document(document)),
            (Some(_), None, None, Some(_)) => {
                Err("`syntax` is not allowed beside `document`, which is always JSON".to_owned())
            }
            (None, Some(text), None, Some(syntax)) => Ok(Input::Text { text, syntax }),
            (None, None, Some(base64), Some(syntax)) => Ok(Input::Base64 { base64, syntax }),
            (None, Some(_), None, None) | (None, None, Some(_), None) => {
                Err("missing `syntax` (\"json\" or \"yaml\") beside `text` or `base64`".to_owned())
            }
            (None, None, None, _) => {
                Err("the input needs one of `document`, `text` and `base64`".to_owned())
            }
            _ => Err("the input has more than one of `document`, `text` and `base64`".to_owned()),
        }
    }
}

impl From<Input> for RawInput {
    fn from(input: Input) -> RawInput {
        let mut raw = RawInput {
            document: None,
            text: None,
            base64: None,
            syntax: None,
        };
        match input {
            Input::Document(document) => raw.document = Some(document),
            Input::Text { text, syntax } => {
                raw.text = Some(text);
                raw.syntax = Some(syntax);
            }
            Input::Base64 { base64, syntax } => {
                raw.base64 = Some(base64);
                raw.syntax = Some(syntax);
            }
        }
        raw
    }
}

/// The expected outcome. Which members are present depends on the operation.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// For `validate`: whether the document has no diagnostic of level error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<bool>,
    /// For `validate`: every diagnostic, errors and warnings, in any order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Vec<ExpectedDiagnostic>>,
    /// For `fmt`: the exact canonical text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// For `import`, `migrate` and `redact`: the expected TMIF document.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub document: Option<Value>,
    /// For `import` and `migrate`: every loss, in any order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub losses: Option<Vec<ExpectedLoss>>,
    /// For `redact`: every removed object, in any order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<ExpectedRemoved>>,
    /// For `redact`: every object replaced by a placeholder, in any order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced: Option<Vec<ExpectedReplaced>>,
    /// For `redact`: every kept string that contains the id or name of a
    /// removed or replaced object, in any order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaks: Option<Vec<ExpectedLeak>>,
    /// For `redact`: the error the operation fails with, such as
    /// `document-above-level`, in place of a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For `split`: the expected private overlay; `document` is then the
    /// expected public document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlay: Option<Value>,
}

/// A diagnostic by rule code and JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedDiagnostic {
    /// The rule code, such as `TMIF1101`.
    pub code: String,
    /// The JSON Pointer of the value the diagnostic is about.
    pub pointer: String,
}

/// A loss by source pointer and kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedLoss {
    /// The JSON Pointer of the value in the source file.
    pub pointer: String,
    /// `dropped`, `changed` or `kept`.
    pub kind: String,
}

/// An object that a redaction removed, by its id in the input and its collection.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRemoved {
    /// The object's id in the input.
    pub id: String,
    /// The member of the document that holds the object, such as `elements`.
    pub kind: String,
}

/// An object that a redaction replaced by a placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedReplaced {
    /// The object's id in the input.
    pub id: String,
    /// `elements` or `trustZones`.
    pub kind: String,
    /// The id of the placeholder in the output.
    pub placeholder: String,
}

/// A kept string of a redacted document that contains the id or name of a
/// removed or replaced object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedLeak {
    /// The JSON Pointer of the string in the output document.
    pub pointer: String,
    /// The id, in the input, of the object the string discloses.
    pub removed: String,
}

/// The deprecation note of a case that is no longer run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Deprecated {
    /// The reason the case is no longer run.
    pub reason: String,
    /// The id of the case that replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
}

/// Collects `(code, pointer)` pairs into a sorted set, for comparisons that ignore order.
pub fn diagnostic_set<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeSet<(String, String)> {
    pairs
        .into_iter()
        .map(|(code, pointer)| (code.to_owned(), pointer.to_owned()))
        .collect()
}
