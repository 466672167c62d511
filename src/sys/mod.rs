//! Raw `extern` bindings to `livekit-client`, one file per SDK class. No logic lives here.
//!
//! Nothing is bound to a global: the SDK is a module namespace object ([`sdk::Sdk`]) that the
//! loader hands over, and classes are reached through it. Every call that can throw or reject is
//! `catch`.

pub mod connect_gate;
pub mod connection_check;
pub mod crash_watch;
pub mod participant;
pub mod room;
pub mod rpc;
pub mod sdk;
pub mod text_stream;
pub mod track;
pub mod wake_lock;
