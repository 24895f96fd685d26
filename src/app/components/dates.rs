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
    t_string!(i18n, date.pattern)
        .replace("%D", &date.day.to_string())
        .replace("%M", month(i18n, date.month))
        .replace("%Y", &date.year.to_string())
}

/// How long before `today` the day was, in the current language.
pub fn format_ago(i18n: I18nContext<Locale>, today: Date, date: Date) -> String {
    let lang = lang_of(i18n.get_locale());
    let (n, forms) = match ago(date.days_until(today)) {
        Ago::Today => return t_string!(i18n, rel.today).to_string(),
        Ago::Yesterday => return t_string!(i18n, rel.yesterday).to_string(),
        Ago::Days(n) => (
            n,
            [
                t_string!(i18n, rel.days.one),
                t_string!(i18n, rel.days.few),
                t_string!(i18n, rel.days.many),
                t_string!(i18n, rel.days.other),
            ],
        ),
        Ago::Months(n) => (
            n,
            [
                t_string!(i18n, rel.months.one),
                t_string!(i18n, rel.months.few),
                t_string!(i18n, rel.months.many),
                t_string!(i18n, rel.months.other),
            ],
        ),
        Ago::Years(n) => (
            n,
            [
                t_string!(i18n, rel.years.one),
                t_string!(i18n, rel.years.few),
                t_string!(i18n, rel.years.many),
                t_string!(i18n, rel.years.other),
            ],
        ),
    };
    let form = match plural(lang, n) {
        Plural::One => forms[0],
        Plural::Few => forms[1],
        Plural::Many => forms[2],
        Plural::Other => forms[3],
    };
    form.replace("%N", &n.to_string())
}
