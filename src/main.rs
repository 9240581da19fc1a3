//! The `gazette` binary: parses the command line and calls the library.

/// mimalloc: the engine allocates a few small vectors per document, and
/// the server a few buffers per request. Built without transparent huge
/// pages (`no_thp`): they raise the peak memory of a large dictionary
/// (docs/performance.md, "What costs what").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    gazette::cli::main()
}
