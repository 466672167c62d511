//! Browser tests of the rule for tests that need the live stack (`support::stack_token_url`):
//! their names start with `real_stack_`, they fail when the test command (`scripts/test`) runs
//! them without the stack, and skip with a printed reason only outside it. None of these tests
//! needs the stack itself.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_stack_test_gets_the_endpoint_the_test_command_built_it_with() {
    let url = stack_token_url_from("real_stack_x", Some("http://127.0.0.1:1/api/token"), true);
    assert_eq!(url, Some("http://127.0.0.1:1/api/token"));
}

#[wasm_bindgen_test]
fn a_stack_test_skips_outside_the_test_command() {
    assert_eq!(stack_token_url_from("real_stack_x", None, false), None);
    assert_eq!(stack_token_url_from("real_stack_x", Some(""), false), None);
}

#[wasm_bindgen_test]
#[should_panic(expected = "LKW_TEST_TOKEN_URL was not set")]
fn a_stack_test_fails_when_the_test_command_runs_it_without_the_stack() {
    stack_token_url_from("real_stack_x", None, true);
}

#[wasm_bindgen_test]
#[should_panic(expected = "its name must start with real_stack_")]
fn a_test_that_needs_the_stack_says_so_in_its_name() {
    stack_token_url_from(
        "connects_somewhere",
        Some("http://127.0.0.1:1/api/token"),
        true,
    );
}
