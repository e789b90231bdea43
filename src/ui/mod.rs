//! The thin Yew shell: owns a `Session`, maps wall time × speed onto virtual time, renders
//! state and trace. No Kafka logic lives here.

mod app;
mod charts;
mod clock;
mod compare;
mod explainer;
mod export;
mod frozen;
mod lane;
mod stage;
mod timeline;

pub use app::App;

/// Mounts the app on `<main id="app">` (or the body).
/// Offline use (issue 16): `sw.js` caches the app after one visit. Only where the browser
/// offers service workers (a secure context: https, or localhost / 127.0.0.1).
fn register_service_worker() {
    let navigator = gloo::utils::window().navigator();
    if js_sys::Reflect::has(&navigator, &wasm_bindgen::JsValue::from_str("serviceWorker")).unwrap_or(false) {
        let _ = navigator.service_worker().register("sw.js");
    }
}

pub fn start() {
    register_service_worker();
    let document = gloo::utils::document();
    match document.get_element_by_id("app") {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
