//! Layered configuration for `gazette serve`: defaults < `--config` file <
//! `GAZETTE_*` environment < flags.
//!
//! clap already orders environment over defaults and flags over both. The
//! file slots in between by becoming the defaults: each key of the TOML
//! file (named like the flag, `max-text-bytes` or `max_text_bytes`)
//! replaces that flag's default before the command line is parsed.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Command};

/// The subcommand whose flags the file configures.
const SERVE: &str = "serve";

/// Finds `--config PATH` (or `--config=PATH`) in `args`, else
/// `GAZETTE_CONFIG`.
fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let arg = arg.to_string_lossy();
        if arg == "--config" {
            return iter.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os("GAZETTE_CONFIG").map(PathBuf::from)
}

/// Which settings a configuration file gave, to say where each value came
/// from.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// The file, as named.
    pub path: Option<String>,
    /// The ids of the settings it gave.
    pub ids: Vec<String>,
}

/// Applies the configuration file named on the command line (or in
/// `GAZETTE_CONFIG`) to `command` as new defaults of `gazette serve`.
pub fn apply_file(command: Command, args: &[OsString]) -> Result<(Command, FileSettings), String> {
    let Some(path) = config_path(args) else {
        return Ok((command, FileSettings::default()));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the configuration file {}: {e}", path.display()))?;
    apply_toml(command, &text, &path.display().to_string())
}

/// Applies a TOML text as defaults of `gazette serve`. `name` is used in
/// errors.
pub fn apply_toml(
    mut command: Command,
    text: &str,
    name: &str,
) -> Result<(Command, FileSettings), String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("{name}: invalid TOML: {e}"))?;
    let serve = command
        .find_subcommand(SERVE)
        .ok_or("no serve subcommand")?
        .clone();
    let mut problems = Vec::new();
    let mut defaults: Vec<(String, Vec<String>)> = Vec::new();
    for (key, value) in &table {
        let long = key.replace('_', "-");
        let Some(arg) = serve
            .get_arguments()
            .find(|a| a.get_long() == Some(long.as_str()))
        else {
            problems.push(format!("{name}: unknown key {key:?}"));
            continue;
        };
        if long == "config" {
            problems.push(format!("{name}: a configuration file cannot name another"));
            continue;
        }
        let values = match value {
            toml::Value::String(s) => vec![s.clone()],
            toml::Value::Integer(n) => vec![n.to_string()],
            toml::Value::Boolean(b) => vec![b.to_string()],
            toml::Value::Array(items) => {
                let mut values = Vec::new();
                for item in items {
                    match item {
                        toml::Value::String(s) => values.push(s.clone()),
                        other => {
                            problems.push(format!("{name}: {key}: expected strings, found {other}"))
                        }
                    }
                }
                values
            }
            other => {
                problems.push(format!("{name}: {key}: unsupported value {other}"));
                continue;
            }
        };
        defaults.push((arg.get_id().to_string(), values));
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let file = FileSettings {
        path: Some(name.to_string()),
        ids: defaults.iter().map(|(id, _)| id.clone()).collect(),
    };
    command = command.mut_subcommand(SERVE, |mut serve| {
        for (id, values) in defaults {
            serve = serve.mut_arg(id, |arg| arg.default_values(values));
        }
        serve
    });
    Ok((command, file))
}

/// The effective configuration of `gazette serve`, one `name=value
/// (source)` line per setting that has a value, secrets redacted, for the
/// startup log. `name` is the setting's flag without its dashes (the key
/// of the configuration file); the source is the one layer the value came
/// from: `default`, `file PATH`, `env GAZETTE_...` or `flag --...`.
pub fn effective(command: &Command, matches: &ArgMatches, file: &FileSettings) -> Vec<String> {
    let (Some(serve), Some(args)) = (
        matches.subcommand_matches(SERVE),
        command.find_subcommand(SERVE),
    ) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for arg in args.get_arguments() {
        let id = arg.get_id().as_str();
        let Some(long) = arg.get_long() else {
            continue;
        };
        let Ok(Some(raw)) = serve.try_get_raw(id) else {
            continue;
        };
        let value: Vec<String> = raw.map(|v| v.to_string_lossy().into_owned()).collect();
        let value = if id.contains("token") {
            "<redacted>".to_string()
        } else {
            value.join(",")
        };
        let source = match serve.value_source(id) {
            Some(ValueSource::DefaultValue) => match &file.path {
                Some(path) if file.ids.iter().any(|f| f == id) => format!("file {path}"),
                _ => "default".to_string(),
            },
            Some(ValueSource::EnvVariable) => match arg.get_env() {
                Some(env) => format!("env {}", env.to_string_lossy()),
                None => "env".to_string(),
            },
            Some(ValueSource::CommandLine) => format!("flag --{long}"),
            _ => "unknown".to_string(),
        };
        lines.push(format!("{long}={value} ({source})"));
    }
    lines
}
