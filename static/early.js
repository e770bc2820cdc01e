// Runs before the page's body is drawn: the build's pre-render inlines it at the top of
// <head> (comment lines dropped) and allows it by its hash in the page's
// Content-Security-Policy (ui::prerender::inline_critical). index.html holds the pre-rendered default
// view; a page opened with a query (a preset, a step, a tour chapter) is drawn by the
// app instead, so that view is hidden until then rather than flashed (style.css,
// `.deeplink`). The rule is `slotscope::ui::shows_prerendered`. The theme in the
// query is applied now too, so a dark link never shows a light page first.
//
// Languages: the site's bare address is the English page; a reader whose browser
// prefers Chinese (or who chose it on the page before) is sent to the Chinese page,
// zh/, before anything is drawn. A link with a query keeps the language it names (or
// its page's). The hreflang links between the two pages are added here because they
// must be absolute addresses, which only the browser knows.
(() => {
  const root = document.documentElement;
  const query = location.search.replace(/^\?/, "");
  const english = root.lang === "en";
  if (query === "" && english) {
    let chosen = null;
    try {
      chosen = localStorage.getItem("slotscope-lang");
    } catch (e) {}
    const wants = chosen || (navigator.languages || [navigator.language]).map((l) => String(l).toLowerCase()).find((l) => l.startsWith("zh") || l.startsWith("en"));
    if (wants && wants.startsWith("zh")) {
      location.replace("zh/" + location.hash);
      return;
    }
  }
  if (query !== "") root.classList.add("deeplink");
  const theme = new URLSearchParams(query).get("theme");
  if (theme === "dark" || theme === "light") root.setAttribute("data-theme", theme);
  const site = english ? "./" : "../";
  for (const [tag, path] of [["en", site], ["zh-CN", site + "zh/"], ["x-default", site]]) {
    const link = document.createElement("link");
    link.rel = "alternate";
    link.hreflang = tag;
    link.href = new URL(path, location.href).href;
    document.head.append(link);
  }
})();
