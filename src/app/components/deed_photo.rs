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

/// The `src` and `srcset` of `photo`: its narrow file as the fallback, and each file with
/// its real width ([`Photo::srcset`], written out for the two widths there are).
pub fn sources(photo: &Photo) -> (String, String) {
    let [narrow, wide] = crate::model::photo::PUBLISHED_WIDTHS;
    let [(narrow_width, _), (wide_width, _)] = photo.sizes();
    let narrow = format!("{STORE_DIR}/{}", photo.file(narrow));
    let srcset = format!(
        "{narrow} {narrow_width}w, {STORE_DIR}/{} {wide_width}w",
        photo.file(wide)
    );
    (narrow, srcset)
}

/// The `<img>` of `photo` as markup: both widths in `srcset`, its `width` and `height`,
/// its description as `alt` (escaped), decoded off the main thread, asked for as
/// `priority` says.
///
/// Markup rather than a view of ten typed attributes: each attribute's type costs the
/// feed's app its own code (about 1.3 KB brotli for these ten), the feed's first load is
/// held to its budget, and a string is the same in the browser and in a prerendered page.
pub fn img_markup(photo: &Photo, sizes: &str, priority: Priority) -> String {
    let (src, srcset) = sources(photo);
    let (loading, fetchpriority) = match priority {
        Priority::Lazy => ("lazy", "auto"),
        Priority::Eager => ("eager", "auto"),
        Priority::High => ("eager", "high"),
    };
    format!(
        r#"<img src="{src}" srcset="{srcset}" sizes="{sizes}" width="{}" height="{}" alt="{}" decoding="async" loading="{loading}" fetchpriority="{fetchpriority}">"#,
        photo.width,
        photo.height,
        crate::model::markup::escape(&photo.alt),
    )
}

/// A deed's photo ([`img_markup`]) in a box of class `class`, which says how big it shows.
#[component]
pub fn DeedPhoto(
    /// The photo.
    photo: Photo,
    /// How wide it shows, for the browser's choice of file (`sizes`).
    sizes: &'static str,
    /// Its box's class: how big it shows.
    class: &'static str,
    /// When its file is asked for.
    #[prop(optional)]
    priority: Priority,
) -> impl IntoView {
    view! { <span class=class inner_html=img_markup(&photo, sizes, priority)></span> }
}

/// Every photo of a deed at the width of its page, below its card: the first asked for
/// before anything else on the page, the others when they come near the screen.
#[component]
pub fn DeedPhotos(
    /// The deed's photos.
    photos: Vec<Photo>,
) -> impl IntoView {
    let each = photos.into_iter().enumerate().map(|(index, photo)| {
        let priority = if index == 0 {
            Priority::High
        } else {
            Priority::Lazy
        };
        view! {
            <DeedPhoto
                photo
                sizes="(min-width: 46rem) 44rem, 100vw"
                class="deed-photo deed-photo--full"
                priority
            />
        }
    });
    view! { <div class="deed-photos" data-testid="deed-photos">{each.collect_view()}</div> }
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
        let (src, srcset) = sources(&photo);
        assert_eq!(src, "data/v1/photos/00112233aabbccdd-480.jpg");
        assert_eq!(srcset, photo.srcset("data/v1/"));
        let small = Photo {
            width: 300,
            height: 200,
            ..photo
        };
        assert_eq!(sources(&small).1, small.srcset("data/v1/"));
    }

    #[test]
    fn a_description_cannot_leave_its_attribute() {
        let photo = Photo {
            name: "00112233aabbccdd".into(),
            alt: r#""><script>alert(1)</script> & 'co'"#.into(),
            width: 900,
            height: 1200,
        };
        let markup = img_markup(&photo, "6rem", Priority::Lazy);
        assert!(
            markup.contains(
                r#" alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;co&#39;" "#
            ),
            "{markup}"
        );
        assert_eq!(markup.matches('<').count(), 1, "{markup}");
        assert!(
            markup.contains(r#" width="900" height="1200" "#),
            "{markup}"
        );
        assert!(markup.contains(r#" loading="lazy" fetchpriority="auto">"#));
        let first = img_markup(&photo, "100vw", Priority::High);
        assert!(first.contains(r#" loading="eager" fetchpriority="high">"#));
    }
}
