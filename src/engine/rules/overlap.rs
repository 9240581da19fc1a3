//! Overlap policies: which of the overlapping candidate spans to keep.

use smallvec::SmallVec;

use crate::engine::extraction::Overlap;
use crate::engine::scan::Candidate;
use crate::engine::words::sort_by_span;

/// Applies `policy` to candidates; returns the kept ones in text order (by
/// start, then end).
pub(crate) fn resolve(mut candidates: Vec<Candidate>, policy: Overlap) -> Vec<Candidate> {
    match policy {
        Overlap::All => {}
        Overlap::NoSub => {
            // Sorted by start, then longest first, a candidate is inside
            // another exactly when an earlier candidate with a different
            // span reaches its end. Equal spans sit next to each other.
            candidates.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
            let mut reach = 0;
            let mut group = (0, 0);
            candidates.retain(|c| {
                if (c.start, c.end) != group {
                    reach = reach.max(group.1);
                    group = (c.start, c.end);
                }
                reach < c.end
            });
        }
        Overlap::Longest => {
            // In text order, candidates that overlap come in clusters, each
            // one overlapping an earlier one of its cluster. The rule only
            // weighs candidates of one cluster against each other, and
            // most clusters are one candidate, kept at once: no sort of the
            // whole document by length and priority.
            sort_by_span(&mut candidates, |c| (c.start, c.end));
            let mut keep = vec![false; candidates.len()];
            let mut first = 0;
            let mut reach = 0;
            for i in 0..=candidates.len() {
                if i < candidates.len() && candidates[i].start < reach {
                    reach = reach.max(candidates[i].end);
                    continue;
                }
                if i > first {
                    longest_in(&candidates[first..i], &mut keep[first..i]);
                }
                if let Some(c) = candidates.get(i) {
                    (first, reach) = (i, c.end);
                }
            }
            let mut index = 0;
            candidates.retain(|_| {
                index += 1;
                keep[index - 1]
            });
            return candidates;
        }
    }
    sort_by_span(&mut candidates, |c| (c.start, c.end));
    candidates
}

/// `Longest` within one cluster of overlapping candidates, in text order:
/// the longest first, then the highest priority, then the earliest, each
/// kept if it overlaps no kept one.
fn longest_in(cluster: &[Candidate], keep: &mut [bool]) {
    if let [only] = cluster {
        // No rule makes an empty span; one would cover nothing, and is
        // dropped.
        keep[0] = only.start < only.end;
        return;
    }
    let mut order: SmallVec<[usize; 8]> = (0..cluster.len()).collect();
    order.sort_by_key(|&i| {
        let c = &cluster[i];
        (
            std::cmp::Reverse(c.end - c.start),
            std::cmp::Reverse(c.priority),
            c.start,
        )
    });
    // The bytes the kept spans cover. A candidate comes after every
    // longer one, so a kept span that overlaps it covers its first or its
    // last byte: one inside it would be longer than it.
    let base = cluster[0].start;
    let reach = cluster.iter().map(|c| c.end).max().unwrap_or(base);
    let mut covered: SmallVec<[bool; 128]> = smallvec::smallvec![false; reach - base];
    for i in order {
        let c = &cluster[i];
        if c.start >= c.end || covered[c.start - base] || covered[c.end - 1 - base] {
            continue;
        }
        covered[c.start - base..c.end - base].fill(true);
        keep[i] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn candidate((start, len, priority): (usize, usize, i32)) -> Candidate {
        Candidate {
            start,
            end: start + len,
            targets: Default::default(),
            priority,
            title: None,
            kind: crate::engine::scan::Kind::Alias,
        }
    }

    /// `Longest` as written: each candidate, longest and highest priority
    /// first, is kept if it overlaps no kept one.
    fn longest_by_hand(candidates: &[Candidate]) -> Vec<(usize, usize, i32)> {
        let mut order: Vec<&Candidate> = candidates.iter().collect();
        order.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.end - c.start),
                std::cmp::Reverse(c.priority),
                c.start,
            )
        });
        let mut kept: Vec<&Candidate> = Vec::new();
        for c in order {
            if !kept.iter().any(|k| k.start < c.end && c.start < k.end) {
                kept.push(c);
            }
        }
        let mut spans: Vec<_> = kept.iter().map(|c| (c.start, c.end, c.priority)).collect();
        spans.sort();
        spans
    }

    proptest! {
        /// The first-or-last-byte test keeps exactly what the rule keeps.
        #[test]
        fn longest_keeps_what_the_rule_says(
            spans in prop::collection::vec((0usize..80, 1usize..12, 0i32..3), 0..40)
        ) {
            let candidates: Vec<Candidate> = spans.into_iter().map(candidate).collect();
            let expected = longest_by_hand(&candidates);
            let kept: Vec<_> = resolve(candidates, Overlap::Longest)
                .iter()
                .map(|c| (c.start, c.end, c.priority))
                .collect();
            prop_assert_eq!(kept, expected);
        }
    }
}
