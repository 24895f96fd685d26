//! A QR code drawn as inline SVG, for the invitation page and its printed poster: the
//! `qrcodegen` crate makes the modules, [`qr_path`] turns them into one `<path>` of
//! rectangles (a run of dark modules in a row is one rectangle). Only the form's app draws
//! one, so only its download carries the encoder.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// The light margin around the code, in modules: the four the standard asks for, which a
/// camera needs to find the code on a busy noticeboard.
pub const QUIET_ZONE: i32 = 4;

/// A code's SVG parts: its side in modules, quiet zone included, and the path of its dark
/// modules in those units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSvg {
    /// The side of the square `viewBox`, in modules.
    pub side: i32,
    /// The `d` of the dark modules.
    pub path: String,
}

/// The code of `text` at medium error correction (15% of it may be covered or smudged),
/// or none when the text is too long for any QR code.
pub fn qr_svg(text: &str) -> Option<QrSvg> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    Some(QrSvg {
        side: code.size() + 2 * QUIET_ZONE,
        path: qr_path(&code),
    })
}

/// The dark modules of `code` as rectangles, one per run in a row, shifted by the quiet
/// zone: `M4 4h7v1h-7z…`.
pub fn qr_path(code: &QrCode) -> String {
    use std::fmt::Write;

    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            let _ = write!(
                path,
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            );
        }
    }
    path
}

/// The QR code of `text` as an image with an accessible name.
#[component]
pub fn QrCodeImage(
    /// What the code says (an address).
    text: String,
    /// What a screen reader announces for the image.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    qr_svg(&text).map(|QrSvg { side, path }| {
        view! {
            <svg
                class="qr"
                data-testid="invite-qr"
                role="img"
                aria-label=move || label.get()
                viewBox=format!("0 0 {side} {side}")
                shape-rendering="crispEdges"
            >
                <rect width=side height=side fill="#fff" />
                <path d=path fill="#000" />
            </svg>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules a path draws, read back from its rectangles.
    fn modules(svg: &QrSvg) -> Vec<Vec<bool>> {
        let side = svg.side as usize;
        let mut grid = vec![vec![false; side]; side];
        for rect in svg.path.split('z').filter(|r| !r.is_empty()) {
            let rect = rect
                .strip_prefix('M')
                .expect("each rectangle starts with M");
            let (at, rest) = rect.split_once('h').expect("then its run");
            let (x, y) = at.split_once(' ').expect("x and y");
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let run: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            assert_eq!(
                rest,
                format!("{run}v1h-{run}"),
                "a rectangle one module high"
            );
            for cell in &mut grid[y][x..x + run] {
                assert!(!*cell, "rectangles never overlap");
                *cell = true;
            }
        }
        grid
    }

    /// What a camera reads from the drawing: the modules rendered at 8 pixels each into
    /// a grey image, as a phone would see the printed poster, then found and decoded.
    fn scan(svg: &QrSvg) -> String {
        let grid = modules(svg);
        let scale = 8;
        let pixels = grid.len() * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
            if grid[y / scale][x / scale] { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one code in the image");
        grids[0].decode().expect("the code decodes").1
    }

    #[test]
    fn the_drawn_code_scans_back_to_the_invitation_address() {
        for address in [
            "https://alfarabiqq.kz/submit/?u=enu&from=kaznu",
            "http://127.0.0.1:8080/qq/submit/?u=east-kazakhstan-technical&from=al-farabi-kaznu",
        ] {
            let svg = qr_svg(address).expect("an address fits a QR code");
            assert_eq!(scan(&svg), address);
        }
    }

    #[test]
    fn the_drawing_is_the_encoders_matrix_with_its_quiet_zone() {
        let address = "https://alfarabiqq.kz/submit/?u=enu&from=kaznu";
        let code = QrCode::encode_text(address, QrCodeEcc::Medium).unwrap();
        let svg = qr_svg(address).unwrap();
        assert_eq!(svg.side, code.size() + 8);
        let grid = modules(&svg);
        for y in 0..svg.side {
            for x in 0..svg.side {
                let inside = |v: i32| (QUIET_ZONE..QUIET_ZONE + code.size()).contains(&v);
                let dark =
                    inside(x) && inside(y) && code.get_module(x - QUIET_ZONE, y - QUIET_ZONE);
                assert_eq!(grid[y as usize][x as usize], dark, "module {x},{y}");
            }
        }
        // Version 4 (33 modules): 47 bytes at medium correction, big enough for a camera
        // across a corridor when printed 8 cm wide.
        assert_eq!(code.size(), 33);
    }

    #[test]
    fn text_too_long_for_any_code_draws_nothing() {
        assert_eq!(qr_svg(&"x".repeat(8000)), None);
    }
}
