//! The `gazette` binary: parses the command line and calls the library.

/// mimalloc: the engine allocates a few small vectors per document, and
/// the server a few buffers per request. Built without transparent huge
/// pages (`no_thp`): with them, a million aliases took 298 MiB at most
/// instead of 281, over the 300 MB the scale target allows.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    gazette::cli::main()
}
