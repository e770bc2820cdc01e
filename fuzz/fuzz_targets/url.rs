//! The page's address decoder on any query string: never a panic, and a state it
//! decodes is encoded as an address that decodes to the same state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slotscope::app::url;

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let _ = url::decode_reply(&query);
    if let Ok(state) = url::decode(&query) {
        let again = url::encode(&state);
        assert_eq!(url::decode(&again).as_ref(), Ok(&state), "re-encoded as {again}");
    }
});
