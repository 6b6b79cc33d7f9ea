//! Data-flow diagrams: layout invariants, the SVG, HTML, DOT and Mermaid
//! writers, and `tmif render`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use quick_xml::events::Event;
use tmif::diff::{DiffOptions, diff};
use tmif::model::{DataFlow, Document, Element, ElementKind, Id, TrustZone};
use tmif::render::{FlowPath, Format, Layout, Point, Rect, Scene, Status, layout, render};
use tmif::{GenerateOptions, Syntax};

// ---------------------------------------------------------------------------
// Helpers

/// Parses a document from JSON without validating it.
fn document(json: serde_json::Value) -> Document {
    serde_json::from_value(json).expect("the test document has the model's shape")
}

fn zone(id: &str, name: &str, parent: Option<&str>) -> TrustZone {
    let mut zone: TrustZone =
        serde_json::from_value(serde_json::json!({"id": id, "name": name})).unwrap();
    zone.parent = parent.map(Id::from);
    zone
}

fn element(id: &str, name: &str, kind: ElementKind, zone: Option<&str>) -> Element {
    let mut element: Element =
        serde_json::from_value(serde_json::json!({"id": id, "name": name, "kind": "process"}))
            .unwrap();
    element.kind = kind;
    element.zone = zone.map(Id::from);
    element
}

fn flow(id: &str, source: &str, target: &str) -> DataFlow {
    serde_json::from_value(serde_json::json!({"id": id, "source": source, "target": target}))
        .unwrap()
}

/// The documents of `examples/`, each with its file name.
fn examples() -> Vec<(String, Document)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            name.contains(".tmif.")
        })
        .collect();
    paths.sort();
    let documents: Vec<(String, Document)> = paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let validation = tmif::validate(&bytes, Syntax::detect(Some(path), &bytes));
            let name = path.display().to_string();
            let document = validation
                .document
                .unwrap_or_else(|| panic!("{name} is not a document"));
            (name, document)
        })
        .collect();
    assert!(documents.len() >= 5, "examples/ holds the sample models");
    documents
}

/// The chain of zones that contain `zone`, itself included.
fn zone_chain(scene: &Scene, zone: Option<usize>) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut at = zone;
    while let Some(index) = at {
        assert!(
            chain.len() <= scene.zones.len(),
            "zone parents form a loop at {}",
            scene.zones[index].id
        );
        chain.push(index);
        at = scene.zones[index].parent;
    }
    chain
}

/// Checks every invariant of a layout, naming `what` in each failure.
fn check_layout(what: &str, scene: &Scene, layout: &Layout) {
    assert_eq!(layout.zones.len(), scene.zones.len(), "{what}: zone boxes");
    assert_eq!(
        layout.elements.len(),
        scene.elements.len(),
        "{what}: element boxes"
    );
    assert_eq!(layout.flows.len(), scene.flows.len(), "{what}: flow paths");
    assert!(
        layout.width.is_finite() && layout.height.is_finite(),
        "{what}: size"
    );
    for rect in layout.zones.iter().chain(&layout.elements) {
        let values = [rect.x, rect.y, rect.width, rect.height];
        assert!(
            values.iter().all(|v| v.is_finite()),
            "{what}: box {rect:?} has a coordinate that is not finite"
        );
        assert!(
            rect.width > 0.0 && rect.height > 0.0,
            "{what}: empty box {rect:?}"
        );
        assert!(
            rect.x >= 0.0 && rect.y >= 0.0,
            "{what}: box {rect:?} outside the diagram"
        );
        assert!(
            rect.right() <= layout.width && rect.bottom() <= layout.height,
            "{what}: box {rect:?} outside the diagram"
        );
    }

    // Element boxes against each other, sorted by x so that only boxes
    // whose horizontal ranges meet are compared.
    let mut by_x: Vec<usize> = (0..layout.elements.len()).collect();
    by_x.sort_by(|&a, &b| layout.elements[a].x.total_cmp(&layout.elements[b].x));
    for (position, &a) in by_x.iter().enumerate() {
        for &b in &by_x[position + 1..] {
            if layout.elements[b].x >= layout.elements[a].right() {
                break;
            }
            assert!(
                !layout.elements[a].overlaps(&layout.elements[b]),
                "{what}: element boxes of {} and {} overlap",
                scene.elements[a].id,
                scene.elements[b].id
            );
        }
    }

    for (index, element) in scene.elements.iter().enumerate() {
        let rect = &layout.elements[index];
        let chain = zone_chain(scene, element.zone);
        for &zone in &chain {
            assert!(
                layout.zones[zone].contains(rect),
                "{what}: element {} lies outside its zone {}",
                element.id,
                scene.zones[zone].id
            );
        }
        for (zone, zone_rect) in layout.zones.iter().enumerate() {
            if !chain.contains(&zone) {
                assert!(
                    !zone_rect.overlaps(rect),
                    "{what}: element {} overlaps zone {}, which does not contain it",
                    element.id,
                    scene.zones[zone].id
                );
            }
        }
    }

    for (index, zone) in scene.zones.iter().enumerate() {
        for &ancestor in zone_chain(scene, zone.parent).iter() {
            assert!(
                layout.zones[ancestor].contains(&layout.zones[index]),
                "{what}: zone {} lies outside its ancestor {}",
                zone.id,
                scene.zones[ancestor].id
            );
        }
        for (other_index, other) in scene.zones.iter().enumerate().skip(index + 1) {
            if other.parent == zone.parent {
                assert!(
                    !layout.zones[index].overlaps(&layout.zones[other_index]),
                    "{what}: sibling zones {} and {} overlap",
                    zone.id,
                    other.id
                );
            }
        }
    }

    for (flow, path) in scene.flows.iter().zip(&layout.flows) {
        assert!(
            path.points.len() >= 2,
            "{what}: flow {} has no path",
            flow.id
        );
        let label_corner = path.label.map(|rect| tmif::render::Point {
            x: rect.right(),
            y: rect.bottom(),
        });
        let label_points = path.label.map(|rect| rect.center()).into_iter();
        for point in path
            .points
            .iter()
            .copied()
            .chain(label_points)
            .chain(label_corner)
        {
            assert!(
                point.x.is_finite() && point.y.is_finite(),
                "{what}: flow {} has a point that is not finite",
                flow.id
            );
        }
        let first = path.points[0];
        let last = *path.points.last().unwrap();
        assert!(
            layout.elements[flow.source].on_border(first, 1e-6),
            "{what}: flow {} starts at {first:?}, off its source box {:?}",
            flow.id,
            layout.elements[flow.source]
        );
        assert!(
            layout.elements[flow.target].on_border(last, 1e-6),
            "{what}: flow {} ends at {last:?}, off its target box {:?}",
            flow.id,
            layout.elements[flow.target]
        );
    }
}

/// A tag of a parsed XML document with its attributes and the text it directly contains.
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Tag {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Parses `xml` with quick-xml, failing the test when it is not
/// well-formed, and returns its start tags and its text nodes, unescaped.
fn parse_xml(xml: &str) -> (Vec<Tag>, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut tags = Vec::new();
    let mut texts = Vec::new();
    let mut text = String::new();
    let mut depth = 0usize;
    let flush = |text: &mut String, texts: &mut Vec<String>| {
        if !text.is_empty() {
            let unescaped = quick_xml::escape::unescape(text)
                .unwrap_or_else(|error| panic!("text {text:?} has a bad reference: {error}"));
            texts.push(unescaped.into_owned());
            text.clear();
        }
    };
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|error| panic!("not well-formed XML: {error}"));
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                flush(&mut text, &mut texts);
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
                let name = String::from_utf8(start.name().as_ref().to_vec()).unwrap();
                let attributes = start
                    .attributes()
                    .map(|attribute| {
                        let attribute = attribute.expect("a well-formed attribute");
                        let key = String::from_utf8(attribute.key.as_ref().to_vec()).unwrap();
                        let value = attribute
                            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .expect("an attribute value with valid references");
                        (key, value.into_owned())
                    })
                    .collect();
                tags.push(Tag { name, attributes });
            }
            Event::End(_) => {
                flush(&mut text, &mut texts);
                depth -= 1;
            }
            Event::Text(content) => text.push_str(&content.decode().unwrap()),
            Event::GeneralRef(reference) => {
                text.push('&');
                text.push_str(&reference.decode().unwrap());
                text.push(';');
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    (tags, texts)
}

/// The `data-status` of every group with `data-id`, keyed by class and id.
fn statuses(tags: &[Tag]) -> Vec<(String, String, String)> {
    tags.iter()
        .filter(|tag| tag.name == "g")
        .filter_map(|tag| {
            let id = tag.attribute("data-id")?;
            let status = tag.attribute("data-status")?;
            let class = tag.attribute("class")?;
            let what = class.split(' ').next()?.to_owned();
            assert!(
                class.split(' ').any(|c| c == status),
                "class {class:?} names the status {status}"
            );
            Some((what, id.to_owned(), status.to_owned()))
        })
        .collect()
}

fn status_of<'a>(list: &'a [(String, String, String)], what: &str, id: &str) -> Option<&'a str> {
    list.iter()
        .find(|(w, i, _)| w == what && i == id)
        .map(|(_, _, status)| status.as_str())
}

// ---------------------------------------------------------------------------
// Layout

#[test]
fn layout_of_every_example() {
    for (name, document) in examples() {
        let scene = Scene::of_document(&document);
        check_layout(&name, &scene, &layout(&scene));
        assert_eq!(scene.skipped_flows, 0, "{name}: every flow is drawn");
    }
}

#[test]
fn layout_of_generated_models() {
    for (elements, seed) in [(0, 1), (1, 1), (2, 2), (30, 3), (300, 4), (2000, 1)] {
        let document = tmif::generate(GenerateOptions { elements, seed });
        let scene = Scene::of_document(&document);
        assert_eq!(scene.elements.len(), elements);
        check_layout(
            &format!("generated {elements}/{seed}"),
            &scene,
            &layout(&scene),
        );
    }
}

#[test]
fn layout_is_deterministic() {
    let document = tmif::generate(GenerateOptions {
        elements: 400,
        seed: 9,
    });
    for format in [Format::Svg, Format::Html, Format::Dot, Format::Mermaid] {
        let first = render(&Scene::of_document(&document), format);
        let second = render(&Scene::of_document(&document.clone()), format);
        assert!(
            first == second,
            "{format:?} output differs between two runs"
        );
    }
}

#[test]
fn layout_of_cycles_loops_and_nesting() {
    let mut doc = Document::new("m", "Cycles");
    doc.trust_zones = vec![
        zone("outer", "Outer", None),
        zone("middle", "Middle", Some("outer")),
        zone("inner", "Inner", Some("middle")),
        zone("side", "Side", Some("outer")),
        zone("loop-a", "Loop A", Some("loop-b")),
        zone("loop-b", "Loop B", Some("loop-a")),
        zone("self", "Self parent", Some("self")),
        zone(
            "empty",
            "Empty zone with a long name that is wider than its contents",
            None,
        ),
    ];
    doc.elements = vec![
        element("a", "A", ElementKind::Process, Some("inner")),
        element("b", "B", ElementKind::DataStore, Some("middle")),
        element("c", "C", ElementKind::ExternalEntity, Some("side")),
        element("d", "D", ElementKind::Process, None),
        element("e", "E", ElementKind::Process, Some("loop-a")),
        element("f", "F", ElementKind::Process, Some("self")),
        element("g", "G", ElementKind::Process, Some("missing-zone")),
    ];
    let mut child = element("child", "Child", ElementKind::Process, None);
    child.parent = Some(Id::from("a"));
    doc.elements.push(child);
    doc.data_flows = vec![
        flow("ab", "a", "b"),
        flow("ba", "b", "a"),
        flow("bc", "b", "c"),
        flow("ca", "c", "a"),
        flow("aa", "a", "a"),
        flow("aa2", "a", "a"),
        flow("ab2", "a", "b"),
        flow("de", "d", "e"),
        flow("ef", "e", "f"),
        flow("fg", "f", "g"),
        flow("child", "child", "d"),
        flow("dangling", "a", "nowhere"),
    ];
    let scene = Scene::of_document(&doc);
    assert_eq!(scene.skipped_flows, 1);
    assert_eq!(scene.flows.len(), 11);
    let child = scene.elements.iter().find(|e| e.id == "child").unwrap();
    assert_eq!(
        child.zone.map(|z| scene.zones[z].id.as_str()),
        Some("inner"),
        "an element without a zone sits in its parent's effective zone"
    );
    let g = scene.elements.iter().find(|e| e.id == "g").unwrap();
    assert_eq!(
        g.zone, None,
        "an element of a missing zone sits at the top level"
    );
    check_layout("cycles", &scene, &layout(&scene));
}

/// A random document: zones with random parents (loops included), elements
/// in random zones or none, with random parents, and flows between random
/// elements, self-loops and missing ends included. Ids are unique.
fn random_document() -> impl Strategy<Value = Document> {
    let zones = prop::collection::vec(prop::option::of(0usize..12), 0..12);
    let elements = prop::collection::vec(
        (
            prop::option::of(0usize..14),
            prop::option::of(0usize..30),
            0usize..3,
            "[a-z<&\"' ]{0,40}",
        ),
        0..30,
    );
    let flows = prop::collection::vec((0usize..32, 0usize..32, any::<bool>()), 0..60);
    (zones, elements, flows).prop_map(|(zones, elements, flows)| {
        let mut doc = Document::new("random", "Random");
        for (index, parent) in zones.iter().enumerate() {
            let parent = parent.map(|p| format!("z{p}"));
            doc.trust_zones.push(zone(
                &format!("z{index}"),
                &format!("Zone {index}"),
                parent.as_deref(),
            ));
        }
        for (index, (zone_index, parent, kind, name)) in elements.iter().enumerate() {
            let zone_id = zone_index.map(|z| format!("z{z}"));
            let mut e = element(
                &format!("e{index}"),
                name,
                ElementKind::ALL[*kind],
                zone_id.as_deref(),
            );
            e.parent = parent.map(|p| Id::from(format!("e{p}")));
            doc.elements.push(e);
        }
        for (index, (source, target, bidirectional)) in flows.iter().enumerate() {
            let mut f = flow(
                &format!("f{index}"),
                &format!("e{source}"),
                &format!("e{target}"),
            );
            f.bidirectional = *bidirectional;
            doc.data_flows.push(f);
        }
        doc
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn layout_invariants_hold_for_random_documents(doc in random_document()) {
        let scene = Scene::of_document(&doc);
        let element_count = doc.elements.len();
        let missing = doc
            .data_flows
            .iter()
            .filter(|f| {
                let index = |id: &Id| id.as_str()[1..].parse::<usize>().unwrap();
                index(&f.source) >= element_count || index(&f.target) >= element_count
            })
            .count();
        prop_assert_eq!(scene.skipped_flows, missing);
        prop_assert_eq!(scene.flows.len() + missing, doc.data_flows.len());
        let computed = layout(&scene);
        check_layout("random", &scene, &computed);
        prop_assert!(computed == layout(&scene));
        prop_assert_eq!(flow_box_crossings(&scene, &computed), 0);
        prop_assert_eq!(label_overlaps(&computed), 0);
        prop_assert_eq!(labels_on_boxes(&computed), 0);
        parse_xml(&render(&scene, Format::Svg));
    }
}

// ---------------------------------------------------------------------------
// Layout quality

/// Returns whether the segment from `a` to `b` passes through the inside
/// of `rect`, shrunk by half a pixel so that touching its border does not
/// count (Liang-Barsky clipping).
fn segment_enters(a: Point, b: Point, rect: &Rect) -> bool {
    let (left, top) = (rect.x + 0.5, rect.y + 0.5);
    let (right, bottom) = (rect.right() - 0.5, rect.bottom() - 0.5);
    if left >= right || top >= bottom {
        return false;
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut enter, mut leave) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.x - left),
        (dx, right - a.x),
        (-dy, a.y - top),
        (dy, bottom - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
            continue;
        }
        let t = q / p;
        if p < 0.0 {
            enter = enter.max(t);
        } else {
            leave = leave.min(t);
        }
    }
    enter < leave
}

/// Counts the (flow, element) pairs where the flow's path passes through
/// an element box that is neither its source nor its target.
fn flow_box_crossings(scene: &Scene, layout: &Layout) -> usize {
    let mut crossings = 0;
    for (flow, path) in scene.flows.iter().zip(&layout.flows) {
        for (index, rect) in layout.elements.iter().enumerate() {
            if index == flow.source || index == flow.target {
                continue;
            }
            let enters = path
                .points
                .windows(2)
                .any(|pair| segment_enters(pair[0], pair[1], rect));
            crossings += usize::from(enters);
        }
    }
    crossings
}

/// Counts the pairs of drawn flow labels whose boxes overlap.
fn label_overlaps(layout: &Layout) -> usize {
    let labels: Vec<Rect> = layout.flows.iter().filter_map(|path| path.label).collect();
    let mut overlaps = 0;
    for (position, a) in labels.iter().enumerate() {
        overlaps += labels[position + 1..]
            .iter()
            .filter(|b| a.overlaps(b))
            .count();
    }
    overlaps
}

/// Counts the (label, element) pairs where a drawn flow label overlaps an element box.
fn labels_on_boxes(layout: &Layout) -> usize {
    let labels = layout.flows.iter().filter_map(|path| path.label);
    labels
        .map(|label| {
            layout
                .elements
                .iter()
                .filter(|rect| rect.overlaps(&label))
                .count()
        })
        .sum()
}

/// Counts the (label, flow) pairs where a drawn flow label lies on the
/// path of another flow.
fn labels_on_other_flows(layout: &Layout) -> usize {
    let mut count = 0;
    for (index, path) in layout.flows.iter().enumerate() {
        let Some(label) = path.label else { continue };
        for (other_index, other) in layout.flows.iter().enumerate() {
            let meets = other
                .points
                .windows(2)
                .any(|pair| segment_enters(pair[0], pair[1], &label));
            count += usize::from(other_index != index && meets);
        }
    }
    count
}

/// Counts the pairs of flows whose paths run along one line for more than
/// two pixels, so that one hides the other.
fn shared_segments(layout: &Layout) -> usize {
    let segments = |index: usize| -> Vec<(Point, Point)> {
        let points = &layout.flows[index].points;
        points.windows(2).map(|pair| (pair[0], pair[1])).collect()
    };
    let overlap = |a: (Point, Point), b: (Point, Point)| -> f64 {
        let span = |p: f64, q: f64| (p.min(q), p.max(q));
        if a.0.y == a.1.y && b.0.y == b.1.y && a.0.y == b.0.y {
            let (a0, a1) = span(a.0.x, a.1.x);
            let (b0, b1) = span(b.0.x, b.1.x);
            a1.min(b1) - a0.max(b0)
        } else if a.0.x == a.1.x && b.0.x == b.1.x && a.0.x == b.0.x {
            let (a0, a1) = span(a.0.y, a.1.y);
            let (b0, b1) = span(b.0.y, b.1.y);
            a1.min(b1) - a0.max(b0)
        } else {
            0.0
        }
    };
    let mut pairs = 0;
    for a in 0..layout.flows.len() {
        for b in a + 1..layout.flows.len() {
            let shared = segments(a)
                .into_iter()
                .any(|sa| segments(b).into_iter().any(|sb| overlap(sa, sb) > 2.0));
            pairs += usize::from(shared);
        }
    }
    pairs
}

fn aspect_ratio(layout: &Layout) -> f64 {
    layout.width / layout.height
}

/// Reads a revision of the story in `examples/story/`.
fn story(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/story")
        .join(format!("{name}.tmif.json"));
    let bytes = std::fs::read(&path).unwrap();
    tmif::validate(&bytes, Syntax::Json)
        .document
        .unwrap_or_else(|| panic!("{} is not a document", path.display()))
}

/// The diagrams of the story: each revision, and each change between two revisions.
fn story_scenes() -> Vec<(String, Scene)> {
    let names = ["1-service", "2-feature", "3-mitigations", "4-slim"];
    let documents: Vec<Document> = names.iter().map(|name| story(name)).collect();
    let mut scenes = Vec::new();
    for (name, document) in names.iter().zip(&documents) {
        scenes.push((name.to_string(), Scene::of_document(document)));
    }
    for index in 1..names.len() {
        let (old, new) = (&documents[index - 1], &documents[index]);
        let scene = Scene::of_diff(old, new, &diff(old, new, &DiffOptions::default()));
        scenes.push((format!("{} to {}", names[index - 1], names[index]), scene));
    }
    scenes
}

#[test]
fn quality_metrics_detect_bad_layout() {
    let mut doc = Document::new("bad", "Bad");
    doc.elements = vec![
        element("a", "A", ElementKind::Process, None),
        element("b", "B", ElementKind::Process, None),
        element("c", "C", ElementKind::Process, None),
    ];
    doc.data_flows = vec![flow("ac", "a", "c"), flow("ac2", "a", "c")];
    let scene = Scene::of_document(&doc);
    let rect = |x: f64| Rect {
        x,
        y: 20.0,
        width: 90.0,
        height: 40.0,
    };
    let line = FlowPath {
        points: vec![Point { x: 110.0, y: 40.0 }, Point { x: 500.0, y: 40.0 }],
        label: Some(Rect {
            x: 300.0,
            y: 34.0,
            width: 60.0,
            height: 14.0,
        }),
    };
    let bad = Layout {
        width: 1000.0,
        height: 80.0,
        zones: Vec::new(),
        elements: vec![rect(20.0), rect(250.0), rect(500.0)],
        flows: vec![line.clone(), line],
    };
    // Both flows from A to C pass through B, on one line, with one label on the other.
    assert_eq!(flow_box_crossings(&scene, &bad), 2);
    assert_eq!(label_overlaps(&bad), 1);
    assert_eq!(labels_on_boxes(&bad), 2);
    assert_eq!(labels_on_other_flows(&bad), 2);
    assert_eq!(shared_segments(&bad), 1);
    assert!(aspect_ratio(&bad) > 12.0);
}

#[test]
fn story_diagrams_meet_quality_thresholds() {
    for (name, scene) in story_scenes() {
        let computed = layout(&scene);
        check_layout(&name, &scene, &computed);
        assert_eq!(
            flow_box_crossings(&scene, &computed),
            0,
            "{name}: flows through boxes"
        );
        assert_eq!(label_overlaps(&computed), 0, "{name}: overlapping labels");
        assert_eq!(labels_on_boxes(&computed), 0, "{name}: labels on boxes");
        assert_eq!(
            labels_on_other_flows(&computed),
            0,
            "{name}: labels on other flows"
        );
        let aspect = aspect_ratio(&computed);
        assert!(aspect <= 2.5, "{name}: aspect ratio {aspect:.2}");
        let labelled = scene
            .flows
            .iter()
            .filter(|flow| flow.label.is_some())
            .count();
        let drawn = computed
            .flows
            .iter()
            .filter(|path| path.label.is_some())
            .count();
        assert!(
            drawn * 2 >= labelled,
            "{name}: only {drawn} of {labelled} labels drawn"
        );
    }
}

#[test]
fn examples_meet_quality_thresholds() {
    for (name, document) in examples() {
        let scene = Scene::of_document(&document);
        let computed = layout(&scene);
        assert_eq!(
            flow_box_crossings(&scene, &computed),
            0,
            "{name}: flows through boxes"
        );
        assert_eq!(label_overlaps(&computed), 0, "{name}: overlapping labels");
        assert_eq!(labels_on_boxes(&computed), 0, "{name}: labels on boxes");
        assert_eq!(
            labels_on_other_flows(&computed),
            0,
            "{name}: labels on other flows"
        );
        let aspect = aspect_ratio(&computed);
        assert!(aspect <= 2.5, "{name}: aspect ratio {aspect:.2}");
    }
}

#[test]
fn parallel_flows_take_separate_lines() {
    let mut doc = Document::new("parallel", "Parallel");
    doc.trust_zones = vec![zone("lan", "LAN", None), zone("dmz", "DMZ", None)];
    doc.elements = vec![
        element("web", "Web", ElementKind::Process, Some("dmz")),
        element("db", "Database", ElementKind::DataStore, Some("lan")),
        element("log", "Log", ElementKind::DataStore, Some("lan")),
    ];
    doc.data_flows = vec![
        flow("query", "web", "db"),
        flow("query-2", "web", "db"),
        flow("result", "db", "web"),
        flow("write", "web", "log"),
    ];
    let scene = Scene::of_document(&doc);
    let computed = layout(&scene);
    check_layout("parallel", &scene, &computed);
    assert_eq!(shared_segments(&computed), 0);
    assert_eq!(flow_box_crossings(&scene, &computed), 0);
}

#[test]
fn unplaced_label_stays_in_tooltip() {
    // Twenty labelled flows between two boxes leave no room for every label.
    let mut doc = Document::new("crowded", "Crowded");
    doc.elements = vec![
        element("a", "A", ElementKind::Process, None),
        element("b", "B", ElementKind::Process, None),
    ];
    for index in 0..20 {
        let mut f = flow(&format!("f{index}"), "a", "b");
        f.name = Some(format!("A long flow name number {index}"));
        doc.data_flows.push(f);
    }
    let scene = Scene::of_document(&doc);
    let computed = layout(&scene);
    check_layout("crowded", &scene, &computed);
    assert_eq!(label_overlaps(&computed), 0);
    let dropped: Vec<usize> = (0..scene.flows.len())
        .filter(|&index| computed.flows[index].label.is_none())
        .collect();
    assert!(!dropped.is_empty(), "some labels find no free spot");
    let svg = tmif::render::to_svg(&scene, &computed);
    let (_, texts) = parse_xml(&svg);
    for index in dropped {
        let name = format!("A long flow name number {index}");
        assert!(
            texts
                .iter()
                .any(|text| text.starts_with(&format!("{name} (f{index})"))),
            "the tooltip of f{index} keeps its name"
        );
        assert!(
            !texts.iter().any(|text| text == &name),
            "f{index} has no label drawn"
        );
    }
}

// ---------------------------------------------------------------------------
// SVG and diffs

#[test]
fn svg_is_well_formed_and_shows_every_name() {
    for (name, document) in examples() {
        let scene = Scene::of_document(&document);
        let svg = render(&scene, Format::Svg);
        let (tags, texts) = parse_xml(&svg);
        assert_eq!(tags[0].name, "svg", "{name}: the root is <svg>");
        for element in &document.elements {
            assert!(
                texts
                    .iter()
                    .any(|t| t == &tmif::render::layout::fit_label(&element.name)),
                "{name}: the name of {} is a text node",
                element.id
            );
        }
        let list = statuses(&tags);
        for element in &document.elements {
            assert_eq!(
                status_of(&list, "element", element.id.as_str()),
                Some("unchanged"),
                "{name}: element {}",
                element.id
            );
        }
        for zone in &document.trust_zones {
            assert_eq!(
                status_of(&list, "zone", zone.id.as_str()),
                Some("unchanged")
            );
        }
        for flow in &document.data_flows {
            assert_eq!(
                status_of(&list, "flow", flow.id.as_str()),
                Some("unchanged")
            );
        }
        assert!(
            !svg.contains("class=\"legend\""),
            "{name}: one document needs no legend"
        );
    }
}

/// Two revisions: `cache` and `cache-flow` are added, `legacy` and
/// `legacy-flow` removed, `web` renamed, `db` moved to another zone,
/// `query` given a protocol, and `browser` and `lan` unchanged.
fn revisions() -> (Document, Document) {
    let old = document(serde_json::json!({
        "tmif": "1.0.0", "id": "shop", "title": "Shop",
        "trustZones": [{"id": "lan", "name": "LAN"}, {"id": "dmz", "name": "DMZ"},
                       {"id": "old-zone", "name": "Old zone"}],
        "elements": [
            {"id": "browser", "name": "Browser", "kind": "external-entity"},
            {"id": "web", "name": "Web", "kind": "process", "zone": "dmz"},
            {"id": "db", "name": "Database", "kind": "data-store", "zone": "lan"},
            {"id": "legacy", "name": "Legacy API", "kind": "process", "zone": "old-zone"}
        ],
        "dataFlows": [
            {"id": "request", "source": "browser", "target": "web"},
            {"id": "query", "source": "web", "target": "db"},
            {"id": "legacy-flow", "name": "Legacy call", "source": "web", "target": "legacy"}
        ],
        "threats": [{"id": "t1", "title": "Injection", "affects": ["db"], "status": "open"}]
    }));
    let new = document(serde_json::json!({
        "tmif": "1.0.0", "id": "shop", "title": "Shop",
        "trustZones": [{"id": "lan", "name": "LAN"}, {"id": "dmz", "name": "DMZ"}],
        "elements": [
            {"id": "browser", "name": "Browser", "kind": "external-entity"},
            {"id": "web", "name": "Web server", "kind": "process", "zone": "dmz"},
            {"id": "db", "name": "Database", "kind": "data-store", "zone": "dmz"},
            {"id": "cache", "name": "Cache", "kind": "data-store", "zone": "dmz"}
        ],
        "dataFlows": [
            {"id": "request", "source": "browser", "target": "web"},
            {"id": "query", "source": "web", "target": "db", "protocol": "SQL"},
            {"id": "cache-flow", "name": "Cache read", "source": "web", "target": "cache",
             "bidirectional": true}
        ],
        "threats": [
            {"id": "t1", "title": "Injection", "affects": ["db"], "status": "mitigated"},
            {"id": "t2", "title": "Cache poisoning", "affects": ["cache"], "status": "open"}
        ]
    }));
    (old, new)
}

#[test]
fn diff_scene_statuses() {
    let (old, new) = revisions();
    let changes = diff(&old, &new, &DiffOptions::default());
    let scene = Scene::of_diff(&old, &new, &changes);
    let element = |id: &str| scene.elements.iter().find(|e| e.id == id).unwrap();
    assert_eq!(element("cache").status, Status::Added);
    assert_eq!(element("legacy").status, Status::Removed);
    assert_eq!(element("web").status, Status::Changed);
    assert_eq!(element("db").status, Status::Changed);
    assert_eq!(element("browser").status, Status::Unchanged);
    assert_eq!(
        element("web").name,
        "Web server",
        "kept objects come from NEW"
    );
    assert_eq!(
        element("db").zone.map(|z| scene.zones[z].id.as_str()),
        Some("dmz"),
        "a moved element sits in its new zone"
    );
    let legacy_zone = element("legacy").zone.map(|z| &scene.zones[z]);
    assert_eq!(legacy_zone.map(|z| z.id.as_str()), Some("old-zone"));
    assert_eq!(legacy_zone.map(|z| z.status), Some(Status::Removed));
    let flow = |id: &str| scene.flows.iter().find(|f| f.id == id).unwrap();
    assert_eq!(flow("cache-flow").status, Status::Added);
    assert_eq!(flow("legacy-flow").status, Status::Removed);
    assert_eq!(flow("query").status, Status::Changed);
    assert_eq!(flow("request").status, Status::Unchanged);
    assert_eq!(scene.skipped_flows, 0);
    let changes = scene
        .changes
        .as_ref()
        .expect("a diff scene lists its changes");
    assert_eq!(changes.threats.added.len(), 1);
    assert_eq!(changes.threats.status_changed.len(), 1);
    check_layout("diff", &scene, &layout(&scene));
}

#[test]
fn diff_svg_marks_each_status() {
    let (old, new) = revisions();
    let scene = Scene::of_diff(&old, &new, &diff(&old, &new, &DiffOptions::default()));
    let svg = render(&scene, Format::Svg);
    let (tags, texts) = parse_xml(&svg);
    let list = statuses(&tags);
    let expected = [
        ("element", "cache", "added"),
        ("element", "legacy", "removed"),
        ("element", "web", "changed"),
        ("element", "db", "changed"),
        ("element", "browser", "unchanged"),
        ("zone", "old-zone", "removed"),
        ("zone", "lan", "unchanged"),
        ("flow", "cache-flow", "added"),
        ("flow", "legacy-flow", "removed"),
        ("flow", "query", "changed"),
        ("flow", "request", "unchanged"),
    ];
    for (what, id, status) in expected {
        assert_eq!(status_of(&list, what, id), Some(status), "{what} {id}");
    }
    assert!(texts.iter().any(|t| t == "+ Cache"), "added marker");
    assert!(
        texts.iter().any(|t| t == "\u{2212} Legacy API"),
        "removed marker"
    );
    assert!(texts.iter().any(|t| t == "~ Web server"), "changed marker");
    assert!(
        texts.iter().any(|t| t == "Browser"),
        "unchanged names have no marker"
    );
    assert!(svg.contains("class=\"legend\""), "a diff has a legend");
    for status in ["added", "removed", "changed", "unchanged"] {
        assert!(
            svg.contains(&format!("class=\"legend-{status}\"")),
            "legend row {status}"
        );
    }
    let removed = tags
        .iter()
        .find(|t| t.attribute("data-id") == Some("legacy"))
        .unwrap();
    assert!(
        removed.attribute("opacity").is_some(),
        "removed objects are faded"
    );
    assert!(
        svg.contains("text-decoration=\"line-through\""),
        "removed names are struck"
    );
    assert!(
        svg.contains("marker-start=\"url(#arrow-start-added)\""),
        "bidirectional"
    );
}

// ---------------------------------------------------------------------------
// Escaping

/// Names and ids that break naive writers.
const HOSTILE: [(&str, &str); 7] = [
    ("lt-amp", "<script>alert('x') & \"quoted\"</script>"),
    (
        "ctrl",
        "bell\u{7} null\u{0} tab\t newline\n escape\u{1b} C1\u{85} nonchar\u{FFFF}",
    ),
    (
        "rtl",
        "\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{202e}reversed\u{202c} \u{627}\u{644}\u{639}",
    ),
    ("astral", "\u{1F512} lock \u{1D54F} \u{20000}"),
    (
        "backslash",
        "C:\\path\\to\\\"db\" {x} [y] | z ; #1 `tick` 50% *b* _i_",
    ),
    ("a \"quoted\" id", "Id with quotes"),
    ("back\\slash", "Id with a backslash"),
];

fn hostile_document() -> Document {
    let long = "very long name ".repeat(40);
    let mut doc = Document::new("hostile", "Hostile <names> & \"quotes\"");
    doc.trust_zones = vec![zone("zone<&>\"", "Zone <&> \"z\" \u{1F30D}", None)];
    for (id, name) in HOSTILE {
        doc.elements
            .push(element(id, name, ElementKind::DataStore, Some("zone<&>\"")));
    }
    doc.elements
        .push(element("long", &long, ElementKind::Process, None));
    let mut f = flow("f<1>&\"", "lt-amp", "rtl");
    f.name = Some("flow <&> \"name\"\n2nd line".into());
    doc.data_flows.push(f);
    doc.data_flows
        .push(flow("f2", "a \"quoted\" id", "back\\slash"));
    doc
}

#[test]
fn svg_escapes_hostile_text() {
    let doc = hostile_document();
    let scene = Scene::of_document(&doc);
    check_layout("hostile", &scene, &layout(&scene));
    let svg = render(&scene, Format::Svg);
    let (tags, texts) = parse_xml(&svg);
    let list = statuses(&tags);
    for element in &doc.elements {
        assert_eq!(
            status_of(&list, "element", element.id.as_str()),
            Some("unchanged"),
            "data-id of {:?} survives escaping",
            element.id
        );
    }
    assert_eq!(status_of(&list, "zone", "zone<&>\""), Some("unchanged"));
    assert_eq!(status_of(&list, "flow", "f<1>&\""), Some("unchanged"));
    let markup = "<script>alert('x') & \"quoted\"</script>";
    let shown = tmif::render::layout::fit_label(markup);
    assert!(
        texts.iter().any(|t| t == &shown),
        "the name with markup is drawn"
    );
    assert!(
        texts.iter().any(|t| t.contains(markup)),
        "the whole name with markup is in the tooltip"
    );
    assert!(
        texts
            .iter()
            .any(|t| t == "\u{1F512} lock \u{1D54F} \u{20000}")
    );
    assert!(!svg.contains("<script"), "markup in names is escaped");
    for c in svg.chars() {
        let allowed = !c.is_control() || c == '\n';
        assert!(allowed, "control character {c:?} in the SVG");
        assert!(c != '\u{FFFF}', "U+FFFF in the SVG");
        assert!(
            !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'),
            "bidirectional control {c:?} in the SVG"
        );
    }
    assert!(
        texts.iter().any(|t| t.contains("\u{FFFD}reversed\u{FFFD}")),
        "bidirectional controls are shown as U+FFFD"
    );
    let long = doc.elements.last().unwrap();
    let shown = tmif::render::layout::fit_label(&long.name);
    assert!(shown.ends_with('…'), "a long name is cut with an ellipsis");
    assert!(texts.iter().any(|t| t == &shown), "the cut name is drawn");
    assert!(
        texts.iter().any(|t| t.contains(long.name.as_str())),
        "the whole name is in the tooltip"
    );
}

#[test]
fn html_escapes_hostile_text() {
    let scene = Scene::of_document(&hostile_document());
    let html = render(&scene, Format::Html);
    assert!(!html.contains("<script"), "markup in names is escaped");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;quoted&quot;"));
    assert!(html.contains(
        "<title>Data-flow diagram: Hostile &lt;names&gt; &amp; &quot;quotes&quot;</title>"
    ));
}

/// Reads a DOT quoted string starting after its opening quote, and returns
/// its content with `\"` unescaped and the rest of the text.
fn dot_string(text: &str) -> (String, &str) {
    let mut content = String::new();
    let mut characters = text.char_indices();
    while let Some((index, c)) = characters.next() {
        match c {
            '"' => return (content, &text[index + 1..]),
            '\\' => {
                let (_, next) = characters
                    .next()
                    .expect("a backslash is followed by a character");
                if next != '"' {
                    content.push('\\');
                }
                content.push(next);
            }
            '\n' => panic!("a raw line break inside a DOT string"),
            c => content.push(c),
        }
    }
    panic!("an unterminated DOT string");
}

/// Tokenizes DOT text into quoted strings, words and punctuation, checking
/// that strings are closed and braces and brackets balance, and returns the
/// node names of node statements.
fn dot_nodes(dot: &str) -> Vec<String> {
    let mut nodes = Vec::new();
    let mut braces = 0i32;
    for line in dot.lines() {
        let trimmed = line.trim_start();
        let mut rest = trimmed;
        let mut first = None;
        let mut tokens = 0;
        while let Some(c) = rest.chars().next() {
            if c == '"' {
                let (content, after) = dot_string(&rest[1..]);
                if tokens == 0 {
                    first = Some(content);
                }
                rest = after;
            } else {
                match c {
                    '{' => braces += 1,
                    '}' => braces -= 1,
                    _ => {}
                }
                assert!(braces >= 0, "a closing brace without an opening one");
                rest = &rest[c.len_utf8()..];
            }
            tokens += 1;
        }
        // A node statement is a quoted name followed by an attribute list.
        if let Some(name) = first {
            let after_name = trimmed[..].splitn(2, "\" [").count() == 2;
            if after_name && !trimmed.contains("->") && !trimmed.starts_with("digraph") {
                nodes.push(name);
            }
        }
    }
    assert_eq!(braces, 0, "braces balance");
    nodes
}

#[test]
fn dot_quotes_every_id_once() {
    let doc = hostile_document();
    let dot = render(&Scene::of_document(&doc), Format::Dot);
    assert!(dot.starts_with("digraph "));
    let nodes = dot_nodes(&dot);
    assert_eq!(
        nodes.len(),
        doc.elements.len(),
        "one node statement per element"
    );
    for element in &doc.elements {
        let quoted = tmif::render::dot_quote_id(element.id.as_str());
        let statements = dot
            .lines()
            .filter(|line| line.trim_start().starts_with(&format!("{quoted} [")))
            .count();
        assert_eq!(statements, 1, "node {:?} is declared once", element.id);
        let (content, _) = dot_string(&quoted[1..]);
        assert!(
            nodes.contains(&content),
            "node {:?} parses back",
            element.id
        );
    }
    assert!(dot.contains("subgraph cluster_0 {"));
    assert!(dot.contains(r#""a \"quoted\" id" -> "back\\slash""#));
    assert!(dot.contains(r#"label="flow <&> \"name\"\n2nd line""#));
    assert!(
        !dot.chars().any(|c| c.is_control() && c != '\n'),
        "no raw control characters"
    );
}

#[test]
fn dot_of_examples_parses() {
    for (name, document) in examples() {
        let dot = render(&Scene::of_document(&document), Format::Dot);
        let nodes = dot_nodes(&dot);
        assert_eq!(nodes.len(), document.elements.len(), "{name}");
        for element in &document.elements {
            assert!(
                nodes.iter().any(|n| n == element.id.as_str()),
                "{name}: {}",
                element.id
            );
        }
        let clusters = dot.matches("subgraph cluster_").count();
        assert_eq!(
            clusters,
            document.trust_zones.len(),
            "{name}: one cluster per zone"
        );
    }
}

/// Runs Graphviz on the DOT text when it is installed.
#[test]
fn dot_accepted_by_graphviz_when_installed() {
    let dot = render(&Scene::of_document(&hostile_document()), Format::Dot);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hostile.dot");
    std::fs::write(&input, &dot).unwrap();
    let Ok(output) = Command::new("dot").arg("-Tsvg").arg(&input).output() else {
        eprintln!("Graphviz `dot` is not installed; the DOT text was not run through it");
        return;
    };
    assert!(
        output.status.success(),
        "dot rejected the text: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Decodes Mermaid's `#name;` and `#code;` entities.
fn mermaid_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('#') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find(';').expect("an entity ends with ;") + start;
        let entity = &rest[start + 1..end];
        let decoded = match entity {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            code => char::from_u32(code.parse().expect("a numeric entity")).unwrap(),
        };
        out.push(decoded);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn mermaid_sanitizes_ids_and_escapes_labels() {
    let doc = hostile_document();
    let scene = Scene::of_document(&doc);
    let text = render(&scene, Format::Mermaid);
    assert!(text.starts_with("flowchart LR\n"));
    let mut declared = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("%%") || !line.starts_with('n') || line.contains("--") {
            continue;
        }
        let id_end = line.find(|c: char| !c.is_ascii_alphanumeric()).unwrap();
        let (id, shape) = line.split_at(id_end);
        let label_start = shape.find('"').unwrap() + 1;
        let label_end = shape.rfind('"').unwrap();
        let label = &shape[label_start..label_end];
        assert!(!label.contains('"'), "a quote inside label {label:?}");
        declared.push((id.to_owned(), mermaid_unescape(label)));
    }
    assert_eq!(declared.len(), doc.elements.len(), "one node per element");
    let mut ids: Vec<&String> = declared.iter().map(|(id, _)| id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), doc.elements.len(), "node ids are unique");
    for (index, element) in doc.elements.iter().enumerate() {
        let (id, label) = &declared
            .iter()
            .find(|(id, _)| *id == format!("n{index}"))
            .unwrap();
        let expected: String = element
            .name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        assert_eq!(label, &expected, "label of {id}");
    }
    assert!(text.contains("subgraph z0[\""), "zones are subgraphs");
    assert!(text.contains("classDef unchanged"));
    assert!(text.contains("linkStyle 0,1 "));
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "no raw control characters"
    );
}

#[test]
fn mermaid_comment_holds_no_directive() {
    let mut doc: Document = serde_json::from_value(serde_json::json!({
        "tmif": "1.0.0", "id": "m", "title": "M",
        "trustZones": [{"id": "z", "name": "Zone"}],
        "elements": [
            {"id": "a", "name": "A", "kind": "process", "zone": "z"},
            {"id": "b", "name": "B", "kind": "process"}
        ],
        "dataFlows": [{"id": "f", "source": "a", "target": "b"}]
    }))
    .unwrap();
    let directive = "x%%{init: {\"theme\": \"dark\"}}%%";
    doc.trust_zones[0].id = Id::from(directive);
    doc.elements[0].zone = Some(Id::from(directive));
    doc.elements[1].id = Id::from(directive.replace('x', "y").as_str());
    doc.data_flows[0].target = doc.elements[1].id.clone();
    doc.data_flows[0].id = Id::from(directive.replace('x', "f").as_str());
    let text = render(&Scene::of_document(&doc), Format::Mermaid);
    for line in text
        .lines()
        .filter(|line| line.trim_start().starts_with("%%"))
    {
        let rest = &line.trim_start()[2..];
        assert!(!rest.contains('%'), "a percent sign in comment {line:?}");
        assert!(!rest.contains('{'), "a brace in comment {line:?}");
    }
    assert!(
        text.contains("%% zone x\\u0025\\u0025\\u007binit"),
        "{text}"
    );
}

#[test]
fn mermaid_styles_a_diff() {
    let (old, new) = revisions();
    let scene = Scene::of_diff(&old, &new, &diff(&old, &new, &DiffOptions::default()));
    let text = render(&scene, Format::Mermaid);
    let added = scene.elements.iter().position(|e| e.id == "cache").unwrap();
    let removed = scene
        .elements
        .iter()
        .position(|e| e.id == "legacy")
        .unwrap();
    assert!(text.contains(&format!("class n{added} added;")));
    assert!(text.contains(&format!("class n{removed} removed;")));
    assert!(
        text.contains("<==>"),
        "an added bidirectional flow is thick with two heads"
    );
    assert!(text.contains("-.->"), "a removed flow is dotted");
    let subgraphs = text.matches("subgraph ").count();
    let ends = text.lines().filter(|l| l.trim() == "end").count();
    assert_eq!(subgraphs, ends, "every subgraph is closed");
}

// ---------------------------------------------------------------------------
// HTML

#[test]
fn html_is_self_contained() {
    let (old, new) = revisions();
    let scene = Scene::of_diff(&old, &new, &diff(&old, &new, &DiffOptions::default()));
    let html = render(&scene, Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">"
    ));
    let lower = html.to_lowercase();
    for forbidden in [
        "<script", "src=", "href=", "http://", "https://", "@import", "url(http",
    ] {
        assert!(
            !lower.contains(forbidden),
            "the page contains {forbidden:?}"
        );
    }
    assert!(html.contains("<title>"));
    assert!(
        html.contains("<svg version=\"1.1\""),
        "the diagram is inline SVG"
    );
    for name in ["Cache", "Legacy API", "Web server", "Database", "Browser"] {
        assert!(
            html.contains(&format!(">{name}</text>")) || html.contains(&format!(" {name}</text>")),
            "{name} is drawn as SVG text"
        );
    }
    for name in [
        "Cache",
        "Legacy API",
        "Web server",
        "Database",
        "Cache read",
        "Legacy call",
    ] {
        assert!(
            html.contains(&format!("<bdi>{name}</bdi>")),
            "{name} is in the side list"
        );
    }
    assert!(html.contains("<h3>Elements</h3>"));
    assert!(html.contains("<h3>Data flows</h3>"));
    assert!(html.contains("Cache poisoning"), "added threat");
    assert!(html.contains("open → mitigated"), "threat status change");
}

#[test]
fn html_of_one_document_lists_counts_and_threats() {
    let (_, new) = revisions();
    let html = render(&Scene::of_document(&new), Format::Html);
    assert!(html.contains("<li>2 trust zones</li>"));
    assert!(html.contains("<li>4 elements</li>"));
    assert!(html.contains("<li>3 data flows</li>"));
    assert!(html.contains("<bdi>Cache poisoning</bdi>"));
    assert!(
        !html.contains("→ <bdi>"),
        "one document has no revision labels"
    );
}

// ---------------------------------------------------------------------------
// Command line

fn tmif(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::tmif_binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tmif binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A folder with `old.tmif.json`, `new.tmif.json` and `invalid.tmif.json`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = revisions();
    let write = |name: &str, document: &Document| {
        let text = serde_json::to_string_pretty(document).unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
    };
    write("old.tmif.json", &old);
    write("new.tmif.json", &new);
    std::fs::write(
        dir.path().join("invalid.tmif.json"),
        r#"{"tmif": "1.0.0", "id": "m", "title": "M",
            "dataFlows": [{"id": "f", "source": "a", "target": "b"}]}"#,
    )
    .unwrap();
    dir
}

#[test]
fn cli_writes_each_format() {
    let dir = workspace();
    for (format, start) in [
        ("svg", "<?xml"),
        ("html", "<!DOCTYPE html>"),
        ("dot", "digraph "),
        ("mermaid", "flowchart LR"),
    ] {
        let out = format!("out.{format}");
        let output = tmif(
            dir.path(),
            &["render", "new.tmif.json", "--format", format, "-o", &out],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        assert!(
            output.stdout.is_empty(),
            "{format}: -o writes nothing to stdout"
        );
        let written = std::fs::read_to_string(dir.path().join(&out)).unwrap();
        assert!(
            written.starts_with(start),
            "{format} output starts with {start}"
        );
    }
    let output = tmif(dir.path(), &["render", "new.tmif.json"]);
    assert_eq!(output.status.code(), Some(0));
    let svg = String::from_utf8(output.stdout).unwrap();
    assert!(svg.starts_with("<?xml"), "SVG to stdout by default");
    parse_xml(&svg);
}

#[test]
fn cli_format_from_output_extension() {
    let dir = workspace();
    for (out, start) in [
        ("page.html", "<!DOCTYPE html>"),
        ("page.HTM", "<!DOCTYPE html>"),
        ("graph.gv", "digraph "),
        ("chart.mmd", "flowchart LR"),
        ("picture.svg", "<?xml"),
        ("no-extension", "<?xml"),
    ] {
        let output = tmif(dir.path(), &["render", "new.tmif.json", "-o", out]);
        assert_eq!(output.status.code(), Some(0), "{out}: {}", stderr(&output));
        let written = std::fs::read_to_string(dir.path().join(out)).unwrap();
        assert!(written.starts_with(start), "{out} starts with {start}");
    }
    // An explicit format wins over the extension.
    let output = tmif(
        dir.path(),
        &["render", "new.tmif.json", "--format", "dot", "-o", "x.html"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(dir.path().join("x.html")).unwrap();
    assert!(written.starts_with("digraph "));
}

#[test]
fn cli_output_over_input_rejected() {
    let dir = workspace();
    let before = std::fs::read(dir.path().join("new.tmif.json")).unwrap();
    for args in [
        &["render", "new.tmif.json", "-o", "new.tmif.json"][..],
        &[
            "render",
            "--diff",
            "old.tmif.json",
            "new.tmif.json",
            "-o",
            "./new.tmif.json",
        ][..],
    ] {
        let output = tmif(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("is an input file"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let after = std::fs::read(dir.path().join("new.tmif.json")).unwrap();
    assert_eq!(before, after, "the input is left as it was");
}

#[test]
fn cli_renders_a_diff() {
    let dir = workspace();
    let output = tmif(
        dir.path(),
        &[
            "render",
            "--diff",
            "old.tmif.json",
            "new.tmif.json",
            "--format",
            "html",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = String::from_utf8(output.stdout).unwrap();
    assert!(html.contains("<bdi>old.tmif.json</bdi> → <bdi>new.tmif.json</bdi>"));
    assert!(html.contains("data-id=\"cache\" data-status=\"added\""));
    assert!(html.contains("data-id=\"legacy\" data-status=\"removed\""));
}

#[test]
fn cli_exit_statuses() {
    let dir = workspace();
    let cases: [(&[&str], i32, &str); 8] = [
        (
            &["render", "invalid.tmif.json", "-o", "x.svg"],
            1,
            "not a valid TMIF document",
        ),
        (
            &[
                "render",
                "--diff",
                "old.tmif.json",
                "invalid.tmif.json",
                "-o",
                "x.svg",
            ],
            1,
            "TMIF1103",
        ),
        (
            &["render", "missing.tmif.json", "-o", "x.svg"],
            2,
            "cannot read missing.tmif.json",
        ),
        (
            &[
                "render",
                "--diff",
                "old.tmif.json",
                "missing.tmif.json",
                "-o",
                "x.svg",
            ],
            2,
            "cannot read",
        ),
        (
            &["render", "--diff", "old.tmif.json", "-o", "x.svg"],
            2,
            "--diff takes two files",
        ),
        (
            &["render", "old.tmif.json", "new.tmif.json", "-o", "x.svg"],
            2,
            "pass --diff OLD NEW",
        ),
        (
            &["render", "old.tmif.json", "--format", "png", "-o", "x.svg"],
            2,
            "png",
        ),
        (
            &["render", "old.tmif.json", "--max", "PURPLE", "-o", "x.svg"],
            2,
            "not a TLP label",
        ),
    ];
    for (args, code, message) in cases {
        let output = tmif(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            !dir.path().join("x.svg").exists(),
            "{args:?} wrote no output file"
        );
    }
}

#[test]
fn cli_max_redacts_before_drawing() {
    let dir = workspace();
    let document = document(serde_json::json!({
        "tmif": "1.1.0", "id": "m", "title": "M", "classification": "CLEAR",
        "elements": [
            {"id": "public", "name": "Public API", "kind": "process"},
            {"id": "secret", "name": "Secret vault", "kind": "data-store", "classification": "RED"}
        ],
        "dataFlows": [{"id": "f", "source": "public", "target": "secret"}]
    }));
    let path = dir.path().join("labelled.tmif.json");
    std::fs::write(&path, serde_json::to_string(&document).unwrap()).unwrap();
    let output = tmif(dir.path(), &["render", "labelled.tmif.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Secret vault"));
    let output = tmif(
        dir.path(),
        &["render", "labelled.tmif.json", "--max", "GREEN"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let svg = String::from_utf8(output.stdout).unwrap();
    assert!(!svg.contains("Secret vault"), "a RED element is withheld");
    assert!(!svg.contains("secret"), "its id is withheld too");
    assert!(svg.contains("Public API"));
}
