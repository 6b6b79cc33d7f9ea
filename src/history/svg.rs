//! The SVG line chart of a timeline.

use std::fmt::Write;

use super::{Row, Timeline};

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 200.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 64.0;
const PLOT_WIDTH: f64 = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT: f64 = HEIGHT - TOP - BOTTOM;

/// The number of date labels on the x axis when the commits span some time.
const DATE_TICKS: usize = 5;

/// One line of the chart.
struct Series {
    name: &'static str,
    /// A colour of the Okabe–Ito palette, which stays distinct under the
    /// common kinds of colour blindness.
    colour: &'static str,
    /// The `stroke-dasharray` of the line, so that lines which lie on top of
    /// each other stay distinguishable; empty for a solid line.
    dashes: &'static str,
    value: fn(&Row) -> usize,
}

const SERIES: [Series; 6] = [
    Series {
        name: "elements",
        colour: "#0072B2",
        dashes: "",
        value: |row| row.elements,
    },
    Series {
        name: "data flows",
        colour: "#E69F00",
        dashes: "",
        value: |row| row.data_flows,
    },
    Series {
        name: "crossing flows",
        colour: "#56B4E9",
        dashes: "6 4",
        value: |row| row.crossing_flows,
    },
    Series {
        name: "threats open",
        colour: "#D55E00",
        dashes: "",
        value: |row| row.threats.open,
    },
    Series {
        name: "threats mitigated",
        colour: "#009E73",
        dashes: "6 4",
        value: |row| row.threats.mitigated,
    },
    Series {
        name: "threats accepted",
        colour: "#CC79A7",
        dashes: "2 3",
        value: |row| row.threats.accepted,
    },
];

/// Draws the rows of a timeline as an SVG line chart: commit date on the x
/// axis, counts on the y axis, one `polyline` per series with a point per
/// row, and a legend.
///
/// Each point has a `<title>` tooltip with the commit, its date, its
/// subject and the value. Skipped commits are not drawn. Commits with equal
/// dates share one x position, and a timeline of a single date puts its
/// points in the middle.
pub fn to_svg(timeline: &Timeline) -> String {
    let mut svg = String::new();
    // Writing to a String cannot fail, so the results of write! are ignored.
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        svg,
        r#"<title>Timeline of {}</title>"#,
        escape(&timeline.path)
    );
    let _ = writeln!(
        svg,
        r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        svg,
        r#"<text x="{LEFT}" y="24" font-size="14" font-weight="bold">Timeline of {}</text>"#,
        escape(&timeline.path)
    );

    if timeline.rows.is_empty() {
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle">No valid revision to draw</text>"#,
            LEFT + PLOT_WIDTH / 2.0,
            TOP + PLOT_HEIGHT / 2.0
        );
        svg.push_str("</svg>\n");
        return svg;
    }

    let x_scale = TimeScale::of(&timeline.rows);
    let y_scale = CountScale::of(&timeline.rows);
    draw_axes(&mut svg, &x_scale, &y_scale);
    for series in &SERIES {
        draw_series(&mut svg, series, &timeline.rows, &x_scale, &y_scale);
    }
    draw_legend(&mut svg);
    svg.push_str("</svg>\n");
    svg
}

/// Maps commit dates to x positions.
struct TimeScale {
    first: i64,
    last: i64,
}

impl TimeScale {
    fn of(rows: &[Row]) -> Self {
        let first = rows.iter().map(|row| row.timestamp).min().unwrap_or(0);
        let last = rows.iter().map(|row| row.timestamp).max().unwrap_or(0);
        TimeScale { first, last }
    }

    fn x(&self, timestamp: i64) -> f64 {
        if self.last == self.first {
            return LEFT + PLOT_WIDTH / 2.0;
        }
        let span = (self.last - self.first) as f64;
        LEFT + (timestamp - self.first) as f64 / span * PLOT_WIDTH
    }

    /// Returns the dates to label: the first and last commit dates and
    /// evenly spaced ones between them, or the single date.
    fn ticks(&self) -> Vec<i64> {
        if self.last == self.first {
            return vec![self.first];
        }
        let span = (self.last - self.first) as f64;
        (0..DATE_TICKS)
            .map(|i| self.first + (span * i as f64 / (DATE_TICKS - 1) as f64).round() as i64)
            .collect()
    }

    /// Labels a date by day, or by minute when the commits span less than two days.
    fn label(&self, timestamp: i64) -> String {
        let date = super::rfc3339(timestamp);
        let by_minute = self.last - self.first < 2 * 86_400;
        match (by_minute, date.get(..10), date.get(11..16)) {
            (false, Some(day), _) => day.to_owned(),
            (true, Some(day), Some(minute)) => format!("{day} {minute}"),
            _ => date,
        }
    }
}

/// Maps counts to y positions, from 0 to a round maximum.
struct CountScale {
    max: usize,
    step: usize,
}

impl CountScale {
    fn of(rows: &[Row]) -> Self {
        let largest = rows
            .iter()
            .flat_map(|row| SERIES.iter().map(|series| (series.value)(row)))
            .max()
            .unwrap_or(0);
        // The step is 1, 2 or 5 times a power of ten, the smallest that
        // reaches the largest count in at most five steps. It is at least 1,
        // so an all-zero chart still has an axis of height 1.
        let mut step: usize = 1;
        'search: loop {
            for factor in [1, 2, 5] {
                let candidate = step.saturating_mul(factor);
                if largest <= candidate.saturating_mul(5) {
                    step = candidate;
                    break 'search;
                }
            }
            step = step.saturating_mul(10);
        }
        let steps = largest.div_ceil(step).max(1);
        CountScale {
            max: steps * step,
            step,
        }
    }

    fn y(&self, count: usize) -> f64 {
        TOP + PLOT_HEIGHT - count as f64 / self.max as f64 * PLOT_HEIGHT
    }
}

fn draw_axes(svg: &mut String, x_scale: &TimeScale, y_scale: &CountScale) {
    let bottom = TOP + PLOT_HEIGHT;
    let right = LEFT + PLOT_WIDTH;
    let _ = writeln!(
        svg,
        r##"<g class="axes" stroke="#333333" fill="none"><line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/></g>"##
    );
    let _ = writeln!(svg, r#"<g class="y-ticks" text-anchor="end">"#);
    for count in (0..=y_scale.max).step_by(y_scale.step) {
        let y = y_scale.y(count);
        let _ = writeln!(
            svg,
            r##"<line x1="{}" y1="{y:.1}" x2="{right}" y2="{y:.1}" stroke="#dddddd"/><text x="{}" y="{:.1}">{count}</text>"##,
            LEFT - 4.0,
            LEFT - 8.0,
            y + 4.0
        );
    }
    let _ = writeln!(svg, "</g>");
    let _ = writeln!(svg, r#"<g class="x-ticks" text-anchor="middle">"#);
    for timestamp in x_scale.ticks() {
        let x = x_scale.x(timestamp);
        let _ = writeln!(
            svg,
            r##"<line x1="{x:.1}" y1="{bottom}" x2="{x:.1}" y2="{}" stroke="#333333"/><text x="{x:.1}" y="{}">{}</text>"##,
            bottom + 5.0,
            bottom + 20.0,
            escape(&x_scale.label(timestamp))
        );
    }
    let _ = writeln!(svg, "</g>");
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle">commit date (UTC)</text>"#,
        LEFT + PLOT_WIDTH / 2.0,
        HEIGHT - 16.0
    );
    let _ = writeln!(
        svg,
        r#"<text x="16" y="{}" text-anchor="middle" transform="rotate(-90 16 {})">count</text>"#,
        TOP + PLOT_HEIGHT / 2.0,
        TOP + PLOT_HEIGHT / 2.0
    );
}

fn draw_series(
    svg: &mut String,
    series: &Series,
    rows: &[Row],
    x_scale: &TimeScale,
    y_scale: &CountScale,
) {
    // Rows are in the order of the first-parent history. Commit dates can
    // go backwards in it after a rebase or with a wrong clock, so the line
    // joins the points in the order of their dates.
    let mut rows: Vec<&Row> = rows.iter().collect();
    rows.sort_by_key(|row| row.timestamp);
    let points: Vec<(f64, f64)> = rows
        .iter()
        .map(|row| (x_scale.x(row.timestamp), y_scale.y((series.value)(row))))
        .collect();
    let _ = writeln!(svg, r#"<g class="series" data-series="{}">"#, series.name);
    let coordinates: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let _ = writeln!(
        svg,
        r#"<polyline fill="none" stroke="{}" stroke-width="2"{} points="{}"/>"#,
        series.colour,
        dash_attribute(series),
        coordinates.join(" ")
    );
    for (row, (x, y)) in rows.iter().zip(&points) {
        let tooltip = format!(
            "{} {} {}: {} {}",
            row.short_commit(),
            row.date,
            row.subject,
            series.name,
            (series.value)(row)
        );
        let _ = writeln!(
            svg,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="{}"><title>{}</title></circle>"#,
            series.colour,
            escape(&tooltip)
        );
    }
    let _ = writeln!(svg, "</g>");
}

fn draw_legend(svg: &mut String) {
    let left = LEFT + PLOT_WIDTH + 24.0;
    let _ = writeln!(svg, r#"<g class="legend">"#);
    for (i, series) in SERIES.iter().enumerate() {
        let y = TOP + 10.0 + 22.0 * i as f64;
        let _ = writeln!(
            svg,
            r#"<line x1="{left}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="2"{}/><text x="{}" y="{}">{}</text>"#,
            left + 24.0,
            series.colour,
            dash_attribute(series),
            left + 32.0,
            y + 4.0,
            series.name
        );
    }
    let _ = writeln!(svg, "</g>");
}

fn dash_attribute(series: &Series) -> String {
    if series.dashes.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{}""#, series.dashes)
    }
}

/// Escapes text for XML content and attribute values.
///
/// Control characters other than tab, line feed and carriage return are not
/// allowed in XML 1.0 at all, so they become U+FFFD.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            control if control < ' ' || matches!(control, '\u{FFFE}' | '\u{FFFF}') => {
                escaped.push('\u{FFFD}');
            }
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_markup_and_controls() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
    }

    #[test]
    fn count_scale_rounds_up() {
        let cases = [
            (0, 1, 1),
            (3, 3, 1),
            (7, 8, 2),
            (12, 15, 5),
            (480, 500, 100),
        ];
        for (largest, max, step) in cases {
            let mut row = sample_row();
            row.elements = largest;
            let scale = CountScale::of(&[row]);
            assert_eq!(scale.max, max, "maximum for {largest}");
            assert_eq!(scale.step, step, "step for {largest}");
        }
    }

    fn sample_row() -> Row {
        Row {
            index: 0,
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
            date: "2026-01-01T00:00:00Z".into(),
            timestamp: 1_767_225_600,
            subject: "Add".into(),
            path: "m.tmif.json".into(),
            version: "1.1.0".into(),
            elements: 0,
            data_flows: 0,
            crossing_flows: 0,
            threats: Default::default(),
            change: None,
        }
    }
}
