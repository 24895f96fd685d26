//! Photos of a deed: the rules the phone, the inbox and the publisher share.
//!
//! A student attaches up to [`MAX_PHOTOS`] photos, each with a description that becomes
//! its alt text ([`PhotoNote`], in the submission). The phone shrinks each photo before it
//! keeps or sends it (long side at most [`PHONE_LONG_SIDE`], about [`PHONE_TARGET_BYTES`]),
//! re-encoding it so that no metadata leaves the phone; the inbox takes only JPEG, WebP or
//! PNG of at most [`MAX_PHOTO_BYTES`] whose structure is whole and ends where the file
//! ends ([`check_received`]), decodes and re-encodes it, and a moderator's approval
//! publishes it as two JPEG widths ([`PUBLISHED_WIDTHS`]) under a content-hashed name
//! ([`Photo`], in the deed).
//!
//! The structure is read here, in plain Rust, without decoding a pixel: the kind from the
//! first bytes, the dimensions from the header (so a decompression bomb is refused before
//! anything allocates its pixels), and where the image ends (so a truncated file, or one
//! carrying a payload after its end, is refused).

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::model::rules::{self, Field, FieldError, RuleError};

/// Photos a deed may have.
pub const MAX_PHOTOS: usize = 3;
/// The largest photo the inbox accepts, in bytes.
pub const MAX_PHOTO_BYTES: usize = 400 * 1024;
/// What the phone aims each shrunk photo at, in bytes.
pub const PHONE_TARGET_BYTES: usize = 300 * 1024;
/// The long side of a photo as the phone shrinks it, in pixels.
pub const PHONE_LONG_SIDE: u32 = 1600;
/// The longest side the inbox accepts (the phone sends at most [`PHONE_LONG_SIDE`]).
pub const MAX_ACCEPTED_SIDE: u32 = 2048;
/// The most pixels the inbox decodes.
pub const MAX_ACCEPTED_PIXELS: u64 = 2048 * 2048;
/// The largest file the phone tries to shrink, in bytes (a camera photo is 3-8 MB).
pub const MAX_PICKED_BYTES: usize = 40 * 1024 * 1024;
/// The most pixels the phone decodes (a 108-megapixel camera's photo, not a bomb).
pub const MAX_PICKED_PIXELS: u64 = 110_000_000;
/// Characters allowed in a photo's description.
pub const PHOTO_ALT_CHARS: RangeInclusive<usize> = 3..=200;
/// The widths a published photo is written at, in pixels: for phones and for wide screens.
pub const PUBLISHED_WIDTHS: [u32; 2] = [480, 1200];
/// The folder of published photos, under the store's folder (`data/v1/`).
pub const PHOTOS_DIR: &str = "photos";

/// A photo as the submission describes it; its bytes travel beside the JSON (the
/// multipart part `photo{index}`, see [`crate::model::submission`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoNote {
    /// What the photo shows, for people who cannot see it: its alt text.
    pub alt: String,
}

/// A published photo of a deed. In the store it is one string, `"{name} {width}x{height}
/// {alt}"` (`"0123456789abcdef 1200x900 Students at the blood bank"`): read as the list of
/// strings a deed's `passes_to` already is, a photo costs every app's download no parser
/// of its own (an object's cost the feed's first load 0.2 KB brotli more, measured).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The content hash its files are named by: 16 lower-case hexadecimal digits.
    pub name: String,
    /// What it shows: the `alt` text.
    pub alt: String,
    /// The width of its largest file, in pixels.
    pub width: u32,
    /// The height of its largest file, in pixels.
    pub height: u32,
}

impl Photo {
    /// Each published file's width and height, narrowest first: the widths of
    /// [`PUBLISHED_WIDTHS`], none wider than the photo.
    pub fn sizes(&self) -> [(u32, u32); 2] {
        PUBLISHED_WIDTHS.map(|target| {
            let width = target.min(self.width).max(1);
            let height = (u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2)
                / u64::from(self.width.max(1));
            (width, (height as u32).max(1))
        })
    }

    /// The path of its file of nominal width `width` (one of [`PUBLISHED_WIDTHS`]),
    /// relative to the store's folder: `photos/{name}-{width}.jpg`.
    pub fn file(&self, width: u32) -> String {
        file_name(&self.name, width)
    }

    /// The `srcset` attribute: each file under `prefix` (the store's URL, ending in `/`)
    /// with its real width.
    pub fn srcset(&self, prefix: &str) -> String {
        let sizes = self.sizes();
        PUBLISHED_WIDTHS
            .iter()
            .zip(sizes)
            .map(|(nominal, (width, _))| format!("{prefix}{} {width}w", self.file(*nominal)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::fmt::Display for Photo {
    /// The store's form: `{name} {width}x{height} {alt}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}x{} {}",
            self.name, self.width, self.height, self.alt
        )
    }
}

impl std::str::FromStr for Photo {
    type Err = &'static str;

    /// Reads the store's form, `{name} {width}x{height} {alt}`. The name must be a photo's
    /// (16 lower-case hexadecimal digits): it goes into the `<img>`'s markup unescaped, so a store
    /// file that was tampered with cannot bring an attribute of its own.
    fn from_str(text: &str) -> Result<Photo, Self::Err> {
        const SHAPE: &str = "a photo is \"{name} {width}x{height} {alt}\", its name 16 lower-case hexadecimal digits";
        let (name, rest) = text.split_once(' ').ok_or(SHAPE)?;
        if !is_photo_name(name) {
            return Err(SHAPE);
        }
        let (size, alt) = rest.split_once(' ').ok_or(SHAPE)?;
        let (width, height) = size.split_once('x').ok_or(SHAPE)?;
        Ok(Photo {
            name: name.to_string(),
            alt: alt.to_string(),
            width: width.parse().map_err(|_| SHAPE)?,
            height: height.parse().map_err(|_| SHAPE)?,
        })
    }
}

impl Serialize for Photo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Photo {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Photo, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Reads a deed's `photos` through the list of strings every app already reads (see
/// [`Photo`]). A photo it cannot read is left out: the deed still shows, with the others.
pub fn read_photos<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Photo>, D::Error> {
    Ok(Vec::<String>::deserialize(deserializer)?
        .iter()
        .filter_map(|text| text.parse().ok())
        .collect())
}

/// The path of a published photo's file: `photos/{name}-{width}.jpg`.
pub fn file_name(name: &str, width: u32) -> String {
    format!("{PHOTOS_DIR}/{name}-{width}.jpg")
}

/// Whether `name` is a published photo's name: 16 lower-case hexadecimal digits.
pub fn is_photo_name(name: &str) -> bool {
    name.len() == 16 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The formats the inbox accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoKind {
    Jpeg,
    Png,
    Webp,
}

impl PhotoKind {
    /// The kind the first bytes say, if one of the three.
    pub fn sniff(bytes: &[u8]) -> Option<PhotoKind> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(PhotoKind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(PhotoKind::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(PhotoKind::Webp)
        } else {
            None
        }
    }

    /// Its media type.
    pub fn mime(self) -> &'static str {
        match self {
            PhotoKind::Jpeg => "image/jpeg",
            PhotoKind::Png => "image/png",
            PhotoKind::Webp => "image/webp",
        }
    }
}

/// What the structure of a photo's bytes says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    pub kind: PhotoKind,
    pub width: u32,
    pub height: u32,
    /// Where the image ends: after a JPEG's end marker, a PNG's `IEND` chunk, a WebP's
    /// RIFF size. Bytes after it are no part of the image.
    pub end: usize,
}

impl Inspected {
    /// Its pixels.
    pub fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

/// Reads the kind, the dimensions and the end of a JPEG, PNG or WebP without decoding it.
/// `Err(PhotoType)` for anything else; `Err(PhotoDamaged)` for a file cut short or not
/// shaped as its kind.
pub fn inspect(bytes: &[u8]) -> Result<Inspected, RuleError> {
    let kind = PhotoKind::sniff(bytes).ok_or(RuleError::PhotoType)?;
    let shape = match kind {
        PhotoKind::Jpeg => jpeg(bytes),
        PhotoKind::Png => png(bytes),
        PhotoKind::Webp => webp(bytes),
    };
    let (width, height, end) = shape.ok_or(RuleError::PhotoDamaged)?;
    if width == 0 || height == 0 {
        return Err(RuleError::PhotoDamaged);
    }
    Ok(Inspected {
        kind,
        width,
        height,
        end,
    })
}

/// The inbox's check of a photo's bytes, before it decodes them: at most
/// [`MAX_PHOTO_BYTES`], JPEG, WebP or PNG, whole, nothing after its end, and at most
/// [`MAX_ACCEPTED_SIDE`] a side and [`MAX_ACCEPTED_PIXELS`] in all.
pub fn check_received(bytes: &[u8]) -> Result<Inspected, RuleError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(RuleError::PhotoTooLarge);
    }
    let inspected = inspect(bytes)?;
    if inspected.end != bytes.len() {
        return Err(RuleError::PhotoDamaged);
    }
    if inspected.width > MAX_ACCEPTED_SIDE
        || inspected.height > MAX_ACCEPTED_SIDE
        || inspected.pixels() > MAX_ACCEPTED_PIXELS
    {
        return Err(RuleError::PhotoTooManyPixels);
    }
    Ok(inspected)
}

/// What the phone knows of a picked file before the browser decodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picked {
    /// A JPEG, PNG or WebP, whole and of a size the phone can decode.
    Known(Inspected),
    /// Another raster format a browser may decode (HEIC/HEIF, AVIF, GIF, BMP): the
    /// browser tries, and a failure reads as a photo this browser cannot open.
    Other,
}

/// The phone's check of a file the student picked, before decoding it: at most
/// [`MAX_PICKED_BYTES`]; an image, not a drawing (SVG) or a document; a JPEG, PNG or WebP
/// whole and at most [`MAX_PICKED_PIXELS`]; a PNG or WebP with nothing after its end. A
/// JPEG may carry data after its end (a phone's "motion photo" appends a video there):
/// the phone re-encodes the pixels only, so none of it leaves.
pub fn check_picked(bytes: &[u8]) -> Result<Picked, RuleError> {
    if bytes.len() > MAX_PICKED_BYTES {
        return Err(RuleError::PhotoTooLarge);
    }
    match inspect(bytes) {
        Ok(inspected) => {
            if inspected.kind != PhotoKind::Jpeg && inspected.end != bytes.len() {
                return Err(RuleError::PhotoDamaged);
            }
            if inspected.pixels() > MAX_PICKED_PIXELS {
                return Err(RuleError::PhotoTooManyPixels);
            }
            Ok(Picked::Known(inspected))
        }
        Err(RuleError::PhotoType) if other_raster(bytes) => Ok(Picked::Other),
        Err(error) => Err(error),
    }
}

/// HEIC/HEIF and AVIF (an ISO media `ftyp` box), GIF and BMP.
fn other_raster(bytes: &[u8]) -> bool {
    let iso = bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic"
                | b"heix"
                | b"hevc"
                | b"hevx"
                | b"heim"
                | b"heis"
                | b"mif1"
                | b"msf1"
                | b"avif"
                | b"avis"
        );
    iso || bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") || bytes.starts_with(b"BM")
}

fn be16(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(
        bytes.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn le_u(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let part = bytes.get(at..at + len)?;
    Some(
        part.iter()
            .rev()
            .fold(0u32, |value, b| (value << 8) | u32::from(*b)),
    )
}

/// A JPEG's width, height and end: its segments walked from the start marker, each scan's
/// entropy-coded data read to the next marker, up to the end marker.
fn jpeg(bytes: &[u8]) -> Option<(u32, u32, usize)> {
    let mut at = 2;
    let mut size = None;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        // Fill bytes may repeat 0xFF before a marker.
        while *bytes.get(at)? == 0xFF {
            at += 1;
        }
        let marker = bytes[at];
        at += 1;
        match marker {
            0xD9 => {
                let (width, height) = size?;
                return Some((width, height, at));
            }
            0x01 | 0xD0..=0xD7 => continue,
            0x00 | 0xD8 => return None,
            _ => {}
        }
        let length = be16(bytes, at)? as usize;
        if length < 2 || at + length > bytes.len() {
            return None;
        }
        // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            size = Some((be16(bytes, at + 5)?, be16(bytes, at + 3)?));
        }
        at += length;
        if marker == 0xDA {
            // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte) or a restart
            // marker inside it; any other marker ends it.
            loop {
                let next = at + bytes.get(at..)?.iter().position(|b| *b == 0xFF)?;
                match *bytes.get(next + 1)? {
                    0x00 | 0xD0..=0xD7 => at = next + 2,
                    _ => {
                        at = next;
                        break;
                    }
                }
            }
        }
    }
}

/// A PNG's width, height and end: its chunks walked from the header to `IEND`.
fn png(bytes: &[u8]) -> Option<(u32, u32, usize)> {
    let mut at = 8;
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let (width, height) = (be32(bytes, 16)?, be32(bytes, 20)?);
    loop {
        let length = be32(bytes, at)? as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let end = at.checked_add(12)?.checked_add(length)?;
        if end > bytes.len() {
            return None;
        }
        if kind == b"IEND" {
            return Some((width, height, end));
        }
        at = end;
    }
}

/// A WebP's width, height and end (its RIFF size), from its first chunk.
fn webp(bytes: &[u8]) -> Option<(u32, u32, usize)> {
    let riff = le_u(bytes, 4, 4)? as usize;
    let end = riff.checked_add(8)?;
    if end > bytes.len() || riff < 4 {
        return None;
    }
    let (width, height) = match bytes.get(12..16)? {
        b"VP8 " => (le_u(bytes, 26, 2)? & 0x3FFF, le_u(bytes, 28, 2)? & 0x3FFF),
        b"VP8L" => {
            let bits = le_u(bytes, 21, 4)?;
            ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        b"VP8X" => (le_u(bytes, 24, 3)? + 1, le_u(bytes, 27, 3)? + 1),
        _ => return None,
    };
    Some((width, height, end))
}

/// The rules a submission's photo descriptions follow: at most [`MAX_PHOTOS`], each
/// description [`PHOTO_ALT_CHARS`] long.
pub fn note_errors(notes: &[PhotoNote]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if notes.len() > MAX_PHOTOS {
        errors.push(FieldError::from(RuleError::TooManyPhotos));
    }
    for (index, note) in notes.iter().enumerate().take(MAX_PHOTOS) {
        if let Err(error) = rules::check_length(Field::PhotoAlt, &note.alt, PHOTO_ALT_CHARS) {
            errors.push(FieldError::from(error).at(index));
        }
    }
    errors
}

/// The rules a published deed's photos follow.
pub fn published_errors(photos: &[Photo]) -> Vec<RuleError> {
    let mut errors = Vec::new();
    if photos.len() > MAX_PHOTOS {
        errors.push(RuleError::TooManyPhotos);
    }
    for photo in photos {
        if !is_photo_name(&photo.name)
            || photo.width == 0
            || photo.height == 0
            || photo.width > MAX_ACCEPTED_SIDE
            || photo.height > MAX_ACCEPTED_SIDE
        {
            errors.push(RuleError::PhotoDamaged);
        }
        errors.extend(rules::check_length(Field::PhotoAlt, &photo.alt, PHOTO_ALT_CHARS).err());
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal baseline JPEG's segments around `scan` (entropy-coded bytes).
    fn jpeg_with(width: u16, height: u16, scan: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        // APP1 (as EXIF would be), 6 bytes of payload.
        bytes.extend([0xFF, 0xE1, 0x00, 0x08, b'E', b'x', b'i', b'f', 0, 0]);
        // SOF0: length 11, precision 8, height, width, 1 component.
        bytes.extend([0xFF, 0xC0, 0x00, 0x0B, 0x08]);
        bytes.extend(height.to_be_bytes());
        bytes.extend(width.to_be_bytes());
        bytes.extend([0x01, 0x01, 0x11, 0x00]);
        // SOS: length 8, 1 component.
        bytes.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        bytes.extend(scan);
        bytes.extend([0xFF, 0xD9]);
        bytes
    }

    fn png_with(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        let chunk = |bytes: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            bytes.extend((data.len() as u32).to_be_bytes());
            bytes.extend(kind);
            bytes.extend(data);
            bytes.extend([0, 0, 0, 0]);
        };
        let mut header = width.to_be_bytes().to_vec();
        header.extend(height.to_be_bytes());
        header.extend([8, 2, 0, 0, 0]);
        chunk(&mut bytes, b"IHDR", &header);
        chunk(&mut bytes, b"IDAT", &[1, 2, 3]);
        chunk(&mut bytes, b"IEND", &[]);
        bytes
    }

    fn webp_lossy(width: u16, height: u16) -> Vec<u8> {
        // A frame tag, the start code, then the width and height.
        let mut frame = vec![0, 0, 0, 0x9D, 0x01, 0x2A];
        frame.extend(width.to_le_bytes());
        frame.extend(height.to_le_bytes());
        let mut bytes = b"RIFF".to_vec();
        bytes.extend(((4 + 8 + frame.len()) as u32).to_le_bytes());
        bytes.extend(b"WEBPVP8 ");
        bytes.extend((frame.len() as u32).to_le_bytes());
        bytes.extend(frame);
        bytes
    }

    #[test]
    fn a_jpeg_is_read_to_its_end_marker() {
        // Stuffed bytes and a restart marker inside the scan are no end.
        let bytes = jpeg_with(4000, 3000, &[1, 2, 0xFF, 0x00, 3, 0xFF, 0xD0, 4]);
        let inspected = inspect(&bytes).unwrap();
        assert_eq!(
            (inspected.kind, inspected.width, inspected.height),
            (PhotoKind::Jpeg, 4000, 3000)
        );
        assert_eq!(inspected.end, bytes.len());
    }

    #[test]
    fn a_truncated_jpeg_is_damaged() {
        let bytes = jpeg_with(640, 480, &[1, 2, 3, 4, 5, 6]);
        for cut in [bytes.len() - 2, bytes.len() - 5, 20, 4] {
            assert_eq!(
                inspect(&bytes[..cut]),
                Err(RuleError::PhotoDamaged),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_payload_after_the_end_is_refused_by_the_inbox() {
        let mut bytes = jpeg_with(640, 480, &[1, 2, 3]);
        assert!(check_received(&bytes).is_ok());
        bytes.extend(b"<?php system($_GET['c']); ?>");
        assert_eq!(check_received(&bytes), Err(RuleError::PhotoDamaged));
        // The phone re-encodes a JPEG's pixels only: a motion photo's video may follow.
        assert!(matches!(check_picked(&bytes), Ok(Picked::Known(_))));

        let mut png = png_with(640, 480);
        assert_eq!(check_received(&png).unwrap().kind, PhotoKind::Png);
        png.extend(b"hello, this is text after IEND");
        assert_eq!(check_received(&png), Err(RuleError::PhotoDamaged));
        assert_eq!(check_picked(&png), Err(RuleError::PhotoDamaged));
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let bomb = png_with(20_000, 20_000);
        assert_eq!(check_received(&bomb), Err(RuleError::PhotoTooManyPixels));
        assert_eq!(check_picked(&bomb), Err(RuleError::PhotoTooManyPixels));
        // A camera's photo is not one on the phone, but is more than the inbox takes.
        let camera = jpeg_with(4000, 3000, &[1]);
        assert!(check_picked(&camera).is_ok());
        assert_eq!(check_received(&camera), Err(RuleError::PhotoTooManyPixels));
    }

    #[test]
    fn only_images_of_three_kinds_are_accepted() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(check_received(svg), Err(RuleError::PhotoType));
        assert_eq!(check_picked(svg), Err(RuleError::PhotoType));
        let text = b"just some text renamed to photo.jpg";
        assert_eq!(check_received(text), Err(RuleError::PhotoType));
        assert_eq!(check_picked(text), Err(RuleError::PhotoType));
        // A HEIC photo is the browser's to try on the phone, never the inbox's.
        let heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic";
        assert_eq!(check_picked(heic), Ok(Picked::Other));
        assert_eq!(check_received(heic), Err(RuleError::PhotoType));
    }

    #[test]
    fn size_limits_count_bytes() {
        let mut big = jpeg_with(640, 480, &[1]);
        big.resize(MAX_PHOTO_BYTES + 1, 0);
        assert_eq!(check_received(&big), Err(RuleError::PhotoTooLarge));
        let mut huge = big.clone();
        huge.resize(MAX_PICKED_BYTES + 1, 0);
        assert_eq!(check_picked(&huge), Err(RuleError::PhotoTooLarge));
    }

    #[test]
    fn webp_sizes_and_ends_are_read() {
        let bytes = webp_lossy(1600, 1200);
        let inspected = check_received(&bytes).unwrap();
        assert_eq!(
            (inspected.kind, inspected.width, inspected.height),
            (PhotoKind::Webp, 1600, 1200)
        );
        let mut longer = bytes.clone();
        longer.extend(b"tail");
        assert_eq!(check_received(&longer), Err(RuleError::PhotoDamaged));
        assert_eq!(
            check_received(&bytes[..bytes.len() - 1]),
            Err(RuleError::PhotoDamaged)
        );
    }

    #[test]
    fn published_sizes_keep_the_aspect_and_never_enlarge() {
        let photo = |width, height| Photo {
            name: "0123456789abcdef".into(),
            alt: "Students at the blood bank".into(),
            width,
            height,
        };
        assert_eq!(photo(1200, 900).sizes(), [(480, 360), (1200, 900)]);
        assert_eq!(photo(900, 1200).sizes(), [(480, 640), (900, 1200)]);
        assert_eq!(photo(300, 200).sizes(), [(300, 200), (300, 200)]);
        assert_eq!(
            photo(1200, 900).srcset("/data/v1/"),
            "/data/v1/photos/0123456789abcdef-480.jpg 480w, \
             /data/v1/photos/0123456789abcdef-1200.jpg 1200w"
        );
        assert!(published_errors(&[photo(1200, 900)]).is_empty());
        let mut bad = photo(1200, 900);
        bad.name = "../../etc/passwd".into();
        assert_eq!(published_errors(&[bad]), vec![RuleError::PhotoDamaged]);
    }

    #[test]
    fn a_photo_is_one_string_in_the_store() {
        let photo = Photo {
            name: "0123456789abcdef".into(),
            alt: "Students at the blood bank: 25 of us".into(),
            width: 1200,
            height: 900,
        };
        let json = serde_json::to_string(&photo).unwrap();
        assert_eq!(
            json,
            r#""0123456789abcdef 1200x900 Students at the blood bank: 25 of us""#
        );
        assert_eq!(serde_json::from_str::<Photo>(&json).unwrap(), photo);
        for bad in [
            "",
            "0123456789abcdef",
            "0123456789abcdef 1200 alt",
            "x 12x y alt",
            "x\"onerror=\"alert(1)// 1x1 alt",
            "0123456789ABCDEF 1200x900 alt",
        ] {
            assert!(bad.parse::<Photo>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_deed_keeps_the_photos_it_can_read() {
        #[derive(Deserialize)]
        struct Card {
            #[serde(deserialize_with = "read_photos")]
            photos: Vec<Photo>,
        }
        let card: Card = serde_json::from_str(
            r#"{"photos": ["x\"onerror=\"alert(1)// 1x1 a", "0123456789abcdef 480x640 The queue"]}"#,
        )
        .unwrap();
        assert_eq!(card.photos.len(), 1);
        assert_eq!(
            (card.photos[0].width, card.photos[0].alt.as_str()),
            (480, "The queue")
        );
    }

    #[test]
    fn every_photo_needs_a_description() {
        let notes = |alts: &[&str]| {
            alts.iter()
                .map(|alt| PhotoNote {
                    alt: alt.to_string(),
                })
                .collect::<Vec<_>>()
        };
        assert!(note_errors(&notes(&["Blood donors at KazNU"])).is_empty());
        let errors = note_errors(&notes(&["Blood donors", "  "]));
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field, errors[0].index),
            (Field::PhotoAlt, Some(1))
        );
        let errors = note_errors(&notes(&["one photo", "two photo", "three ph", "four ph"]));
        assert_eq!(errors[0].code, rules::RuleCode::TooManyPhotos);
    }
}
