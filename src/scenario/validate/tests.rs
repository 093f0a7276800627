//! The order and wording of problems and warnings, pinned: users read `kapacitet check` top to
//! bottom, so a change in either is a change users see.

use super::validate;
use crate::scenario::parse_str;

/// Every problem `validate` reports for `toml`, as (field, message).
fn problems(toml: &str) -> Vec<(String, String)> {
    let raw = parse_str(toml, "test.toml").expect("the test scenario parses");
    match validate(&raw) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|(path, message)| (path.to_string(), message))
            .collect(),
    }
}

fn assert_problems(toml: &str, expected: &[(&str, &str)]) {
    let got = problems(toml);
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    assert_eq!(got, expected);
}

/// A mistake in every table: each is reported, table by table, in the order the tables are
/// checked.
const EVERY_TABLE: &str = r#"
[scenario]
name = " "
start_date = "2011-01-03"
horizon_weeks = 52
replications = 0
seed = -1

[calendar]
working_days = ["mon", "tue", "wed", "thu", "fri", "lør"]
closed_weeks = [30, 54]

[[segments]]
name = "young"
under_30 = true
share_of_inflow = 0.5
survival = { weeks = [0, 10, 10], on_benefit = [1.0, 0.5, 0.6] }

[[segments]]
name = "young"
share_of_inflow = 0.6

[arrivals]
new_per_month = -1
seasonality = [1, 1]

[initial_stock]
count = -5
weeks_on_benefit = { dist = "uniform", min = 5, max = 1 }

[[stages]]
name = "course"
kind = "class"
capacity = -1
intake = "weekly"
intake_weekday = "sun"
queue = "priority"
priority = ["old"]
duration = { dist = "fixed", value = 5 }
duration_unit = "hours"
lockin = 101
routes = [{ to = "nowhere", weight = 0.5 }, { to = "job", weight = 0.2, fallback = "course" }]
capacity_schedule = [{ from_week = 10, capacity = 5 }, { from_week = 5, capacity = 3 }, { capacity = 1 }]
breakdown = { probability = 2, after = { dist = "fixed", value = 1 }, to = "passive" }

[[stages]]
name = "passive"
kind = "course"
duration = { dist = "fixed", value = 5 }
routes = [{ to = "job", weight = 1.0 }]

[[paths]]
name = "in"
streams = ["new", "old"]
to = "job"

[[staff]]
role = "caseworkers"
conversations_per_day = 5
segments = ["young", "nobody"]
no_show_rate = 1

[[staff]]
role = "coaches"
caseload_per_fte = 20
admin_share = 0.1

[contact_plan]
standard_per_year = 500

[deadlines]
first_offer_days_30plus = -1

[effects]
conversation_effect = -1

[strategy]
kind = "screening"

[[strategies]]
name = "catch-all"
kind = "catch-all"

[reporting]
followup_days = 40000
"#;

/// What `EVERY_TABLE` gets, as (field, message).
const EVERY_TABLE_PROBLEMS: &[(&str, &str)] = &[
    ("scenario.name", "must not be empty"),
    (
        "scenario.replications",
        "must be a whole number from 1 to 1000000 (got 0)",
    ),
    ("scenario.seed", "must be a whole number ≥ 0 (got -1)"),
    (
        "calendar.working_days[5]",
        r#""lør" is not a weekday; use "mon", "tue", "wed", "thu", "fri", "sat", "sun""#,
    ),
    (
        "calendar.closed_weeks[1]",
        "must be an ISO week number from 1 to 53 (got 54)",
    ),
    (
        "segments[0].survival.weeks[2]",
        "weeks must increase strictly (got 10 after 10)",
    ),
    (
        "segments[0].survival.on_benefit[2]",
        "a survival curve cannot rise: the share on benefit at week 10 (0.6) is above the share at week 10 (0.5)",
    ),
    ("segments[1].name", r#"segment "young" is defined twice"#),
    (
        "segments[0].share_of_inflow",
        "share_of_inflow over all segments must sum to 1 (they sum to 1.100000)",
    ),
    (
        "segments[0].share_of_stock",
        "share_of_stock over all segments must sum to 1 (they sum to 1.100000)",
    ),
    (
        "arrivals.new_per_month",
        "must be a number of citizens a month from 0 to 100000 (got -1)",
    ),
    (
        "arrivals.seasonality",
        "needs 12 factors, January to December (got 2)",
    ),
    (
        "initial_stock.count",
        "must be a whole number from 0 to 1000000 (got -5)",
    ),
    (
        "initial_stock.weeks_on_benefit.max",
        "must be at least min (5) (got 1)",
    ),
    (
        "stages[0].kind",
        r#""class" is not a stage kind; use "course", "competence_course", "company_centre", "single_placement", "wage_subsidy", "municipal_project", "external_provider""#,
    ),
    (
        "stages[0].capacity",
        "must be a whole number of places ≥ 0 and at most 1000000, or left out for unlimited (got -1)",
    ),
    (
        "stages[0].capacity_schedule[1].from_week",
        "changes must be in date order: this one (day 35 of the run) is not after the one before it (day 70)",
    ),
    (
        "stages[0].capacity_schedule[2]",
        r#"say when the change takes effect: from_week = 40, from_month = "2011-03" or from_date = "2011-03-15""#,
    ),
    (
        "stages[0].intake_weekday",
        r#""sun" is not a working day in [calendar], so nobody would ever start; use one of the working days"#,
    ),
    (
        "stages[0].priority[0]",
        r#""old" is not a segment; use "young""#,
    ),
    (
        "stages[0].duration_unit",
        r#""hours" is not a unit; use "calendar_days", "working_days""#,
    ),
    (
        "stages[0].lockin",
        "must be a hazard multiplier from 0 to 100 (1 = no change) (got 101)",
    ),
    (
        "stages[0].routes[0].to",
        r#""nowhere" is not a stage; use one of "course", "passive", "job", "other_benefit""#,
    ),
    (
        "stages[0].routes[1].to",
        r#"fallback and max_wait_days only apply when `to` is a stage, not "job""#,
    ),
    (
        "stages[0].routes",
        "the route weights must sum to 1 (they sum to 0.700000)",
    ),
    (
        "stages[0].breakdown.probability",
        "must be a probability from 0 to 1 (got 2)",
    ),
    (
        "stages[1].name",
        r#""passive" is reserved for routes out of the system; choose another name"#,
    ),
    (
        "paths[0].streams[1]",
        r#""old" is not a stream; use "new", "returner", "stock""#,
    ),
    (
        "paths[0].to",
        r#"a path must lead to a stage; use one of "course", "passive""#,
    ),
    (
        "staff[0].segments[1]",
        r#""nobody" is not a segment; use "young""#,
    ),
    (
        "staff[0].no_show_rate",
        "must be a share from 0 up to (not including) 1 (got 1)",
    ),
    (
        "staff[1].stages",
        r#"a caseload role needs the stages whose citizens it follows, e.g. stages = ["visitation"]"#,
    ),
    (
        "staff[1].admin_share",
        "only used by a conversation role (with conversations_per_day); remove it from a caseload role",
    ),
    (
        "contact_plan.standard_per_year",
        "must be 0 (no conversations) or from 0.01 to 365 conversations a year (got 500)",
    ),
    (
        "deadlines.first_offer_days_30plus",
        "must be a number of days from 0 to 36525 (100 years) (got -1)",
    ),
    (
        "effects.conversation_effect",
        "must be a hazard multiplier from 0 to 100 (1 = no effect, above 1 = faster exit) (got -1)",
    ),
    (
        "strategy.kind",
        r#""screening" is not a strategy; use "catch-all", "selection", "deadweight", "none""#,
    ),
    (
        "strategies[0].name",
        r#""catch-all" is already a strategy name; choose another"#,
    ),
    (
        "reporting.followup_days",
        "must be a number of days from 0 to 36525 (100 years) (got 40000)",
    ),
];

#[test]
fn problems_in_every_table_are_listed_in_order() {
    assert_problems(EVERY_TABLE, EVERY_TABLE_PROBLEMS);
}

/// Stages nobody can leave: reported only once every table is free of problems, stages first,
/// then the paths into them.
const TRAPPED: &str = r#"
[scenario]
name = "trapped"
start_date = "2011-01-03"
horizon_weeks = 52

[[segments]]
name = "all"
share_of_inflow = 1.0

[arrivals]
new_per_month = 10

[[stages]]
name = "a"
kind = "course"
duration = { dist = "fixed", value = 5 }
routes = [{ to = "b", weight = 1.0 }]

[[stages]]
name = "b"
kind = "course"
duration = { dist = "fixed", value = 5 }
routes = [{ to = "a", weight = 1.0 }]

[[stages]]
name = "now"
kind = "course"
duration = { dist = "fixed", value = 0 }
routes = [{ to = "passive", weight = 1.0 }]

[[paths]]
name = "new"
streams = ["new"]
to = "a"

[[paths]]
name = "back"
streams = ["returner"]
to = "now"
"#;

#[test]
fn trapped_stages_then_the_paths_into_them() {
    assert_problems(
        TRAPPED,
        &[
            (
                "stages[0].routes",
                r#"no citizen can ever leave stage "a": every route leads back into stages without a way out; add a route to "job", "passive" or "other_benefit""#,
            ),
            (
                "stages[1].routes",
                r#"no citizen can ever leave stage "b": every route leads back into stages without a way out; add a route to "job", "passive" or "other_benefit""#,
            ),
            (
                "paths[0].to",
                r#"no citizen can leave path "new": stage "a" and the stages it routes to have no route to "job", "passive" or "other_benefit""#,
            ),
        ],
    );
}

/// With the trap fixed, the loop without time behind it comes to light.
#[test]
fn a_closed_loop_without_time_once_nothing_is_trapped() {
    assert_problems(
        &TRAPPED.replace(r#"to = "a", weight = 1.0"#, r#"to = "job", weight = 1.0"#),
        &[(
            "stages[2].duration",
            r#"citizens of segment "all" can go round "now" without time passing (stays of length 0, no delay on the path back, or a breakdown after 0 days), and can never leave that loop at the same instant, so the clock would stand still; give one of these stages a duration above 0, a path back with a delay, or a route out"#,
        )],
    );
}

/// A valid scenario with one of each kind of warning.
const WARNINGS: &str = r#"
[scenario]
name = "warnings"
start_date = "2011-01-03"
horizon_weeks = 52

[[segments]]
name = "young"
share_of_inflow = 0.5
survival = { weeks = [0, 39], on_benefit = [1.0, 0.5] }

[[segments]]
name = "old"
share_of_inflow = 0.5

[arrivals]
new_per_month = 10
returners_per_month = 2

[[stages]]
name = "intro"
kind = "course"
capacity = 1
duration = { dist = "fixed", value = 0 }
routes = [{ to = "closed", weight = 1.0, fallback = "again", max_wait_days = 0 }]

[[stages]]
name = "again"
kind = "course"
duration = { dist = "fixed", value = 0 }
routes = [{ to = "intro", weight = 0.5 }, { to = "job", weight = 0.5 }]

[[stages]]
name = "closed"
kind = "course"
capacity = 0
duration = { dist = "fixed", value = 5 }
routes = [{ to = "passive", weight = 1.0 }]

[[paths]]
name = "young in"
segments = ["young"]
to = "intro"

[[staff]]
role = "coaches"
fte = 0
caseload_per_fte = 20
stages = ["closed"]

[strategy]
kind = "selection"
specificity = 0.1
"#;

#[test]
fn warnings_are_listed_in_order() {
    let raw = parse_str(WARNINGS, "test.toml").expect("the test scenario parses");
    let model = validate(&raw).expect("the test scenario is valid");
    let english: Vec<&str> = model.warnings.iter().map(|w| w.en.as_str()).collect();
    assert_eq!(
        english,
        [
            r#"no path takes segment "old" in stream "new": they stay passive until they leave benefit on their own"#,
            r#"no path takes segment "old" in stream "returner": they stay passive until they leave benefit on their own"#,
            r#"stage "closed" never has any places: citizens referred there wait unless a fallback applies"#,
            r#"citizens of segment "young" can go round "intro", "again" without time passing (stays of length 0, no delay on the path back, or a breakdown after 0 days); a citizen who goes round too often at one instant stops the run"#,
            r#"staff role "coaches" has fte = 0: nobody can start in the stages it follows; leave fte out to measure the need"#,
            r#"strategy "scenario": screening would flag 80 % of segment "young", above the cap of 50 % (share still on benefit at week 39 unless flag_cap is set); flags above the cap are dropped at random"#,
        ]
    );
}
