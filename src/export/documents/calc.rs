//! `kapacitet calc` as a document: the ressourceberegner's three blocks and the answers asked
//! for, as the Danish terminal table, the JSON contract (documented key by key in
//! docs/staffing.md, fields in the spreadsheet's order) and machine tables.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use crate::export::json::declared;
use crate::export::text::danish;
use crate::export::{Block as Part, Cell, Column, DataTable, DisplayTable, Document};
use crate::ressourceberegner::*;

/// The calculation as a document.
pub fn document(calc: &Calculation) -> Document {
    Document {
        command: "calc",
        json_name: "calc.json",
        json: json(calc),
        data: vec![conversations_table(calc), grid_table(calc)],
        blocks: blocks(calc),
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

/// A number for people: an integer when whole, else Danish style with up to two decimals.
fn num(v: f64) -> String {
    if is_whole(v) {
        return danish(snap(v), 0);
    }
    let text = danish(v, 2);
    if text.contains(',') {
        text.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        text
    }
}

fn percent(share: f64) -> String {
    format!("{} %", num(share * 100.0))
}

/// "2,75 (3)": the exact answer and the whole number to plan with.
fn rounded(r: Rounded) -> String {
    if is_whole(r.exact) {
        num(r.exact)
    } else {
        format!("{} ({})", num(r.exact), num(r.rounded_up))
    }
}

/// "Hver måned (12 pr. år)": the spreadsheet's label with the frequency it stands for.
fn frequency_label(label: &str, frequency: u32) -> String {
    format!("{label} ({frequency} pr. år)")
}

fn row_label(t: &Total) -> String {
    let block = match t.block {
        Block::General => "Generelt",
        Block::Intensified => "Intensiveret",
    };
    format!("{block}, {} pr. år", t.frequency)
}

/// Text and tables in the order they are written: text accumulates until a table comes, so
/// the terminal output reads exactly as the lines were written.
struct Out {
    blocks: Vec<Part>,
    pending: String,
}

impl Out {
    fn new(text: &str) -> Out {
        Out {
            blocks: Vec::new(),
            pending: text.to_string(),
        }
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

    /// Rows as aligned columns: the first left-aligned, the rest right-aligned.
    fn table(&mut self, rows: &[Vec<String>]) {
        self.flush();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut t = DisplayTable::new(
            (0..columns)
                .map(|j| {
                    if j == 0 {
                        Column::left("", 0, 0)
                    } else {
                        Column::right("", 0, 3)
                    }
                })
                .collect(),
            false,
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

fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The terminal table: the spreadsheet's three blocks, then the answers that were asked for.
fn blocks(calc: &Calculation) -> Vec<Part> {
    let i = &calc.inputs;
    let mut out = Out::new("Ressourceberegner – kapacitetsudnyttelse\n\n");
    let mut rows = vec![
        vec!["Antal borgere".to_string(), num(i.citizens)],
        vec![
            "Antal dage med samtaler pr. uge".to_string(),
            num(i.conversation_days_per_week),
        ],
        vec!["Antal uger pr. årsværk".to_string(), num(i.weeks_per_fte)],
        vec![
            "Andel med behov for intensiveret indsats".to_string(),
            percent(i.intensive_share),
        ],
    ];
    let optional: [(&str, Option<String>); 7] = [
        ("Samtaler pr. dag", i.conversations_per_day.map(num)),
        ("Årsværk", i.fte.map(num)),
        ("Udeblivelser", i.no_show_rate.map(percent)),
        (
            "Minutter pr. samtale",
            i.conversation_minutes.map(|m| format!("{} min", num(m))),
        ),
        (
            "Samtaleminutter pr. dag",
            i.day_minutes.map(|m| format!("{} min", num(m))),
        ),
        ("Administration", i.admin_share.map(percent)),
        ("Sygefravær", i.sickness_share.map(percent)),
    ];
    for (label, value) in optional {
        if let Some(v) = value {
            rows.push(vec![label.to_string(), v]);
        }
    }
    out.table(&rows);

    out.push_str("\nGenerelt for hele målgruppen\n");
    let mut rows = vec![header(&["Frekvens", "Antal samtaler"])];
    for g in &calc.general {
        rows.push(vec![
            frequency_label(g.label, g.frequency),
            num(g.conversations),
        ]);
    }
    out.table(&rows);

    out.push_str(&format!(
        "\nIntensiveret for en andel af målgruppen ({} intensivt, {} rettidigt med {} samtaler \
         pr. år)\n",
        num(calc.intensive_citizens),
        num(calc.statutory_citizens),
        STATUTORY_FREQUENCY
    ));
    let mut rows = vec![header(&[
        "Frekvens for den intensiverede indsats",
        "Antal intensive samtaler",
        "Antal rettidige samtaler",
        "Antal samtaler samlet",
    ])];
    for r in &calc.intensified {
        rows.push(vec![
            frequency_label(r.label, r.frequency),
            num(r.intensive),
            num(r.statutory),
            num(r.total),
        ]);
    }
    out.table(&rows);

    out.push_str(&format!(
        "\nÅrsværk: samtaler pr. år = samtaler pr. dag × {} dage × {} uger × årsværk\n",
        num(i.conversation_days_per_week),
        num(i.weeks_per_fte)
    ));
    let mut head = vec!["Samtaler pr. dag \\ Årsværk".to_string()];
    head.extend((1..=GRID_FTE).map(|n| n.to_string()));
    let mut rows = vec![head];
    for (s, cells) in calc.grid.iter().enumerate() {
        let mut row = vec![(s + 1).to_string()];
        row.extend(cells.iter().map(|&c| num(c)));
        rows.push(row);
    }
    out.table(&rows);

    if let Some(needed) = &calc.fte_needed {
        out.push_str(&format!(
            "\nÅrsværk der skal til ved {} samtaler pr. dag ({} samtaler pr. årsværk)\n",
            num(needed.given),
            num(needed.capacity)
        ));
        answers_table(
            &mut out,
            needed,
            &["Samtalebehov", "Samtaler pr. år", "Årsværk", "Hele årsværk"],
        );
    }
    if let Some(needed) = &calc.conversations_per_day_needed {
        out.push_str(&format!(
            "\nSamtaler pr. dag der skal til med {} årsværk ({} samtaledage pr. år)\n",
            num(needed.given),
            num(needed.capacity)
        ));
        answers_table(
            &mut out,
            needed,
            &[
                "Samtalebehov",
                "Samtaler pr. år",
                "Samtaler pr. dag",
                "Hele samtaler pr. dag",
            ],
        );
    }
    match &calc.adjusted {
        Some(adjusted) => adjusted_table(&mut out, i, adjusted),
        None if i.has_factors() => out.push_str(
            "\nUdeblivelser, administration og sygefravær regnes om til årsværk, når antal \
             samtaler pr. dag er givet (--conversations-per-day, eller --conversation-minutes \
             med --day-minutes).\n",
        ),
        None => {}
    }
    out.finish()
}

fn answers_table(out: &mut Out, needed: &Needed, head: &[&str]) {
    let mut rows = vec![header(head)];
    for a in &needed.answers {
        rows.push(vec![
            row_label(&a.total),
            num(a.total.conversations),
            num(a.value.exact),
            num(a.value.rounded_up),
        ]);
    }
    out.table(&rows);
}

fn adjusted_table(out: &mut Out, i: &Inputs, adj: &Adjusted) {
    out.push_str(&format!(
        "\nUd over regnearket: årsværk der skal til ved {} samtaler pr. dag\n",
        num(adj.conversations_per_day)
    ));
    let mut notes = Vec::new();
    if let Some(q) = i.no_show_rate {
        notes.push(format!(
            "Udeblivelser {}: en udeblivelse spilder tiden og skal bookes igen; \
             tider pr. år = samtaler ÷ (1 − {})",
            percent(q),
            num(q)
        ));
    }
    if let (Some(s), Some(day), Some(length)) = (
        adj.conversations_per_day_from_minutes,
        i.day_minutes,
        i.conversation_minutes,
    ) {
        notes.push(format!(
            "Samtalelængde: {} min ÷ {} min = {} samtaler pr. dag",
            num(day),
            num(length),
            num(s)
        ));
    }
    if let Some(a) = i.admin_share {
        notes.push(format!(
            "Administration {} af samtaledagenes tid",
            percent(a)
        ));
    }
    if let Some(k) = i.sickness_share {
        notes.push(format!("Sygefravær {} af arbejdstiden", percent(k)));
    }
    notes.push(format!(
        "Samtaler pr. årsværk: {} i regnearket, {} med alle faktorer",
        num(adj.capacity_per_fte_spreadsheet),
        num(adj.capacity_per_fte_all)
    ));
    for note in notes {
        out.push_str(&format!("  {note}\n"));
    }
    out.push('\n');

    // Only the factors that were given get a column; "Alle faktorer" always closes the row.
    let no_show = i.no_show_rate.is_some();
    let length = adj.conversations_per_day_from_minutes.is_some();
    let admin = i.admin_share.is_some();
    let sickness = i.sickness_share.is_some();
    let mut head = vec!["Samtalebehov", "Samtaler pr. år"];
    if no_show {
        head.push("Tider pr. år");
    }
    head.push("Regneark");
    for (on, name) in [
        (no_show, "Udeblivelser"),
        (length, "Samtalelængde"),
        (admin, "Administration"),
        (sickness, "Sygefravær"),
    ] {
        if on {
            head.push(name);
        }
    }
    head.push("Alle faktorer");
    let mut rows = vec![header(&head)];
    for r in &adj.rows {
        let mut row = vec![row_label(&r.total), num(r.total.conversations)];
        if no_show {
            row.push(num(r.slots));
        }
        row.push(rounded(r.spreadsheet));
        for (on, value) in [
            (no_show, r.no_show),
            (length, r.conversation_length),
            (admin, r.admin),
            (sickness, r.sickness),
        ] {
            if on {
                row.push(rounded(value));
            }
        }
        row.push(rounded(r.all));
        rows.push(row);
    }
    out.table(&rows);
    out.push_str("  Årsværk med decimaler; i parentes hele årsværk.\n");
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
        assert_eq!(num(1320.0), "1.320");
        assert_eq!(num(11.5), "11,5");
        assert_eq!(num(1320.0 / 396.0), "3,33");
        assert_eq!(num(0.3 * 330.0), "99");
        assert_eq!(percent(0.3), "30 %");
    }

    #[test]
    fn whole_json_numbers_have_no_decimal_point() {
        let text = serde_json::to_string(&(Num(1320.0), Num(11.5), Num(f64::NAN))).unwrap();
        assert_eq!(text, "[1320,11.5,null]");
    }
}
