//! Format versions: which ones this build reads and how it treats the others.

use std::fmt;

use semver::Version;

/// The newest format version this build implements.
pub const CURRENT: FormatVersion = FormatVersion::V1_1;

/// A version of the TMIF format that this build implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FormatVersion {
    /// TMIF 1.0.0.
    V1_0,
    /// TMIF 1.1.0: classification labels, annotations and revision metadata.
    V1_1,
}

impl FormatVersion {
    /// Every version this build implements, oldest first.
    pub const ALL: &'static [FormatVersion] = &[FormatVersion::V1_0, FormatVersion::V1_1];

    /// The major and minor numbers of the version.
    pub fn major_minor(self) -> (u64, u64) {
        match self {
            FormatVersion::V1_0 => (1, 0),
            FormatVersion::V1_1 => (1, 1),
        }
    }

    /// The full version string written into the `tmif` member.
    pub fn as_str(self) -> &'static str {
        match self {
            FormatVersion::V1_0 => "1.0.0",
            FormatVersion::V1_1 => "1.1.0",
        }
    }

    /// Looks a version up by `MAJOR.MINOR` or by its full version string.
    pub fn parse(text: &str) -> Option<FormatVersion> {
        Self::ALL.iter().copied().find(|version| {
            let (major, minor) = version.major_minor();
            text == format!("{major}.{minor}") || text == version.as_str()
        })
    }

    /// The newest implemented version with the given major number.
    pub fn latest_of_major(major: u64) -> Option<FormatVersion> {
        Self::ALL
            .iter()
            .rev()
            .copied()
            .find(|version| version.major_minor().0 == major)
    }
}

impl fmt::Display for FormatVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a document's declared format version relates to this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSupport {
    /// A version this build implements.
    Supported(FormatVersion),
    /// A newer minor or patch version of a major version this build implements.
    /// The document is read as the newest implemented version of that major,
    /// and members that version does not define are ignored with a warning.
    NewerMinor {
        /// The version the document declares.
        declared: Version,
        /// The version the document is read as.
        read_as: FormatVersion,
    },
    /// A major version this build does not implement.
    UnknownMajor(Version),
    /// The `tmif` member is not a semantic version string.
    Malformed(String),
}

/// Classifies the value of a document's `tmif` member.
pub fn check(declared: &str) -> VersionSupport {
    let version = match Version::parse(declared) {
        Ok(version) if version.pre.is_empty() && version.build.is_empty() => version,
        _ => return VersionSupport::Malformed(declared.to_owned()),
    };
    let Some(latest) = FormatVersion::latest_of_major(version.major) else {
        return VersionSupport::UnknownMajor(version);
    };
    let exact = FormatVersion::ALL
        .iter()
        .copied()
        .find(|known| known.major_minor() == (version.major, version.minor));
    // Patch versions change only wording, so any patch of a known minor is that minor.
    match exact {
        Some(known) => VersionSupport::Supported(known),
        None => VersionSupport::NewerMinor {
            declared: version,
            read_as: latest,
        },
    }
}

/// The versions this build reads, as text for error messages, such as `1.0`.
pub fn supported_list() -> String {
    FormatVersion::ALL
        .iter()
        .map(|version| {
            let (major, minor) = version.major_minor();
            format!("{major}.{minor}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}
