//! `prerender [INDEX_HTML]`: fills a built `index.html` with the page's default view
//! and the tour as text, and inlines its style sheet and early script
//! (`slotscope::ui::prerender`), once per language: the English page in place, the
//! Chinese one as `zh/index.html` beside it, and the Chinese catalogue the browser
//! loads (`catalogue-zh-<hash>.txt`). The style sheet, inlined into both, is removed. Trunk.toml runs it after each build on the
//! staged page ($TRUNK_STAGING_DIR/index.html when no path is given).

use slotscope::i18n::Lang;
use slotscope::ui::prerender::{catalogue_asset, inline_critical, name_catalogue, page_dir, page_in};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn run(path: &Path) -> Result<(), String> {
    let index = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let (file, asset) = catalogue_asset();
    write(&dir.join(&file), &asset)?;
    let inlined = std::cell::RefCell::new(Vec::new());
    for lang in Lang::ALL {
        let html = page_in(&index, lang).and_then(|h| name_catalogue(&h, lang, &file))?;
        let html = inline_critical(&html, |name| {
            inlined.borrow_mut().push(name.to_string());
            std::fs::read_to_string(dir.join(name)).map_err(|e| format!("cannot read {name}: {e}"))
        })?;
        let out = dir.join(page_dir(lang)).join("index.html");
        write(&out, &html)?;
        eprintln!("prerender: filled {} ({})", out.display(), lang.code());
    }
    // The style sheet now lives inside both pages: its file would be served to no one.
    for name in inlined.into_inner() {
        let _ = std::fs::remove_file(dir.join(name));
    }
    Ok(())
}

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
    match run(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prerender: {e}");
            ExitCode::FAILURE
        }
    }
}
