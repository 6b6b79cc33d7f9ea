//! Document-wide ids for objects whose OTM ids are unique only within their collection.

use std::collections::HashSet;

use crate::model::Id;

/// The ids already given out in the TMIF document.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
}

/// The reason an object did not keep its requested id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renamed {
    /// Another object of the document already has the id.
    Taken,
    /// The id is empty, starts or ends with white space, or has control characters.
    Malformed,
}

impl Ids {
    /// Gives out `requested` when it is a valid TMIF id that no object has yet.
    ///
    /// Otherwise the id is `<prefix>:<requested>`, then `<prefix>:<requested>:2`,
    /// `:3` and so on, so the result depends only on the order of the claims.
    /// A malformed `requested` is cleaned first: white space is trimmed and
    /// control characters become spaces.
    pub fn claim(&mut self, requested: &str, prefix: &str) -> (Id, Option<Renamed>) {
        if is_valid(requested) && self.taken.insert(requested.to_owned()) {
            return (Id::from(requested.to_owned()), None);
        }
        let reason = if is_valid(requested) {
            Renamed::Taken
        } else {
            Renamed::Malformed
        };
        let cleaned: String = requested
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let cleaned = cleaned.trim();
        let base = if cleaned.is_empty() {
            format!("{prefix}:unnamed")
        } else {
            format!("{prefix}:{cleaned}")
        };
        let mut candidate = base.clone();
        let mut counter = 2u64;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}:{counter}");
            counter += 1;
        }
        (Id::from(candidate), Some(reason))
    }
}

/// Checks the id syntax of TMIF: not empty, no surrounding white space, no control characters.
fn is_valid(id: &str) -> bool {
    !id.is_empty() && id.trim() == id && !id.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_id_is_kept() {
        let mut ids = Ids::default();
        assert_eq!(ids.claim("55", "threat"), (Id::from("55"), None));
    }

    #[test]
    fn taken_id_gets_prefix_then_counter() {
        let mut ids = Ids::default();
        ids.claim("55", "threat");
        assert_eq!(
            ids.claim("55", "mitigation"),
            (Id::from("mitigation:55"), Some(Renamed::Taken))
        );
        assert_eq!(
            ids.claim("55", "mitigation"),
            (Id::from("mitigation:55:2"), Some(Renamed::Taken))
        );
    }

    #[test]
    fn malformed_id_is_cleaned() {
        let mut ids = Ids::default();
        assert_eq!(
            ids.claim(" a ", "asset"),
            (Id::from("asset:a"), Some(Renamed::Malformed))
        );
        assert_eq!(
            ids.claim("", "asset"),
            (Id::from("asset:unnamed"), Some(Renamed::Malformed))
        );
    }
}
