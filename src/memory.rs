//! Memory returned to the system while a dictionary loads.
//!
//! Loading frees many small blocks (the file's text, the parser's and the
//! build's temporaries, such as a folded copy of every alias) while it
//! allocates large ones (the automaton's arrays). mimalloc 3, the binary's
//! allocator, keeps freed memory for a second (its `purge_delay`) before it
//! gives it back, and a million aliases load in less: every freed block
//! would still count in the peak. So while a dictionary loads, freed memory
//! goes back at once, which lowers the peak resident size of every load
//! (figures in docs/performance.md, "What costs what"). Tagging keeps the
//! one-second delay, under which it takes fewer page faults.

use libmimalloc_sys::{mi_collect, mi_option_get, mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h`, which the Rust
/// bindings leave out (a test checks its default).
const PURGE_DELAY: mi_option_t = 15;

/// Runs `load` with freed memory returned to the system at once, then
/// restores the purge delay and returns what is still held.
///
/// Only for the single-threaded start of a command: mimalloc's options are
/// plain values, not meant to be set while other threads allocate.
pub fn loading<T>(load: impl FnOnce() -> T) -> T {
    // SAFETY: reading and setting an option and collecting the calling
    // thread's heap; the caller has no other thread allocating.
    let delay = unsafe { mi_option_get(PURGE_DELAY) };
    unsafe { mi_option_set(PURGE_DELAY, 0) };
    let loaded = load();
    unsafe {
        mi_collect(true);
        mi_option_set(PURGE_DELAY, delay);
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_mimallocs() {
        // The option at our index has the purge delay's default (unless the
        // environment sets it), and `loading` restores it.
        let expected = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, expected);
        let seen = loading(|| unsafe { mi_option_get(PURGE_DELAY) });
        assert_eq!(seen, 0);
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, expected);
    }
}
