//! Byte-parallel tests on ASCII ("SIMD within a register"): eight or sixteen
//! bytes in one `u64` or `u128`, each test a handful of integer operations
//! for all of them at once.
//!
//! Every function here answers per byte, in the byte's high bit, and each
//! has an oracle test below that compares it with the byte-by-byte answer.
//! The normalizer (lower-casing eight bytes at once), the word split (the
//! end of a run of letters and digits) and the lexicon's keys (sixteen
//! bytes lower-cased) use them; no other file holds a bit trick.

use std::ops::{Add, BitAnd, BitOr, BitXor, Mul, Not, Shr};

/// An integer read as lanes of bytes.
pub trait Lanes:
    Copy
    + Eq
    + Add<Output = Self>
    + Mul<Output = Self>
    + BitAnd<Output = Self>
    + BitOr<Output = Self>
    + BitXor<Output = Self>
    + Not<Output = Self>
    + Shr<u32, Output = Self>
    + From<u8>
{
    /// 0x01 in every byte.
    const ONES: Self;
    /// 0x80 in every byte.
    const HIGH: Self;
}

impl Lanes for u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
}

impl Lanes for u128 {
    const ONES: u128 = 0x0101_0101_0101_0101_0101_0101_0101_0101;
    const HIGH: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
}

/// `byte` in every byte.
#[inline(always)]
pub fn splat<L: Lanes>(byte: u8) -> L {
    L::ONES * L::from(byte)
}

/// The high bit of each byte that is not ASCII (0x80 or above).
#[inline(always)]
pub fn non_ascii<L: Lanes>(x: L) -> L {
    x & L::HIGH
}

/// The high bit of each byte from `lo` to `hi`, both included, for lanes
/// whose bytes are all below 0x80 (`lo <= hi < 0x80`). No sum carries into
/// the next byte: a byte below 0x80 plus at most 0x80 stays below 0x100.
#[inline(always)]
pub fn in_range<L: Lanes>(x: L, lo: u8, hi: u8) -> L {
    debug_assert!(lo <= hi && hi < 0x80);
    let at_least_lo = x + splat(0x80 - lo);
    let above_hi = x + splat(0x7f - hi);
    at_least_lo & !above_hi & L::HIGH
}

/// The high bit of each byte equal to `byte`, for any bytes: a byte is
/// equal exactly when its xor with `byte` is zero.
#[inline(always)]
pub fn equal_to<L: Lanes>(x: L, byte: u8) -> L {
    let y = x ^ splat(byte);
    // The low seven bits plus 0x7f reach the high bit unless they are zero.
    !(((y & !L::HIGH) + !L::HIGH) | y | !L::HIGH)
}

/// The bytes lower-cased, for lanes whose bytes are all below 0x80: 0x20
/// added to each of 'A' to 'Z'.
#[inline(always)]
pub fn to_lower<L: Lanes>(x: L) -> L {
    x | (in_range(x, b'A', b'Z') >> 2)
}

/// The high bit of each byte that is an ASCII letter or digit, for any
/// bytes.
#[inline(always)]
pub fn alphanumeric<L: Lanes>(x: L) -> L {
    let ascii = !x & L::HIGH;
    let low = x & !L::HIGH;
    // Setting 0x20 lower-cases letters, and makes no other byte one.
    (in_range(low, b'0', b'9') | in_range(low | splat(0x20), b'a', b'z')) & ascii
}

/// The high bit of each byte whose high bit is not set in `flags`: the
/// bytes a test did not find.
#[inline(always)]
pub fn complement<L: Lanes>(flags: L) -> L {
    !flags & L::HIGH
}

/// A 0xFF byte for each byte whose high bit is set in `flags`, 0 for the
/// others.
#[inline(always)]
pub fn mask<L: Lanes>(flags: L) -> L {
    (flags >> 7) * L::from(0xFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eight lanes holding `a` and `b` in a pattern that puts each beside
    /// the other and itself.
    fn lanes(a: u8, b: u8) -> [u8; 8] {
        [a, b, b, a, a, b, a, b]
    }

    /// Each lane's answer, from the high bits `got`, as booleans.
    fn answers(got: u64) -> [bool; 8] {
        got.to_le_bytes().map(|b| {
            assert!(b == 0 || b == 0x80, "only the high bit is set: {b:#x}");
            b == 0x80
        })
    }

    #[test]
    fn in_range_agrees_with_a_comparison() {
        for lo in 0..128u8 {
            for hi in lo..128u8 {
                for a in (0..128u8).step_by(3) {
                    let b = a ^ 0x15;
                    let bytes = lanes(a, b);
                    let got = answers(in_range(u64::from_le_bytes(bytes), lo, hi));
                    assert_eq!(got, bytes.map(|x| (lo..=hi).contains(&x)), "{lo} {hi} {a}");
                }
            }
        }
    }

    #[test]
    fn byte_tests_agree_with_byte_by_byte_ones() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = lanes(a, b);
                let x = u64::from_le_bytes(bytes);
                assert_eq!(answers(non_ascii(x)), bytes.map(|x| x >= 0x80));
                assert_eq!(
                    answers(alphanumeric(x)),
                    bytes.map(|x| x.is_ascii_alphanumeric()),
                    "{bytes:?}"
                );
                for byte in [b'-', b' ', 0, 0x80, 0xff, a] {
                    assert_eq!(answers(equal_to(x, byte)), bytes.map(|x| x == byte));
                }
                if a < 0x80 && b < 0x80 {
                    let lower = to_lower(x).to_le_bytes();
                    assert_eq!(lower, bytes.map(|x| x.to_ascii_lowercase()), "{bytes:?}");
                    let wide = u128::from(x) | (u128::from(x) << 64);
                    let lower16 = to_lower(wide).to_le_bytes();
                    assert_eq!(lower16[..8], lower16[8..]);
                    assert_eq!(lower16[..8], lower);
                }
            }
        }
    }

    #[test]
    fn masks_and_complements_of_flags() {
        let flags = u64::from_le_bytes([0x80, 0, 0x80, 0x80, 0, 0, 0, 0x80]);
        assert_eq!(
            mask(flags).to_le_bytes(),
            [0xff, 0, 0xff, 0xff, 0, 0, 0, 0xff]
        );
        assert_eq!(
            complement(flags).to_le_bytes(),
            [0, 0x80, 0, 0, 0x80, 0x80, 0x80, 0]
        );
    }
}
