//! Time of building, laying out and drawing the data-flow diagram of a
//! generated model.
//!
//! Run with `cargo bench --bench render`. Each function is measured on
//! models of 200, 2,000 and 20,000 elements with as many data flows
//! (`tmif::generate` with seed 1):
//!
//! - `scene`: `Scene::of_document`;
//! - `layout_of_scene`: `tmif::render::layout` of the scene;
//! - `svg`: `tmif::render::to_svg` of the scene and its layout.

use divan::Bencher;
use tmif::GenerateOptions;
use tmif::render::{Scene, layout, to_svg};

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [200, 2_000, 20_000];

fn model(elements: usize) -> tmif::Document {
    tmif::generate(GenerateOptions { elements, seed: 1 })
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn scene(bencher: Bencher, elements: usize) {
    let document = model(elements);
    bencher.bench_local(|| Scene::of_document(&document));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn layout_of_scene(bencher: Bencher, elements: usize) {
    let scene = Scene::of_document(&model(elements));
    bencher.bench_local(|| layout(&scene));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn svg(bencher: Bencher, elements: usize) {
    let scene = Scene::of_document(&model(elements));
    let computed = layout(&scene);
    bencher.bench_local(|| to_svg(&scene, &computed));
}
