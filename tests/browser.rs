//! Pages rendered by headless Chromium: the test harness of
//! `tests/common/browser.rs` on pages that the tests write, and the HTML
//! diff page of `tmif render` once that command exists.
//!
//! Without a browser these tests print a note and pass, unless
//! `TMIF_REQUIRE_BROWSER` is set; see [`Browser::find`].

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use common::browser::{Browser, Hue, MIN_COLOURS, Page};

const GREEN: [u8; 3] = [0x2e, 0x7d, 0x32];
const AMBER: [u8; 3] = [0xf9, 0xa8, 0x25];
const RED: [u8; 3] = [0xc6, 0x28, 0x28];
const BLUE: [u8; 3] = [0x15, 0x65, 0xc0];

/// The area of each coloured box of [`BOXES_PAGE`], in pixels.
const BOX_AREA: usize = 200 * 100;

/// A diagram of three named boxes in green, amber and red on white, joined
/// by a grey line, with one more name that a script adds after loading.
const BOXES_PAGE: &str = r##"<!doctype html>
<html>
<head><meta charset="utf-8"><title>Boxes</title></head>
<body style="margin: 0; background: #ffffff; font-family: sans-serif">
<svg xmlns="http://www.w3.org/2000/svg" width="800" height="300">
  <rect x="40" y="40" width="200" height="100" fill="#2e7d32"/>
  <text x="40" y="170" font-size="16">Payment provider</text>
  <rect x="300" y="40" width="200" height="100" fill="#f9a825"/>
  <text x="300" y="170" font-size="16">Customer portal</text>
  <rect x="560" y="40" width="200" height="100" fill="#c62828"/>
  <text x="560" y="170" font-size="16">SMTP relay</text>
  <line x1="240" y1="90" x2="300" y2="90" stroke="#616161" stroke-width="3"/>
  <text x="40" y="230" font-size="14">Payment webhook &amp; receipts</text>
</svg>
<p id="added"></p>
<script>
  document.getElementById("added").textContent = "Webhook " + "receiver";
</script>
</body>
</html>
"##;

const BLANK_PAGE: &str =
    "<!doctype html>\n<html><body style=\"margin: 0; background: #ffffff\"></body></html>\n";

/// Writes `html` to a file in a new temporary folder and opens it in `browser`.
fn open_html(browser: &Browser, html: &str, width: u32, height: u32) -> Page {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("page.html");
    std::fs::write(&path, html).expect("the page is written");
    browser.open(&path, width, height)
}

/// Returns [`BOXES_PAGE`] as rendered once for all tests, or `None`
/// without a browser.
fn boxes_page() -> Option<&'static Page> {
    static PAGE: OnceLock<Option<Page>> = OnceLock::new();
    PAGE.get_or_init(|| {
        let browser = Browser::find()?;
        Some(open_html(&browser, BOXES_PAGE, 800, 600))
    })
    .as_ref()
}

#[test]
fn screenshot_has_window_size() {
    let Some(page) = boxes_page() else { return };
    assert_eq!(page.screenshot.width, 800);
    assert_eq!(page.screenshot.height, 600);
    assert_eq!(page.screenshot.pixels.len(), 800 * 600);
}

#[test]
fn boxes_page_is_not_blank() {
    let Some(page) = boxes_page() else { return };
    let screenshot = &page.screenshot;
    assert_eq!(screenshot.blank_reason(), None);
    assert_eq!(screenshot.background(), [255, 255, 255]);
    let share = screenshot.foreground_share();
    // The three boxes alone cover 60,000 of 480,000 pixels.
    assert!(share > 0.12, "foreground share {share}");
}

#[test]
fn blank_page_is_blank() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let page = open_html(&browser, BLANK_PAGE, 400, 300);
    let screenshot = &page.screenshot;
    assert_eq!(screenshot.distinct_colours(), 1);
    assert_eq!(screenshot.foreground_share(), 0.0);
    let reason = screenshot.blank_reason().expect("a blank page is blank");
    assert!(
        reason.contains(&format!("fewer than {MIN_COLOURS}")),
        "{reason}"
    );
}

#[test]
fn dom_contains_box_names() {
    let Some(page) = boxes_page() else { return };
    let text = page.dom_text();
    for name in [
        "Payment provider",
        "Customer portal",
        "SMTP relay",
        "Payment webhook & receipts",
    ] {
        assert!(text.contains(name), "the DOM text lacks {name:?}:\n{text}");
    }
}

#[test]
fn dom_includes_script_changes() {
    let Some(page) = boxes_page() else { return };
    let text = page.dom_text();
    assert!(
        text.contains("Webhook receiver"),
        "the DOM lacks the text the script set:\n{}",
        page.dom
    );
}

#[test]
fn box_colours_are_counted() {
    let Some(page) = boxes_page() else { return };
    let screenshot = &page.screenshot;
    for (name, colour) in [("green", GREEN), ("amber", AMBER), ("red", RED)] {
        let count = screenshot.count_near(colour, 4);
        assert!(
            (BOX_AREA * 95 / 100..=BOX_AREA).contains(&count),
            "{count} pixels near {name} {colour:?}, expected about {BOX_AREA}"
        );
    }
    assert_eq!(screenshot.count_near(BLUE, 4), 0, "the page has no blue");
}

#[test]
fn box_hues_are_counted() {
    let Some(page) = boxes_page() else { return };
    let screenshot = &page.screenshot;
    for hue in [Hue::Green, Hue::Amber, Hue::Red] {
        let count = screenshot.count_hue(hue);
        assert!(
            (BOX_AREA * 95 / 100..=BOX_AREA * 105 / 100).contains(&count),
            "{count} pixels of hue {hue:?}, expected about {BOX_AREA}"
        );
    }
}

#[test]
fn hue_ignores_greys_and_tints() {
    assert_eq!(Hue::of(GREEN), Some(Hue::Green));
    assert_eq!(Hue::of(AMBER), Some(Hue::Amber));
    assert_eq!(Hue::of(RED), Some(Hue::Red));
    assert_eq!(Hue::of(BLUE), None);
    assert_eq!(Hue::of([0x61, 0x61, 0x61]), None, "grey");
    assert_eq!(Hue::of([0xf1, 0xf8, 0xe9]), None, "pale green tint");
    assert_eq!(Hue::of([0x10, 0x30, 0x10]), None, "dark green shade");
}

/// Returns whether the binary has a `render` command, judged by the exit
/// status of `tmif render --help`.
fn story_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/story")
        .join(name)
}

/// The HTML diff of the story's first two revisions shows the new payment
/// elements, the removed SMTP relay, and green and amber diff styling.
#[test]
fn render_diff_page_shows_changes() {
    let tmif = common::tmif_binary();
    let Some(browser) = Browser::find() else {
        return;
    };
    // Without `-o`, the page goes to standard output.
    let output = Command::new(&tmif)
        .arg("render")
        .arg("--diff")
        .arg(story_file("1-service.tmif.json"))
        .arg(story_file("2-feature.tmif.json"))
        .args(["--format", "html"])
        .stdin(Stdio::null())
        .output()
        .expect("the tmif binary runs");
    assert!(
        output.status.success(),
        "tmif render --diff failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let html = String::from_utf8(output.stdout).expect("the page is UTF-8");
    let page = open_html(&browser, &html, 1600, 1200);

    assert_eq!(page.screenshot.blank_reason(), None);
    let text = page.dom_text();
    for name in [
        "Payment provider",
        "Payment webhook receiver",
        "Payment worker",
        "Transactional email service",
        "Customer portal",
        "SMTP relay",
    ] {
        assert!(text.contains(name), "the diff page lacks {name:?}");
    }
    // Several boxes and lines in each colour; a page without diff styling
    // has next to none.
    let green = page.screenshot.count_hue(Hue::Green);
    assert!(green >= 2000, "{green} green pixels for the added objects");
    let amber = page.screenshot.count_hue(Hue::Amber);
    assert!(
        amber >= 1000,
        "{amber} amber pixels for the changed objects"
    );
    let red = page.screenshot.count_hue(Hue::Red);
    assert!(red >= 500, "{red} red pixels for the removed objects");
}

/// The HTML page of one revision, written with `-o`, shows the diagram and
/// every element name, with none of the colours of a diff.
#[test]
fn render_model_page_shows_names() {
    let tmif = common::tmif_binary();
    let Some(browser) = Browser::find() else {
        return;
    };
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("model.html");
    let output = Command::new(&tmif)
        .arg("render")
        .arg(story_file("4-slim.tmif.json"))
        .args(["--format", "html", "-o"])
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .expect("the tmif binary runs");
    assert!(
        output.status.success(),
        "tmif render failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let page = browser.open(&path, 1600, 1200);

    assert_eq!(page.screenshot.blank_reason(), None);
    let document: tmif::Document =
        serde_json::from_slice(&std::fs::read(story_file("4-slim.tmif.json")).unwrap()).unwrap();
    let text = page.dom_text();
    for element in &document.elements {
        assert!(
            text.contains(&element.name),
            "the page lacks {:?}",
            element.name
        );
    }
    let green = page.screenshot.count_hue(Hue::Green);
    assert!(green < 200, "{green} green pixels on a page without a diff");
    let red = page.screenshot.count_hue(Hue::Red);
    assert!(red < 200, "{red} red pixels on a page without a diff");
}
