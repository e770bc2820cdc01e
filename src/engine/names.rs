//! Interned host and node names: each distinct text gets a small integer id once per
//! run, so the registry's dicts, the steps and the objects hash and compare `u32`s.
//! Text appears only at the edges (narration, JSON, views), through `Names::text`.

use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};
use std::cell::Cell;
use std::rc::Rc;

/// A host or node name (`"127.0.0.1:7000"`, `"localhost"`), as an index into the
/// run's `Names`. Ids compare equal exactly when the texts do, within one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(u32);

impl Name {
    /// The id as an index: ids are dense from 0, so tables indexed by name can be
    /// vectors.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The run's name table: text by id, and id by text.
#[derive(Clone, Debug, Default)]
pub struct Names {
    texts: Vec<Rc<str>>,
    ids: FxHashMap<Rc<str>, Name>,
}

impl Names {
    /// The id of `text`, made on first sight.
    pub fn intern(&mut self, text: &str) -> Name {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = Name(self.texts.len() as u32);
        let text: Rc<str> = text.into();
        self.texts.push(text.clone());
        self.ids.insert(text, id);
        id
    }

    /// The id of `text`, if the run ever used it.
    pub fn find(&self, text: &str) -> Option<Name> {
        self.ids.get(text).copied()
    }

    pub fn text(&self, name: Name) -> &str {
        self.texts.get(name.0 as usize).map_or("", |t| t)
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Runs `f` with `Name`s serializing as their text (the CLI's `--trace` JSON);
    /// outside it they serialize as their id.
    pub fn serialize_as_text<T>(&self, f: impl FnOnce() -> T) -> T {
        let texts = self.texts.clone();
        let previous = IN_SCOPE.with(|s| s.replace(Some(texts)));
        let out = f();
        IN_SCOPE.with(|s| s.set(previous));
        out
    }
}

thread_local! {
    static IN_SCOPE: Cell<Option<Vec<Rc<str>>>> = const { Cell::new(None) };
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let texts = IN_SCOPE.with(|c| c.take());
        let out = match texts.as_ref().and_then(|t| t.get(self.0 as usize)) {
            Some(text) => s.serialize_str(text),
            None => s.serialize_u32(self.0),
        };
        IN_SCOPE.with(|c| c.set(texts));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_per_text() {
        let mut n = Names::default();
        let a = n.intern("127.0.0.1:7000");
        let b = n.intern("localhost:7000");
        assert_ne!(a, b);
        assert_eq!(n.intern("127.0.0.1:7000"), a);
        assert_eq!(n.text(b), "localhost:7000");
        assert_eq!(n.find("localhost:7000"), Some(b));
        assert_eq!(n.find("nowhere:1"), None);
    }
}
