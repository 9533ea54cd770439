//! The `rulestudio` binary: the command line, and the studio when run
//! without a subcommand.

fn main() -> std::process::ExitCode {
    rulestudio::cli::main()
}
