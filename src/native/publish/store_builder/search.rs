//! The keyword index as the store builder keeps it (see [`crate::model::search_index`]).
//!
//! A full build lays every key out at once: facets and words in at least [`OWN_FROM`]
//! deeds get their own files, the other words fill shards of about the same size (never
//! more than [`MAX_SHARDS`], so the manifest's list of bounds stays under a kilobyte), and
//! `pending.json` is empty. An approval adds its deeds' keys to `pending.json` and writes
//! out the units (shards, own files) with the most pending postings, as many as fit in
//! [`FILES_PER_APPROVAL`] files with `pending.json`: a shard that grows past twice its
//! size splits in two, a word that reaches [`OWN_FROM`] deeds moves to its own file.
//! Searches read `pending.json` too, so a deed is found from its approval on.

use std::collections::{BTreeMap, BTreeSet};

use super::origin::Origin;
use crate::model::{
    SCHEMA_VERSION,
    search_index::{
        FILES_PER_APPROVAL, IndexLayout, OwnFile, Pending, Postings, Shard, is_facet, own_url,
        pending_url, shard_url,
    },
};
use crate::native::publish::{PublishError, StoreFiles};

/// Deeds from which a word leaves its shard for a file of its own.
pub const OWN_FROM: usize = 300;
/// The smallest shard a full build aims at, in bytes of JSON.
pub const SHARD_BYTES: usize = 16_000;
/// Shards a full build makes at most: their bounds are in the manifest.
pub const MAX_SHARDS: usize = 120;

/// The keys of the deeds added, by key.
#[derive(Debug, Default)]
pub(super) struct SearchIndex {
    added: BTreeMap<String, Postings>,
}

impl SearchIndex {
    /// Indexes deed `id` by `keys`. Deeds come in ascending order.
    pub(super) fn add(&mut self, id: u64, keys: BTreeSet<String>) {
        for key in keys {
            let postings = self.added.entry(key).or_default();
            if postings.0.last().is_none_or(|&last| last < id) {
                postings.0.push(id);
            } else {
                postings.insert(id);
            }
        }
    }

    /// Every index file of a store whose deeds were all added, and its layout.
    pub(super) fn full(self) -> (IndexLayout, StoreFiles) {
        let mut files = StoreFiles::new();
        let mut sized: Vec<(String, Option<Postings>, usize)> = Vec::new();
        for (key, postings) in self.added {
            if is_facet(&key) || postings.0.len() >= OWN_FROM {
                files.insert(own_url(&key), own_file(&key, postings));
                if !is_facet(&key) {
                    sized.push((key.clone(), None, key.len() + 3));
                }
            } else {
                let size = entry_size(&key, &postings);
                sized.push((key, Some(postings), size));
            }
        }
        let total: usize = sized.iter().map(|(_, _, size)| size).sum();
        let target = SHARD_BYTES.max(total.div_ceil(MAX_SHARDS));
        let mut layout = IndexLayout {
            shards: vec![String::new()],
            shard_bytes: target as u64,
        };
        let mut shard = Shard::default();
        let mut filled = 0;
        let mut previous: Option<String> = None;
        for (word, postings, size) in sized {
            if filled > 0 && filled + size > target && layout.shards.len() < MAX_SHARDS {
                let bound = separator(previous.as_deref().unwrap_or(""), &word);
                let done = std::mem::take(&mut shard);
                let begins = layout.shards.last().cloned().unwrap_or_default();
                files.insert(shard_url(&begins), shard_file(done));
                layout.shards.push(bound);
                filled = 0;
            }
            filled += size;
            match postings {
                Some(postings) => drop(shard.words.insert(word.clone(), postings)),
                None => drop(shard.own.insert(word.clone())),
            }
            previous = Some(word);
        }
        let begins = layout.shards.last().cloned().unwrap_or_default();
        files.insert(shard_url(&begins), shard_file(shard));
        files.insert(pending_url(), pending_file(Pending::default()));
        (layout, files)
    }

    /// The index files that change when the deeds added join the index under `origin`,
    /// laid out by `layout` (updated when a shard splits).
    pub(super) fn appended(
        self,
        origin: &Origin,
        layout: &mut IndexLayout,
    ) -> Result<StoreFiles, PublishError> {
        if layout.shards.is_empty() {
            return Err(PublishError::Invalid {
                file: origin.path(&crate::native::publish::manifest_path()),
                line: 0,
                reason: "the store has no keyword index to add to".into(),
            });
        }
        let mut pending: Pending = origin.read_or(&pending_url(), Pending::default)?;
        for (key, postings) in self.added {
            pending.keys.entry(key).or_default().merge(&postings);
        }
        // Which unit each pending key is written into.
        let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
        let mut units: BTreeMap<Unit, usize> = BTreeMap::new();
        for (key, postings) in &pending.keys {
            let unit = if is_facet(key) {
                Unit::Own(key.clone())
            } else {
                let bound = layout.shard_of(key).unwrap_or_default().to_string();
                if !shards.contains_key(&bound) {
                    let shard = origin.read_or(&shard_url(&bound), Shard::default)?;
                    shards.insert(bound.clone(), shard);
                }
                if shards[&bound].own.contains(key) {
                    Unit::Own(key.clone())
                } else {
                    Unit::Shard(bound)
                }
            };
            *units.entry(unit).or_default() += postings.0.len();
        }
        let mut ranked: Vec<(Unit, usize)> = units.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

        let mut files = StoreFiles::new();
        let budget = FILES_PER_APPROVAL - 1;
        for (unit, _) in ranked {
            let room = budget - files.len();
            if room == 0 {
                break;
            }
            match unit {
                Unit::Own(key) => {
                    let mut file: OwnFile = origin.read_or(&own_url(&key), || OwnFile {
                        schema: SCHEMA_VERSION,
                        key: key.clone(),
                        ids: Postings::default(),
                    })?;
                    if let Some(new) = pending.keys.remove(&key) {
                        file.ids.merge(&new);
                    }
                    files.insert(own_url(&key), json(&file));
                }
                Unit::Shard(bound) => {
                    let mut shard = shards.remove(&bound).unwrap_or_default();
                    let end = next_bound(layout, &bound);
                    let keys: Vec<String> = (pending.keys.keys())
                        .filter(|key| !is_facet(key) && **key >= bound)
                        .filter(|key| end.as_ref().is_none_or(|end| *key < end))
                        .filter(|key| !shard.own.contains(*key))
                        .cloned()
                        .collect();
                    let written = write_shard(&mut shard, &keys, &pending, layout, &bound, room);
                    let Some(written) = written else {
                        shards.insert(bound, shard);
                        continue;
                    };
                    for key in &keys {
                        pending.keys.remove(key);
                    }
                    files.extend(written);
                }
            }
        }
        files.insert(pending_url(), pending_file(pending));
        Ok(files)
    }
}

/// A file pending postings are written into.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Shard(String),
    Own(String),
}

/// The files of shard `bound` with `keys` of `pending` merged in: the shard, the own files
/// of words that reached [`OWN_FROM`], and the second half if it split (adding its bound
/// to `layout`). `None`, and nothing changed, when they would be more than `room`.
fn write_shard(
    shard: &mut Shard,
    keys: &[String],
    pending: &Pending,
    layout: &mut IndexLayout,
    bound: &str,
    room: usize,
) -> Option<StoreFiles> {
    let mut merged = shard.clone();
    let mut files = StoreFiles::new();
    for key in keys {
        let postings = merged.words.entry(key.clone()).or_default();
        postings.merge(&pending.keys[key]);
        if postings.0.len() >= OWN_FROM {
            let postings = merged.words.remove(key).unwrap_or_default();
            merged.own.insert(key.clone());
            files.insert(own_url(key), own_file(key, postings));
        }
    }
    let size: usize = (merged.words.iter())
        .map(|(word, postings)| entry_size(word, postings))
        .chain(merged.own.iter().map(|word| word.len() + 3))
        .sum();
    let mut halves = vec![(bound.to_string(), merged)];
    if size > 2 * layout.shard_bytes as usize
        && let Some((second_bound, second)) = split(&mut halves[0].1, size / 2)
    {
        halves.push((second_bound, second));
    }
    if files.len() + halves.len() > room {
        return None;
    }
    for (begins, half) in halves {
        if begins != bound {
            let at = layout.shards.partition_point(|b| *b < begins);
            layout.shards.insert(at, begins.clone());
        }
        files.insert(shard_url(&begins), shard_file(half));
    }
    *shard = Shard::default();
    Some(files)
}

/// Splits `shard` where its first `half` bytes end: the second part and its bound.
fn split(shard: &mut Shard, half: usize) -> Option<(String, Shard)> {
    let mut words: Vec<&String> = shard.words.keys().chain(shard.own.iter()).collect();
    words.sort();
    let mut filled = 0;
    let mut cut = None;
    for pair in words.windows(2) {
        filled += shard
            .words
            .get(pair[0])
            .map_or(pair[0].len() + 3, |postings| entry_size(pair[0], postings));
        if filled >= half {
            cut = Some(separator(pair[0], pair[1]));
            break;
        }
    }
    let cut = cut?;
    let second = Shard {
        schema: SCHEMA_VERSION,
        words: shard.words.split_off(&cut),
        own: shard.own.split_off(&cut),
    };
    Some((cut, second))
}

/// The bound of the shard after the one that begins at `bound`.
fn next_bound(layout: &IndexLayout, bound: &str) -> Option<String> {
    let at = layout.shards.partition_point(|b| b.as_str() <= bound);
    layout.shards.get(at).cloned()
}

/// The shortest beginning of `word` that sorts after `previous` (which sorts before it).
fn separator(previous: &str, word: &str) -> String {
    let mut prefix = String::new();
    for c in word.chars() {
        prefix.push(c);
        if prefix.as_str() > previous {
            return prefix;
        }
    }
    prefix
}

/// About how many bytes `word` and its postings take in a shard.
fn entry_size(word: &str, postings: &Postings) -> usize {
    let mut before = 0;
    let digits: usize = (postings.0.iter())
        .map(|&id| {
            let gap = id - before;
            before = id;
            gap.checked_ilog10().unwrap_or(0) as usize + 2
        })
        .sum();
    word.len() + 5 + digits
}

fn own_file(key: &str, ids: Postings) -> Vec<u8> {
    json(&OwnFile {
        schema: SCHEMA_VERSION,
        key: key.to_string(),
        ids,
    })
}

fn shard_file(mut shard: Shard) -> Vec<u8> {
    shard.schema = SCHEMA_VERSION;
    json(&shard)
}

fn pending_file(mut pending: Pending) -> Vec<u8> {
    pending.schema = SCHEMA_VERSION;
    json(&pending)
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    super::json(value)
}

/// Every key of the index in `files` (a store's files, or those an approval wrote) with
/// its deeds, from shards, own files and `pending.json` together: what searches see.
pub fn index_postings(files: &StoreFiles) -> Result<BTreeMap<String, Postings>, String> {
    let dir = crate::model::search_index::index_dir();
    let mut all: BTreeMap<String, Postings> = BTreeMap::new();
    let parse_error = |path: &str, e: serde_json::Error| format!("{path}: {e}");
    for (path, bytes) in files.range(format!("{dir}/")..) {
        let Some(name) = path.strip_prefix(&format!("{dir}/")) else {
            break;
        };
        if name.starts_with("s/") {
            let shard: Shard = serde_json::from_slice(bytes).map_err(|e| parse_error(path, e))?;
            for (word, postings) in shard.words {
                all.entry(word).or_default().merge(&postings);
            }
        } else if name.starts_with("w/") {
            let own: OwnFile = serde_json::from_slice(bytes).map_err(|e| parse_error(path, e))?;
            all.entry(own.key).or_default().merge(&own.ids);
        } else if name == "pending.json" {
            let pending: Pending =
                serde_json::from_slice(bytes).map_err(|e| parse_error(path, e))?;
            for (key, postings) in pending.keys {
                all.entry(key).or_default().merge(&postings);
            }
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_separator_is_the_shortest_beginning_that_sorts_after() {
        assert_eq!(separator("дом", "донор"), "дон");
        assert_eq!(separator("", "абай"), "а");
        assert_eq!(separator("кар", "карта"), "карт");
        assert_eq!(separator("12", "120"), "120");
    }

    #[test]
    fn approvals_write_a_bounded_number_of_files_and_find_what_a_build_finds() {
        use crate::native::{
            publish::{appended_files, build_store, write_files, write_store},
            synthetic::synthetic_source,
        };
        let source = synthetic_source(40, 1300);
        let site = tempfile::tempdir().unwrap();
        let older = crate::native::publish::Source {
            universities: source.universities.clone(),
            deeds: source.deeds[..1200].to_vec(),
        };
        write_store(site.path(), &build_store(&older).unwrap()).unwrap();
        let read = |path: &str| std::fs::read(site.path().join(path)).unwrap();
        let layout_before: crate::model::store::Manifest =
            serde_json::from_slice(&read("data/v1/manifest.json")).unwrap();
        let mut largest_pending = 0;
        for deed in &source.deeds[1200..] {
            let files = appended_files(
                site.path(),
                &source.universities,
                std::slice::from_ref(deed),
            )
            .unwrap();
            let index = files
                .keys()
                .filter(|p| p.starts_with("data/v1/search/"))
                .count();
            assert!(
                index <= FILES_PER_APPROVAL,
                "deed {}: {index} files",
                deed.id
            );
            write_files(site.path(), &files).unwrap();
            largest_pending = largest_pending.max(read(&pending_url()).len());
        }
        let on_disk = crate::native::publish::read_store(site.path()).unwrap();
        let full = build_store(&source).unwrap();
        assert_eq!(
            index_postings(&on_disk).unwrap(),
            index_postings(&full).unwrap()
        );
        assert!(
            largest_pending < 20_000,
            "pending.json grew to {largest_pending} bytes"
        );
        let after: crate::model::store::Manifest =
            serde_json::from_slice(&read("data/v1/manifest.json")).unwrap();
        assert!(after.search.shards.len() >= layout_before.search.shards.len());
        assert!(after.search.shards.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn a_full_build_keeps_shards_near_their_size_and_common_words_apart() {
        let source = crate::native::synthetic::synthetic_source(40, 3000);
        let files = crate::native::publish::build_store(&source).unwrap();
        let manifest: crate::model::store::Manifest =
            serde_json::from_slice(&files["data/v1/manifest.json"]).unwrap();
        let layout = &manifest.search;
        assert!(layout.shards.len() > 1 && layout.shards.len() <= MAX_SHARDS);
        assert_eq!(layout.shards[0], "");
        for bound in &layout.shards {
            let shard: Shard = serde_json::from_slice(&files[&shard_url(bound)]).unwrap();
            let size = files[&shard_url(bound)].len();
            assert!(
                size <= 3 * layout.shard_bytes as usize,
                "{bound:?}: {size} bytes"
            );
            for (word, postings) in &shard.words {
                assert!(postings.0.len() < OWN_FROM, "{word}");
                assert_eq!(layout.shard_of(word), Some(bound.as_str()), "{word}");
            }
            for word in &shard.own {
                let own: OwnFile = serde_json::from_slice(&files[&own_url(word)]).unwrap();
                assert!(own.ids.0.len() >= OWN_FROM, "{word}");
            }
        }
        let common = own_url(crate::native::synthetic::COMMON_WORD);
        let donor: OwnFile = serde_json::from_slice(&files[&common]).unwrap();
        assert!(
            (1300..1700).contains(&donor.ids.0.len()),
            "{}",
            donor.ids.0.len()
        );
    }

    #[test]
    fn an_approval_past_the_budget_keeps_the_rest_pending_and_the_next_writes_it() {
        let site = tempfile::tempdir().unwrap();
        let origin = Origin(Some(site.path().to_path_buf()));
        // 100 shards, and one deed with a word in each: more units than one approval may
        // write.
        let mut bounds: Vec<String> = std::iter::once(String::new())
            .chain((10..110).map(|n| format!("w{n}")))
            .collect();
        bounds.sort();
        let mut layout = IndexLayout {
            shards: bounds,
            shard_bytes: SHARD_BYTES as u64,
        };
        let mut index = SearchIndex::default();
        index.add(1, (10..110).map(|n| format!("w{n}x")).collect());
        let files = index.appended(&origin, &mut layout).unwrap();
        assert_eq!(
            files.len(),
            FILES_PER_APPROVAL,
            "the budget, pending.json included"
        );
        crate::native::publish::write_files(site.path(), &files).unwrap();
        let pending: Pending = serde_json::from_slice(&files[&pending_url()]).unwrap();
        assert!((1..100).contains(&pending.keys.len()), "the rest waits");
        // The next approval (here, of no deed) writes out what waited.
        let files = SearchIndex::default()
            .appended(&origin, &mut layout)
            .unwrap();
        crate::native::publish::write_files(site.path(), &files).unwrap();
        let all =
            index_postings(&crate::native::publish::read_store(site.path()).unwrap()).unwrap();
        let pending: Pending = serde_json::from_slice(&files[&pending_url()]).unwrap();
        assert!(pending.keys.is_empty(), "{:?}", pending.keys.keys());
        assert_eq!(all.len(), 100);
        assert!(all.values().all(|ids| ids.0 == [1]));
    }
}
