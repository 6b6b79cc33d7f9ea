//! Running an external validator on `validate` cases.
//!
//! The tool is a shell command template with a `{file}` placeholder. For each
//! case the input is written to a temporary file, `{file}` is replaced by its
//! shell-quoted path, and the command runs through `sh -c`. The exit status
//! gives the verdict: 0 is valid, 1 is invalid, anything else (or a signal,
//! or the time limit) is a tool error. When standard output is JSON with
//! diagnostics, their codes and pointers are compared as well.

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::case::{Case, Operation};
use super::check::{self, DiagnosticSet, Outcome};

/// The placeholder that a tool template must contain.
pub const FILE_PLACEHOLDER: &str = "{file}";

/// The time limit per case when none is given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The maximum number of characters of a tool's standard error quoted in an error.
const STDERR_EXCERPT: usize = 400;

/// An external validator to run on each `validate` case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    template: String,
    timeout: Duration,
}

impl Tool {
    /// Creates a tool from a shell command template that contains `{file}`.
    pub fn new(template: &str, timeout: Duration) -> Result<Tool, String> {
        if !template.contains(FILE_PLACEHOLDER) {
            return Err(format!(
                "the tool command `{template}` has no `{FILE_PLACEHOLDER}` placeholder; \
                 write `{FILE_PLACEHOLDER}` where the input file goes"
            ));
        }
        Ok(Tool {
            template: template.to_owned(),
            timeout,
        })
    }

    /// The command template as given.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// Builds the shell command line for one input file.
    pub fn command_line(&self, file: &Path) -> String {
        self.template
            .replace(FILE_PLACEHOLDER, &shell_quote(&file.to_string_lossy()))
    }

    /// Runs the tool on `case`, writing its input into `folder`.
    ///
    /// Cases of `fmt`, `import`, `migrate` and `redact` are skipped, because
    /// the protocol covers validation only. Deprecated cases are skipped as well.
    pub fn run(&self, case: &Case, folder: &Path) -> Outcome {
        if let Some(reason) = check::skip_reason(case) {
            return Outcome::Skipped(reason);
        }
        if case.operation != Operation::Validate {
            return Outcome::Skipped(format!(
                "{} cases run only against the tmif library, not an external tool",
                case.operation.as_str()
            ));
        }
        let bytes = match case.input.to_bytes() {
            Ok(bytes) => bytes,
            Err(message) => return Outcome::Error(message),
        };
        let path = folder.join(format!("{}{}", file_stem(&case.id), case.file_extension()));
        if let Err(error) = std::fs::write(&path, &bytes) {
            return Outcome::Error(format!("cannot write {}: {error}", path.display()));
        }
        let output = match run_command(&self.command_line(&path), self.timeout) {
            Ok(output) => output,
            Err(message) => return Outcome::Error(message),
        };
        // Each case gets a fresh file; removing it keeps the folder small.
        let _ = std::fs::remove_file(&path);

        let valid = match output.status.code() {
            Some(0) => true,
            Some(1) => false,
            Some(code) => {
                return Outcome::Error(tool_error(format!("exit status {code}"), &output));
            }
            None => {
                return Outcome::Error(tool_error("terminated by a signal".to_owned(), &output));
            }
        };
        let diagnostics = match reported_diagnostics(&output.stdout) {
            Ok(diagnostics) => diagnostics,
            Err(message) => return Outcome::Error(format!("the tool's JSON output {message}")),
        };
        check::compare_validation(case, valid, diagnostics.as_ref())
    }
}

/// Turns a case id into a file name stem, replacing every character other
/// than ASCII letters, digits and `-` with `_`, so that an id of a malformed
/// case cannot name a path outside the folder.
fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Quotes `text` for a POSIX shell: inside single quotes, with each `'` written as `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The exit status and output of a finished command.
#[derive(Debug)]
struct CommandOutput {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `command_line` through `sh -c` with no standard input, and kills it
/// with its whole process group when it runs longer than `timeout`.
fn run_command(command_line: &str, timeout: Duration) -> Result<CommandOutput, String> {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(command_line)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot start `sh -c {command_line}`: {error}"))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());

    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                kill_group(&child);
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the tool timed out after {} s: {command_line}",
                    timeout.as_secs_f64()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(error) => return Err(format!("cannot wait for the tool: {error}")),
        }
    };
    // Processes the tool started in the background would keep the output
    // pipes open, and reading them would not finish.
    kill_group(&child);
    let remaining = deadline.saturating_duration_since(Instant::now());
    let stdout = stdout.recv_timeout(remaining).unwrap_or_default();
    let stderr = stderr
        .recv_timeout(Duration::from_millis(100))
        .unwrap_or_default();
    Ok(CommandOutput {
        status,
        stdout,
        stderr,
    })
}

/// Reads a pipe to its end on another thread, so that the tool does not block on a full pipe.
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

/// Kills every process left in the process group of `child`, which leads it.
#[cfg(unix)]
fn kill_group(child: &std::process::Child) {
    let group = rustix::process::Pid::from_child(child);
    // The group is often empty by now, which is not an error.
    let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
}

#[cfg(not(unix))]
fn kill_group(_child: &std::process::Child) {}

fn tool_error(what: String, output: &CommandOutput) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stderr = stderr.trim();
    if stderr.is_empty() {
        return format!("tool error: {what}, no standard error output");
    }
    let excerpt: String = stderr.chars().take(STDERR_EXCERPT).collect();
    let ellipsis = if excerpt.len() < stderr.len() {
        " …"
    } else {
        ""
    };
    format!("tool error: {what}, standard error: {excerpt}{ellipsis}")
}

/// Reads the diagnostics from a tool's standard output, when it is JSON that has them.
///
/// Two shapes are accepted: `{"diagnostics": [{"code", "pointer"}, …]}` and
/// the output of `tmif validate --format json`, whose diagnostics sit in
/// `files[].diagnostics`. Output that is not JSON, or JSON without
/// diagnostics, gives `Ok(None)`: the verdict alone is compared. A
/// diagnostic without a string `code` and `pointer` is an error.
fn reported_diagnostics(stdout: &[u8]) -> Result<Option<DiagnosticSet>, String> {
    let Ok(value) = serde_json::from_slice::<Value>(stdout) else {
        return Ok(None);
    };
    let mut lists: Vec<(String, &Vec<Value>)> = Vec::new();
    if let Some(list) = value.get("diagnostics").and_then(Value::as_array) {
        lists.push(("/diagnostics".to_owned(), list));
    } else if let Some(files) = value.get("files").and_then(Value::as_array) {
        for (index, file) in files.iter().enumerate() {
            if let Some(list) = file.get("diagnostics").and_then(Value::as_array) {
                lists.push((format!("/files/{index}/diagnostics"), list));
            }
        }
        if lists.is_empty() {
            return Ok(None);
        }
    } else {
        return Ok(None);
    }

    let mut set = DiagnosticSet::new();
    for (at, list) in lists {
        for (index, diagnostic) in list.iter().enumerate() {
            let code = diagnostic.get("code").and_then(Value::as_str);
            let pointer = diagnostic.get("pointer").and_then(Value::as_str);
            match (code, pointer) {
                (Some(code), Some(pointer)) => {
                    set.insert((code.to_owned(), pointer.to_owned()));
                }
                _ => {
                    return Err(format!(
                        "has a diagnostic at {at}/{index} without a string `code` and `pointer`"
                    ));
                }
            }
        }
    }
    Ok(Some(set))
}

#[cfg(test)]
mod tests {
    use super::{file_stem, reported_diagnostics, shell_quote};

    #[test]
    fn file_stem_keeps_path_inside_folder() {
        assert_eq!(
            file_stem("id-duplicate-two-elements"),
            "id-duplicate-two-elements"
        );
        assert_eq!(file_stem("../etc/x"), "___etc_x");
    }

    #[test]
    fn shell_quote_escapes_single_quotes() {
        assert_eq!(shell_quote("/tmp/a b"), "'/tmp/a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }

    #[test]
    fn diagnostics_in_simple_shape() {
        let stdout = br#"{"diagnostics": [{"code": "TMIF1101", "pointer": "/a"}]}"#;
        let set = reported_diagnostics(stdout).unwrap().unwrap();
        assert!(set.contains(&("TMIF1101".to_owned(), "/a".to_owned())));
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn diagnostics_in_tmif_validate_shape() {
        let stdout = br#"{"valid": false, "files": [{"path": "x", "diagnostics": [
            {"code": "TMIF1103", "level": "error", "pointer": "/b", "message": "m"}]}]}"#;
        let set = reported_diagnostics(stdout).unwrap().unwrap();
        assert!(set.contains(&("TMIF1103".to_owned(), "/b".to_owned())));
    }

    #[test]
    fn text_output_gives_no_diagnostics() {
        assert_eq!(reported_diagnostics(b"x.json: valid\n"), Ok(None));
        assert_eq!(reported_diagnostics(br#"{"valid": true}"#), Ok(None));
    }

    #[test]
    fn diagnostic_without_pointer_is_error() {
        let stdout = br#"{"diagnostics": [{"code": "TMIF1101"}]}"#;
        let error = reported_diagnostics(stdout).unwrap_err();
        assert!(error.contains("/diagnostics/0"), "{error}");
    }
}
