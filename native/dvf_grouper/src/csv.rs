//! Records of a CSV chunk, split the way Python's csv module reads well-formed files.
//!
//! A field is quoted (`"..."`, `""` for a quote) or not; a quote inside an unquoted
//! field, text after a closing quote, a bare carriage return or an unterminated quote
//! make the chunk `Malformed`: it then goes to the Python parser, which decides.

use std::borrow::Cow;

pub struct Malformed;

/// The fields of the next record from `data[*at..]`, advancing `at` past its newline.
pub fn next_record<'a>(
    data: &'a str,
    at: &mut usize,
    fields: &mut Vec<Cow<'a, str>>,
) -> Result<(), Malformed> {
    fields.clear();
    let bytes = data.as_bytes();
    let mut i = *at;
    loop {
        if i < bytes.len() && bytes[i] == b'"' {
            let (value, next) = quoted(data, i + 1)?;
            fields.push(value);
            i = next;
        } else {
            let start = i;
            while i < bytes.len() && !matches!(bytes[i], b',' | b'\n' | b'\r' | b'"') {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'"' {
                return Err(Malformed);
            }
            fields.push(Cow::Borrowed(&data[start..i]));
        }
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(b'\n') => {
                *at = i + 1;
                return Ok(());
            }
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {
                *at = i + 2;
                return Ok(());
            }
            None => {
                *at = i;
                return Ok(());
            }
            _ => return Err(Malformed),
        }
    }
}

/// A quoted field starting after its opening quote: (value, index after the closing quote).
fn quoted(data: &str, start: usize) -> Result<(Cow<'_, str>, usize), Malformed> {
    let bytes = data.as_bytes();
    let mut owned: Option<String> = None;
    let mut i = start;
    let mut piece = start;
    loop {
        match bytes.get(i) {
            None => return Err(Malformed),
            Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                owned
                    .get_or_insert_with(String::new)
                    .push_str(&data[piece..=i]);
                i += 2;
                piece = i;
            }
            Some(b'"') => {
                let value = match owned {
                    Some(mut text) => {
                        text.push_str(&data[piece..i]);
                        Cow::Owned(text)
                    }
                    None => Cow::Borrowed(&data[start..i]),
                };
                return Ok((value, i + 1));
            }
            Some(_) => i += 1,
        }
    }
}
