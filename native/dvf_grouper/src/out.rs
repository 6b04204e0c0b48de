//! Sales and lots as CSV for PostgreSQL's COPY (FORMAT csv): NULL is an unquoted
//! empty field, text is quoted when it holds a comma, a quote or a line break, floats
//! are written in their shortest exact decimal form, JSON arrays for the jsonb columns.

use std::fmt::Write;

use crate::group::Sale;

enum Field<'v> {
    Text(Option<&'v str>),
    Float(Option<f64>),
    Integer(Option<i64>),
}

use Field::{Float, Integer, Text};

fn text(out: &mut String, value: &str) {
    if value.is_empty() || value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// One CSV record of these fields.
fn record(out: &mut String, fields: &[Field<'_>]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match field {
            Text(Some(value)) => text(out, value),
            Float(Some(value)) => {
                let _ = write!(out, "{value}");
            }
            Integer(Some(value)) => {
                let _ = write!(out, "{value}");
            }
            Text(None) | Float(None) | Integer(None) => {}
        }
    }
    out.push('\n');
}

/// A JSON array of strings.
fn json_strings<S: AsRef<str>>(values: &[S]) -> String {
    let mut json = String::from("[");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push('"');
        for c in value.as_ref().chars() {
            match c {
                '"' => json.push_str("\\\""),
                '\\' => json.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(json, "\\u{:04x}", c as u32);
                }
                c => json.push(c),
            }
        }
        json.push('"');
    }
    json.push(']');
    json
}

/// One sale: the columns of `grouper.SALE_COLUMNS`, in order.
pub fn sale(out: &mut String, sale: &Sale<'_, '_>, base: i64) {
    let (first, a) = (sale.first, sale.address);
    let [numero, suffixe, voie, code_voie] = &a.address;
    let [dwellings, dependances, commercials] = sale.counts;
    let flags = json_strings(&sale.flags);
    record(
        out,
        &[
            Integer(Some(base + first.line)),
            Text(Some(&first.mutation)),
            Text(Some(&first.date)),
            Text(Some(&first.nature)),
            Float(first.price),
            Text(numero.as_deref()),
            Text(suffixe.as_deref()),
            Text(voie.as_deref()),
            Text(code_voie.as_deref()),
            Text(a.postal.as_deref()),
            Text(Some(&a.commune)),
            Text(a.commune_name.as_deref()),
            Text(Some(&a.departement)),
            Text(sale.type_local.as_deref()),
            Float(sale.surface),
            Integer(sale.rooms),
            Float(sale.carrez),
            Float(sale.land),
            Integer(Some(dwellings)),
            Integer(Some(dependances)),
            Integer(Some(commercials)),
            Text(Some(if sale.single { "true" } else { "false" })),
            Float(sale.price_per_m2),
            Text(Some(&flags)),
            Float(a.longitude),
            Float(a.latitude),
        ],
    );
}

/// A sale's lots: the columns of `grouper.LOT_TABLE_COLUMNS`, in order.
pub fn lots(out: &mut String, sale: &Sale<'_, '_>, base: i64) {
    for lot in &sale.lots {
        let row = lot.row;
        let numbers = json_strings(&row.lot_numbers);
        record(
            out,
            &[
                Integer(Some(base + row.line)),
                Integer(Some(base + sale.first.line)),
                Text(row.parcel.as_deref()),
                Text(row.type_code.as_deref()),
                Text(row.type_local.as_deref()),
                Float(row.surface),
                Integer(row.rooms),
                Text(Some(&numbers)),
                Float(lot.carrez),
            ],
        );
    }
}
