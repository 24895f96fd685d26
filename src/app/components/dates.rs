//! Dates in words, through translation keys rather than locale tables: "6 February 2020",
//! "6 февраля 2020 г.", "2020 жылғы 6 ақпан", and "3 days ago" with each language's
//! plural forms.

use crate::i18n::{Locale, t_string};
use crate::model::{
    Date, Lang,
    plural::{Ago, Plural, ago, plural},
};
use leptos_i18n::I18nContext;

/// The model's language for a UI locale.
pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::kk => Lang::Kk,
        Locale::ru => Lang::Ru,
        Locale::en => Lang::En,
    }
}

fn month(i18n: I18nContext<Locale>, month: u8) -> &'static str {
    match month {
        1 => t_string!(i18n, date.month_1),
        2 => t_string!(i18n, date.month_2),
        3 => t_string!(i18n, date.month_3),
        4 => t_string!(i18n, date.month_4),
        5 => t_string!(i18n, date.month_5),
        6 => t_string!(i18n, date.month_6),
        7 => t_string!(i18n, date.month_7),
        8 => t_string!(i18n, date.month_8),
        9 => t_string!(i18n, date.month_9),
        10 => t_string!(i18n, date.month_10),
        11 => t_string!(i18n, date.month_11),
        _ => t_string!(i18n, date.month_12),
    }
}

/// The day in words, in the current language.
pub fn format_date(i18n: I18nContext<Locale>, date: Date) -> String {
    t_string!(
        i18n,
        date.pattern,
        day = date.day,
        month = month(i18n, date.month),
        year = date.year
    )
}

/// How long before `today` the day was, in the current language.
pub fn format_ago(i18n: I18nContext<Locale>, today: Date, date: Date) -> String {
    let lang = lang_of(i18n.get_locale());
    match ago(date.days_until(today)) {
        Ago::Today => t_string!(i18n, rel.today).to_string(),
        Ago::Yesterday => t_string!(i18n, rel.yesterday).to_string(),
        Ago::Days(n) => match plural(lang, n) {
            Plural::One => t_string!(i18n, rel.days.one, n = n),
            Plural::Few => t_string!(i18n, rel.days.few, n = n),
            Plural::Many => t_string!(i18n, rel.days.many, n = n),
            Plural::Other => t_string!(i18n, rel.days.other, n = n),
        },
        Ago::Months(n) => match plural(lang, n) {
            Plural::One => t_string!(i18n, rel.months.one, n = n),
            Plural::Few => t_string!(i18n, rel.months.few, n = n),
            Plural::Many => t_string!(i18n, rel.months.many, n = n),
            Plural::Other => t_string!(i18n, rel.months.other, n = n),
        },
        Ago::Years(n) => match plural(lang, n) {
            Plural::One => t_string!(i18n, rel.years.one, n = n),
            Plural::Few => t_string!(i18n, rel.years.few, n = n),
            Plural::Many => t_string!(i18n, rel.years.many, n = n),
            Plural::Other => t_string!(i18n, rel.years.other, n = n),
        },
    }
}
