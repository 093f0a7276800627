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
    ("run scenarios/aarhus.toml -r 2 --format json", 0xd65a23a96755541b),
    ("run scenarios/default.toml -r 2 --format json", 0x6e72c56551c8bd13),
    ("run scenarios/jobcentres/aarhus.toml -r 2 --format json", 0xa4004c82cb6b71e4),
    ("run scenarios/jobcentres/fredensborg.toml -r 2 --format json", 0xca78ab6768915a6b),
    ("run scenarios/jobcentres/holstebro.toml -r 2 --format json", 0x278a11a2af45c2e8),
    ("run scenarios/jobcentres/kalundborg.toml -r 2 --format json", 0xf241e3aab0098b51),
    ("run scenarios/jobcentres/middelfart.toml -r 2 --format json", 0x28726c28683e1a91),
    ("run scenarios/jobcentres/nyborg.toml -r 2 --format json", 0x97f75046bbab18ba),
    ("run scenarios/transition-in-step.toml -r 2 --format json", 0x8baca62144dc5a44),
    ("run scenarios/transition-nyborg.toml -r 2 --format json", 0x958d0236ddc2da4c),
    ("run scenarios/validation/mmc.toml -r 2 --format json", 0xc497a9c3954d5c98),
    ("compare scenarios/default.toml -r 2 --vary lockin=0.5,1 --format json", 0xef75be0f67feae4b),
    ("compare scenarios/aarhus.toml -r 2 --format json", 0x5b940cf363ca55d7),
    ("size scenarios/validation/mmc.toml --stage server --target liggetid<=0.5 -r 4 --format json", 0x3679b3ecfd212df4),
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
