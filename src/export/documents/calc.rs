//! `kapacitet calc` as a document: the ressourceberegner's three blocks and the answers asked
//! for, as the Danish terminal table, the JSON contract (documented key by key in
//! docs/staffing.md, fields in the spreadsheet's order) and machine tables.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use crate::export::json::declared;
use crate::export::text::{num as number, trimmed};
use crate::export::{Block as Part, Cell, Column, DataTable, DisplayTable, Document};
use crate::figures::Lang;
use crate::ressourceberegner::*;

/// The calculation as a document, for people in `lang`.
pub fn document(calc: &Calculation, lang: Lang) -> Document {
    Document {
        command: "calc",
        json_name: "calc.json",
        json: json(calc),
        data: vec![conversations_table(calc), grid_table(calc)],
        blocks: blocks(calc, lang),
    }
}

/// Conversations a year in both blocks, one row per frequency.
fn conversations_table(calc: &Calculation) -> DataTable {
    let mut t = DataTable::new(
        "calc_conversations",
        &[
            "block",
            "frequency",
            "intensive",
            "statutory",
            "conversations",
        ],
    );
    for g in &calc.general {
        t.push(vec![
            Cell::text("general"),
            Cell::int(g.frequency),
            Cell::Empty,
            Cell::Empty,
            Cell::Num(g.conversations),
        ]);
    }
    for r in &calc.intensified {
        t.push(vec![
            Cell::text("intensified"),
            Cell::int(r.frequency),
            Cell::Num(r.intensive),
            Cell::Num(r.statutory),
            Cell::Num(r.total),
        ]);
    }
    t
}

/// The FTE grid: conversations a year for each conversations a day (rows) and FTE (columns).
fn grid_table(calc: &Calculation) -> DataTable {
    let mut columns = vec!["conversations_per_day".to_string()];
    columns.extend((1..=GRID_FTE).map(|n| format!("fte_{n}")));
    let mut t = DataTable {
        name: "calc_grid".to_string(),
        columns,
        rows: Vec::new(),
    };
    for (s, cells) in calc.grid.iter().enumerate() {
        let mut row = vec![Cell::int(s + 1)];
        row.extend(cells.iter().map(|&c| Cell::Num(c)));
        t.push(row);
    }
    t
}

/// A number for people: an integer when whole, else with up to two decimals.
fn num(v: f64, lang: Lang) -> String {
    if is_whole(v) {
        return number(snap(v), 0, lang);
    }
    trimmed(v, 2, lang)
}

fn percent(share: f64, lang: Lang) -> String {
    format!("{} %", num(share * 100.0, lang))
}

/// "2,75 (3)": the exact answer and the whole number to plan with.
fn rounded(r: Rounded, lang: Lang) -> String {
    if is_whole(r.exact) {
        num(r.exact, lang)
    } else {
        format!("{} ({})", num(r.exact, lang), num(r.rounded_up, lang))
    }
}

/// "Hver måned (12 pr. år)": the spreadsheet's label with the frequency it stands for.
fn frequency_label(label: &str, label_en: &str, frequency: u32, lang: Lang) -> String {
    match lang {
        Lang::Da => format!("{label} ({frequency} pr. år)"),
        Lang::En => format!("{label_en} ({frequency} a year)"),
    }
}

fn row_label(t: &Total, lang: Lang) -> String {
    let f = t.frequency;
    match (t.block, lang) {
        (Block::General, Lang::Da) => format!("Generelt, {f} pr. år"),
        (Block::Intensified, Lang::Da) => format!("Intensiveret, {f} pr. år"),
        (Block::General, Lang::En) => format!("General, {f} a year"),
        (Block::Intensified, Lang::En) => format!("Intensified, {f} a year"),
    }
}

/// Text and tables in the order they are written: text accumulates until a table comes, so
/// the terminal output reads exactly as the lines were written.
struct Out {
    blocks: Vec<Part>,
    pending: String,
    lang: Lang,
}

impl Out {
    fn new(text: &str, lang: Lang) -> Out {
        Out {
            blocks: Vec::new(),
            pending: text.to_string(),
            lang,
        }
    }

    /// Words in the language of the output.
    fn pick<'a>(&self, da: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(da, en)
    }

    fn push_str(&mut self, text: &str) {
        self.pending.push_str(text);
    }

    fn push(&mut self, c: char) {
        self.pending.push(c);
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let text = std::mem::take(&mut self.pending);
            let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
            self.blocks.push(Part::Text(text));
        }
    }

    /// Rows as aligned columns under `head` (none: no header line): the first column
    /// left-aligned, the rest right-aligned.
    fn table(&mut self, head: Option<&[&str]>, rows: &[Vec<String>]) {
        self.flush();
        let columns = rows
            .iter()
            .map(Vec::len)
            .chain(head.map(<[&str]>::len))
            .max()
            .unwrap_or(0);
        let header = |j: usize| head.and_then(|h| h.get(j)).copied().unwrap_or("");
        let mut t = DisplayTable::new(
            (0..columns)
                .map(|j| {
                    if j == 0 {
                        Column::left(header(j), 0, 0)
                    } else {
                        Column::right(header(j), 0, 3)
                    }
                })
                .collect(),
            head.is_some(),
        );
        t.indent = 2;
        t.rows = rows.to_vec();
        self.blocks.push(Part::Table(t));
    }

    fn finish(mut self) -> Vec<Part> {
        self.flush();
        self.blocks
    }
}

/// The terminal table: the spreadsheet's three blocks, then the answers that were asked for.
fn blocks(calc: &Calculation, lang: Lang) -> Vec<Part> {
    let i = &calc.inputs;
    let n = |v: f64| num(v, lang);
    let pct = |v: f64| percent(v, lang);
    let mut out = Out::new(
        lang.pick(
            "Ressourceberegner – kapacitetsudnyttelse\n\n",
            "Ressourceberegner (resource calculator) – use of capacity\n\n",
        ),
        lang,
    );
    let mut rows = vec![
        vec![
            out.pick("Antal borgere", "Citizens").to_string(),
            n(i.citizens),
        ],
        vec![
            out.pick(
                "Antal dage med samtaler pr. uge",
                "Conversation days a week",
            )
            .to_string(),
            n(i.conversation_days_per_week),
        ],
        vec![
            out.pick("Antal uger pr. årsværk", "Weeks per FTE-year")
                .to_string(),
            n(i.weeks_per_fte),
        ],
        vec![
            out.pick(
                "Andel med behov for intensiveret indsats",
                "Share who need intensified effort",
            )
            .to_string(),
            pct(i.intensive_share),
        ],
    ];
    let minutes = |m: f64| format!("{} min", n(m));
    let optional: [(&str, &str, Option<String>); 7] = [
        (
            "Samtaler pr. dag",
            "Conversations a day",
            i.conversations_per_day.map(n),
        ),
        ("Årsværk", "FTE", i.fte.map(n)),
        ("Udeblivelser", "No-shows", i.no_show_rate.map(pct)),
        (
            "Minutter pr. samtale",
            "Minutes a conversation",
            i.conversation_minutes.map(minutes),
        ),
        (
            "Samtaleminutter pr. dag",
            "Conversation minutes a day",
            i.day_minutes.map(minutes),
        ),
        ("Administration", "Administration", i.admin_share.map(pct)),
        ("Sygefravær", "Sickness absence", i.sickness_share.map(pct)),
    ];
    for (da, en, value) in optional {
        if let Some(v) = value {
            rows.push(vec![lang.pick(da, en).to_string(), v]);
        }
    }
    out.table(None, &rows);

    out.push_str(lang.pick(
        "\nGenerelt for hele målgruppen\n",
        "\nGeneral, for the whole target group\n",
    ));
    let rows: Vec<Vec<String>> = calc
        .general
        .iter()
        .map(|g| {
            vec![
                frequency_label(g.label, g.label_en, g.frequency, lang),
                n(g.conversations),
            ]
        })
        .collect();
    let head = [
        lang.pick("Frekvens", "Frequency"),
        lang.pick("Antal samtaler", "Conversations"),
    ];
    out.table(Some(&head), &rows);

    let (intensive, statutory) = (n(calc.intensive_citizens), n(calc.statutory_citizens));
    out.push_str(&match lang {
        Lang::Da => format!("\nIntensiveret for en andel af målgruppen ({intensive} intensivt, {statutory} rettidigt med {STATUTORY_FREQUENCY} samtaler pr. år)\n"),
        Lang::En => format!("\nIntensified for a share of the target group ({intensive} intensive, {statutory} on time with {STATUTORY_FREQUENCY} conversations a year)\n"),
    });
    let head = [
        lang.pick(
            "Frekvens for den intensiverede indsats",
            "Frequency of the intensified effort",
        ),
        lang.pick("Antal intensive samtaler", "Intensive conversations"),
        lang.pick("Antal rettidige samtaler", "Conversations on time"),
        lang.pick("Antal samtaler samlet", "Conversations in total"),
    ];
    let rows: Vec<Vec<String>> = calc
        .intensified
        .iter()
        .map(|r| {
            vec![
                frequency_label(r.label, r.label_en, r.frequency, lang),
                n(r.intensive),
                n(r.statutory),
                n(r.total),
            ]
        })
        .collect();
    out.table(Some(&head), &rows);
    grid(&mut out, calc);
    answers(&mut out, calc);
    match &calc.adjusted {
        Some(adjusted) => adjusted_table(&mut out, i, adjusted),
        None if i.has_factors() => out.push_str(lang.pick(
            "\nUdeblivelser, administration og sygefravær regnes om til årsværk, når antal \
             samtaler pr. dag er givet (--conversations-per-day, eller --conversation-minutes \
             med --day-minutes).\n",
            "\nNo-shows, administration and sickness absence are turned into FTE when the \
             conversations a day are given (--conversations-per-day, or --conversation-minutes \
             with --day-minutes).\n",
        )),
        None => {}
    }
    out.finish()
}

/// The FTE grid: conversations a year for each conversations a day and FTE.
fn grid(out: &mut Out, calc: &Calculation) {
    let (lang, i) = (out.lang, &calc.inputs);
    let (days, weeks) = (
        num(i.conversation_days_per_week, lang),
        num(i.weeks_per_fte, lang),
    );
    out.push_str(&match lang {
        Lang::Da => format!("\nÅrsværk: samtaler pr. år = samtaler pr. dag × {days} dage × {weeks} uger × årsværk\n"),
        Lang::En => format!("\nFTE: conversations a year = conversations a day × {days} days × {weeks} weeks × FTE\n"),
    });
    let fte: Vec<String> = (1..=GRID_FTE).map(|n| n.to_string()).collect();
    let mut head = vec![lang.pick("Samtaler pr. dag \\ Årsværk", "Conversations a day \\ FTE")];
    head.extend(fte.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = calc
        .grid
        .iter()
        .enumerate()
        .map(|(s, cells)| {
            let mut row = vec![(s + 1).to_string()];
            row.extend(cells.iter().map(|&c| num(c, lang)));
            row
        })
        .collect();
    out.table(Some(&head), &rows);
}

/// The FTE needed for the conversations a day given, and the conversations a day needed with
/// the FTE given.
fn answers(out: &mut Out, calc: &Calculation) {
    let lang = out.lang;
    if let Some(needed) = &calc.fte_needed {
        let (given, capacity) = (num(needed.given, lang), num(needed.capacity, lang));
        out.push_str(&match lang {
            Lang::Da => format!("\nÅrsværk der skal til ved {given} samtaler pr. dag ({capacity} samtaler pr. årsværk)\n"),
            Lang::En => format!("\nFTE needed at {given} conversations a day ({capacity} conversations per FTE)\n"),
        });
        let head = [
            lang.pick("Samtalebehov", "Conversations needed"),
            lang.pick("Samtaler pr. år", "Conversations a year"),
            lang.pick("Årsværk", "FTE"),
            lang.pick("Hele årsværk", "Whole FTE"),
        ];
        answers_table(out, needed, &head);
    }
    if let Some(needed) = &calc.conversations_per_day_needed {
        let (given, capacity) = (num(needed.given, lang), num(needed.capacity, lang));
        out.push_str(&match lang {
            Lang::Da => format!("\nSamtaler pr. dag der skal til med {given} årsværk ({capacity} samtaledage pr. år)\n"),
            Lang::En => format!("\nConversations a day needed with {given} FTE ({capacity} conversation days a year)\n"),
        });
        let head = [
            lang.pick("Samtalebehov", "Conversations needed"),
            lang.pick("Samtaler pr. år", "Conversations a year"),
            lang.pick("Samtaler pr. dag", "Conversations a day"),
            lang.pick("Hele samtaler pr. dag", "Whole conversations a day"),
        ];
        answers_table(out, needed, &head);
    }
}

fn answers_table(out: &mut Out, needed: &Needed, head: &[&str]) {
    let lang = out.lang;
    let rows: Vec<Vec<String>> = needed
        .answers
        .iter()
        .map(|a| {
            vec![
                row_label(&a.total, lang),
                num(a.total.conversations, lang),
                num(a.value.exact, lang),
                num(a.value.rounded_up, lang),
            ]
        })
        .collect();
    out.table(Some(head), &rows);
}

fn adjusted_table(out: &mut Out, i: &Inputs, adj: &Adjusted) {
    let lang = out.lang;
    let n = |v: f64| num(v, lang);
    out.push_str(&match lang {
        Lang::Da => format!(
            "\nUd over regnearket: årsværk der skal til ved {} samtaler pr. dag\n",
            n(adj.conversations_per_day)
        ),
        Lang::En => format!(
            "\nBeyond the spreadsheet: FTE needed at {} conversations a day\n",
            n(adj.conversations_per_day)
        ),
    });
    for note in adjusted_notes(i, adj, lang) {
        out.push_str(&format!("  {note}\n"));
    }
    out.push('\n');

    // Only the factors that were given get a column; "Alle faktorer" always closes the row.
    let no_show = i.no_show_rate.is_some();
    let length = adj.conversations_per_day_from_minutes.is_some();
    let admin = i.admin_share.is_some();
    let sickness = i.sickness_share.is_some();
    let mut head = vec![
        lang.pick("Samtalebehov", "Conversations needed"),
        lang.pick("Samtaler pr. år", "Conversations a year"),
    ];
    if no_show {
        head.push(lang.pick("Tider pr. år", "Slots a year"));
    }
    head.push(lang.pick("Regneark", "Spreadsheet"));
    for (on, name) in [
        (no_show, lang.pick("Udeblivelser", "No-shows")),
        (length, lang.pick("Samtalelængde", "Conversation length")),
        (admin, lang.pick("Administration", "Administration")),
        (sickness, lang.pick("Sygefravær", "Sickness absence")),
    ] {
        if on {
            head.push(name);
        }
    }
    head.push(lang.pick("Alle faktorer", "All factors"));
    let mut rows = Vec::new();
    for r in &adj.rows {
        let mut row = vec![row_label(&r.total, lang), n(r.total.conversations)];
        if no_show {
            row.push(n(r.slots));
        }
        row.push(rounded(r.spreadsheet, lang));
        for (on, value) in [
            (no_show, r.no_show),
            (length, r.conversation_length),
            (admin, r.admin),
            (sickness, r.sickness),
        ] {
            if on {
                row.push(rounded(value, lang));
            }
        }
        row.push(rounded(r.all, lang));
        rows.push(row);
    }
    out.table(Some(&head), &rows);
    out.push_str(lang.pick(
        "  Årsværk med decimaler; i parentes hele årsværk.\n",
        "  FTE with decimals; whole FTE in brackets.\n",
    ));
}

/// What each factor beyond the spreadsheet does, one line each.
fn adjusted_notes(i: &Inputs, adj: &Adjusted, lang: Lang) -> Vec<String> {
    let n = |v: f64| num(v, lang);
    let pct = |v: f64| percent(v, lang);
    let mut notes = Vec::new();
    if let Some(q) = i.no_show_rate {
        notes.push(match lang {
            Lang::Da => format!("Udeblivelser {}: en udeblivelse spilder tiden og skal bookes igen; tider pr. år = samtaler ÷ (1 − {})", pct(q), n(q)),
            Lang::En => format!("No-shows {}: a no-show wastes the time and is booked again; slots a year = conversations ÷ (1 − {})", pct(q), n(q)),
        });
    }
    if let (Some(s), Some(day), Some(length)) = (
        adj.conversations_per_day_from_minutes,
        i.day_minutes,
        i.conversation_minutes,
    ) {
        notes.push(match lang {
            Lang::Da => format!(
                "Samtalelængde: {} min ÷ {} min = {} samtaler pr. dag",
                n(day),
                n(length),
                n(s)
            ),
            Lang::En => format!(
                "Conversation length: {} min ÷ {} min = {} conversations a day",
                n(day),
                n(length),
                n(s)
            ),
        });
    }
    if let Some(a) = i.admin_share {
        notes.push(match lang {
            Lang::Da => format!("Administration {} af samtaledagenes tid", pct(a)),
            Lang::En => format!("Administration {} of the conversation days' time", pct(a)),
        });
    }
    if let Some(k) = i.sickness_share {
        notes.push(match lang {
            Lang::Da => format!("Sygefravær {} af arbejdstiden", pct(k)),
            Lang::En => format!("Sickness absence {} of the working time", pct(k)),
        });
    }
    let (sheet, all) = (
        n(adj.capacity_per_fte_spreadsheet),
        n(adj.capacity_per_fte_all),
    );
    notes.push(match lang {
        Lang::Da => format!("Samtaler pr. årsværk: {sheet} i regnearket, {all} med alle faktorer"),
        Lang::En => {
            format!("Conversations per FTE: {sheet} in the spreadsheet, {all} with every factor")
        }
    });
    notes
}

/// A JSON number: an integer when whole (1320, not 1320.0), null when not finite.
#[derive(Clone, Copy)]
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        // 2^53: beyond it not every integer is a float, so keep it a float.
        if is_whole(v) && v.abs() < 9_007_199_254_740_992.0 {
            serializer.serialize_i64(snap(v) as i64)
        } else if v.is_finite() {
            serializer.serialize_f64(v)
        } else {
            serializer.serialize_none()
        }
    }
}

/// An object keyed by frequency ("4", "6", "12"), in the spreadsheet's order.
struct ByFrequency<T>(Vec<(u32, T)>);

impl<T: Serialize> Serialize for ByFrequency<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (frequency, value) in &self.0 {
            map.serialize_entry(&frequency.to_string(), value)?;
        }
        map.end()
    }
}

impl Serialize for Rounded {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Rounded", 2)?;
        s.serialize_field("exact", &Num(self.exact))?;
        s.serialize_field("rounded_up", &Num(self.rounded_up))?;
        s.end()
    }
}

/// Answers of one block, keyed by frequency.
fn by_block<T>(items: impl Iterator<Item = (Block, u32, T)>, block: Block) -> ByFrequency<T> {
    ByFrequency(
        items
            .filter(|(b, _, _)| *b == block)
            .map(|(_, f, v)| (f, v))
            .collect(),
    )
}

#[derive(Serialize)]
struct JsonIntensified {
    intensive: Num,
    statutory: Num,
    total: Num,
}

#[derive(Serialize)]
struct JsonFteNeeded {
    conversations_per_day: Num,
    general: ByFrequency<Rounded>,
    intensified: ByFrequency<Rounded>,
}

#[derive(Serialize)]
struct JsonPerDayNeeded {
    fte: Num,
    general: ByFrequency<Rounded>,
    intensified: ByFrequency<Rounded>,
}

#[derive(Serialize)]
struct JsonAdjustedRow {
    conversations: Num,
    slots: Num,
    spreadsheet: Rounded,
    no_show: Rounded,
    conversation_length: Rounded,
    admin: Rounded,
    sickness: Rounded,
    all: Rounded,
}

#[derive(Serialize)]
struct JsonCapacity {
    spreadsheet: Num,
    all: Num,
}

#[derive(Serialize)]
struct JsonAdjusted {
    conversations_per_day: Num,
    conversations_per_day_from_minutes: Option<Num>,
    capacity_per_fte: JsonCapacity,
    general: ByFrequency<JsonAdjustedRow>,
    intensified: ByFrequency<JsonAdjustedRow>,
}

#[derive(Serialize)]
struct JsonInputs {
    citizens: Num,
    conversation_days_per_week: Num,
    weeks_per_fte: Num,
    intensive_share: Num,
    conversations_per_day: Option<Num>,
    fte: Option<Num>,
    no_show_rate: Num,
    conversation_minutes: Option<Num>,
    day_minutes: Option<Num>,
    admin_share: Num,
    sickness_share: Num,
}

#[derive(Serialize)]
struct JsonCalculation {
    inputs: JsonInputs,
    general: ByFrequency<Num>,
    intensified: ByFrequency<JsonIntensified>,
    grid: Vec<Vec<Num>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fte_needed: Option<JsonFteNeeded>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conversations_per_day_needed: Option<JsonPerDayNeeded>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adjusted: Option<JsonAdjusted>,
}

fn answers_by_block(needed: &Needed, block: Block) -> ByFrequency<Rounded> {
    by_block(
        needed
            .answers
            .iter()
            .map(|a| (a.total.block, a.total.frequency, a.value)),
        block,
    )
}

fn adjusted_rows(adj: &Adjusted, block: Block) -> ByFrequency<JsonAdjustedRow> {
    ByFrequency(
        adj.rows
            .iter()
            .filter(|r| r.total.block == block)
            .map(|r| {
                (
                    r.total.frequency,
                    JsonAdjustedRow {
                        conversations: Num(r.total.conversations),
                        slots: Num(r.slots),
                        spreadsheet: r.spreadsheet,
                        no_show: r.no_show,
                        conversation_length: r.conversation_length,
                        admin: r.admin,
                        sickness: r.sickness,
                        all: r.all,
                    },
                )
            })
            .collect(),
    )
}

/// The stable JSON contract (documented key by key in docs/staffing.md).
fn json(calc: &Calculation) -> String {
    let i = &calc.inputs;
    let doc = JsonCalculation {
        inputs: JsonInputs {
            citizens: Num(i.citizens),
            conversation_days_per_week: Num(i.conversation_days_per_week),
            weeks_per_fte: Num(i.weeks_per_fte),
            intensive_share: Num(i.intensive_share),
            conversations_per_day: i.conversations_per_day.map(Num),
            fte: i.fte.map(Num),
            no_show_rate: Num(i.no_show_rate.unwrap_or(0.0)),
            conversation_minutes: i.conversation_minutes.map(Num),
            day_minutes: i.day_minutes.map(Num),
            admin_share: Num(i.admin_share.unwrap_or(0.0)),
            sickness_share: Num(i.sickness_share.unwrap_or(0.0)),
        },
        general: ByFrequency(
            calc.general
                .iter()
                .map(|g| (g.frequency, Num(g.conversations)))
                .collect(),
        ),
        intensified: ByFrequency(
            calc.intensified
                .iter()
                .map(|r| {
                    (
                        r.frequency,
                        JsonIntensified {
                            intensive: Num(r.intensive),
                            statutory: Num(r.statutory),
                            total: Num(r.total),
                        },
                    )
                })
                .collect(),
        ),
        grid: calc
            .grid
            .iter()
            .map(|row| row.iter().map(|&c| Num(c)).collect())
            .collect(),
        fte_needed: calc.fte_needed.as_ref().map(|n| JsonFteNeeded {
            conversations_per_day: Num(n.given),
            general: answers_by_block(n, Block::General),
            intensified: answers_by_block(n, Block::Intensified),
        }),
        conversations_per_day_needed: calc.conversations_per_day_needed.as_ref().map(|n| {
            JsonPerDayNeeded {
                fte: Num(n.given),
                general: answers_by_block(n, Block::General),
                intensified: answers_by_block(n, Block::Intensified),
            }
        }),
        adjusted: calc.adjusted.as_ref().map(|a| JsonAdjusted {
            conversations_per_day: Num(a.conversations_per_day),
            conversations_per_day_from_minutes: a.conversations_per_day_from_minutes.map(Num),
            capacity_per_fte: JsonCapacity {
                spreadsheet: Num(a.capacity_per_fte_spreadsheet),
                all: Num(a.capacity_per_fte_all),
            },
            general: adjusted_rows(a, Block::General),
            intensified: adjusted_rows(a, Block::Intensified),
        }),
    };
    declared(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_integers_when_whole_and_danish_otherwise() {
        assert_eq!(num(1320.0, Lang::Da), "1.320");
        assert_eq!(num(11.5, Lang::Da), "11,5");
        assert_eq!(num(1320.0 / 396.0, Lang::Da), "3,33");
        assert_eq!(num(0.3 * 330.0, Lang::Da), "99");
        assert_eq!(percent(0.3, Lang::Da), "30 %");
        assert_eq!(num(1320.5, Lang::En), "1,320.5");
    }

    #[test]
    fn whole_json_numbers_have_no_decimal_point() {
        let text = serde_json::to_string(&(Num(1320.0), Num(11.5), Num(f64::NAN))).unwrap();
        assert_eq!(text, "[1320,11.5,null]");
    }
}
