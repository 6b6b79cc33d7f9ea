//! Time of diffing two revisions of a generated model against the time of
//! parsing both.
//!
//! Run with `cargo bench --bench diff`; set `TMIF_DIFF_BENCH_ELEMENTS` to
//! measure one size only, such as 10000. Two functions are measured on the
//! same pair of revisions:
//!
//! - `parse_both`: `serde_json::from_slice` of both revisions into `tmif::Document`;
//! - `diff`: `tmif::diff::diff` of the two parsed documents.
//!
//! After divan's table, the program times each function once more and prints
//! the ratio of diff time to parse time. The design target is at most 2.5.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use divan::Bencher;
use tmif::diff::DiffOptions;
use tmif::{Document, GenerateOptions};

fn main() {
    divan::main();
    for &elements in sizes() {
        print_ratio(elements);
    }
}

fn sizes() -> &'static [usize] {
    static SIZES: OnceLock<Vec<usize>> = OnceLock::new();
    SIZES.get_or_init(|| match std::env::var("TMIF_DIFF_BENCH_ELEMENTS") {
        Ok(value) => vec![value.parse().expect("TMIF_DIFF_BENCH_ELEMENTS is a number")],
        Err(_) => vec![10_000, 100_000],
    })
}

/// Edits about one object in a hundred: renames elements, changes flow
/// protocols, closes threats, moves elements to another zone, removes
/// elements and adds new ones.
fn revise(document: &Document) -> Document {
    let mut revised = document.clone();
    let zones = revised.trust_zones.len();
    for (i, element) in revised.elements.iter_mut().enumerate() {
        if i % 100 == 0 {
            element.name.push_str(" v2");
        }
        if i % 250 == 7 && zones > 1 {
            element.zone = Some(revised.trust_zones[i % zones].id.clone());
        }
    }
    for (i, flow) in revised.data_flows.iter_mut().enumerate() {
        if i % 100 == 3 {
            flow.protocol = Some("HTTPS".into());
        }
    }
    for (i, threat) in revised.threats.iter_mut().enumerate() {
        if i % 50 == 0 {
            threat.status = tmif::model::ThreatStatus::Mitigated;
        }
    }
    let removed = revised.elements.len() / 200;
    let added: Vec<_> = revised.elements.drain(..removed).collect();
    for (i, mut element) in added.into_iter().enumerate() {
        element.id = format!("added-element-{i}").into();
        revised.elements.push(element);
    }
    revised
}

/// The canonical JSON of an old and a new revision.
type Pair = (Vec<u8>, Vec<u8>);

/// Generates, once, the canonical JSON of two revisions of a model with `elements` elements.
fn revisions(elements: usize) -> &'static Pair {
    static PAIRS: OnceLock<Vec<(usize, Pair)>> = OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        sizes()
            .iter()
            .map(|&size| {
                let old = tmif::generate(GenerateOptions {
                    elements: size,
                    seed: 1,
                });
                let new = revise(&old);
                let old = tmif::canonical::to_string(&old).into_bytes();
                let new = tmif::canonical::to_string(&new).into_bytes();
                (size, (old, new))
            })
            .collect()
    });
    pairs
        .iter()
        .find(|(size, _)| *size == elements)
        .map(|(_, pair)| pair)
        .expect("a pair is generated for every benchmarked size")
}

fn parse(bytes: &[u8]) -> Document {
    serde_json::from_slice(bytes).expect("a generated model parses")
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn parse_both(bencher: Bencher, elements: usize) {
    let (old, new) = revisions(elements);
    bencher.bench(|| (parse(divan::black_box(old)), parse(divan::black_box(new))));
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn diff(bencher: Bencher, elements: usize) {
    let (old, new) = revisions(elements);
    let (old, new) = (parse(old), parse(new));
    bencher.bench(|| tmif::diff::diff(&old, &new, &DiffOptions::default()));
}

/// Runs `f` three times and returns the shortest time.
fn fastest<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            divan::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn print_ratio(elements: usize) {
    let (old_bytes, new_bytes) = revisions(elements);
    let parse_time = fastest(|| (parse(old_bytes), parse(new_bytes)));
    let (old, new) = (parse(old_bytes), parse(new_bytes));
    let diff_time = fastest(|| tmif::diff::diff(&old, &new, &DiffOptions::default()));
    let changes = tmif::diff::diff(&old, &new, &DiffOptions::default()).summary;
    println!(
        "{elements} elements: parsing both {parse_time:.3?}, diff {diff_time:.3?}, \
         ratio {:.2} ({} added, {} removed, {} changed)",
        diff_time.as_secs_f64() / parse_time.as_secs_f64(),
        changes.added,
        changes.removed,
        changes.changed,
    );
}
