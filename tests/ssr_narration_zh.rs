//! A pane's narration, counters and verdict badge in Chinese, rendered natively as the
//! `/zh/` page draws them; the English render keeps its words.
#![cfg(feature = "ssr")]

use slotscope::i18n::Lang;
use slotscope::ui::prerender::app_html_in;

/// The visible text and the titles and aria-labels, tags removed.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open..close];
        for attr in ["aria-label=\"", "title=\""] {
            if let Some(at) = tag.find(attr) {
                let v = &tag[at + attr.len()..];
                out.push_str(&v[..v.find('"').unwrap_or(v.len())]);
                out.push(' ');
            }
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out.replace("&quot;", "\"").replace("&#x27;", "'").replace("&amp;", "&")
}

#[test]
fn the_first_orphan_is_narrated_and_counted_in_chinese() {
    let search = "?preset=3163&step=first-orphan";
    let (en, zh) = (words(&app_html_in(search, Lang::En)), words(&app_html_in(search, Lang::Zh)));
    for (e, z) in [
        ("evicting #", "挤出了 #"),
        ("is now referenced only by the slots it serves", "所服务的槽位还引用着它"),
        ("Counters, left pane", "计数器，左侧面板"),
        ("objects created", "已创建对象"),
        ("left open after close", "close 后仍打开"),
        ("objects that serve slots but that no name-keyed dict holds", "没有任何按名字索引的 dict 持有的对象"),
        ("async-5.0.1: leaks: ", "async-5.0.1：有泄漏："),
        ("async-fixed: no leak: ", "async-fixed：没有泄漏："),
    ] {
        assert!(en.contains(e), "English lost {e:?}");
        assert!(zh.contains(z), "Chinese lacks {z:?}");
        assert!(!zh.contains(e), "Chinese still says {e:?}");
    }
}
