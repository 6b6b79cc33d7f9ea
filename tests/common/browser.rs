//! Headless Chromium for tests of HTML output: a screenshot of a local page
//! decoded to pixels, and the page's DOM after its scripts ran.
//!
//! [`Browser::find`] takes the executable from `TMIF_CHROMIUM`, or else
//! looks for `chromium` or `chromium-browser` on the PATH. When there is none
//! it prints a note and returns `None`, so the test passes without checking
//! anything, unless `TMIF_REQUIRE_BROWSER` is set, as in CI, which makes a
//! missing browser fail the test.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one Chromium run may take before it is killed with its children.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Flags for a machine without a display, a GPU or access to the internet:
/// no sandbox (the tests may run as root), no QUIC, and no background
/// requests for updates, sync or components.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
];

/// The minimum number of distinct colours of a screenshot that is not blank.
pub const MIN_COLOURS: usize = 16;

/// The minimum share of pixels that differ from the background colour in a
/// screenshot that is not blank.
pub const MIN_FOREGROUND_SHARE: f64 = 0.01;

/// A Chromium executable.
#[derive(Debug, Clone)]
pub struct Browser {
    executable: PathBuf,
}

/// A page as Chromium rendered it.
#[derive(Debug, Clone)]
pub struct Page {
    /// The screenshot of the window.
    pub screenshot: Screenshot,
    /// The serialized DOM after the page's scripts ran, as `--dump-dom` prints it.
    pub dom: String,
}

impl Page {
    /// Returns the text of the DOM: the markup without tags, with the five
    /// predefined entities and numeric character references decoded.
    pub fn dom_text(&self) -> String {
        text_of_markup(&self.dom)
    }
}

impl Browser {
    /// Finds Chromium, or returns `None` after printing why the browser tests
    /// do not run.
    ///
    /// # Panics
    ///
    /// When `TMIF_CHROMIUM` names no file, or when no browser is found and
    /// `TMIF_REQUIRE_BROWSER` is set.
    pub fn find() -> Option<Browser> {
        if let Some(executable) = std::env::var_os("TMIF_CHROMIUM") {
            let executable = PathBuf::from(executable);
            assert!(
                executable.is_file(),
                "TMIF_CHROMIUM is {}, which is not a file; set it to the Chromium executable or unset it",
                executable.display()
            );
            return Some(Browser { executable });
        }
        let on_path = std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
                .find(|candidate| candidate.is_file())
        });
        if let Some(executable) = on_path {
            return Some(Browser { executable });
        }
        if std::env::var_os("TMIF_REQUIRE_BROWSER").is_some() {
            panic!(
                "no Chromium was found: TMIF_CHROMIUM is unset and neither chromium nor \
                 chromium-browser is on the PATH, and TMIF_REQUIRE_BROWSER is set"
            );
        }
        eprintln!(
            "Chromium not found (set TMIF_CHROMIUM or put chromium on the PATH); \
             the browser tests were not run"
        );
        None
    }

    /// Opens the local HTML file `page` in a window of `width` by `height`
    /// pixels, and returns its screenshot and its DOM.
    ///
    /// Each of the two Chromium runs gets a fresh profile folder and is killed
    /// after [`TIMEOUT`].
    ///
    /// # Panics
    ///
    /// When Chromium fails, times out, or writes no readable PNG file.
    pub fn open(&self, page: &Path, width: u32, height: u32) -> Page {
        let page = page
            .canonicalize()
            .unwrap_or_else(|error| panic!("cannot open {}: {error}", page.display()));
        let url = file_url(&page);
        let work = tempfile::tempdir().expect("a temporary folder for Chromium");

        let png_path = work.path().join("screenshot.png");
        let screenshot_flag = format!("--screenshot={}", png_path.display());
        let size_flag = format!("--window-size={width},{height}");
        self.run(
            work.path(),
            "screenshot",
            &[&screenshot_flag, &size_flag, &url],
        );
        let png = std::fs::read(&png_path).unwrap_or_else(|error| {
            panic!(
                "Chromium wrote no screenshot of {} to {}: {error}",
                page.display(),
                png_path.display()
            )
        });
        let screenshot = Screenshot::decode(&png)
            .unwrap_or_else(|error| panic!("the screenshot of {} {error}", page.display()));

        let dom = self.run(work.path(), "dom", &["--dump-dom", &size_flag, &url]);
        let dom = String::from_utf8(dom).expect("Chromium prints the DOM as UTF-8");
        Page { screenshot, dom }
    }

    /// Runs Chromium with [`FLAGS`], a fresh profile folder and its own home
    /// folder under `work`, and returns its standard output.
    fn run(&self, work: &Path, name: &str, args: &[&str]) -> Vec<u8> {
        let home = work.join(format!("{name}-home"));
        let profile = work.join(format!("{name}-profile"));
        std::fs::create_dir_all(&home).expect("the home folder is created");
        let mut command = Command::new(&self.executable);
        command
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Chromium starts helper processes, so it leads a process group of
        // its own that can be killed as a whole.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", self.executable.display()));
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());

        let deadline = Instant::now() + TIMEOUT;
        let status: Option<ExitStatus> = loop {
            match child.try_wait().expect("Chromium can be polled") {
                Some(status) => break Some(status),
                None if Instant::now() >= deadline => break None,
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        };
        // Helpers still running would keep the pipes open.
        kill_group(&child);
        let Some(status) = status else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "Chromium ({name}) timed out after {} s: {} {args:?}",
                TIMEOUT.as_secs(),
                self.executable.display()
            );
        };
        let stdout = stdout.recv_timeout(TIMEOUT).unwrap_or_default();
        let stderr = stderr.recv_timeout(TIMEOUT).unwrap_or_default();
        assert!(
            status.success(),
            "Chromium ({name}) failed with {status}: {} {args:?}\n{}",
            self.executable.display(),
            String::from_utf8_lossy(&stderr)
        );
        stdout
    }
}

/// Reads a pipe to its end on another thread, so that Chromium never blocks on a full pipe.
fn drain(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    if let Some(mut pipe) = pipe {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            let _ = sender.send(bytes);
        });
    }
    receiver
}

/// Kills every process left in the process group that `child` leads.
#[cfg(unix)]
fn kill_group(child: &std::process::Child) {
    let group = rustix::process::Pid::from_child(child);
    // The group is usually empty by now, which is not an error.
    let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
}

#[cfg(not(unix))]
fn kill_group(_child: &std::process::Child) {}

/// Returns the `file:` URL of an absolute path, percent-encoding every byte
/// other than unreserved characters and `/`.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// Removes the tags of `markup` and decodes its character references.
fn text_of_markup(markup: &str) -> String {
    let mut text = String::with_capacity(markup.len());
    let mut in_tag = false;
    for character in markup.chars() {
        match character {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    decode_references(&text)
}

fn decode_references(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        decoded.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            decoded.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let character = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match character {
            Some(character) => {
                decoded.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// A colour family that diff styling uses, judged by hue so that a test
/// does not depend on the exact shade a page picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hue {
    /// Hue from 90° to 170°, as for added objects.
    Green,
    /// Hue from 30° to 60°, as for changed objects.
    Amber,
    /// Hue below 15° or from 345°, as for removed objects.
    Red,
}

impl Hue {
    /// Returns the family of `pixel`, or `None` for greys, pale tints, dark
    /// shades and other hues.
    ///
    /// A pixel belongs to a family only with a saturation of at least 0.25
    /// and a value of at least 0.3 in HSV, so anti-aliased black text and
    /// near-white backgrounds belong to none.
    pub fn of(pixel: [u8; 3]) -> Option<Hue> {
        let [r, g, b] = pixel.map(|c| f64::from(c) / 255.0);
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let chroma = max - min;
        if max < 0.3 || chroma / max < 0.25 {
            return None;
        }
        let sector = if max == r {
            ((g - b) / chroma).rem_euclid(6.0)
        } else if max == g {
            (b - r) / chroma + 2.0
        } else {
            (r - g) / chroma + 4.0
        };
        let hue = sector * 60.0;
        match hue {
            h if (90.0..=170.0).contains(&h) => Some(Hue::Green),
            h if (30.0..=60.0).contains(&h) => Some(Hue::Amber),
            h if !(15.0..345.0).contains(&h) => Some(Hue::Red),
            _ => None,
        }
    }
}

/// A decoded screenshot in 8-bit RGB.
#[derive(Debug, Clone)]
pub struct Screenshot {
    pub width: u32,
    pub height: u32,
    /// The pixels row by row, top left first.
    pub pixels: Vec<[u8; 3]>,
}

impl Screenshot {
    /// Decodes a PNG file of any colour type and bit depth to 8-bit RGB,
    /// dropping the alpha channel.
    pub fn decode(png: &[u8]) -> Result<Screenshot, String> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder
            .read_info()
            .map_err(|error| format!("is not a readable PNG file: {error}"))?;
        let size = reader
            .output_buffer_size()
            .ok_or("is too large to decode")?;
        let mut buffer = vec![0; size];
        let frame = reader
            .next_frame(&mut buffer)
            .map_err(|error| format!("has an unreadable frame: {error}"))?;
        let channels = match frame.color_type {
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Indexed => {
                return Err("has palette indices left after expansion".into());
            }
        };
        let mut pixels = Vec::with_capacity(frame.width as usize * frame.height as usize);
        for row in buffer[..frame.line_size * frame.height as usize].chunks(frame.line_size) {
            for pixel in row[..frame.width as usize * channels].chunks(channels) {
                pixels.push(match channels {
                    1 | 2 => [pixel[0]; 3],
                    _ => [pixel[0], pixel[1], pixel[2]],
                });
            }
        }
        Ok(Screenshot {
            width: frame.width,
            height: frame.height,
            pixels,
        })
    }

    /// Returns the number of distinct colours.
    pub fn distinct_colours(&self) -> usize {
        let mut colours: Vec<[u8; 3]> = self.pixels.clone();
        colours.sort_unstable();
        colours.dedup();
        colours.len()
    }

    /// Returns the most frequent colour, taken to be the background.
    pub fn background(&self) -> [u8; 3] {
        let mut colours = self.pixels.clone();
        colours.sort_unstable();
        colours
            .chunk_by(|a, b| a == b)
            .max_by_key(|run| run.len())
            .map_or([255; 3], |run| run[0])
    }

    /// Returns the share of pixels, from 0 to 1, whose colour differs from
    /// the background.
    pub fn foreground_share(&self) -> f64 {
        if self.pixels.is_empty() {
            return 0.0;
        }
        let background = self.background();
        let foreground = self.pixels.iter().filter(|p| **p != background).count();
        foreground as f64 / self.pixels.len() as f64
    }

    /// Returns why the screenshot counts as blank, or `None` when it has at
    /// least [`MIN_COLOURS`] colours and [`MIN_FOREGROUND_SHARE`] of its
    /// pixels differ from the background.
    pub fn blank_reason(&self) -> Option<String> {
        let colours = self.distinct_colours();
        if colours < MIN_COLOURS {
            return Some(format!(
                "{colours} distinct colours, fewer than {MIN_COLOURS}"
            ));
        }
        let share = self.foreground_share();
        if share < MIN_FOREGROUND_SHARE {
            return Some(format!(
                "{:.2} % of the pixels differ from the background {:?}, less than {:.2} %",
                share * 100.0,
                self.background(),
                MIN_FOREGROUND_SHARE * 100.0
            ));
        }
        None
    }

    /// Returns the number of pixels whose red, green and blue each differ
    /// from `colour` by at most `tolerance`.
    pub fn count_near(&self, colour: [u8; 3], tolerance: u8) -> usize {
        self.pixels
            .iter()
            .filter(|pixel| {
                pixel
                    .iter()
                    .zip(colour)
                    .all(|(channel, expected)| channel.abs_diff(expected) <= tolerance)
            })
            .count()
    }

    /// Returns the number of pixels of the colour family `hue`.
    pub fn count_hue(&self, hue: Hue) -> usize {
        self.pixels
            .iter()
            .filter(|pixel| Hue::of(**pixel) == Some(hue))
            .count()
    }
}
