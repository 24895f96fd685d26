//! Plural forms, so "3 days ago" reads right in each language without the ICU tables:
//! Russian has one / few / many (1 день, 2 дня, 5 дней); Kazakh and English one / other.

use crate::model::Lang;

/// The CLDR plural category of a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Few,
    Many,
    Other,
}

/// The category `n` falls in for `lang`.
pub fn plural(lang: Lang, n: u64) -> Plural {
    match lang {
        Lang::Ru => {
            let (units, tens) = (n % 10, n % 100);
            if units == 1 && tens != 11 {
                Plural::One
            } else if (2..=4).contains(&units) && !(12..=14).contains(&tens) {
                Plural::Few
            } else {
                Plural::Many
            }
        }
        Lang::Kk | Lang::En => {
            if n == 1 {
                Plural::One
            } else {
                Plural::Other
            }
        }
    }
}

/// How long ago a day was, in the unit a reader would use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ago {
    Today,
    Yesterday,
    Days(u64),
    Months(u64),
    Years(u64),
}

/// `days` (today minus the day, never negative) in words' units.
pub fn ago(days: i64) -> Ago {
    match days {
        i64::MIN..=0 => Ago::Today,
        1 => Ago::Yesterday,
        2..=30 => Ago::Days(days as u64),
        31..=364 => Ago::Months((days as u64 / 30).max(1)),
        _ => Ago::Years(days as u64 / 365),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_has_three_forms() {
        let forms: Vec<Plural> = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111]
            .iter()
            .map(|&n| plural(Lang::Ru, n))
            .collect();
        use Plural::*;
        assert_eq!(
            forms,
            [
                One, Few, Few, Many, Many, Many, Many, One, Few, Many, One, Many
            ]
        );
    }

    #[test]
    fn kazakh_and_english_have_two() {
        assert_eq!(plural(Lang::Kk, 1), Plural::One);
        assert_eq!(plural(Lang::Kk, 3), Plural::Other);
        assert_eq!(plural(Lang::En, 0), Plural::Other);
    }

    #[test]
    fn the_unit_grows_with_the_distance() {
        assert_eq!(ago(0), Ago::Today);
        assert_eq!(ago(1), Ago::Yesterday);
        assert_eq!(ago(3), Ago::Days(3));
        assert_eq!(ago(45), Ago::Months(1));
        assert_eq!(ago(800), Ago::Years(2));
    }
}
