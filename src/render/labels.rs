//! Placement of the flow labels on free spots along their paths.
//!
//! Each label is tried at the middle of the longest segment of its own
//! path, then at other spots along that segment and beside it, then along
//! the other segments. A spot is free when the label's box stays inside
//! the diagram and meets no element box, no zone name, no label placed
//! before, and no segment of another flow. A label without a free spot is
//! left out of the drawing; the SVG keeps the flow's name in its tooltip.

use super::layout::{
    Point, Rect, ZONE_TITLE_HEIGHT, fit_label, flow_label_text, label_size, text_width,
};
use super::scene::Scene;

/// The distance between two spots tried along a segment, in pixels.
const SPOT_SPACING: f64 = 10.0;
/// The number of spots tried for one label on a routed path.
const MAX_SPOTS: usize = 80;
/// The number of spots tried for one label on a straight path. Straight
/// paths are drawn for large diagrams, where trying more spots costs time
/// in proportion to the number of flows.
const MAX_STRAIGHT_SPOTS: usize = 4;
/// The length at each end of a path kept free for the arrowhead, in pixels.
const ARROW_ROOM: f64 = 14.0;

/// Computes the box of each flow's label, or `None` for a flow without a
/// label or without a free spot. `routed` is true when the paths are
/// orthogonal routes. The labels of straight paths avoid boxes and other
/// labels but not other flows' lines.
pub(super) fn place_labels(
    scene: &Scene,
    elements: &[Rect],
    zones: &[Rect],
    paths: &[Vec<Point>],
    routed: bool,
    size: (f64, f64),
) -> Vec<Option<Rect>> {
    let mut index = SpatialIndex::new(size, elements.len() + paths.len());
    for rect in elements {
        index.insert(*rect, None);
    }
    for (zone, rect) in scene.zones.iter().zip(zones) {
        let title = Rect {
            x: rect.x,
            y: rect.y,
            width: text_width(&fit_label(&zone.name)) + 24.0,
            height: ZONE_TITLE_HEIGHT,
        };
        index.insert(title, None);
    }
    if routed {
        for (flow, points) in paths.iter().enumerate() {
            for pair in points.windows(2) {
                for rect in segment_boxes(pair[0], pair[1]) {
                    index.insert(rect, Some(flow));
                }
            }
        }
    }

    let bounds = Rect {
        x: 0.0,
        y: 0.0,
        width: size.0,
        height: size.1,
    };
    let max_spots = if routed {
        MAX_SPOTS
    } else {
        MAX_STRAIGHT_SPOTS
    };
    let mut labels = vec![None; paths.len()];
    let mut candidates = Vec::new();
    for (flow_index, (flow, points)) in scene.flows.iter().zip(paths).enumerate() {
        let Some(text) = flow_label_text(flow) else {
            continue;
        };
        let (width, height) = label_size(&text);
        spots(points, width, height, max_spots, &mut candidates);
        let found = candidates.iter().find_map(|&center| {
            let rect = Rect {
                x: center.x - width / 2.0,
                y: center.y - height / 2.0,
                width,
                height,
            };
            let free = bounds.contains(&rect) && !index.meets(&rect, flow_index);
            free.then_some(rect)
        });
        if let Some(rect) = found {
            index.insert(rect, None);
            labels[flow_index] = Some(rect);
        }
    }
    labels
}

/// Lists in `spots` the centers to try for a label of the given size along
/// `points`, best first.
fn spots(points: &[Point], width: f64, height: f64, max_spots: usize, spots: &mut Vec<Point>) {
    let mut segments: Vec<(f64, usize)> = points
        .windows(2)
        .enumerate()
        .map(|(index, pair)| (distance(pair[0], pair[1]), index))
        .collect();
    segments.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let last = points.len().saturating_sub(2);

    // On the lines first, then just beside them on either side.
    let mut on_line = Vec::new();
    let mut beside_line = Vec::new();
    for &(length, index) in &segments {
        if length == 0.0 || on_line.len() >= max_spots / 2 {
            continue;
        }
        let (a, b) = (points[index], points[index + 1]);
        let (ux, uy) = ((b.x - a.x) / length, (b.y - a.y) / length);
        // The extent of the label along the segment, and the room kept at
        // the path's ends for the arrowheads.
        let along = (ux * width).abs() + (uy * height).abs();
        let start_room = if index == 0 { ARROW_ROOM } else { 0.0 };
        let end_room = if index == last { ARROW_ROOM } else { 0.0 };
        let low = start_room + along / 2.0;
        let high = length - end_room - along / 2.0;
        let middle = if low <= high {
            (low + high) / 2.0
        } else {
            length / 2.0
        };

        let mut offsets = vec![middle];
        let mut step = SPOT_SPACING;
        while (middle - step >= low || middle + step <= high) && offsets.len() < max_spots / 2 {
            if middle - step >= low {
                offsets.push(middle - step);
            }
            if middle + step <= high {
                offsets.push(middle + step);
            }
            step += SPOT_SPACING;
        }

        let beside = (uy * width).abs() / 2.0 + (ux * height).abs() / 2.0 + 3.0;
        for &offset in &offsets {
            let spot = |shift: f64| Point {
                x: a.x + ux * offset - uy * shift,
                y: a.y + uy * offset + ux * shift,
            };
            on_line.push(spot(0.0));
            beside_line.push(spot(-beside));
            beside_line.push(spot(beside));
        }
    }

    on_line.truncate(max_spots / 2);
    beside_line.truncate(max_spots / 2);
    spots.clear();
    spots.extend(on_line);
    spots.extend(beside_line);
}

fn distance(a: Point, b: Point) -> f64 {
    ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt()
}

/// Returns boxes that together cover the segment from `a` to `b` with the
/// width of a drawn line: one box for a horizontal or vertical segment,
/// small boxes along a slanted one.
fn segment_boxes(a: Point, b: Point) -> Vec<Rect> {
    const HALF_LINE: f64 = 2.0;
    if a.x == b.x || a.y == b.y {
        return vec![Rect {
            x: a.x.min(b.x) - HALF_LINE,
            y: a.y.min(b.y) - HALF_LINE,
            width: (a.x - b.x).abs() + 2.0 * HALF_LINE,
            height: (a.y - b.y).abs() + 2.0 * HALF_LINE,
        }];
    }
    let length = distance(a, b);
    let steps = (length / (2.0 * HALF_LINE)).ceil().max(1.0) as usize;
    (0..=steps)
        .map(|step| {
            let t = step as f64 / steps as f64;
            Rect {
                x: a.x + (b.x - a.x) * t - HALF_LINE,
                y: a.y + (b.y - a.y) * t - HALF_LINE,
                width: 2.0 * HALF_LINE,
                height: 2.0 * HALF_LINE,
            }
        })
        .collect()
}

/// A grid of square cells, each listing the boxes that meet it, for
/// finding the boxes near a spot without comparing every pair.
struct SpatialIndex {
    cell: f64,
    columns: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
    /// Each box, with the flow whose path it covers, if any.
    boxes: Vec<(Rect, Option<usize>)>,
}

impl SpatialIndex {
    /// Creates an index over a diagram of `size` for about `expected` boxes,
    /// with cells of 128 pixels, about the size of a box, or larger ones so
    /// that there are at most about four cells per box.
    fn new(size: (f64, f64), expected: usize) -> SpatialIndex {
        let area = size.0.max(1.0) * size.1.max(1.0);
        let cell = (area / (4.0 * expected.max(1) as f64)).sqrt().max(128.0);
        let columns = (size.0 / cell).ceil().max(1.0) as usize;
        let rows = (size.1 / cell).ceil().max(1.0) as usize;
        SpatialIndex {
            cell,
            columns,
            rows,
            cells: vec![Vec::new(); columns * rows],
            boxes: Vec::new(),
        }
    }

    /// Returns the ranges of columns and rows of the cells that `rect` meets.
    fn cells_of(&self, rect: &Rect) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let clamp = |value: f64, count: usize| {
            if value.is_nan() || value < 0.0 {
                0
            } else {
                (value as usize).min(count - 1)
            }
        };
        let columns = clamp(rect.x / self.cell, self.columns)
            ..clamp(rect.right() / self.cell, self.columns) + 1;
        let rows =
            clamp(rect.y / self.cell, self.rows)..clamp(rect.bottom() / self.cell, self.rows) + 1;
        (columns, rows)
    }

    fn insert(&mut self, rect: Rect, flow: Option<usize>) {
        let index = self.boxes.len() as u32;
        self.boxes.push((rect, flow));
        let (columns, rows) = self.cells_of(&rect);
        for row in rows {
            for column in columns.clone() {
                self.cells[row * self.columns + column].push(index);
            }
        }
    }

    /// Returns whether `rect` overlaps a box that does not belong to the path of flow `own`.
    fn meets(&self, rect: &Rect, own: usize) -> bool {
        let (columns, rows) = self.cells_of(rect);
        rows.flat_map(|row| columns.clone().map(move |column| (row, column)))
            .flat_map(|(row, column)| &self.cells[row * self.columns + column])
            .any(|&index| {
                let (other, flow) = &self.boxes[index as usize];
                *flow != Some(own) && other.overlaps(rect)
            })
    }
}
