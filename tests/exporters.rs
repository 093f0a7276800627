//! One trait for every format: an exporter written here, in the test, receives the document of
//! every command (run, compare, size, calc) and adds its file to the `--out` set beside the
//! built-in formats, without any change to the commands.

mod common;

use kapacitet::compare;
use kapacitet::export::documents;
use kapacitet::export::out_dir::{Cleanup, OutDir};
use kapacitet::export::{Cell, Document, Exporter, Format};
use kapacitet::figures::Lang;
use kapacitet::model::StrategyKind;
use kapacitet::ressourceberegner::{compute, Inputs};
use kapacitet::scenario::Scenario;
use kapacitet::sizing::{self, Budget, Lever};
use kapacitet::{report, runner};

/// A throwaway format: one line per machine table with its rows and the sum of its numbers.
struct Tally;

impl Exporter for Tally {
    fn name(&self) -> &'static str {
        "tally"
    }

    fn render(&self, doc: &Document) -> Option<Vec<u8>> {
        let mut out = format!("{}\n", doc.command);
        for t in &doc.data {
            let sum: f64 = t.rows.iter().flatten().filter_map(Cell::number).sum();
            out.push_str(&format!("{} {} {sum}\n", t.name, t.rows.len()));
        }
        Some(out.into_bytes())
    }

    fn files(&self, doc: &Document) -> Vec<(String, Vec<u8>)> {
        vec![(
            format!("{}.tally", doc.command),
            self.render(doc).unwrap_or_default(),
        )]
    }
}

fn mmc() -> Scenario {
    let text = common::variant("horizon_weeks = 600", "horizon_weeks = 20")
        .replace("replications = 100", "replications = 3");
    Scenario::from_text(&text, "mmc.toml").expect("valid")
}

/// The document of each command, built through the library as the commands build them.
fn documents() -> Vec<Document> {
    let sc = mmc();
    let m = &sc.model;
    let reps = runner::run_replications(m, 3, 1, None, &|| {}).expect("run");
    let run = documents::run::document(&report::build(m, 1, &reps), Lang::Da);

    let strategies = compare::resolve(m, &[StrategyKind::CatchAll.key().to_string()]).unwrap();
    let c = compare::compare(m, &strategies, 2, 1, None, &|| {}).expect("compare");
    let compared = documents::compare::document(&c, None, Lang::Da);

    let stage = m.stage_index("server").unwrap();
    let target = sizing::parse_target(m, "liggetid <= 5", Some(stage), None).unwrap();
    let lever = Lever::Stage {
        stage,
        from_day: None,
    };
    let budget = Budget {
        replications: 2,
        max_replications: 2,
        seed: 1,
        threads: None,
    };
    let found = sizing::size(
        &sc,
        &lever,
        std::slice::from_ref(&target),
        &budget,
        4,
        Some(5),
        &|_, _| {},
    )
    .expect("size");
    let sized = documents::size::SizeOutput {
        model: m,
        lever: &lever,
        targets: &[target],
        budget: &budget,
        result: &found,
    }
    .into_doc()
    .document(Lang::Da);

    let calc =
        documents::calc::document(&compute(&Inputs::seed_example().check().unwrap()), Lang::Da);
    vec![run, compared, sized, calc]
}

#[test]
fn a_new_exporter_serves_every_command() {
    let docs = documents();
    let commands: Vec<&str> = docs.iter().map(|d| d.command).collect();
    assert_eq!(commands, ["run", "compare", "size", "calc"]);
    for doc in &docs {
        let text = String::from_utf8(Tally.render(doc).unwrap()).unwrap();
        assert!(text.starts_with(doc.command), "{text}");
        assert_eq!(text.lines().count(), 1 + doc.data.len());
        // Into --out beside the built-in formats, as one set.
        let dir = tempfile::tempdir().unwrap();
        let out = OutDir::check(&dir.path().join(doc.command)).unwrap();
        let code = kapacitet::commands::deliver_with(
            doc,
            Format::Json.exporter(),
            &[&Tally, Format::Json.exporter(), Format::Csv.exporter()],
            Some(&out),
            &Cleanup::default(),
        );
        assert_eq!(code, 0);
        let names: Vec<String> = common::read_set(&dir.path().join(doc.command))
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert!(
            names.contains(&format!("{}.tally", doc.command)),
            "{names:?}"
        );
        assert!(names.contains(&doc.json_name.to_string()), "{names:?}");
        for t in &doc.data {
            assert!(names.contains(&format!("{}.csv", t.name)), "{names:?}");
        }
    }
}

#[test]
fn every_format_renders_every_command() {
    for doc in documents() {
        for format in [Format::Table, Format::Json, Format::Csv] {
            let bytes = format.exporter().render(&doc).expect("renders");
            assert!(!bytes.is_empty(), "{} as {format:?}", doc.command);
        }
        let v: serde_json::Value = serde_json::from_str(&doc.json).expect("JSON parses");
        assert!(v.is_object());
    }
}

#[test]
fn every_file_a_command_writes_is_known_as_a_result_file() {
    // A directory holding only these is an earlier result set and may be replaced; anything
    // else is the user's and is refused.
    let known = kapacitet::export::out_dir::KNOWN_FILES;
    for doc in documents() {
        for (name, _) in kapacitet::export::files(&doc, &kapacitet::export::exporters()) {
            assert!(
                known.contains(&name.as_str()),
                "{name} from {}",
                doc.command
            );
        }
    }
}
