//! Finds where values start in JSON text, by JSON Pointer.
//!
//! Typed deserialization keeps no positions, so this scanner runs only when
//! there are diagnostics to place. It walks the text once, iteratively, and
//! stops as soon as every requested pointer is found.

use std::collections::{HashMap, HashSet};

use super::pointer::{push_index, push_token};
use crate::diagnostic::Position;

enum Frame {
    Object { base: usize },
    Array { base: usize, index: usize },
}

/// Returns the byte offset of each requested pointer that occurs in `text`.
///
/// An object member is located at its name, so that a diagnostic about
/// the member points at the line where the member is written; an array item
/// or the root is located at its value. Pointers that do not occur are left out.
pub fn locate_offsets(text: &[u8], wanted: &HashSet<&str>) -> HashMap<String, usize> {
    let mut found: HashMap<String, usize> = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    let mut scanner = Scanner { text, at: 0 };
    let mut stack: Vec<Frame> = Vec::new();
    let mut current = String::new();
    scanner.skip_whitespace();

    'value: loop {
        if wanted.contains(current.as_str()) && !found.contains_key(&current) {
            found.insert(current.clone(), scanner.at);
            if found.len() == wanted.len() {
                return found;
            }
        }
        match scanner.peek() {
            Some(b'{') => {
                scanner.at += 1;
                scanner.skip_whitespace();
                if scanner.peek() == Some(b'}') {
                    scanner.at += 1;
                } else {
                    stack.push(Frame::Object {
                        base: current.len(),
                    });
                    if !scanner.member_name(&mut current, wanted, &mut found) {
                        return found;
                    }
                    continue 'value;
                }
            }
            Some(b'[') => {
                scanner.at += 1;
                scanner.skip_whitespace();
                if scanner.peek() == Some(b']') {
                    scanner.at += 1;
                } else {
                    stack.push(Frame::Array {
                        base: current.len(),
                        index: 0,
                    });
                    push_index(&mut current, 0);
                    continue 'value;
                }
            }
            Some(b'"') => {
                if scanner.string().is_none() {
                    return found;
                }
            }
            Some(_) => scanner.scalar(),
            None => return found,
        }

        // The value at `current` is complete: move to the next sibling or close containers.
        loop {
            scanner.skip_whitespace();
            match stack.last_mut() {
                None => return found,
                Some(Frame::Object { base }) => {
                    current.truncate(*base);
                    match scanner.peek() {
                        Some(b',') => {
                            scanner.at += 1;
                            scanner.skip_whitespace();
                            if !scanner.member_name(&mut current, wanted, &mut found) {
                                return found;
                            }
                            continue 'value;
                        }
                        Some(b'}') => {
                            scanner.at += 1;
                            stack.pop();
                        }
                        _ => return found,
                    }
                }
                Some(Frame::Array { base, index }) => {
                    current.truncate(*base);
                    match scanner.peek() {
                        Some(b',') => {
                            scanner.at += 1;
                            scanner.skip_whitespace();
                            *index += 1;
                            push_index(&mut current, *index);
                            continue 'value;
                        }
                        Some(b']') => {
                            scanner.at += 1;
                            stack.pop();
                        }
                        _ => return found,
                    }
                }
            }
        }
    }
}

struct Scanner<'a> {
    text: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Skips a number or a literal.
    fn scalar(&mut self) {
        while let Some(byte) = self.peek() {
            if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.at += 1;
        }
    }

    /// Reads a string token and returns its decoded content.
    fn string(&mut self) -> Option<String> {
        let start = self.at + 1;
        let mut end = start;
        let mut escaped = false;
        loop {
            match self.text.get(end)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    end += 2;
                }
                _ => end += 1,
            }
        }
        self.at = end + 1;
        let raw = &self.text[start..end];
        if escaped {
            // The token with its quotes is a JSON string, so serde_json decodes the escapes.
            serde_json::from_slice(&self.text[start - 1..=end]).ok()
        } else {
            std::str::from_utf8(raw).ok().map(str::to_owned)
        }
    }

    /// Reads `"name" :` and extends `current` with the name, recording the
    /// name's offset when the resulting pointer is wanted.
    fn member_name(
        &mut self,
        current: &mut String,
        wanted: &HashSet<&str>,
        found: &mut HashMap<String, usize>,
    ) -> bool {
        let start = self.at;
        if self.peek() != Some(b'"') {
            return false;
        }
        let Some(name) = self.string() else {
            return false;
        };
        push_token(current, &name);
        if wanted.contains(current.as_str()) {
            found.entry(current.clone()).or_insert(start);
        }
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return false;
        }
        self.at += 1;
        self.skip_whitespace();
        true
    }
}

/// Converts byte offsets in `text` to lines and columns.
pub fn offsets_to_positions(text: &[u8], offsets: &[usize]) -> HashMap<usize, Position> {
    let mut sorted: Vec<usize> = offsets.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut positions = HashMap::with_capacity(sorted.len());
    // One pass over the text: the line and the character column are carried
    // from one offset to the next, so a long line is not counted again for
    // each offset on it.
    let mut line = 1;
    let mut column = 1;
    let mut scanned = 0;
    for offset in sorted {
        let offset = offset.min(text.len());
        for byte in &text[scanned..offset] {
            if *byte == b'\n' {
                line += 1;
                column = 1;
            } else if (*byte & 0xC0) != 0x80 {
                column += 1;
            }
        }
        scanned = offset;
        positions.insert(offset, Position { line, column });
    }
    positions
}

/// Converts a line and a byte column, both from 1, into the byte offset they
/// name, clamped to the length of `text`.
pub fn byte_offset(text: &[u8], line: usize, byte_column: usize) -> usize {
    let line_start = line_start(text, line);
    (line_start + byte_column.saturating_sub(1)).min(text.len())
}

fn line_start(text: &[u8], line: usize) -> usize {
    text.split(|byte| *byte == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .min(text.len())
}

/// Converts a line and a byte column, both from 1, into a line and a character column.
pub fn byte_column_to_position(text: &[u8], line: usize, byte_column: usize) -> Position {
    let line_start = line_start(text, line);
    let end = byte_offset(text, line, byte_column);
    Position {
        line,
        column: count_chars(&text[line_start..end]) + 1,
    }
}

/// Counts the UTF-8 characters in `bytes`, counting each byte of an invalid sequence.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|byte| (**byte & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(text: &str, pointer: &str) -> Option<Position> {
        let wanted: HashSet<&str> = [pointer].into_iter().collect();
        let offsets = locate_offsets(text.as_bytes(), &wanted);
        let offset = *offsets.get(pointer)?;
        offsets_to_positions(text.as_bytes(), &[offset])
            .get(&offset)
            .copied()
    }

    #[test]
    fn member_located_at_its_name() {
        let text = "{\n  \"a\": {\n    \"b\": 1\n  }\n}";
        assert_eq!(locate(text, "/a/b"), Some(Position { line: 3, column: 5 }));
    }

    #[test]
    fn array_item_located_at_value() {
        let text = "{\"list\": [1,\n  {\"x\": true}]}";
        assert_eq!(
            locate(text, "/list/1"),
            Some(Position { line: 2, column: 3 })
        );
        assert_eq!(
            locate(text, "/list/1/x"),
            Some(Position { line: 2, column: 4 })
        );
    }

    #[test]
    fn escaped_names_match_pointer_tokens() {
        let text = r#"{"a/b": {"\u00e9~": 2}}"#;
        assert_eq!(
            locate(text, "/a~1b/é~0"),
            Some(Position {
                line: 1,
                column: 10
            })
        );
    }

    #[test]
    fn root_located_after_whitespace() {
        assert_eq!(
            locate("\n\n  {}", ""),
            Some(Position { line: 3, column: 3 })
        );
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"é\": 1, \"b\": 2}";
        assert_eq!(
            locate(text, "/b"),
            Some(Position {
                line: 1,
                column: 10
            })
        );
    }

    #[test]
    fn missing_pointer_not_found() {
        assert_eq!(locate("{\"a\": [1]}", "/a/3"), None);
    }

    #[test]
    fn truncated_text_stops_without_panic() {
        assert_eq!(
            locate("{\"a\": [1, {\"b\": \"unterminated", "/a/1/b/c"),
            None
        );
    }
}
