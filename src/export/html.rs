//! The report (`--report FILE.html`): one self-contained HTML file a leader can open offline,
//! print on A4 and hand on. It holds the scenario's name and the date, the document's tables
//! (the key figures with their intervals first), every chart as inline SVG, and the method note
//! with the scenario's marked assumptions. No scripts, no fonts, no requests: the CSS is inline
//! and names a generic font stack, and the SVG carries no namespace address.

use super::charts::{render, Chart};
use super::method::ReportContext;
use super::{Align, Block, DisplayTable, Document, Exporter};
use crate::figures::Lang;

/// The HTML report of one command's document.
pub struct Html(pub ReportContext);

impl Exporter for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, doc: &Document) -> Option<Vec<u8>> {
        Some(page(doc, &self.0).into_bytes())
    }

    /// The report is a file of its own (`--report`), not part of `--out`.
    fn files(&self, _doc: &Document) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }
}

/// Text made safe for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4; margin: 14mm 13mm 16mm; }
* { box-sizing: border-box; }
html { background: #f4f4f2; }
body { font-family: Arial, Helvetica, "Liberation Sans", "Nimbus Sans", sans-serif; color: #1e1e1e;
  font-size: 10.5pt; line-height: 1.4; max-width: 190mm; margin: 0 auto; padding: 10mm 10mm 14mm; background: #fff; }
header { border-bottom: 2px solid #1e1e1e; margin-bottom: 6mm; padding-bottom: 3mm; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 8.5pt; color: #555; margin: 0; }
h1 { font-size: 20pt; margin: 1mm 0 1mm; line-height: 1.15; }
.meta { color: #444; margin: 0; }
h2 { font-size: 14pt; margin: 0 0 3mm; padding-top: 2mm; }
h3 { font-size: 11pt; margin: 5mm 0 1.5mm; }
section + section { break-before: page; page-break-before: always; margin-top: 10mm; }
p { margin: 0 0 2.5mm; }
.lines { white-space: pre-wrap; }
table { border-collapse: collapse; margin: 1mm 0 4mm; font-size: 8.5pt; max-width: 100%; break-inside: auto; }
tr { break-inside: avoid; }
th { text-align: left; font-weight: bold; border-bottom: 1px solid #888; padding: 1mm 2mm; vertical-align: bottom; }
td { padding: .6mm 2mm; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 4mm 4%; }
figure { margin: 0 0 4mm; width: 100%; break-inside: avoid; page-break-inside: avoid; }
figure.half { width: 48%; }
figure svg { display: block; width: 100%; height: auto; }
svg text { font-family: Arial, Helvetica, "Liberation Sans", "Nimbus Sans", sans-serif; }
table.assumptions { width: 100%; table-layout: fixed; }
.assumptions th:nth-child(1) { width: 36%; } .assumptions th:nth-child(2) { width: 18%; }
.assumptions td:nth-child(-n+2) { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 7.5pt; overflow-wrap: anywhere; }
.note { color: #444; font-size: 9pt; }
@media print {
  html { background: #fff; }
  body { max-width: none; padding: 0; font-size: 10pt; }
}
"#;

/// The whole page.
pub fn page(doc: &Document, ctx: &ReportContext) -> String {
    let lang = ctx.lang;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        lang.pick("da", "en")
    ));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>{} · {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&ctx.scenario),
        lang.pick("kapacitet-rapport", "kapacitet report")
    ));
    out.push_str(&format!(
        "<header>\n<p class=\"kicker\">kapacitet {} · {}</p>\n<h1>{}</h1>\n<p class=\"meta\">{} {} · {} {}</p>\n</header>\n",
        escape(ctx.command),
        lang.pick("rapport", "report"),
        escape(&ctx.scenario),
        lang.pick("Lavet", "Made on"),
        escape(&ctx.date),
        lang.pick("scenariefil", "scenario file"),
        escape(&ctx.file),
    ));
    out.push_str(&format!(
        "<section class=\"results\">\n<h2>{}</h2>\n",
        lang.pick("Resultater", "Results")
    ));
    out.push_str(&blocks(&doc.blocks));
    out.push_str("</section>\n");
    let charts: Vec<&Chart> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) => Some(c.as_ref()),
            _ => None,
        })
        .collect();
    if !charts.is_empty() {
        out.push_str(&format!(
            "<section>\n<h2>{}</h2>\n<div class=\"charts\">\n",
            lang.pick("Figurer", "Charts")
        ));
        for c in charts {
            out.push_str(&figure(c, lang));
        }
        out.push_str("</div>\n</section>\n");
    }
    out.push_str(&method(ctx));
    out.push_str("</body>\n</html>\n");
    out
}

/// The tables and notes of the document, in order (charts have a section of their own).
fn blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Text(t) => {
                let next_is_table = matches!(blocks.get(i + 1), Some(Block::Table(_)));
                if next_is_table && !t.contains('\n') {
                    out.push_str(&format!("<h3>{}</h3>\n", escape(t)));
                } else {
                    out.push_str(&format!("<p class=\"lines\">{}</p>\n", escape(t)));
                }
            }
            Block::Table(t) => out.push_str(&table(t)),
            Block::Gap | Block::Chart(_) => {}
        }
    }
    out
}

fn table(t: &DisplayTable) -> String {
    let class = |a: Align| {
        if a == Align::Right {
            " class=\"r\""
        } else {
            ""
        }
    };
    let mut out = String::from("<table>\n");
    if t.header {
        out.push_str("<thead><tr>");
        for c in &t.columns {
            out.push_str(&format!("<th{}>{}</th>", class(c.align), escape(&c.header)));
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (j, c) in t.columns.iter().enumerate() {
            let cell = row.get(j).map_or("", String::as_str);
            out.push_str(&format!("<td{}>{}</td>", class(c.align), escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// A chart as inline SVG. Inside HTML an `<svg>` needs no namespace, so the address plotters
/// writes is left out: the report names no address at all.
fn figure(c: &Chart, lang: Lang) -> String {
    let class = if c.half { "half" } else { "full" };
    let body = match render::svg(c) {
        Ok(svg) => inline(&svg),
        Err(e) => format!(
            "<p class=\"note\">{} {}: {}</p>",
            lang.pick("Figuren kunne ikke tegnes", "The chart could not be drawn"),
            escape(&c.title),
            escape(&e)
        ),
    };
    format!(
        "<figure class=\"{class}\" aria-label=\"{}\">\n{body}</figure>\n",
        escape(&c.title)
    )
}

/// An SVG document as an element inside HTML: without an XML declaration or namespace, with a
/// title for screen readers.
pub fn inline(svg: &str) -> String {
    let body = svg
        .trim_start()
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>").map(|(_, b)| b))
        .unwrap_or(svg);
    body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replacen("<svg ", "<svg role=\"img\" ", 1)
}

/// The method note and the marked assumptions.
fn method(ctx: &ReportContext) -> String {
    let lang = ctx.lang;
    let mut out = format!(
        "<section class=\"method\">\n<h2>{}</h2>\n",
        lang.pick("Metode", "Method")
    );
    for p in &ctx.method {
        out.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    out.push_str(&format!(
        "<h3>{}</h3>\n",
        lang.pick("Scenariets antagelser", "The scenario's assumptions")
    ));
    if ctx.assumptions.is_empty() {
        out.push_str(&format!(
            "<p>{}</p>\n",
            lang.pick(
                "Scenariefilen markerer ingen antagelser (kommentarer med ASSUMPTION).",
                "The scenario file marks no assumptions (comments with ASSUMPTION)."
            )
        ));
    } else {
        out.push_str(&format!(
            "<p>{} {}</p>\n",
            escape(&match lang {
                Lang::Da => format!(
                    "Scenariefilen {} markerer {} steder med ASSUMPTION: tal, som kilderne ikke giver, og som resultaterne hviler på.",
                    ctx.file,
                    ctx.assumptions.len()
                ),
                Lang::En => format!(
                    "The scenario file {} marks {} places with ASSUMPTION: numbers the sources do not give, which the results rest on.",
                    ctx.file,
                    ctx.assumptions.len()
                ),
            }),
            lang.pick(
                "Prøv dem af med --set eller kapacitet compare --variant, før en beslutning hviler på dem.",
                "Try them with --set or kapacitet compare --variant before a decision rests on them."
            )
        ));
        out.push_str(&format!(
            "<table class=\"assumptions\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            lang.pick("Indstilling (linje)", "Setting (line)"),
            lang.pick("Værdi", "Value"),
            lang.pick("Kommentar i filen", "Comment in the file")
        ));
        for a in &ctx.assumptions {
            let setting = if a.setting.is_empty() {
                lang.pick("hele scenariet", "the whole scenario")
                    .to_string()
            } else {
                a.setting.clone()
            };
            out.push_str(&format!(
                "<tr><td>{} ({})</td><td>{}</td><td>{}</td></tr>\n",
                escape(&setting),
                a.line,
                escape(&a.value),
                escape(&a.note)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&format!(
        "<p class=\"note\">{} kapacitet {}.</p>\n</section>\n",
        lang.pick("Lavet med", "Made with"),
        env!("CARGO_PKG_VERSION")
    ));
    out
}
