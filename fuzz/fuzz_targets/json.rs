//! The wasm's JSON reader (engine::json) on any text: never a panic, and a value it
//! reads is written as text that reads back as the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slotscope::engine::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match json::parse(text) {
        Ok(value) => {
            let written = value.to_string();
            assert_eq!(json::parse(&written).as_ref(), Ok(&value), "written as {written}");
        }
        Err(e) => assert!(e.starts_with("not valid JSON: ") && e.contains(" at line "), "{e}"),
    }
});
