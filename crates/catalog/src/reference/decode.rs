//! Reading `data/reference.bin` (format: `xtask/src/catalog.rs`).
//!
//! Strings are borrowed from the embedded bytes; nothing is copied. Every
//! read is bounds-checked and returns `None` on malformed data, which the
//! tests rule out for the shipped file (every service is decoded in full).

use polc_model::condition::KeyType;

use super::{AccessLevel, Action, ActionResource, ConditionKey, ResourceType, Service};

/// A cursor over the embedded bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor {
    bytes: &'static [u8],
    pos: usize,
}

impl Cursor {
    pub(crate) const fn new(bytes: &'static [u8], pos: usize) -> Self {
        Self { bytes, pos }
    }

    pub(crate) const fn position(&self) -> usize {
        self.pos
    }

    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let bytes: &'static [u8] = self.bytes;
        let slice = bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(slice)
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    pub(crate) fn u16(&mut self) -> Option<usize> {
        let b = self.take(2)?;
        Some(usize::from(u16::from_le_bytes([*b.first()?, *b.get(1)?])))
    }

    pub(crate) fn u32(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        let n = u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]);
        usize::try_from(n).ok()
    }

    pub(crate) fn str(&mut self) -> Option<&'static str> {
        let len = self.u16()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    pub(crate) fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let n = self.u16()?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(item(self)?);
        }
        Some(items)
    }

    pub(crate) fn strs(&mut self) -> Option<Vec<&'static str>> {
        self.list(Self::str)
    }

    pub(crate) fn key(&mut self) -> Option<ConditionKey> {
        let name = self.str()?;
        let key_type = key_type(self.u8()?)?;
        Some(ConditionKey { name, key_type })
    }
}

fn key_type(code: u8) -> Option<KeyType> {
    Some(match code {
        0 => KeyType::String,
        1 => KeyType::ArrayOfString,
        2 => KeyType::Arn,
        3 => KeyType::ArrayOfArn,
        4 => KeyType::Numeric,
        5 => KeyType::ArrayOfNumeric,
        6 => KeyType::Date,
        7 => KeyType::Bool,
        8 => KeyType::ArrayOfBool,
        9 => KeyType::IpAddress,
        10 => KeyType::Binary,
        _ => return None,
    })
}

fn access_level(code: u8) -> Option<AccessLevel> {
    Some(match code {
        0 => AccessLevel::List,
        1 => AccessLevel::Read,
        2 => AccessLevel::Write,
        3 => AccessLevel::Tagging,
        4 => AccessLevel::PermissionsManagement,
        _ => return None,
    })
}

/// Decodes one service blob.
/// The names of a service's actions, in order, read without decoding the
/// rest of the service (nothing allocated but the list).
pub(crate) fn action_names(mut c: Cursor) -> Option<Vec<&'static str>> {
    fn skip_str(c: &mut Cursor) -> Option<()> {
        let len = c.u16()?;
        c.take(len).map(|_| ())
    }
    fn skip_strs(c: &mut Cursor) -> Option<()> {
        for _ in 0..c.u16()? {
            skip_str(c)?;
        }
        Some(())
    }
    skip_str(&mut c)?;
    skip_str(&mut c)?;
    for _ in 0..c.u16()? {
        skip_str(&mut c)?;
        c.u8()?;
    }
    for _ in 0..c.u16()? {
        skip_str(&mut c)?;
        skip_str(&mut c)?;
        skip_strs(&mut c)?;
    }
    let n = c.u16()?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        names.push(c.str()?);
        c.u8()?;
        for _ in 0..c.u16()? {
            c.u16()?;
            c.u8()?;
            skip_strs(&mut c)?;
        }
        skip_strs(&mut c)?;
        skip_strs(&mut c)?;
    }
    Some(names)
}

pub(crate) fn service(mut c: Cursor) -> Option<Service> {
    let prefix = c.str()?;
    let name = c.str()?;
    let condition_keys = c.list(Cursor::key)?;
    let resource_types = c.list(|c| {
        Some(ResourceType {
            name: c.str()?,
            arn_format: c.str()?,
            condition_keys: c.strs()?,
        })
    })?;
    let actions = c.list(|c| {
        let name = c.str()?;
        let access_level = access_level(c.u8()?)?;
        let resources = c.list(|c| {
            let resource_type = c.u16()?;
            let required = c.u8()? != 0;
            let condition_keys = c.strs()?;
            (resource_type < resource_types.len()).then_some(ActionResource {
                resource_type,
                required,
                condition_keys,
            })
        })?;
        Some(Action {
            name,
            access_level,
            resources,
            condition_keys: c.strs()?,
            dependent_actions: c.strs()?,
        })
    })?;
    let by_name = super::NameIndex::new(actions.iter().map(|a| a.name));
    let keys = super::KeyIndex::new(condition_keys.iter().map(|k| k.name));
    Some(Service {
        prefix,
        name,
        condition_keys,
        resource_types,
        actions,
        by_name,
        keys,
    })
}
