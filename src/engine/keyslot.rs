//! Redis Cluster key slots: CRC16-XMODEM of the key (or of its hash tag) mod 16384.

/// Number of hash slots in a Redis Cluster.
pub const SLOTS: u16 = 16384;

/// The bytes Redis hashes for `key`: the hash tag if there is a non-empty one.
///
/// Redis takes the first `{` and the first `}` after it; only if at least one byte
/// lies between them is the tag used. So `foo{}{bar}` hashes the whole key and
/// `foo{{bar}}zap` hashes `{bar`.
pub fn hash_tag(key: &[u8]) -> Option<std::ops::Range<usize>> {
    let open = key.iter().position(|&b| b == b'{')?;
    let close = key[open + 1..].iter().position(|&b| b == b'}')? + open + 1;
    (close > open + 1).then_some(open + 1..close)
}

/// CRC16-XMODEM of `bytes` (the checksum Redis calls crc16).
pub fn crc16(bytes: &[u8]) -> u16 {
    crc16::State::<crc16::XMODEM>::calculate(bytes)
}

/// The hash slot of `key`, exactly as `CLUSTER KEYSLOT` computes it.
pub fn keyslot(key: &[u8]) -> u16 {
    let hashed = match hash_tag(key) {
        Some(tag) => &key[tag],
        None => key,
    };
    crc16(hashed) & (SLOTS - 1)
}

/// A short, deterministic key whose slot is `slot`: what the workload sends.
pub fn key_for_slot(slot: u16) -> String {
    key_table()[usize::from(slot)].clone()
}

fn key_table() -> &'static [String] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<Option<String>> = vec![None; usize::from(SLOTS)];
        let mut missing = usize::from(SLOTS);
        let mut n: u64 = 0;
        while missing > 0 {
            let key = format!("key:{n}");
            let slot = usize::from(keyslot(key.as_bytes()));
            if table[slot].is_none() {
                table[slot] = Some(key);
                missing -= 1;
            }
            n += 1;
        }
        table.into_iter().map(|k| k.unwrap_or_default()).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_vector() {
        assert_eq!(crc16(b"123456789"), 0x31C3);
        assert_eq!(keyslot(b"123456789"), 12739);
    }

    #[test]
    fn every_slot_has_a_key() {
        for slot in [0, 1, 5460, 12739, 16383] {
            assert_eq!(keyslot(key_for_slot(slot).as_bytes()), slot);
        }
    }
}
