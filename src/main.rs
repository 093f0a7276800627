//! The `kapacitet` command: a thin shell over the library.

fn main() {
    std::process::exit(kapacitet::cli::main());
}
