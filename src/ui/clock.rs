//! The play clock every view shares: wall time × speed mapped onto virtual time, one animation
//! frame at a time. (A float only here, in the UI; the engine's time is integer ms.)

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::html::Scope;
use yew::Component;

/// Longest wall-time gap one frame may advance (a background tab does not leap the run).
const MAX_FRAME_GAP_MS: f64 = 250.0;

pub struct Clock {
    /// Virtual ms shown (fractional so slow speeds advance smoothly).
    pub view_ms: f64,
    pub playing: bool,
    /// Index into the view's speed list.
    pub speed: usize,
    last_frame_ms: Option<f64>,
    frame: Option<AnimationFrame>,
}

impl Clock {
    pub fn new(speed: usize) -> Clock {
        Clock {
            view_ms: 0.0,
            playing: false,
            speed,
            last_frame_ms: None,
            frame: None,
        }
    }

    /// The shown moment in whole ms.
    pub fn ms(&self) -> u64 {
        self.view_ms as u64
    }

    pub fn pause(&mut self) {
        self.playing = false;
        self.frame = None;
        self.last_frame_ms = None;
    }

    /// Starts playing unless the run has ended; frames arrive as `frame(timestamp)`.
    pub fn play<C: Component>(&mut self, link: &Scope<C>, frame: fn(f64) -> C::Message, end_ms: u64) {
        if self.ms() < end_ms {
            self.playing = true;
            self.last_frame_ms = None;
            self.next_frame(link, frame);
        }
    }

    /// Asks for the next animation frame.
    pub fn next_frame<C: Component>(&mut self, link: &Scope<C>, frame: fn(f64) -> C::Message) {
        let link = link.clone();
        self.frame = Some(request_animation_frame(move |ts| link.send_message(frame(ts))));
    }

    /// One frame at wall time `ts`: moves the clock by the wall time since the last frame ×
    /// `factor`, up to `end_ms`. False when not playing (a late frame after a pause).
    pub fn advance(&mut self, ts: f64, factor: f64, end_ms: u64) -> bool {
        if !self.playing {
            return false;
        }
        if let Some(last) = self.last_frame_ms {
            let wall = (ts - last).clamp(0.0, MAX_FRAME_GAP_MS);
            self.view_ms = (self.view_ms + wall * factor).min(end_ms as f64);
        }
        self.last_frame_ms = Some(ts);
        true
    }
}

/// A moment as the views show it: "12.345 s".
pub fn format_time(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

pub use crate::i18n::speed_label;
