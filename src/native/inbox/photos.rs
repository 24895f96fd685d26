//! The inbox's side of a deed's photos: each photo's bytes checked, decoded and encoded
//! again before anything of its submission is stored.
//!
//! [`crate::model::photo::check_received`] reads the structure first, without decoding a
//! pixel: the size, the kind (JPEG, PNG or WebP, from the bytes, never the name), whether
//! the file is whole and ends where it should, and the dimensions from its header, so a
//! decompression bomb is refused before anything is allocated. Only then is it decoded,
//! under [`image::Limits`] as a second fence, its orientation applied, transparency laid
//! on white, and encoded again as a baseline JPEG ([`reencode`]): none of the original's
//! bytes survive, so neither do its EXIF (with GPS), ICC profile, comments or anything
//! appended. The re-encoded JPEG is what the database keeps ([`super::db`]), what
//! moderators see, and what the publisher resizes ([`crate::native::publish::photos`]).

use std::{collections::BTreeMap, io::Cursor};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage, codecs::jpeg};
use sha2::{Digest, Sha256};

use crate::model::{
    photo::{self, MAX_ACCEPTED_PIXELS, MAX_ACCEPTED_SIDE, PhotoKind, PhotoNote},
    rules::{self, Field, FieldError, RuleCode, RuleError},
};

/// The JPEG quality the inbox keeps a photo at: close to the phone's, so a second
/// encoding loses little.
pub const QUALITY: u8 = 85;

/// A photo as the inbox keeps it: re-encoded, named by its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reencoded {
    /// The first 16 hex digits of the SHA-256 of [`Reencoded::jpeg`].
    pub name: String,
    /// A baseline JPEG with nothing but its pixels (a JFIF header, no EXIF, no ICC).
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The name a kept photo is published under: the first 16 hex digits of its SHA-256.
pub fn content_name(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The decoder's limits: the model's sides, and room for the pixels of the largest
/// photo accepted, four bytes each, with as much again for the decoder's own buffers.
fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_ACCEPTED_SIDE);
    limits.max_image_height = Some(MAX_ACCEPTED_SIDE);
    limits.max_alloc = Some(MAX_ACCEPTED_PIXELS * 4 * 2);
    limits
}

/// Checks `bytes` as the inbox receives them ([`photo::check_received`]), decodes them
/// and encodes the pixels again as a JPEG (see the module docs). A photo the decoder
/// cannot read whole is [`RuleError::PhotoDamaged`].
pub fn reencode(bytes: &[u8]) -> Result<Reencoded, RuleError> {
    let inspected = photo::check_received(bytes)?;
    let format = match inspected.kind {
        PhotoKind::Jpeg => ImageFormat::Jpeg,
        PhotoKind::Png => ImageFormat::Png,
        PhotoKind::Webp => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let damaged = |_| RuleError::PhotoDamaged;
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder.orientation().map_err(damaged)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    image.apply_orientation(orientation);
    let pixels = on_white(&image);
    let jpeg = encode(&pixels, QUALITY).map_err(damaged)?;
    Ok(Reencoded {
        name: content_name(&jpeg),
        width: pixels.width(),
        height: pixels.height(),
        jpeg,
    })
}

/// The image's colours with any transparency laid on white (a JPEG has no alpha; white is
/// how the page behind a card looks).
pub fn on_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a)) + 127) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

/// `pixels` as a baseline JPEG at `quality`, with no metadata. (The encoder's
/// non-generic entry: it runs as the image crate was optimised, not as the caller was.)
pub fn encode(pixels: &RgbImage, quality: u8) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::with_capacity(pixels.as_raw().len() / 8);
    jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode(
        pixels.as_raw(),
        pixels.width(),
        pixels.height(),
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}

/// What is wrong with a submission's photo parts (`parts`, by index) beside its
/// descriptions (`notes`), before anything is decoded: a photo part past
/// [`MAX_PHOTOS`](photo::MAX_PHOTOS) (`too_many_photos`, once), a described photo without
/// its part (`photo_missing`), a part without a description (`photo_alt` too short), and
/// each part's [`photo::check_received`] (`photo_type`, `photo_too_large`,
/// `photo_too_many_pixels`, `photo_damaged`), each with its index.
pub fn part_errors(notes: &[PhotoNote], parts: &BTreeMap<usize, Vec<u8>>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let described = notes.len().min(photo::MAX_PHOTOS);
    for index in (0..described).filter(|index| !parts.contains_key(index)) {
        errors.push(FieldError::from(RuleError::PhotoMissing).at(index));
    }
    for (index, bytes) in parts {
        if *index >= photo::MAX_PHOTOS {
            // note_errors says it already when there are more descriptions too.
            if notes.len() <= photo::MAX_PHOTOS
                && !errors.iter().any(|e| e.code == RuleCode::TooManyPhotos)
            {
                errors.push(FieldError::from(RuleError::TooManyPhotos));
            }
            continue;
        }
        if *index >= notes.len() {
            let undescribed = rules::check_length(Field::PhotoAlt, "", photo::PHOTO_ALT_CHARS);
            errors.extend(undescribed.err().map(|e| FieldError::from(e).at(*index)));
            continue;
        }
        if let Err(error) = photo::check_received(bytes) {
            errors.push(FieldError::from(error).at(*index));
        }
    }
    errors
}

/// Every part [`reencode`]d, in order (the parts are `0..n` once [`part_errors`] found
/// nothing); else each failure, with its index.
pub fn reencode_all(parts: &BTreeMap<usize, Vec<u8>>) -> Result<Vec<Reencoded>, Vec<FieldError>> {
    let mut kept = Vec::new();
    let mut errors = Vec::new();
    for (index, bytes) in parts {
        match reencode(bytes) {
            Ok(photo) => kept.push(photo),
            Err(error) => errors.push(FieldError::from(error).at(*index)),
        }
    }
    if errors.is_empty() {
        Ok(kept)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        })
    }

    /// A JPEG with an APP1 `Exif` segment right after its start marker.
    fn with_exif(jpeg: &[u8], payload: &[u8]) -> Vec<u8> {
        let mut segment = b"Exif\0\0".to_vec();
        segment.extend(payload);
        let mut bytes = jpeg[..2].to_vec();
        bytes.extend([0xFF, 0xE1]);
        bytes.extend(((segment.len() + 2) as u16).to_be_bytes());
        bytes.extend(segment);
        bytes.extend(&jpeg[2..]);
        bytes
    }

    #[test]
    fn a_photo_is_encoded_again_without_its_metadata() {
        let original = encode(&gradient(320, 200), 90).unwrap();
        let tagged = with_exif(
            &original,
            b"MM\0*GPSLatitude 43.2220 N GPSLongitude 76.8512 E",
        );
        let kept = reencode(&tagged).unwrap();
        assert_eq!((kept.width, kept.height), (320, 200));
        assert!(!kept.jpeg.windows(4).any(|w| w == b"Exif"));
        assert!(!kept.jpeg.windows(3).any(|w| w == b"GPS"));
        assert!(!kept.jpeg.windows(2).any(|w| w == [0xFF, 0xE1]), "no APP1");
        assert_eq!(kept.name, content_name(&kept.jpeg));
        assert!(photo::is_photo_name(&kept.name));
        // The same bytes give the same photo: a retry is recognised.
        assert_eq!(reencode(&tagged).unwrap(), kept);
    }

    #[test]
    fn transparency_is_laid_on_white() {
        let clear = image::RgbaImage::from_pixel(8, 8, image::Rgba([0, 0, 0, 0]));
        let mut png = Vec::new();
        DynamicImage::ImageRgba8(clear)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let kept = reencode(&png).unwrap();
        let decoded = image::load_from_memory(&kept.jpeg).unwrap().to_rgb8();
        assert!(
            decoded.pixels().all(|p| p.0.iter().all(|c| *c > 250)),
            "white"
        );
    }

    #[test]
    fn a_photo_the_decoder_cannot_read_is_damaged() {
        // Whole in structure (its chunks reach IEND), nonsense inside its IDAT.
        let mut png = Vec::new();
        DynamicImage::ImageRgb8(gradient(64, 64))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert!(photo::check_received(&png).is_ok());
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap() + 4;
        for byte in &mut png[idat..idat + 16] {
            *byte = 0xA5;
        }
        assert!(
            photo::check_received(&png).is_ok(),
            "the structure is whole"
        );
        assert_eq!(reencode(&png), Err(RuleError::PhotoDamaged));
    }
}
