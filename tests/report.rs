//! The report and the charts: the HTML report of every command that has one is self-contained
//! (no address, no script, no font or style from outside), prints on A4 and holds the key
//! figures, every chart as SVG that parses, and the method note with the scenario's marked
//! assumptions; every chart reads in the language asked for; `--charts` writes SVG and PNG files
//! and `--report` refuses a path it cannot write before anything runs.

mod common;

use kapacitet::commands::report::with_charts;
use kapacitet::compare;
use kapacitet::export::chart_files::ChartFiles;
use kapacitet::export::charts::{self, render, Chart};
use kapacitet::export::html::Html;
use kapacitet::export::method::{self, ReportContext};
use kapacitet::export::{documents, Block, Document, Exporter};
use kapacitet::figures::{Lang, KPIS, STAFF_FIGURES, STAGE_FIGURES};
use kapacitet::model::StrategyKind;
use kapacitet::scenario::{Scenario, Source};
use kapacitet::sizing::{self, Budget, Lever};
use kapacitet::sweep::plan::{Base, Plan};
use kapacitet::sweep::run::Budget as SweepBudget;
use kapacitet::sweep::{self, PointResult, PointSpec};
use kapacitet::{report, runner};

fn scenario(path: &str) -> Scenario {
    let text = std::fs::read_to_string(path).expect("shipped scenario");
    Scenario::from_text(&text, path).expect("valid")
}

fn mmc() -> Scenario {
    let text = common::variant("horizon_weeks = 600", "horizon_weeks = 20")
        .replace("replications = 100", "replications = 3");
    Scenario::from_text(&text, "mmc.toml").expect("valid")
}

/// A run of `sc` with two replications: its document with charts, and its report context.
fn run(sc: &Scenario, lang: Lang) -> (Document, Vec<Chart>, ReportContext) {
    let m = &sc.model;
    let reps = runner::run_replications(m, 2, 7, None, &|| {}).expect("run");
    let r = report::build(m, 7, &reps);
    let charts = charts::run::charts(&r, lang);
    let doc = with_charts(documents::run::document(&r, lang), charts.clone());
    (doc, charts, method::run(&r, &sc.source, lang))
}

fn compared(sc: &Scenario, lang: Lang) -> (Document, Vec<Chart>, ReportContext) {
    let names: Vec<String> = StrategyKind::ALL
        .iter()
        .map(|k| k.key().to_string())
        .collect();
    let strategies = compare::resolve(&sc.model, &names).unwrap();
    let c = compare::compare(&sc.model, &strategies, 2, 7, None, &|| {}).expect("compare");
    let charts = charts::compare::charts(&c, None, lang);
    let doc = with_charts(documents::compare::document(&c, None, lang), charts.clone());
    (doc, charts, method::compare(&c, &sc.source, lang))
}

fn sized(sc: &Scenario, lang: Lang) -> (Document, Vec<Chart>, ReportContext) {
    let m = &sc.model;
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
    let targets = [target];
    let found = sizing::size(sc, &lever, &targets, &budget, 4, Some(6), &|_, _| {}).expect("size");
    let doc = documents::size::SizeOutput {
        model: m,
        lever: &lever,
        targets: &targets,
        budget: &budget,
        result: &found,
    }
    .into_doc();
    let charts = charts::size::charts(&doc, lang);
    let document = with_charts(doc.document(lang), charts.clone());
    (document, charts, method::size(&doc, m, &sc.source, lang))
}

const SWEEP_DIMENSIONS: &str =
    "[[dimensions]]\npath = \"stages.server.capacity\"\nvalues = [4, 5, 6]\n\
    [[dimensions]]\npath = \"arrivals.new_per_month\"\nvalues = [95.0, 109.575]\n";

/// Three levels in each of two dimensions: a heat map beside the lines.
const HEAT_DIMENSIONS: &str =
    "[[dimensions]]\npath = \"stages.server.capacity\"\nvalues = [4, 5, 6]\n\
    [[dimensions]]\npath = \"arrivals.new_per_month\"\nvalues = [95.0, 102.0, 109.575]\n";

/// A small sweep of the M/M/c scenario with a constraint and a Pareto front, over `dimensions`:
/// its document with charts, report context, plan and results.
fn swept(
    dimensions: &str,
    lang: Lang,
) -> (Document, Vec<Chart>, ReportContext, Plan, Vec<PointResult>) {
    let text = format!(
        "scenario = \"mmc.toml\"\nreplications = 3\nseed = 5\n\
         pareto = [\"server.wait_days_mean\", \"max server.utilisation\"]\n\
         constraints = [\"server.wait_days_p90 <= 2\"]\n{dimensions}"
    );
    let source = Source {
        text: common::variant("horizon_weeks = 600", "horizon_weeks = 20")
            .replace("replications = 100", "replications = 3"),
        file: "mmc.toml".to_string(),
    };
    let plan = Plan::parse(&text, "plan.toml", Base::Given(source)).expect("plan");
    let budget = SweepBudget {
        replications: plan.replications,
        seed: plan.seed,
        threads: None,
        window: None,
    };
    let points: Vec<&PointSpec> = plan.points.iter().collect();
    let mut results = Vec::new();
    sweep::run::run_points(
        &plan.scenario,
        &points,
        &budget,
        &|| {},
        &mut |p, model, reps| {
            results.push(PointResult {
                index: p.index,
                figures: sweep::summaries(model, &reps),
            });
            Ok(())
        },
    )
    .expect("sweep");
    results.sort_by_key(|r| r.index);
    let a = sweep::analysis::analyse(&plan, &results);
    let o = documents::sweep::SweepOutput {
        plan: &plan,
        results: &results,
        analysis: &a,
        shard: None,
    };
    let charts = charts::sweep::charts(&o, lang);
    let doc = with_charts(documents::sweep::document(&o, lang), charts.clone());
    let ctx = method::sweep(&plan, lang);
    (doc, charts, ctx, plan, results)
}

/// Every command's report material, in one language.
fn all(lang: Lang) -> Vec<(Document, Vec<Chart>, ReportContext)> {
    let default = Scenario::new(Source::embedded(), Vec::new()).expect("default");
    vec![
        run(&default, lang),
        run(&scenario("scenarios/transition-in-step.toml"), lang),
        compared(&default, lang),
        sized(&mmc(), lang),
        {
            let (doc, charts, ctx, _, _) = swept(SWEEP_DIMENSIONS, lang);
            (doc, charts, ctx)
        },
        {
            let (doc, charts, ctx, _, _) = swept(HEAT_DIMENSIONS, lang);
            (doc, charts, ctx)
        },
    ]
}

/// The `<svg>…</svg>` elements of an HTML page.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<svg") {
        let end = rest[at..].find("</svg>").expect("closed svg") + at + "</svg>".len();
        out.push(&rest[at..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_report_is_self_contained_and_holds_every_part() {
    for (doc, charts, ctx) in all(Lang::Da) {
        let html = String::from_utf8(Html(ctx.clone()).render(&doc).unwrap()).unwrap();
        let lower = html.to_lowercase();
        for banned in [
            "http:",
            "https:",
            "<script",
            "src=",
            "href=",
            "url(",
            "@import",
            "<link",
            "<iframe",
            "<object",
            "<embed",
            "@font-face",
        ] {
            assert!(
                !lower.contains(banned),
                "{} report holds {banned}",
                doc.command
            );
        }
        assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
        assert!(html.contains("@page { size: A4"), "prints on A4");
        assert!(html.contains(&kapacitet::export::html::escape(&ctx.scenario)));
        assert!(
            html.contains(&ctx.date) && ctx.date.len() == 10,
            "{}",
            ctx.date
        );
        assert!(html.contains("95 %"), "the intervals are explained");
        assert!(html.contains("Metode") && html.contains("replikationer"));
        // The document's tables (the key figures first) and every chart.
        assert!(html.contains("<table>"));
        let found = svgs(&html);
        assert_eq!(found.len(), charts.len(), "{}", doc.command);
        assert!(!charts.is_empty(), "{} has charts", doc.command);
        for svg in found {
            let parsed = roxmltree::Document::parse(svg)
                .unwrap_or_else(|e| panic!("{}: SVG does not parse: {e}", doc.command));
            assert_eq!(parsed.root_element().tag_name().name(), "svg");
        }
    }
}

#[test]
fn the_report_lists_the_scenarios_marked_assumptions() {
    let (doc, _, ctx) = run(
        &Scenario::new(Source::embedded(), Vec::new()).unwrap(),
        Lang::Da,
    );
    let marked = kapacitet::scenario::DEFAULT_SCENARIO
        .lines()
        .filter(|l| l.contains("ASSUMPTION"))
        .count();
    assert_eq!(ctx.assumptions.len(), marked);
    let html = String::from_utf8(Html(ctx).render(&doc).unwrap()).unwrap();
    for setting in [
        "scenario.warmup_weeks",
        "stages.virksomhedscenter.lockin",
        "segments.over30.survival",
        "staff.sagsbehandlere.fte",
    ] {
        assert!(html.contains(setting), "{setting}");
    }
}

/// Texts of a chart people read as words of the language: title, axes and the legend words
/// that are not names from the scenario.
fn words(c: &Chart) -> [&str; 3] {
    [c.title.as_str(), c.x.label.as_str(), c.y.label.as_str()]
}

/// A label both languages of the catalogue write alike ("Mål 1", "P90").
fn same_in_both(label: &str) -> bool {
    KPIS.iter()
        .chain(STAGE_FIGURES)
        .chain(STAFF_FIGURES)
        .any(|f| f.short_da == f.short_en && label.starts_with(f.short_da))
}

#[test]
fn every_chart_reads_in_the_language_asked_for() {
    let (da, en) = (all(Lang::Da), all(Lang::En));
    for ((_, cd, _), (doc, ce, ctx)) in da.iter().zip(&en) {
        assert_eq!(cd.len(), ce.len());
        for (d, e) in cd.iter().zip(ce) {
            assert_eq!(d.key, e.key, "the same chart in both languages");
            let (wd, we) = (words(d), words(e));
            assert_ne!(wd[0], we[0], "title of {}", e.key);
            assert_ne!(wd[1], we[1], "x axis of {}", e.key);
            assert!(wd[2] != we[2] || same_in_both(we[2]), "y axis of {}", e.key);
            for text in we {
                assert!(!text.trim().is_empty(), "{}", e.key);
            }
            assert!(
                e.source.starts_with("Source: kapacitet")
                    && d.source.starts_with("Kilde: kapacitet")
            );
            // The SVG says what the chart says, in that language.
            let svg = render::svg(e).unwrap();
            let xml = roxmltree::Document::parse(&svg).expect("parses");
            let texts: Vec<&str> = xml
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|n| n.text())
                .map(str::trim)
                .collect();
            for want in [e.x.label.as_str(), e.y.label.as_str()] {
                assert!(texts.contains(&want), "{}: {want} in {texts:?}", e.key);
            }
            assert!(
                !texts.contains(&d.title.as_str()),
                "{}: Danish title",
                e.key
            );
        }
        // The report around the charts is English too.
        let html = String::from_utf8(Html(ctx.clone()).render(doc).unwrap()).unwrap();
        assert!(html.contains("<html lang=\"en\">") && html.contains("Method"));
        assert!(!html.contains("Metode"));
    }
}

#[test]
fn every_command_with_results_over_time_has_its_charts() {
    let keys = |v: &[Chart]| v.iter().map(|c| c.key.clone()).collect::<Vec<_>>();
    let all = all(Lang::Da);
    let run_keys = keys(&all[0].1);
    for k in [
        "run-stocks",
        "run-queue",
        "run-wait",
        "run-staff",
        "run-places-virksomhedscenter",
        "run-survival",
    ] {
        assert!(run_keys.contains(&k.to_string()), "{k} in {run_keys:?}");
    }
    let transition = keys(&all[1].1);
    assert!(transition.contains(&"transition-places".to_string()));
    assert!(transition.contains(&"transition-waiting".to_string()));
    let flagged = all[1]
        .1
        .iter()
        .find(|c| c.key == "transition-waiting")
        .unwrap();
    // In step, or not: the chart shades exactly the flagged months.
    assert!(flagged.shaded.iter().all(|s| s.to - s.from == 1.0));
    let compare = keys(&all[2].1);
    assert!(compare.contains(&"compare-mal2-selfsufficient-4w".to_string()));
    assert!(compare.contains(&"compare-mal2-selfsufficient-4w-difference".to_string()));
    assert!(compare.contains(&"compare-survival".to_string()));
    let size = &all[3].1;
    assert_eq!(size.len(), 1);
    assert!(size[0]
        .target
        .as_ref()
        .is_some_and(|t| t.value == 5.0 && t.target));
    // Every chart has a title, both axes labelled, and a source line naming the version, the
    // scenario, the seed and the replications.
    for (_, charts, ctx) in &all {
        for c in charts {
            assert!(!c.title.is_empty() && !c.x.label.is_empty() && !c.y.label.is_empty());
            for part in [
                env!("CARGO_PKG_VERSION"),
                ctx.scenario.as_str(),
                "seed ",
                "replikationer",
            ] {
                assert!(c.source.contains(part), "{}: {part} in {}", c.key, c.source);
            }
        }
    }
    // A terminal shows tables only.
    for (doc, _, _) in &all {
        let text = kapacitet::export::table::render(&doc.blocks);
        assert!(!text.contains("<svg"));
        assert!(doc.blocks.iter().any(|b| matches!(b, Block::Chart(_))));
    }
}

/// `compare --vary VARY --rank-by RANK_BY` of `names` on `sc`, 2 replications from seed 7, as
/// the command runs it: the sweep over the values, and the comparison at the scenario's own.
fn varied(
    sc: &Scenario,
    names: &[String],
    vary: &str,
    rank_by: &str,
) -> (compare::Sweep, compare::Comparison) {
    let (name, vary, values) = compare::parse_vary(vary).unwrap();
    let points = compare::vary_points(sc, names, &vary, &values).unwrap();
    let rank_by = kapacitet::figures::kpi(rank_by).unwrap().1;
    let setting = compare::Setting {
        label: compare::vary_label(&sc.model, &vary),
        name,
    };
    let sweep = compare::sweep(&points, &setting, rank_by, 2, 7, None, &|| {}).unwrap();
    let strategies = compare::resolve(&sc.model, names).unwrap();
    let c = compare::compare(&sc.model, &strategies, 2, 7, None, &|| {}).unwrap();
    (sweep, c)
}

#[test]
fn compare_with_vary_charts_the_ranked_figure_per_strategy_at_every_value() {
    let sc = Scenario::new(Source::embedded(), Vec::new()).expect("default");
    let names: Vec<String> = ["catch-all", "selection"].map(String::from).to_vec();
    let (sweep, c) = varied(&sc, &names, "lockin=0.3,0.8", "mal2_selfsufficient_4w");
    for lang in [Lang::Da, Lang::En] {
        let all = charts::compare::charts(&c, Some(&sweep), lang);
        let chart = all
            .iter()
            .find(|c| c.key == "compare-sensitivity")
            .expect("a sensitivity chart");
        assert_eq!(chart.series.len(), 2, "one line per strategy");
        assert_eq!(
            chart.x.scale,
            kapacitet::export::charts::Scale::Categories(sweep.value_texts(lang))
        );
        for (i, s) in chart.series.iter().enumerate() {
            assert_eq!(s.label, sweep.strategies[i]);
            let means: Vec<f64> = sweep.points.iter().map(|p| p.values[i].mean).collect();
            let ys: Vec<f64> = s.points.iter().map(|p| p.1).collect();
            assert_eq!(ys, means);
            let band = s.band.as_ref().expect("intervals");
            for (p, (lo, hi)) in sweep.points.iter().zip(band) {
                assert_eq!((*lo, *hi), (p.values[i].ci95_low, p.values[i].ci95_high));
            }
        }
        let rank_by = kapacitet::figures::kpi("mal2_selfsufficient_4w").unwrap().1;
        assert!(chart.title.contains(rank_by.label(lang)));
        let svg = render::svg(chart).unwrap();
        roxmltree::Document::parse(&svg).expect("parses");
    }
    // Without --vary there is none.
    assert!(!charts::compare::charts(&c, None, Lang::Da)
        .iter()
        .any(|c| c.key == "compare-sensitivity"));
}

/// `compare --vary` names the varied setting for people where a person reads it (the head of
/// the sweep's table, the sensitivity chart's axis and title, the HTML report), in Danish and
/// English, from the field's meaning and the stage's own label; the JSON keeps the path.
#[test]
fn compare_vary_names_the_setting_for_people_and_the_json_keeps_the_path() {
    let sc = Scenario::new(Source::embedded(), Vec::new()).expect("default");
    let names: Vec<String> = ["catch-all", "selection"].map(String::from).to_vec();
    let path = "stages.virksomhedscenter.capacity";
    let stage = sc
        .model
        .stages
        .iter()
        .find(|s| s.name == "virksomhedscenter")
        .expect("the default scenario has company centres");
    assert_ne!(
        stage.label, stage.name,
        "the label must differ from the path to tell"
    );
    let (sweep, c) = varied(
        &sc,
        &names,
        &format!("{path}=60,86"),
        "time_on_benefit_weeks",
    );
    for (lang, meaning, ranking) in [
        (Lang::Da, "Pladser", "rangorden"),
        (Lang::En, "Places", "ranking"),
    ] {
        let people = format!("{meaning}, {}", stage.label);
        let doc = documents::compare::document(&c, Some(&sweep), lang);
        let table = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) if t.columns.last().is_some_and(|c| c.header == ranking) => Some(t),
                _ => None,
            })
            .expect("the sweep's table");
        assert_eq!(table.columns[0].header, people);
        let chart = charts::compare::charts(&c, Some(&sweep), lang)
            .into_iter()
            .find(|c| c.key == "compare-sensitivity")
            .expect("a sensitivity chart");
        assert_eq!(chart.x.label, people);
        assert!(chart.title.ends_with(&people), "{}", chart.title);
        let readable = [chart.x.label.as_str(), chart.title.as_str()]
            .into_iter()
            .chain(table.columns.iter().map(|c| c.header.as_str()));
        for text in readable {
            assert!(!text.contains(path), "{text}");
        }
        // The machine's key stays the path as given.
        let json: serde_json::Value = serde_json::from_str(&doc.json).unwrap();
        assert_eq!(json["sensitivity"]["parameter"], path);
        let ctx = method::compare(&c, &sc.source, lang);
        let report = with_charts(doc, vec![chart]);
        let html = String::from_utf8(Html(ctx).render(&report).unwrap()).unwrap();
        let head = format!(
            "<th class=\"r\">{}</th>",
            kapacitet::export::html::escape(&people)
        );
        assert!(html.contains(&head), "the report's table head {head}");
    }
}

/// The weekly liggetid and FTE needed that the charts draw agree with the run's own figures:
/// the waits of all weeks together are every start in the window with its mean liggetid, and
/// the weeks' FTE needed average to the role's mean.
#[test]
fn weekly_liggetid_and_fte_needed_add_up_to_the_runs_figures() {
    let sc = Scenario::new(Source::embedded(), Vec::new()).expect("default");
    let m = &sc.model;
    let reps = runner::run_replications(m, 2, 7, None, &|| {}).expect("run");
    let months = m.horizon_days / (365.25 / 12.0);
    let mut waited = false;
    for rep in &reps {
        for (s, fig) in rep.stages.iter().enumerate() {
            let (sum, count) = (0..rep.weekly.len())
                .map(|w| rep.weekly.waits(w, s))
                .fold((0.0, 0u64), |(a, n), (x, c)| (a + x, n + u64::from(c)));
            let entries = (fig.entries_per_month * months).round() as u64;
            assert_eq!(count, entries, "stage {s}: every start in one week");
            if count > 0 {
                let mean = sum / count as f64;
                assert!(
                    (mean - fig.wait_days_mean).abs() <= 1e-9 * fig.wait_days_mean.max(1.0),
                    "stage {s}: {mean} against {}",
                    fig.wait_days_mean
                );
                waited |= mean > 0.0;
            }
        }
        for (r, fig) in rep.staff.iter().enumerate() {
            let weekly = &rep.fte_needed_weekly[r];
            assert_eq!(weekly.len(), rep.weekly.len());
            let mean = weekly.iter().sum::<f64>() / weekly.len() as f64;
            assert!((mean - fig.fte_needed_mean).abs() <= 1e-9 * mean.abs().max(1.0));
        }
    }
    assert!(waited, "somebody waits in the default scenario");
    let r = report::build(m, 7, &reps);
    // The report pools the replications' weeks: a week's mean weighs each start alike.
    for (w, row) in r.weekly.iter().enumerate() {
        for s in 0..r.stages.len() {
            let (sum, n) = reps.iter().fold((0.0, 0u32), |(a, k), rep| {
                let (x, c) = rep.weekly.waits(w, s);
                (a + x, k + c)
            });
            let want = if n == 0 { f64::NAN } else { sum / f64::from(n) };
            assert!(
                row.wait_days_mean[s] == want || (want.is_nan() && row.wait_days_mean[s].is_nan())
            );
        }
    }
    let charts = charts::run::charts(&r, Lang::Da);
    let staff = charts
        .iter()
        .find(|c| c.key == "run-staff")
        .expect("staff chart");
    assert_eq!(
        staff.series.len(),
        2 * m.staff.len(),
        "needed and available per role"
    );
    let wait = charts
        .iter()
        .find(|c| c.key == "run-wait")
        .expect("wait chart");
    assert!(!wait.series.is_empty());
}

/// The mean of `figure` at the point with these settings, looked up by its values.
fn at(plan: &Plan, results: &[PointResult], settings: &[f64], figure: &str) -> f64 {
    let f = plan
        .figures
        .entries
        .iter()
        .position(|e| e.key == figure)
        .expect("figure");
    let p = plan
        .points
        .iter()
        .find(|p| {
            p.values
                .iter()
                .zip(settings)
                .all(|(v, s)| v.as_float().or(v.as_integer().map(|i| i as f64)) == Some(*s))
        })
        .expect("point");
    results.iter().find(|r| r.index == p.index).unwrap().figures[f].mean
}

#[test]
fn a_sweep_charts_each_figure_across_its_grid_and_the_pareto_front() {
    let (_, charts, _, plan, results) = swept(SWEEP_DIMENSIONS, Lang::En);
    let keys: Vec<&str> = charts.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "sweep-server-wait-days-p90",
            "sweep-server-wait-days-mean",
            "sweep-server-utilisation",
            "sweep-pareto"
        ]
    );
    // Along the places, one line per arrival rate, each point the point's own figure.
    let wait = &charts[1];
    assert_eq!(wait.series.len(), 2);
    for (j, rate) in [95.0, 109.575].into_iter().enumerate() {
        for (i, places) in [4.0, 5.0, 6.0].into_iter().enumerate() {
            let want = at(&plan, &results, &[places, rate], "server.wait_days_mean");
            assert_eq!(wait.series[j].points[i], (i as f64, want));
        }
    }
    // More places, shorter waits; more arrivals, longer ones (M/M/c).
    let line = |j: usize| {
        wait.series[j]
            .points
            .iter()
            .map(|p| p.1)
            .collect::<Vec<_>>()
    };
    assert!(line(0).windows(2).all(|w| w[1] < w[0]), "{:?}", line(0));
    assert!(line(0).iter().zip(line(1)).all(|(lo, hi)| *lo < hi));
    // The constraint is drawn on its figure's chart.
    let limit = charts[0].target.as_ref().expect("the constraint's limit");
    assert_eq!(limit.value, 2.0);
    assert!(charts[1].target.is_none());
    // The front: no point of the sweep is better on both (shorter wait, higher utilisation,
    // as the catalogue's directions say) than a point on it.
    let pareto = &charts[3];
    let front = &pareto.series.last().unwrap().points;
    let every: Vec<(f64, f64)> = pareto.series[..pareto.series.len() - 1]
        .iter()
        .flat_map(|s| s.points.clone())
        .collect();
    assert_eq!(every.len(), results.len());
    assert!(!front.is_empty());
    for &(w, u) in front {
        assert!(every.contains(&(w, u)));
        assert!(!every.iter().any(|&(w2, u2)| w2 < w && u2 > u), "{w} {u}");
    }
    // And every point not on it is beaten by a point on it, or ties one on a figure.
    for &(w, u) in every.iter().filter(|p| !front.contains(p)) {
        assert!(front.iter().any(|&(fw, fu)| fw <= w && fu >= u));
    }
}

#[test]
fn a_sweep_of_more_dimensions_charts_each_dimensions_main_effect() {
    let three = format!(
        "{SWEEP_DIMENSIONS}[[dimensions]]\npath = \"stages.server.duration.mean\"\nvalues = [0.9, 1.0]\n"
    );
    let (_, charts, _, plan, results) = swept(&three, Lang::Da);
    let by_places: &Chart = charts
        .iter()
        .find(|c| c.key == "sweep-server-wait-days-mean-stages-server-capacity")
        .expect("main effect of the places");
    assert!(by_places.half);
    // The mean at each number of places over the four other settings, worked out here.
    for (i, places) in [4.0, 5.0, 6.0].into_iter().enumerate() {
        let mut sum = 0.0;
        for rate in [95.0, 109.575] {
            for mean in [0.9, 1.0] {
                sum += at(
                    &plan,
                    &results,
                    &[places, rate, mean],
                    "server.wait_days_mean",
                );
            }
        }
        let got = by_places.series[0].points[i].1;
        assert!(
            (got - sum / 4.0).abs() < 1e-12,
            "{got} against {}",
            sum / 4.0
        );
    }
    // One chart per figure shown and dimension, and the front.
    assert_eq!(charts.len(), 3 * 3 + 1);
}

#[test]
fn sweep_writes_its_report_and_charts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::variant("horizon_weeks = 600", "horizon_weeks = 20");
    std::fs::write(dir.path().join("mmc.toml"), scenario).unwrap();
    let plan = format!(
        "scenario = \"mmc.toml\"\nreplications = 2\nseed = 5\npareto = [\"server.wait_days_mean\", \"max server.utilisation\"]\n{SWEEP_DIMENSIONS}"
    );
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let o = common::kapacitet(&[
        "sweep",
        &p("plan.toml"),
        "--out",
        &p("resultater"),
        "--report",
        &p("rapport.html"),
        "--charts",
        &p("figurer"),
    ]);
    common::assert_exit(&o, 0);
    let html = std::fs::read_to_string(p("rapport.html")).unwrap();
    assert!(html.contains("<svg") && !html.contains("http") && html.contains("Pareto"));
    let names: Vec<String> = common::read_set(std::path::Path::new(&p("figurer")))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(
        names.iter().any(|n| n.ends_with("sweep-pareto.svg")),
        "{names:?}"
    );
    // The sweep's own directory holds its files only.
    for (name, _) in common::read_set(std::path::Path::new(&p("resultater"))) {
        assert!(
            !name.ends_with(".svg") && !name.ends_with(".html"),
            "{name}"
        );
    }
    // A report path that cannot be written is refused before any point runs.
    let bad = common::kapacitet(&[
        "sweep",
        &p("plan.toml"),
        "--out",
        &p("andet"),
        "--report",
        &p("x.txt"),
    ]);
    common::assert_exit(&bad, 2);
    assert!(!dir.path().join("andet").exists());
}

/// The size chart's x axis spans the places searched (4 to 6 here), with a little room for the
/// markers and the answer's shade, instead of running from 0 and squeezing them to one side.
#[test]
fn the_size_chart_shows_the_places_searched_not_from_zero() {
    let (_, charts, _) = sized(&mmc(), Lang::Da);
    let chart = &charts[0];
    let (from, to) = chart.x_domain.expect("the size chart sets its x range");
    let drawn: Vec<f64> = chart.series[0]
        .points
        .iter()
        .filter(|(_, y)| y.is_finite())
        .map(|(x, _)| *x)
        .collect();
    let lo = drawn.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = drawn.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(lo >= 4.0 && hi <= 6.0, "searched from 4 to 6: {drawn:?}");
    for shade in &chart.shaded {
        assert!(
            from <= shade.from && shade.to <= to,
            "{shade:?} in {from}..{to}"
        );
    }
    // Room for a marker's whisker at each end, and no more than one place of it.
    assert!(from < lo && lo - from <= 1.0, "{from} against {lo}");
    assert!(to > hi && to - hi <= 1.0, "{to} against {hi}");
}

#[test]
fn chart_files_are_svg_and_png_pairs() {
    let (doc, charts, _) = sized(&mmc(), Lang::Da);
    let files = ChartFiles.files(&doc);
    assert_eq!(files.len(), 2 * charts.len());
    for (name, bytes) in &files {
        assert!(
            kapacitet::export::chart_files::is_chart_file(name),
            "{name}"
        );
        if name.ends_with(".svg") {
            let text = std::str::from_utf8(bytes).unwrap();
            let xml = roxmltree::Document::parse(text).expect("parses");
            assert_eq!(
                xml.root_element().tag_name().namespace(),
                Some("http://www.w3.org/2000/svg")
            );
        } else {
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name}");
        }
    }
}

#[test]
fn report_and_charts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("rapport.html");
    let charts = dir.path().join("figurer");
    let o = common::kapacitet(&[
        "run",
        "scenarios/validation/mmc.toml",
        "--set",
        "scenario.horizon_weeks=20",
        "--replications",
        "2",
        "--report",
        report.to_str().unwrap(),
        "--charts",
        charts.to_str().unwrap(),
    ]);
    common::assert_exit(&o, 0);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<svg") && !html.contains("http"));
    let names: Vec<String> = common::read_set(&charts)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(
        names.contains(&"01-run-stocks.svg".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"01-run-stocks.png".to_string()),
        "{names:?}"
    );
    // --lang en: the report and its charts in English.
    let english = dir.path().join("report.html");
    let o = common::kapacitet(&[
        "run",
        "scenarios/validation/mmc.toml",
        "--set",
        "scenario.horizon_weeks=20",
        "-r",
        "2",
        "--lang",
        "en",
        "--report",
        english.to_str().unwrap(),
    ]);
    common::assert_exit(&o, 0);
    let html = std::fs::read_to_string(&english).unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Method"));
    assert!(html.contains("Source: kapacitet") && !html.contains("Kilde:"));
    // Written again over the earlier set, which holds only charts.
    let again = common::kapacitet(&[
        "run",
        "scenarios/validation/mmc.toml",
        "--set",
        "scenario.horizon_weeks=20",
        "-r",
        "2",
        "--charts",
        charts.to_str().unwrap(),
    ]);
    common::assert_exit(&again, 0);
}

#[test]
fn a_report_path_that_cannot_be_written_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    for (path, says) in [
        (dir.path().to_path_buf(), "is a directory"),
        (dir.path().join("rapport.txt"), "ending in .html"),
    ] {
        let o = common::kapacitet(&["run", "--report", path.to_str().unwrap()]);
        common::assert_exit(&o, 2);
        assert!(common::stderr(&o).contains(says), "{}", common::stderr(&o));
    }
}

/// The heat map among `charts` for the figure `key`.
fn heat_chart<'a>(charts: &'a [Chart], key: &str) -> &'a Chart {
    charts
        .iter()
        .find(|c| c.key == format!("sweep-{key}-heatmap"))
        .unwrap_or_else(|| panic!("heat map of {key}"))
}

#[test]
fn a_grid_of_three_levels_each_gets_a_heat_map_of_every_figure_beside_its_lines() {
    let (_, charts, _, plan, results) = swept(HEAT_DIMENSIONS, Lang::En);
    let keys: Vec<&str> = charts.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "sweep-server-wait-days-p90",
            "sweep-server-wait-days-p90-heatmap",
            "sweep-server-wait-days-mean",
            "sweep-server-wait-days-mean-heatmap",
            "sweep-server-utilisation",
            "sweep-server-utilisation-heatmap",
            "sweep-pareto"
        ]
    );
    let (places, rates) = ([4.0, 5.0, 6.0], [95.0, 102.0, 109.575]);
    let wait = heat_chart(&charts, "server-wait-days-mean");
    let heat = wait.heat.as_ref().expect("cells");
    assert!(wait.series.is_empty() && wait.target.is_none());
    assert_eq!(heat.cells.len(), places.len() * rates.len());
    assert_eq!(heat.cells.len(), plan.points.len());
    let mut marked = 0;
    for c in &heat.cells {
        let settings = [places[c.x], rates[c.y]];
        let want = at(&plan, &results, &settings, "server.wait_days_mean");
        assert_eq!(c.value, want, "cell {} {}", c.x, c.y);
        // The catalogue's one decimal, English style.
        assert_eq!(c.text, format!("{want:.1}"));
        // Outlined exactly where the point misses the plan's constraint, P90 <= 2 days.
        let p90 = at(&plan, &results, &settings, "server.wait_days_p90");
        assert_eq!(c.marked, p90 > 2.0, "cell {} {}: P90 {p90}", c.x, c.y);
        marked += usize::from(c.marked);
    }
    assert!(marked > 0 && marked < heat.cells.len(), "{marked} marked");
    assert!(heat
        .marked_label
        .as_deref()
        .unwrap()
        .contains("server.wait_days_p90 <= 2"));
    // A shorter wait is better: the shorter of two waits is the darker cell, the shortest the
    // darkest of the map and the longest the lightest.
    for a in &heat.cells {
        for b in &heat.cells {
            if a.value < b.value {
                assert!(a.shade > b.shade, "{} against {}", a.value, b.value);
            }
        }
    }
    let by_value = |pick: fn(f64, f64) -> bool| {
        heat.cells
            .iter()
            .reduce(|a, b| if pick(a.value, b.value) { a } else { b })
            .unwrap()
    };
    assert_eq!(by_value(|a, b| a < b).shade, 1.0);
    assert_eq!(by_value(|a, b| a > b).shade, 0.0);
    assert!(heat.scale_label.contains("(days)") && heat.scale_label.contains("darker is better"));
    // Utilisation has no better direction in the catalogue: the higher, the darker.
    let used = heat_chart(&charts, "server-utilisation")
        .heat
        .as_ref()
        .unwrap();
    for a in &used.cells {
        for b in &used.cells {
            if a.value < b.value {
                assert!(a.shade < b.shade);
            }
        }
    }
    assert!(used.scale_label.contains("darker is higher"));
    // Both axes are the dimensions, named for people: the field, then the stage's label.
    let server = &plan.scenario.model.stages[0].label;
    assert_eq!(wait.x.label, format!("Places, {server}"));
    assert_eq!(wait.y.label, "New applicants per month");
}

#[test]
fn past_eight_levels_in_the_second_dimension_a_heat_map_replaces_the_lines() {
    let nine = "[[dimensions]]\npath = \"stages.server.capacity\"\nvalues = [4, 5, 6]\n\
        [[dimensions]]\npath = \"arrivals.new_per_month\"\nfrom = 90\nto = 110\nstep = 2.5\n";
    let (_, charts, _, plan, results) = swept(nine, Lang::Da);
    let keys: Vec<&str> = charts.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "sweep-server-wait-days-p90-heatmap",
            "sweep-server-wait-days-mean-heatmap",
            "sweep-server-utilisation-heatmap",
            "sweep-pareto"
        ]
    );
    let p90 = heat_chart(&charts, "server-wait-days-p90");
    let heat = p90.heat.as_ref().unwrap();
    assert_eq!(heat.cells.len(), 3 * 9);
    for c in &heat.cells {
        let settings = [4.0 + c.x as f64, 90.0 + 2.5 * c.y as f64];
        let want = at(&plan, &results, &settings, "server.wait_days_p90");
        assert_eq!(c.value, want);
        // Danish style: a decimal comma.
        assert_eq!(c.text, format!("{want:.1}").replace('.', ","));
    }
    assert_eq!(p90.y.label, "Nye ledige pr. måned");
    assert!(heat.scale_label.contains("mørkere er bedre"));
}

#[test]
fn a_heat_map_draws_its_values_and_its_scale_as_svg_and_png() {
    let (_, charts, _, _, _) = swept(HEAT_DIMENSIONS, Lang::En);
    let chart = heat_chart(&charts, "server-wait-days-p90");
    let heat = chart.heat.as_ref().unwrap();
    let svg = render::svg(chart).unwrap();
    let xml = roxmltree::Document::parse(&svg).expect("parses");
    let texts: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for c in &heat.cells {
        let n = texts.iter().filter(|t| **t == c.text).count();
        let same = heat.cells.iter().filter(|d| d.text == c.text).count();
        assert!(n >= same, "{} written {n} times for {same} cells", c.text);
    }
    let marked = heat.marked_label.as_deref().expect("a failing point");
    for want in [
        heat.scale_label.as_str(),
        heat.scale_ends.0.as_str(),
        heat.scale_ends.1.as_str(),
        marked,
        chart.x.label.as_str(),
        chart.y.label.as_str(),
    ] {
        assert!(texts.contains(&want), "{want} in {texts:?}");
    }
    // One filled rectangle per cell at least, in more than one colour.
    let fills: std::collections::BTreeSet<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.attribute("fill"))
        .collect();
    assert!(fills.len() > 3, "{fills:?}");
    let png = render::png(chart).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn sweep_tables_name_the_dimensions_for_people_and_the_files_keep_the_paths() {
    let (doc, _, _, plan, _) = swept(HEAT_DIMENSIONS, Lang::Da);
    let server = &plan.scenario.model.stages[0].label;
    let heads: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.columns.iter().map(|c| c.header.clone())),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(heads.contains(&format!("Pladser, {server}")), "{heads:?}");
    assert!(heads.contains(&"Nye ledige pr. måned".to_string()));
    assert!(!heads
        .iter()
        .any(|h| h.contains("capacity") || h.contains("new_per_month")));
    let points = doc.data.iter().find(|t| t.name == "points").unwrap();
    assert_eq!(
        points.columns[1..3],
        ["stages.server.capacity", "arrivals.new_per_month"]
    );
}
