//! TOML read into our types with errors a caller can match on.
//!
//! toml's own deserializer reports a wrong key, a missing key or a wrong type as an English
//! sentence; to say in Chinese what went wrong we would have to read that sentence back. So the
//! document is parsed into toml's spanned tree ([`DeTable`]) and our own small deserializer walks
//! it: it checks each value against the type asked for, and serde's derived code reports unknown
//! and missing keys through our [`Kind`], each with the byte span of the key or value it is about.
//! This file knows nothing of the wording: [`super`] turns a [`TomlError`] into the message.

use std::ops::Range;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_spanned::de::{SpannedDeserializer, is_spanned};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// The kinds of value a TOML file holds, to say what was written and what was wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    String,
    Integer,
    Float,
    Boolean,
    Datetime,
    Array,
    Table,
}

/// What is wrong with a TOML file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Not TOML at all; `detail` is the parser's own (English) account of what it expected.
    Syntax { detail: String },
    /// The same key twice in one table.
    DuplicateKey { key: String },
    /// A key the file's format does not have; `expected` are the keys it may have there.
    UnknownKey {
        key: String,
        expected: Vec<&'static str>,
    },
    /// A key that must be there and is not.
    MissingKey { key: &'static str },
    /// A value of the wrong type.
    WrongType {
        found: ValueType,
        expected: ValueType,
    },
    /// A list with the wrong number of values (`expected` when a fixed number is wanted).
    WrongLength {
        found: usize,
        expected: Option<usize>,
    },
    /// A whole number too large, or negative where only counts make sense.
    OutOfRange { value: String },
    /// A string that is not one of the allowed choices.
    UnknownValue {
        value: String,
        expected: Vec<&'static str>,
    },
    /// Anything else a type's own checks said (serde's `custom`).
    Other { detail: String },
}

/// A TOML error: what, and the byte span of the file it is about (none: the whole file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub span: Option<Range<usize>>,
}

/// Parses `text` as TOML into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let document = match DeTable::parse(text) {
        Ok(document) => document,
        Err(err) => return Err(syntax_error(text, &err)),
    };
    T::deserialize(TableDe {
        table: document.get_ref(),
        span: None,
    })
}

/// A parse error: a duplicate key when the place it marks is a key that the part of the document
/// toml could read holds elsewhere; otherwise a syntax error in toml's words.
fn syntax_error(text: &str, err: &toml::de::Error) -> Error {
    let span = err.span();
    if let Some(span) = &span
        && let Some(marked) = text.get(span.clone())
    {
        let key = marked.trim_matches(['"', '\'']);
        let (recovered, _) = DeTable::parse_recoverable(text);
        if !key.is_empty() && holds_key_elsewhere(recovered.get_ref(), key, span) {
            return Error {
                kind: Kind::DuplicateKey {
                    key: key.to_string(),
                },
                span: Some(span.clone()),
            };
        }
    }
    Error {
        kind: Kind::Syntax {
            detail: err.message().to_string(),
        },
        span,
    }
}

fn holds_key_elsewhere(table: &DeTable<'_>, key: &str, span: &Range<usize>) -> bool {
    table.iter().any(|(k, v)| {
        (k.get_ref().as_ref() == key && k.span() != *span)
            || match v.get_ref() {
                DeValue::Table(inner) => holds_key_elsewhere(inner, key, span),
                DeValue::Array(items) => items.iter().any(|item| match item.get_ref() {
                    DeValue::Table(inner) => holds_key_elsewhere(inner, key, span),
                    _ => false,
                }),
                _ => false,
            }
    })
}

impl de::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Error {
        Error::kind(Kind::Other {
            detail: msg.to_string(),
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Error {
        Error::kind(Kind::UnknownKey {
            key: field.to_string(),
            expected: expected.to_vec(),
        })
    }

    fn missing_field(field: &'static str) -> Error {
        Error::kind(Kind::MissingKey { key: field })
    }

    fn duplicate_field(field: &'static str) -> Error {
        Error::kind(Kind::DuplicateKey {
            key: field.to_string(),
        })
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Error {
        Error::kind(Kind::UnknownValue {
            value: variant.to_string(),
            expected: expected.to_vec(),
        })
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, _: &dyn de::Expected) -> Error {
        // Our deserializer checks types before calling a visitor; this is reached only by a
        // type that asks for anything and then refuses what it got.
        Error::kind(Kind::Other {
            detail: unexpected.to_string(),
        })
    }

    fn invalid_length(found: usize, _: &dyn de::Expected) -> Error {
        Error::kind(Kind::WrongLength {
            found,
            expected: None,
        })
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.kind)
    }
}

impl std::error::Error for Error {}

impl Error {
    fn kind(kind: Kind) -> Error {
        Error { kind, span: None }
    }

    /// Gives the error `span` unless it already points somewhere more precise.
    fn or_at(mut self, span: Option<Range<usize>>) -> Error {
        if self.span.is_none() {
            self.span = span;
        }
        self
    }
}

fn type_of(value: &DeValue<'_>) -> ValueType {
    match value {
        DeValue::String(_) => ValueType::String,
        DeValue::Integer(_) => ValueType::Integer,
        DeValue::Float(_) => ValueType::Float,
        DeValue::Boolean(_) => ValueType::Boolean,
        DeValue::Datetime(_) => ValueType::Datetime,
        DeValue::Array(_) => ValueType::Array,
        DeValue::Table(_) => ValueType::Table,
    }
}

/// A table: the document itself (`span` none, so a missing key is about the whole file) or a
/// table in it.
struct TableDe<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Option<Range<usize>>,
}

impl<'de> de::Deserializer<'de> for TableDe<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let span = self.span.clone();
        visitor
            .visit_map(TableAccess {
                entries: self.table.iter(),
                value: None,
            })
            .map_err(|e| e.or_at(span))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// The entries of a table, each key and value with its span.
struct TableAccess<'a, 'i> {
    entries: toml::map::Iter<'a, Spanned<DeString<'i>>, Spanned<DeValue<'i>>>,
    value: Option<&'a Spanned<DeValue<'i>>>,
}

impl<'de> MapAccess<'de> for TableAccess<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(KeyDe { key })
            .map(Some)
            .map_err(|e| e.or_at(Some(key.span())))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("value asked for before its key"))?;
        seed.deserialize(ValueDe { value })
            .map_err(|e| e.or_at(Some(value.span())))
    }
}

/// A key: a string, or a `Spanned` string.
struct KeyDe<'a, 'i> {
    key: &'a Spanned<DeString<'i>>,
}

impl<'de> de::Deserializer<'de> for KeyDe<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.key.get_ref())
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if is_spanned(name) {
            let text: String = self.key.get_ref().to_string();
            visitor.visit_map(SpannedDeserializer::<String, Error>::new(
                text,
                self.key.span(),
            ))
        } else {
            self.deserialize_any(visitor)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// A value, checked against the type the caller asks for.
struct ValueDe<'a, 'i> {
    value: &'a Spanned<DeValue<'i>>,
}

impl<'a, 'i> IntoDeserializer<'_, Error> for ValueDe<'a, 'i> {
    type Deserializer = ValueDe<'a, 'i>;

    fn into_deserializer(self) -> Self::Deserializer {
        self
    }
}

impl ValueDe<'_, '_> {
    fn span(&self) -> Option<Range<usize>> {
        Some(self.value.span())
    }

    fn wrong(&self, expected: ValueType) -> Error {
        Error {
            kind: Kind::WrongType {
                found: type_of(self.value.get_ref()),
                expected,
            },
            span: self.span(),
        }
    }

    fn integer(&self) -> Result<i128, Error> {
        match self.value.get_ref() {
            DeValue::Integer(n) => i128::from_str_radix(n.as_str(), n.radix()).map_err(|_| Error {
                kind: Kind::OutOfRange {
                    value: n.as_str().to_string(),
                },
                span: self.span(),
            }),
            _ => Err(self.wrong(ValueType::Integer)),
        }
    }

    fn signed<'de, V: Visitor<'de>>(
        self,
        min: i128,
        max: i128,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let n = self.integer()?;
        if n < min || n > max {
            return Err(Error {
                kind: Kind::OutOfRange {
                    value: n.to_string(),
                },
                span: self.span(),
            });
        }
        // In range of i64 or u64 by the bounds the callers pass.
        match i64::try_from(n) {
            Ok(n) => visitor.visit_i64(n),
            Err(_) => visitor.visit_u64(n as u64),
        }
    }

    fn string(&self) -> Result<&str, Error> {
        match self.value.get_ref() {
            DeValue::String(s) => Ok(s),
            _ => Err(self.wrong(ValueType::String)),
        }
    }

    fn array(&self) -> Result<&[Spanned<DeValue<'_>>], Error> {
        match self.value.get_ref() {
            DeValue::Array(items) => Ok(items),
            _ => Err(self.wrong(ValueType::Array)),
        }
    }
}

impl<'de> de::Deserializer<'de> for ValueDe<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.get_ref() {
            DeValue::String(s) => visitor.visit_str(s),
            DeValue::Integer(_) => self.signed(i64::MIN.into(), u64::MAX.into(), visitor),
            DeValue::Float(_) => self.deserialize_f64(visitor),
            DeValue::Boolean(b) => visitor.visit_bool(*b),
            DeValue::Datetime(d) => visitor.visit_string(d.to_string()),
            DeValue::Array(_) => self.deserialize_seq(visitor),
            DeValue::Table(_) => self.deserialize_map(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.get_ref() {
            DeValue::Boolean(b) => visitor.visit_bool(*b),
            _ => Err(self.wrong(ValueType::Boolean)),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.signed(i8::MIN.into(), i8::MAX.into(), visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.signed(i16::MIN.into(), i16::MAX.into(), visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.signed(i32::MIN.into(), i32::MAX.into(), visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.signed(i64::MIN.into(), i64::MAX.into(), visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.signed(0, u8::MAX.into(), visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.signed(0, u16::MAX.into(), visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.signed(0, u32::MAX.into(), visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.signed(0, u64::MAX.into(), visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.get_ref() {
            DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
                Ok(f) => visitor.visit_f64(f),
                Err(_) => Err(self.wrong(ValueType::Float)),
            },
            DeValue::Integer(_) => {
                let n = self.integer()?;
                visitor.visit_f64(n as f64)
            }
            _ => Err(self.wrong(ValueType::Float)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // A key that is present always has a value: TOML has no null.
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items = self.array()?;
        visitor.visit_seq(ArrayAccess {
            items: items.iter(),
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        let items = self.array()?;
        if items.len() != len {
            return Err(Error {
                kind: Kind::WrongLength {
                    found: items.len(),
                    expected: Some(len),
                },
                span: self.span(),
            });
        }
        visitor.visit_seq(ArrayAccess {
            items: items.iter(),
        })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.get_ref() {
            DeValue::Table(table) => TableDe {
                table,
                span: self.span(),
            }
            .deserialize_any(visitor),
            _ => Err(self.wrong(ValueType::Table)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if is_spanned(name) {
            let span = self.value.span();
            return visitor.visit_map(SpannedDeserializer::<ValueDe<'_, '_>, Error>::new(
                self, span,
            ));
        }
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let span = self.span();
        visitor
            .visit_enum(UnitVariant(self.string()?))
            .map_err(|e| e.or_at(span))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(<Error as de::Error>::custom("unit").or_at(self.span()))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { i128 u128 bytes byte_buf }
}

/// The values of an array, each with its span.
struct ArrayAccess<'a, 'i> {
    items: std::slice::Iter<'a, Spanned<DeValue<'i>>>,
}

impl<'de> SeqAccess<'de> for ArrayAccess<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            None => Ok(None),
            Some(value) => seed
                .deserialize(ValueDe { value })
                .map(Some)
                .map_err(|e| e.or_at(Some(value.span()))),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A string naming one of an enum's unit variants (`fonts = "plain"`).
struct UnitVariant<'a>(&'a str);

impl<'de> EnumAccess<'de> for UnitVariant<'_> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let name: de::value::StrDeserializer<'_, Error> = self.0.into_deserializer();
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> VariantAccess<'de> for UnitVariant<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, Error> {
        Err(<Error as de::Error>::custom("newtype variant"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(<Error as de::Error>::custom("tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(<Error as de::Error>::custom("struct variant"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: Spanned<String>,
        #[serde(default)]
        count: Option<u32>,
        #[serde(default)]
        range: Option<(usize, usize)>,
        #[serde(default)]
        parts: Vec<Part>,
        #[serde(default)]
        size: Option<Size>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Part {
        id: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Size {
        Small,
        Large,
    }

    fn kind(text: &str) -> (Kind, Option<String>) {
        let err = from_str::<Doc>(text).unwrap_err();
        let marked = err.span.map(|s| text[s].to_string());
        (err.kind, marked)
    }

    #[test]
    fn a_good_document_reads_with_spans() {
        let doc: Doc = from_str(
            "name = \"甲\"\ncount = 3\nrange = [1, 2]\nsize = \"large\"\n[[parts]]\nid = \"a\"\n",
        )
        .unwrap();
        assert_eq!(doc.name.get_ref(), "甲");
        assert_eq!(doc.name.span(), 7..12);
        assert_eq!(
            (doc.count, doc.range, doc.size),
            (Some(3), Some((1, 2)), Some(Size::Large))
        );
        assert_eq!(doc.parts, vec![Part { id: "a".into() }]);
    }

    #[test]
    fn an_unknown_key_is_named_with_the_keys_there_are_and_marked() {
        let (kind, at) = kind("name = \"甲\"\n[[parts]]\nid = \"a\"\nide = 1\n");
        assert_eq!(
            kind,
            Kind::UnknownKey {
                key: "ide".into(),
                expected: vec!["id"]
            }
        );
        assert_eq!(at.as_deref(), Some("ide"));
    }

    #[test]
    fn a_missing_key_at_the_top_is_about_the_whole_file_and_in_a_table_about_the_table() {
        assert_eq!(
            kind("count = 1\n"),
            (Kind::MissingKey { key: "name" }, None)
        );
        let (kind, at) = kind("name = \"甲\"\nparts = [{ }]\n");
        assert_eq!(kind, Kind::MissingKey { key: "id" });
        assert_eq!(at.as_deref(), Some("{ }"));
    }

    #[test]
    fn a_wrong_type_says_what_was_written_and_what_is_wanted() {
        let (kind, at) = kind("name = 2022\n");
        assert_eq!(
            kind,
            Kind::WrongType {
                found: ValueType::Integer,
                expected: ValueType::String
            }
        );
        assert_eq!(at.as_deref(), Some("2022"));
    }

    #[test]
    fn numbers_lists_and_choices_are_checked() {
        assert_eq!(
            kind("name = \"甲\"\ncount = -1\n").0,
            Kind::OutOfRange { value: "-1".into() }
        );
        assert_eq!(
            kind("name = \"甲\"\nrange = [1]\n").0,
            Kind::WrongLength {
                found: 1,
                expected: Some(2)
            }
        );
        let (kind, at) = kind("name = \"甲\"\nsize = \"huge\"\n");
        assert_eq!(
            kind,
            Kind::UnknownValue {
                value: "huge".into(),
                expected: vec!["small", "large"]
            }
        );
        assert_eq!(at.as_deref(), Some("\"huge\""));
    }

    #[test]
    fn a_duplicate_key_is_told_from_other_syntax_errors() {
        let (k, at) = kind("name = \"甲\"\nname = \"乙\"\n");
        assert_eq!(k, Kind::DuplicateKey { key: "name".into() });
        assert_eq!(at.as_deref(), Some("name"));
        assert!(matches!(kind("name = \"甲\n").0, Kind::Syntax { .. }));
    }
}
