//! The encoding checks that run before any text is parsed.

use super::locate;
use crate::diagnostic::Diagnostic;
use crate::rules;

/// Rejects empty text and text that is not UTF-8, naming the encoding when it is recognizable.
pub(super) fn check_encoding(bytes: &[u8]) -> Result<(), Diagnostic> {
    check_encoding_marks(bytes)?;
    check_utf8(bytes)
}

/// Rejects empty text and text that starts like UTF-16 or UTF-32 or with a byte-order mark.
pub(super) fn check_encoding_marks(bytes: &[u8]) -> Result<(), Diagnostic> {
    let error = |message: &str| Err(Diagnostic::new(&rules::SYNTAX, "", message));
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return error("the file is empty; a TMIF document is a JSON or YAML object");
    }
    if bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00])
    {
        return error(
            "the file is UTF-32 with a byte-order mark; TMIF documents are UTF-8, \
             so convert it, for example with `iconv -f UTF-32 -t UTF-8`",
        );
    }
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        return error(
            "the file is UTF-16 with a byte-order mark; TMIF documents are UTF-8, \
             so convert it, for example with `iconv -f UTF-16 -t UTF-8`",
        );
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return error(
            "the file starts with a UTF-8 byte-order mark; remove it, \
             because TMIF documents are UTF-8 without a byte-order mark",
        );
    }
    if bytes.len() >= 2 && (bytes[0] == 0 || bytes[1] == 0) {
        return error(
            "the file holds NUL bytes at its start, as UTF-16 or UTF-32 text does; \
             TMIF documents are UTF-8, so convert it, for example with `iconv -t UTF-8`",
        );
    }
    Ok(())
}

/// Rejects bytes that are not UTF-8, with the position of the first invalid sequence.
pub(super) fn check_utf8(bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Err(invalid) = std::str::from_utf8(bytes) {
        let offset = invalid.valid_up_to();
        let positions = locate::offsets_to_positions(bytes, &[offset]);
        let mut diagnostic = Diagnostic::new(
            &rules::SYNTAX,
            "",
            format!("invalid UTF-8 at byte {offset}; TMIF documents are UTF-8 text"),
        );
        diagnostic.position = positions.get(&offset).copied();
        return Err(diagnostic);
    }
    Ok(())
}
