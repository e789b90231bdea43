//! The thin Yew shell: owns a `Session`, maps wall time × speed onto virtual time, renders
//! state and trace. No Kafka logic lives here.

mod app;
mod browser;
mod charts;
mod clock;
mod compare;
mod explainer;
mod export;
mod frozen;
mod lane;
mod legend;
mod stage;
mod timeline;

pub use app::App;

/// Mounts the app on `<main id="app">` (or the body).
pub fn start() {
    browser::register_service_worker();
    let document = gloo::utils::document();
    match document.get_element_by_id("app") {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
    // The app is mounted: the loading notice of index.html goes.
    browser::remove_element("boot");
}
