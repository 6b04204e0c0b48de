//! DVF rows -> sales and lots, for `common/dvf/grouper.py` (through ctypes).
//!
//! A chunk of an Etalab file (whole mutations, no header) is read, checked and
//! grouped in one pass; the sales and lots come back as CSV for PostgreSQL's COPY.
//! A chunk holding anything formats.py would read differently is refused
//! (`NOT_AS_IS`): the Python parser then reads it and hands its rows back in the
//! parsed form (`parsed = 1`), which this groups the same way. A sale is a run of
//! records with the same mutation key; ids are `base` plus the line of the first row.

mod csv;
mod group;
mod out;
mod rows;

use std::borrow::Cow;

pub use group::round_cents;

pub const OK: i32 = 0;
pub const NOT_AS_IS: i32 = 1;

#[repr(C)]
pub struct Grouped {
    pub status: i32,
    pub rows: i64,
    pub sales: i64,
    pub lots: i64,
    pub min_date: [u8; 10],
    pub max_date: [u8; 10],
    pub sales_csv: *mut u8,
    pub sales_len: usize,
    pub lots_csv: *mut u8,
    pub lots_len: usize,
}

pub struct Output {
    pub rows: i64,
    pub sales: i64,
    pub lots: i64,
    pub dates: Option<(String, String)>,
    pub sales_csv: String,
    pub lots_csv: String,
}

/// Group a chunk (`parsed`: rows written by the Python parser, line first).
pub fn group_chunk(data: &str, first_line: i64, base: i64, parsed: bool) -> Option<Output> {
    let mut records: Vec<rows::Row<'_>> = Vec::new();
    let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(rows::GEO_COLUMNS + 1);
    let mut at = 0;
    let mut line = first_line;
    while at < data.len() {
        csv::next_record(data, &mut at, &mut fields).ok()?;
        let row = if parsed {
            rows::parsed(&fields)
        } else {
            rows::etalab(line, &fields)
        };
        records.push(row.ok()?);
        line += 1;
    }
    let mut output = Output {
        rows: records.len() as i64,
        sales: 0,
        lots: 0,
        dates: None,
        sales_csv: String::with_capacity(data.len() / 2),
        lots_csv: String::with_capacity(data.len() / 3),
    };
    let mut start = 0;
    while start < records.len() {
        let mut end = start + 1;
        while end < records.len() && records[end].mutation == records[start].mutation {
            end += 1;
        }
        let sale = group::group(&records[start..end]);
        out::sale(&mut output.sales_csv, &sale, base);
        out::lots(&mut output.lots_csv, &sale, base);
        output.sales += 1;
        output.lots += sale.lots.len() as i64;
        let date = &*sale.first.date;
        output.dates = Some(match output.dates.take() {
            None => (date.to_owned(), date.to_owned()),
            Some((low, high)) => (low.min(date.to_owned()), high.max(date.to_owned())),
        });
        start = end;
    }
    Some(output)
}

fn leak(text: String) -> (*mut u8, usize) {
    let mut bytes = text.into_bytes().into_boxed_slice();
    let (pointer, length) = (bytes.as_mut_ptr(), bytes.len());
    std::mem::forget(bytes);
    (pointer, length)
}

/// # Safety
/// `data` holds `len` bytes; `out` points to a `Grouped` the caller frees with
/// `dvf_free` once its buffers are read.
#[no_mangle]
pub unsafe extern "C" fn dvf_group(
    data: *const u8,
    len: usize,
    first_line: i64,
    base: i64,
    parsed: i32,
    out: *mut Grouped,
) {
    let out = &mut *out;
    let bytes = std::slice::from_raw_parts(data, len);
    let grouped = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| group_chunk(text, first_line, base, parsed != 0));
    let Some(grouped) = grouped else {
        out.status = NOT_AS_IS;
        return;
    };
    out.status = OK;
    out.rows = grouped.rows;
    out.sales = grouped.sales;
    out.lots = grouped.lots;
    if let Some((low, high)) = grouped.dates {
        // ISO dates: ten bytes (checked, or written so by the Python parser).
        if low.len() == 10 && high.len() == 10 {
            out.min_date.copy_from_slice(low.as_bytes());
            out.max_date.copy_from_slice(high.as_bytes());
        }
    }
    (out.sales_csv, out.sales_len) = leak(grouped.sales_csv);
    (out.lots_csv, out.lots_len) = leak(grouped.lots_csv);
}

/// # Safety
/// `out` was filled by `dvf_group` and is freed once.
#[no_mangle]
pub unsafe extern "C" fn dvf_free(out: *mut Grouped) {
    let out = &mut *out;
    for (pointer, length) in [(out.sales_csv, out.sales_len), (out.lots_csv, out.lots_len)] {
        if !pointer.is_null() {
            drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                pointer, length,
            )));
        }
    }
    out.sales_csv = std::ptr::null_mut();
    out.lots_csv = std::ptr::null_mut();
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADLESS: &str = "M1,2021-03-01,000001,Vente,300000,12,,RUE DE LA GAITE,3950,75014,75114,Paris,75,,,75114000AB0012,,,12,48.5,,,,,,,,,1,2,Appartement,50,2,,,,,,2.3241,48.8379\n";

    fn line(replace: &[(usize, &str)]) -> String {
        let mut fields: Vec<String> = HEADLESS.trim_end().split(',').map(str::to_owned).collect();
        for (i, value) in replace {
            fields[*i] = (*value).to_owned();
        }
        fields.join(",") + "\n"
    }

    #[test]
    fn one_apartment_one_sale_one_lot() {
        let out = group_chunk(HEADLESS, 2, 100, false).expect("as is");
        assert_eq!((out.rows, out.sales, out.lots), (1, 1, 1));
        assert_eq!(
            out.sales_csv,
            "102,M1,2021-03-01,Vente,300000,12,,RUE DE LA GAITE,3950,75014,75114,Paris,75,\
             Appartement,50,2,48.5,,1,0,0,true,6000,[],2.3241,48.8379\n"
        );
        assert_eq!(
            out.lots_csv,
            "102,102,75114000AB0012,2,Appartement,50,2,\"[\"\"12\"\"]\",48.5\n"
        );
    }

    #[test]
    fn a_local_over_two_cultures_is_one_lot_its_land_added_once_each() {
        let house = |culture: &str, land: &str| {
            line(&[
                (0, "M2"),
                (29, "1"),
                (30, "Maison"),
                (31, "120"),
                (33, culture),
                (37, land),
            ])
        };
        let chunk = house("S", "400") + &house("J", "250") + &house("J", "250");
        let out = group_chunk(&chunk, 2, 0, false).expect("as is");
        assert_eq!((out.sales, out.lots), (1, 1));
        let fields: Vec<&str> = out.sales_csv.trim_end().split(',').collect();
        assert_eq!(
            (fields[13], fields[14], fields[17]),
            ("Maison", "120", "650")
        );
    }

    #[test]
    fn forms_formats_py_reads_otherwise_refused() {
        for field in [
            (4, "0x10"),
            (4, "1e5"),
            (4, " 12"),
            (1, "2021-02-30"),
            (10, "1053"),
            (9, "7501"),
            (32, "2.0"),
        ] {
            assert!(
                group_chunk(&line(&[field]), 2, 0, false).is_none(),
                "{field:?}"
            );
        }
        assert!(group_chunk(&(HEADLESS.to_owned() + "\n"), 2, 0, false).is_none());
        assert!(group_chunk("M1,\"unterminated\n", 2, 0, false).is_none());
    }

    #[test]
    fn quoted_fields_read_as_python_reads_them() {
        let quoted = line(&[(11, "\"Saint-Denis, \"\"Ville\"\"\"")]);
        let out = group_chunk(&quoted, 2, 0, false).expect("as is");
        assert!(out
            .sales_csv
            .contains(",\"Saint-Denis, \"\"Ville\"\"\",75,"));
    }

    #[test]
    fn lot_numbers_stripped_of_python_whitespace() {
        let out = group_chunk(
            &line(&[(18, "\u{a0}12\u{3000}"), (20, " "), (22, "7")]),
            2,
            0,
            false,
        )
        .expect("as is");
        assert!(out.lots_csv.contains("\"[\"\"12\"\",\"\"7\"\"]\""));
    }

    #[test]
    fn cents_rounded_as_python_rounds() {
        let cases = [
            (0.125, 0.12),
            (0.375, 0.38),
            (2.675, 2.67),
            (1.005, 1.0),
            (12500.125, 12500.12),
        ];
        for (value, rounded) in cases {
            assert_eq!(round_cents(value), rounded, "{value}");
        }
    }
}
