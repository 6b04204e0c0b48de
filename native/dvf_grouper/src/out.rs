//! Sales and lots as CSV for PostgreSQL's COPY (FORMAT csv): NULL is an unquoted
//! empty field, text is quoted when it holds a comma, a quote or a line break, floats
//! are written in their shortest exact decimal form, JSON arrays for the jsonb columns.

use std::fmt::Write;

use crate::group::Sale;

fn text(out: &mut String, value: Option<&str>) {
    let Some(value) = value else { return };
    if value.is_empty() || value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn float(out: &mut String, value: Option<f64>) {
    if let Some(v) = value {
        let _ = write!(out, "{v}");
    }
}

fn integer(out: &mut String, value: Option<i64>) {
    if let Some(v) = value {
        let _ = write!(out, "{v}");
    }
}

/// A JSON array of strings, quoted as one CSV field.
fn json_strings<S: AsRef<str>>(out: &mut String, values: &[S]) {
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
    text(out, Some(&json));
}

/// One sale: the columns of `grouping.SALE_COLUMNS`, in order.
pub fn sale(out: &mut String, sale: &Sale<'_, '_>, base: i64) {
    let (first, a) = (sale.first, sale.address);
    let _ = write!(out, "{},", base + first.line);
    text(out, Some(&first.mutation));
    out.push(',');
    out.push_str(&first.date);
    out.push(',');
    text(out, Some(&first.nature));
    out.push(',');
    float(out, first.price);
    for part in &a.address {
        out.push(',');
        text(out, part.as_deref());
    }
    out.push(',');
    text(out, a.postal.as_deref());
    out.push(',');
    text(out, Some(&a.commune));
    out.push(',');
    text(out, a.commune_name.as_deref());
    out.push(',');
    text(out, Some(&a.departement));
    out.push(',');
    text(out, sale.type_local.as_deref());
    out.push(',');
    float(out, sale.surface);
    out.push(',');
    integer(out, sale.rooms);
    out.push(',');
    float(out, sale.carrez);
    out.push(',');
    float(out, sale.land);
    for count in sale.counts {
        let _ = write!(out, ",{count}");
    }
    out.push_str(if sale.single { ",true," } else { ",false," });
    float(out, sale.price_per_m2);
    out.push(',');
    json_strings(out, &sale.flags);
    out.push(',');
    float(out, a.longitude);
    out.push(',');
    float(out, a.latitude);
    out.push('\n');
}

/// A sale's lots: the columns of `grouping.LOT_TABLE_COLUMNS`, in order.
pub fn lots(out: &mut String, sale: &Sale<'_, '_>, base: i64) {
    for lot in &sale.lots {
        let row = lot.row;
        let _ = write!(out, "{},{},", base + row.line, base + sale.first.line);
        text(out, row.parcel.as_deref());
        out.push(',');
        text(out, row.type_code.as_deref());
        out.push(',');
        text(out, row.type_local.as_deref());
        out.push(',');
        float(out, row.surface);
        out.push(',');
        integer(out, row.rooms);
        out.push(',');
        json_strings(out, &row.lot_numbers);
        out.push(',');
        float(out, lot.carrez);
        out.push('\n');
    }
}
