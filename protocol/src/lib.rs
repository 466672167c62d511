//! The token endpoint's wire contract: the request the widget sends, the answer it reads, and the
//! error body with its machine codes.
//!
//! The widget (Rust → wasm) and the token server (native) used to write this contract down once
//! each, so a renamed field or a new error code could pass both test suites and still break a
//! call. Both now build on these types, and a round-trip test in the server sends the widget's
//! request through the server's parser. It depends on `serde` only, so it costs the wasm bundle
//! nothing the widget did not already carry.
//!
//! The request is LiveKit's standard `TokenSource` shape, so stock LiveKit clients and
//! third-party token endpoints speak it too; the error body is this project's own.

mod error;
mod object;
mod request;
mod response;

pub use error::{ErrorBody, ErrorCode};
pub use request::{AgentDispatchRequest, RoomConfigRequest, TokenRequest};
pub use response::TokenResponse;
