//! The dictionary being served, and how it is replaced.
//!
//! [`LiveDictionary`] holds the current [`Engine`] behind an `ArcSwap`:
//! every call takes the engine once at its start and keeps it to the end,
//! so calls in flight finish on the version they started with while new
//! calls see a new one. A reload reads every source again, compiles off the
//! async runtime, and swaps only when everything loaded cleanly: a bad file
//! never replaces a good dictionary.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;

use crate::dictionary::{Dictionary, LoadError, Source};
use crate::engine::{Automaton, Engine};
use crate::metrics;

/// Why a reload failed; the old dictionary keeps serving.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// Some file has problems; each is `file:line: reason`.
    #[error("{0}")]
    Invalid(#[from] LoadError),
    /// The automaton could not be built, or the build task died.
    #[error("cannot build the dictionary: {0}")]
    Build(String),
}

/// What a successful reload did.
#[derive(Debug, Clone)]
pub struct Reloaded {
    /// The engine now serving.
    pub engine: Arc<Engine>,
    /// The version served before.
    pub previous_version: String,
}

/// The engine being served and the sources it is rebuilt from.
#[derive(Debug)]
pub struct LiveDictionary {
    current: ArcSwap<Engine>,
    sources: Vec<Source>,
    /// One reload at a time, so two reloads never race to swap.
    reloading: tokio::sync::Mutex<()>,
}

impl LiveDictionary {
    /// Serves `engine`, which was built from `sources`.
    pub fn new(engine: Arc<Engine>, sources: Vec<Source>) -> LiveDictionary {
        metrics::dictionary_loaded(&engine, None);
        LiveDictionary {
            current: ArcSwap::new(engine),
            sources,
            reloading: tokio::sync::Mutex::new(()),
        }
    }

    /// Loads `sources` and serves the result.
    pub fn load(sources: Vec<Source>) -> Result<LiveDictionary, ReloadError> {
        LiveDictionary::load_with(sources, Automaton::Auto)
    }

    /// Loads `sources` into an engine with an automaton of kind
    /// `automaton`, and serves it; reloads build the same kind.
    pub fn load_with(
        sources: Vec<Source>,
        automaton: Automaton,
    ) -> Result<LiveDictionary, ReloadError> {
        let engine = build(&sources, automaton)?;
        Ok(LiveDictionary::new(Arc::new(engine), sources))
    }

    /// The engine to use for one call. Never blocks.
    pub fn engine(&self) -> Arc<Engine> {
        self.current.load_full()
    }

    /// The files behind the dictionary, for watching.
    pub fn files(&self) -> Vec<PathBuf> {
        self.sources
            .iter()
            .filter_map(|s| match s {
                Source::File(path) | Source::Named { path, .. } => Some(path.clone()),
                _ => None,
            })
            .collect()
    }

    /// Reads every source again and swaps the result in, or keeps the
    /// current engine and reports every problem.
    pub async fn reload(&self) -> Result<Reloaded, ReloadError> {
        let _one_at_a_time = self.reloading.lock().await;
        let started = Instant::now();
        let sources = self.sources.clone();
        let automaton = self.current.load().automaton();
        let built = tokio::task::spawn_blocking(move || build(&sources, automaton))
            .await
            .map_err(|err| ReloadError::Build(format!("the build task failed: {err}")))
            .and_then(|result| result);
        match built {
            Ok(engine) => {
                let engine = Arc::new(engine);
                let previous = self.current.swap(engine.clone());
                metrics::dictionary_loaded(&engine, Some(&previous));
                tracing::info!(
                    version = engine.version(),
                    previous_version = previous.version(),
                    entities = engine.entries().len(),
                    reload_ms = started.elapsed().as_millis() as u64,
                    "dictionary reloaded"
                );
                Ok(Reloaded {
                    engine,
                    previous_version: previous.version().to_string(),
                })
            }
            Err(err) => {
                metrics::dictionary_reload_failed();
                for line in err.to_string().lines() {
                    tracing::warn!(
                        problem = line,
                        "dictionary reload failed; keeping the current one"
                    );
                }
                Err(err)
            }
        }
    }

    /// Reloads on every SIGHUP, for as long as the process runs.
    #[cfg(unix)]
    pub fn reload_on_sighup(self: &Arc<Self>) -> std::io::Result<()> {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangups = signal(SignalKind::hangup())?;
        let live = self.clone();
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                tracing::info!("received SIGHUP: reloading the dictionary");
                let _ = live.reload().await;
            }
        });
        Ok(())
    }

    /// Reloads when a dictionary file changes. Watches the files' folders,
    /// so editors that replace files and Kubernetes ConfigMaps (which swap a
    /// symlink) are seen, and reacts only to events on the dictionary files
    /// themselves or on the ConfigMap's `..data` symlink (see
    /// [`touches_dictionary`]); bursts of events within `debounce` make one
    /// reload. The returned watcher must be kept alive.
    pub fn watch(
        self: &Arc<Self>,
        debounce: Duration,
    ) -> notify::Result<notify::RecommendedWatcher> {
        use notify::{RecursiveMode, Watcher};
        let (events, mut received) = tokio::sync::mpsc::unbounded_channel::<()>();
        let names: Vec<OsString> = self
            .files()
            .iter()
            .filter_map(|f| f.file_name().map(OsString::from))
            .collect();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && !matches!(event.kind, notify::EventKind::Access(_))
                    && event.paths.iter().any(|p| touches_dictionary(p, &names))
                {
                    let _ = events.send(());
                }
            })?;
        let mut folders: Vec<PathBuf> = self
            .files()
            .iter()
            .map(|f| match f.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            })
            .collect();
        folders.sort();
        folders.dedup();
        for folder in &folders {
            watcher.watch(folder, RecursiveMode::NonRecursive)?;
            tracing::info!(folder = %folder.display(), "watching for dictionary changes");
        }
        let live = self.clone();
        tokio::spawn(async move {
            while received.recv().await.is_some() {
                // Let the burst settle, then drop what queued up meanwhile.
                tokio::time::sleep(debounce).await;
                while received.try_recv().is_ok() {}
                tracing::info!("dictionary files changed: reloading");
                let _ = live.reload().await;
            }
        });
        Ok(watcher)
    }
}

/// Whether an event on `path` (in a watched folder) can change a dictionary
/// named in `names`: the file itself (written, replaced, renamed into
/// place), or the `..data` symlink (and its `..data_tmp` stand-in) that a
/// Kubernetes ConfigMap swaps to update every file of the volume at once.
/// Anything else in the folder, a log file say, is not a dictionary.
pub fn touches_dictionary(path: &Path, names: &[OsString]) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    names.iter().any(|n| n == name) || name.to_string_lossy().starts_with("..data")
}

fn build(sources: &[Source], automaton: Automaton) -> Result<Engine, ReloadError> {
    let dictionary = Dictionary::load(sources)?;
    Engine::build_with(dictionary, automaton).map_err(|err| ReloadError::Build(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dictionary_files_and_the_configmap_swap_touch_the_dictionary() {
        let names = vec![OsString::from("user.jsonl"), OsString::from("places.tsv")];
        for path in [
            "/etc/gazette/user.jsonl",
            "/etc/gazette/places.tsv",
            "/etc/gazette/..data",
            "/etc/gazette/..data_tmp",
        ] {
            assert!(touches_dictionary(Path::new(path), &names), "{path}");
        }
        for path in [
            "/etc/gazette/other.log",
            "/etc/gazette/user.jsonl.swp",
            "/etc/gazette/.user.jsonl.tmp",
            "/etc/gazette/places.tsv~",
            "/",
        ] {
            assert!(!touches_dictionary(Path::new(path), &names), "{path}");
        }
    }
}
