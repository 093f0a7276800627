//! Numbers as people read them: Danish style (decimal comma, thousands point), shares in
//! percent, values with their 95 % interval, places with ∞ for unlimited. Every human-facing
//! writer formats through here.

use crate::figures::{Figure, Unit};
use crate::stats::Summary;

/// A number in Danish style with `decimals` decimals; "–" when undefined.
pub fn danish(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// A number of places; "∞" when unlimited (NaN).
pub fn places(v: f64) -> String {
    if v.is_finite() {
        danish(v, 0)
    } else {
        "∞".to_string()
    }
}

/// A figure's value as people read it, without unit ("12,5"; shares in percent: "36,0").
pub fn number(f: &Figure, v: f64) -> String {
    danish(f.unit.scale(v), f.decimals)
}

/// A figure's value with " %" for shares ("36,0 %"), "–" when undefined.
pub fn percent_or_number(f: &Figure, v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    if f.unit == Unit::Share {
        format!("{} %", number(f, v))
    } else {
        number(f, v)
    }
}

/// "[a ; b]": the 95 % interval, empty when undefined.
pub fn interval(f: &Figure, s: &Summary) -> String {
    if s.ci95_low.is_finite() {
        format!("[{} ; {}]", number(f, s.ci95_low), number(f, s.ci95_high))
    } else {
        String::new()
    }
}

/// A paired difference with its interval: "+1,2 [0,3; 2,1]", "–" when undefined.
pub fn difference(f: &Figure, s: &Summary) -> String {
    if !s.mean.is_finite() {
        return "–".to_string();
    }
    let m = f.unit.scale(s.mean);
    let sign = if m > 0.0 { "+" } else { "" };
    if s.ci95_low.is_finite() {
        format!(
            "{sign}{} [{}; {}]",
            danish(m, f.decimals),
            number(f, s.ci95_low),
            number(f, s.ci95_high)
        )
    } else {
        format!("{sign}{}", danish(m, f.decimals))
    }
}

#[cfg(test)]
mod tests {
    use super::danish;

    #[test]
    fn danish_number_style() {
        assert_eq!(danish(1300.0, 0), "1.300");
        assert_eq!(danish(1234567.891, 2), "1.234.567,89");
        assert_eq!(danish(-0.04, 1), "0,0");
        assert_eq!(danish(-12.5, 1), "-12,5");
        assert_eq!(danish(f64::NAN, 1), "–");
    }
}
