//! A pane's narration, phrased when it is shown: the pane model is built once per
//! position and knows no language, so switching language only re-renders it.

use crate::app::session::{PaneRun, Session, Side};
use crate::i18n::narrate::narrate;
use crate::i18n::{Lang, Msg};
use std::fmt;
use std::rc::Rc;

/// The sentence for one step of a pane's run (or for none yet).
#[derive(Clone)]
pub struct Narration {
    run: Rc<PaneRun>,
    step: Option<usize>,
}

impl Narration {
    pub fn new(run: Rc<PaneRun>, step: Option<usize>) -> Self {
        Narration { run, step }
    }

    /// Step `step` of the run on `side` of `session`.
    pub fn of(session: &Session, side: Side, step: Option<usize>) -> Self {
        Narration::new(session.pane(side).clone(), step)
    }

    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let trace = &self.run.run.trace;
        match self.step.and_then(|i| trace.steps.get(i)) {
            Some(step) => narrate(lang, trace, step),
            None => Msg::NarrateNothingYet.text(lang).to_string(),
        }
    }

    /// Whether the English sentence contains `needle`.
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }
}

/// The English sentence (views call [`Narration::text`] with the page's language).
impl fmt::Display for Narration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl fmt::Debug for Narration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text(Lang::En))
    }
}

impl PartialEq for Narration {
    fn eq(&self, other: &Self) -> bool {
        self.text(Lang::En) == other.text(Lang::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::presets::Preset;
    use crate::app::view::PaneModel;
    use crate::engine::Model;

    #[test]
    fn a_pane_narrates_in_the_language_it_is_shown_in() {
        let p = Preset::by_id("3163").unwrap();
        let s = Session::build(&p.spec(), Model::ASYNC_501, Model::ASYNC_FIXED, None).unwrap();
        let before = Narration::of(&s, Side::Left, None);
        assert_eq!(before.text(Lang::En), "Nothing has happened yet.");
        assert_eq!(before.text(Lang::Zh), "还什么都没有发生。");
        let first_orphan = s.first_orphan(Side::Left).unwrap();
        let pm = PaneModel::build(&s, Side::Left, first_orphan);
        let (en, zh) = (pm.narration.text(Lang::En), pm.narration.text(Lang::Zh));
        assert_eq!(pm.narration.to_string(), en);
        assert!(en.contains("evicting"), "{en}");
        assert!(zh.contains("挤出了"), "{zh}");
    }
}
