//! The slot map: 16384 slots as runs, coloured by object identity (not by address),
//! with ids printed and orphans hatched so colour is never the only signal.

use super::{app_shell::rich, hue};
use crate::app::view::{key_info, percent, percent_of, side_word, PaneModel, RunKind, SlotRun, Strip, Zoom};
use crate::i18n::{Lang, Msg};
use crate::tr;
use yew::prelude::*;

/// One run, `width` (CSS percent) of its track wide.
fn run_html(r: &SlotRun, width: String, lang: Lang) -> Html {
    let (class, style, label) = match &r.kind {
        RunKind::Empty => ("run empty", String::new(), String::new()),
        RunKind::Object { id, orphan } => (
            if *orphan { "run obj orphan" } else { "run obj" },
            hue(*id),
            format!("{}#{id}", if *orphan { "⚠" } else { "" }),
        ),
        RunKind::PerSlot { orphans, first, last, .. } => {
            (if *orphans > 0 { "run perslot orphan" } else { "run perslot" }, hue(*first), format!("⚠#{first}…#{last}"))
        }
    };
    let describe = r.describe(lang);
    html! {
        <li key={r.start} class={class} style={format!("width:{width}%;{style}")} title={describe.clone()}>
            <span class="run-label" aria-hidden="true">{ label }</span>
            <span class="sr-only">{ describe }</span>
        </li>
    }
}

fn strip_html(strip: &Strip, cursor: Option<(u16, u16)>, key_slot: u16, lang: Lang) -> Html {
    let (title, note) = match strip.table {
        "tmp_slots" => ("tmp_slots", Msg::ViewSmNoteTmp.text(lang)),
        _ => ("slots_cache", Msg::ViewSmNoteCache.text(lang)),
    };
    let body = if strip.rows.is_empty() {
        html! { <p class="strip-empty">{ Msg::ViewSmEmpty.text(lang) }</p> }
    } else {
        html! {
            <>
            { for strip.rows.iter().map(|row| {
                let cursor = cursor.map(|(a, b)| html! {
                    <div class="marker cursor" aria-hidden="true"
                        style={format!("left:{}%;width:max(2px,{}%)", percent(u32::from(a)), percent(u32::from(b) - u32::from(a) + 1))}></div>
                });
                let label = row.label(lang);
                html! {
                    <div class="strip-row">
                        <span class="row-label">{ label.clone() }</span>
                        <div class="strip-track">
                            <ol class="strip" aria-label={tr!(lang, ViewSmStripAria, table = title, row = label, n = row.runs.len())}>
                                { for row.runs.iter().map(|r| run_html(r, percent(r.len()), lang)) }
                            </ol>
                            { cursor.unwrap_or_default() }
                            <div class="marker key" aria-hidden="true" title={tr!(lang, ViewSmKeyTitle, slot = key_slot)}
                                style={format!("left:{}%", percent(u32::from(key_slot)))}></div>
                        </div>
                    </div>
                }
            }) }
            if strip.hidden_rows > 0 {
                <p class="more">{ tr!(lang, ViewSmMore, n = strip.hidden_rows) }</p>
            }
            </>
        }
    };
    html! {
        <div class="strip-block">
            <h4><code>{ title }</code>{ format!(" {}", tr!(lang, ViewSmHeading, note = note, n = strip.assigned)) }</h4>
            { body }
        </div>
    }
}

fn zoom_html(z: &Zoom, cursor: Option<(u16, u16)>, lang: Lang) -> Html {
    let span = u32::from(z.end - z.start + 1);
    let at = |slot: u16| u32::from(slot.clamp(z.start, z.end) - z.start);
    // The step's slots (clipped to the close-up), or the one slot it works on.
    let (a, b) = cursor.unwrap_or((z.focus, z.focus));
    let (a, b) = (a.clamp(z.start, z.end), b.clamp(z.start, z.end));
    html! {
        <div class="strip-block zoom">
            <h4>{ rich(&tr!(lang, ViewSmCloseup, start = z.start, end = z.end), &[("table", html! { <code>{ z.table }</code> })]) }</h4>
            { for z.rows.iter().map(|row| { let label = row.label(lang); html! {
                <div class="strip-row">
                    <span class="row-label">{ label.clone() }</span>
                    <div class="strip-track">
                        <ol class="strip" aria-label={tr!(lang, ViewSmCloseupAria, row = label, n = row.runs.len())}>
                            { for row.runs.iter().map(|r| run_html(r, percent_of(r.len(), span), lang)) }
                        </ol>
                        <div class="marker cursor" aria-hidden="true"
                            style={format!("left:{}%;width:{}%", percent_of(at(a), span), percent_of(at(b) - at(a) + 1, span))}></div>
                    </div>
                </div>
            } }) }
            <div class="axis" aria-hidden="true"><span>{ z.start }</span><span>{ z.end }</span></div>
        </div>
    }
}

pub fn slot_map(pm: &PaneModel, key: &str, lang: Lang) -> Html {
    let key_slot = key_info(key).slot;
    html! {
        <section class="slot-map" data-testid="slot-map" aria-label={tr!(lang, ViewSmAria, side = side_word(pm.side, lang))}>
            <h3>{ Msg::ViewSmTitle.text(lang) }</h3>
            { for pm.strips.iter().map(|s| strip_html(s, pm.cursor, key_slot, lang)) }
            <div class="axis" aria-hidden="true"><span>{ "0" }</span><span>{ "8192" }</span><span>{ "16383" }</span></div>
            if let Some(z) = &pm.zoom { { zoom_html(z, pm.cursor, lang) } }
        </section>
    }
}
