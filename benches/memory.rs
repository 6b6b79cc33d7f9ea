//! Peak heap use of reading and validating generated models.
//!
//! Run with `cargo bench --bench memory`. A counting allocator records the
//! largest number of heap bytes live at once during each operation; the
//! figure includes the input bytes, which every operation holds in memory.
//! It prints one line per operation and size, with the peak as a multiple
//! of the file size.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tmif::{GenerateOptions, Syntax};

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to the system allocator unchanged and only
// updates two counters.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which is forwarded.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract, which is forwarded.
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract, which is forwarded.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `operation` on a fresh copy of `bytes` and returns the peak heap bytes, input included.
fn peak_of(bytes: &[u8], operation: impl FnOnce(Vec<u8>)) -> usize {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let before = LIVE.load(Ordering::Relaxed);
    let input = bytes.to_vec();
    operation(input);
    PEAK.load(Ordering::Relaxed) - before
}

/// A named operation on the input bytes.
type Operation = (&'static str, fn(Vec<u8>));

fn main() {
    println!(
        "{:<12} {:>10} {:>12} {:>14} {:>8}",
        "operation", "elements", "file bytes", "peak bytes", "x file"
    );
    for elements in [1_000, 10_000, 100_000] {
        let document = tmif::generate(GenerateOptions { elements, seed: 1 });
        let bytes = tmif::canonical::to_string(&document).into_bytes();
        drop(document);
        let operations: [Operation; 3] = [
            ("parse_value", |input| {
                let value = serde_json::from_slice::<serde_json::Value>(&input);
                assert!(value.is_ok(), "a generated model parses");
            }),
            ("typed_load", |input| {
                let document = serde_json::from_slice::<tmif::Document>(&input);
                assert!(document.is_ok(), "a generated model deserializes");
            }),
            ("validate", |input| {
                let validation = tmif::validate(&input, Syntax::Json);
                assert!(validation.is_valid(), "a generated model is valid");
            }),
        ];
        for (name, operation) in operations {
            let peak = peak_of(&bytes, operation);
            println!(
                "{name:<12} {elements:>10} {:>12} {peak:>14} {:>8.2}",
                bytes.len(),
                peak as f64 / bytes.len() as f64
            );
        }
    }
}
