//! The address bar follows the state, so any screen is a link.
//!
//! Steps replace the current history entry only once stepping pauses: Chromium's
//! `history.replaceState` cost ~1.5 ms a call here (a tenth of a frame, on every
//! step-next, measured by bench/profile.sh), and it throttles a page that calls it
//! more than ~100 times in 10 s, which holding → does. A new scenario, models or
//! chapter pushes an entry at once, after writing the pending step into the entry it
//! leaves, so Back returns to that step.

use crate::app::state::{Nav, State};
use gloo::timers::callback::Timeout;

/// How long stepping must pause before the step is written into the address.
pub const REPLACE_AFTER_MS: u32 = 150;

#[derive(Default)]
pub struct AddressBar {
    pending: Option<Pending>,
}

/// A step waiting to replace the current entry.
struct Pending {
    query: String,
    /// The address when the step was taken: if it is another when the step is written
    /// (Back, Forward), the step belongs to the entry that was left and is dropped,
    /// not written over the one the visitor went to.
    entry: String,
    _timer: Timeout,
}

impl AddressBar {
    pub fn follow(&mut self, state: &State) {
        if state.nav == Nav::Keep || state.playing {
            return;
        }
        let query = state.to_query();
        match state.nav {
            Nav::Push => {
                self.flush();
                write(Nav::Push, &query, &location_search());
            }
            _ => {
                let entry = location_search();
                let (q, e) = (query.clone(), entry.clone());
                let timer = Timeout::new(REPLACE_AFTER_MS, move || write(Nav::Replace, &q, &e));
                self.pending = Some(Pending { query, entry, _timer: timer });
            }
        }
    }

    /// Writes a pending step now (the timer, dropped, never fires).
    fn flush(&mut self) {
        if let Some(p) = self.pending.take() {
            write(Nav::Replace, &p.query, &p.entry);
        }
    }
}

/// The address's query (`?...`); the pre-render has none.
pub fn location_search() -> String {
    if cfg!(not(target_arch = "wasm32")) {
        return String::new();
    }
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Writes `query` into the address bar if it still shows `entry`.
fn write(nav: Nav, query: &str, entry: &str) {
    let now = location_search();
    if now == query || now != entry {
        return;
    }
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let _ = match nav {
        Nav::Push => history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query)),
        _ => history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query)),
    };
}
