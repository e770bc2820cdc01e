//! The Yew web front end (wasm32 only; `src/lib.rs` gates this module).
//!
//! Minimal root for now: it renders the "Slotscope" heading. The real views
//! replace `App`; keep `start()` (called by `src/main.rs`) and keep `App` the
//! root component that `tests/browser.rs` mounts.

use yew::prelude::*;

/// The root component of the web app.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <main class="app">
            <h1>{ "Slotscope" }</h1>
        </main>
    }
}

/// Entry point of the web app: mounts [`App`] into `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
