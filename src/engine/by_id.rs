//! Items numbered in creation order (objects, node lists), stored so that a counting
//! run can drop the ones nothing refers to any more and keep its memory flat.
//!
//! A traced run never drops anything: the items are then a plain vector, position =
//! id, and views index it as a slice. A counting run (`run::count`) calls `compact`
//! after every initialize: the ids below a bound that are still needed move to the
//! front (ascending), the rest are dropped, and ids never change.

use serde::{Serialize, Serializer};

#[derive(Clone, Debug)]
pub struct ById<T> {
    /// Ids kept from below `base`, ascending: `items[i]` has id `kept[i]`.
    kept: Vec<u32>,
    /// The kept items, then every item from id `base` on.
    items: Vec<T>,
    base: u32,
}

impl<T> Default for ById<T> {
    fn default() -> Self {
        ById { kept: Vec::new(), items: Vec::new(), base: 0 }
    }
}

impl<T: PartialEq> PartialEq for ById<T> {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base && self.kept == other.kept && self.items == other.items
    }
}

impl<T> std::ops::Deref for ById<T> {
    type Target = [T];
    /// The stored items, in id order (position = id until something was dropped).
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> ById<T> {
    /// The id the next item gets: how many were ever made.
    pub fn next_id(&self) -> u32 {
        self.base + (self.items.len() - self.kept.len()) as u32
    }

    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    pub fn reserve(&mut self, n: usize) {
        self.items.reserve(n);
    }

    /// The item stored at `position` (see `position`).
    pub fn at(&self, position: usize) -> &T {
        &self.items[position]
    }

    /// Where item `id` is stored, if it is.
    pub fn position(&self, id: u32) -> Option<usize> {
        if id >= self.base {
            let p = self.kept.len() + (id - self.base) as usize;
            (p < self.items.len()).then_some(p)
        } else {
            self.kept.binary_search(&id).ok()
        }
    }

    /// The id of the item stored at `position`.
    pub fn id_at(&self, position: usize) -> u32 {
        match self.kept.get(position) {
            Some(&id) => id,
            None => self.base + (position - self.kept.len()) as u32,
        }
    }

    pub fn get_id(&self, id: u32) -> Option<&T> {
        self.position(id).map(|p| &self.items[p])
    }

    pub fn get_id_mut(&mut self, id: u32) -> Option<&mut T> {
        self.position(id).map(|p| &mut self.items[p])
    }

    /// `(id, item)` in ascending id order.
    pub fn iter_ids(&self) -> impl Iterator<Item = (u32, &T)> + '_ {
        self.items.iter().enumerate().map(|(p, t)| (self.id_at(p), t))
    }

    /// Drops every item below id `below` that `keep` refuses; items from `below` on
    /// stay. Ids do not change; positions do.
    /// `keep` is asked with the item's position before the call, and its id.
    pub fn compact(&mut self, below: u32, mut keep: impl FnMut(usize, u32, &T) -> bool) {
        let below = below.min(self.next_id()).max(self.base);
        let items = std::mem::take(&mut self.items);
        let mut kept = Vec::new();
        let mut out = Vec::with_capacity(items.len());
        let old_kept = std::mem::take(&mut self.kept);
        let (old_base, old_kept_len) = (self.base, old_kept.len());
        for (p, item) in items.into_iter().enumerate() {
            let id = match old_kept.get(p) {
                Some(&id) => id,
                None => old_base + (p - old_kept_len) as u32,
            };
            if id >= below || keep(p, id, &item) {
                if id < below {
                    kept.push(id);
                }
                out.push(item);
            }
        }
        self.kept = kept;
        self.items = out;
        self.base = below;
    }
}

impl<T> std::ops::Index<u32> for ById<T> {
    type Output = T;
    /// Item `id`. Panics if it was never made or was dropped: the engine asks only
    /// for items something still refers to.
    fn index(&self, id: u32) -> &T {
        &self.items[self.position(id).unwrap_or(usize::MAX)]
    }
}

impl<T> std::ops::IndexMut<u32> for ById<T> {
    fn index_mut(&mut self, id: u32) -> &mut T {
        let p = self.position(id).unwrap_or(usize::MAX);
        &mut self.items[p]
    }
}

impl<T: Serialize> Serialize for ById<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_survive_compaction() {
        let mut t: ById<char> = ById::default();
        for c in "abcdef".chars() {
            t.push(c);
        }
        // Keep b and d below 4; e and f stay whatever keep says.
        t.compact(4, |_, id, _| id == 1 || id == 3);
        assert_eq!(&*t, &['b', 'd', 'e', 'f']);
        assert_eq!((t[1], t[3], t[4], t[5]), ('b', 'd', 'e', 'f'));
        assert_eq!(t.get_id(0), None);
        assert_eq!(t.get_id(2), None);
        assert_eq!(t.next_id(), 6);
        t.push('g');
        assert_eq!(t[6], 'g');
        t.compact(6, |p, id, _| id == 3 && p == 1);
        assert_eq!(t.iter_ids().collect::<Vec<_>>(), vec![(3, &'d'), (6, &'g')]);
        assert_eq!(t.position(6), Some(1));
        assert_eq!(t.id_at(1), 6);
    }
}
