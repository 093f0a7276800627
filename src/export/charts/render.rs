//! The one renderer: a [`Chart`] drawn with plotters, to SVG (for the report and `--charts`) or
//! to a PNG twice the size (for slides). Both come from the same drawing code on a different
//! backend. Text in a PNG is drawn with a font compiled into the binary (no system fonts); an SVG
//! names the generic `sans-serif` family and leaves the font to whoever shows it. The layout is
//! fixed: title at the top, the plot (series on two axes, or a heat map drawn by [`heat_map`]),
//! a heat map's colour scale, a legend under it, the source line at the foot.

mod heat_map;

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, Scale, ShadeKind, Style};
use crate::export::text::danish;

/// Okabe–Ito colours, readable for the colour-blind; indexed by [`super::Series::color`].
const PALETTE: [RGBColor; 9] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(150, 130, 0),
    RGBColor(0, 0, 0),
    RGBColor(140, 140, 140),
];
const INK: RGBColor = RGBColor(30, 30, 30);
const MUTED: RGBColor = RGBColor(100, 100, 100);
/// What charts flag with (flagged months, failing points): the palette's vermilion.
const FLAG: RGBColor = PALETTE[5];
const QUIET: RGBColor = RGBColor(150, 150, 150);
const TARGET: RGBColor = RGBColor(180, 0, 0);

fn line_color(l: &super::Line) -> RGBColor {
    if l.target {
        TARGET
    } else {
        MUTED
    }
}

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The chart's size in SVG units (CSS pixels): the whole page width, or half of it.
/// A heat map grows taller with its rows, so a row keeps room for its values.
pub fn size(chart: &Chart) -> (u32, u32) {
    if chart.half {
        (400, 320)
    } else if chart.heat.is_some() {
        let rows = heat_map::rows(chart) as u32;
        (760, (250 + 30 * rows).clamp(420, 860))
    } else {
        (760, 420)
    }
}

/// The fonts plotters measures and draws text with, registered once.
fn fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let regular: &'static [u8] =
            include_bytes!("../../../assets/fonts/KapacitetSans-Regular.ttf");
        let bold: &'static [u8] = include_bytes!("../../../assets/fonts/KapacitetSans-Bold.ttf");
        // Both are compiled in and parse; a failure would leave text unmeasured, not crash.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, regular);
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, bold);
    });
}

/// The chart as an SVG document.
pub fn svg(chart: &Chart) -> Result<String, String> {
    fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size(chart)).into_drawing_area();
        draw(
            &root,
            chart,
            Scale2 {
                s: 1.0,
                t: SVG_TEXT,
            },
        )?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The chart as a PNG image, twice the SVG size.
pub fn png(chart: &Chart) -> Result<Vec<u8>, String> {
    fonts();
    let (w, h) = size(chart);
    let (w, h) = (w * 2, h * 2);
    let mut rgb = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw(&root, chart, Scale2 { s: 2.0, t: 1.0 })?;
        root.present().map_err(|e| e.to_string())?;
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// plotters writes an SVG font size as the size given ÷ 1.24, while it measures text (and draws
/// a bitmap's) at a line height of the size given, 1.117 em for this font; an SVG's text is asked
/// for 1.24 ÷ 1.117 times larger, so a browser draws it the size it was measured at.
const SVG_TEXT: f64 = 1.11;

/// Lengths and text sizes of one drawing: `s` scales lengths, `t` text.
#[derive(Clone, Copy)]
struct Scale2 {
    s: f64,
    t: f64,
}

fn font(size: f64, k: Scale2) -> TextStyle<'static> {
    ("sans-serif", size * k.s * k.t).into_font().color(&INK)
}

/// One entry of the legend: a swatch and its text.
enum Swatch {
    Line(RGBColor, bool),
    Point(RGBColor),
    Area(RGBColor),
    /// An outlined cell of a heat map.
    Outline(RGBColor),
}

fn legend(chart: &Chart) -> Vec<(Swatch, String)> {
    let mut out = Vec::new();
    for s in chart.series.iter().filter(|s| !s.label.is_empty()) {
        // Markers coloured one by one (a column, a verdict) are named by their axis or by
        // legend entries of their own; the series itself shows in ink.
        let c = if s.point_colors.is_some() {
            INK
        } else {
            color(s.color)
        };
        let swatch = match s.style {
            Style::Points => Swatch::Point(c),
            Style::Dashed => Swatch::Line(c, true),
            _ => Swatch::Line(c, false),
        };
        out.push((swatch, s.label.clone()));
    }
    let mut seen: Vec<&str> = Vec::new();
    for sh in &chart.shaded {
        if !seen.contains(&sh.label.as_str()) {
            seen.push(&sh.label);
            let c = match sh.kind {
                ShadeKind::Flag => FLAG,
                ShadeKind::Quiet => QUIET,
            };
            out.push((Swatch::Area(c), sh.label.clone()));
        }
    }
    if let Some(t) = &chart.target {
        out.push((Swatch::Line(line_color(t), true), t.label.clone()));
    }
    if let Some(label) = chart.heat.as_ref().and_then(|h| h.marked_label.clone()) {
        out.push((Swatch::Outline(heat_map::MARK), label));
    }
    out
}

/// Legend entries placed in rows of at most `width`: (row, x) per entry, and the rows used.
fn legend_layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[(Swatch, String)],
    width: i32,
    k: Scale2,
) -> (Vec<(i32, i32)>, i32) {
    let s = k.s;
    let style = font(13.0, k);
    let (mut row, mut x) = (0, 0);
    let mut at = Vec::new();
    for (_, text) in entries {
        let w = root
            .estimate_text_size(text, &style)
            .map_or(text.len() as i32 * 7, |(w, _)| w as i32)
            + (34.0 * s) as i32;
        if x > 0 && x + w > width {
            row += 1;
            x = 0;
        }
        at.push((row, x));
        x += w;
    }
    (at, if entries.is_empty() { 0 } else { row + 1 })
}

/// Draw `chart` on `root`, every length times `s`.
fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    k: Scale2,
) -> Result<(), String> {
    let s = k.s;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let px = |v: f64| (v * s).round() as i32;
    let margin = px(14.0);
    let title = ("sans-serif", 18.0 * s * k.t, FontStyle::Bold)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    let titles = wrap(root, &chart.title, &title, w - 2 * margin);
    for (i, line) in titles.iter().enumerate() {
        root.draw_text(line, &title, (margin, margin + i as i32 * px(22.0)))
            .map_err(err)?;
    }
    let foot = font(11.0, k)
        .color(&MUTED)
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    let sources = wrap(root, &chart.source, &foot, w - 2 * margin);
    let line_h = px(14.0);
    for (i, line) in sources.iter().enumerate() {
        let from_end = (sources.len() - 1 - i) as i32;
        root.draw_text(line, &foot, (margin, h - margin / 2 - from_end * line_h))
            .map_err(err)?;
    }
    let entries = legend(chart);
    let (places, rows) = legend_layout(root, &entries, w - 2 * margin, k);
    let row_h = px(18.0);
    let source_h = sources.len() as i32 * line_h + px(6.0);
    let top = margin + titles.len() as i32 * px(22.0) + px(10.0);
    let legend_top = h - margin / 2 - source_h - rows * row_h;
    let scale_h = chart.heat.as_ref().map_or(0, |heat| {
        heat_map::scale_height(root, heat, w - 2 * margin, k) + px(6.0)
    });
    let plot = root.clone().shrink(
        (0, top),
        (w, (legend_top - scale_h - top - px(4.0)).max(px(60.0))),
    );
    match &chart.heat {
        Some(heat) => {
            heat_map::plot(&plot, chart, heat, k)?;
            let at = (margin, legend_top - scale_h + px(8.0), w - 2 * margin);
            heat_map::scale_bar(root, heat, at, k)?;
        }
        None => plot_area(&plot, chart, k)?,
    }
    for ((swatch, text), (row, x)) in entries.iter().zip(&places) {
        let (x, y) = (margin + x, legend_top + row * row_h + row_h / 2);
        let dash = px(22.0);
        match swatch {
            Swatch::Line(c, dashed) => {
                let style = c.stroke_width(px(2.5) as u32);
                if *dashed {
                    for k in 0..3 {
                        let a = x + k * dash / 3;
                        root.draw(&PathElement::new(vec![(a, y), (a + dash / 5, y)], style))
                            .map_err(err)?;
                    }
                } else {
                    root.draw(&PathElement::new(vec![(x, y), (x + dash, y)], style))
                        .map_err(err)?;
                }
            }
            Swatch::Point(c) => {
                root.draw(&Circle::new((x + dash / 2, y), px(4.0), c.filled()))
                    .map_err(err)?;
            }
            Swatch::Area(c) => {
                root.draw(&Rectangle::new(
                    [(x, y - px(6.0)), (x + dash, y + px(6.0))],
                    c.mix(0.3).filled(),
                ))
                .map_err(err)?;
            }
            Swatch::Outline(c) => {
                let (l, r, t, b) = (x + px(2.0), x + dash - px(2.0), y - px(6.0), y + px(6.0));
                let ring = vec![(l, t), (r, t), (r, b), (l, b), (l, t)];
                root.draw(&PathElement::new(ring, c.stroke_width(px(3.0) as u32)))
                    .map_err(err)?;
            }
        }
        let style = font(13.0, k).pos(Pos::new(HPos::Left, VPos::Center));
        root.draw_text(text, &style, (x + dash + px(6.0), y))
            .map_err(err)?;
    }
    Ok(())
}

/// `text` in lines no wider than `width`, broken between words.
fn wrap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> Vec<String> {
    let fits = |t: &str| {
        root.estimate_text_size(t, style)
            .map_or(true, |(w, _)| w as i32 <= width)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let longer = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || fits(&longer) {
            line = longer;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    lines.push(line);
    lines
}

/// The range of x and y the data (and shades and target) need; x as the chart says, if it does.
fn ranges(chart: &Chart) -> ((f64, f64), (f64, f64)) {
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    let mut means: Vec<f64> = Vec::new();
    for s in &chart.series {
        for (i, &(x, y)) in s.points.iter().enumerate() {
            if !x.is_finite() {
                continue;
            }
            xs.push(x);
            ys.push(y);
            means.push(y);
            if let Some((lo, hi)) = s.band.as_ref().and_then(|b| b.get(i)) {
                ys.extend([*lo, *hi]);
            }
        }
    }
    for sh in &chart.shaded {
        xs.extend([sh.from, sh.to]);
    }
    if let Some(t) = &chart.target {
        ys.push(t.value);
    }
    if chart.from_zero {
        ys.push(0.0);
    }
    let span = |v: &[f64]| {
        let v: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if lo.is_finite() {
            (lo, hi)
        } else {
            (0.0, 1.0)
        }
    };
    let (mut x0, mut x1) = span(&xs);
    if let Some((from, to)) = chart.x_domain {
        (x0, x1) = (from, to);
    } else if let Scale::Categories(names) = &chart.x.scale {
        // Half a category of room on each side, so the first and last are whole (a shaded
        // month, a marker with its whisker).
        x0 = x0.min(0.0) - 0.5;
        x1 = x1.max(names.len() as f64 - 1.0) + 0.5;
    } else if chart.series.iter().any(|s| s.style == Style::Points) {
        // Room for the markers at both ends of a numeric axis.
        let pad = (x1 - x0) * 0.04;
        x0 -= pad;
        x1 += pad;
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let (mut y0, mut y1) = span(&ys);
    let spread = y1 - y0;
    if spread < 1e-12 {
        let pad = if y1.abs() > 0.0 { y1.abs() * 0.1 } else { 1.0 };
        y0 -= pad;
        y1 += pad;
    } else {
        let pad = spread * 0.06;
        y1 += pad;
        if !(chart.from_zero && y0 >= 0.0) {
            y0 -= pad;
        }
    }
    // A stock cannot be below zero, even where its interval reaches there.
    if chart.from_zero && y0 < 0.0 && means.iter().all(|v| !v.is_finite() || *v >= 0.0) {
        y0 = 0.0;
    }
    ((x0, x1), (y0, y1))
}

/// Tick text for an axis value.
fn tick(scale: &Scale, v: f64, span: f64) -> String {
    match scale {
        Scale::Percent => danish(v * 100.0, if span * 100.0 < 5.0 { 1 } else { 0 }),
        Scale::Number { decimals } => {
            // Ticks fall on round numbers: whole ones over a span of 5 or more.
            let d = if span >= 5.0 {
                0
            } else if span >= 0.5 {
                (*decimals).min(1)
            } else {
                (*decimals).clamp(1, 2)
            };
            danish(v, d)
        }
        Scale::Categories(names) => {
            let i = v.round();
            if (v - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            names.get(i as usize).cloned().unwrap_or_default()
        }
    }
}

/// The plot itself: axes, grid, shades, bands, series and the target line.
fn plot_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    k: Scale2,
) -> Result<(), String> {
    let s = k.s;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let px = |v: f64| (v * s).round() as i32;
    let ((x0, x1), (y0, y1)) = ranges(chart);
    let label = font(12.5, k);
    let widest = [y0, y1, (y0 + y1) / 2.0]
        .iter()
        .map(|&v| tick(&chart.y.scale, v, y1 - y0))
        .map(|t| {
            area.estimate_text_size(&t, &label)
                .map_or(40, |(w, _)| w as i32)
        })
        .max()
        .unwrap_or(40);
    let mut c = ChartBuilder::on(area)
        .margin_left(px(6.0))
        .margin_right(px(18.0))
        .margin_top(px(4.0))
        .x_label_area_size(px(44.0))
        .y_label_area_size(widest + px(34.0))
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    let x_count = match &chart.x.scale {
        Scale::Categories(names) => names.len().min(if chart.half { 6 } else { 12 }),
        _ => {
            if chart.half {
                6
            } else {
                10
            }
        }
    };
    let (xs, ys) = (x1 - x0, y1 - y0);
    let fx = |v: &f64| tick(&chart.x.scale, *v, xs);
    let fy = |v: &f64| tick(&chart.y.scale, *v, ys);
    c.configure_mesh()
        .x_desc(chart.x.label.as_str())
        .y_desc(chart.y.label.as_str())
        .axis_desc_style(font(13.5, k))
        .label_style(label.clone())
        .x_labels(x_count)
        .y_labels(6)
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .max_light_lines(0)
        .bold_line_style(RGBColor(225, 225, 225).stroke_width(px(1.0) as u32))
        .axis_style(RGBColor(120, 120, 120).stroke_width(px(1.0) as u32))
        .disable_x_mesh()
        .draw()
        .map_err(err)?;
    for sh in &chart.shaded {
        let c0 = match sh.kind {
            ShadeKind::Flag => FLAG.mix(0.16),
            ShadeKind::Quiet => QUIET.mix(0.14),
        };
        c.draw_series(std::iter::once(Rectangle::new(
            [(sh.from.max(x0), y0), (sh.to.min(x1), y1)],
            c0.filled(),
        )))
        .map_err(err)?;
    }
    // Every band first, so no band covers another series' line.
    for series in &chart.series {
        draw_band(&mut c, series, (y0, y1))?;
    }
    for series in &chart.series {
        draw_series(&mut c, series, s, (x1 - x0) * 0.012, (y0, y1))?;
    }
    if let Some(t) = &chart.target {
        let style = line_color(t).stroke_width(px(2.0) as u32);
        c.draw_series(DashedLineSeries::new(
            vec![(x0, t.value), (x1, t.value)],
            px(8.0),
            px(5.0),
            style,
        ))
        .map_err(err)?;
    }
    Ok(())
}

type Cartesian<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Runs of consecutive finite points, so a NaN leaves a gap instead of a line to zero.
fn runs(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for &(x, y) in points {
        if x.is_finite() && y.is_finite() {
            if let Some(last) = out.last_mut() {
                last.push((x, y));
            }
        } else if out.last().is_some_and(|r| !r.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// A line's 95 % interval as a band (markers draw theirs as whiskers).
fn draw_band<DB: DrawingBackend>(
    c: &mut Cartesian<'_, DB>,
    series: &super::Series,
    (y0, y1): (f64, f64),
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let col = color(series.color);
    let clamp = |v: f64| v.clamp(y0, y1);
    if let (Some(band), false) = (&series.band, series.style == Style::Points) {
        let lows: Vec<(f64, f64)> = series
            .points
            .iter()
            .zip(band)
            .map(|(p, b)| (p.0, if b.0.is_finite() { b.0 } else { f64::NAN }))
            .collect();
        let highs: Vec<(f64, f64)> = series
            .points
            .iter()
            .zip(band)
            .map(|(p, b)| (p.0, b.1))
            .collect();
        for (lo, hi) in runs(&lows).into_iter().zip(runs(&highs)) {
            let mut poly: Vec<(f64, f64)> = hi.iter().map(|&(x, y)| (x, clamp(y))).collect();
            poly.extend(lo.iter().rev().map(|&(x, y)| (x, clamp(y))));
            c.draw_series(std::iter::once(Polygon::new(poly, col.mix(0.18).filled())))
                .map_err(err)?;
        }
    }
    Ok(())
}

fn draw_series<DB: DrawingBackend>(
    c: &mut Cartesian<'_, DB>,
    series: &super::Series,
    s: f64,
    cap: f64,
    (y0, y1): (f64, f64),
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let px = |v: f64| (v * s).round() as i32;
    let col = color(series.color);
    let clamp = |v: f64| v.clamp(y0, y1);
    let width = px(if series.style == Style::Dashed {
        2.0
    } else {
        2.2
    }) as u32;
    match series.style {
        Style::Line => {
            for run in runs(&series.points) {
                c.draw_series(LineSeries::new(run, col.stroke_width(width)))
                    .map_err(err)?;
            }
        }
        Style::Dashed => {
            for run in runs(&series.points) {
                c.draw_series(DashedLineSeries::new(
                    run,
                    px(7.0),
                    px(4.0),
                    col.stroke_width(width),
                ))
                .map_err(err)?;
            }
        }
        Style::Step => {
            for run in runs(&series.points) {
                let mut steps = Vec::with_capacity(run.len() * 2);
                for (i, &(x, y)) in run.iter().enumerate() {
                    if i > 0 {
                        steps.push((x, run[i - 1].1));
                    }
                    steps.push((x, y));
                }
                c.draw_series(LineSeries::new(steps, col.stroke_width(width)))
                    .map_err(err)?;
            }
        }
        Style::Points => {
            for (i, &(x, y)) in series.points.iter().enumerate() {
                if !(x.is_finite() && y.is_finite()) {
                    continue;
                }
                let pc = series
                    .point_colors
                    .as_ref()
                    .and_then(|v| v.get(i))
                    .map_or(col, |&k| color(k));
                if let Some(&(lo, hi)) = series.band.as_ref().and_then(|b| b.get(i)) {
                    if lo.is_finite() && hi.is_finite() {
                        let style = pc.stroke_width(px(2.0) as u32);
                        let (lo, hi) = (clamp(lo), clamp(hi));
                        c.draw_series([
                            PathElement::new(vec![(x, lo), (x, hi)], style),
                            PathElement::new(vec![(x - cap, lo), (x + cap, lo)], style),
                            PathElement::new(vec![(x - cap, hi), (x + cap, hi)], style),
                        ])
                        .map_err(err)?;
                    }
                }
                c.draw_series(std::iter::once(Circle::new((x, y), px(4.5), pc.filled())))
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::charts::{number_axis, Series};

    fn chart() -> Chart {
        Chart {
            key: "test".into(),
            title: "Kø uge for uge".into(),
            x: number_axis("Uge"),
            y: number_axis("Kø"),
            series: vec![Series::line(
                "VC",
                vec![(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0)],
                0,
            )],
            shaded: Vec::new(),
            target: None,
            from_zero: true,
            x_domain: None,
            source: "Kilde: test".into(),
            half: false,
            heat: None,
        }
    }

    #[test]
    fn svg_holds_the_texts_and_png_has_its_signature() {
        let svg = svg(&chart()).unwrap();
        assert!(svg.contains("Kø uge for uge") && svg.contains("Kilde: test"));
        let png = png(&chart()).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }

    #[test]
    fn gaps_split_a_series() {
        let r = runs(&[(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0), (3.0, 4.0)]);
        assert_eq!(r, vec![vec![(0.0, 1.0)], vec![(2.0, 3.0), (3.0, 4.0)]]);
    }
}
