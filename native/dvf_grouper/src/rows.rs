//! One record -> one `Row`, read exactly as `common/dvf/formats.py` reads it.
//!
//! An Etalab record is taken as it is only in the forms formats.py would keep as they
//! are (ISO date, plain decimal numbers under 1e13, rooms as up to four digits, codes
//! with their leading zeros); any other form is `NotAsIs`, and the chunk goes to the
//! Python parser. A *parsed* record (written by the Python parser: its line number,
//! then the Etalab columns, normalised) is trusted.

use std::borrow::Cow;

pub const GEO_COLUMNS: usize = 40;
const MAX_NUMBER: f64 = 1e13;
const LOTS: [usize; 5] = [18, 20, 22, 24, 26];
const CARREZ: [usize; 5] = [19, 21, 23, 25, 27];

pub struct NotAsIs;

pub struct Row<'a> {
    pub line: i64,
    pub mutation: Cow<'a, str>,
    pub date: Cow<'a, str>,
    pub nature: Cow<'a, str>,
    pub price: Option<f64>,
    pub address: [Option<Cow<'a, str>>; 4], // numero, suffixe, nom de voie, code voie
    pub postal: Option<Cow<'a, str>>,
    pub commune: Cow<'a, str>,
    pub commune_name: Option<Cow<'a, str>>,
    pub departement: Cow<'a, str>,
    pub parcel: Option<Cow<'a, str>>,
    pub lot_numbers: Vec<String>,
    pub carrez: Option<f64>,
    pub type_code: Option<Cow<'a, str>>,
    pub type_local: Option<Cow<'a, str>>,
    pub surface: Option<f64>,
    pub rooms: Option<i64>,
    pub culture: Option<Cow<'a, str>>,
    pub land: Option<f64>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
}

fn text<'a>(field: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    if field.is_empty() {
        None
    } else {
        Some(field.clone())
    }
}

/// A plain decimal (`-?[0-9]+(\.[0-9]+)?`) under 1e13, as Python's float() reads it.
fn number(field: &str) -> Result<Option<f64>, NotAsIs> {
    if field.is_empty() {
        return Ok(None);
    }
    let digits = field.strip_prefix('-').unwrap_or(field);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !plain(whole) || !fraction.is_none_or(plain) {
        return Err(NotAsIs);
    }
    let value: f64 = field.parse().map_err(|_| NotAsIs)?;
    if value.abs() >= MAX_NUMBER {
        return Err(NotAsIs);
    }
    Ok(Some(value))
}

/// A number written by the Python parser (repr of a float: maybe an exponent).
fn trusted_number(field: &str) -> Result<Option<f64>, NotAsIs> {
    if field.is_empty() {
        return Ok(None);
    }
    field.parse().map(Some).map_err(|_| NotAsIs)
}

fn iso_date(field: &str) -> Result<(), NotAsIs> {
    let b = field.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return Err(NotAsIs);
    }
    let value = |range: std::ops::Range<usize>| field[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (value(0..4), value(5..7), value(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(NotAsIs),
    };
    if year == 0 || day == 0 || day > days {
        return Err(NotAsIs);
    }
    Ok(())
}

/// What Python's str.strip() removes: its whitespace characters.
fn strip(value: &str) -> &str {
    value.trim_matches(|c: char| {
        matches!(c, '\t'..='\r' | '\x1c'..='\x20' | '\u{85}' | '\u{a0}' | '\u{1680}'
            | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}'
            | '\u{205f}' | '\u{3000}')
    })
}

/// The lot numbers: when the first is filled, the stripped non-empty ones.
fn lot_numbers(fields: &[Cow<'_, str>]) -> Vec<String> {
    if fields[LOTS[0]].is_empty() {
        return Vec::new();
    }
    LOTS.iter()
        .map(|&i| strip(&fields[i]))
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The Carrez surfaces added to 0.0 in order, None when none is filled.
fn carrez(values: &[Option<f64>]) -> Option<f64> {
    if values.iter().all(Option::is_none) {
        return None;
    }
    Some(
        values
            .iter()
            .flatten()
            .fold(0.0, |total, value| total + value),
    )
}

type Number = fn(&str) -> Result<Option<f64>, NotAsIs>;
type Rooms = fn(&str) -> Result<Option<i64>, NotAsIs>;

/// Rooms as formats.py keeps them as they are: up to four digits.
fn rooms(field: &str) -> Result<Option<i64>, NotAsIs> {
    if field.is_empty() {
        Ok(None)
    } else if field.len() < 5 && field.bytes().all(|b| b.is_ascii_digit()) {
        field.parse().map(Some).map_err(|_| NotAsIs)
    } else {
        Err(NotAsIs)
    }
}

/// Rooms written by the Python parser (any smallint).
fn trusted_rooms(field: &str) -> Result<Option<i64>, NotAsIs> {
    if field.is_empty() {
        return Ok(None);
    }
    field.parse().map(Some).map_err(|_| NotAsIs)
}

/// The row of 40 Etalab fields, numbers read by `number`, rooms by `rooms`.
fn row<'a>(
    line: i64,
    f: &[Cow<'a, str>],
    number: Number,
    rooms: Rooms,
) -> Result<Row<'a>, NotAsIs> {
    let surfaces = CARREZ
        .iter()
        .map(|&i| number(&f[i]))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Row {
        line,
        mutation: f[0].clone(),
        date: f[1].clone(),
        nature: f[3].clone(),
        price: number(&f[4])?,
        address: [text(&f[5]), text(&f[6]), text(&f[7]), text(&f[8])],
        postal: text(&f[9]),
        commune: f[10].clone(),
        commune_name: text(&f[11]),
        departement: f[12].clone(),
        parcel: text(&f[15]),
        lot_numbers: lot_numbers(f),
        carrez: carrez(&surfaces),
        type_code: text(&f[29]),
        type_local: text(&f[30]),
        surface: number(&f[31])?,
        rooms: rooms(&f[32])?,
        culture: text(&f[33]),
        land: number(&f[37])?,
        longitude: number(&f[38])?,
        latitude: number(&f[39])?,
    })
}

/// An Etalab record (40 fields) as formats.py would read it, else `NotAsIs`.
pub fn etalab<'a>(line: i64, f: &[Cow<'a, str>]) -> Result<Row<'a>, NotAsIs> {
    if f.len() != GEO_COLUMNS || f[0].is_empty() || f[3].is_empty() {
        return Err(NotAsIs);
    }
    iso_date(&f[1])?;
    if f[10].chars().count() != 5 || f[12].chars().count() < 2 {
        return Err(NotAsIs);
    }
    let postal = &f[9];
    let five_digits = postal.len() == 5 && postal.bytes().all(|b| b.is_ascii_digit());
    if !(postal.is_empty() || five_digits) {
        return Err(NotAsIs);
    }
    row(line, f, number, rooms)
}

/// A record written by the Python parser: its line, then the Etalab columns
/// (normalised: lot numbers stripped from the first, the Carrez total first).
pub fn parsed<'a>(f: &[Cow<'a, str>]) -> Result<Row<'a>, NotAsIs> {
    if f.len() != GEO_COLUMNS + 1 {
        return Err(NotAsIs);
    }
    let line = f[0].parse().map_err(|_| NotAsIs)?;
    row(line, &f[1..], trusted_number, trusted_rooms)
}
