//! The browser services the views use, in one place: URL parameters and fragment, the page's
//! base URL and address bar, localStorage, same-origin fetch, downloads, the clipboard, reading
//! a picked file, full screen, media queries and focus. Views call these; none of them talks
//! to `web_sys` for these services itself.

use wasm_bindgen::JsCast;

/// Removes the element with this id, if the page has one (the loading notice of `index.html`).
pub fn remove_element(id: &str) {
    if let Some(element) = gloo::utils::document().get_element_by_id(id) {
        element.remove();
    }
}

/// A query parameter of the page's URL.
pub fn url_param(name: &str) -> Option<String> {
    let search = gloo::utils::window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// What follows `prefix` in the page's URL fragment (`#s=…`), if it starts so.
pub fn url_fragment(prefix: &str) -> Option<String> {
    let hash = gloo::utils::window().location().hash().ok()?;
    hash.strip_prefix(prefix).map(str::to_string)
}

/// Sets (Some) or removes (None) query parameters of the address bar, keeping the others and
/// the fragment; no new history entry. Nothing happens when they already read so.
pub fn set_url_params(changes: &[(&str, Option<String>)]) {
    let location = gloo::utils::window().location();
    let search = location.search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    for (name, value) in changes {
        match value {
            Some(v) => params.set(name, v),
            None => params.delete(name),
        }
    }
    let query: String = params.to_string().into();
    let query = if query.is_empty() { String::new() } else { format!("?{query}") };
    if query != search {
        let hash = location.hash().unwrap_or_default();
        replace_url(&format!("{}{query}{hash}", base_url()));
    }
}

/// The page's own address without query or fragment.
pub fn base_url() -> String {
    let location = gloo::utils::window().location();
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Shows `url` in the address bar (no new history entry).
pub fn replace_url(url: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// A value kept in localStorage.
pub fn stored(key: &str) -> Option<String> {
    gloo::utils::window().local_storage().ok().flatten()?.get_item(key).ok().flatten()
}

/// Keeps a value in localStorage (silently not, where storage is refused).
pub fn store(key: &str, value: &str) {
    if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
        let _ = storage.set_item(key, value);
    }
}

/// The browser's preferred language tag (`navigator.language`).
pub fn browser_language() -> Option<String> {
    gloo::utils::window().navigator().language()
}

pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// A same-origin file that did not arrive: its URL, and the HTTP status if there was an
/// answer (none: the network, or a body that broke off).
#[derive(Clone, Debug)]
pub struct FetchFailure {
    pub url: String,
    pub status: Option<u16>,
}

impl FetchFailure {
    /// In the reader's language.
    pub fn words(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::fetch_failed(&self.url, self.status, lang)
    }
}

/// GETs a same-origin file as text.
pub async fn fetch_text(url: String) -> Result<String, FetchFailure> {
    let window = gloo::utils::window();
    let failed = |status: Option<u16>| FetchFailure { url: url.clone(), status };
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| failed(None))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed(None))?;
    if !response.ok() {
        return Err(failed(Some(response.status())));
    }
    let text = response.text().map_err(|_| failed(None))?;
    let text = wasm_bindgen_futures::JsFuture::from(text).await.map_err(|_| failed(None))?;
    text.as_string().ok_or_else(|| failed(None))
}

/// The text of a file the user picked.
pub async fn read_file(file: web_sys::File) -> Option<String> {
    let blob: &web_sys::Blob = file.as_ref();
    let text = wasm_bindgen_futures::JsFuture::from(blob.text()).await;
    text.ok().and_then(|t| t.as_string())
}

/// Downloads `text` as a file called `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = gloo::utils::document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Puts `text` on the clipboard (the promise is not awaited).
pub fn copy_to_clipboard(text: &str) {
    let _ = gloo::utils::window().navigator().clipboard().write_text(text);
}

/// Full screen for the whole page (needs a user gesture; refused, nothing happens), or out of it.
pub fn set_fullscreen(on: bool) {
    let document = gloo::utils::document();
    if on {
        if let Some(root) = document.document_element() {
            let _ = root.request_fullscreen();
        }
    } else if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    }
}

/// A keydown listener on the document that can keep the browser from scrolling. gloo's
/// `EventListener::new` registers a passive listener, where `prevent_default` is ignored; and
/// Yew runs a component's update later, off the event, where it is too late. So `takes` answers
/// at once whether the app takes the key (the default is then prevented here), and `then` gets
/// every key to handle as a message.
pub fn on_keydown(takes: impl Fn(&web_sys::KeyboardEvent) -> bool + 'static, then: impl Fn(web_sys::KeyboardEvent) + 'static) -> gloo::events::EventListener {
    let options = gloo::events::EventListenerOptions::enable_prevent_default();
    gloo::events::EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
        if let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() {
            if takes(key) {
                event.prevent_default();
            }
            then(key.clone());
        }
    })
}

/// Where a key goes when pressed: typed into a field (input, textarea, select, editable text),
/// pressed on something that Space or Enter activates (a button, a link, a summary), or
/// neither (the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyTarget {
    Field,
    Activatable,
    Page,
}

/// The kind of element a key event is aimed at.
pub fn key_target(event: &web_sys::KeyboardEvent) -> KeyTarget {
    let Some(el) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return KeyTarget::Page;
    };
    let editable = el.dyn_ref::<web_sys::HtmlElement>().is_some_and(|h| h.is_content_editable());
    match el.tag_name().as_str() {
        "INPUT" | "TEXTAREA" | "SELECT" => KeyTarget::Field,
        _ if editable => KeyTarget::Field,
        "BUTTON" | "A" | "SUMMARY" => KeyTarget::Activatable,
        _ if el.get_attribute("role").as_deref() == Some("button") => KeyTarget::Activatable,
        _ => KeyTarget::Page,
    }
}

/// Moves keyboard focus to the first element matching `selector`, if any, without scrolling
/// the page to it: the element comes into view by the nearest edge, so only the panel that
/// holds it scrolls when that panel is on screen (a lesson's card beside the stage, issue 30);
/// an enclosing `[data-focus-block]` (a question and its choices) comes into view whole.
pub fn focus(selector: &str) {
    if let Ok(Some(el)) = gloo::utils::document().query_selector(selector) {
        if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = el.focus_with_options(&options);
            let view = web_sys::ScrollIntoViewOptions::new();
            view.set_block(web_sys::ScrollLogicalPosition::Nearest);
            // The whole block the control belongs to (a question with its choices), then the
            // control itself should the block be taller than its panel.
            if let Ok(Some(block)) = el.closest("[data-focus-block]") {
                block.scroll_into_view_with_scroll_into_view_options(&view);
            }
            el.scroll_into_view_with_scroll_into_view_options(&view);
        }
    }
}

/// The page's language attribute and title.
pub fn set_document_lang(code: &str, title: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("lang", code);
    }
    gloo::utils::document().set_title(title);
}

/// Offline use (issue 16): `sw.js` caches the app after one visit. Only where the browser
/// offers service workers (a secure context: https, or localhost / 127.0.0.1).
pub fn register_service_worker() {
    let navigator = gloo::utils::window().navigator();
    if js_sys::Reflect::has(&navigator, &wasm_bindgen::JsValue::from_str("serviceWorker")).unwrap_or(false) {
        let _ = navigator.service_worker().register("sw.js");
    }
}

/// Reports an element's width and the window's, in CSS pixels, now and whenever the element's
/// changes, until dropped.
pub struct WidthObserver {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for WidthObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Watches the width of the element behind `node` (None when it is not mounted).
/// The window's inner size in CSS pixels (0 × 0 where it cannot be read).
pub fn screen_size() -> (u32, u32) {
    let window = gloo::utils::window();
    let px = |v: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0).round().max(0.0) as u32;
    (px(window.inner_width()), px(window.inner_height()))
}

/// Gives the lesson layout (`[data-testid=lesson-layout]`) the screen's height under its top,
/// less `gap_px`, as `--lesson-h`: the stage and the card then end at the screen's bottom
/// however many rows the controls above them wrap into. False when there is no lesson layout.
pub fn fit_lesson_height(gap_px: u32) -> bool {
    let Ok(Some(el)) = gloo::utils::document().query_selector("[data-testid=lesson-layout]") else {
        return false;
    };
    let top = el.get_bounding_client_rect().top() + gloo::utils::window().scroll_y().unwrap_or(0.0);
    el.set_attribute("style", &format!("--lesson-h: calc(100vh - {}px)", top.round().max(0.0) as u32 + gap_px))
        .is_ok()
}

pub fn observe_width(node: &yew::NodeRef, on_width: yew::Callback<(u32, u32)>) -> Option<WidthObserver> {
    let element = node.cast::<web_sys::Element>()?;
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries.iter().last().and_then(|e| e.dyn_into::<web_sys::ResizeObserverEntry>().ok()) {
            let window = gloo::utils::window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(0.0);
            on_width.emit((entry.content_rect().width().round().max(0.0) as u32, window.round().max(0.0) as u32));
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&element);
    Some(WidthObserver { observer, _callback: callback })
}
