//! Tests of the distributions: draws against closed-form means, sds and CDFs (Kolmogorov–
//! Smirnov), the checks' messages, and the TOML form.

use super::*;
use crate::rng::Stream as Xoshiro;
use rand::{RngCore, SeedableRng};
use statrs::distribution::ContinuousCDF;

const N: usize = 200_000;

fn compile(spec: DistSpec) -> Dist {
    spec.compile().expect("spec should be valid")
}

fn draws(dist: &Dist, seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro::seed_from_u64(seed);
    (0..N).map(|_| dist.sample(&mut rng)).collect()
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// Sample mean within 4 standard errors of `mean`, using the exact `sd`.
fn assert_mean(xs: &[f64], mean: f64, sd: f64) {
    let (m, _) = mean_sd(xs);
    let se = sd / (xs.len() as f64).sqrt();
    assert!(
        (m - mean).abs() < 4.0 * se,
        "sample mean {m}, expected {mean} ± {}",
        4.0 * se
    );
}

fn assert_sd(xs: &[f64], sd: f64, rel: f64) {
    let (_, s) = mean_sd(xs);
    assert!((s / sd - 1.0).abs() < rel, "sample sd {s}, expected {sd}");
}

/// Kolmogorov–Smirnov distance to an independently implemented CDF, against the 0.1%
/// critical value 1.95/√n.
fn assert_ks(xs: &[f64], cdf: impl Fn(f64) -> f64) {
    let mut xs = xs.to_vec();
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    let d = xs
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
        })
        .fold(0.0, f64::max);
    assert!(d < 1.95 / n.sqrt(), "KS distance {d} too large");
}

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-12 * expected.abs().max(1.0),
        "{actual} != {expected}"
    );
}

fn fields(spec: DistSpec) -> Vec<&'static str> {
    spec.compile()
        .expect_err("spec should be invalid")
        .into_iter()
        .map(|p| p.field)
        .collect()
}

fn messages(spec: DistSpec) -> Vec<String> {
    spec.compile()
        .expect_err("spec should be invalid")
        .into_iter()
        .map(|p| p.message)
        .collect()
}

#[test]
fn fixed_always_returns_value_and_draws_nothing() {
    let d = compile(DistSpec::Fixed { value: 3.5 });
    let mut rng = Xoshiro::seed_from_u64(1);
    let mut untouched = rng.clone();
    for _ in 0..10 {
        assert_eq!(d.sample(&mut rng), 3.5);
    }
    assert_eq!(rng.next_u64(), untouched.next_u64());
    assert_eq!(d.mean(), 3.5);
}

#[test]
fn exponential() {
    let d = compile(DistSpec::Exponential { mean: 7.0 });
    let xs = draws(&d, 2);
    assert!(xs.iter().all(|&x| x >= 0.0 && x.is_finite()));
    assert_mean(&xs, 7.0, 7.0);
    assert_sd(&xs, 7.0, 0.02);
    let reference = statrs::distribution::Exp::new(1.0 / 7.0).unwrap();
    assert_ks(&xs, |x| reference.cdf(x));
    assert_eq!(d.mean(), 7.0);
}

#[test]
fn uniform() {
    let d = compile(DistSpec::Uniform { min: 2.0, max: 8.0 });
    let xs = draws(&d, 3);
    assert!(xs.iter().all(|&x| (2.0..=8.0).contains(&x)));
    assert_mean(&xs, 5.0, 6.0 / 12f64.sqrt());
    assert_ks(&xs, |x| (x - 2.0) / 6.0);
    assert_close(d.mean(), 5.0);
}

#[test]
fn uniform_with_equal_bounds_is_constant() {
    let d = compile(DistSpec::Uniform { min: 4.0, max: 4.0 });
    assert!(draws(&d, 4).iter().all(|&x| x == 4.0));
    assert_eq!(d.mean(), 4.0);
}

#[test]
fn triangular() {
    let (a, c, b) = (2.0, 5.0, 14.0);
    let d = compile(DistSpec::Triangular {
        min: a,
        mode: c,
        max: b,
    });
    let xs = draws(&d, 5);
    assert!(xs.iter().all(|&x| (a..=b).contains(&x)));
    let exact_mean = (a + c + b) / 3.0;
    let exact_sd = ((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0).sqrt();
    assert_mean(&xs, exact_mean, exact_sd);
    assert_sd(&xs, exact_sd, 0.02);
    let reference = statrs::distribution::Triangular::new(a, b, c).unwrap();
    assert_ks(&xs, |x| reference.cdf(x));
    assert_close(d.mean(), 7.0);
}

#[test]
fn triangular_with_mode_at_an_end() {
    for (mode, expected_mean) in [(0.0, 10.0 / 3.0), (10.0, 20.0 / 3.0)] {
        let d = compile(DistSpec::Triangular {
            min: 0.0,
            mode,
            max: 10.0,
        });
        let xs = draws(&d, 6);
        assert!(xs.iter().all(|&x| (0.0..=10.0).contains(&x)));
        assert_mean(&xs, expected_mean, (100.0f64 / 18.0).sqrt());
        assert_close(d.mean(), expected_mean);
    }
}

/// Always draws 0, to probe the inverse CDFs at the edge of their domain.
struct ZeroRng;

impl RngCore for ZeroRng {
    fn next_u32(&mut self) -> u32 {
        0
    }
    fn next_u64(&mut self) -> u64 {
        0
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        dst.fill(0);
    }
}

#[test]
fn triangular_never_rounds_outside_its_range() {
    // With mode = min and a draw of 0, max − √(max−min)·√(max−min) is 0.29999999999999982
    // in floating point, just below min.
    let d = compile(DistSpec::Triangular {
        min: 0.3,
        mode: 0.3,
        max: 5.8,
    });
    assert_eq!(d.sample(&mut ZeroRng), 0.3);
}

#[test]
fn triangular_with_huge_bounds_keeps_its_shape() {
    let (c, b) = (f64::MAX / 2.0, f64::MAX);
    let d = compile(DistSpec::Triangular {
        min: 0.0,
        mode: c,
        max: b,
    });
    let exact_mean = c / 3.0 + b / 3.0;
    assert_close(d.mean(), exact_mean);
    let xs = draws(&d, 16);
    // Scaled down first: the sum of the samples would overflow.
    let scaled: Vec<f64> = xs.iter().map(|x| x / b).collect();
    // On the scaled range [0, 1] the mode is at 0.5.
    let exact_sd = ((1.0 + 0.25 - 0.5) / 18.0f64).sqrt();
    assert_mean(&scaled, exact_mean / b, exact_sd);
}

#[test]
fn lognormal_matches_mean_and_sd_of_the_variable() {
    let (m, s) = (10.0, 4.0);
    let d = compile(DistSpec::Lognormal { mean: m, sd: s });
    let xs = draws(&d, 7);
    assert!(xs.iter().all(|&x| x > 0.0 && x.is_finite()));
    assert_mean(&xs, m, s);
    assert_sd(&xs, s, 0.03);
    // The log-scale parameters, checked against statrs's own moments.
    let sigma2 = (1.0 + s * s / (m * m)).ln();
    let reference =
        statrs::distribution::LogNormal::new(m.ln() - sigma2 / 2.0, sigma2.sqrt()).unwrap();
    use statrs::statistics::Distribution as _;
    assert_close(reference.mean().unwrap(), m);
    assert_close(reference.std_dev().unwrap(), s);
    assert_ks(&xs, |x| reference.cdf(x));
    assert_eq!(d.mean(), m);
}

#[test]
fn gamma_matches_mean_and_sd() {
    for (m, s) in [(10.0, 4.0), (3.0, 6.0)] {
        let d = compile(DistSpec::Gamma { mean: m, sd: s });
        let xs = draws(&d, 8);
        assert!(xs.iter().all(|&x| x >= 0.0 && x.is_finite()));
        assert_mean(&xs, m, s);
        assert_sd(&xs, s, 0.03);
        // statrs takes shape and rate = 1/scale = mean/sd².
        let reference = statrs::distribution::Gamma::new((m / s).powi(2), m / (s * s)).unwrap();
        assert_ks(&xs, |x| reference.cdf(x));
        assert_eq!(d.mean(), m);
    }
}

#[test]
fn empirical_frequencies_match_weights() {
    let values = [1.0, 2.0, 7.0, 9.0];
    let weights = [0.2, 0.5, 0.3, 0.0];
    let d = compile(DistSpec::Empirical {
        values: values.to_vec(),
        weights: weights.to_vec(),
    });
    let xs = draws(&d, 9);
    let n = xs.len() as f64;
    for (v, w) in values.iter().zip(weights) {
        let freq = xs.iter().filter(|&&x| x == *v).count() as f64 / n;
        let se = (w * (1.0 - w) / n).sqrt();
        assert!(
            (freq - w).abs() <= 4.0 * se,
            "value {v}: frequency {freq}, weight {w}"
        );
    }
    let exact_mean: f64 = 1.0 * 0.2 + 2.0 * 0.5 + 7.0 * 0.3;
    let exact_sd = (1.0 * 0.2 + 4.0 * 0.5 + 49.0 * 0.3 - exact_mean * exact_mean).sqrt();
    assert_mean(&xs, exact_mean, exact_sd);
    assert_close(d.mean(), exact_mean);
}

#[test]
fn empirical_table_drops_zero_weights_and_ends_at_one() {
    // 0.1 + 0.2 + 0.7 is not exactly 1 in floating point.
    let d = compile(DistSpec::Empirical {
        values: vec![1.0, 2.0, 3.0, 4.0],
        weights: vec![0.1, 0.2, 0.7, 0.0],
    });
    let Kind::Empirical(table) = &d.kind else {
        panic!("expected an empirical table, got {d:?}");
    };
    assert_eq!(&*table.values, &[1.0, 2.0, 3.0]);
    assert_eq!(table.cumulative.last(), Some(&1.0));
}

#[test]
fn empirical_with_a_single_value() {
    let d = compile(DistSpec::Empirical {
        values: vec![0.0, 6.0],
        weights: vec![0.0, 1.0],
    });
    assert!(draws(&d, 10).iter().all(|&x| x == 6.0));
    assert_eq!(d.mean(), 6.0);
}

#[test]
fn same_seed_same_samples() {
    let specs = [
        DistSpec::Exponential { mean: 3.0 },
        DistSpec::Uniform { min: 1.0, max: 2.0 },
        DistSpec::Lognormal { mean: 3.0, sd: 1.0 },
        DistSpec::Gamma { mean: 3.0, sd: 1.0 },
    ];
    for spec in specs {
        let d = compile(spec);
        let mut a = Xoshiro::seed_from_u64(11);
        let mut b = Xoshiro::seed_from_u64(11);
        let xa: Vec<f64> = (0..100).map(|_| d.sample(&mut a)).collect();
        let xb: Vec<f64> = (0..100).map(|_| d.sample(&mut b)).collect();
        assert_eq!(xa, xb);
    }
}

#[test]
fn inverse_cdf_kinds_draw_exactly_once() {
    let specs = [
        DistSpec::Exponential { mean: 3.0 },
        DistSpec::Uniform { min: 1.0, max: 1.0 },
        DistSpec::Triangular {
            min: 1.0,
            mode: 2.0,
            max: 4.0,
        },
        DistSpec::Empirical {
            values: vec![1.0],
            weights: vec![1.0],
        },
    ];
    for spec in specs {
        let d = compile(spec);
        let mut rng = Xoshiro::seed_from_u64(12);
        let mut reference = rng.clone();
        d.sample(&mut rng);
        reference.next_u64();
        assert_eq!(rng.next_u64(), reference.next_u64());
    }
}

#[test]
fn closed_form_means() {
    let cases = [
        (DistSpec::Fixed { value: 0.0 }, 0.0),
        (DistSpec::Exponential { mean: 0.25 }, 0.25),
        (DistSpec::Uniform { min: 1.5, max: 4.0 }, 2.75),
        (
            DistSpec::Triangular {
                min: 1.0,
                mode: 1.0,
                max: 2.5,
            },
            4.5 / 3.0,
        ),
        (DistSpec::Lognormal { mean: 2.5, sd: 9.0 }, 2.5),
        (
            DistSpec::Gamma {
                mean: 40.0,
                sd: 1.0,
            },
            40.0,
        ),
        (
            DistSpec::Empirical {
                values: vec![0.0, 10.0, 30.0],
                weights: vec![0.1, 0.2, 0.7],
            },
            23.0,
        ),
    ];
    for (spec, expected) in cases {
        assert_close(compile(spec).mean(), expected);
    }
}

#[test]
fn rejects_each_invalid_parameter_with_its_field() {
    use DistSpec::*;
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    assert_eq!(fields(Fixed { value: -1.0 }), ["value"]);
    assert_eq!(fields(Fixed { value: nan }), ["value"]);
    assert_eq!(fields(Exponential { mean: 0.0 }), ["mean"]);
    assert_eq!(fields(Exponential { mean: inf }), ["mean"]);
    assert_eq!(fields(Uniform { min: 5.0, max: 3.0 }), ["max"]);
    assert_eq!(
        fields(Uniform {
            min: -1.0,
            max: 3.0
        }),
        ["min"]
    );
    let tri = |min, mode, max| Triangular { min, mode, max };
    assert_eq!(fields(tri(2.0, 1.0, 14.0)), ["mode"]);
    assert_eq!(fields(tri(2.0, 15.0, 14.0)), ["mode"]);
    assert_eq!(fields(tri(3.0, 3.0, 3.0)), ["max"]);
    assert_eq!(fields(tri(-1.0, 0.0, 1.0)), ["min"]);
    assert_eq!(fields(Lognormal { mean: 0.0, sd: 1.0 }), ["mean"]);
    assert_eq!(fields(Lognormal { mean: 1.0, sd: 0.0 }), ["sd"]);
    assert_eq!(
        fields(Lognormal {
            mean: 1e-200,
            sd: 1e200
        }),
        ["sd"]
    );
    assert_eq!(
        fields(Gamma {
            mean: -3.0,
            sd: 1.0
        }),
        ["mean"]
    );
    assert_eq!(fields(Gamma { mean: 1.0, sd: nan }), ["sd"]);
    assert_eq!(
        messages(Gamma {
            mean: 1e290,
            sd: 1e300
        }),
        [
            "together with mean 1e290 gives a gamma distribution too extreme to sample (got \
          1e300); use smaller numbers"
        ]
    );
    assert_eq!(
        fields(Gamma {
            mean: 1e200,
            sd: 1e-200
        }),
        ["sd"]
    );
    let emp = |values: &[f64], weights: &[f64]| Empirical {
        values: values.to_vec(),
        weights: weights.to_vec(),
    };
    assert_eq!(fields(emp(&[], &[])), ["values", "weights"]);
    assert_eq!(fields(emp(&[1.0, 2.0], &[1.0])), ["weights"]);
    assert_eq!(fields(emp(&[1.0, -2.0], &[0.5, 0.5])), ["values"]);
    assert_eq!(fields(emp(&[1.0, 2.0], &[1.5, -0.5])), ["weights"]);
    assert_eq!(fields(emp(&[1.0, 2.0], &[0.0, 0.0])), ["weights"]);
    assert_eq!(fields(emp(&[1.0, 2.0], &[0.5, inf])), ["weights"]);
}

#[test]
fn collects_every_problem() {
    assert_eq!(
        fields(DistSpec::Uniform {
            min: -1.0,
            max: f64::NAN
        }),
        ["min", "max"]
    );
    assert_eq!(
        fields(DistSpec::Triangular {
            min: f64::NAN,
            mode: -1.0,
            max: f64::INFINITY
        }),
        ["min", "mode", "max"]
    );
    assert_eq!(
        fields(DistSpec::Gamma {
            mean: 0.0,
            sd: -1.0
        }),
        ["mean", "sd"]
    );
    assert_eq!(
        fields(DistSpec::Empirical {
            values: vec![f64::NAN, 1.0, -3.0],
            weights: vec![0.5, 0.5],
        }),
        ["weights", "values", "values"]
    );
}

#[test]
fn messages_say_what_is_wrong_and_what_is_valid() {
    assert_eq!(
        messages(DistSpec::Exponential { mean: -2.0 }),
        ["must be greater than 0 (got -2)"]
    );
    assert_eq!(
        messages(DistSpec::Empirical {
            values: vec![1.0, 2.0, 3.0],
            weights: vec![0.2, 0.3, 0.4],
        }),
        ["must sum to 1 (they sum to 0.9)"]
    );
    assert_eq!(
        messages(DistSpec::Fixed { value: f64::NAN }),
        ["must be a finite number ≥ 0 (got nan)"]
    );
    assert_eq!(
        messages(DistSpec::Uniform { min: 5.0, max: 3.0 }),
        ["must be at least min (5) (got 3)"]
    );
}

#[test]
fn weight_sums_within_tolerance_are_accepted() {
    assert!(DistSpec::Empirical {
        values: vec![1.0, 2.0, 3.0],
        weights: vec![0.1, 0.2, 0.7 + 5e-7],
    }
    .compile()
    .is_ok());
}

#[test]
fn show_reads_like_typed_numbers() {
    assert_eq!(show(0.1 + 0.2), "0.3");
    assert_eq!(show(-2.0), "-2");
    assert_eq!(show(14.0), "14");
    assert_eq!(show(1e300), "1e300");
    assert_eq!(show(2.5e-9), "2.5e-9");
    assert_eq!(show(f64::NEG_INFINITY), "-inf");
}

#[test]
fn describe() {
    let tri = DistSpec::Triangular {
        min: 2.0,
        mode: 5.0,
        max: 14.0,
    };
    assert_eq!(tri.describe(), "triangular(2, 5, 14)");
    assert_eq!(
        DistSpec::Lognormal {
            mean: 10.0,
            sd: 4.5
        }
        .describe(),
        "lognormal(mean 10, sd 4.5)"
    );
    assert_eq!(
        DistSpec::Empirical {
            values: vec![1.0, 2.0],
            weights: vec![0.25, 0.75],
        }
        .describe(),
        "empirical(1: 0.25, 2: 0.75)"
    );
    assert_eq!(
        DistSpec::Empirical {
            values: (0..20).map(f64::from).collect(),
            weights: vec![0.05; 20],
        }
        .describe(),
        "empirical(20 values from 0 to 19)"
    );
}

#[test]
fn constructors_never_panic() {
    assert_eq!(Dist::fixed(-1.0).mean(), 0.0);
    assert_eq!(Dist::fixed(f64::NAN).mean(), 0.0);
    assert_eq!(Dist::fixed(f64::INFINITY).mean(), f64::MAX);
    assert_eq!(Dist::exponential(-3.0).mean(), 0.0);
    assert_eq!(Dist::exponential(f64::NAN).mean(), 0.0);
    let e = Dist::exponential(2.0);
    assert_eq!(e.mean(), 2.0);
    assert_mean(&draws(&e, 13), 2.0, 2.0);
    // A zero-mean "exponential" must not consume random numbers, like any fixed value.
    let mut rng = Xoshiro::seed_from_u64(14);
    let mut untouched = rng.clone();
    assert_eq!(Dist::exponential(0.0).sample(&mut rng), 0.0);
    assert_eq!(rng.next_u64(), untouched.next_u64());
}

#[test]
fn extreme_valid_parameters_give_finite_non_negative_samples() {
    let big = f64::MAX / 2.0;
    let specs = [
        DistSpec::Exponential { mean: big },
        DistSpec::Uniform { min: 0.0, max: big },
        DistSpec::Triangular {
            min: 0.0,
            mode: 1.0,
            max: f64::MAX,
        },
        DistSpec::Lognormal { mean: big, sd: big },
        DistSpec::Lognormal {
            mean: 1e-300,
            sd: 1e-300,
        },
        DistSpec::Gamma {
            mean: 1.0,
            sd: 1e11,
        },
        DistSpec::Gamma {
            mean: 1e100,
            sd: 1e99,
        },
        DistSpec::Empirical {
            values: vec![f64::MAX, 0.0],
            weights: vec![0.5, 0.5],
        },
    ];
    let mut rng = Xoshiro::seed_from_u64(15);
    for spec in specs {
        let d = compile(spec.clone());
        for _ in 0..10_000 {
            let x = d.sample(&mut rng);
            assert!(x.is_finite() && x >= 0.0, "{spec:?} gave {x}");
        }
        assert!(d.mean().is_finite(), "{spec:?}");
    }
}

#[test]
fn dist_is_send_and_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Dist>();
}

#[derive(Debug, serde::Deserialize)]
struct Wrapper {
    d: DistSpec,
}

#[test]
fn deserialises_from_toml_with_integers_as_floats() {
    let w: Wrapper = toml::from_str("d = { dist = \"lognormal\", mean = 10, sd = 4 }").unwrap();
    assert_eq!(
        w.d,
        DistSpec::Lognormal {
            mean: 10.0,
            sd: 4.0
        }
    );

    let w: Wrapper =
        toml::from_str("d = { dist = \"triangular\", min = 2, mode = 5.5, max = 14 }").unwrap();
    assert_eq!(w.d.describe(), "triangular(2, 5.5, 14)");

    let w: Wrapper = toml::from_str(
        "[d]\ndist = \"empirical\"\nvalues = [1, 2.5, 7]\nweights = [0.2, 0.5, 0.3]\n",
    )
    .unwrap();
    assert_eq!(
        w.d,
        DistSpec::Empirical {
            values: vec![1.0, 2.5, 7.0],
            weights: vec![0.2, 0.5, 0.3],
        }
    );

    let w: Wrapper = toml::from_str("d = { dist = \"fixed\", value = nan }").unwrap();
    assert_eq!(fields(w.d), ["value"]);
}

#[test]
fn rejects_unknown_fields_and_kinds() {
    let err = toml::from_str::<Wrapper>("d = { dist = \"lognormal\", meen = 10, sd = 4 }")
        .unwrap_err()
        .to_string();
    assert!(err.contains("meen"), "{err}");
    assert!(toml::from_str::<Wrapper>("d = { dist = \"weibull\", mean = 1 }").is_err());
    assert!(toml::from_str::<Wrapper>("d = { mean = 1 }").is_err());
    assert!(toml::from_str::<Wrapper>("d = { dist = \"fixed\", value = \"3\" }").is_err());
}

#[test]
fn serialises_and_reads_back() {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct W {
        d: DistSpec,
    }
    let w = W {
        d: DistSpec::Gamma { mean: 3.0, sd: 1.5 },
    };
    let text = toml::to_string(&w).unwrap();
    assert_eq!(toml::from_str::<W>(&text).unwrap(), w);
}
