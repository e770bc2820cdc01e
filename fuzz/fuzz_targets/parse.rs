//! The CLUSTER SLOTS parsers on any text (what "Check my cluster" and the CLI's
//! --cluster-slots accept): never a panic; a reply they accept is valid, and the
//! JSON we write for it reads back as the same reply.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slotscope::engine::parse::{parse_cluster_slots, parse_json, parse_redis_cli_text};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_redis_cli_text(&text);
    let _ = parse_json(&text);
    if let Ok(reply) = parse_cluster_slots(&text) {
        assert!(reply.validate().is_ok(), "an accepted reply is valid");
        let written = reply.to_redis_cli_json();
        let back = parse_json(&written).unwrap_or_else(|e| panic!("our own JSON is refused: {e}\n{written}"));
        assert_eq!(back.entries.len(), reply.entries.len());
        let _ = parse_cluster_slots(&reply.to_redis_cli_text());
    }
});
