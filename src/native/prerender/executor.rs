//! The executor the publisher renders with: a task runs as soon as it is spawned, and
//! again as soon as it is woken, on the rendering thread, until it finishes or waits on
//! something that never comes.
//!
//! The app loads its data in tasks (`spawn_local`) and renders what arrives. Natively every
//! file a page's first screen reads is already in memory ([`crate::app::rendering`]), so a
//! task that loads data finishes within the call that spawned it, and the render that
//! follows shows the data, as the browser would once its fetches return. A task that waits
//! on a timer or the network (the outbox's retries) simply never wakes; each page starts
//! with none left over ([`reset`]).

use std::{
    cell::{Cell, RefCell},
    collections::VecDeque,
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Wake, Waker},
};

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};

type Task = Pin<Box<dyn Future<Output = ()>>>;

thread_local! {
    /// Every task spawned on this thread; a finished one leaves `None`.
    static TASKS: RefCell<Vec<Option<Task>>> = const { RefCell::new(Vec::new()) };
    /// Tasks to poll now, by number.
    static READY: RefCell<VecDeque<usize>> = const { RefCell::new(VecDeque::new()) };
    /// Whether tasks are being polled now (a spawn from inside one only queues).
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Wakes task number `.0` on the rendering thread.
struct Wakeup(usize);

impl Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        READY.with(|ready| ready.borrow_mut().push_back(self.0));
        run();
    }
}

struct Immediate;

impl CustomExecutor for Immediate {
    fn spawn(&self, fut: PinnedFuture<()>) {
        start(fut);
    }

    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        start(fut);
    }

    fn poll_local(&self) {
        run();
    }
}

fn start(task: Task) {
    let id = TASKS.with(|tasks| {
        let mut tasks = tasks.borrow_mut();
        tasks.push(Some(task));
        tasks.len() - 1
    });
    READY.with(|ready| ready.borrow_mut().push_back(id));
    run();
}

/// Polls every ready task until none is.
fn run() {
    if RUNNING.with(|running| running.replace(true)) {
        return;
    }
    while let Some(id) = READY.with(|ready| ready.borrow_mut().pop_front()) {
        let Some(mut task) =
            TASKS.with(|tasks| tasks.borrow_mut().get_mut(id).and_then(Option::take))
        else {
            continue;
        };
        let waker = Waker::from(Arc::new(Wakeup(id)));
        if task
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_pending()
        {
            TASKS.with(|tasks| {
                if let Some(slot) = tasks.borrow_mut().get_mut(id) {
                    *slot = Some(task);
                }
            });
        }
    }
    RUNNING.with(|running| running.set(false));
}

/// Makes this the process's executor (the first call does; later ones do nothing).
pub fn install() {
    let _ = Executor::init_custom_executor(Immediate);
}

/// Drops every task still waiting, before the next page.
pub fn reset() {
    TASKS.with(|tasks| tasks.borrow_mut().clear());
    READY.with(|ready| ready.borrow_mut().clear());
}
