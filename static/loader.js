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
try {
  const bindings = await import(url("slotscope-js"));
  const wasm = await bindings.default({ module_or_path: url("slotscope-wasm") });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
} catch (err) {
  const status = document.getElementById("loading");
  if (status) status.textContent = `Slotscope could not start: ${err}`;
  throw err;
}
