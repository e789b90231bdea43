//! The browser entry point (built by Trunk). Natively it only points to the CLI.

#[cfg(target_arch = "wasm32")]
fn main() {
    groupscope::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("groupscope is the browser app (build it with `make serve`); the native tool is groupscope-cli.");
}
