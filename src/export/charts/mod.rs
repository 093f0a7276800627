//! Charts as data: what a chart shows (title, axes with units, series with interval bands,
//! shaded ranges, a target line, the source line), built from the domain objects by one file
//! per command ([`run`], [`monthly`], [`compare`], [`size`], [`sweep`]) and drawn by one renderer
//! ([`render`]) to SVG (the HTML report, `--charts`) and PNG (slides). A chart is either series on
//! two axes or a [`heat`] map on two category axes. Every label comes from the
//! figure catalogue or from here in the chosen [`Lang`], so a chart reads in one language.

pub mod compare;
pub mod heat;
pub mod monthly;
pub mod render;
pub mod run;
pub mod size;
pub mod sweep;

pub use heat::{darker_words, Heat, HeatCell};

use crate::figures::{Figure, Lang, Unit};

/// One chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File stem in `--charts DIR` ("run-stocks"); ASCII, lower case, dashes.
    pub key: String,
    pub title: String,
    pub x: Axis,
    pub y: Axis,
    pub series: Vec<Series>,
    /// Ranges of x shaded behind the data (flagged months, the warm-up), with their legend text.
    pub shaded: Vec<Shade>,
    /// A horizontal line (a target), with its label.
    pub target: Option<Line>,
    /// Always show y = 0 (stocks, counts); otherwise the axis fits the data.
    pub from_zero: bool,
    /// The range of x to show, when the chart chooses it (the candidates of a sizing); otherwise
    /// the axis fits the data.
    pub x_domain: Option<(f64, f64)>,
    /// "kapacitet 0.1.0 · scenario · seed 2011 · 20 replikationer".
    pub source: String,
    /// Half the page width in the report (small multiples), or the whole width.
    pub half: bool,
    /// A heat map on the two category axes instead of series (`series`, `shaded` and
    /// `target` are then empty).
    pub heat: Option<Heat>,
}

/// An axis: its label (with the unit) and how its values read.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub label: String,
    pub scale: Scale,
}

/// How the values of an axis read.
#[derive(Debug, Clone, PartialEq)]
pub enum Scale {
    /// Numbers with this many decimals (Danish style: decimal comma).
    Number { decimals: usize },
    /// Shares 0 to 1, shown in percent.
    Percent,
    /// Positions 0, 1, 2 … named by these labels (months, strategies, dates of weeks).
    Categories(Vec<String>),
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Line,
    Dashed,
    /// A line that holds its value until the next point (places under a capacity schedule).
    Step,
    /// Markers with the interval as a whisker (values per strategy or per candidate).
    Points,
}

/// One series: points (NaN y leaves a gap), an optional 95 % interval per point, a colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    /// (low, high) per point, same order as `points`; drawn as a band (lines) or whiskers
    /// (points).
    pub band: Option<Vec<(f64, f64)>>,
    pub style: Style,
    /// Index into the palette, so one stage keeps its colour across charts.
    pub color: usize,
    /// Per point, a colour of its own (a candidate's verdict); otherwise `color`.
    pub point_colors: Option<Vec<usize>>,
}

impl Series {
    pub fn line(label: impl Into<String>, points: Vec<(f64, f64)>, color: usize) -> Series {
        Series {
            label: label.into(),
            points,
            band: None,
            style: Style::Line,
            color,
            point_colors: None,
        }
    }

    pub fn styled(mut self, style: Style) -> Series {
        self.style = style;
        self
    }

    pub fn with_band(mut self, band: Vec<(f64, f64)>) -> Series {
        self.band = Some(band);
        self
    }
}

/// A shaded range of x.
#[derive(Debug, Clone, PartialEq)]
pub struct Shade {
    pub from: f64,
    pub to: f64,
    pub label: String,
    pub kind: ShadeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShadeKind {
    /// A warning (a month that leaves citizens without an offer).
    Flag,
    /// Context (the warm-up, which is not measured).
    Quiet,
}

/// A horizontal line at `value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub value: f64,
    pub label: String,
    /// A target to meet (red); otherwise a reference such as "no difference" (grey).
    pub target: bool,
}

/// Palette indices with a meaning of their own.
pub const GOOD: usize = 2;
pub const BAD: usize = 5;
pub const DOUBT: usize = 1;
/// Grey, for a reference curve.
pub const GREY: usize = 8;

/// What every chart of one command says at its foot.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub scenario: String,
    pub seed: u64,
    /// Replications run, "20" (or for a sizing "4–32" per candidate).
    pub replications: String,
}

impl Source {
    pub fn line(&self, lang: Lang) -> String {
        format!(
            "{} kapacitet {} · {} · seed {} · {} {}",
            lang.pick("Kilde:", "Source:"),
            env!("CARGO_PKG_VERSION"),
            self.scenario,
            self.seed,
            self.replications,
            lang.pick("replikationer", "replications")
        )
    }
}

/// An axis label for a figure: its short label and unit, "Ligget. (dage)", "Mål 2 (%)" (the
/// chart's title gives the long one).
pub fn figure_axis(f: &Figure, lang: Lang) -> Axis {
    Axis {
        label: with_unit(f.short(lang), f.unit, lang),
        scale: scale_of(f),
    }
}

/// "label (unit)", or the label alone for counts.
pub fn with_unit(label: &str, unit: Unit, lang: Lang) -> String {
    let suffix = unit.suffix(lang);
    if suffix.is_empty() {
        label.to_string()
    } else {
        format!("{label} ({suffix})")
    }
}

/// How values of a figure read on an axis.
pub fn scale_of(f: &Figure) -> Scale {
    if f.unit == Unit::Share {
        Scale::Percent
    } else {
        Scale::Number {
            decimals: f.decimals.min(1),
        }
    }
}

/// A plain numeric axis.
pub fn number_axis(label: impl Into<String>) -> Axis {
    Axis {
        label: label.into(),
        scale: Scale::Number { decimals: 0 },
    }
}

/// A category axis.
pub fn category_axis(label: impl Into<String>, names: Vec<String>) -> Axis {
    Axis {
        label: label.into(),
        scale: Scale::Categories(names),
    }
}

/// `text` as a file-name part: lower case ASCII letters, digits and dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'æ' => "ae".to_string(),
            'ø' => "oe".to_string(),
            'å' => "aa".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        if c == "-" && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push_str(&c);
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("Virksomhedscentre: kø"), "virksomhedscentre-koe");
        assert_eq!(slug("  Løntilskud/job "), "loentilskud-job");
    }
}
