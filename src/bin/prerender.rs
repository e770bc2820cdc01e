//! `prerender [INDEX_HTML]`: fills a built `index.html` with the page's default view
//! and the tour as text, and inlines its style sheet and early script
//! (`slotscope::ui::prerender`). Trunk.toml runs it after each
//! build on the staged page ($TRUNK_STAGING_DIR/index.html when no path is given).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = match std::env::args_os().nth(1) {
        Some(p) => PathBuf::from(p),
        None => match std::env::var_os("TRUNK_STAGING_DIR") {
            Some(dir) => PathBuf::from(dir).join("index.html"),
            None => {
                eprintln!("prerender: give the index.html to fill (or run from a trunk hook)");
                return ExitCode::from(2);
            }
        },
    };
    let result = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
        .and_then(|html| slotscope::ui::prerender::page(&html))
        .and_then(|html| {
            let dir = path.parent().unwrap_or(std::path::Path::new("."));
            slotscope::ui::prerender::inline_critical(&html, |name| {
                std::fs::read_to_string(dir.join(name)).map_err(|e| format!("cannot read {name}: {e}"))
            })
        })
        .and_then(|page| std::fs::write(&path, page).map_err(|e| format!("cannot write {}: {e}", path.display())));
    match result {
        Ok(()) => {
            eprintln!("prerender: filled {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("prerender: {e}");
            ExitCode::FAILURE
        }
    }
}
