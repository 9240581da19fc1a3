//! Short byte strings as `u128` keys, in an open-addressing table: the
//! lexicon's words and the trie's first words are looked up once per word
//! of every text, and a key that is one integer hashes and compares in a
//! few instructions, where a general hash map hashes the bytes.

/// The bytes `text[start..end]`, at most 16 and none of them zero, packed
/// into a key (zero-padded, so never zero itself); `None` if longer or
/// empty. Reads sixteen bytes at once when the text has them: a copy of a
/// few bytes is a call to memcpy.
#[inline]
pub fn load(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len == 0 || len > 16 {
        return None;
    }
    let mut buffer = [0u8; 16];
    Some(match text.get(start..start + 16) {
        Some(chunk) => {
            buffer.copy_from_slice(chunk);
            u128::from_le_bytes(buffer) & (u128::MAX >> (128 - 8 * len))
        }
        None => {
            buffer[..len].copy_from_slice(&text[start..end]);
            u128::from_le_bytes(buffer)
        }
    })
}

/// The length of the bytes packed in `key` by [`load`].
pub fn len(key: u128) -> usize {
    (128 - key.leading_zeros() as usize).div_ceil(8)
}

/// A map from keys made by [`load`] to values, open addressing with room
/// to spare. Beside the slots, a 16-bit fingerprint per slot: a probe reads
/// the fingerprints, an eighth the size of the slots and so more often in
/// cache, and a slot only where its fingerprint matches. A zero fingerprint
/// is an empty slot.
#[derive(Debug, Clone)]
pub struct Table<V> {
    prints: Box<[u16]>,
    slots: Box<[(u128, V)]>,
    /// 64 minus the bits of a slot index.
    shift: u32,
}

impl<V: Copy + Default> Table<V> {
    /// A table of `entries`, whose keys are distinct, with `spread` slots
    /// per entry, rounded up to a power of two: the more slots, the fewer
    /// probes for a key the table lacks.
    pub fn new(entries: impl ExactSizeIterator<Item = (u128, V)>, spread: f64) -> Table<V> {
        let bits = ((entries.len() as f64 * spread).ceil() as usize)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut table = Table {
            prints: vec![0; 1 << bits].into_boxed_slice(),
            slots: vec![(0, V::default()); 1 << bits].into_boxed_slice(),
            shift: 64 - bits,
        };
        let mask = table.slots.len() - 1;
        for (key, value) in entries {
            let (mut slot, print) = table.hash(key);
            while table.prints[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            table.prints[slot] = print;
            table.slots[slot] = (key, value);
        }
        table
    }

    /// The first slot to probe for `key`, and its fingerprint (never zero).
    #[inline]
    fn hash(&self, key: u128) -> (usize, u16) {
        let mixed = ((key as u64) ^ ((key >> 64) as u64).rotate_left(29))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((mixed >> self.shift) as usize, (mixed >> 24) as u16 | 1)
    }

    /// The value of `key`, if it is in the table.
    #[inline]
    pub fn get(&self, key: u128) -> Option<V> {
        let mask = self.slots.len() - 1;
        let (mut slot, print) = self.hash(key);
        loop {
            match self.prints[slot] {
                0 => return None,
                found if found == print && self.slots[slot].0 == key => {
                    return Some(self.slots[slot].1);
                }
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Heap bytes used.
    pub fn memory_usage(&self) -> usize {
        std::mem::size_of_val(&*self.prints) + std::mem::size_of_val(&*self.slots)
    }
}

impl<V: Copy + Default> Default for Table<V> {
    fn default() -> Table<V> {
        Table::new(std::iter::empty(), 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_the_table() {
        let text = b"seoul tokyo washington-upon-a-long-river x";
        let words = [(0, 5), (6, 11), (12, 22), (41, 42)];
        let table: Table<u32> = Table::new(
            words
                .iter()
                .enumerate()
                .map(|(i, &(s, e))| (load(text, s, e).unwrap(), i as u32)),
            2.0,
        );
        for (i, &(s, e)) in words.iter().enumerate() {
            let key = load(text, s, e).unwrap();
            assert_eq!(len(key), e - s);
            assert_eq!(&key.to_le_bytes()[..e - s], &text[s..e]);
            assert_eq!(table.get(key), Some(i as u32));
        }
        assert_eq!(table.get(load(b"seou", 0, 4).unwrap()), None);
        assert_eq!(load(text, 12, 41), None, "longer than 16 bytes");
        assert_eq!(load(text, 3, 3), None, "empty");
    }
}
