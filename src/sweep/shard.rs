//! Shards: `--shard K/N` runs every N-th point of a sweep (points K−1, K−1+N, …), so N machines
//! or array-job tasks share one sweep, each writing its own directory for `sweep merge`.
//! `--shard auto` reads K and N from the array job's environment: Slurm
//! (`SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_STEP`,
//! `SLURM_ARRAY_TASK_COUNT`), Kubernetes Indexed Jobs (`JOB_COMPLETION_INDEX`, from 0, with
//! `--shards N`) or GNU parallel (`PARALLEL_SEQ`, from 1, with `--shards N`).

use std::fmt;

/// Largest number of shards: beyond any cluster's array limit.
pub const MAX_SHARDS: usize = 1_000_000;

/// Shard `k` of `n`, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// The point with this index is this shard's.
    pub fn includes(&self, index: usize) -> bool {
        index % self.n == self.k - 1
    }

    /// `--shard` as written (`K/N` or `auto`), with `--shards N`; `env` looks a variable up.
    pub fn parse(
        text: &str,
        shards: Option<usize>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Shard, String> {
        let text = text.trim();
        if text == "auto" {
            return auto(shards, env);
        }
        let parsed = text
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
        let Some((k, n)) = parsed else {
            return Err(format!(
                "--shard \"{text}\" needs the form K/N (e.g. 2/3: the second of three shares) or auto"
            ));
        };
        if shards.is_some_and(|s| s != n) {
            return Err(format!(
                "--shard {text} and --shards {} disagree",
                shards.unwrap_or(0)
            ));
        }
        checked(k, n, &format!("--shard {text}"))
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

fn checked(k: usize, n: usize, what: &str) -> Result<Shard, String> {
    if n == 0 || n > MAX_SHARDS || k == 0 || k > n {
        return Err(format!(
            "{what}: K must be from 1 to N, and N from 1 to {MAX_SHARDS}"
        ));
    }
    Ok(Shard { k, n })
}

/// K and N from the environment of an array job.
fn auto(shards: Option<usize>, env: &dyn Fn(&str) -> Option<String>) -> Result<Shard, String> {
    let number = |name: &str| -> Result<Option<usize>, String> {
        match env(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| format!("--shard auto: {name}=\"{v}\" is not a whole number")),
        }
    };
    if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
        let count = number("SLURM_ARRAY_TASK_COUNT")?
            .ok_or("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")?;
        let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let step = number("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
        if id < min {
            return Err(format!(
                "--shard auto: SLURM_ARRAY_TASK_ID {id} is below SLURM_ARRAY_TASK_MIN {min}"
            ));
        }
        if shards.is_some_and(|s| s != count) {
            return Err(format!(
                "--shard auto: the Slurm array has {count} tasks, --shards says {}",
                shards.unwrap_or(0)
            ));
        }
        return checked((id - min) / step + 1, count, "--shard auto (Slurm)");
    }
    let indexed = [
        ("JOB_COMPLETION_INDEX", 1, "Kubernetes"),
        ("PARALLEL_SEQ", 0, "GNU parallel"),
    ];
    for (name, add, who) in indexed {
        if let Some(i) = number(name)? {
            let n = shards.ok_or(format!(
                "--shard auto found {name} ({who}) but not the number of shards: add --shards N"
            ))?;
            return checked(i + add, n, &format!("--shard auto ({who}: {name}={i})"));
        }
    }
    Err("--shard auto needs an array job's index: SLURM_ARRAY_TASK_ID (Slurm), JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or PARALLEL_SEQ (GNU parallel); none is set. Or give --shard K/N".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn k_of_n_takes_every_nth_point() {
        let s = Shard::parse("2/3", None, &env(&[])).unwrap();
        let mine: Vec<usize> = (0..9).filter(|i| s.includes(*i)).collect();
        assert_eq!(mine, [1, 4, 7]);
        assert!(Shard::parse("0/3", None, &env(&[])).is_err());
        assert!(Shard::parse("4/3", None, &env(&[])).is_err());
        assert!(Shard::parse("a/b", None, &env(&[])).is_err());
    }

    #[test]
    fn auto_reads_slurm_kubernetes_and_gnu_parallel() {
        let slurm = [
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ];
        assert_eq!(
            Shard::parse("auto", None, &env(&slurm)),
            Ok(Shard { k: 2, n: 3 })
        );
        let k8s = [("JOB_COMPLETION_INDEX", "0")];
        assert_eq!(
            Shard::parse("auto", Some(4), &env(&k8s)),
            Ok(Shard { k: 1, n: 4 })
        );
        assert!(Shard::parse("auto", None, &env(&k8s))
            .unwrap_err()
            .contains("--shards"));
        let gnu = [("PARALLEL_SEQ", "3")];
        assert_eq!(
            Shard::parse("auto", Some(3), &env(&gnu)),
            Ok(Shard { k: 3, n: 3 })
        );
        assert!(Shard::parse("auto", None, &env(&[])).is_err());
    }
}
