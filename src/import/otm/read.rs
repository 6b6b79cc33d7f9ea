//! Typed access to the members of an OTM object, with errors that carry the
//! JSON Pointer of the offending value.
//!
//! OTM's schema allows `null` for almost every optional member, and real
//! files write `null` for members they leave empty, so `null` reads as absent.

use serde_json::{Map, Value};

use super::super::{ImportError, SourceFormat};
use crate::load::pointer::{push_index, push_token};
use crate::shape::json_type;

/// Builds the error of an OTM file that breaks one of the format's rules.
pub fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        format: SourceFormat::Otm,
        pointer: pointer.into(),
        message: message.into(),
    }
}

/// Returns `pointer` extended by one member name.
pub fn child(pointer: &str, key: &str) -> String {
    let mut child = pointer.to_owned();
    push_token(&mut child, key);
    child
}

/// Returns `pointer` extended by one array index.
pub fn item(pointer: &str, index: usize) -> String {
    let mut item = pointer.to_owned();
    push_index(&mut item, index);
    item
}

/// An OTM object together with the JSON Pointer where it sits in the source.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a, 'p> {
    /// The members of the object.
    pub map: &'a Map<String, Value>,
    /// The JSON Pointer of the object.
    pub pointer: &'p str,
}

/// An object read from an array or a member, owning its pointer.
#[derive(Debug, Clone)]
pub struct Owned<'a> {
    /// The members of the object.
    pub map: &'a Map<String, Value>,
    /// The JSON Pointer of the object.
    pub pointer: String,
}

impl<'a> Owned<'a> {
    /// Borrows the object as a [`Node`].
    pub fn node(&self) -> Node<'a, '_> {
        Node {
            map: self.map,
            pointer: &self.pointer,
        }
    }
}

/// Reads `value` as an object, or fails with the pointer and the type found.
pub fn object<'a>(value: &'a Value, pointer: String, what: &str) -> Result<Owned<'a>, ImportError> {
    match value {
        Value::Object(map) => Ok(Owned { map, pointer }),
        other => Err(invalid(
            pointer,
            format!("{what} must be an object, found {}", json_type(other)),
        )),
    }
}

impl<'a> Node<'a, '_> {
    /// Returns the pointer of member `key`.
    pub fn at(&self, key: &str) -> String {
        child(self.pointer, key)
    }

    /// Returns member `key`, or `None` when it is absent or `null`.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    fn wrong_type(&self, key: &str, expected: &str, found: &Value) -> ImportError {
        invalid(
            self.at(key),
            format!("`{key}` must be {expected}, found {}", json_type(found)),
        )
    }

    /// Returns member `key` as a string, when present.
    pub fn str(&self, key: &str) -> Result<Option<&'a str>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    /// Returns member `key` as a string, or fails when it is absent.
    pub fn required_str(&self, key: &str, what: &str) -> Result<&'a str, ImportError> {
        self.str(key)?.ok_or_else(|| self.missing(key, what))
    }

    /// Returns member `key` as an id. OTM ids are strings, but a YAML author
    /// who writes `id: 7` gets an integer, so integers are read as their digits.
    pub fn id(&self, key: &str) -> Result<Option<String>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(Value::Number(number)) if number.is_i64() || number.is_u64() => {
                Ok(Some(number.to_string()))
            }
            Some(other) => Err(self.wrong_type(key, "a string id", other)),
        }
    }

    /// Returns member `key` as an id, or fails when it is absent.
    pub fn required_id(&self, key: &str, what: &str) -> Result<String, ImportError> {
        self.id(key)?.ok_or_else(|| self.missing(key, what))
    }

    /// Returns member `key` as a number, when present.
    pub fn number(&self, key: &str) -> Result<Option<f64>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(number)) => match number.as_f64() {
                Some(value) => Ok(Some(value)),
                None => Err(self.wrong_type(key, "a number", &Value::Null)),
            },
            Some(other) => Err(self.wrong_type(key, "a number", other)),
        }
    }

    /// Returns member `key` as a boolean, when present.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(other) => Err(self.wrong_type(key, "true or false", other)),
        }
    }

    /// Returns member `key` as an object, when present.
    pub fn object(&self, key: &str) -> Result<Option<Owned<'a>>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Owned {
                map,
                pointer: self.at(key),
            })),
            Some(other) => Err(self.wrong_type(key, "an object", other)),
        }
    }

    /// Returns the items of array member `key` with their pointers, or none when it is absent.
    pub fn array(&self, key: &str) -> Result<Vec<(&'a Value, String)>, ImportError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => {
                let base = self.at(key);
                Ok(items
                    .iter()
                    .enumerate()
                    .map(|(i, value)| (value, item(&base, i)))
                    .collect())
            }
            Some(other) => Err(self.wrong_type(key, "an array", other)),
        }
    }

    /// Returns the objects of array member `key`. Errors name one item `what`.
    pub fn objects(&self, key: &str, what: &str) -> Result<Vec<Owned<'a>>, ImportError> {
        self.array(key)?
            .into_iter()
            .map(|(value, pointer)| object(value, pointer, what))
            .collect()
    }

    /// Returns the strings of array member `key`, or none when it is absent.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, ImportError> {
        let mut strings = Vec::new();
        for (value, pointer) in self.array(key)? {
            match value {
                Value::String(text) => strings.push(text.clone()),
                other => {
                    return Err(invalid(
                        pointer,
                        format!(
                            "each item of `{key}` must be a string, found {}",
                            json_type(other)
                        ),
                    ));
                }
            }
        }
        Ok(strings)
    }

    /// Returns the ids of array member `key` with their pointers, or none when it is absent.
    pub fn ids(&self, key: &str) -> Result<Vec<(String, String)>, ImportError> {
        let mut ids = Vec::new();
        for (value, pointer) in self.array(key)? {
            match value {
                Value::String(text) => ids.push((text.clone(), pointer)),
                Value::Number(number) if number.is_i64() || number.is_u64() => {
                    ids.push((number.to_string(), pointer));
                }
                other => {
                    return Err(invalid(
                        pointer,
                        format!(
                            "each item of `{key}` must be a string id, found {}",
                            json_type(other)
                        ),
                    ));
                }
            }
        }
        Ok(ids)
    }

    /// Iterates over the members that are neither in `known` nor `null`.
    pub fn rest<'k>(&self, known: &'k [&'k str]) -> impl Iterator<Item = (&'a str, &'a Value)> + 'k
    where
        'a: 'k,
    {
        self.map
            .iter()
            .filter(move |(key, value)| !value.is_null() && !known.contains(&key.as_str()))
            .map(|(key, value)| (key.as_str(), value))
    }

    fn missing(&self, key: &str, what: &str) -> ImportError {
        invalid(
            self.at(key),
            format!("{what} has no `{key}`, which OTM requires; add it"),
        )
    }
}
