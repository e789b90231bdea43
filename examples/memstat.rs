//! Hand tool (issue 17): the live heap of a session played for a long time, natively, with a
//! counting allocator. Native sizes are an upper bound of wasm's (8-byte pointers).
//!
//!     cargo run --release --example memstat -- scenarios/large-256.json 3600000
use groupscope::model::scenario::Scenario;
use groupscope::model::session::Session;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call forwards to the system allocator unchanged; only the counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        grew(l.size());
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        if n > l.size() {
            grew(n - l.size());
        } else {
            LIVE.fetch_sub(l.size() - n, Ordering::Relaxed);
        }
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(until)) = (args.next(), args.next().and_then(|t| t.parse::<u64>().ok())) else {
        eprintln!("usage: memstat <scenario.json> <virtual ms>");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut scenario: Scenario = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    scenario.duration_ms = scenario.duration_ms.max(until);
    let base = live();
    let mut session = Session::new(&scenario);
    for k in 1..=6u64 {
        session.run_until(until / 6 * k);
        let before = live();
        let world = session.sim.world.clone();
        let one_world = live() - before;
        drop(world);
        println!(
            "t={} s: {} steps, {} trace entries; live {}, peak {}; a snapshot adds {}",
            until / 6 * k / 1000,
            session.steps(),
            session.sim.trace.len(),
            mb(live() - base),
            mb(PEAK.load(Ordering::Relaxed) - base),
            mb(one_world)
        );
    }
    let before = live();
    drop(std::mem::take(&mut session.sim.trace));
    println!(
        "the trace held {} ({} bytes inline an entry)",
        mb(before - live()),
        std::mem::size_of::<groupscope::model::trace::TraceEntry>()
    );
}
