//! Time of reading and validating generated models of three sizes.
//!
//! Run with `cargo bench --bench validate`. Each size is measured three ways
//! on the same bytes in one run, so their ratios can be compared even on a busy machine:
//!
//! - `parse_value`: `serde_json::from_slice` into `serde_json::Value`, the baseline;
//! - `typed_load`: `serde_json::from_slice` into `tmif::Document`;
//! - `validate`: `tmif::validate`, which reads the document, checks its
//!   version and shape, and runs every semantic rule.

use std::sync::OnceLock;

use divan::Bencher;
use tmif::{GenerateOptions, Syntax};

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1_000, 10_000, 100_000];

/// Returns the canonical JSON of a generated model with `elements` elements and as many flows.
fn model(elements: usize) -> &'static [u8] {
    static MODELS: OnceLock<Vec<(usize, Vec<u8>)>> = OnceLock::new();
    let models = MODELS.get_or_init(|| {
        SIZES
            .iter()
            .map(|&size| {
                let document = tmif::generate(GenerateOptions {
                    elements: size,
                    seed: 1,
                });
                (size, tmif::canonical::to_string(&document).into_bytes())
            })
            .collect()
    });
    models
        .iter()
        .find(|(size, _)| *size == elements)
        .map(|(_, bytes)| bytes.as_slice())
        .expect("a model is generated for every benchmarked size")
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn parse_value(bencher: Bencher, elements: usize) {
    let bytes = model(elements);
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| serde_json::from_slice::<serde_json::Value>(divan::black_box(bytes)).is_ok());
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn typed_load(bencher: Bencher, elements: usize) {
    let bytes = model(elements);
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| serde_json::from_slice::<tmif::Document>(divan::black_box(bytes)).is_ok());
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn validate(bencher: Bencher, elements: usize) {
    let bytes = model(elements);
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            let validation = tmif::validate(divan::black_box(bytes), Syntax::Json);
            assert!(validation.is_valid(), "a generated model is valid");
        });
}
