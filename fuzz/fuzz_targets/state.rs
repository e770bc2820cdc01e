//! The page's first state from any address (State::from_query: decode, build the
//! scenario the link names, run both models, seek to its step): never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slotscope::app::state::State;

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let state = State::from_query(&query);
    assert!(state.pos <= state.last(), "the position is inside the run");
});
