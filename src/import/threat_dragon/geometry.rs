//! Positions and boxes of cells, and zone membership derived from them.
//!
//! Threat Dragon records no membership: a trust-boundary box contains
//! whatever is drawn inside it. The importer derives TMIF `zone` and
//! `parent` members from the same drawing:
//!
//! - an element belongs to the smallest box on its diagram that contains the
//!   centre of the element's box. An element without a size counts as its
//!   top-left point, and of two boxes with equal area the first one wins;
//! - a box is nested in the smallest box that contains all of it and has a
//!   larger area, so two boxes can never contain each other.
//!
//! NOTE: rotation (`angle`) is ignored, so a rotated element or box is
//! treated as if it were upright.

use serde_json::Value;

use super::context::number;

/// A point of a drawing. Coordinates grow to the right and downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Point {
    pub x: f64,
    pub y: f64,
}

/// The box of a node: its top-left corner and, when known, its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bounds {
    pub x: f64,
    pub y: f64,
    pub width: Option<f64>,
    pub height: Option<f64>,
}

impl Bounds {
    /// Reads `position` and `size` members, which may hold numbers or numeric strings.
    pub fn read(position: Option<&Value>, size: Option<&Value>) -> Option<Bounds> {
        let position = position?;
        Some(Bounds {
            x: number(position.get("x"))?,
            y: number(position.get("y"))?,
            width: size.and_then(|size| number(size.get("width"))),
            height: size.and_then(|size| number(size.get("height"))),
        })
    }

    fn width_or_zero(self) -> f64 {
        self.width.unwrap_or(0.0).max(0.0)
    }

    fn height_or_zero(self) -> f64 {
        self.height.unwrap_or(0.0).max(0.0)
    }

    /// Returns the centre of the box.
    pub fn centre(self) -> Point {
        Point {
            x: self.x + self.width_or_zero() / 2.0,
            y: self.y + self.height_or_zero() / 2.0,
        }
    }

    fn area(self) -> f64 {
        self.width_or_zero() * self.height_or_zero()
    }

    /// Returns `true` when `point` lies inside the box or on its edge.
    fn contains_point(self, point: Point) -> bool {
        point.x >= self.x
            && point.x <= self.x + self.width_or_zero()
            && point.y >= self.y
            && point.y <= self.y + self.height_or_zero()
    }

    /// Returns `true` when all of `inner` lies inside the box or on its edge.
    fn contains_box(self, inner: Bounds) -> bool {
        self.contains_point(Point {
            x: inner.x,
            y: inner.y,
        }) && self.contains_point(Point {
            x: inner.x + inner.width_or_zero(),
            y: inner.y + inner.height_or_zero(),
        })
    }
}

/// Reads a point member such as a loose flow end or a vertex.
pub(super) fn point(value: &Value) -> Option<Point> {
    Some(Point {
        x: number(value.get("x"))?,
        y: number(value.get("y"))?,
    })
}

/// Returns the index of the smallest box in `zones` that contains the centre of `node`.
pub(super) fn innermost_zone(node: Bounds, zones: &[Bounds]) -> Option<usize> {
    smallest(zones, |zone| zone.contains_point(node.centre()))
}

/// Returns the index of the smallest box in `zones` that contains all of
/// `zones[index]` and has a larger area.
pub(super) fn enclosing_zone(index: usize, zones: &[Bounds]) -> Option<usize> {
    let inner = *zones.get(index)?;
    smallest(zones, |zone| {
        zone.area() > inner.area() && zone.contains_box(inner)
    })
}

/// Returns the index of the smallest box that passes `test`, or the first of
/// several with the same area.
///
/// NOTE: every element and zone scans every zone box, so a diagram with
/// thousands of boundary boxes takes time quadratic in their number.
fn smallest(zones: &[Bounds], test: impl Fn(Bounds) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, zone) in zones.iter().enumerate() {
        if !test(*zone) {
            continue;
        }
        let area = zone.area();
        if best.is_none_or(|(_, best_area)| area < best_area) {
            best = Some((i, area));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(x: f64, y: f64, width: f64, height: f64) -> Bounds {
        Bounds {
            x,
            y,
            width: Some(width),
            height: Some(height),
        }
    }

    #[test]
    fn innermost_zone_wins() {
        let zones = [
            boxed(0.0, 0.0, 500.0, 500.0),
            boxed(100.0, 100.0, 200.0, 200.0),
        ];
        assert_eq!(
            innermost_zone(boxed(150.0, 150.0, 20.0, 20.0), &zones),
            Some(1)
        );
        assert_eq!(
            innermost_zone(boxed(400.0, 400.0, 20.0, 20.0), &zones),
            Some(0)
        );
        assert_eq!(innermost_zone(boxed(600.0, 0.0, 20.0, 20.0), &zones), None);
    }

    #[test]
    fn centre_decides_for_overlapping_element() {
        let zones = [boxed(0.0, 0.0, 100.0, 100.0)];
        // The box overlaps the zone, but its centre (110, 50) is outside.
        assert_eq!(innermost_zone(boxed(80.0, 40.0, 60.0, 20.0), &zones), None);
    }

    #[test]
    fn equal_boxes_do_not_nest() {
        let zones = [boxed(0.0, 0.0, 100.0, 100.0), boxed(0.0, 0.0, 100.0, 100.0)];
        assert_eq!(enclosing_zone(0, &zones), None);
        assert_eq!(enclosing_zone(1, &zones), None);
    }

    #[test]
    fn nested_box_finds_parent() {
        let zones = [
            boxed(10.0, 10.0, 50.0, 50.0),
            boxed(0.0, 0.0, 100.0, 100.0),
            boxed(-5.0, -5.0, 500.0, 500.0),
        ];
        assert_eq!(enclosing_zone(0, &zones), Some(1));
        assert_eq!(enclosing_zone(1, &zones), Some(2));
        assert_eq!(enclosing_zone(2, &zones), None);
    }
}
