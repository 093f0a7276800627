//! `kapacitet size`: the smallest places (`--stage`) or FTE (`--role`) that meet the targets, or
//! the months in which a project can close (`--close`). Arguments are checked into a plan before
//! anything runs; the plan is then searched.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::SizeArgs;
use crate::export::documents::size::{CloseOutput, SizeDoc, SizeOutput};
use crate::export::documents::size_after_closing::JointOutput;
use crate::export::out_dir::Cleanup;
use crate::export::text;
use crate::figures::Lang;
use crate::lang::Text;
use crate::model::{Model, StageId};
use crate::options::{self, Refusal};
use crate::scenario::validate::{MAX_FTE, MAX_PLACES};
use crate::scenario::Scenario;
use crate::sizing::{self, Budget, Closing, Lever, Target};

use super::{deliver, print_warnings, refuse, say, warn, EXIT_NOT_MET, EXIT_RUNTIME};

/// What to search, checked.
enum Plan {
    Lever {
        lever: Lever,
        min: u32,
        max: Option<u32>,
    },
    Close {
        closing: Closing,
        months: Vec<usize>,
    },
    /// The lever, searched anew for each month the project closes in.
    CloseAnd {
        closing: Closing,
        months: Vec<usize>,
        lever: Lever,
        min: u32,
        max: Option<u32>,
    },
}

pub fn size(args: SizeArgs, cleanup: &Cleanup) -> i32 {
    let scenario = match options::scenario(&args.scenario) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let out = match options::out(&args.out) {
        Ok(o) => o,
        Err(r) => return refuse(r),
    };
    let show = match options::show(&args.show) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let lang = show.style.lang;
    print_warnings(&scenario.model, lang, show.style.wide);
    let (plan, targets) = match plan(&args, &scenario.model, lang) {
        Ok(p) => p,
        Err(r) => return refuse(r),
    };
    let model = &scenario.model;
    let replications = args.replications.unwrap_or(model.replications).max(2);
    let budget = Budget {
        replications,
        max_replications: args
            .max_replications
            .unwrap_or(replications.saturating_mul(8))
            .max(replications),
        seed: args.seed.unwrap_or(model.seed),
        threads: args.threads.map(|t| t as usize),
    };
    let doc = match search(&scenario, &plan, &targets, &budget, lang) {
        Ok(doc) => doc,
        Err(e) => {
            say!("error: {e}");
            return EXIT_RUNTIME;
        }
    };
    for w in &doc.warnings {
        warn(w, lang, show.style.wide);
    }
    let code = deliver(
        &doc.document(lang),
        args.format,
        &show,
        out.as_ref(),
        cleanup,
    );
    // Scripts tell "no setting meets the targets" from an answer by the exit code.
    let answered = match doc.mode {
        "close" => doc.earliest_safe_month.is_some(),
        "close_stage" | "close_role" => doc.months.iter().any(|(_, d)| d.answer.is_some()),
        _ => doc.answer.is_some(),
    };
    if code == 0 && !answered {
        EXIT_NOT_MET
    } else {
        code
    }
}

/// Run the plan with a spinner on standard error.
fn search(
    scenario: &Scenario,
    plan: &Plan,
    targets: &[Target],
    budget: &Budget,
    lang: Lang,
) -> Result<SizeDoc, String> {
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let progress = |label: &str, reps: u32| {
        spinner.set_message(format!("{label}: {}", text::replications(reps, lang)));
    };
    let model = &scenario.model;
    let doc = match plan {
        Plan::Close { closing, months } => {
            sizing::scan_close(scenario, closing, months, targets, budget, &progress).map(|r| {
                CloseOutput {
                    model,
                    closing,
                    targets,
                    budget,
                    result: &r,
                }
                .into_doc()
            })
        }
        Plan::CloseAnd {
            closing,
            months,
            lever,
            min,
            max,
        } => sizing::size_each_month(
            scenario,
            closing,
            months,
            lever,
            targets,
            budget,
            (*min, *max),
            &progress,
        )
        .map(|ms| {
            JointOutput {
                model,
                closing,
                lever,
                targets,
                budget,
                months: &ms,
            }
            .into_doc()
        }),
        Plan::Lever { lever, min, max } => {
            sizing::size(scenario, lever, targets, budget, *min, *max, &progress).map(|r| {
                SizeOutput {
                    model,
                    lever,
                    targets,
                    budget,
                    result: &r,
                }
                .into_doc()
            })
        }
    };
    spinner.finish_and_clear();
    doc
}

/// The plan and the targets from the arguments.
fn plan(args: &SizeArgs, model: &Model, lang: Lang) -> Result<(Plan, Vec<Target>), Refusal> {
    let stage = args
        .stage
        .as_deref()
        .map(|n| find_stage(model, n))
        .transpose()?;
    let role = args
        .role
        .as_deref()
        .map(|n| find_role(model, n))
        .transpose()?;
    let targets = args
        .targets
        .iter()
        .map(|t| sizing::parse_target(model, t, stage, role))
        .collect::<Result<Vec<_>, String>>()?;
    if stage.is_some() && role.is_some() {
        return Err("give --stage or --role, not both: a search moves one lever"
            .to_string()
            .into());
    }
    let plan = match (&args.close, stage, role) {
        (Some(name), None, None) => plan_close(args, model, find_stage(model, name)?)?,
        (Some(name), _, _) => {
            let Plan::Close { closing, months } =
                plan_close(args, model, find_stage(model, name)?)?
            else {
                unreachable!("plan_close plans a closing")
            };
            if Some(closing.stage) == stage {
                return Err(format!(
                    "--close and --stage name the same stage \"{name}\"; size another stage while this one closes"
                )
                .into());
            }
            let inner = SizeArgs {
                close: None,
                ..args.clone()
            };
            let Plan::Lever { lever, min, max } = plan(&inner, model, lang)?.0 else {
                unreachable!("without --close the plan is a lever")
            };
            Plan::CloseAnd {
                closing,
                months,
                lever,
                min,
                max,
            }
        }
        (None, Some(s), _) => {
            let from_day = match &args.from_month {
                None => None,
                Some(m) => model
                    .calendar
                    .month_start(find_month(model, "--from-month", m)?),
            };
            if from_day.is_none() && !model.stages[s].schedule.is_empty() {
                let name = &model.stages[s].name;
                let w = Text::new(
                    format!("forløbet \"{name}\" har en capacity_schedule; uden --from-month har hvert forsøg ét antal pladser i hele kørslen i stedet"),
                    format!("stage \"{name}\" has a capacity schedule; without --from-month each candidate has one number of places for the whole run instead"),
                );
                warn(&w, lang, args.show.wide);
            }
            plan_lever(args, Lever::Stage { stage: s, from_day }, 1.0)?
        }
        (None, None, Some(r)) => {
            if args.from_month.is_some() {
                return Err("--from-month is used with --stage only".to_string().into());
            }
            if !(0.01..=100.0).contains(&args.step) {
                return Err(format!(
                    "--step must be a number of FTE from 0.01 to 100 (got {})",
                    crate::dist::show(args.step)
                )
                .into());
            }
            let lever = Lever::Role {
                role: r,
                step: args.step,
            };
            plan_lever(args, lever, args.step)?
        }
        (None, None, None) => return Err("give --stage, --role or --close".to_string().into()),
    };
    Ok((plan, targets))
}

/// The search range in steps, within the ceilings a scenario file has.
fn plan_lever(args: &SizeArgs, lever: Lever, step: f64) -> Result<Plan, Refusal> {
    let (ceiling, unit, least) = match lever {
        Lever::Stage { .. } => (MAX_PLACES as f64, "places", 0),
        Lever::Role { .. } => (MAX_FTE, "FTE", 1),
    };
    let steps = |v: f64, flag: &str| -> Result<u32, String> {
        if !(0.0..=ceiling).contains(&v) {
            return Err(format!(
                "{flag} must be a number of {unit} from 0 to {ceiling} (got {})",
                crate::dist::show(v)
            ));
        }
        Ok((v / step).round() as u32)
    };
    let min = args
        .min
        .map(|v| steps(v, "--min"))
        .transpose()?
        .unwrap_or(least);
    let max = args.max.map(|v| steps(v, "--max")).transpose()?;
    if max.is_some_and(|m| m < min) {
        return Err("--max must not be below --min".to_string().into());
    }
    Ok(Plan::Lever { lever, min, max })
}

/// The months to judge closing `stage` in.
fn plan_close(args: &SizeArgs, model: &Model, stage: StageId) -> Result<Plan, Refusal> {
    let mut months = sizing::window_months(model);
    if let Some(m) = &args.close_month {
        let i = find_month(model, "--close-month", m)?;
        months.retain(|&x| x == i);
        if months.is_empty() {
            return Err(format!(
                "--close-month {m} is not a month whose first day is in the measured window"
            )
            .into());
        }
    }
    if let Some(m) = &args.first_month {
        let i = find_month(model, "--first-month", m)?;
        months.retain(|&x| x >= i);
    }
    if let Some(m) = &args.last_month {
        let i = find_month(model, "--last-month", m)?;
        months.retain(|&x| x <= i);
    }
    if months.is_empty() {
        return Err(
            "no month to consider: the months given lie outside the measured window"
                .to_string()
                .into(),
        );
    }
    Ok(Plan::Close {
        closing: Closing {
            stage,
            to: args.to,
            end_stays: args.end_stays,
        },
        months,
    })
}

fn find_stage(model: &Model, name: &str) -> Result<StageId, String> {
    model.stage_index(name).ok_or_else(|| {
        let names: Vec<String> = model
            .stages
            .iter()
            .map(|s| format!("\"{}\"", s.name))
            .collect();
        format!(
            "no stage \"{name}\" in the scenario; use {}",
            names.join(", ")
        )
    })
}

fn find_role(model: &Model, name: &str) -> Result<usize, String> {
    model
        .staff
        .iter()
        .position(|r| r.name == name)
        .ok_or_else(|| {
            let names: Vec<String> = model
                .staff
                .iter()
                .map(|r| format!("\"{}\"", r.name))
                .collect();
            format!(
                "no staff role \"{name}\" in the scenario; use {}",
                if names.is_empty() {
                    "a scenario with [[staff]]".to_string()
                } else {
                    names.join(", ")
                }
            )
        })
}

fn find_month(model: &Model, flag: &str, text: &str) -> Result<usize, String> {
    sizing::month_index(model, text).ok_or_else(|| {
        format!(
            "{flag} \"{text}\" is not a month of the run (write YYYY-MM between {} and {})",
            sizing::month_label(model, 0),
            sizing::month_label(model, model.calendar.months().saturating_sub(1))
        )
    })
}
