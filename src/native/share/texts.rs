//! The words the share images need, in the site's three languages, from the locale files
//! (`locales/{kk,ru,en}.json`) through the same generated translations the pages use, so
//! a key missing from a locale fails the build and no word is written here in one
//! language.

use crate::i18n::{Locale, td_string};
use crate::model::plural::{Plural, plural};
use crate::model::{Lang, Virtue};

/// One text in each language, in the site's order: kk, ru, en ([`Lang::ALL`]).
pub(super) type Three = [&'static str; 3];

/// A noun after a number, in each language's plural forms (one, few, many, other).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted([[&'static str; 4]; 3]);

impl Counted {
    /// The noun after `n` in `lang` ("добрых поступков" after 5).
    pub(super) fn after(&self, lang: Lang, n: u64) -> &'static str {
        let forms = &self.0[lang_index(lang)];
        match plural(lang, n) {
            Plural::One => forms[0],
            Plural::Few => forms[1],
            Plural::Many => forms[2],
            Plural::Other => forms[3],
        }
    }

    /// The noun after `n` in each language, in the site's order.
    pub(super) fn all_after(&self, n: u64) -> Three {
        Lang::ALL.map(|lang| self.after(lang, n))
    }
}

/// The words the images draw besides the data's own names: the site's name and tagline,
/// the virtues' names and descriptions, and the nouns after the numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareTexts {
    pub(super) site_name: Three,
    pub(super) tagline: Three,
    /// By virtue, in [`Virtue::ALL`]'s order.
    virtue_names: [Three; 4],
    virtue_texts: [Three; 4],
    pub(super) deeds: Counted,
    pub(super) universities: Counted,
    pub(super) countries: Counted,
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Kk => 0,
        Lang::Ru => 1,
        Lang::En => 2,
    }
}

fn virtue_index(virtue: Virtue) -> usize {
    match virtue {
        Virtue::Kindness => 0,
        Virtue::Decency => 1,
        Virtue::Honesty => 2,
        Virtue::Justice => 3,
    }
}

/// `read` in each language.
fn each<T>(read: impl Fn(Locale) -> T) -> [T; 3] {
    Lang::ALL.map(|lang| {
        read(match lang {
            Lang::Kk => Locale::kk,
            Lang::Ru => Locale::ru,
            Lang::En => Locale::en,
        })
    })
}

impl ShareTexts {
    /// The texts, from the locale files.
    pub fn from_locales() -> ShareTexts {
        ShareTexts {
            site_name: each(|l| td_string!(l, site.name)),
            tagline: each(|l| td_string!(l, site.tagline)),
            virtue_names: [
                each(|l| td_string!(l, virtue.kindness.name)),
                each(|l| td_string!(l, virtue.decency.name)),
                each(|l| td_string!(l, virtue.honesty.name)),
                each(|l| td_string!(l, virtue.justice.name)),
            ],
            virtue_texts: [
                each(|l| td_string!(l, virtue.kindness.text)),
                each(|l| td_string!(l, virtue.decency.text)),
                each(|l| td_string!(l, virtue.honesty.text)),
                each(|l| td_string!(l, virtue.justice.text)),
            ],
            deeds: Counted(each(|l| {
                [
                    td_string!(l, share.deeds.one),
                    td_string!(l, share.deeds.few),
                    td_string!(l, share.deeds.many),
                    td_string!(l, share.deeds.other),
                ]
            })),
            universities: Counted(each(|l| {
                [
                    td_string!(l, share.universities.one),
                    td_string!(l, share.universities.few),
                    td_string!(l, share.universities.many),
                    td_string!(l, share.universities.other),
                ]
            })),
            countries: Counted(each(|l| {
                [
                    td_string!(l, share.countries.one),
                    td_string!(l, share.countries.few),
                    td_string!(l, share.countries.many),
                    td_string!(l, share.countries.other),
                ]
            })),
        }
    }

    /// A virtue's name in each language.
    pub(super) fn virtue_name(&self, virtue: Virtue) -> Three {
        self.virtue_names[virtue_index(virtue)]
    }

    /// A virtue's short description in each language.
    pub(super) fn virtue_text(&self, virtue: Virtue) -> Three {
        self.virtue_texts[virtue_index(virtue)]
    }

    /// Every text, for the test that the fonts cover them.
    #[cfg(test)]
    pub(super) fn every_text(&self) -> Vec<&'static str> {
        let counted = [&self.deeds, &self.universities, &self.countries];
        [self.site_name, self.tagline]
            .into_iter()
            .chain(self.virtue_names)
            .chain(self.virtue_texts)
            .flatten()
            .chain(counted.into_iter().flat_map(|c| c.0.into_iter().flatten()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The locale file of `lang`, flattened to dotted keys.
    fn locale(lang: Lang) -> std::collections::BTreeMap<String, String> {
        let path = format!("{}/locales/{}.json", env!("CARGO_MANIFEST_DIR"), lang.tag());
        let text = std::fs::read_to_string(path).expect("the locale file is readable");
        let value = serde_json::from_str(&text).expect("the locale file is JSON");
        crate::native::locale_keys::flatten(&value)
    }

    #[test]
    fn texts_come_from_the_locale_files_in_the_sites_order() {
        let texts = ShareTexts::from_locales();
        for lang in Lang::ALL {
            let file = locale(lang);
            let i = lang_index(lang);
            assert_eq!(texts.site_name[i], file["site.name"]);
            assert_eq!(texts.tagline[i], file["site.tagline"]);
            for virtue in Virtue::ALL {
                let slug = virtue.slug();
                assert_eq!(
                    texts.virtue_name(virtue)[i],
                    file[&format!("virtue.{slug}.name")]
                );
                assert_eq!(
                    texts.virtue_text(virtue)[i],
                    file[&format!("virtue.{slug}.text")]
                );
            }
        }
    }

    #[test]
    fn nouns_follow_each_languages_plural_forms() {
        let texts = ShareTexts::from_locales();
        for (n, form) in [
            (1, "one"),
            (3, "few"),
            (5, "many"),
            (21, "one"),
            (12, "many"),
        ] {
            let ru = locale(Lang::Ru);
            assert_eq!(
                texts.deeds.after(Lang::Ru, n),
                ru[&format!("share.deeds.{form}")],
                "{n}"
            );
        }
        let en = locale(Lang::En);
        assert_eq!(
            texts.countries.after(Lang::En, 1),
            en["share.countries.one"]
        );
        assert_eq!(
            texts.countries.after(Lang::En, 2),
            en["share.countries.other"]
        );
        assert_eq!(
            texts.universities.all_after(0),
            Lang::ALL.map(|lang| texts.universities.after(lang, 0))
        );
    }
}
