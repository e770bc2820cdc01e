//! Errors a visitor sees, in Chinese on the `/zh/` page and word for word as before in
//! English: the banner of a link that cannot be applied, rendered natively as the
//! page draws it. (Pastes, links and scenario edits are checked in both languages by
//! `app::fault`'s tests; remedies by `app::remedy`'s.)

use slotscope::i18n::Lang;
use slotscope::ui::prerender::app_html_in;

/// The url-error banner's text, entities decoded.
fn banner(search: &str, lang: Lang) -> String {
    let html = app_html_in(search, lang);
    let at = html.find("data-testid=\"url-error\"").unwrap_or_else(|| panic!("{search}: no banner"));
    let p = &html[at..];
    let start = p.find("<p>").map(|i| i + 3).expect("the banner's sentence");
    let end = p[start..].find("</p>").map(|i| start + i).expect("its end");
    p[start..end].replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&")
}

#[test]
fn a_link_that_cannot_be_applied_says_why_in_the_page_language() {
    let en = banner("?rfr=2", Lang::En);
    let zh = banner("?rfr=2", Lang::Zh);
    assert!(en.contains("the link's rfr \"2\" is not 0 or 1"), "{en}");
    assert!(zh.contains("链接里的 rfr 是 \"2\"，只能是 0 或 1"), "{zh}");
    assert!(!zh.contains("is not 0 or 1"), "{zh}");
    let zh = banner("?announce=&preset=3163", Lang::Zh);
    assert!(zh.contains("宣告方式必须是 'ip'、'empty'、'unknown' 或一个主机名"), "{zh}");
    let en = banner("?announce=&preset=3163", Lang::En);
    assert!(en.contains("the link's announce: announce must be 'ip', 'empty', 'unknown' or a hostname"), "{en}");
}
