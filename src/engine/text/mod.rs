//! Text as bytes and characters, below every stage that reads words.
//!
//! - `normalize.rs`: the folded copy of a text that matching runs on, with
//!   the map back to the original's offsets.
//! - `script.rs`: character classes and the word-boundary rules.
//! - `keys.rs`: short byte strings as integer keys, and the table that
//!   looks them up.
//! - `swar.rs`: the byte-parallel bit tricks, each once, with its oracle.

pub(crate) mod keys;
pub mod normalize;
pub(crate) mod script;
pub(crate) mod swar;
