//! `RpcInvocationData`, the argument of an RPC method handler.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `RpcInvocationData`, the argument of an RPC handler.
    #[derive(Clone, Debug)]
    pub type RpcInvocationData;

    #[wasm_bindgen(method, getter, js_name = requestId)]
    pub fn request_id(this: &RpcInvocationData) -> String;

    #[wasm_bindgen(method, getter, js_name = callerIdentity)]
    pub fn caller_identity(this: &RpcInvocationData) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn payload(this: &RpcInvocationData) -> String;

    #[wasm_bindgen(method, getter, js_name = responseTimeout)]
    pub fn response_timeout(this: &RpcInvocationData) -> f64;
}
