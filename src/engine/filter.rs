//! Request-time filters (watchlists): keep only the entities attached to
//! some countries, or read from some dictionaries.
//!
//! A [`Filter`] is applied to candidates before overlaps are resolved, so
//! a longer match that is filtered out never hides a shorter one that is
//! kept ("South Korea" filtered out leaves "Korea" if that is kept). An
//! entity's country is its `country` attribute (a person's,
//! organization's or place's, a country's own code for a country), or
//! for a person without one, the country of their first country office; an
//! entity with none, and a name found by a rule with no dictionary entry,
//! is dropped by any country filter. A dictionary is named `default` for
//! the embedded one and by [`SourceInfo::dictionary`] for the others.

use crate::dictionary::{Entry, SourceInfo};

/// No country, or no dictionary, for an entry.
const NONE: u16 = u16::MAX;

/// Country codes as bits: `(first - 'A') * 26 + (second - 'A')`.
type CountryBits = [u64; 11];

/// Which entities an extraction keeps. The default keeps every one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    /// The country codes kept; `None` for every entity.
    countries: Option<CountryBits>,
    /// The dictionaries kept, by index in [`Index::dictionaries`]; `None`
    /// for every entity.
    dictionaries: Option<u64>,
}

/// Why a filter could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// A code that is no country of the loaded dictionary.
    #[error("{0:?} is not an ISO 3166-1 alpha-2 country code of the loaded dictionary")]
    UnknownCountry(String),
    /// A name that is no loaded dictionary.
    #[error("{0:?} is not a loaded dictionary (loaded: {1})")]
    UnknownDictionary(String, String),
}

/// The bit of a two-letter code, upper-cased; `None` for anything else.
fn country_bit(code: &str) -> Option<usize> {
    let bytes = code.as_bytes();
    match bytes {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Some(
            usize::from(a.to_ascii_uppercase() - b'A') * 26
                + usize::from(b.to_ascii_uppercase() - b'A'),
        ),
        _ => None,
    }
}

/// What filters need of each entry, worked out once per dictionary.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Each entry's country bit and dictionary index ([`NONE`] for none).
    entries: Vec<(u16, u16)>,
    /// The country codes some entry has.
    known_countries: CountryBits,
    /// The dictionary names, in load order, each once.
    dictionaries: Vec<String>,
}

impl Index {
    /// Indexes `entries`, read from `sources`.
    pub fn build(entries: &[Entry], sources: &[SourceInfo]) -> Index {
        let mut dictionaries: Vec<String> = Vec::new();
        for source in sources {
            if !dictionaries.contains(&source.dictionary) {
                dictionaries.push(source.dictionary.clone());
            }
        }
        let mut known_countries = [0u64; 11];
        let entries = entries
            .iter()
            .map(|entry| {
                // A person with no country attribute has one through an
                // office of a country.
                let country = entry
                    .attributes
                    .get("country")
                    .map(String::as_str)
                    .or_else(|| entry.offices.iter().find_map(|o| o.country.as_deref()))
                    .and_then(country_bit)
                    .map_or(NONE, |bit| {
                        known_countries[bit / 64] |= 1 << (bit % 64);
                        bit as u16
                    });
                let dictionary = sources
                    .iter()
                    .find(|s| *s.name == *entry.source)
                    .and_then(|s| dictionaries.iter().position(|d| *d == s.dictionary))
                    .map_or(NONE, |i| i as u16);
                (country, dictionary)
            })
            .collect();
        Index {
            entries,
            known_countries,
            dictionaries,
        }
    }

    /// The names of the loaded dictionaries.
    pub fn dictionaries(&self) -> &[String] {
        &self.dictionaries
    }

    /// A filter keeping entities of `countries` (if any are given) and of
    /// `dictionaries` (if any are given); every value must be known.
    pub fn filter<'a>(
        &self,
        countries: impl IntoIterator<Item = &'a str>,
        dictionaries: impl IntoIterator<Item = &'a str>,
    ) -> Result<Filter, FilterError> {
        let mut filter = Filter::default();
        for code in countries {
            let bit = country_bit(code.trim())
                .filter(|&bit| self.known_countries[bit / 64] & (1 << (bit % 64)) != 0)
                .ok_or_else(|| FilterError::UnknownCountry(code.to_string()))?;
            let bits = filter.countries.get_or_insert([0; 11]);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        for name in dictionaries {
            let index = self
                .dictionaries
                .iter()
                .position(|d| d == name.trim())
                .filter(|&i| i < 64)
                .ok_or_else(|| {
                    FilterError::UnknownDictionary(name.to_string(), self.dictionaries.join(", "))
                })?;
            *filter.dictionaries.get_or_insert(0) |= 1 << index;
        }
        Ok(filter)
    }

    /// Whether `filter` keeps entry `entry`.
    pub fn keeps(&self, filter: &Filter, entry: usize) -> bool {
        let Some(&(country, dictionary)) = self.entries.get(entry) else {
            return false;
        };
        let country_kept = filter.countries.is_none_or(|bits| {
            country != NONE && bits[country as usize / 64] & (1 << (country % 64)) != 0
        });
        let dictionary_kept = filter.dictionaries.is_none_or(|bits| {
            dictionary != NONE && dictionary < 64 && bits & (1 << dictionary) != 0
        });
        country_kept && dictionary_kept
    }
}

impl Filter {
    /// Whether this filter keeps only some entities.
    pub fn is_active(&self) -> bool {
        self.countries.is_some() || self.dictionaries.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::{Dictionary, Source};

    fn dictionary() -> Dictionary {
        Dictionary::load(&[
            Source::Text {
                name: "base.jsonl".into(),
                text: concat!(
                    r#"{"id":"a","name":"Seoul","type":"PLACE","attributes":{"country":"KR"}}"#,
                    "\n",
                    r#"{"id":"b","name":"Tokyo","type":"PLACE","attributes":{"country":"JP"}}"#,
                    "\n",
                    r#"{"id":"c","name":"United Nations","type":"ORGANIZATION"}"#,
                    "\n",
                )
                .into(),
            },
            Source::Text {
                name: "dir/watch.jsonl".into(),
                text: r#"{"id":"d","name":"Busan","type":"PLACE","attributes":{"country":"kr"}}"#
                    .into(),
            },
        ])
        .unwrap()
    }

    #[test]
    fn countries_and_dictionaries_keep_their_entities() {
        let dictionary = dictionary();
        let index = Index::build(dictionary.entries(), dictionary.sources());
        assert_eq!(index.dictionaries(), ["base", "watch"]);
        let ids = |filter: &Filter| -> Vec<&str> {
            (0..dictionary.entries().len())
                .filter(|&e| index.keeps(filter, e))
                .map(|e| &*dictionary.entries()[e].id)
                .collect()
        };
        let none = index.filter([], []).unwrap();
        assert!(!none.is_active());
        assert_eq!(ids(&none), ["a", "b", "c", "d"]);
        assert_eq!(ids(&index.filter(["kr"], []).unwrap()), ["a", "d"]);
        assert_eq!(
            ids(&index.filter(["KR", "JP"], []).unwrap()),
            ["a", "b", "d"]
        );
        assert_eq!(ids(&index.filter([], ["watch"]).unwrap()), ["d"]);
        assert_eq!(
            ids(&index.filter(["JP"], ["watch"]).unwrap()),
            Vec::<&str>::new()
        );
        assert_eq!(
            index.filter(["FR"], []).unwrap_err(),
            FilterError::UnknownCountry("FR".into())
        );
        assert!(index.filter(["KOR"], []).is_err());
        let err = index.filter([], ["nope"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"nope\" is not a loaded dictionary (loaded: base, watch)"
        );
    }
}
