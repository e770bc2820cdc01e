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

/// A short, deterministic key whose slot is `slot`: `key:N` for the smallest such N
/// (what the workload sends).
/// `n` keys in `n` different slots (n at most 16384): `{prefix}0`, `{prefix}1`, ...
/// skipping any whose slot an earlier key already has, as the conformance probe
/// picks the keys of its read-from-replicas runs.
pub fn distinct_slot_keys(prefix: &str, n: usize) -> Vec<String> {
    let n = n.min(usize::from(SLOTS));
    let mut seen = vec![false; usize::from(SLOTS)];
    let mut out = Vec::with_capacity(n);
    let mut i = 0u32;
    while out.len() < n {
        let key = format!("{prefix}{i}");
        let slot = usize::from(keyslot(key.as_bytes()));
        if !seen[slot] {
            seen[slot] = true;
            out.push(key);
        }
        i += 1;
    }
    out
}

pub fn key_for_slot(slot: u16) -> String {
    format!("key:{}", key_number(slot))
}

/// The smallest N whose `key:N` hashes to `slot`. Keys are tried in order of N and
/// every slot's first hit is remembered, so a run that sends to a few slots tries
/// only until those are found (about 40 000 keys for the #3163 preset's six
/// ranges), not the ~180 000 it takes to fill all 16384 slots; the page pays this in
/// its first, not yet optimised, run. Each key is checksummed from the shared
/// prefix's CRC state with its digits written in place: no String per try.
fn key_number(slot: u16) -> u32 {
    use std::cell::RefCell;
    struct Scan {
        first: Vec<u32>,
        next: u32,
        prefix: crc16::State<crc16::XMODEM>,
    }
    thread_local! {
        static SCAN: RefCell<Scan> = RefCell::new({
            let mut prefix = crc16::State::<crc16::XMODEM>::new();
            prefix.update(b"key:");
            Scan { first: vec![u32::MAX; usize::from(SLOTS)], next: 0, prefix }
        });
    }
    let want = usize::from(slot & (SLOTS - 1));
    SCAN.with(|scan| {
        let mut scan = scan.borrow_mut();
        let mut digits = [0u8; 10];
        while scan.first[want] == u32::MAX {
            let n = scan.next;
            let mut i = digits.len();
            let mut v = n;
            loop {
                i -= 1;
                digits[i] = b'0' + (v % 10) as u8;
                v /= 10;
                if v == 0 {
                    break;
                }
            }
            let mut crc = scan.prefix;
            crc.update(&digits[i..]);
            let s = usize::from(crc.get() & (SLOTS - 1));
            if scan.first[s] == u32::MAX {
                scan.first[s] = n;
            }
            scan.next = n + 1;
        }
        scan.first[want]
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
        // The smallest such number: no lower key:N lands on the slot.
        for slot in [0, 7, 16383] {
            let key = key_for_slot(slot);
            let n: u32 = key["key:".len()..].parse().unwrap();
            assert!((0..n).all(|m| keyslot(format!("key:{m}").as_bytes()) != slot), "{key}");
        }
    }
}
