//! `kapacitet calc`: the ressourceberegner from flags or a `[ressourceberegner]` table.

use crate::cli::CalcArgs;
use crate::export::documents;
use crate::export::out_dir::Cleanup;
use crate::options;
use crate::ressourceberegner::{compute, load_inputs, PartialInputs};

use super::{deliver, refuse, say, EXIT_INPUT};

pub fn calc(args: CalcArgs, cleanup: &Cleanup) -> i32 {
    let flags = PartialInputs {
        citizens: args.citizens,
        conversation_days_per_week: args.conversation_days,
        weeks_per_fte: args.weeks_per_fte,
        intensive_share: args.intensive_share,
        conversations_per_day: args.conversations_per_day,
        fte: args.fte,
        no_show_rate: args.no_show_rate,
        conversation_minutes: args.conversation_minutes,
        day_minutes: args.day_minutes,
        admin_share: args.admin_share,
        sickness_share: args.sickness_share,
    };
    let inputs = match load_inputs(&flags, args.from.as_deref()) {
        Ok(inputs) => inputs,
        Err(e) => {
            say!("{e}");
            let n = e.problems.len();
            say!(
                "{n} problem{} in the input; nothing was calculated.",
                if n == 1 { "" } else { "s" }
            );
            return EXIT_INPUT;
        }
    };
    let out = match options::out(&args.out) {
        Ok(o) => o,
        Err(r) => return refuse(r),
    };
    let show = match options::show(&args.show) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let doc = documents::calc::document(&compute(&inputs), show.style.lang);
    deliver(&doc, args.format, &show, out.as_ref(), cleanup)
}
