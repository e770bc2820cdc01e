//! The verdict in words: the one line `slotscope simulate` prints and the page's
//! badges show. The engine's `Verdict` holds the numbers; this phrases them.

use super::{Lang, Msg};
use crate::engine::Verdict;
use crate::tr;

/// The short human verdict, in `lang`.
pub fn sentence(lang: Lang, v: &Verdict) -> String {
    let model = &v.model;
    if let Some(error) = &v.error {
        return tr!(lang, VerdictError, model = model, error = error);
    }
    if !v.leaks() {
        return tr!(lang, VerdictNoLeak, model = model);
    }
    let orphans = match v.orphaned_objects {
        0 => Msg::VerdictNoOrphans.text(lang).to_string(),
        n => tr!(lang, VerdictOrphans, n = n),
    };
    let open = tr!(lang, VerdictLeftOpen, n = v.open_connections_after_close);
    match v.unclosed_warnings {
        0 => tr!(lang, VerdictLeaks, model = model, orphans = orphans, open = open),
        n => {
            let warnings = tr!(lang, VerdictWarnings, n = n);
            tr!(lang, VerdictLeaksWarned, model = model, orphans = orphans, open = open, warnings = warnings)
        }
    }
}

impl Verdict {
    /// The short human verdict the CLI prints, in English.
    pub fn sentence(&self) -> String {
        sentence(Lang::En, self)
    }

    /// The short human verdict, in `lang`.
    pub fn sentence_in(&self, lang: Lang) -> String {
        sentence(lang, self)
    }
}
