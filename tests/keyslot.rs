//! Key slots as Redis computes them: the spec vector and the hash-tag rule.

use slotscope::engine::keyslot::{hash_tag, keyslot};

#[test]
fn spec_vector() {
    assert_eq!(keyslot(b"123456789"), 12739);
}

#[test]
fn hash_tags_share_a_slot() {
    assert_eq!(keyslot(b"{user1000}.following"), keyslot(b"{user1000}.followers"));
    assert_eq!(keyslot(b"{user1000}.following"), keyslot(b"user1000"));
}

#[test]
fn empty_tag_hashes_the_whole_key() {
    assert_eq!(hash_tag(b"foo{}{bar}"), None);
    assert_eq!(keyslot(b"foo{}{bar}"), slotscope::engine::keyslot::crc16(b"foo{}{bar}") % 16384);
}

#[test]
fn first_close_brace_after_first_open_brace() {
    assert_eq!(hash_tag(b"foo{{bar}}zap"), Some(4..8));
    assert_eq!(keyslot(b"foo{{bar}}zap"), keyslot(b"{bar"));
    assert_eq!(keyslot(b"foo{bar}{zap}"), keyslot(b"bar"));
}

#[test]
fn unbalanced_braces_hash_the_whole_key() {
    for key in [&b"{"[..], b"}", b"}{", b"foo{bar", b"foo}bar{"] {
        assert_eq!(hash_tag(key), None, "{key:?}");
    }
}

#[test]
fn empty_key_is_slot_zero() {
    assert_eq!(keyslot(b""), 0);
}

#[test]
fn arbitrary_bytes_hash_without_utf8() {
    let key = [0xff, 0xfe, b'{', 0x80, b'}', 0x00];
    assert_eq!(keyslot(&key), keyslot(&[0x80]));
    assert!(keyslot(&[0xc3, 0x28]) < 16384);
}
