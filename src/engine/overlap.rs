//! Overlap policies: which of the overlapping candidate spans to keep.

use super::Candidate;

/// What to do when candidate spans overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlap {
    /// Non-overlapping spans; the longest wins (`South Korea` over `Korea`),
    /// ties broken by priority, then by the earlier start.
    #[default]
    Longest,
    /// Every candidate.
    All,
    /// Every candidate except those strictly inside another one.
    NoSub,
}

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
            let mut order: Vec<usize> = (0..candidates.len()).collect();
            order.sort_by_key(|&i| {
                let c = &candidates[i];
                (
                    std::cmp::Reverse(c.end - c.start),
                    std::cmp::Reverse(c.priority),
                    c.start,
                )
            });
            // The bytes the kept spans cover. A candidate comes after every
            // longer one, so a kept span that overlaps it covers its first
            // or its last byte: one inside it would be longer than it.
            // (No rule makes an empty span; one would cover nothing, and is
            // dropped.)
            let reach = candidates.iter().map(|c| c.end).max().unwrap_or(0);
            let mut covered = vec![false; reach];
            let mut keep = vec![false; candidates.len()];
            for i in order {
                let c = &candidates[i];
                if c.start >= c.end || covered[c.start] || covered[c.end - 1] {
                    continue;
                }
                covered[c.start..c.end].fill(true);
                keep[i] = true;
            }
            let mut index = 0;
            candidates.retain(|_| {
                index += 1;
                keep[index - 1]
            });
        }
    }
    candidates.sort_by_key(|c| (c.start, c.end));
    candidates
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
            named: false,
            phrase: false,
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
