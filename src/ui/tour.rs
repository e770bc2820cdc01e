//! The guided tour: numbered chapters above the timeline. Opening one loads its
//! scenario and steps the panes to its moment (`Action::OpenTour`), so the text and
//! the panes below always show the same thing.

use super::Ctx;
use crate::app::presets::Preset;
use crate::app::state::Action;
use crate::app::tour::{chapter, lead_in, pieces, Extra, TourChapter, TOUR};
use crate::i18n::{Lang, Msg};
use yew::prelude::*;

pub(crate) fn paragraph(p: &str) -> Html {
    html! {
        <p>{ for pieces(p).map(|(t, code)| if code { html! { <code>{ t }</code> } } else { html! { { t } } }) }</p>
    }
}

thread_local! {
    /// The version matrix block per language, built once (`crate::app::matrix::html`:
    /// escaped HTML).
    static MATRIX: std::cell::RefCell<[Option<AttrValue>; 2]> = const { std::cell::RefCell::new([None, None]) };
}

/// The measured version matrix (tour chapter `versions`): one row per release and client.
pub(crate) fn version_matrix(lang: Lang) -> Html {
    let block = MATRIX.with(|m| {
        let slot = &mut m.borrow_mut()[lang as usize];
        match slot {
            Some(b) => b.clone(),
            None => {
                let b = AttrValue::from(crate::app::matrix::html(lang));
                // In the browser the Chinese text arrives after the first render: keep
                // only a table that is in the language asked for.
                if lang == Lang::En || Msg::MatrixLeaks.text(lang) != Msg::MatrixLeaks.text(Lang::En) {
                    *slot = Some(b.clone());
                }
                b
            }
        }
    });
    html! { <div class="matrix">{ Html::from_html_unchecked(block) }</div> }
}

/// A chapter's text: its paragraphs and what to look at.
pub(crate) fn chapter_text(c: &TourChapter, lang: Lang) -> Html {
    html! {
        <>
            { for c.paragraphs.iter().map(|p| paragraph(p.text(lang))) }
            <p class="tour-look"><strong>{ lead_in(Msg::TourLookAt.text(lang)) }</strong>{ c.look.text(lang) }</p>
        </>
    }
}

pub fn tour(ctx: &Ctx) -> Html {
    let s = ctx.s();
    let lang = s.lang;
    let open = s.tour.and_then(chapter);
    let go = |slug: &'static str| {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::OpenTour(slug.to_string())))
    };
    let close = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.dispatch(Action::CloseTour))
    };
    let index = open.map(|(i, _)| i);
    let prev = index.and_then(|i| i.checked_sub(1)).map(|i| TOUR[i].slug);
    let next = match index {
        None => Some(TOUR[0].slug),
        Some(i) => TOUR.get(i + 1).map(|c| c.slug),
    };
    let nav_button = |testid: &'static str, label: Msg, target: Option<&'static str>| match target {
        Some(slug) => {
            html! { <button type="button" data-testid={testid} onclick={go(slug)}>{ label.text(lang) }</button> }
        }
        None => {
            html! { <button type="button" data-testid={testid} disabled=true>{ label.text(lang) }</button> }
        }
    };
    let body = match open {
        None => html! {
            <p class="tour-intro">
                { crate::tr!(lang, TourIntro, n = TOUR.len()) }
            </p>
        },
        Some((i, c)) => {
            // The visitor may have changed the scenario since opening the chapter.
            let here = Preset::matching(s.spec()).is_some_and(|p| p.id == c.preset)
                && s.left() == c.left
                && s.right() == c.right;
            html! {
                <article class="tour-body" data-testid="tour-body" aria-labelledby="tour-chapter-title" aria-live="polite">
                    <h3 id="tour-chapter-title">{ c.heading(i, lang) }</h3>
                    { chapter_text(c, lang) }
                    if !here {
                        <p class="tour-away">{ lead_in(Msg::TourAway.text(lang)) }
                            <button type="button" onclick={go(c.slug)}>{ Msg::TourShowAgain.text(lang) }</button></p>
                    }
                    if c.extra == Extra::VersionMatrix { { version_matrix(lang) } }
                </article>
            }
        }
    };
    html! {
        <section class="tour" data-testid="tour" aria-labelledby="tour-title">
            <div class="tour-head">
                <h2 id="tour-title">{ Msg::TourHeading.text(lang) }</h2>
                <ol class="tour-chapters">
                    { for TOUR.iter().enumerate().map(|(i, c)| {
                        let current = index == Some(i);
                        html! {
                            <li><button type="button" class={if current { "tour-chapter current" } else { "tour-chapter" }}
                                data-testid={format!("tour-chapter-{}", c.slug)} aria-current={current.then_some("step")}
                                onclick={go(c.slug)}>
                                <span class="n">{ i + 1 }</span>{ c.title.text(lang) }
                            </button></li>
                        }
                    }) }
                </ol>
            </div>
            { body }
            <div class="tour-nav">
                { nav_button("tour-prev", Msg::TourPrev, prev) }
                { nav_button("tour-next", if open.is_none() { Msg::TourStart } else { Msg::TourNext }, next) }
                if open.is_some() {
                    <button type="button" class="secondary" data-testid="tour-close" onclick={close}>{ Msg::TourClose.text(lang) }</button>
                }
            </div>
        </section>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::super::prerender::{app_html_at, reading_html, reading_html_in};
    use crate::app::tour::TOUR;
    use crate::i18n::Lang;

    #[test]
    fn an_open_chapter_reads_in_the_pages_language() {
        let zh = app_html_at("?tour=orphan&lang=zh");
        assert!(zh.contains("5. 孤儿对象</h3>"), "{zh}");
        assert!(zh.contains("把第一个对象挤了出去") && zh.contains("<strong>请看</strong>孤儿对象计数器"), "{zh}");
        assert!(zh.contains("← 上一章") && zh.contains("下一章 →") && zh.contains("关闭导览"), "{zh}");
        assert!(zh.contains("1</span>集群客户端如何找到节点"), "the chapter list is Chinese too");
        let en = app_html_at("?tour=orphan");
        assert!(en.contains("5. The orphan</h3>") && en.contains("<strong>Look at </strong>the orphaned counter"));
        assert!(en.contains("← Previous chapter") && en.contains("Close the tour") && !en.contains("孤儿"));
        // The versions chapter shows the table in the page's language.
        let v = app_html_at("?tour=versions&lang=zh");
        assert!(v.contains("<th scope=\"col\">版本</th>") && v.contains("⚠ 泄漏"), "{v}");
    }

    #[test]
    fn the_tour_as_text_reads_in_chinese_with_the_same_chapters_and_table() {
        let (en, zh) = (reading_html(), reading_html_in(Lang::Zh));
        assert_eq!(en, reading_html_in(Lang::En));
        assert!(zh.contains("以文字形式阅读整个导览（共 12 章，另附版本表）"), "{zh}");
        assert!(zh.contains("<h3>5. 孤儿对象</h3>"), "{zh}");
        assert!(zh.contains("<strong>请看</strong>孤儿对象计数器"), "{zh}");
        assert!(en.contains("<strong>Look at </strong>the orphaned counter"), "{en}");
        // Code stays code: the Chinese paragraph keeps redis-py's names in <code>.
        assert!(zh.contains("存入 <code>tmp_nodes_cache</code>，把第一个对象挤了出去"), "{zh}");
        for (i, c) in TOUR.iter().enumerate() {
            assert!(zh.contains(&format!("<h3>{}</h3>", c.heading(i, Lang::Zh))), "{}", c.slug);
            assert!(zh.contains(&format!("href=\"?tour={}\"", c.slug)));
        }
        assert_eq!(zh.matches("<tr").count(), en.matches("<tr").count(), "the same version table rows");
        assert_eq!(zh.matches("<code>").count(), en.matches("<code>").count());
        assert!(zh.contains("<th scope=\"col\">创建的对象</th>") && zh.contains("在面板中逐步查看本章"));
        assert!(!zh.contains("Look at") && !zh.contains("Step through"), "{zh}");
    }
}
