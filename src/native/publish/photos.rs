//! Published photos: each photo of a published deed written as two JPEG files under the
//! store's folder, `data/v1/photos/{name}-480.jpg` and `{name}-1200.jpg`
//! ([`Photo::file`]), resized from the JPEG the inbox kept and never enlarged.
//!
//! The names are content hashes, so a file that exists holds the right bytes and is never
//! written again: appending a deed writes its own photos only, and a rebuild costs a look
//! at each file. Photos are written before the store's pages that name them (the caller,
//! [`crate::native::inbox::store_sync`], does this first), and a rebuild then removes the
//! files no published deed names any more ([`remove_unreferenced`]), which is how
//! unpublishing a deed takes its photos down.
//!
//! [`super::write_store`] leaves the photos' folder alone: its files are not the store
//! builder's to remove.

use std::{collections::BTreeSet, io::Cursor, path::Path};

use image::{ImageFormat, ImageReader, imageops::FilterType};

use super::{PublishError, replace_file, walk};
use crate::model::{
    Deed,
    photo::{PHOTOS_DIR, PUBLISHED_WIDTHS, Photo, is_photo_name},
    store::STORE_DIR,
};
use crate::native::inbox::photos::{encode, on_white};

/// The JPEG quality of published files: smaller than the kept copy's, as readers see
/// them at most at their own size.
pub const QUALITY: u8 = 80;

/// What [`write_photos`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhotoReport {
    /// Files written now.
    pub written: usize,
    /// Bytes in them.
    pub bytes: u64,
    /// Files that were already there.
    pub present: usize,
    /// Photos whose kept JPEG could not be had or read: their files are missing.
    pub missing: usize,
    /// Files removed as no published deed names them (a rebuild's).
    pub removed: usize,
}

/// The store-relative path of the folder photos are published in: `data/v1/photos/`.
pub fn photos_prefix() -> String {
    format!("{STORE_DIR}/{PHOTOS_DIR}/")
}

/// Whether `relative` (a path under the site) is in the published photos' folder.
pub fn is_photo_path(relative: &str) -> bool {
    relative
        .trim_start_matches('/')
        .starts_with(&photos_prefix())
}

/// Whether `relative` (a path under the site) is a published photo's file,
/// `data/v1/photos/{name}-{width}.jpg`: named by its content, so never changed.
pub fn is_photo_file(relative: &str) -> bool {
    let Some(name) = relative
        .trim_start_matches('/')
        .strip_prefix(&photos_prefix())
    else {
        return false;
    };
    let Some((hash, width)) = name.strip_suffix(".jpg").and_then(|n| n.split_once('-')) else {
        return false;
    };
    is_photo_name(hash) && PUBLISHED_WIDTHS.iter().any(|w| w.to_string() == width)
}

/// `photo`'s two files from `jpeg` (the kept copy), as (width, bytes), narrowest first:
/// each at [`Photo::sizes`], the kept bytes themselves where no resizing is needed.
pub fn photo_files(photo: &Photo, jpeg: &[u8]) -> image::ImageResult<Vec<(u32, Vec<u8>)>> {
    let kept = ImageReader::with_format(Cursor::new(jpeg), ImageFormat::Jpeg).decode()?;
    let dimensions = (kept.width(), kept.height());
    PUBLISHED_WIDTHS
        .iter()
        .zip(photo.sizes())
        .map(|(nominal, (width, height))| {
            let bytes = if (width, height) == dimensions {
                jpeg.to_vec()
            } else {
                // DynamicImage's resize, not imageops' generic one: it runs as the image
                // crate was optimised, not as the caller was.
                let smaller = kept.resize_exact(width, height, FilterType::Lanczos3);
                encode(&on_white(&smaller), QUALITY)?
            };
            Ok((*nominal, bytes))
        })
        .collect()
}

/// Writes the missing files of every photo of `deeds` under `site`, each made from the
/// kept JPEG `kept(name)` gives. A photo whose JPEG is not there, or not readable, is
/// logged and counted as missing: the rest of the store is still published.
pub fn write_photos<E: std::fmt::Display>(
    site: &Path,
    deeds: &[Deed],
    mut kept: impl FnMut(&str) -> Result<Option<Vec<u8>>, E>,
) -> Result<PhotoReport, PublishError> {
    let mut report = PhotoReport::default();
    let store = site.join(STORE_DIR);
    for photo in deeds.iter().flat_map(|deed| &deed.photos) {
        let present = |width: &u32| store.join(photo.file(*width)).is_file();
        if PUBLISHED_WIDTHS.iter().all(present) {
            report.present += PUBLISHED_WIDTHS.len();
            continue;
        }
        let jpeg = match kept(&photo.name) {
            Ok(Some(jpeg)) => jpeg,
            Ok(None) => {
                tracing::warn!("photo {} is not kept: its files are missing", photo.name);
                report.missing += 1;
                continue;
            }
            Err(error) => {
                tracing::warn!("cannot read photo {}: {error}", photo.name);
                report.missing += 1;
                continue;
            }
        };
        let files = match photo_files(photo, &jpeg) {
            Ok(files) => files,
            Err(error) => {
                tracing::warn!("cannot resize photo {}: {error}", photo.name);
                report.missing += 1;
                continue;
            }
        };
        for (width, bytes) in files {
            let target = store.join(photo.file(width));
            if target.is_file() {
                report.present += 1;
                continue;
            }
            replace_file(&target, &bytes).map_err(|source| PublishError::Write {
                file: target.clone(),
                source,
            })?;
            report.written += 1;
            report.bytes += bytes.len() as u64;
        }
    }
    Ok(report)
}

/// Removes every file of the photos' folder under `site` that no photo of `deeds` names;
/// returns how many.
pub fn remove_unreferenced(site: &Path, deeds: &[Deed]) -> Result<usize, PublishError> {
    let wanted: BTreeSet<String> = deeds
        .iter()
        .flat_map(|deed| &deed.photos)
        .flat_map(|photo| PUBLISHED_WIDTHS.map(|width| photo.file(width)))
        .collect();
    let store = site.join(STORE_DIR);
    let mut removed = 0;
    for file in walk(&store.join(PHOTOS_DIR)) {
        let relative = (file.strip_prefix(&store))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if !wanted.contains(&relative) {
            std::fs::remove_file(&file).map_err(|source| PublishError::Write {
                file: file.clone(),
                source,
            })?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::inbox::photos::{content_name, reencode};

    fn kept(width: u32, height: u32) -> Vec<u8> {
        let pixels = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        reencode(&encode(&pixels, 90).unwrap()).unwrap().jpeg
    }

    fn photo_of(jpeg: &[u8], width: u32, height: u32) -> Photo {
        let full = Photo {
            name: content_name(jpeg),
            alt: "Students at the blood bank".into(),
            width,
            height,
        };
        let (width, height) = full.sizes()[1];
        Photo {
            width,
            height,
            ..full
        }
    }

    fn dimensions(bytes: &[u8]) -> (u32, u32) {
        image::load_from_memory_with_format(bytes, ImageFormat::Jpeg)
            .unwrap()
            .to_rgb8()
            .dimensions()
    }

    #[test]
    fn two_widths_are_written_at_their_sizes_and_never_enlarged() {
        let big = kept(1600, 1200);
        let photo = photo_of(&big, 1600, 1200);
        assert_eq!((photo.width, photo.height), (1200, 900));
        let files = photo_files(&photo, &big).unwrap();
        assert_eq!(dimensions(&files[0].1), (480, 360));
        assert_eq!(dimensions(&files[1].1), (1200, 900));

        let small = kept(300, 200);
        let photo = photo_of(&small, 300, 200);
        let files = photo_files(&photo, &small).unwrap();
        assert_eq!(
            files[0],
            (480, small.clone()),
            "the kept bytes, not enlarged"
        );
        assert_eq!(files[1], (1200, small));
    }

    #[test]
    fn files_are_written_once_and_removed_when_no_deed_names_them() {
        let site = tempfile::tempdir().unwrap();
        let jpeg = kept(640, 480);
        let photo = photo_of(&jpeg, 640, 480);
        let mut deed = crate::model::Deed {
            photos: vec![photo.clone()],
            ..crate::native::inbox::sample_source().unwrap().deeds[0].clone()
        };
        let mut asked = 0;
        let mut source = |name: &str| {
            asked += 1;
            Ok::<_, String>((name == photo.name).then(|| jpeg.clone()))
        };
        let report = write_photos(site.path(), std::slice::from_ref(&deed), &mut source).unwrap();
        assert_eq!((report.written, report.missing), (2, 0));
        let again = write_photos(site.path(), std::slice::from_ref(&deed), &mut source).unwrap();
        assert_eq!((again.written, again.present), (0, 2));
        assert_eq!(asked, 1, "an existing file is not made again");
        let file = site.path().join(STORE_DIR).join(photo.file(1200));
        assert!(is_photo_path(&format!("{STORE_DIR}/{}", photo.file(1200))));
        assert!(is_photo_file(&format!("/{STORE_DIR}/{}", photo.file(480))));
        assert!(!is_photo_file(&format!(
            "{STORE_DIR}/photos/{}-640.jpg",
            photo.name
        )));
        assert!(!is_photo_file(&format!("{STORE_DIR}/all/1.json")));
        assert!(file.is_file());

        assert_eq!(
            remove_unreferenced(site.path(), std::slice::from_ref(&deed)).unwrap(),
            0
        );
        deed.photos.clear();
        assert_eq!(remove_unreferenced(site.path(), &[deed]).unwrap(), 2);
        assert!(!file.exists());
    }
}
