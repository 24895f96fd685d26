//! A pending submission as the public card will show it, and what an approval sends.
//!
//! The card ([`crate::app::components::deed_card::DeedCard`]) shows a [`Deed`] and looks
//! its universities up in a [`Directory`]. A submission may name a university, or a
//! baton, that is not listed: [`preview`] gives each such one a placeholder record, under
//! an id no listed university can have ([`PLACEHOLDER_PREFIX`]), whose name is what the
//! student typed, its city and a "not listed" mark in each language. The moderator then
//! picks a listed id for each ([`picks`]) before approving.

use std::sync::Arc;

use crate::model::{
    Deed, Lang, Names, University,
    feed::Directory,
    moderation::{Picks, QueueItem},
    submission::{Choice, Submission},
};

/// The start of a placeholder's id: a `:` never appears in a listed university's slug.
pub const PLACEHOLDER_PREFIX: &str = "unlisted:";

/// Where an unlisted university appears in a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The student's own university.
    University,
    /// The baton pass at this index of `passes_to`.
    Pass(usize),
}

/// A university the student named but the site does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlisted {
    pub place: Place,
    /// As the student typed it, trimmed.
    pub name: String,
    /// Its city, trimmed.
    pub city: String,
}

impl Unlisted {
    /// "Name, City".
    pub fn label(&self) -> String {
        format!("{}, {}", self.name, self.city)
    }
}

/// What the moderation queue shows of one submission.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The deed as it would be published (number 0: it has none yet).
    pub deed: Deed,
    /// The listed universities and a placeholder for each unlisted one.
    pub directory: Arc<Directory>,
    /// The unlisted ones, the student's own first, then the batons in order.
    pub unlisted: Vec<Unlisted>,
}

fn placeholder_id(place: Place) -> String {
    match place {
        Place::University => format!("{PLACEHOLDER_PREFIX}university"),
        Place::Pass(index) => format!("{PLACEHOLDER_PREFIX}pass-{index}"),
    }
}

/// The submission's unlisted universities, in order.
pub fn unlisted(submission: &Submission) -> Vec<Unlisted> {
    let own = std::iter::once((Place::University, &submission.university));
    let passes = (submission.passes_to.iter().enumerate()).map(|(i, c)| (Place::Pass(i), c));
    own.chain(passes)
        .filter_map(|(place, choice)| match choice {
            Choice::Listed { .. } => None,
            Choice::Unlisted { name, city } => Some(Unlisted {
                place,
                name: name.trim().to_string(),
                city: city.trim().to_string(),
            }),
        })
        .collect()
}

/// The card's deed and directory for `item`; `mark` is the "not listed" mark in a
/// language.
pub fn preview(item: &QueueItem, directory: &Directory, mark: impl Fn(Lang) -> String) -> Preview {
    let submission = &item.submission;
    let id_of = |place: Place, choice: &Choice| match choice {
        Choice::Listed { id } => id.clone(),
        Choice::Unlisted { .. } => placeholder_id(place),
    };
    let university = id_of(Place::University, &submission.university);
    let passes_to = (submission.passes_to.iter().enumerate())
        .map(|(i, choice)| id_of(Place::Pass(i), choice))
        .collect();
    let deed = submission.to_deed(university, passes_to, 0, item.received_at.clone());
    let unlisted = unlisted(submission);
    let names = |text: String| {
        let [kk, ru, en] = Lang::ALL.map(|lang| format!("{text} ({})", mark(lang)));
        Names { kk, ru, en }
    };
    let placeholders = unlisted.iter().map(|u| University {
        id: placeholder_id(u.place),
        short: names(u.label()),
        name: names(u.name.clone()),
        city: Names {
            kk: u.city.clone(),
            ru: u.city.clone(),
            en: u.city.clone(),
        },
        country: String::new(),
        lat: 0.0,
        lon: 0.0,
    });
    let records = directory
        .all()
        .iter()
        .cloned()
        .chain(placeholders)
        .collect();
    Preview {
        deed,
        directory: Arc::new(Directory::new(records)),
        unlisted,
    }
}

/// Whether a link the card makes leads nowhere yet: the deed's own page (it has no
/// number before it is published) or a placeholder's university page. `path` is the
/// link's `href`.
pub fn leads_nowhere(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    path.ends_with("/deed/0") || path.contains(&format!("/u/{PLACEHOLDER_PREFIX}"))
}

/// Why a picked id cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickProblem {
    /// Nothing picked.
    Missing,
    /// No listed university has this id.
    Unknown,
}

/// The approval's body: `chosen[i]` is the id picked for the `i`-th of [`unlisted`]'s
/// universities. `university` is sent when the student's own is unlisted, and
/// `passes_to` (every pass, the listed ones as they were) when a baton is. Every pick
/// must be a listed id (`is_known`); else the problems, by index into `chosen`.
pub fn picks(
    submission: &Submission,
    chosen: &[String],
    is_known: impl Fn(&str) -> bool,
) -> Result<Picks, Vec<(usize, PickProblem)>> {
    let unlisted = unlisted(submission);
    let picked = |index: usize| chosen.get(index).map(|id| id.trim()).unwrap_or_default();
    let problems: Vec<(usize, PickProblem)> = (0..unlisted.len())
        .filter_map(|index| match picked(index) {
            "" => Some((index, PickProblem::Missing)),
            id if !is_known(id) => Some((index, PickProblem::Unknown)),
            _ => None,
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let pick_for = |place: Place| {
        (unlisted.iter().position(|u| u.place == place)).map(|index| picked(index).to_string())
    };
    let university = pick_for(Place::University);
    let passes_to = (unlisted.iter().any(|u| u.place != Place::University)).then(|| {
        (submission.passes_to.iter().enumerate())
            .map(|(i, choice)| match choice {
                Choice::Listed { id } => id.clone(),
                Choice::Unlisted { .. } => pick_for(Place::Pass(i)).unwrap_or_default(),
            })
            .collect()
    });
    Ok(Picks {
        university,
        passes_to,
        remove_photos: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Virtue};

    fn listed(id: &str) -> Choice {
        Choice::Listed { id: id.into() }
    }

    fn unlisted_choice(name: &str, city: &str) -> Choice {
        Choice::Unlisted {
            name: name.into(),
            city: city.into(),
        }
    }

    fn item(university: Choice, passes_to: Vec<Choice>) -> QueueItem {
        QueueItem {
            id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            received_at: "2026-11-26T10:00:00.000Z".into(),
            submission: Submission {
                id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
                university,
                virtue: Virtue::Honesty,
                title: "  Returned a wallet ".into(),
                story: "We found a wallet in the library and took it back.".into(),
                link: String::new(),
                done_on: Date::parse("2026-11-20").unwrap(),
                author: " Aigerim ".into(),
                passes_to,
                consent: true,
                lang: Lang::En,
                website: String::new(),
                received_from: None,
                photos: Vec::new(),
            },
        }
    }

    fn directory() -> Directory {
        let names = |text: &str| Names {
            kk: text.into(),
            ru: text.into(),
            en: text.into(),
        };
        let university = |id: &str, short: &str| University {
            id: id.into(),
            short: names(short),
            name: names(short),
            city: names("Almaty"),
            country: "KZ".into(),
            lat: 43.2,
            lon: 76.9,
        };
        Directory::new(vec![university("kaznu", "KazNU"), university("enu", "ENU")])
    }

    fn mark(lang: Lang) -> String {
        format!("not listed/{}", lang.tag())
    }

    #[test]
    fn a_listed_submission_is_the_deed_it_would_publish() {
        let preview = preview(
            &item(listed("kaznu"), vec![listed("enu")]),
            &directory(),
            mark,
        );
        assert_eq!(preview.deed.university, "kaznu");
        assert_eq!(preview.deed.passes_to, vec!["enu".to_string()]);
        assert_eq!(preview.deed.title, "Returned a wallet");
        assert_eq!(preview.deed.author.as_deref(), Some("Aigerim"));
        assert_eq!(preview.deed.link, None);
        assert_eq!(preview.deed.id, 0);
        assert_eq!(preview.deed.published_at, "2026-11-26T10:00:00.000Z");
        assert!(!preview.deed.illustrative);
        assert!(preview.unlisted.is_empty());
        assert_eq!(preview.directory.all().len(), 2);
    }

    #[test]
    fn an_unlisted_university_shows_its_typed_name_city_and_mark() {
        let preview = preview(
            &item(
                unlisted_choice(" Tashkent State University ", "Tashkent "),
                vec![listed("enu"), unlisted_choice("Oxford Brookes", "Oxford")],
            ),
            &directory(),
            mark,
        );
        let own = preview.directory.get(&preview.deed.university).unwrap();
        assert_eq!(
            own.short.get(Lang::Ru),
            "Tashkent State University, Tashkent (not listed/ru)"
        );
        assert_eq!(preview.deed.passes_to[0], "enu");
        let pass = preview.directory.get(&preview.deed.passes_to[1]).unwrap();
        assert_eq!(
            pass.short.get(Lang::Kk),
            "Oxford Brookes, Oxford (not listed/kk)"
        );
        assert_eq!(
            preview.unlisted,
            vec![
                Unlisted {
                    place: Place::University,
                    name: "Tashkent State University".into(),
                    city: "Tashkent".into(),
                },
                Unlisted {
                    place: Place::Pass(1),
                    name: "Oxford Brookes".into(),
                    city: "Oxford".into(),
                },
            ]
        );
        // A placeholder's id is no slug, so it cannot shadow a listed university.
        assert!(crate::model::rules::check_slug(&preview.deed.university).is_err());
        assert!(leads_nowhere(&format!("/qq/u/{}", preview.deed.university)));
        assert!(leads_nowhere("/deed/0"));
        assert!(leads_nowhere("/deed/0/"));
        assert!(!leads_nowhere("/u/kaznu/"));
        assert!(!leads_nowhere("/deed/10/"));
    }

    #[test]
    fn nothing_is_picked_when_everything_is_listed() {
        let submission = item(listed("kaznu"), vec![listed("enu")]).submission;
        assert_eq!(picks(&submission, &[], |_| true), Ok(Picks::default()));
    }

    #[test]
    fn picks_fill_the_unlisted_places_and_keep_the_listed_passes() {
        let known = |id: &str| ["kaznu", "enu", "tsu", "brookes"].contains(&id);
        let own = item(unlisted_choice("TSU", "Tashkent"), vec![listed("enu")]).submission;
        assert_eq!(
            picks(&own, &[" tsu ".into()], known),
            Ok(Picks {
                university: Some("tsu".into()),
                passes_to: None,
                remove_photos: Vec::new(),
            })
        );
        let baton = item(
            listed("kaznu"),
            vec![listed("enu"), unlisted_choice("Oxford Brookes", "Oxford")],
        )
        .submission;
        assert_eq!(
            picks(&baton, &["brookes".into()], known),
            Ok(Picks {
                university: None,
                passes_to: Some(vec!["enu".into(), "brookes".into()]),
                remove_photos: Vec::new(),
            })
        );
    }

    #[test]
    fn a_missing_or_unknown_pick_is_refused_before_sending() {
        let known = |id: &str| id == "tsu";
        let both = item(
            unlisted_choice("TSU", "Tashkent"),
            vec![unlisted_choice("Oxford Brookes", "Oxford")],
        )
        .submission;
        assert_eq!(
            picks(&both, &["".into(), "hogwarts".into()], known),
            Err(vec![(0, PickProblem::Missing), (1, PickProblem::Unknown)])
        );
        assert_eq!(
            picks(&both, &["tsu".into()], known),
            Err(vec![(1, PickProblem::Missing)])
        );
    }
}
