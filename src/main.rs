fn main() -> std::process::ExitCode {
    nhi_companion::cli::main()
}
