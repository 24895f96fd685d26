//! A value the app loads once in the background and shares: the store's manifest and its
//! universities.
//!
//! It does what the app needs of Leptos's `LocalResource` (read it reactively, await it,
//! load it again after a failure) with one signal and a list of waiting tasks. The feed's
//! first screen is the site's most downloaded code, and the resource machinery that
//! `LocalResource` brings along was 8 KB (brotli) of it. Tested in Chromium
//! (tests/web.rs), where its tasks run.

use std::{
    cell::RefCell,
    future::{Future, IntoFuture},
    pin::Pin,
    rc::Rc,
    task::{Context, Poll, Waker},
};

use leptos::prelude::*;

type Load<T> = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = T>>>>;

/// A value loaded in the background: `None` until it arrives. Reading it with
/// [`Loaded::get`] in a reactive closure re-runs that closure once it has.
pub struct Loaded<T: 'static> {
    value: RwSignal<Option<T>, LocalStorage>,
    shared: StoredValue<Shared<T>, LocalStorage>,
}

struct Shared<T> {
    load: Load<T>,
    waiting: Rc<RefCell<Vec<Waker>>>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: Clone + 'static> Loaded<T> {
    /// Starts loading at once with `load`, which [`Loaded::reload`] runs again.
    pub fn new<Fut>(load: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        let load: Load<T> = Rc::new(move || Box::pin(load()));
        let loaded = Self {
            value: RwSignal::new_local(None),
            shared: StoredValue::new_local(Shared {
                load,
                waiting: Rc::default(),
            }),
        };
        loaded.reload();
        loaded
    }

    /// A value that is here already; [`Loaded::reload`] loads it again with `load`.
    pub fn ready<Fut>(value: T, load: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        let load: Load<T> = Rc::new(move || Box::pin(load()));
        Self {
            value: RwSignal::new_local(Some(value)),
            shared: StoredValue::new_local(Shared {
                load,
                waiting: Rc::default(),
            }),
        }
    }

    /// The value once loaded, tracked.
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }

    /// The value once loaded, untracked.
    pub fn get_untracked(&self) -> Option<T> {
        self.value.get_untracked()
    }

    /// Forgets the value and loads it again (after a failure, for a retry).
    pub fn reload(&self) {
        let Some((load, waiting)) = self
            .shared
            .try_with_value(|shared| (shared.load.clone(), shared.waiting.clone()))
        else {
            return;
        };
        self.value.set(None);
        let value = self.value;
        let underway = super::loading::begin();
        leptos::task::spawn_local(async move {
            let _underway = underway;
            let loaded = load().await;
            // The app may have been unmounted meanwhile; nobody is waiting then.
            if value.try_set(Some(loaded)).is_none() {
                for waker in waiting.take() {
                    waker.wake();
                }
            }
        });
    }
}

/// Awaiting a [`Loaded`] gives its value once loaded.
impl<T: Clone + 'static> IntoFuture for Loaded<T> {
    type Output = T;
    type IntoFuture = Wait<T>;

    fn into_future(self) -> Wait<T> {
        Wait(self)
    }
}

/// The future of [`Loaded::into_future`].
pub struct Wait<T: 'static>(Loaded<T>);

impl<T: Clone + 'static> Future for Wait<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let loaded = self.0;
        if let Some(value) = loaded.value.try_get_untracked().flatten() {
            return Poll::Ready(value);
        }
        loaded.shared.with_value(|shared| {
            let mut waiting = shared.waiting.borrow_mut();
            if !waiting.iter().any(|w| w.will_wake(cx.waker())) {
                waiting.push(cx.waker().clone());
            }
        });
        Poll::Pending
    }
}
