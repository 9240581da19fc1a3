//! Dates and office holdings: who held which office on a document's date.
//!
//! An entry records its offices in attributes: `office`, `office_start`,
//! `office_end` for the main one, and `offices` for more, as
//! `Office|start|end` items separated by `;`. Dates are `YYYY-MM-DD`,
//! `YYYY-MM` or `YYYY`; a missing end means the office is still held.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. A partial date stands for
    /// its first day, or its last with `end`.
    pub fn parse(text: &str, end: bool) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: Option<u8> = parts.next().map(str::parse).transpose().ok()?;
        let day: Option<u8> = parts
            .next()
            .map(|d| d.get(..2).unwrap_or(d).parse())
            .transpose()
            .ok()?;
        let month = month.unwrap_or(if end { 12 } else { 1 });
        let day = day.unwrap_or(if end { 31 } else { 1 });
        ((1..=12).contains(&month) && (1..=31).contains(&day) && (1..=9999).contains(&year))
            .then_some(Date { year, month, day })
    }

    /// Today, in UTC.
    pub fn today() -> Date {
        let days = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 86_400) as i64;
        // Civil from days (Howard Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

/// One office held from `start` to `end` (open when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding<'a> {
    /// The office, e.g. "Prime Minister of Japan".
    pub office: &'a str,
    /// When it began, if known.
    pub start: Option<Date>,
    /// When it ended; `None` while it is held.
    pub end: Option<Date>,
}

impl Holding<'_> {
    /// Whether the office was held on `date`.
    pub fn held_on(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// Every office an entry's attributes record.
pub fn holdings(attributes: &BTreeMap<String, String>) -> Vec<Holding<'_>> {
    let mut holdings = Vec::new();
    let date = |key: &str, end: bool| attributes.get(key).and_then(|d| Date::parse(d, end));
    if let Some(office) = attributes.get("office").filter(|o| !o.is_empty()) {
        holdings.push(Holding {
            office,
            start: date("office_start", false),
            end: date("office_end", true),
        });
    }
    if let Some(more) = attributes.get("offices") {
        for item in more.split(';') {
            let mut fields = item.split('|').map(str::trim);
            let Some(office) = fields.next().filter(|o| !o.is_empty()) else {
                continue;
            };
            let start = fields.next().and_then(|d| Date::parse(d, false));
            let end = fields.next().and_then(|d| Date::parse(d, true));
            holdings.push(Holding { office, start, end });
        }
    }
    holdings
}

/// The office held on `date`, if any.
pub fn office_on(attributes: &BTreeMap<String, String>, date: Date) -> Option<&str> {
    holdings(attributes)
        .into_iter()
        .find(|h| h.held_on(date))
        .map(|h| h.office)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_full_and_partial_dates() {
        assert_eq!(
            Date::parse("2025-03-09", false),
            Some(Date {
                year: 2025,
                month: 3,
                day: 9
            })
        );
        assert_eq!(
            Date::parse("2025", true),
            Some(Date {
                year: 2025,
                month: 12,
                day: 31
            })
        );
        assert_eq!(Date::parse("2025-13-01", false), None);
        assert_eq!(Date::parse("soon", false), None);
        assert!(Date::today() > Date::parse("2024-01-01", false).unwrap());
    }

    #[test]
    fn office_held_on_a_date() {
        let ishiba = attributes(&[
            ("office", "Prime Minister of Japan"),
            ("office_start", "2024-10-01"),
            ("office_end", "2025-10-21"),
        ]);
        let in_office = Date::parse("2025-06-01", false).unwrap();
        let after = Date::parse("2026-01-01", false).unwrap();
        assert_eq!(
            office_on(&ishiba, in_office),
            Some("Prime Minister of Japan")
        );
        assert_eq!(office_on(&ishiba, after), None);
        let medvedev = attributes(&[(
            "offices",
            "President of Russia|2008-05-07|2012-05-07; Prime Minister of Russia|2012-05-08|2020-01-16",
        )]);
        assert_eq!(
            office_on(&medvedev, Date::parse("2015", false).unwrap()),
            Some("Prime Minister of Russia")
        );
    }
}
