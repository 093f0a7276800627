//! The JSON contract of every command on every shipped scenario is pinned: the bytes of `run`,
//! `compare`, `size` and `calc --format json` hash to the values below. A change to any key, any
//! number format or any figure fails here; a deliberate change updates the table and is named
//! in its commit.

mod common;

/// FNV-1a, 64 bits: small, stable across Rust releases (unlike the standard hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Every command line pinned, with the hash of its standard output.
const PINNED: &[(&str, u64)] = &[
    ("run scenarios/aarhus.toml -r 2 --format json", 0xb45722866d14449d),
    ("run scenarios/default.toml -r 2 --format json", 0x82d0d8c609db07db),
    ("run scenarios/jobcentres/aarhus.toml -r 2 --format json", 0x5432b61f2c2bdf63),
    ("run scenarios/jobcentres/fredensborg.toml -r 2 --format json", 0x36fffca26788cfef),
    ("run scenarios/jobcentres/holstebro.toml -r 2 --format json", 0x7dad4d2bc20929ea),
    ("run scenarios/jobcentres/kalundborg.toml -r 2 --format json", 0xc266dc7465a981ff),
    ("run scenarios/jobcentres/middelfart.toml -r 2 --format json", 0xd6e6ef6fe2d8e4e8),
    ("run scenarios/jobcentres/nyborg.toml -r 2 --format json", 0xe6bc315757f969ba),
    ("run scenarios/transition-in-step.toml -r 2 --format json", 0x946942be8741637c),
    ("run scenarios/transition-nyborg.toml -r 2 --format json", 0x5ba57c09eac0e152),
    ("run scenarios/validation/mmc.toml -r 2 --format json", 0x5448eb65b9e5e5b9),
    ("compare scenarios/default.toml -r 2 --vary lockin=0.5,1 --format json", 0x5a906702705fa566),
    ("compare scenarios/aarhus.toml -r 2 --format json", 0x9a08d303dcc90dc6),
    ("size scenarios/validation/mmc.toml --stage server --target liggetid<=0.5 -r 4 --format json", 0x890abedcb8356ddf),
    ("size scenarios/transition-in-step.toml --close jobhuset --end-stays --target months_past_offer_deadline<=1 -r 2 --format json", 0xe8eef16779c46bd1),
    ("calc --citizens 330 --conversation-days 3 --weeks-per-fte 44 --intensive-share 0.3 --format json", 0x3f2f769633496969),
    ("calc --citizens 330 --conversation-days 3 --weeks-per-fte 44 --intensive-share 0.3 --conversations-per-day 6 --no-show-rate 0.1 --format json", 0xe0796b056fee0150),
];

/// The command lines: `run` on every shipped scenario, `compare` with a sensitivity sweep,
/// `size` searching places and a closing month, and `calc` with and without the factors.
fn commands() -> Vec<String> {
    let mut out: Vec<String> = common::shipped_scenarios()
        .iter()
        .map(|f| format!("run {f} -r 2 --format json"))
        .collect();
    out.extend([
        "compare scenarios/default.toml -r 2 --vary lockin=0.5,1 --format json".to_string(),
        "compare scenarios/aarhus.toml -r 2 --format json".to_string(),
        "size scenarios/validation/mmc.toml --stage server --target liggetid<=0.5 -r 4 --format json".to_string(),
        "size scenarios/transition-in-step.toml --close jobhuset --end-stays --target months_past_offer_deadline<=1 -r 2 --format json".to_string(),
        "calc --citizens 330 --conversation-days 3 --weeks-per-fte 44 --intensive-share 0.3 --format json".to_string(),
        "calc --citizens 330 --conversation-days 3 --weeks-per-fte 44 --intensive-share 0.3 --conversations-per-day 6 --no-show-rate 0.1 --format json".to_string(),
    ]);
    out
}

#[test]
fn json_of_every_shipped_scenario_is_unchanged() {
    let mut got = Vec::new();
    for line in commands() {
        let args: Vec<&str> = line.split(' ').collect();
        let o = common::kapacitet(&args);
        common::assert_exit(&o, 0);
        got.push((line, fnv1a(&o.stdout)));
    }
    let table: String = got
        .iter()
        .map(|(l, h)| format!("    (\"{l}\", 0x{h:016x}),\n"))
        .collect();
    let want: Vec<(String, u64)> = PINNED.iter().map(|(l, h)| (l.to_string(), *h)).collect();
    assert_eq!(got, want, "pinned table now:\n{table}");
}
