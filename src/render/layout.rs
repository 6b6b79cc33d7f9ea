//! A deterministic layered layout of a [`Scene`], computed without Graphviz.
//!
//! Each trust zone is laid out as one block, innermost zones first: the
//! block's items (its elements and its child zones, each already a block)
//! are placed in columns from left to right by a layered (Sugiyama-style)
//! layout. Cycles are broken by reversing the back edges of a depth-first
//! search, each item's column is the longest path to it, and the items of a
//! column are ordered by barycenter sweeps. A flow counts in the innermost
//! zone that contains both its ends, between the two items of that zone
//! that contain them, so a zone's contents always stay together.
//!
//! When the top-level blocks in one row would make the diagram more than
//! [`MAX_ASPECT_RATIO`] times as wide as it is tall, their columns wrap
//! into several rows, read left to right and then top to bottom. The
//! columns inside a zone wrap the same way when their row would be wider
//! than [`MAX_ZONE_ROW_WIDTH`].
//!
//! No two element boxes overlap, and every element box lies inside the
//! boxes of its zone and of every ancestor zone. Sibling zone boxes do not
//! overlap. Every flow path starts on its source box border and ends on its
//! target box border. The tests in `tests/render.rs` check each of these.
//! In diagrams of up to 500 elements the flow paths are routed around the
//! element boxes (see the `route` module). Larger diagrams, and flows for
//! which the routing budget runs out, get straight lines that may cross
//! boxes. Labels are placed on free spots along the paths and left out
//! where none is free (see the `labels` module).

use super::labels::place_labels;
use super::route::route_flows;
use super::scene::{Scene, SceneFlow};

/// The height of an element box, in pixels.
pub const NODE_HEIGHT: f64 = 40.0;
/// The font size of element and zone names, in pixels.
pub const FONT_SIZE: f64 = 12.0;
/// The number of characters of a name shown in a box; longer names are cut
/// with an ellipsis and shown whole in a tooltip.
pub const MAX_LABEL_CHARS: usize = 32;
/// The space kept above a zone's contents for its name, in pixels.
pub const ZONE_TITLE_HEIGHT: f64 = 22.0;
/// The font size of flow labels, in pixels.
pub const FLOW_FONT_SIZE: f64 = 10.0;
/// The ratio of width to height above which the top-level columns wrap into rows.
pub const MAX_ASPECT_RATIO: f64 = 2.0;

const MIN_NODE_WIDTH: f64 = 90.0;
/// Room on each side of a name inside its box, the status marker included.
const NODE_TEXT_PADDING: f64 = 18.0;
const COLUMN_GAP: f64 = 80.0;
const ROW_GAP: f64 = 20.0;
/// The width in pixels above which the columns inside a zone wrap into rows.
pub const MAX_ZONE_ROW_WIDTH: f64 = 1600.0;
/// The space between two rows of wrapped columns.
const WRAP_GAP: f64 = 60.0;
const ZONE_PADDING: f64 = 16.0;
const MARGIN: f64 = 20.0;
/// The number of barycenter sweeps, each one down and one up.
const SWEEPS: usize = 4;

/// A point, in pixels from the top-left corner of the diagram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Distance from the left edge.
    pub x: f64,
    /// Distance from the top edge.
    pub y: f64,
}

/// An axis-aligned rectangle, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// The left edge.
    pub x: f64,
    /// The top edge.
    pub y: f64,
    /// The width, never negative.
    pub width: f64,
    /// The height, never negative.
    pub height: f64,
}

impl Rect {
    /// Returns the right edge.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Returns the bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Returns the center point.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.width / 2.0,
            y: self.y + self.height / 2.0,
        }
    }

    /// Returns whether `other` lies inside this rectangle, borders included.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }

    /// Returns whether the two rectangles share inner points. Touching borders do not count.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Returns whether `point` lies on the border, within `tolerance` pixels.
    pub fn on_border(&self, point: Point, tolerance: f64) -> bool {
        let within_x = point.x >= self.x - tolerance && point.x <= self.right() + tolerance;
        let within_y = point.y >= self.y - tolerance && point.y <= self.bottom() + tolerance;
        let on_vertical =
            (point.x - self.x).abs() <= tolerance || (point.x - self.right()).abs() <= tolerance;
        let on_horizontal =
            (point.y - self.y).abs() <= tolerance || (point.y - self.bottom()).abs() <= tolerance;
        within_x && within_y && (on_vertical || on_horizontal)
    }
}

/// The path of one data flow.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowPath {
    /// The points of the polyline, at least two: the first on the source
    /// box border and the last on the target box border. Routed paths
    /// have only horizontal and vertical segments.
    pub points: Vec<Point>,
    /// The box of the flow's label, as [`flow_label_text`] writes it, or
    /// `None` when the flow has no label or no free spot along its path.
    pub label: Option<Rect>,
}

/// The positions of everything in a [`Scene`], indexed like the scene's lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The width of the whole diagram.
    pub width: f64,
    /// The height of the whole diagram.
    pub height: f64,
    /// The box of each zone of [`Scene::zones`].
    pub zones: Vec<Rect>,
    /// The box of each element of [`Scene::elements`].
    pub elements: Vec<Rect>,
    /// The path of each flow of [`Scene::flows`].
    pub flows: Vec<FlowPath>,
}

/// Estimates the width of `text` at [`FONT_SIZE`] in a sans-serif font.
///
/// The estimate is 0.6 em for most characters and 1.1 em for East Asian
/// wide characters and emoji, which is wide enough for common fonts.
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            let em = if is_wide(c) { 1.1 } else { 0.6 };
            em * FONT_SIZE
        })
        .sum()
}

/// Returns the text drawn beside a flow: its status marker and its
/// shortened label, or `None` when it has neither.
pub fn flow_label_text(flow: &SceneFlow) -> Option<String> {
    match (&flow.label, flow.status.marker()) {
        (Some(label), Some(marker)) => Some(format!("{marker} {}", fit_label(label))),
        (Some(label), None) => Some(fit_label(label)),
        (None, Some(marker)) => Some(marker.to_string()),
        (None, None) => None,
    }
}

/// Returns the width and height of the box of a flow label, room for its
/// white outline included.
pub fn label_size(text: &str) -> (f64, f64) {
    let width = text_width(text) * FLOW_FONT_SIZE / FONT_SIZE + 4.0;
    (width, FLOW_FONT_SIZE + 4.0)
}

/// Returns the part of `name` drawn in a box: at most [`MAX_LABEL_CHARS`]
/// characters, ending with `…` when it was cut.
pub fn fit_label(name: &str) -> String {
    crate::diff::shorten(name, MAX_LABEL_CHARS)
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// One box to place inside a zone: an element, or a child zone's block.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Element(usize),
    Zone(usize),
}

/// Computes the layout of `scene`.
///
/// Placing the boxes takes time about linear in the number of zones,
/// elements and flows, times a log factor for sorting, plus the depth of
/// zone nesting for each flow. Routing the flows of a small diagram
/// searches a grid whose size grows with the square of the number of
/// boxes, within a fixed budget of search steps. Larger diagrams get
/// straight flows, and placing their labels takes about linear time.
pub fn layout(scene: &Scene) -> Layout {
    let zone_count = scene.zones.len();
    let root = zone_count;
    let depth = zone_depths(scene);

    // The items of each cluster (each zone, and the top level at `root`),
    // and the index of each item within its cluster.
    let mut items: Vec<Vec<Item>> = vec![Vec::new(); zone_count + 1];
    let mut element_slot = vec![0; scene.elements.len()];
    let mut zone_slot = vec![0; zone_count];
    for (index, element) in scene.elements.iter().enumerate() {
        let cluster = element.zone.unwrap_or(root);
        element_slot[index] = items[cluster].len();
        items[cluster].push(Item::Element(index));
    }
    for (index, zone) in scene.zones.iter().enumerate() {
        let cluster = zone.parent.unwrap_or(root);
        zone_slot[index] = items[cluster].len();
        items[cluster].push(Item::Zone(index));
    }

    let mut edges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); zone_count + 1];
    for flow in &scene.flows {
        if let Some((cluster, from, to)) = flow_items(scene, &depth, flow.source, flow.target) {
            let slot = |item: Item| match item {
                Item::Element(index) => element_slot[index],
                Item::Zone(index) => zone_slot[index],
            };
            edges[cluster].push((slot(from), slot(to)));
        }
    }

    // Innermost zones first, so each child block's size is known in time.
    let mut order: Vec<usize> = (0..zone_count).collect();
    order.sort_by_key(|&zone| std::cmp::Reverse(depth[zone]));
    order.push(root);

    let mut zone_size = vec![(0.0, 0.0); zone_count];
    let mut element_offset = vec![Point { x: 0.0, y: 0.0 }; scene.elements.len()];
    let mut zone_offset = vec![Point { x: 0.0, y: 0.0 }; zone_count];
    let mut root_size = (0.0, 0.0);
    for &cluster in &order {
        let sizes: Vec<(f64, f64)> = items[cluster]
            .iter()
            .map(|item| match *item {
                Item::Element(index) => (node_width(&scene.elements[index].name), NODE_HEIGHT),
                Item::Zone(index) => zone_size[index],
            })
            .collect();
        let wrap_above = if cluster == root {
            0.0
        } else {
            MAX_ZONE_ROW_WIDTH
        };
        let (positions, content) = arrange(&sizes, &edges[cluster], wrap_above);
        for (item, position) in items[cluster].iter().zip(positions) {
            match *item {
                Item::Element(index) => element_offset[index] = position,
                Item::Zone(index) => zone_offset[index] = position,
            }
        }
        if cluster == root {
            root_size = content;
        } else {
            let title = text_width(&fit_label(&scene.zones[cluster].name)) + 2.0 * ZONE_PADDING;
            let width = (content.0 + 2.0 * ZONE_PADDING)
                .max(title)
                .max(MIN_NODE_WIDTH);
            let height = content.1 + 2.0 * ZONE_PADDING + ZONE_TITLE_HEIGHT;
            zone_size[cluster] = (width, height);
        }
    }

    // Outermost zones first, so each zone's origin is known for its contents.
    let mut zones = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0
        };
        zone_count
    ];
    let content_origin = |zones: &[Rect], cluster: Option<usize>| match cluster {
        None => Point {
            x: MARGIN,
            y: MARGIN,
        },
        Some(zone) => Point {
            x: zones[zone].x + ZONE_PADDING,
            y: zones[zone].y + ZONE_TITLE_HEIGHT + ZONE_PADDING,
        },
    };
    for &zone in order.iter().rev().skip(1) {
        let origin = content_origin(&zones, scene.zones[zone].parent);
        zones[zone] = Rect {
            x: origin.x + zone_offset[zone].x,
            y: origin.y + zone_offset[zone].y,
            width: zone_size[zone].0,
            height: zone_size[zone].1,
        };
    }
    let elements: Vec<Rect> = scene
        .elements
        .iter()
        .enumerate()
        .map(|(index, element)| {
            let origin = content_origin(&zones, element.zone);
            Rect {
                x: origin.x + element_offset[index].x,
                y: origin.y + element_offset[index].y,
                width: node_width(&element.name),
                height: NODE_HEIGHT,
            }
        })
        .collect();
    let size = (root_size.0 + 2.0 * MARGIN, root_size.1 + 2.0 * MARGIN);
    let (paths, routed) = route_flows(scene, &elements, &zones, size);
    let labels = place_labels(scene, &elements, &zones, &paths, routed, size);
    let flows = paths
        .into_iter()
        .zip(labels)
        .map(|(points, label)| FlowPath { points, label })
        .collect();
    Layout {
        width: size.0,
        height: size.1,
        zones,
        elements,
        flows,
    }
}

/// Returns the width of the box of an element named `name`.
fn node_width(name: &str) -> f64 {
    (text_width(&fit_label(name)) + 2.0 * NODE_TEXT_PADDING).max(MIN_NODE_WIDTH)
}

/// Computes the nesting depth of each zone: 1 at the top level. Each zone is
/// resolved once, because the parents form a forest.
fn zone_depths(scene: &Scene) -> Vec<usize> {
    let mut depth = vec![0; scene.zones.len()];
    let mut path = Vec::new();
    for start in 0..scene.zones.len() {
        let mut at = Some(start);
        let mut base = 0;
        while let Some(zone) = at {
            if depth[zone] != 0 {
                base = depth[zone];
                break;
            }
            path.push(zone);
            at = scene.zones[zone].parent;
        }
        while let Some(zone) = path.pop() {
            base += 1;
            depth[zone] = base;
        }
    }
    depth
}

/// Finds the innermost cluster that contains both ends of a flow, and the
/// two items of it that contain them. `None` for a flow from an element to
/// itself, which is drawn as a loop and does not affect the layout.
fn flow_items(
    scene: &Scene,
    depth: &[usize],
    source: usize,
    target: usize,
) -> Option<(usize, Item, Item)> {
    if source == target {
        return None;
    }
    let root = scene.zones.len();
    let parent_of = |item: Item| match item {
        Item::Element(index) => scene.elements[index].zone,
        Item::Zone(index) => scene.zones[index].parent,
    };
    let depth_of = |item: Item| match item {
        Item::Element(index) => scene.elements[index].zone.map_or(1, |zone| depth[zone] + 1),
        Item::Zone(index) => depth[index],
    };
    let (mut from, mut to) = (Item::Element(source), Item::Element(target));
    let (mut from_depth, mut to_depth) = (depth_of(from), depth_of(to));
    while from_depth > to_depth {
        from = Item::Zone(parent_of(from)?);
        from_depth -= 1;
    }
    while to_depth > from_depth {
        to = Item::Zone(parent_of(to)?);
        to_depth -= 1;
    }
    loop {
        let (from_parent, to_parent) = (parent_of(from), parent_of(to));
        if from_parent == to_parent {
            if from == to {
                return None;
            }
            return Some((from_parent.unwrap_or(root), from, to));
        }
        from = Item::Zone(from_parent?);
        to = Item::Zone(to_parent?);
    }
}

/// Places boxes of the given sizes in columns so that most `edges` point
/// from left to right, and returns the top-left corner of each box and the
/// size of the area they cover. When one row of columns would be wider
/// than `wrap_above` pixels and than [`MAX_ASPECT_RATIO`] times its
/// height, the columns wrap into rows.
fn arrange(
    sizes: &[(f64, f64)],
    edges: &[(usize, usize)],
    wrap_above: f64,
) -> (Vec<Point>, (f64, f64)) {
    let count = sizes.len();
    if count == 0 {
        return (Vec::new(), (0.0, 0.0));
    }
    let acyclic = break_cycles(count, edges);
    let layers = assign_layers(count, &acyclic);
    let columns = order_layers(count, &acyclic, layers);

    let widths: Vec<f64> = columns
        .iter()
        .map(|column| column.iter().map(|&item| sizes[item].0).fold(0.0, f64::max))
        .collect();
    let heights: Vec<f64> = columns
        .iter()
        .map(|column| {
            let boxes: f64 = column.iter().map(|&item| sizes[item].1).sum();
            boxes + ROW_GAP * column.len().saturating_sub(1) as f64
        })
        .collect();
    let one_row_width =
        widths.iter().sum::<f64>() + COLUMN_GAP * widths.len().saturating_sub(1) as f64;
    let rows = if one_row_width > wrap_above {
        wrap_columns(&widths, &heights)
    } else {
        std::iter::once(0..columns.len()).collect()
    };

    let mut positions = vec![Point { x: 0.0, y: 0.0 }; count];
    let mut total_width: f64 = 0.0;
    let mut top = 0.0;
    for row in rows {
        let row_height = heights[row.clone()].iter().copied().fold(0.0, f64::max);
        let mut x = 0.0;
        for column in row {
            let mut y = top + (row_height - heights[column]) / 2.0;
            for &item in &columns[column] {
                positions[item] = Point {
                    x: x + (widths[column] - sizes[item].0) / 2.0,
                    y,
                };
                y += sizes[item].1 + ROW_GAP;
            }
            x += widths[column] + COLUMN_GAP;
        }
        total_width = total_width.max(x - COLUMN_GAP);
        top += row_height + WRAP_GAP;
    }
    (positions, (total_width, top - WRAP_GAP))
}

/// Splits columns of the given widths and heights into rows of
/// consecutive columns: the widest rows whose area is at most
/// [`MAX_ASPECT_RATIO`] times as wide as it is tall, or else the rows of
/// the narrowest area tried.
fn wrap_columns(widths: &[f64], heights: &[f64]) -> Vec<std::ops::Range<usize>> {
    let count = widths.len();
    let run_width = |row: &std::ops::Range<usize>| {
        widths[row.clone()].iter().sum::<f64>() + COLUMN_GAP * row.len().saturating_sub(1) as f64
    };
    // The maximum row widths to try: the width of every run of columns,
    // or for many columns equal shares of the total width.
    let mut limits = Vec::new();
    if count <= 64 {
        for start in 0..count {
            for end in start + 1..=count {
                limits.push(run_width(&(start..end)));
            }
        }
    } else {
        let total = run_width(&(0..count));
        limits.extend((1..=count).map(|rows| total / rows as f64));
    }
    limits.sort_by(|a, b| b.total_cmp(a));
    limits.dedup();

    let mut narrowest: Option<(f64, Vec<std::ops::Range<usize>>)> = None;
    for limit in limits {
        let mut rows = Vec::new();
        let mut start = 0;
        let mut width = widths[0];
        for (column, &column_width) in widths.iter().enumerate().skip(1) {
            width += COLUMN_GAP + column_width;
            if width > limit {
                rows.push(start..column);
                start = column;
                width = column_width;
            }
        }
        rows.push(start..count);
        let area_width = rows.iter().map(run_width).fold(0.0, f64::max);
        let area_height = rows
            .iter()
            .map(|row| heights[row.clone()].iter().copied().fold(0.0, f64::max))
            .sum::<f64>()
            + WRAP_GAP * (rows.len() - 1) as f64;
        let aspect = area_width / area_height.max(1.0);
        if aspect <= MAX_ASPECT_RATIO {
            return rows;
        }
        if narrowest.as_ref().is_none_or(|(best, _)| aspect < *best) {
            narrowest = Some((aspect, rows));
        }
    }
    narrowest.map_or_else(|| std::iter::once(0..count).collect(), |(_, rows)| rows)
}

/// Returns the edges without self-loops and duplicates, with the back edges
/// of an iterative depth-first search reversed, so that they form no cycle.
fn break_cycles(count: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
    for &(from, to) in edges {
        if from != to {
            successors[from].push(to);
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; count];
    let mut acyclic = Vec::with_capacity(edges.len());
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..count {
        if marks[start] != Mark::New {
            continue;
        }
        marks[start] = Mark::Open;
        stack.push((start, 0));
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = successors[node].get(*next) {
                *next += 1;
                match marks[to] {
                    Mark::Open => acyclic.push((to, node)),
                    Mark::Done => acyclic.push((node, to)),
                    Mark::New => {
                        acyclic.push((node, to));
                        marks[to] = Mark::Open;
                        stack.push((to, 0));
                    }
                }
            } else {
                marks[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    acyclic.sort_unstable();
    acyclic.dedup();
    acyclic
}

/// Gives each item the length of the longest path that reaches it, in
/// topological order (Kahn's algorithm).
fn assign_layers(count: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut incoming = vec![0usize; count];
    for &(from, to) in edges {
        successors[from].push(to);
        incoming[to] += 1;
    }
    let mut layer = vec![0; count];
    let mut ready: Vec<usize> = (0..count).filter(|&item| incoming[item] == 0).collect();
    ready.reverse();
    while let Some(item) = ready.pop() {
        for &to in &successors[item] {
            layer[to] = layer[to].max(layer[item] + 1);
            incoming[to] -= 1;
            if incoming[to] == 0 {
                ready.push(to);
            }
        }
    }
    layer
}

/// Orders the items of each layer by barycenter sweeps, then splits long
/// layers into several columns so that the diagram does not grow into one
/// tall strip. Returns the columns from left to right, each from top to bottom.
fn order_layers(count: usize, edges: &[(usize, usize)], layer: Vec<usize>) -> Vec<Vec<usize>> {
    let layer_count = layer.iter().copied().max().map_or(0, |max| max + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for item in 0..count {
        layers[layer[item]].push(item);
    }

    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
    for &(from, to) in edges {
        successors[from].push(to);
        predecessors[to].push(from);
    }
    // The rank of each item within its layer, scaled to 0..1 so that
    // layers of different lengths compare.
    let mut rank = vec![0.0; count];
    let set_ranks = |rank: &mut [f64], items: &[usize]| {
        let scale = items.len().max(1) as f64;
        for (position, &item) in items.iter().enumerate() {
            rank[item] = (position as f64 + 0.5) / scale;
        }
    };
    for items in &layers {
        set_ranks(&mut rank, items);
    }
    let sort_layer = |items: &mut Vec<usize>, rank: &[f64], neighbours: &[Vec<usize>]| {
        let mut keyed: Vec<(f64, usize)> = items
            .iter()
            .map(|&item| {
                let around = &neighbours[item];
                let key = if around.is_empty() {
                    rank[item]
                } else {
                    around.iter().map(|&n| rank[n]).sum::<f64>() / around.len() as f64
                };
                (key, item)
            })
            .collect();
        // Stable, and ties keep the current order, so the result is deterministic.
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        *items = keyed.into_iter().map(|(_, item)| item).collect();
    };
    for _ in 0..SWEEPS {
        for items in layers.iter_mut().skip(1) {
            sort_layer(items, &rank, &predecessors);
            set_ranks(&mut rank, items);
        }
        for items in layers.iter_mut().rev().skip(1) {
            sort_layer(items, &rank, &successors);
            set_ranks(&mut rank, items);
        }
    }

    let max_rows = ((count as f64).sqrt().ceil() as usize).max(12);
    layers
        .into_iter()
        .flat_map(|items| {
            items
                .chunks(max_rows)
                .map(<[usize]>::to_vec)
                .collect::<Vec<_>>()
        })
        .collect()
}
