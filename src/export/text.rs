//! Numbers as people read them: Danish style (decimal comma, thousands point) or English style
//! (decimal point, thousands comma), shares in percent, values with their 95 % interval cut at
//! what the figure can take, places with ∞ for unlimited. Every human-facing writer formats
//! through here; files for programs keep plain numbers.

use crate::figures::{Figure, Lang, Unit};
use crate::stats::Summary;

/// A number in the style of `lang` with `decimals` decimals; "–" when undefined.
pub fn num(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let (thousands, comma) = match lang {
        Lang::Da => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
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
        format!("{sign}{grouped}{comma}{frac}")
    }
}

/// A number in Danish style: for texts the JSON keeps in Danish.
pub fn danish(v: f64, decimals: usize) -> String {
    num(v, decimals, Lang::Da)
}

/// A number with as few decimals as it needs, at most `decimals` ("4,5", "4", "4,25").
pub fn trimmed(v: f64, decimals: usize, lang: Lang) -> String {
    let text = num(v, decimals, lang);
    let comma = lang.pick(",", ".");
    if text.contains(comma) {
        text.trim_end_matches('0')
            .trim_end_matches(comma)
            .to_string()
    } else {
        text
    }
}

/// A number of places; "∞" when unlimited (NaN).
pub fn places(v: f64, lang: Lang) -> String {
    if v.is_finite() {
        num(v, 0, lang)
    } else {
        "∞".to_string()
    }
}

/// A figure's value as people read it, without unit ("12,5"; shares in percent: "36,0").
pub fn number(f: &Figure, v: f64, lang: Lang) -> String {
    num(f.unit.scale(v), f.decimals, lang)
}

/// A figure's value with " %" for shares ("36,0 %"), "–" when undefined.
pub fn percent_or_number(f: &Figure, v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    if f.unit == Unit::Share {
        format!("{} %", number(f, v, lang))
    } else {
        number(f, v, lang)
    }
}

/// A 95 % interval cut at what a figure of `unit` can take (no count below 0, no share above
/// 100 %); the second value says whether it was cut. The Student-t interval is symmetric and
/// can reach past the possible range when few replications vary; people should not read a
/// negative number of months, while files keep the interval as computed.
pub fn cut(unit: Unit, low: f64, high: f64) -> (f64, f64, bool) {
    let (min, max) = unit.range();
    let (lo, hi) = (low.max(min), high.min(max));
    (lo, hi, lo != low || hi != high)
}

/// "[a ; b]": the 95 % interval cut at the figure's range, empty when undefined; and whether it
/// was cut.
pub fn interval(f: &Figure, s: &Summary, lang: Lang) -> (String, bool) {
    if !s.ci95_low.is_finite() {
        return (String::new(), false);
    }
    let (lo, hi, was_cut) = cut(f.unit, s.ci95_low, s.ci95_high);
    let text = format!("[{} ; {}]", number(f, lo, lang), number(f, hi, lang));
    (text, was_cut)
}

/// The note under a table whose intervals were cut.
pub fn cut_note(lang: Lang) -> &'static str {
    lang.pick(
        "Intervaller, der ville gå under 0 eller over 100 %, er skåret ved grænsen (JSON og CSV har dem uskåret).",
        "Intervals that would reach below 0 or above 100 % are cut at the limit (JSON and CSV keep them uncut).",
    )
}

/// A paired difference with its interval: "+1,2 [0,3; 2,1]", "–" when undefined. Differences
/// can be negative, so their intervals are never cut.
pub fn difference(f: &Figure, s: &Summary, lang: Lang) -> String {
    if !s.mean.is_finite() {
        return "–".to_string();
    }
    let m = f.unit.scale(s.mean);
    let sign = if m > 0.0 { "+" } else { "" };
    if s.ci95_low.is_finite() {
        format!(
            "{sign}{} [{}; {}]",
            num(m, f.decimals, lang),
            number(f, s.ci95_low, lang),
            number(f, s.ci95_high, lang)
        )
    } else {
        format!("{sign}{}", num(m, f.decimals, lang))
    }
}

/// "n replications" in the language.
pub fn replications(n: impl std::fmt::Display, lang: Lang) -> String {
    format!("{n} {}", lang.pick("replikationer", "replications"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_number_style() {
        assert_eq!(danish(1300.0, 0), "1.300");
        assert_eq!(danish(1234567.891, 2), "1.234.567,89");
        assert_eq!(danish(-0.04, 1), "0,0");
        assert_eq!(danish(-12.5, 1), "-12,5");
        assert_eq!(danish(f64::NAN, 1), "–");
    }

    #[test]
    fn english_number_style() {
        assert_eq!(num(1234567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(trimmed(4.5, 2, Lang::En), "4.5");
        assert_eq!(trimmed(4.0, 2, Lang::Da), "4");
    }

    #[test]
    fn intervals_are_cut_at_the_possible_range() {
        assert_eq!(cut(Unit::Months, -1.5, 4.2), (0.0, 4.2, true));
        assert_eq!(cut(Unit::Share, 0.9, 1.1), (0.9, 1.0, true));
        assert_eq!(cut(Unit::Days, 1.0, 2.0), (1.0, 2.0, false));
    }
}
