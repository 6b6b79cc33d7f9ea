//! Paths of the data flows between laid-out element boxes.
//!
//! Small diagrams get orthogonal routes found by A* search on a grid whose
//! lines run along the borders of the element boxes, widened by
//! [`CLEARANCE`], through the box centers, and through the free channels
//! between boxes at [`LANE_SPACING`]. Grid points closer to a box than
//! [`CLEARANCE`] are blocked, so no route enters an element box. The search
//! charges for length and bends. It also charges for running along a
//! segment that an earlier flow already uses, so parallel flows take
//! separate lanes, and for passing through trust zones that contain neither
//! end, so flows stay out of unrelated zones where they can.
//!
//! Larger diagrams get straight lines between the boxes, because the grid
//! grows with the square of the number of boxes, and so does each flow
//! whose search runs out of its budget of steps.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::layout::{Point, Rect, ZONE_TITLE_HEIGHT, fit_label, text_width};
use super::scene::Scene;

/// The distance that routes keep from every element box, in pixels.
pub(super) const CLEARANCE: f64 = 10.0;
/// The distance between neighbouring grid lines in free space, in pixels.
const LANE_SPACING: f64 = 10.0;
/// The distance between the points where flows may leave or enter the
/// same side of a box, in pixels.
const PORT_SPACING: f64 = 12.0;
/// The part of each end of a box side where no flow leaves or enters, so
/// that arrows do not meet the rounded corners of a process.
const SIDE_INSET: f64 = 14.0;
/// The cost of one bend, in pixels of length.
const BEND_COST: f64 = 30.0;
/// The extra cost per pixel of running along a segment that each earlier
/// flow already uses.
const SHARED_SEGMENT_COST: f64 = 4.0;
/// The extra cost of crossing an earlier flow.
const CROSSING_COST: f64 = 6.0;
/// The extra cost of leaving or entering a box where an earlier flow does.
const SHARED_PORT_COST: f64 = 40.0;
/// The extra cost per pixel inside a trust zone that contains neither end
/// of the flow, or over the name of a zone.
const UNRELATED_ZONE_COST: f64 = 2.0;
/// The extra cost per pixel of running along the border of a zone.
const ZONE_BORDER_COST: f64 = 3.0;
/// The maximum number of grid points for routing on the grid. Larger
/// diagrams get straight lines.
const MAX_GRID_POINTS: usize = 150_000;
/// The maximum number of search states that one flow may visit before it
/// gets a straight line.
const MAX_VISITS_PER_FLOW: usize = 250_000;
/// The maximum number of search states that all flows of a diagram may
/// visit together. The flows left when it runs out get straight lines, so
/// with the limits above it bounds the routing time of any diagram.
const MAX_VISITS: usize = 600_000;
/// The factor on the A* estimate of the remaining cost on grids of more
/// than [`EXACT_GRID_POINTS`] points. Above 1 the search visits far fewer
/// states and may return a route that costs up to this factor more than
/// the cheapest one.
const ESTIMATE_WEIGHT: f64 = 1.5;
/// The maximum number of grid points for which the search finds the
/// cheapest routes.
const EXACT_GRID_POINTS: usize = 40_000;
/// The reach of a loop drawn for a flow from an element to itself.
const SELF_LOOP_REACH: f64 = 12.0;
/// The distance between parallel straight lines that join the same two elements.
const PARALLEL_SPACING: f64 = 8.0;

/// Computes the path of each flow of `scene`: orthogonal routes around the
/// boxes for small diagrams, and straight lines for large ones. Returns the
/// paths and whether they were routed around the boxes.
pub(super) fn route_flows(
    scene: &Scene,
    elements: &[Rect],
    zones: &[Rect],
    size: (f64, f64),
) -> (Vec<Vec<Point>>, bool) {
    let mut straight = straight_flows(scene, elements);
    let Some(mut grid) = Grid::new(scene, elements, zones, size) else {
        return (straight, false);
    };
    // Short flows first, so that they get the direct routes.
    let mut order: Vec<usize> = (0..scene.flows.len()).collect();
    let distance = |index: usize| {
        let flow = &scene.flows[index];
        let (a, b) = (
            elements[flow.source].center(),
            elements[flow.target].center(),
        );
        (a.x - b.x).abs() + (a.y - b.y).abs()
    };
    order.sort_by(|&a, &b| distance(a).total_cmp(&distance(b)).then(a.cmp(&b)));
    for index in order {
        let flow = &scene.flows[index];
        if flow.source == flow.target {
            continue;
        }
        if let Some(points) = grid.route(scene, flow.source, flow.target) {
            straight[index] = points;
        }
    }
    (straight, true)
}

/// A side of a box, or the direction of a step on the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Right,
    Left,
    Down,
    Up,
}

impl Direction {
    const ALL: [Direction; 4] = [
        Direction::Right,
        Direction::Left,
        Direction::Down,
        Direction::Up,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn opposite(self) -> Direction {
        match self {
            Direction::Right => Direction::Left,
            Direction::Left => Direction::Right,
            Direction::Down => Direction::Up,
            Direction::Up => Direction::Down,
        }
    }

    fn is_horizontal(self) -> bool {
        matches!(self, Direction::Right | Direction::Left)
    }
}

/// The routing grid: the points where its lines meet, with what blocks
/// them and what earlier routes use.
struct Grid<'a> {
    xs: Vec<f64>,
    ys: Vec<f64>,
    elements: &'a [Rect],
    /// For each point, 1 + the index of the element whose widened box
    /// contains it, or 0 when it is free.
    owner: Vec<u32>,
    /// For each point, 1 + the index of the innermost zone that contains
    /// it, or 0 outside every zone.
    zone: Vec<u32>,
    /// For each point, whether it lies on the name of a zone.
    over_title: Vec<bool>,
    /// For each point, whether the horizontal (index 0) or vertical (index
    /// 1) step to the next point runs along a zone border.
    along_border: [Vec<bool>; 2],
    /// For each point, how many routes use the horizontal (index 0) or
    /// vertical (index 1) step to the next point.
    used: [Vec<u16>; 2],
    /// For each point, how many routes pass through it horizontally (index
    /// 0) or vertically (index 1).
    passed: [Vec<u16>; 2],
    /// For each point, how many routes leave or enter a box there.
    ports: Vec<u16>,
    /// Whether each zone contains an end of the flow being routed.
    related: Vec<bool>,
    zone_parents: Vec<Option<usize>>,
    /// The search's cost of each state, kept between searches so that
    /// each search resets only the states it touched.
    cost: Vec<f64>,
    /// The number of search states that later searches may still visit.
    visits_left: usize,
    /// The state before each state on its cheapest route.
    previous: Vec<u32>,
    touched: Vec<usize>,
}

impl<'a> Grid<'a> {
    /// Builds the grid, or returns `None` when it would have more than
    /// [`MAX_GRID_POINTS`] points.
    fn new(
        scene: &Scene,
        elements: &'a [Rect],
        zones: &[Rect],
        size: (f64, f64),
    ) -> Option<Grid<'a>> {
        // Most boxes add about a dozen lines in each direction, so a bound
        // on the boxes spares building line lists that are then discarded.
        // NOTE: diagrams above this bound get straight flows, which may
        // cross element boxes. A router in linear time, with reserved lanes
        // between the columns of the layered layout, would lift the bound.
        if elements.len() > 500 {
            return None;
        }
        let mut xs = vec![CLEARANCE / 2.0, size.0 - CLEARANCE / 2.0];
        let mut ys = vec![CLEARANCE / 2.0, size.1 - CLEARANCE / 2.0];
        for rect in elements {
            let center = rect.center();
            xs.extend([rect.x - CLEARANCE, rect.right() + CLEARANCE, center.x]);
            ys.extend([rect.y - CLEARANCE, rect.bottom() + CLEARANCE, center.y]);
            add_ports(&mut xs, center.x, rect.width / 2.0 - SIDE_INSET);
            add_ports(&mut ys, center.y, rect.height / 2.0 - SIDE_INSET / 2.0);
        }
        let xs = fill_lanes(xs);
        let ys = fill_lanes(ys);
        let points = xs.len().checked_mul(ys.len())?;
        if points > MAX_GRID_POINTS {
            return None;
        }

        let mut grid = Grid {
            owner: vec![0; points],
            zone: vec![0; points],
            over_title: vec![false; points],
            along_border: [vec![false; points], vec![false; points]],
            used: [vec![0; points], vec![0; points]],
            passed: [vec![0; points], vec![0; points]],
            ports: vec![0; points],
            related: vec![false; zones.len()],
            zone_parents: scene.zones.iter().map(|zone| zone.parent).collect(),
            cost: vec![f64::INFINITY; points * 4 + 1],
            previous: vec![u32::MAX; points * 4 + 1],
            touched: Vec::new(),
            visits_left: MAX_VISITS,
            xs,
            ys,
            elements,
        };
        for (index, rect) in elements.iter().enumerate() {
            let (columns, rows) = grid.inside(
                rect.x - CLEARANCE,
                rect.right() + CLEARANCE,
                rect.y - CLEARANCE,
                rect.bottom() + CLEARANCE,
            );
            for row in rows {
                for column in columns.clone() {
                    let point = grid.point(column, row);
                    // A point near two boxes is blocked for every flow.
                    grid.owner[point] = if grid.owner[point] == 0 {
                        index as u32 + 1
                    } else {
                        u32::MAX
                    };
                }
            }
        }
        grid.mark_zones(scene, zones);
        Some(grid)
    }

    fn mark_zones(&mut self, scene: &Scene, zones: &[Rect]) {
        // Outer zones first, so that inner zones overwrite them.
        let depth = |mut zone: usize| {
            let mut depth = 0;
            while let Some(parent) = scene.zones[zone].parent {
                depth += 1;
                zone = parent;
            }
            depth
        };
        let mut order: Vec<(usize, usize)> = (0..zones.len()).map(|z| (depth(z), z)).collect();
        order.sort_unstable();
        for &(_, index) in &order {
            let rect = zones[index];
            let (columns, rows) = self.inside_closed(rect.x, rect.right(), rect.y, rect.bottom());
            for row in rows.clone() {
                for column in columns.clone() {
                    let point = self.point(column, row);
                    self.zone[point] = index as u32 + 1;
                }
            }
            let title_width = text_width(&fit_label(&scene.zones[index].name)) + 24.0;
            let (columns, rows) = self.inside_closed(
                rect.x,
                rect.x + title_width,
                rect.y,
                rect.y + ZONE_TITLE_HEIGHT,
            );
            for row in rows {
                for column in columns.clone() {
                    let point = self.point(column, row);
                    self.over_title[point] = true;
                }
            }
            // Steps within 4 pixels of a border line run along it.
            let near = 4.0;
            for border_y in [rect.y, rect.bottom()] {
                let (columns, rows) =
                    self.inside_closed(rect.x, rect.right(), border_y - near, border_y + near);
                for row in rows {
                    for column in columns.clone() {
                        let point = self.point(column, row);
                        self.along_border[0][point] = true;
                    }
                }
            }
            for border_x in [rect.x, rect.right()] {
                let (columns, rows) =
                    self.inside_closed(border_x - near, border_x + near, rect.y, rect.bottom());
                for row in rows {
                    for column in columns.clone() {
                        let point = self.point(column, row);
                        self.along_border[1][point] = true;
                    }
                }
            }
        }
    }

    fn point(&self, column: usize, row: usize) -> usize {
        row * self.xs.len() + column
    }

    fn at(&self, point: usize) -> Point {
        Point {
            x: self.xs[point % self.xs.len()],
            y: self.ys[point / self.xs.len()],
        }
    }

    /// Returns the columns and rows of the lines strictly between the given bounds.
    fn inside(
        &self,
        left: f64,
        right: f64,
        top: f64,
        bottom: f64,
    ) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let columns =
            self.xs.partition_point(|&x| x <= left)..self.xs.partition_point(|&x| x < right);
        let rows = self.ys.partition_point(|&y| y <= top)..self.ys.partition_point(|&y| y < bottom);
        (columns, rows)
    }

    /// Returns the columns and rows of the lines between the given bounds, bounds included.
    fn inside_closed(
        &self,
        left: f64,
        right: f64,
        top: f64,
        bottom: f64,
    ) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let columns =
            self.xs.partition_point(|&x| x < left)..self.xs.partition_point(|&x| x <= right);
        let rows = self.ys.partition_point(|&y| y < top)..self.ys.partition_point(|&y| y <= bottom);
        (columns, rows)
    }

    /// Returns the neighbour of `point` one step in `direction`, if any.
    fn step(&self, point: usize, direction: Direction) -> Option<usize> {
        let width = self.xs.len();
        let (column, row) = (point % width, point / width);
        match direction {
            Direction::Right => (column + 1 < width).then_some(point + 1),
            Direction::Left => (column > 0).then(|| point - 1),
            Direction::Down => (row + 1 < self.ys.len()).then_some(point + width),
            Direction::Up => (row > 0).then(|| point - width),
        }
    }

    /// Returns the free grid points just outside `rect` where a route may
    /// leave or enter it, each with the side it lies on.
    fn ports(&self, rect: &Rect) -> Vec<(usize, Direction)> {
        let mut ports = Vec::new();
        let (columns, _) = self.inside_closed(
            rect.x + SIDE_INSET,
            rect.right() - SIDE_INSET,
            rect.y,
            rect.y,
        );
        let (_, rows) = self.inside_closed(
            rect.x,
            rect.x,
            rect.y + SIDE_INSET / 2.0,
            rect.bottom() - SIDE_INSET / 2.0,
        );
        let row_of = |y: f64| self.ys.binary_search_by(|probe| probe.total_cmp(&y)).ok();
        let column_of = |x: f64| self.xs.binary_search_by(|probe| probe.total_cmp(&x)).ok();
        for (line, side) in [
            (row_of(rect.y - CLEARANCE), Direction::Up),
            (row_of(rect.bottom() + CLEARANCE), Direction::Down),
        ] {
            if let Some(row) = line {
                ports.extend(
                    columns
                        .clone()
                        .map(|column| (self.point(column, row), side)),
                );
            }
        }
        for (line, side) in [
            (column_of(rect.x - CLEARANCE), Direction::Left),
            (column_of(rect.right() + CLEARANCE), Direction::Right),
        ] {
            if let Some(column) = line {
                ports.extend(rows.clone().map(|row| (self.point(column, row), side)));
            }
        }
        ports.retain(|&(point, _)| self.owner[point] == 0);
        ports
    }

    /// Marks the zones that contain the source or the target element.
    fn relate_zones(&mut self, scene: &Scene, source: usize, target: usize) {
        self.related.iter_mut().for_each(|related| *related = false);
        for element in [source, target] {
            let mut at = scene.elements[element].zone;
            let mut steps = 0;
            while let Some(zone) = at {
                if self.related[zone] || steps > self.related.len() {
                    break;
                }
                self.related[zone] = true;
                at = self.zone_parents[zone];
                steps += 1;
            }
        }
    }

    /// Returns the cost of the step from `from` to `to` in `direction`.
    fn step_cost(&self, from: usize, to: usize, direction: Direction) -> f64 {
        let (a, b) = (self.at(from), self.at(to));
        let length = (a.x - b.x).abs() + (a.y - b.y).abs();
        let axis = usize::from(!direction.is_horizontal());
        // The record of a step is kept at its left or upper point.
        let first = from.min(to);
        let mut factor = 1.0 + SHARED_SEGMENT_COST * f64::from(self.used[axis][first]);
        let zone = self.zone[to];
        if (zone != 0 && !self.related[zone as usize - 1]) || self.over_title[to] {
            factor += UNRELATED_ZONE_COST;
        }
        if self.along_border[axis][first] {
            factor += ZONE_BORDER_COST;
        }
        let crossing = CROSSING_COST * f64::from(self.passed[1 - axis][to]);
        length * factor + crossing
    }

    /// Finds a route from the border of `source`'s box to the border of
    /// `target`'s box and records it, or returns `None` when there is none
    /// within [`MAX_VISITS_PER_FLOW`] visits.
    fn route(&mut self, scene: &Scene, source: usize, target: usize) -> Option<Vec<Point>> {
        self.relate_zones(scene, source, target);
        let mut cost = std::mem::take(&mut self.cost);
        let mut previous = std::mem::take(&mut self.previous);
        let mut touched = std::mem::take(&mut self.touched);
        let found = self.search(source, target, &mut cost, &mut previous, &mut touched);
        for state in touched.drain(..) {
            cost[state] = f64::INFINITY;
            previous[state] = u32::MAX;
        }
        self.cost = cost;
        self.previous = previous;
        self.touched = touched;
        found
    }

    /// Runs the A* search of [`Grid::route`] with the given state buffers,
    /// listing every state it sets in `touched`.
    fn search(
        &mut self,
        source: usize,
        target: usize,
        cost: &mut [f64],
        previous: &mut [u32],
        touched: &mut Vec<usize>,
    ) -> Option<Vec<Point>> {
        let (from_rect, to_rect) = (self.elements[source], self.elements[target]);
        let starts = self.ports(&from_rect);
        let ends = self.ports(&to_rect);
        if starts.is_empty() || ends.is_empty() {
            return None;
        }
        let point_count = self.owner.len();
        // A state is a grid point and the direction of the last step; one
        // more state stands for having reached the target.
        let goal = point_count * 4;
        let target_area = Rect {
            x: to_rect.x - CLEARANCE,
            y: to_rect.y - CLEARANCE,
            width: to_rect.width + 2.0 * CLEARANCE,
            height: to_rect.height + 2.0 * CLEARANCE,
        };
        let weight = if point_count > EXACT_GRID_POINTS {
            ESTIMATE_WEIGHT
        } else {
            1.0
        };
        let end_side = |point: usize| {
            ends.iter()
                .find(|&&(port, _)| port == point)
                .map(|&(_, side)| side)
        };
        // The distance to the target's widened box, plus one bend when
        // the point lies neither beside nor above nor below it.
        let estimate = |point: Point| {
            let dx = (target_area.x - point.x)
                .max(point.x - target_area.right())
                .max(0.0);
            let dy = (target_area.y - point.y)
                .max(point.y - target_area.bottom())
                .max(0.0);
            let bend = if dx > 0.0 && dy > 0.0 { BEND_COST } else { 0.0 };
            (dx + dy + bend) * weight
        };
        let mut queue: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
        // Costs are finite and not negative, so the order of their bits is their order.
        let key = |value: f64| value.to_bits();
        for &(point, side) in &starts {
            let state = point * 4 + side.index();
            let start_cost = CLEARANCE + SHARED_PORT_COST * f64::from(self.ports[point]);
            if start_cost < cost[state] {
                cost[state] = start_cost;
                touched.push(state);
                queue.push(Reverse((key(start_cost + estimate(self.at(point))), state)));
            }
        }

        let mut visits = 0;
        let mut reached = false;
        while let Some(Reverse((popped, state))) = queue.pop() {
            if state == goal {
                reached = true;
                break;
            }
            let (point, direction) = (state / 4, Direction::ALL[state % 4]);
            let state_cost = cost[state];
            if key(state_cost + estimate(self.at(point))) != popped {
                // A cheaper route to this state was found after this entry was queued.
                continue;
            }
            visits += 1;
            if visits > MAX_VISITS_PER_FLOW || visits > self.visits_left {
                break;
            }
            let near_target = target_area.on_border(self.at(point), 0.0);
            if let Some(side) = near_target.then(|| end_side(point)).flatten() {
                let bend = if direction == side.opposite() {
                    0.0
                } else {
                    BEND_COST
                };
                let total =
                    state_cost + CLEARANCE + bend + SHARED_PORT_COST * f64::from(self.ports[point]);
                if total < cost[goal] {
                    cost[goal] = total;
                    touched.push(goal);
                    previous[goal] = state as u32;
                    queue.push(Reverse((key(total), goal)));
                }
            }
            for next_direction in Direction::ALL {
                if next_direction == direction.opposite() {
                    continue;
                }
                let Some(next) = self.step(point, next_direction) else {
                    continue;
                };
                if self.owner[next] != 0 {
                    continue;
                }
                let bend = if next_direction == direction {
                    0.0
                } else {
                    BEND_COST
                };
                let next_cost = state_cost + bend + self.step_cost(point, next, next_direction);
                let next_state = next * 4 + next_direction.index();
                if next_cost < cost[next_state] {
                    cost[next_state] = next_cost;
                    touched.push(next_state);
                    previous[next_state] = state as u32;
                    queue.push(Reverse((
                        key(next_cost + estimate(self.at(next))),
                        next_state,
                    )));
                }
            }
        }
        self.visits_left = self.visits_left.saturating_sub(visits);
        if !reached {
            return None;
        }

        // Walk back from the goal to a start state.
        let mut states = Vec::new();
        let mut state = previous[goal] as usize;
        loop {
            states.push(state);
            let before = previous[state];
            if before == u32::MAX {
                break;
            }
            state = before as usize;
        }
        states.reverse();
        let first_point = states[0] / 4;
        let last_point = states[states.len() - 1] / 4;
        let start_side = Direction::ALL[states[0] % 4];
        let end = end_side(last_point).expect("the goal is reached from an end port");
        self.record(&states);

        let mut points = Vec::with_capacity(states.len() + 2);
        points.push(foot(&from_rect, self.at(first_point), start_side));
        points.extend(states.iter().map(|&state| self.at(state / 4)));
        points.push(foot(&to_rect, self.at(last_point), end));
        Some(simplify(points))
    }

    /// Records the steps and ports of a route, so that later routes avoid them.
    fn record(&mut self, states: &[usize]) {
        let first = states[0] / 4;
        let last = states[states.len() - 1] / 4;
        self.ports[first] = self.ports[first].saturating_add(1);
        self.ports[last] = self.ports[last].saturating_add(1);
        for pair in states.windows(2) {
            let (from, to) = (pair[0] / 4, pair[1] / 4);
            let direction = Direction::ALL[pair[1] % 4];
            let axis = usize::from(!direction.is_horizontal());
            let step = from.min(to);
            self.used[axis][step] = self.used[axis][step].saturating_add(1);
            self.passed[axis][to] = self.passed[axis][to].saturating_add(1);
            self.passed[axis][from] = self.passed[axis][from].saturating_add(1);
        }
    }
}

/// Adds lines at `center` and every [`PORT_SPACING`] from it, up to `reach` on each side.
fn add_ports(lines: &mut Vec<f64>, center: f64, reach: f64) {
    let mut offset = PORT_SPACING;
    while offset <= reach {
        lines.push(center - offset);
        lines.push(center + offset);
        offset += PORT_SPACING;
    }
}

/// Sorts the lines, drops duplicates, and adds lines in every gap of at
/// least two [`LANE_SPACING`]s, evenly spread. Lines that differ by less
/// than a pixel are kept, because ports are looked up by exact position.
fn fill_lanes(mut lines: Vec<f64>) -> Vec<f64> {
    lines.retain(|line| line.is_finite());
    lines.sort_by(f64::total_cmp);
    lines.dedup();
    let mut filled = Vec::with_capacity(lines.len() * 2);
    for pair in lines.windows(2) {
        filled.push(pair[0]);
        let gap = pair[1] - pair[0];
        if gap >= 2.0 * LANE_SPACING {
            let parts = (gap / LANE_SPACING).floor();
            for part in 1..parts as usize {
                filled.push(pair[0] + gap * part as f64 / parts);
            }
        }
    }
    filled.extend(lines.last());
    filled
}

/// Returns the point on the border of `rect` straight across from `port`,
/// which lies just outside the `side` of `rect`.
fn foot(rect: &Rect, port: Point, side: Direction) -> Point {
    match side {
        Direction::Up => Point {
            x: port.x,
            y: rect.y,
        },
        Direction::Down => Point {
            x: port.x,
            y: rect.bottom(),
        },
        Direction::Left => Point {
            x: rect.x,
            y: port.y,
        },
        Direction::Right => Point {
            x: rect.right(),
            y: port.y,
        },
    }
}

/// Removes the points that lie on a straight line between their neighbours.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut kept: Vec<Point> = Vec::with_capacity(points.len());
    for point in points {
        if let Some(&last) = kept.last() {
            if last == point {
                continue;
            }
        }
        if kept.len() >= 2 {
            let (a, b) = (kept[kept.len() - 2], kept[kept.len() - 1]);
            let collinear = (a.x == b.x && b.x == point.x) || (a.y == b.y && b.y == point.y);
            if collinear {
                kept.pop();
            }
        }
        kept.push(point);
    }
    kept
}

/// Draws each flow as a straight line between the borders of its two boxes,
/// spreading flows that join the same two elements apart, or as a loop on
/// the right side for a flow from an element to itself.
fn straight_flows(scene: &Scene, elements: &[Rect]) -> Vec<Vec<Point>> {
    // The number of flows between each unordered pair, and the next index
    // to hand out, found by sorting so that no hash order is involved.
    let mut pairs: Vec<((usize, usize), usize)> = scene
        .flows
        .iter()
        .enumerate()
        .map(|(index, flow)| {
            let pair = (flow.source.min(flow.target), flow.source.max(flow.target));
            (pair, index)
        })
        .collect();
    pairs.sort_unstable();
    let mut lane = vec![(0usize, 1usize); scene.flows.len()];
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        for (position, &(_, flow)) in group.iter().enumerate() {
            lane[flow] = (position, group.len());
        }
    }

    scene
        .flows
        .iter()
        .enumerate()
        .map(|(index, flow)| {
            let source = elements[flow.source];
            let target = elements[flow.target];
            let (position, lanes) = lane[index];
            let spread = (position as f64 - (lanes - 1) as f64 / 2.0) * PARALLEL_SPACING;
            if flow.source == flow.target {
                return self_loop(source, spread);
            }
            let (from, to) = (source.center(), target.center());
            let (dx, dy) = (to.x - from.x, to.y - from.y);
            let length = (dx * dx + dy * dy).sqrt();
            let (nx, ny) = if length > 0.0 {
                (-dy / length, dx / length)
            } else {
                (0.0, 1.0)
            };
            // Flows listed against the pair's order are spread the other way,
            // so that two opposite flows do not share one line.
            let sign = if flow.source <= flow.target {
                1.0
            } else {
                -1.0
            };
            let shift = |rect: &Rect| {
                let limit = (rect.width.min(rect.height) / 2.0 - 2.0).max(0.0);
                (spread * sign).clamp(-limit, limit)
            };
            let start_shift = shift(&source);
            let end_shift = shift(&target);
            let start_inside = Point {
                x: from.x + nx * start_shift,
                y: from.y + ny * start_shift,
            };
            let end_inside = Point {
                x: to.x + nx * end_shift,
                y: to.y + ny * end_shift,
            };
            let start = exit_point(&source, start_inside, end_inside);
            let end = exit_point(&target, end_inside, start_inside);
            vec![start, end]
        })
        .collect()
}

/// Returns where the ray from `inside`, a point in `rect`, toward `toward`
/// leaves `rect`, with the coordinate of the border it crosses set exactly.
fn exit_point(rect: &Rect, inside: Point, toward: Point) -> Point {
    let (mut dx, dy) = (toward.x - inside.x, toward.y - inside.y);
    if dx == 0.0 && dy == 0.0 {
        dx = 1.0;
    }
    let border_x = if dx > 0.0 { rect.right() } else { rect.x };
    let border_y = if dy > 0.0 { rect.bottom() } else { rect.y };
    let to_vertical = if dx != 0.0 {
        (border_x - inside.x) / dx
    } else {
        f64::INFINITY
    };
    let to_horizontal = if dy != 0.0 {
        (border_y - inside.y) / dy
    } else {
        f64::INFINITY
    };
    if to_vertical <= to_horizontal {
        let y = (inside.y + dy * to_vertical).clamp(rect.y, rect.bottom());
        Point { x: border_x, y }
    } else {
        let x = (inside.x + dx * to_horizontal).clamp(rect.x, rect.right());
        Point { x, y: border_y }
    }
}

/// Draws a loop that leaves the right border of `rect` and comes back to it.
fn self_loop(rect: Rect, spread: f64) -> Vec<Point> {
    let center = rect.center();
    let half = (rect.height / 2.0 - 2.0).max(0.0);
    let offset = (spread.abs() + 6.0).min(half);
    let reach = rect.right() + SELF_LOOP_REACH;
    let top = center.y - offset;
    let bottom = center.y + offset;
    vec![
        Point {
            x: rect.right(),
            y: top,
        },
        Point { x: reach, y: top },
        Point {
            x: reach,
            y: bottom,
        },
        Point {
            x: rect.right(),
            y: bottom,
        },
    ]
}
