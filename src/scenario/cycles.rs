//! Loops without time: a citizen who can go round stages (and the passive state with its path)
//! at one instant, through stays of length 0, zero delays and breakdowns after 0 days, keeps the
//! clock still. A loop the citizen can never leave at that instant would hang the run, so it is
//! an error; one that can be left is legitimate (referral steps) but is named in a warning, and
//! the engine stops a run in which a citizen moves too often at one instant.

use crate::model::{Path, Stage, StageId, Stream, Target};

/// A loop of stages found for one segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Loop {
    pub segment: usize,
    /// The stages of the loop, in index order.
    pub stages: Vec<StageId>,
    /// Citizens can never leave the loop without time passing.
    pub closed: bool,
}

/// Zero-time moves out of each stage for citizens of `segment`: (to, probability). The
/// probability is that of moving there at the same instant the stay began.
fn zero_time_moves(stages: &[Stage], paths: &[Path], segment: usize) -> Vec<Vec<(StageId, f64)>> {
    // Where a citizen goes at once after a stay ends in the passive state: the path the segment
    // takes as a returner, if its delay can be 0.
    let back = paths
        .iter()
        .find(|p| {
            p.segments.get(segment).copied().unwrap_or(false) && p.streams[Stream::Returner.index()]
        })
        .and_then(|p| {
            let now = match &p.delay {
                Some(d) => d.mass_at_zero(),
                None => 1.0,
            };
            (p.delay_days == 0.0 && now > 0.0).then_some((p.referral.stage, now))
        });
    let resolve = |target: &Target, p: f64, out: &mut Vec<(StageId, f64)>| match target {
        Target::Stage(r) => {
            // A free place starts the citizen at once; a full one with a fallback and no
            // maximum wait sends them on at once: both count, as the worst case.
            out.push((r.stage, p));
            if let (Some(f), Some(0.0)) = (r.fallback, r.deadline_days()) {
                out.push((f, p));
            }
        }
        Target::Passive => {
            if let Some((s, q)) = back {
                out.push((s, p * q));
            }
        }
        Target::Job | Target::OtherBenefit => {}
    };
    stages
        .iter()
        .map(|stage| {
            let mut out = Vec::new();
            let zero = stage.duration.mass_at_zero();
            if zero > 0.0 {
                let total: f64 = stage.routes.iter().map(|r| r.weight).sum();
                for r in stage.routes.iter().filter(|r| r.weight > 0.0) {
                    resolve(
                        &r.target,
                        zero * r.weight / total.max(f64::MIN_POSITIVE),
                        &mut out,
                    );
                }
            }
            // A breakdown before the stay's end only happens when the stay has a length.
            if let Some(b) = &stage.breakdown {
                let p = (1.0 - zero) * b.probability * b.after.mass_at_zero();
                if p > 0.0 {
                    resolve(&b.target, p, &mut out);
                }
            }
            out
        })
        .collect()
}

/// Every loop without time, per segment (each set of stages reported once, for the first segment
/// that has it).
pub fn zero_time_loops(stages: &[Stage], paths: &[Path], segments: usize) -> Vec<Loop> {
    let mut found: Vec<Loop> = Vec::new();
    for g in 0..segments {
        let moves = zero_time_moves(stages, paths, g);
        for component in strongly_connected(&moves) {
            let is_loop = component.len() > 1
                || moves[component[0]]
                    .iter()
                    .any(|&(to, _)| to == component[0]);
            if !is_loop || found.iter().any(|l| l.stages == component) {
                continue;
            }
            // Closed: from every stage of the loop, every zero-time move stays in it and
            // happens for sure, so nothing but time could take the citizen out.
            let closed = component.iter().all(|&s| {
                let inside: f64 = moves[s]
                    .iter()
                    .filter(|(to, _)| component.contains(to))
                    .map(|(_, p)| p)
                    .sum();
                inside >= 1.0 - 1e-9
            });
            found.push(Loop {
                segment: g,
                stages: component,
                closed,
            });
        }
    }
    found
}

/// Strongly connected components of a small directed graph (Tarjan's algorithm, iterative so a
/// long chain of stages cannot overflow the stack), each sorted.
fn strongly_connected(edges: &[Vec<(StageId, f64)>]) -> Vec<Vec<StageId>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(&(w, _)) = edges[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_of_a_small_graph() {
        // 0 → 1 → 2 → 0, 2 → 3, 3 → 3
        let e = |to: &[usize]| to.iter().map(|&t| (t, 1.0)).collect::<Vec<_>>();
        let edges = vec![e(&[1]), e(&[2]), e(&[0, 3]), e(&[3])];
        let mut c = strongly_connected(&edges);
        c.sort();
        assert_eq!(c, vec![vec![0, 1, 2], vec![3]]);
    }
}
