//! Drawing a [`Heat`] map: its cells on the chart's two category axes, each filled on one
//! sequential colour ramp (light for the worse end, dark for the better) with its value written
//! in it, outlined in vermilion where the point fails a constraint, and the colour scale under the plot
//! with the figure's unit and its two end values.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{font, tick, Scale2, INK, MUTED};
use crate::export::charts::{Chart, Heat, Scale};

/// ColorBrewer's YlGnBu ramp, readable for the colour-blind and in grey print: a lighter cell is
/// always a worse one.
const RAMP: [RGBColor; 9] = [
    RGBColor(255, 255, 217),
    RGBColor(237, 248, 177),
    RGBColor(199, 233, 180),
    RGBColor(127, 205, 187),
    RGBColor(65, 182, 196),
    RGBColor(29, 145, 192),
    RGBColor(34, 94, 168),
    RGBColor(37, 52, 148),
    RGBColor(8, 29, 88),
];

/// The outline of a cell whose point fails a constraint: the vermilion every chart flags with
/// (Okabe–Ito's), which stands out from both ends of the ramp (a darker red is lost on the dark
/// blue).
pub(super) const MARK: RGBColor = super::FLAG;

/// A cell with no value.
const EMPTY: RGBColor = RGBColor(238, 238, 238);

/// Where a shade past this is dark enough for white text.
const DARK: f64 = 0.55;

/// The colour of `shade` (0 worst, 1 best) on the ramp; its palest step is left out so the
/// worst cell still stands out from the white page.
pub(super) fn shade_color(shade: f64) -> RGBColor {
    if !shade.is_finite() {
        return EMPTY;
    }
    let at = (0.1 + 0.9 * shade.clamp(0.0, 1.0)) * (RAMP.len() - 1) as f64;
    let i = (at.floor() as usize).min(RAMP.len() - 2);
    let t = at - i as f64;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn count(scale: &Scale) -> usize {
    match scale {
        Scale::Categories(names) => names.len().max(1),
        _ => 1,
    }
}

/// Rows of cells a chart has, for its height.
pub(super) fn rows(chart: &Chart) -> usize {
    count(&chart.y.scale)
}

/// The map: axes with every category, the cells, their values and the marks.
pub(super) fn plot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    heat: &Heat,
    k: Scale2,
) -> Result<(), String> {
    let s = k.s;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let px = |v: f64| (v * s).round() as i32;
    let (nx, ny) = (count(&chart.x.scale), count(&chart.y.scale));
    let label = font(12.5, k);
    let widest = match &chart.y.scale {
        Scale::Categories(names) => names
            .iter()
            .map(|t| {
                area.estimate_text_size(t, &label)
                    .map_or(40, |(w, _)| w as i32)
            })
            .max()
            .unwrap_or(40),
        _ => 40,
    };
    let (x1, y1) = (nx as f64 - 0.5, ny as f64 - 0.5);
    let mut c = ChartBuilder::on(area)
        .margin_left(px(6.0))
        .margin_right(px(18.0))
        .margin_top(px(4.0))
        .x_label_area_size(px(44.0))
        .y_label_area_size(widest + px(34.0))
        .build_cartesian_2d(-0.5..x1, -0.5..y1)
        .map_err(err)?;
    let fx = |v: &f64| tick(&chart.x.scale, *v, 1.0);
    let fy = |v: &f64| tick(&chart.y.scale, *v, 1.0);
    c.configure_mesh()
        .x_desc(chart.x.label.as_str())
        .y_desc(chart.y.label.as_str())
        .axis_desc_style(font(13.5, k))
        .label_style(label)
        // Every level named while they fit; past that, every second or fifth.
        .x_labels(nx.min(16))
        .y_labels(ny.min(30))
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .disable_mesh()
        .axis_style(RGBColor(120, 120, 120).stroke_width(px(1.0) as u32))
        .draw()
        .map_err(err)?;
    let gap = WHITE.stroke_width(px(1.0) as u32);
    for cell in &heat.cells {
        let (x, y) = (cell.x as f64, cell.y as f64);
        let corners = [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)];
        c.draw_series([
            Rectangle::new(corners, shade_color(cell.shade).filled()),
            Rectangle::new(corners, gap),
        ])
        .map_err(err)?;
    }
    // The marks inside the cell's edge, so neighbouring marks stay apart.
    let (pw, ph) = c.plotting_area().dim_in_pixel();
    let (cell_w, cell_h) = (f64::from(pw) / nx as f64, f64::from(ph) / ny as f64);
    let (ix, iy) = (4.0 * s / cell_w, 4.0 * s / cell_h);
    let mark = MARK.stroke_width(px(3.0) as u32);
    for cell in heat.cells.iter().filter(|c| c.marked) {
        let (x, y) = (cell.x as f64, cell.y as f64);
        let (l, r, b, t) = (x - 0.5 + ix, x + 0.5 - ix, y - 0.5 + iy, y + 0.5 - iy);
        // A closed path, not a rectangle: plotters writes an SVG rectangle without its width.
        let ring = vec![(l, b), (r, b), (r, t), (l, t), (l, b)];
        c.draw_series(std::iter::once(PathElement::new(ring, mark)))
            .map_err(err)?;
    }
    let size = text_size(area, heat, (cell_w, cell_h), k);
    for cell in &heat.cells {
        let ink = if cell.shade > DARK { WHITE } else { INK };
        let style = ("sans-serif", size)
            .into_font()
            .color(&ink)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let at = (cell.x as f64, cell.y as f64);
        c.draw_series(std::iter::once(Text::new(cell.text.clone(), at, style)))
            .map_err(err)?;
    }
    Ok(())
}

/// The largest text size, up to the charts' label size, at which every cell's value fits
/// inside its cell.
fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    heat: &Heat,
    (cell_w, cell_h): (f64, f64),
    k: Scale2,
) -> f64 {
    let full = 12.5 * k.s * k.t;
    let style: TextStyle = ("sans-serif", full).into_font().into();
    let widest = heat
        .cells
        .iter()
        .map(|c| {
            area.estimate_text_size(&c.text, &style)
                .map_or(0, |(w, _)| w)
        })
        .max()
        .unwrap_or(0);
    let room_w = cell_w - 6.0 * k.s;
    let room_h = cell_h - 4.0 * k.s;
    let by_width = if widest > 0 {
        full * room_w / f64::from(widest)
    } else {
        full
    };
    full.min(by_width).min(room_h / 1.2).max(6.0 * k.s * k.t)
}

/// The colour scale: its title, the worst value, the ramp, the best value, in one row from
/// (`x`, `y`) within `width`.
pub(super) fn scale_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    heat: &Heat,
    (x, y, width): (i32, i32, i32),
    k: Scale2,
) -> Result<(), String> {
    let s = k.s;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let px = |v: f64| (v * s).round() as i32;
    let style = font(13.0, k).pos(Pos::new(HPos::Left, VPos::Center));
    let text_w = |t: &str| {
        root.estimate_text_size(t, &style)
            .map_or(t.len() as i32 * 7, |(w, _)| w as i32)
    };
    let (light, dark) = (&heat.scale_ends.0, &heat.scale_ends.1);
    let bar_w = px(180.0).min(width / 3);
    let title_w = text_w(&heat.scale_label);
    // The title, then the ramp between its end values; the ramp starts after the title where
    // the row has room, or else under it.
    let row = title_w + px(12.0) + text_w(light) + bar_w + text_w(dark) + px(12.0);
    let (bx, by) = if row <= width {
        (x + title_w + px(12.0), y)
    } else {
        (x, y + px(18.0))
    };
    root.draw_text(&heat.scale_label, &style, (x, y))
        .map_err(err)?;
    root.draw_text(light, &style.color(&MUTED), (bx, by))
        .map_err(err)?;
    let left = bx + text_w(light) + px(6.0);
    let steps = 36;
    for i in 0..steps {
        let (a, b) = (left + bar_w * i / steps, left + bar_w * (i + 1) / steps);
        let shade = (f64::from(i) + 0.5) / f64::from(steps);
        root.draw(&Rectangle::new(
            [(a, by - px(6.0)), (b, by + px(6.0))],
            shade_color(shade).filled(),
        ))
        .map_err(err)?;
    }
    root.draw_text(dark, &style.color(&MUTED), (left + bar_w + px(6.0), by))
        .map_err(err)?;
    Ok(())
}

/// The height the colour scale needs at `width`: one row, or two when the title is long.
pub(super) fn scale_height<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    heat: &Heat,
    width: i32,
    k: Scale2,
) -> i32 {
    let style = font(13.0, k);
    let w = |t: &str| {
        root.estimate_text_size(t, &style)
            .map_or(0, |(w, _)| w as i32)
    };
    let row = w(&heat.scale_label)
        + w(&heat.scale_ends.0)
        + w(&heat.scale_ends.1)
        + ((180.0 + 24.0) * k.s) as i32;
    let one = (22.0 * k.s) as i32;
    if row <= width {
        one
    } else {
        one + (18.0 * k.s) as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_darkens_from_worst_to_best() {
        let lum = |c: RGBColor| {
            0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)
        };
        let mut last = f64::INFINITY;
        for i in 0..=20 {
            let l = lum(shade_color(f64::from(i) / 20.0));
            assert!(l < last, "shade {i}/20 is not darker");
            last = l;
        }
        assert_eq!(shade_color(f64::NAN), EMPTY);
    }
}
