//! Extension members: `x-` members that may appear on any object.

use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Number, Value};

/// The prefix that marks a member as an extension member.
pub const EXTENSION_PREFIX: &str = "x-";

/// The extension members of one object, keyed by member name.
///
/// Every key starts with `x-`. Values are arbitrary JSON and are carried over
/// verbatim by every operation; the canonical form writes them after the
/// members the specification defines, sorted by name.
///
/// Most objects have none, so the members live behind an optional box: an
/// object without extension members spends one pointer on them.
#[derive(Debug, Clone, Default, PartialEq)]
// A BTreeMap is 24 bytes even when empty; the box makes the common empty case 8 bytes.
#[allow(clippy::box_collection)]
pub struct Extensions(Option<Box<BTreeMap<String, Value>>>);

impl Extensions {
    /// Creates an empty set of extension members.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns `true` when the object has no extension members.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|members| members.is_empty())
    }

    /// Returns the value of one extension member.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.as_ref()?.get(name)
    }

    /// Inserts an extension member and returns the value it replaced.
    ///
    /// # Panics
    ///
    /// Panics when `name` does not start with `x-`, because such a member
    /// could not be written back as an extension.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) -> Option<Value> {
        let name = name.into();
        assert!(
            name.starts_with(EXTENSION_PREFIX),
            "extension member names start with `x-`, got `{name}`"
        );
        self.0.get_or_insert_with(Box::default).insert(name, value)
    }

    /// Iterates over the members in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().flat_map(|members| members.iter())
    }

    /// Removes an extension member and returns its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let members = self.0.as_mut()?;
        let removed = members.remove(name);
        if members.is_empty() {
            self.0 = None;
        }
        removed
    }
}

impl Serialize for Extensions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A flattened field must serialize as a map, even when it is empty.
        match &self.0 {
            Some(members) => members.serialize(serializer),
            None => serializer.serialize_map(Some(0))?.end(),
        }
    }
}

impl<'de> Deserialize<'de> for Extensions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ExtensionsVisitor)
    }
}

struct ExtensionsVisitor;

impl<'de> Visitor<'de> for ExtensionsVisitor {
    type Value = Extensions;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("extension members whose names start with `x-`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extensions, A::Error> {
        let mut members = BTreeMap::new();
        while let Some(name) = map.next_key::<String>()? {
            if !name.starts_with(EXTENSION_PREFIX) {
                return Err(de::Error::custom(format_args!(
                    "unknown member `{name}`; remove it, correct its spelling, \
                     or rename it to `x-{name}` to keep it as an extension member"
                )));
            }
            if members.contains_key(&name) {
                return Err(de::Error::custom(format_args!("duplicate member `{name}`")));
            }
            let value = map.next_value_seed(StrictValue)?;
            members.insert(name, value);
        }
        Ok(Extensions((!members.is_empty()).then(|| Box::new(members))))
    }
}

impl JsonSchema for Extensions {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Extensions".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "patternProperties": { "^x-": true },
        })
    }
}

/// Deserializes any JSON value, rejecting duplicate member names at every depth.
///
/// `serde_json::Value` keeps the last of two equal member names; TMIF
/// documents are I-JSON, where duplicates make a document invalid.
pub struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // The canonical form writes a whole number such as `100.0` as `100`,
        // which reads back as an integer. Storing whole numbers as integers
        // from the start makes reading canonical text give an equal value.
        if v.fract() == 0.0 {
            if (0.0..18_446_744_073_709_551_616.0).contains(&v) {
                return Ok(Value::Number((v as u64).into()));
            }
            if (-9_223_372_036_854_775_808.0..0.0).contains(&v) {
                return Ok(Value::Number((v as i64).into()));
            }
        }
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format_args!("number {v} is not finite")))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if members.contains_key(&name) {
                return Err(de::Error::custom(format_args!("duplicate member `{name}`")));
            }
            let value = map.next_value_seed(StrictValue)?;
            members.insert(name, value);
        }
        Ok(Value::Object(members))
    }
}
