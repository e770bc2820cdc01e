// Starts Slotscope: imports the wasm-bindgen module and instantiates the wasm.
//
// Trunk would inject this as an inline <script type="module">, which the page's
// Content-Security-Policy (index.html) refuses: only the site's own files may run.
// So Trunk.toml's `pattern_script` replaces that inline script with two <meta>
// tags naming the (content-hashed) module and wasm, and this file, an ordinary
// same-origin module, reads them. URLs resolve against the document, so the site
// works from any subpath. See ARCHITECTURE.md, "Content-Security-Policy".
const url = (name) => {
  const meta = document.querySelector(`meta[name="${name}"]`);
  if (!meta) throw new Error(`index.html has no <meta name="${name}">`);
  return new URL(meta.content, document.baseURI).href;
};
// Compiling starts as soon as the bytes arrive, while the bindings module is still
// loading, instead of after it (index.html preloads the wasm, so this fetch takes the
// preloaded response). A server that does not say application/wasm cannot stream:
// then the bytes are compiled whole.
async function compile(href) {
  const response = await fetch(href);
  if (!response.ok) throw new Error(`failed to fetch ${href}: ${response.status} ${response.statusText}`);
  if ((response.headers.get("Content-Type") || "").startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
// The Chinese text, a file beside the page (<meta name="slotscope-zh">, written by the
// pre-render), fetched once: before the wasm starts when the page opens in Chinese
// (its own page, or ?lang=zh), on the first switch otherwise (ui::language).
let catalogue;
window.slotscopeCatalogue = () =>
  (catalogue ??= Promise.resolve().then(() => fetch(url("slotscope-zh"))).then((r) => {
    if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
    return r.text();
  }));
const asked = new URLSearchParams(location.search).get("lang");
const chinese = (asked || document.documentElement.lang).toLowerCase().startsWith("zh");
try {
  // Without its text the page starts in English (ui::language logs why).
  const zh = chinese ? window.slotscopeCatalogue().catch((e) => (console.error(e), null)) : null;
  const module = compile(url("slotscope-wasm"));
  module.catch(() => {}); // awaited below; not "unhandled" while the bindings load
  const bindings = await import(url("slotscope-js"));
  if (zh) window.slotscopeZh = await zh;
  const wasm = await bindings.default({ module_or_path: await module });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
} catch (err) {
  const status = document.getElementById("loading");
  // In the page's language: the pre-render writes the words into data-failed.
  if (status) status.textContent = `${status.dataset.failed || "Slotscope could not start:"} ${err}`;
  document.documentElement.classList.add("failed");
  throw err;
}
