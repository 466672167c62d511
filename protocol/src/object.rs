//! The strictness every contract struct shares: it must arrive as a JSON object, and `null`
//! stands for "not given".
//!
//! serde's derived struct impls also accept an array and fill fields by position, so `["x"]`
//! would silently become a room name. Each struct therefore derives with
//! `#[serde(remote = "Self")]` (the derived code becomes inherent functions) and
//! [`json_object!`] implements the traits over them, reading only a map. The map goes through the
//! caller's `MapAccess`, so `serde_path_to_error` still reports the full path of a bad field.
//!
//! The derived inherent functions stay public (serde gives them the struct's visibility), and a
//! path call such as `TokenRequest::deserialize(d)` picks them over the trait and accepts arrays:
//! go through the traits (`serde_json::from_*`, `T as Deserialize`), as every caller here does.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A struct whose derived (inherent) deserializer reads it from a map.
pub(crate) trait FromMap: Sized {
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

pub(crate) fn deserialize_object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromMap,
{
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Clients differ in whether they leave a field out or send `null` when they have nothing to
/// say; both mean the default.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// `Serialize` and an object-only `Deserialize` for a struct derived with
/// `#[serde(remote = "Self")]`.
macro_rules! json_object {
    ($ty:ident) => {
        impl $crate::object::FromMap for $ty {
            fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                // The inherent, derived function: not the trait's.
                $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::object::deserialize_object(deserializer)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, serializer)
            }
        }
    };
}

pub(crate) use json_object;
