// Runs before the page's body is drawn: the build's pre-render inlines it at the top of
// <head> (comment lines dropped) and allows it by its hash in the page's
// Content-Security-Policy (ui::prerender::inline_critical). index.html holds the pre-rendered default
// view; a page opened with a query (a preset, a step, a tour chapter) is drawn by the
// app instead, so that view is hidden until then rather than flashed (style.css,
// `.deeplink`). The rule is `slotscope::ui::shows_prerendered`. The theme in the
// query is applied now too, so a dark link never shows a light page first.
(() => {
  const root = document.documentElement;
  const query = location.search.replace(/^\?/, "");
  if (query !== "") root.classList.add("deeplink");
  const theme = new URLSearchParams(query).get("theme");
  if (theme === "dark" || theme === "light") root.setAttribute("data-theme", theme);
})();
