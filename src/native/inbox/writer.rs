//! The inbox's one writer: a thread that owns the database's write connection.
//!
//! SQLite lets one writer commit at a time, and each commit with `synchronous=FULL` waits
//! for the disk. So the thread takes every submission waiting in its channel (up to
//! [`MAX_BATCH`]), stores them all in one transaction and commits once: a flash mob's
//! thousands of submissions share a few fsyncs instead of paying one each (group commit).
//! Each submitter is answered only after the commit that holds its submission returned:
//! a `201` is never given for a submission that a crash could lose. A submission's photos
//! are stored in the same transaction as the submission, after the photo limits are
//! checked there: one thread, so two submissions never both take the last place.
//!
//! Moderators' actions run on the same thread, between batches, each in its own
//! transaction, so they never wait for a lock held by another connection of this process.

use std::thread::JoinHandle;

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::{mpsc, oneshot};

use super::{
    InboxError,
    db::{self, NewSubmission, PhotoLimits, Stored},
};

/// The most submissions committed in one transaction.
pub const MAX_BATCH: usize = 1024;
/// Submissions that may wait for the writer before submitters wait to hand theirs over.
pub const QUEUE: usize = 8192;

type Task = Box<dyn FnOnce(&mut Connection) + Send>;

enum Job {
    Submit(NewSubmission, oneshot::Sender<Result<Stored, String>>),
    Run(Task),
}

/// A handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread over `conn`, holding new submissions' photos to
    /// `limits`. It stops when every handle is dropped.
    pub fn start(conn: Connection, limits: PhotoLimits) -> (Writer, JoinHandle<()>) {
        let (jobs, receiver) = mpsc::channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("inbox-writer".into())
            .spawn(move || run(conn, receiver, limits))
            .expect("the OS can start one thread");
        (Writer { jobs }, thread)
    }

    /// Stores a submission; returns once its transaction is committed.
    pub async fn submit(&self, submission: NewSubmission) -> Result<Stored, InboxError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Submit(submission, reply))
            .await
            .map_err(|_| InboxError::WriterGone)?;
        answer
            .await
            .map_err(|_| InboxError::WriterGone)?
            .map_err(InboxError::Write)
    }

    /// Runs `task` on the writer's connection, between batches.
    pub async fn run<T: Send + 'static>(
        &self,
        task: impl FnOnce(&mut Connection) -> T + Send + 'static,
    ) -> Result<T, InboxError> {
        let (reply, answer) = oneshot::channel();
        let job: Task = Box::new(move |conn| {
            let _ = reply.send(task(conn));
        });
        self.jobs
            .send(Job::Run(job))
            .await
            .map_err(|_| InboxError::WriterGone)?;
        answer.await.map_err(|_| InboxError::WriterGone)
    }
}

fn run(mut conn: Connection, mut jobs: mpsc::Receiver<Job>, limits: PhotoLimits) {
    let mut batch: Vec<(NewSubmission, oneshot::Sender<Result<Stored, String>>)> = Vec::new();
    while let Some(first) = jobs.blocking_recv() {
        let mut next = Some(first);
        while let Some(job) = next.take() {
            match job {
                Job::Submit(submission, reply) => batch.push((submission, reply)),
                Job::Run(task) => {
                    commit(&mut conn, &mut batch, limits);
                    task(&mut conn);
                }
            }
            if batch.len() < MAX_BATCH {
                next = jobs.try_recv().ok();
            }
        }
        commit(&mut conn, &mut batch, limits);
    }
}

/// Stores `batch` in one transaction and answers each submitter after the commit.
fn commit(
    conn: &mut Connection,
    batch: &mut Vec<(NewSubmission, oneshot::Sender<Result<Stored, String>>)>,
    limits: PhotoLimits,
) {
    if batch.is_empty() {
        return;
    }
    let outcome = (|| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(batch.len());
        for (submission, _) in batch.iter() {
            results.push(db::insert_submission(&tx, submission, limits));
        }
        tx.commit()?;
        Ok::<_, rusqlite::Error>(results)
    })();
    match outcome {
        Ok(results) => {
            for ((_, reply), result) in batch.drain(..).zip(results) {
                let _ = reply.send(result.map_err(|e| e.to_string()));
            }
        }
        Err(error) => {
            tracing::error!("cannot commit {} submissions: {error}", batch.len());
            for (_, reply) in batch.drain(..) {
                let _ = reply.send(Err(error.to_string()));
            }
        }
    }
}
