#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    agentspec_fuzz::lint_json(data);
});
