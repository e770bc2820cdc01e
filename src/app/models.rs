//! Which models the page offers, and in what order: one per era of each client (the
//! release that stands for it), then the fixed ones; a model picked by release that is
//! not among them is offered too, first, so the select always shows what runs.

use crate::engine::Model;

pub fn model_choices(current: Model) -> Vec<Model> {
    let mut out: Vec<Model> = Model::per_era().collect();
    if !out.contains(&current) {
        out.insert(0, current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Release;

    #[test]
    fn the_choices_hold_one_model_per_era_and_whatever_runs_now() {
        let plain = model_choices(Model::ASYNC_501);
        assert!(plain.contains(&Model::ASYNC_501) && plain.contains(&Model::SYNC_FIXED));
        let eras: std::collections::BTreeSet<_> = plain.iter().map(|m| m.era() as *const _).collect();
        assert_eq!(eras.len(), crate::engine::ERAS.len(), "one model per era (and the fixed ones share theirs)");
        let odd = Model::ASYNC_501.at(Release::of("6.3.0"));
        assert_eq!(model_choices(odd)[0], odd);
    }
}
