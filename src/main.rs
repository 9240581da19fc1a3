//! The `gazette` binary: parses the command line and calls the library.

fn main() -> std::process::ExitCode {
    gazette::cli::main()
}
