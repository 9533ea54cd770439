//! Work off the UI thread: a [`Job`] runs a closure on its own thread with
//! progress and cancellation, and wakes the UI when it reports. The
//! [`Checker`] keeps the analysis, the compiled ruleset and the test results
//! current: edits are debounced, a newer edit cancels an older run, and
//! results of an older generation are kept but shown as stale.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::analysis::{self, Analysis, Options};
use crate::compile::CompiledRuleset;
use crate::model::Ruleset;
use crate::simulate::TestResult;

/// What a running job can see and report.
#[derive(Clone)]
pub struct JobHandle {
    cancel: Arc<AtomicBool>,
    progress: Arc<AtomicU32>,
    count: Arc<AtomicUsize>,
    ctx: egui::Context,
}

impl JobHandle {
    /// The flag that asks the job to stop.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Reports progress (0–1) and a count (e.g. sessions done), waking the UI.
    pub fn report(&self, fraction: f32, count: usize) {
        self.progress.store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
        self.count.store(count, Ordering::Relaxed);
        self.ctx.request_repaint();
    }
}

/// Work running on another thread.
pub struct Job<T> {
    rx: Receiver<T>,
    handle: JobHandle,
    /// When it started.
    pub started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce(&JobHandle) -> T + Send + 'static) -> Self {
        let (tx, rx) = channel();
        let handle = JobHandle {
            cancel: Arc::new(AtomicBool::new(false)),
            progress: Arc::new(AtomicU32::new(0)),
            count: Arc::new(AtomicUsize::new(0)),
            ctx: ctx.clone(),
        };
        let h = handle.clone();
        std::thread::spawn(move || {
            let result = work(&h);
            let _ = tx.send(result);
            h.ctx.request_repaint();
        });
        Job { rx, handle, started: Instant::now() }
    }

    /// The result, once the job is done.
    pub fn poll(&mut self) -> Option<T> {
        self.rx.try_recv().ok()
    }

    /// Asks the job to stop early.
    pub fn cancel(&self) {
        self.handle.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether cancelling was asked for.
    pub fn cancelling(&self) -> bool {
        self.handle.cancel.load(Ordering::Relaxed)
    }

    /// The last reported progress and count.
    pub fn progress(&self) -> (f32, usize) {
        (f32::from_bits(self.handle.progress.load(Ordering::Relaxed)), self.handle.count.load(Ordering::Relaxed))
    }
}

/// The results of checking one generation of the document.
pub struct Checked {
    /// The document generation checked.
    pub generation: u64,
    /// Every diagnostic.
    pub analysis: Analysis,
    /// The compiled ruleset; `None` while it has errors.
    pub compiled: Option<Arc<CompiledRuleset>>,
    /// The ruleset's tests (empty while it does not compile).
    pub tests: Vec<TestResult>,
    /// How long the check took.
    pub took: Duration,
}

/// Wait this long after an edit before checking again.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Keeps the check results current.
pub struct Checker {
    latest: Option<Arc<Checked>>,
    /// The last result whose ruleset compiled (the simulator keeps using it
    /// while the current version has errors).
    last_compiled: Option<Arc<CompiledRuleset>>,
    running: Option<(u64, Job<Checked>)>,
    wanted: Option<(u64, Instant)>,
    clock: Option<i64>,
}

impl Checker {
    /// A checker; `clock` fixes "now" (epoch seconds) for the analysis, so
    /// ended schedules and witness timestamps do not depend on the day the
    /// tests run. `None` uses the real time.
    pub fn new(clock: Option<i64>) -> Self {
        Checker { latest: None, last_compiled: None, running: None, wanted: Some((0, Instant::now())), clock }
    }
}

/// Checks one generation: the engine's single [`check`](analysis::check),
/// timed.
fn check(ruleset: &Ruleset, generation: u64, clock: Option<i64>, handle: &JobHandle) -> Checked {
    let started = Instant::now();
    let progress = |f: f32| handle.report(f, 0);
    let mut options = Options { cancel: Some(handle.cancel_flag()), progress: Some(&progress), ..Options::default() };
    if let Some(now) = clock {
        options.now = now;
    }
    let analysis::Checked { analysis, compiled, tests } = analysis::check(ruleset, &options);
    Checked { generation, analysis, compiled, tests, took: started.elapsed() }
}

impl Checker {
    /// Notes that the document changed; a check starts after [`DEBOUNCE`].
    pub fn changed(&mut self, generation: u64) {
        if self.wanted.is_none_or(|(g, _)| g != generation) {
            self.wanted = Some((generation, Instant::now()));
        }
    }

    /// Starts, restarts and collects checks; call every frame. `snapshot`
    /// gives the document's ruleset, shared, when a check starts.
    pub fn poll(&mut self, ctx: &egui::Context, generation: u64, snapshot: impl FnOnce() -> Arc<Ruleset>) {
        if let Some((g, job)) = &mut self.running {
            if let Some(done) = job.poll() {
                if !done.analysis.cancelled {
                    if let Some(c) = &done.compiled {
                        self.last_compiled = Some(c.clone());
                    }
                    self.latest = Some(Arc::new(done));
                }
                self.running = None;
            } else if *g != generation && !job.cancelling() {
                job.cancel();
            }
        }
        if self.latest.as_ref().is_none_or(|c| c.generation != generation) && self.running.is_none() {
            let due = match self.wanted {
                Some((g, at)) if g == generation => at.elapsed() >= DEBOUNCE || self.latest.is_none(),
                _ => {
                    self.wanted = Some((generation, Instant::now()));
                    self.latest.is_none()
                }
            };
            if due {
                let snapshot = snapshot();
                let clock = self.clock;
                let job = Job::spawn(ctx, move |h| check(&snapshot, generation, clock, h));
                self.running = Some((generation, job));
            } else {
                ctx.request_repaint_after(DEBOUNCE);
            }
        }
    }

    /// Forgets every result: the document was replaced (opened, created,
    /// recovered), so nothing computed so far belongs to it, not even the
    /// last version that compiled.
    pub fn reset(&mut self) {
        if let Some((_, job)) = self.running.take() {
            job.cancel();
        }
        self.latest = None;
        self.last_compiled = None;
        self.wanted = Some((0, Instant::now()));
    }

    /// The latest finished check, possibly of an older generation.
    pub fn latest(&self) -> Option<&Arc<Checked>> {
        self.latest.as_ref()
    }

    /// The ruleset as last compiled without errors.
    pub fn last_compiled(&self) -> Option<&Arc<CompiledRuleset>> {
        self.last_compiled.as_ref()
    }

    /// Whether the latest result is older than `generation`.
    pub fn is_stale(&self, generation: u64) -> bool {
        self.latest.as_ref().is_none_or(|c| c.generation != generation)
    }

    /// Whether a check is running, with its progress.
    pub fn running(&self) -> Option<f32> {
        self.running.as_ref().map(|(_, j)| j.progress().0)
    }

    /// Waits (blocking) until the results are current: for tests and for
    /// commands that must not act on stale results, such as export.
    pub fn wait_current(&mut self, ctx: &egui::Context, generation: u64, mut snapshot: impl FnMut() -> Arc<Ruleset>) {
        self.wanted = Some((generation, Instant::now() - DEBOUNCE));
        for _ in 0..6000 {
            self.poll(ctx, generation, &mut snapshot);
            if !self.is_stale(generation) {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
