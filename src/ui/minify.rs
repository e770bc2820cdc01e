//! The release page's scripts, minified after trunk has written them. Trunk's own
//! minifier gives up on wasm-bindgen's module and on `static/loader.js` (it warns and
//! copies them as they are), so the pre-render step hands each script the page loads
//! to a minifier (`terser`, run by `src/bin/prerender.rs`) and rewrites the
//! subresource-integrity hash trunk put beside its address, or the browser would
//! refuse the smaller file.

use super::page_tags::{attr, file_name, tags};
use base64ct::{Base64, Encoding};
use sha2::{Digest, Sha384};

/// `integrity=sha384-...` of `bytes`, as trunk writes it (base64 of the digest).
pub fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", Base64::encode_string(&Sha384::digest(bytes)))
}

/// The `.js` files `html` loads (`<script src>` and `<link rel=modulepreload href>`),
/// by file name, each once, in the order they appear.
pub fn scripts(html: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, tag) in tags(html) {
        if let Some(name) = address(tag).map(file_name) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// `html` with each script the page loads passed through `minify(name, text)`
/// (read through `read`, written through `write`) and every integrity hash given for
/// that file made that of the new text. A script whose tag names no integrity is
/// minified all the same.
pub fn minify_scripts(
    html: &str,
    read: impl Fn(&str) -> Result<String, String>,
    minify: impl Fn(&str, &str) -> Result<String, String>,
    mut write: impl FnMut(&str, &str) -> Result<(), String>,
) -> Result<String, String> {
    let mut html = html.to_string();
    for name in scripts(&html) {
        let text = read(&name)?;
        let small = minify(&name, &text)?;
        if small.trim().is_empty() && !text.trim().is_empty() {
            return Err(format!("the minifier returned nothing for {name}"));
        }
        let (old, new) = (integrity(text.as_bytes()), integrity(small.as_bytes()));
        let ours = |t: &&str| address(t).map(file_name) == Some(name.as_str());
        if let Some(other) =
            tags(&html).map(|(_, t)| t).filter(ours).filter_map(|t| attr(t, "integrity")).find(|i| *i != old)
        {
            return Err(format!("index.html gives {name} the integrity {other}, not its own"));
        }
        write(&name, &small)?;
        html = html.replace(&old, &new);
    }
    Ok(html)
}

/// The address of the `.js` file a tag loads: a `<script src>` or a
/// `<link rel=modulepreload href>`.
fn address(tag: &str) -> Option<&str> {
    let address = if tag.starts_with("<script") {
        attr(tag, "src")
    } else if tag.starts_with("<link") && attr(tag, "rel") == Some("modulepreload") {
        attr(tag, "href")
    } else {
        None
    };
    address.filter(|a| a.ends_with(".js"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    /// A page as trunk writes it, minified HTML (unquoted attributes).
    fn page(app: &str, loader: &str) -> String {
        format!(
            concat!(
                "<head><link crossorigin href=./app-1.js integrity={} rel=modulepreload>",
                "<link as=fetch crossorigin href=./app-1_bg.wasm integrity=sha384-wasm rel=preload type=application/wasm>",
                "<script>inline()</script><script integrity={} src=./loader-2.js type=module></script></head>"
            ),
            integrity(app.as_bytes()),
            integrity(loader.as_bytes())
        )
    }

    #[test]
    fn the_scripts_are_those_the_page_loads_by_file_name() {
        let html = page("a", "b");
        assert_eq!(scripts(&html), ["app-1.js", "loader-2.js"]);
        assert_eq!(
            scripts(r#"<script type="module" src="/sub/x.js"></script><link rel="modulepreload" href="/sub/x.js">"#),
            ["x.js"]
        );
        assert!(scripts("<link rel=stylesheet href=a.css><script>1</script>").is_empty());
    }

    #[test]
    fn each_script_is_minified_and_its_integrity_follows() {
        let files = RefCell::new(BTreeMap::from([
            ("app-1.js".to_string(), "let  app = 1 ;\n".to_string()),
            ("loader-2.js".to_string(), "// comment\nload( ) ;".to_string()),
        ]));
        let html = page(&files.borrow()["app-1.js"], &files.borrow()["loader-2.js"]);
        let out = minify_scripts(
            &html,
            |name| files.borrow().get(name).cloned().ok_or(format!("no {name}")),
            |_, text| Ok(text.lines().filter(|l| !l.starts_with("//")).collect::<String>().replace(' ', "")),
            |name, text| {
                files.borrow_mut().insert(name.to_string(), text.to_string());
                Ok(())
            },
        )
        .unwrap();
        let files = files.into_inner();
        assert_eq!(files["app-1.js"], "letapp=1;");
        assert_eq!(files["loader-2.js"], "load();");
        assert_eq!(out, page("letapp=1;", "load();"), "the hashes must be the new files'");
        assert!(out.contains("integrity=sha384-wasm"), "other assets keep theirs");
    }

    #[test]
    fn a_minifier_that_fails_or_returns_nothing_stops_the_build_with_one_line() {
        let html = page("x", "y");
        let read = |_: &str| Ok("x".to_string());
        let write = |_: &str, _: &str| Ok(());
        let e = minify_scripts(&html, read, |_, _| Err("terser: SyntaxError".into()), write).unwrap_err();
        assert_eq!(e, "terser: SyntaxError");
        let e = minify_scripts(&html, read, |_, _| Ok(String::new()), write).unwrap_err();
        assert_eq!(e, "the minifier returned nothing for app-1.js");
        assert!(!e.contains('\n'));
        let e = minify_scripts(&page("not what the files hold", "y"), read, |_, t| Ok(t.into()), write).unwrap_err();
        assert!(e.starts_with("index.html gives app-1.js the integrity sha384-"), "{e}");
    }

    #[test]
    fn integrity_is_trunks_sha384_in_base64() {
        // printf abc | openssl dgst -sha384 -binary | base64
        assert_eq!(integrity(b"abc"), "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn");
    }
}
