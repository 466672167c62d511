//! Loading the SDK: lazily, module-scoped, with a typed failure that names the URL and cause.

use super::devices::{DeviceKind, MediaDevice};
use super::failure::{LiveKitError, SdkLoadCause};
use crate::sys;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The loaded `livekit-client` module. Cheap to clone; never stored in a page global.
#[derive(Clone, Debug)]
pub struct Sdk {
    pub(crate) module: sys::sdk::Sdk,
}

impl Sdk {
    /// The SDK's version string, e.g. `2.23.0`.
    pub fn version(&self) -> String {
        self.module.version().unwrap_or_else(|| "unknown".into())
    }

    /// The microphones or speakers the browser lists. With `request_permissions`, asks for
    /// microphone access first so labels are filled in.
    pub async fn local_devices(
        &self,
        kind: DeviceKind,
        request_permissions: bool,
    ) -> Result<Vec<MediaDevice>, LiveKitError> {
        let promise = self
            .module
            .room_statics()
            .get_local_devices(kind.as_str(), request_permissions)
            .map_err(|e| super::error::microphone_failure(&e))?;
        let list = JsFuture::from(promise)
            .await
            .map_err(|e| super::error::microphone_failure(&e))?;
        let text = |device: &JsValue, key: &str| {
            Reflect::get(device, &key.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        Ok(js_sys::Array::from(&list)
            .iter()
            .map(|device| MediaDevice {
                device_id: text(&device, "deviceId"),
                label: text(&device, "label"),
                group_id: text(&device, "groupId"),
            })
            .collect())
    }

    /// `isBrowserSupported()`; `false` when the call throws.
    pub fn is_browser_supported(&self) -> bool {
        self.module.is_browser_supported().unwrap_or(false)
    }
}

/// Where the SDK is fetched from when the widget is not told otherwise: `vendor/` beside the
/// app root, resolved against the widget's own module URL (so embedding on another origin works).
pub fn default_sdk_url() -> String {
    sys::sdk::default_sdk_url()
}

/// Starts loading the SDK now and returns a future for it. Loads are shared: a second call for
/// the same URL waits for the first; a failed load is retried by the next call.
pub fn load_sdk(url: &str) -> impl std::future::Future<Output = Result<Sdk, LiveKitError>> {
    let started = sys::sdk::load_sdk(url).map(JsFuture::from);
    let url = url.to_string();
    async move {
        let module = started
            .map_err(|err| load_failure(&url, err))?
            .await
            .map_err(|err| load_failure(&url, err))?;
        Ok(Sdk {
            module: module.unchecked_into(),
        })
    }
}

fn load_failure(url: &str, err: JsValue) -> LiveKitError {
    let field = |name: &str| Reflect::get(&err, &JsValue::from_str(name)).ok();
    let text = |name: &str| field(name).and_then(|v| v.as_string());
    let status = field("status").and_then(|v| v.as_f64()).unwrap_or(0.0) as u16;
    let message = text("message").unwrap_or_else(|| super::error::js_error_text(&err));
    let cause = match text("kind").as_deref() {
        Some("http") => SdkLoadCause::Http(status),
        Some("mime") => SdkLoadCause::Mime(text("contentType").unwrap_or_default()),
        Some("script") => SdkLoadCause::Script,
        _ => SdkLoadCause::Network,
    };
    LiveKitError::SdkLoad {
        url: text("url").unwrap_or_else(|| url.to_string()),
        cause,
        message,
    }
}
