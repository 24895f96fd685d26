//! Where a [`super::StoreBuilder`] reads what it has not touched yet: the one part of the
//! builder that touches the disk.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::{
    model::{
        SCHEMA_VERSION,
        store::{ListId, PAGE_SIZE, Page},
    },
    native::publish::{PublishError, read_text},
};

/// Where the builder finds the pages and search segments it has not touched yet: a site
/// with a store written under it, or nowhere (a full build starts from nothing).
#[derive(Debug)]
pub(super) struct Origin(pub(super) Option<PathBuf>);

impl Origin {
    /// Page `number` of `list`, which holds `count` deeds, as the site has it, or empty
    /// if it has none. A page a list other than `all` has begun must be there (in `all`,
    /// deed numbers may skip past the end of a page).
    pub(super) fn page(
        &self,
        list: &ListId,
        number: u64,
        count: u64,
    ) -> Result<Page, PublishError> {
        let empty = || Page {
            schema: SCHEMA_VERSION,
            list: list.key(),
            page: number,
            deeds: Vec::new(),
        };
        let Origin(Some(site)) = self else {
            return Ok(empty());
        };
        let url = list.page_url(number);
        let begun = !matches!(list, ListId::All) && !count.is_multiple_of(PAGE_SIZE);
        if begun {
            read_store_file(site, &url)
        } else {
            read_store_file_or(site, &url, empty)
        }
    }

    /// The bytes of the site's file `path` (one that must be there); `None` when the
    /// store is built from nothing.
    pub(super) fn bytes(&self, path: &str) -> Result<Option<Vec<u8>>, PublishError> {
        let Origin(Some(site)) = self else {
            return Ok(None);
        };
        let file = site.join(path);
        std::fs::read(&file)
            .map(Some)
            .map_err(|source| PublishError::Read { file, source })
    }

    /// The site's file `path`, or `absent()` when the site has none or the store is built
    /// from nothing.
    pub(super) fn read_or<T: DeserializeOwned>(
        &self,
        path: &str,
        absent: impl FnOnce() -> T,
    ) -> Result<T, PublishError> {
        match self {
            Origin(Some(site)) => read_store_file_or(site, path, absent),
            Origin(None) => Ok(absent()),
        }
    }

    /// Where the site's file `path` is (the path itself when there is no site).
    pub(super) fn path(&self, path: &str) -> PathBuf {
        match self {
            Origin(Some(site)) => site.join(path),
            Origin(None) => PathBuf::from(path),
        }
    }
}

pub(super) fn read_store_file<T: DeserializeOwned>(
    site: &Path,
    path: &str,
) -> Result<T, PublishError> {
    let file = site.join(path);
    let text = read_text(&file)?;
    serde_json::from_str(&text).map_err(|error| PublishError::Invalid {
        file,
        line: error.line(),
        reason: error.to_string(),
    })
}

fn read_store_file_or<T: DeserializeOwned>(
    site: &Path,
    path: &str,
    absent: impl FnOnce() -> T,
) -> Result<T, PublishError> {
    if site.join(path).exists() {
        read_store_file(site, path)
    } else {
        Ok(absent())
    }
}
