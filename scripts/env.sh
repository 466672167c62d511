# Shared paths for the project's scripts. Source it; it only sets variables.
#
# Long-lived tools live outside the clone (so a fresh clone, e.g. CI's, reuses them):
#   $LKW_TOOLS/bin       livekit-server
#   $LKW_TOOLS/venv-*    the agent's Python venv, one per agent/requirements.lock content
#   ~/.cargo/bin         trunk, wasm-bindgen, wasm-pack (cargo install)
#   $LKW_TOOLS/geckodriver/bin/geckodriver   NOT on PATH (a geckodriver on PATH would make
#                        wasm-bindgen-test-runner use Firefox by default): $LKW_GECKODRIVER
LKW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LKW_TOOLS="${LKW_TOOLS:-$HOME/.cache/lk-voice-widget}"
LKW_LIVEKIT_VERSION="1.13.5"
LKW_TRUNK_VERSION="0.21.14"
LKW_WASM_PACK_VERSION="0.15.1"
LKW_GECKODRIVER_VERSION="0.37.1"
# The dated nightly that builds the release wasm only (scripts/build; README "Size"): its std
# rebuilt for size. Tests, clippy and the token server stay on rust-toolchain.toml's stable.
LKW_NIGHTLY="nightly-2026-05-20"
LKW_GECKODRIVER="$LKW_TOOLS/geckodriver/bin/geckodriver"
# WebKitGTK's browser (Debian libwebkit2gtk-4.1-0, pulled by webkit2gtk-driver); not on PATH.
LKW_MINIBROWSER="/usr/lib/$(uname -m)-linux-gnu/webkit2gtk-4.1/MiniBrowser"
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock.
LKW_WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$LKW_ROOT/Cargo.lock")"
LKW_VENV="$LKW_TOOLS/venv-$(sha256sum "$LKW_ROOT/agent/requirements.lock" | cut -c1-12)"
export PATH="$HOME/.cargo/bin:$LKW_TOOLS/bin:$LKW_ROOT/node_modules/.bin:$PATH"
export LKW_ROOT LKW_TOOLS LKW_VENV LKW_LIVEKIT_VERSION LKW_NIGHTLY LKW_GECKODRIVER LKW_MINIBROWSER
