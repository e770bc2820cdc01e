//! `prerender [INDEX_HTML]`: fills a built `index.html` with the page's default view
//! and the tour as text, and inlines its style sheet and early script
//! (`slotscope::ui::prerender`), once per language: the English page in place, the
//! Chinese one as `zh/index.html` beside it, and the Chinese catalogue the browser
//! loads (`catalogue-zh-<hash>.txt`). The style sheet, inlined into both, is removed. Trunk.toml runs it after each build on the
//! staged page ($TRUNK_STAGING_DIR/index.html when no path is given). In a release
//! build ($TRUNK_PROFILE=release) it first minifies the page's scripts with terser
//! (`.tools/npm`, installed by scripts/setup.sh) and corrects their integrity hashes
//! (`slotscope::ui::minify`).

use slotscope::i18n::Lang;
use slotscope::ui::minify::minify_scripts;
use slotscope::ui::prerender::{catalogue_asset, inline_critical, name_catalogue, page_dir, page_in};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// terser, as scripts/setup.sh installs it beside the crate.
const TERSER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.tools/npm/node_modules/terser/bin/terser");

/// `text` (the ES module `name`) compressed and mangled by terser.
fn terser(name: &str, text: &str) -> Result<String, String> {
    if !Path::new(TERSER).exists() {
        return Err(format!("{TERSER} is missing: run ./scripts/setup.sh"));
    }
    let mut child = Command::new("node")
        .args([TERSER, "--module", "--compress", "--mangle"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run node for terser: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("terser has no standard input")?;
    let input = text.to_string();
    // Written from a thread: a large script would fill the pipe while terser's output
    // waits to be read.
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| format!("terser on {name}: {e}"))?;
    feeder
        .join()
        .map_err(|_| format!("terser on {name}: writing its input failed"))?
        .map_err(|e| format!("terser on {name}: {e}"))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(format!("terser on {name} failed: {}", why.lines().next().unwrap_or("no message")));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("terser on {name} wrote something not UTF-8"))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn run(path: &Path) -> Result<(), String> {
    let index = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| format!("cannot read {name}: {e}"));
    let index = if std::env::var("TRUNK_PROFILE").as_deref() == Ok("release") {
        minify_scripts(&index, read, terser, |name, text| write(&dir.join(name), text))?
    } else {
        index
    };
    let (file, asset) = catalogue_asset();
    write(&dir.join(&file), &asset)?;
    let inlined = std::cell::RefCell::new(Vec::new());
    for lang in Lang::ALL {
        let html = page_in(&index, lang).and_then(|h| name_catalogue(&h, lang, &file))?;
        let html = inline_critical(&html, |name| {
            inlined.borrow_mut().push(name.to_string());
            read(name)
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
