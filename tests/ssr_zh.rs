//! The page in Chinese, rendered natively as the `/zh/` page's pre-render draws it: the
//! timeline, the panes (slot map, cache-key table, object heap, narration, counters,
//! verdict badge), the key playground, the scenario bar, the export button and a
//! link's error banner. The English render of the same moments keeps its words
//! (tests/ssr.rs and the e2e tests check the rest of it).

use slotscope::i18n::Lang;
use slotscope::ui::prerender::app_html_in;

/// The visible text and the attributes a reader or screen reader gets, tags removed,
/// entities decoded.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open..close];
        for attr in ["aria-label=\"", "title=\"", "aria-valuetext=\""] {
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

fn both(search: &str) -> (String, String) {
    (words(&app_html_in(search, Lang::En)), words(&app_html_in(search, Lang::Zh)))
}

/// The English render still says `e`, the Chinese one says `z` and not `e`.
fn said_in_both(en: &str, zh: &str, e: &str, z: &str) {
    assert!(en.contains(e), "English lost {e:?}");
    assert!(zh.contains(z), "Chinese lacks {z:?}");
    assert!(!zh.contains(e), "Chinese still says {e:?}");
}

#[test]
fn the_first_view_reads_in_chinese_and_the_english_one_is_unchanged() {
    let (en, zh) = both("");
    for (e, z) in [
        ("step 1 of ", "第 1 步，共 "),
        ("Forward ▶", "下一步 ▶"),
        ("Jump to a moment", "跳到某个时刻"),
        ("Slot map", "槽位图"),
        ("Cache keys: looked up vs stored", "缓存键：查找用的键与存入的键"),
        ("Object heap: ", "对象堆："),
        ("Key playground", "键试验场"),
        // The key playground's default key has no tag: its line says so.
        ("has no hash tag", "没有哈希标签"),
        ("⤓ Export reproduction", "⤓ 导出复现脚本"),
        ("Scenario: startup node localhost:7000", "场景：启动节点 localhost:7000"),
        ("left pane model", "左侧面板的模型"),
        ("Swap the two models", "交换两个模型"),
        ("makes redis-py build a new ClusterNode", "redis-py 会为每个再也查找不到的槽位区间新建一个 ClusterNode"),
        ("Keys: ←/→ step", "快捷键：←/→ 单步"),
    ] {
        said_in_both(&en, &zh, e, z);
    }
    // redis-py's own names stay as they are, in code where the English has code.
    assert!(zh.contains("slots_cache") && zh.contains("ClusterNode"));
    assert!(app_html_in("", Lang::Zh).contains("<code>localhost</code>"));
}

#[test]
fn the_first_orphan_reads_in_chinese_in_the_cache_key_table_heap_and_slot_map() {
    let (en, zh) = both("?preset=3163&step=first-orphan");
    for (e, z) in [
        ("✗ miss", "✗ 未命中"),
        ("≠ looked up", "≠ 查找的键"),
        ("→ orphan", "→ 孤儿对象"),
        ("key looked up", "查找的键"),
        ("referenced by", "被谁引用"),
        ("host given", "传入的主机"),
        ("(rewritten)", "（已改写）"),
        ("made by initialize() #1", "由第 1 次 initialize() 创建"),
        ("being built by initialize()", "initialize() 正在构建"),
        ("close-up of", "的特写"),
        ("one cell per slot", "每个槽位一格"),
        ("serves slots, but no dict holds it", "没有任何 dict 持有它"),
        ("Cache-key table, left pane (scrolls sideways)", "缓存键表，左侧面板（可横向滚动）"),
    ] {
        said_in_both(&en, &zh, e, z);
    }
    // A status badge is translated, its class is not (the style sheet keys on it).
    let html = app_html_in("?preset=3163&step=first-orphan", Lang::Zh);
    assert!(html.contains(r#"class="status orphaned""#) && zh.contains("孤儿"));
}

/// Prints the Chinese words of a page (`cargo test --features ssr --test ssr_zh -- --ignored
/// --nocapture`), to read for English left behind.
#[test]
#[ignore]
fn print_the_chinese_words() {
    let zh = words(&app_html_in("?preset=3163&step=first-orphan", Lang::Zh));
    println!("{}", zh.split_whitespace().collect::<Vec<_>>().join(" "));
}

#[test]
fn the_first_orphan_is_narrated_and_counted_in_chinese() {
    let search = "?preset=3163&step=first-orphan";
    let (en, zh) = both(search);
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
        said_in_both(&en, &zh, e, z);
    }
}

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
