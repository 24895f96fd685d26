//! The cost of the share images (`alfarabi_qq::native::share`): draws each kind many
//! times and prints the time per image and its PNG size, with what one image per deed
//! would cost at 100,000 deeds on two cores (at best, both busy all the time), then the
//! image of every sample university. With `--out DIR`, writes one of each kind there to
//! look at.
//!
//! `cargo run --release --example bench_share -- [--rounds N] [--out DIR]`
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    use std::time::Instant;

    use alfarabi_qq::model::Virtue;
    use alfarabi_qq::native::share::{self, ShareTexts};

    let mut rounds = 50_u32;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => rounds = args.next().ok_or("--rounds needs a number")?.parse()?,
            "--out" => {
                out = Some(std::path::PathBuf::from(
                    args.next().ok_or("--out needs a folder")?,
                ))
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }

    let source = alfarabi_qq::native::inbox::sample_source()?;
    let university = source
        .universities
        .iter()
        .max_by_key(|university| university.name.kk.chars().count())
        .ok_or("the sample has universities")?;
    let by_virtue = [
        (Virtue::Kindness, 12),
        (Virtue::Decency, 5),
        (Virtue::Honesty, 7),
        (Virtue::Justice, 3),
    ];
    let texts = ShareTexts::from_locales();

    type Draw<'a> = Box<dyn Fn() -> Result<Vec<u8>, share::ShareError> + 'a>;
    let kinds: [(&str, Draw); 3] = [
        (
            "university",
            Box::new(|| share::university_image(university, 27, &by_virtue, &texts)),
        ),
        (
            "virtue",
            Box::new(|| share::virtue_image(Virtue::Kindness, &texts)),
        ),
        (
            "site",
            Box::new(|| share::site_image(100_000, 300, 42, &texts)),
        ),
    ];
    for (name, draw) in &kinds {
        let png = draw()?; // the first draw loads the fonts
        let start = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(draw()?);
        }
        let per_image = start.elapsed().as_secs_f64() / f64::from(rounds);
        println!(
            "{name}: {:.1} ms per image, {} bytes; one per deed at 100,000 deeds: {:.0} s on 2 cores, {:.1} MB",
            per_image * 1e3,
            png.len(),
            per_image * 100_000.0 / 2.0,
            png.len() as f64 * 100_000.0 / 1e6,
        );
        if let Some(out) = &out {
            std::fs::create_dir_all(out)?;
            std::fs::write(out.join(format!("{name}.png")), &png)?;
        }
    }

    // What the site needs: one image per university (and four virtues, one site image).
    let start = Instant::now();
    let mut bytes = 0;
    for university in &source.universities {
        bytes += share::university_image(university, 27, &by_virtue, &texts)?.len();
    }
    println!(
        "every sample university ({}): {:.2} s, {} bytes in all, {} on average",
        source.universities.len(),
        start.elapsed().as_secs_f64(),
        bytes,
        bytes / source.universities.len().max(1),
    );
    Ok(())
}

#[cfg(target_arch = "wasm32")]
fn main() {}
