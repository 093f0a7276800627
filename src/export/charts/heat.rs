//! A heat map as data: one cell per pair of categories on a chart's two category axes,
//! coloured by a figure's value on a sequential scale that runs from the worse end (light) to
//! the better end (dark) in the figure's own direction from the catalogue, so "good" reads the
//! same way on every map. Each cell carries its value as text, and a mark where its point fails
//! a constraint. [`super::render`] draws it.

use crate::export::text::number;
use crate::figures::{Direction, Figure, Lang};

/// A heat map: the cells, and what the colour scale and the marked cells mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Heat {
    pub cells: Vec<HeatCell>,
    /// The colour scale's title: the figure with its unit, and which end is better.
    pub scale_label: String,
    /// The value texts at the light and the dark end of the scale.
    pub scale_ends: (String, String),
    /// The legend's text for cells marked as failing a constraint; `None` when no cell is.
    pub marked_label: Option<String>,
}

/// One cell: the category `x` on the x axis, `y` on the y axis.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    pub x: usize,
    pub y: usize,
    /// The figure's mean (NaN: no result for this cell).
    pub value: f64,
    /// The value as people read it, without unit (the scale's title gives it).
    pub text: String,
    /// Place on the colour scale: 0 the worst value of the map (light), 1 the best (dark); NaN
    /// where the cell has no value.
    pub shade: f64,
    /// The point fails a constraint: drawn outlined.
    pub marked: bool,
}

impl Heat {
    /// The cells of `values` ((x, y, value, marked) each) for figure `f`: shaded between the
    /// map's worst and best value in the figure's direction (for a figure with no better
    /// direction, from the lowest to the highest), and written with the catalogue's decimals.
    pub fn new(
        f: &Figure,
        values: Vec<(usize, usize, f64, bool)>,
        scale_label: String,
        marked_label: String,
        lang: Lang,
    ) -> Heat {
        let finite = values.iter().map(|v| v.2).filter(|v| v.is_finite());
        let lo = finite.clone().fold(f64::INFINITY, f64::min);
        let hi = finite.fold(f64::NEG_INFINITY, f64::max);
        let lower_is_better = f.direction == Direction::LowerIsBetter;
        let shade = |v: f64| {
            if !v.is_finite() {
                return f64::NAN;
            }
            let up = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            if lower_is_better {
                1.0 - up
            } else {
                up
            }
        };
        let (worst, best) = if lower_is_better { (hi, lo) } else { (lo, hi) };
        let any_marked = values.iter().any(|v| v.3);
        Heat {
            cells: values
                .into_iter()
                .map(|(x, y, value, marked)| HeatCell {
                    x,
                    y,
                    value,
                    text: number(f, value, lang),
                    shade: shade(value),
                    marked,
                })
                .collect(),
            scale_label,
            scale_ends: (number(f, worst, lang), number(f, best, lang)),
            marked_label: any_marked.then_some(marked_label),
        }
    }
}

/// "darker is better", or for a figure with no better direction "darker is higher".
pub fn darker_words(f: &Figure, lang: Lang) -> &'static str {
    match f.direction {
        Direction::Neither => lang.pick("mørkere er højere", "darker is higher"),
        _ => lang.pick("mørkere er bedre", "darker is better"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{kpi, STAGE_FIGURES};

    fn heat(f: &Figure) -> Heat {
        let values = vec![
            (0, 0, 0.30, false),
            (1, 0, 0.36, true),
            (0, 1, f64::NAN, false),
            (1, 1, 0.33, false),
        ];
        Heat::new(f, values, "scale".into(), "fails".into(), Lang::Da)
    }

    #[test]
    fn the_better_value_is_darker_in_either_direction() {
        let (_, higher) = kpi("mal2_selfsufficient_4w").unwrap();
        let h = heat(higher);
        let shades: Vec<f64> = h.cells.iter().map(|c| c.shade).collect();
        assert_eq!(shades[0], 0.0);
        assert_eq!(shades[1], 1.0);
        assert!(shades[2].is_nan());
        assert!((shades[3] - 0.5).abs() < 1e-12);
        assert_eq!(h.scale_ends, ("30,0".to_string(), "36,0".to_string()));
        let lower = &STAGE_FIGURES[crate::figures::stage_figure("wait_days_p90").unwrap()];
        let h = heat(lower);
        assert_eq!(h.cells[0].shade, 1.0);
        assert_eq!(h.cells[1].shade, 0.0);
        assert_eq!(h.scale_ends, ("0,4".to_string(), "0,3".to_string()));
    }

    #[test]
    fn cells_are_written_with_the_catalogues_decimals_and_marks_named() {
        let (_, f) = kpi("mal2_selfsufficient_4w").unwrap();
        let h = heat(f);
        let texts: Vec<&str> = h.cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["30,0", "36,0", "–", "33,0"]);
        assert_eq!(h.marked_label.as_deref(), Some("fails"));
        let none = Heat::new(
            f,
            vec![(0, 0, 0.3, false)],
            "s".into(),
            "m".into(),
            Lang::En,
        );
        assert_eq!(none.marked_label, None);
        assert_eq!(none.cells[0].shade, 0.5);
    }
}
