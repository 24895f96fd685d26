//! A published photo of a deed ([`Photo`]): one `<img>` over its two widths, sized by its
//! `width` and `height` so that its box is laid out before a byte of it arrives.
//!
//! The files are the store's (`data/v1/photos/…`, relative like every store URL, so they
//! follow `<base href>`); the browser picks the width from `srcset` and `sizes`. The feed's
//! cards, the deed's page and the map's panel show them, in the browser and in the pages
//! the publisher prerenders with these same components.

use leptos::prelude::*;

use crate::model::{photo::Photo, store::STORE_DIR};

/// When a photo's file is asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Priority {
    /// Once it comes near the screen: every photo but a page's first.
    #[default]
    Lazy,
    /// At once: the first card's photo.
    Eager,
    /// At once and before other images: the first photo of a deed's own page.
    High,
}

/// The `src`, `srcset` and box of `photo`: its narrow file as the fallback.
pub fn sources(photo: &Photo) -> (String, String, u32, u32) {
    let prefix = format!("{STORE_DIR}/");
    let (width, height) = (photo.width.max(1), photo.height.max(1));
    let narrow = photo.file(crate::model::photo::PUBLISHED_WIDTHS[0]);
    (
        format!("{prefix}{narrow}"),
        photo.srcset(&prefix),
        width,
        height,
    )
}

/// A deed's photo: `<img>` with both widths in `srcset`, its `width` and `height`, its
/// description as `alt`, decoded off the main thread.
#[component]
pub fn DeedPhoto(
    /// The photo.
    photo: Photo,
    /// How wide it shows, for the browser's choice of file (`sizes`).
    sizes: &'static str,
    /// Its class: how big it shows.
    class: &'static str,
    /// When its file is asked for.
    #[prop(optional)]
    priority: Priority,
) -> impl IntoView {
    let (src, srcset, width, height) = sources(&photo);
    view! {
        <img
            class=class
            src=src
            srcset=srcset
            sizes=sizes
            width=width
            height=height
            alt=photo.alt
            decoding="async"
            loading=(priority == Priority::Lazy).then_some("lazy")
            fetchpriority=(priority == Priority::High).then_some("high")
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_is_fetched_from_the_stores_folder_at_both_widths() {
        let photo = Photo {
            name: "00112233aabbccdd".into(),
            alt: "Students sorting clothes".into(),
            width: 1200,
            height: 900,
        };
        let (src, srcset, width, height) = sources(&photo);
        assert_eq!(src, "data/v1/photos/00112233aabbccdd-480.jpg");
        assert_eq!(
            srcset,
            "data/v1/photos/00112233aabbccdd-480.jpg 480w, \
             data/v1/photos/00112233aabbccdd-1200.jpg 1200w"
        );
        assert_eq!((width, height), (1200, 900));
    }
}
