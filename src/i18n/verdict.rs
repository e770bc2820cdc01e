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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, Announce, Model, Scenario, Topology};

    fn verdict(model: Model, replicas: u16) -> Verdict {
        let reply = Topology::new(3, replicas, 2, Announce::Hostname("localhost".into())).cluster_slots().unwrap();
        let run = simulate(&Scenario::new(model, "localhost", 7000, reply.clone())).unwrap();
        Verdict::of(&run, &reply)
    }

    #[test]
    fn the_verdict_reads_the_same_numbers_in_both_languages() {
        let v = verdict(Model::ASYNC_501, 0);
        assert_eq!(
            v.sentence(),
            "async-5.0.1: leaks: 3 orphaned ClusterNode objects per initialize; 3 connections left open after \
             close; 3 \"Unclosed ClusterNode object\" warnings when collected"
        );
        assert_eq!(
            v.sentence_in(Lang::Zh),
            "async-5.0.1：有泄漏：每次 initialize 产生 3 个孤儿 ClusterNode 对象；close 之后仍有 3 个连接没有关闭；\
             被垃圾回收时发出 3 条“Unclosed ClusterNode object”警告"
        );
        let fixed = verdict(Model::ASYNC_FIXED, 1);
        assert!(fixed.sentence().starts_with("async-fixed: no leak: "));
        assert!(fixed.sentence_in(Lang::Zh).starts_with("async-fixed：没有泄漏："));
    }

    #[test]
    fn one_of_each_is_singular_in_english() {
        let mut v = verdict(Model::ASYNC_501, 0);
        (v.orphaned_objects, v.open_connections_after_close, v.unclosed_warnings) = (1, 1, 1);
        assert_eq!(
            v.sentence(),
            "async-5.0.1: leaks: 1 orphaned ClusterNode object per initialize; 1 connection left open after close; \
             1 \"Unclosed ClusterNode object\" warning when collected"
        );
        v.orphaned_objects = 0;
        v.unclosed_warnings = 0;
        assert_eq!(
            v.sentence_in(Lang::Zh),
            "async-5.0.1：有泄漏：没有孤儿 ClusterNode 对象，但 close() 不会关闭连接池；close 之后仍有 1 个连接没有关闭"
        );
        v.error = Some("boom".into());
        assert_eq!(v.sentence_in(Lang::Zh), "async-5.0.1：initialize() 抛出异常：boom");
    }
}
