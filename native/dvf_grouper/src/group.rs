//! The rows of one mutation (a run of records with its key) -> one sale and its lots.
//!
//! The rules of `common/dvf/grouping.py`'s module documentation: a local repeated
//! over several cultures is one lot (same parcel, type, surface, rooms and lot
//! numbers; its Carrez surface is its first row's); land is summed once per (parcel,
//! culture, surface); dépendances and other premises are counted apart; the sale
//! takes its date, nature and price from its first row and its address from its
//! first dwelling row (else its first row); totals add in the order of first rows.

use crate::rows::Row;

pub const DEPENDANCE: &str = "Dépendance";
const PRICED: [&str; 3] = [
    "Vente",
    "Vente en l'état futur d'achèvement",
    "Adjudication",
];
const SMALLINT: i64 = 32767;
pub const MIN_SURFACE: f64 = 9.0;
pub const MAX_SURFACE: f64 = 1000.0;
pub const MIN_PRICE_M2: f64 = 500.0;
pub const MAX_PRICE_M2: f64 = 100_000.0;
const OVERFLOW_RATIO: f64 = 1e-300;

pub fn is_dwelling(type_local: Option<&str>) -> bool {
    matches!(type_local, Some("Appartement") | Some("Maison"))
}

/// 1 dwelling, 2 dépendance, 3 other premises.
fn kind(type_local: &str) -> u8 {
    if is_dwelling(Some(type_local)) {
        1
    } else if type_local == DEPENDANCE {
        2
    } else {
        3
    }
}

pub struct Lot<'r, 'a> {
    pub row: &'r Row<'a>,
    pub carrez: Option<f64>,
    pub kind: u8,
}

pub struct Sale<'r, 'a> {
    pub first: &'r Row<'a>,
    pub address: &'r Row<'a>,
    pub lots: Vec<Lot<'r, 'a>>,
    pub type_local: Option<String>,
    pub surface: Option<f64>,
    pub rooms: Option<i64>,
    pub carrez: Option<f64>,
    pub land: Option<f64>,
    pub counts: [i64; 3], // dwellings, dépendances, other premises
    pub single: bool,
    pub price_per_m2: Option<f64>,
    pub flags: Vec<&'static str>,
}

fn same_local(a: &Row<'_>, b: &Row<'_>) -> bool {
    a.parcel == b.parcel
        && a.type_code == b.type_code
        && a.type_local == b.type_local
        && a.surface == b.surface
        && a.rooms == b.rooms
        && a.lot_numbers == b.lot_numbers
}

/// PostgreSQL's sum of a float column: None without values, else in order.
fn add(total: Option<f64>, value: Option<f64>) -> Option<f64> {
    match (total, value) {
        (Some(t), Some(v)) => Some(t + v),
        (None, v) => v,
        (t, None) => t,
    }
}

/// Python's `round(value, 2)`: the exact binary value to the nearest cent (ties to
/// even), read back.
pub fn round_cents(value: f64) -> f64 {
    format!("{value:.2}").parse().unwrap_or(value)
}

pub fn group<'r, 'a>(rows: &'r [Row<'a>]) -> Sale<'r, 'a> {
    let first = &rows[0];
    let address = rows
        .iter()
        .find(|r| is_dwelling(r.type_local.as_deref()))
        .unwrap_or(first);
    let mut lots: Vec<Lot<'r, 'a>> = Vec::new();
    let mut land: Vec<&'r Row<'a>> = Vec::new();
    for row in rows {
        if let Some(type_local) = row.type_local.as_deref() {
            if !lots.iter().any(|lot| same_local(lot.row, row)) {
                lots.push(Lot {
                    row,
                    carrez: row.carrez,
                    kind: kind(type_local),
                });
            }
        }
        if row.land.is_some()
            && !land
                .iter()
                .any(|r| r.parcel == row.parcel && r.culture == row.culture && r.land == row.land)
        {
            land.push(row);
        }
    }
    let mut counts = [0i64; 3];
    for lot in &lots {
        counts[usize::from(lot.kind - 1)] += 1;
    }
    let chosen = if counts[0] > 0 { 1 } else { 3 };
    let (mut surface, mut rooms, mut carrez) = (None, None::<i64>, None);
    for lot in lots.iter().filter(|lot| lot.kind == chosen) {
        surface = add(surface, lot.row.surface);
        carrez = add(carrez, lot.carrez);
        if let Some(r) = lot.row.rooms {
            rooms = Some(rooms.unwrap_or(0) + r);
        }
    }
    let commercial = lots.iter().find(|lot| lot.kind == 3);
    let type_local = if counts[0] > 0 {
        address.type_local.as_deref().map(str::to_owned)
    } else if let Some(lot) = commercial {
        lot.row.type_local.as_deref().map(str::to_owned)
    } else if !lots.is_empty() {
        Some(DEPENDANCE.to_owned())
    } else {
        None
    };
    let single = counts[0] == 1 && counts[2] == 0 && PRICED.contains(&&*first.nature);
    let dwelling_surface = if is_dwelling(address.type_local.as_deref()) {
        address.surface
    } else {
        None
    };
    let price_per_m2 = match (first.price, dwelling_surface) {
        (Some(p), Some(s)) if single && p > 0.0 && s > p * OVERFLOW_RATIO => {
            Some(round_cents(p / s))
        }
        _ => None,
    };
    let land = land
        .iter()
        .fold(None, |total, r| add(total, r.land))
        .map(|t| t + 0.0);
    let flags = flags(first.price, address, single, dwelling_surface, price_per_m2);
    Sale {
        first,
        address,
        type_local,
        surface: surface.map(|s| s + 0.0),
        rooms: rooms.map(|r| r.min(SMALLINT)),
        carrez: carrez.map(|c| c + 0.0),
        land,
        counts: counts.map(|c| c.min(SMALLINT)),
        single,
        price_per_m2,
        flags,
        lots,
    }
}

fn between(value: Option<f64>, low: f64, high: f64) -> bool {
    value.is_some_and(|v| low <= v && v <= high)
}

fn flags(
    price: Option<f64>,
    address: &Row<'_>,
    single: bool,
    surface: Option<f64>,
    price_per_m2: Option<f64>,
) -> Vec<&'static str> {
    let geolocated = address.longitude.is_some() && address.latitude.is_some();
    let plausible = !single
        || between(surface, MIN_SURFACE, MAX_SURFACE)
            && between(price_per_m2, MIN_PRICE_M2, MAX_PRICE_M2);
    if price.is_some_and(|p| p > 0.0) && geolocated && plausible {
        return Vec::new();
    }
    let mut flags = Vec::new();
    match price {
        None => flags.push("price_missing"),
        Some(p) if p <= 0.0 => flags.push("price_zero"),
        _ => {}
    }
    if !geolocated {
        flags.push("not_geolocated");
    }
    if single {
        match surface {
            None => flags.push("surface_missing"),
            Some(s) if s <= 0.0 => flags.push("surface_missing"),
            Some(s) if s < MIN_SURFACE => flags.push("surface_too_small"),
            Some(s) if s > MAX_SURFACE => flags.push("surface_too_large"),
            _ => {}
        }
    }
    match price_per_m2 {
        Some(v) if v < MIN_PRICE_M2 => flags.push("price_per_m2_too_low"),
        Some(v) if v > MAX_PRICE_M2 => flags.push("price_per_m2_too_high"),
        _ => {}
    }
    flags
}
