//! `update-catalog`: the service reference of `polc-catalog`, as the
//! compact binary `crates/catalog/data/reference.bin`.
//!
//! Input: `data/iam-reference/` of the shared material (the normalized
//! Service Authorization Reference: `services/*.json`,
//! `global-condition-keys.json`, `legacy-actions.json`, `SOURCE.json`).
//! The provenance in `SOURCE.json` is copied to
//! `crates/catalog/data/SOURCE.json`.
//!
//! The format is read by `crates/catalog/src/reference/decode.rs`; the two
//! change together. All integers little-endian; `str` is a `u16` byte
//! length and UTF-8 bytes; `list<T>` is a `u16` count and the items.
//!
//! ```text
//! file     = "POLCREF2" u32:service_count u32:globals_offset u32:legacy_offset
//!            u32:namespaces_offset index{service_count} blob{service_count}
//!            globals legacy namespaces
//! index    = str:prefix str:name u32:blob_offset u32:blob_length   (sorted by prefix;
//!            offsets relative to the first blob)
//! blob     = str:prefix str:name list<key> list<rtype> list<action>
//!            (actions sorted by lowercased name)
//! key      = str:name u8:type
//! rtype    = str:name str:arn_format list<str:condition_key>
//! action   = str:name u8:access_level list<aref> list<str:condition_key> list<str:dependent_action>
//! aref     = u16:rtype_index u8:required list<str:condition_key>
//! globals  = list<key>
//! legacy   = list<lservice>
//! lservice = str:prefix u8:retired list<str:action>
//! namespaces = list<str>   (the service parts of all ARN formats, sorted)
//! ```

use std::path::Path;

use serde_json::Value;

use crate::{Result, parse_json, read, write};

pub fn run(root: &Path, shared: &Path) -> Result<()> {
    let source = shared.join("data/iam-reference");
    let mut services = Vec::new();
    let dir = source.join("services");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "json") {
            services.push(parse_json(&path)?);
        }
    }
    services.sort_by(|a, b| text(a, "prefix").cmp(text(b, "prefix")));

    let mut blobs = Vec::new();
    let mut index = Vec::new();
    for service in &services {
        let blob = service_blob(service)?;
        index.push((
            text(service, "prefix"),
            text(service, "service_name"),
            blobs.len(),
            blob.len(),
        ));
        blobs.extend_from_slice(&blob);
    }
    let globals = globals(&parse_json(&source.join("global-condition-keys.json"))?)?;
    let legacy = legacy(&parse_json(&source.join("legacy-actions.json"))?)?;
    let namespaces = namespaces(&services)?;

    let mut index_bytes = Vec::new();
    for (prefix, name, offset, length) in &index {
        put_str(&mut index_bytes, prefix)?;
        put_str(&mut index_bytes, name)?;
        index_bytes.extend_from_slice(&u32_of(*offset)?.to_le_bytes());
        index_bytes.extend_from_slice(&u32_of(*length)?.to_le_bytes());
    }
    let header = 8 + 4 * 4;
    let blobs_start = header + index_bytes.len();
    let globals_offset = blobs_start + blobs.len();
    let legacy_offset = globals_offset + globals.len();
    let namespaces_offset = legacy_offset + legacy.len();
    let mut out = Vec::with_capacity(namespaces_offset + namespaces.len());
    out.extend_from_slice(b"POLCREF2");
    out.extend_from_slice(&u32_of(services.len())?.to_le_bytes());
    out.extend_from_slice(&u32_of(globals_offset)?.to_le_bytes());
    out.extend_from_slice(&u32_of(legacy_offset)?.to_le_bytes());
    out.extend_from_slice(&u32_of(namespaces_offset)?.to_le_bytes());
    out.extend_from_slice(&index_bytes);
    out.extend_from_slice(&blobs);
    out.extend_from_slice(&globals);
    out.extend_from_slice(&legacy);
    out.extend_from_slice(&namespaces);

    let data = root.join("crates/catalog/data");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    std::fs::write(data.join("reference.bin"), &out).map_err(|e| e.to_string())?;
    write(
        &data.join("SOURCE.json"),
        &read(&source.join("SOURCE.json"))?,
    )?;
    // The upstream packages' licence notices ship with the data derived
    // from them (`fetch-reference` writes them; a copy of the normalized
    // data without them leaves the committed notices as they are).
    let licenses = source.join("licenses");
    if licenses.is_dir() {
        let entries = std::fs::read_dir(&licenses)
            .map_err(|e| format!("cannot list {}: {e}", licenses.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if let Some(name) = path.file_name() {
                write(&data.join("licenses").join(name), &read(&path)?)?;
            }
        }
    }
    Ok(())
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn u32_of(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| format!("{n} does not fit the format"))
}

fn put_u16(out: &mut Vec<u8>, n: usize) -> Result<()> {
    let n = u16::try_from(n).map_err(|_| format!("{n} does not fit the format"))?;
    out.extend_from_slice(&n.to_le_bytes());
    Ok(())
}

fn put_str(out: &mut Vec<u8>, s: &str) -> Result<()> {
    put_u16(out, s.len())?;
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn put_strs(out: &mut Vec<u8>, values: &[Value]) -> Result<()> {
    put_u16(out, values.len())?;
    for v in values {
        put_str(out, v.as_str().ok_or("a list entry is not a string")?)?;
    }
    Ok(())
}

fn key_type(name: &str) -> Result<u8> {
    Ok(match name {
        "String" => 0,
        "ArrayOfString" => 1,
        "ARN" => 2,
        "ArrayOfARN" => 3,
        "Numeric" => 4,
        "ArrayOfNumeric" => 5,
        "Date" => 6,
        "Bool" => 7,
        "ArrayOfBool" => 8,
        "IPAddress" => 9,
        "Binary" => 10,
        other => return Err(format!("unknown condition key type `{other}`")),
    })
}

fn access_level(name: &str) -> Result<u8> {
    Ok(match name {
        "List" => 0,
        "Read" => 1,
        "Write" => 2,
        "Tagging" => 3,
        "Permissions management" => 4,
        other => return Err(format!("unknown access level `{other}`")),
    })
}

fn put_keys(out: &mut Vec<u8>, keys: &[Value]) -> Result<()> {
    put_u16(out, keys.len())?;
    for key in keys {
        put_str(out, text(key, "key"))?;
        out.push(key_type(text(key, "type"))?);
    }
    Ok(())
}

fn service_blob(service: &Value) -> Result<Vec<u8>> {
    let prefix = text(service, "prefix");
    let mut out = Vec::new();
    put_str(&mut out, prefix)?;
    put_str(&mut out, text(service, "service_name"))?;
    put_keys(&mut out, list(service, "condition_keys"))?;
    let rtypes = list(service, "resource_types");
    put_u16(&mut out, rtypes.len())?;
    for rtype in rtypes {
        put_str(&mut out, text(rtype, "name"))?;
        put_str(&mut out, text(rtype, "arn"))?;
        put_strs(&mut out, list(rtype, "condition_keys"))?;
    }
    let mut actions: Vec<&Value> = list(service, "actions").iter().collect();
    actions.sort_by_key(|a| text(a, "name").to_ascii_lowercase());
    put_u16(&mut out, actions.len())?;
    for action in actions {
        put_str(&mut out, text(action, "name"))?;
        out.push(access_level(text(action, "access_level"))?);
        let refs = list(action, "resource_types");
        put_u16(&mut out, refs.len())?;
        for r in refs {
            let name = text(r, "name");
            let index = rtypes
                .iter()
                .position(|t| text(t, "name") == name)
                .ok_or_else(|| format!("{prefix}: resource type `{name}` is not declared"))?;
            put_u16(&mut out, index)?;
            out.push(u8::from(
                r.get("required").and_then(Value::as_bool).unwrap_or(false),
            ));
            put_strs(&mut out, list(r, "condition_keys"))?;
        }
        put_strs(&mut out, list(action, "condition_keys"))?;
        put_strs(&mut out, list(action, "dependent_actions"))?;
    }
    Ok(out)
}

fn globals(json: &Value) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    put_keys(&mut out, list(json, "keys"))?;
    Ok(out)
}

fn legacy(json: &Value) -> Result<Vec<u8>> {
    let services = json
        .get("services")
        .and_then(Value::as_object)
        .ok_or("legacy-actions.json has no `services`")?;
    let mut prefixes: Vec<&String> = services.keys().collect();
    prefixes.sort();
    let mut out = Vec::new();
    put_u16(&mut out, prefixes.len())?;
    for prefix in prefixes {
        let Some(entry) = services.get(prefix.as_str()) else {
            continue;
        };
        put_str(&mut out, prefix)?;
        out.push(u8::from(
            entry
                .get("service_retired")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        ));
        put_strs(&mut out, list(entry, "actions"))?;
    }
    Ok(out)
}

/// The service namespaces ARNs use (`arn:${Partition}:NAMESPACE:...`),
/// which are not always the action prefixes.
fn namespaces(services: &[Value]) -> Result<Vec<u8>> {
    let mut names: Vec<&str> = services
        .iter()
        .flat_map(|s| list(s, "resource_types"))
        .filter_map(|t| text(t, "arn").split(':').nth(2))
        .filter(|n| !n.is_empty() && !n.contains("${"))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out = Vec::new();
    put_u16(&mut out, names.len())?;
    for name in names {
        put_str(&mut out, name)?;
    }
    Ok(out)
}
