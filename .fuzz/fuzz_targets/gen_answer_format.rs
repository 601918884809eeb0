#![no_main]

libfuzzer_sys::fuzz_target!(init: agentspec_fuzz::quiet_panics(), |data: &[u8]| {
    agentspec_fuzz::gen_answer_format(data);
});
