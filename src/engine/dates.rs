//! Dates and office holdings: who held which office on a document's date.
//!
//! An entry records its offices as [`Office`]s, each with a start and an
//! end as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a missing end means the office
//! is still held.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::dictionary::{Entry, Office};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl std::fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
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

    /// Parses a document's date strictly: `YYYY-MM-DD` of a day that
    /// exists (`2024-02-29` does, `2025-02-30` does not), or `YYYY-MM` or
    /// `YYYY`, which stand for their first day. Every field has exactly
    /// that many ASCII digits; nothing else is accepted: no spaces, no
    /// time, no `2025-1-1`.
    pub fn parse_strict(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let number = |range: std::ops::Range<usize>| {
            bytes.get(range)?.iter().try_fold(0u32, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        let dash = |at: usize| bytes.get(at) == Some(&b'-');
        let (year, month, day) = match bytes.len() {
            4 => (number(0..4)?, 1, 1),
            7 if dash(4) => (number(0..4)?, number(5..7)?, 1),
            10 if dash(4) && dash(7) => (number(0..4)?, number(5..7)?, number(8..10)?),
            _ => return None,
        };
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days_in_month).contains(&day)).then_some(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        })
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

/// Every office an entry records.
pub fn holdings(entry: &Entry) -> impl Iterator<Item = Holding<'_>> {
    entry.offices.iter().map(holding)
}

fn holding(office: &Office) -> Holding<'_> {
    let date =
        |text: &Option<Box<str>>, end: bool| text.as_deref().and_then(|d| Date::parse(d, end));
    Holding {
        office: &office.title,
        start: date(&office.start, false),
        end: date(&office.end, true),
    }
}

/// The office held on `date`, if any.
pub fn office_on(entry: &Entry, date: Date) -> Option<&str> {
    holdings(entry).find(|h| h.held_on(date)).map(|h| h.office)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(line: &str) -> Entry {
        crate::dictionary::parse("test.jsonl", line, crate::dictionary::Format::JsonLines)
            .unwrap()
            .remove(0)
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
        for day in [
            "2025-03-09",
            "2024-02-29",
            "2000-02-29",
            "2025-12-31",
            "0001-01-01",
        ] {
            assert!(Date::parse_strict(day).is_some(), "{day}");
        }
        assert_eq!(
            Date::parse_strict("2025-03"),
            Date::parse("2025-03-01", false)
        );
        assert_eq!(Date::parse_strict("2025"), Date::parse("2025-01-01", false));
        for not_a_day in [
            "2025-02-30",
            "2025-02-29",
            "1900-02-29",
            "2025-04-31",
            "2025-1-1",
            " 2025-01-01",
            "2025-01-01 ",
            "2025-01-01T00:00:00Z",
            "2025-00-10",
            "2025-13-01",
            "0000-01-01",
            "2025/01/01",
            "+202-01-01",
            "2025-1",
            "25",
            "2025-",
            "2025-01-",
            "",
        ] {
            assert_eq!(Date::parse_strict(not_a_day), None, "{not_a_day:?}");
        }
        assert_eq!(
            Date::parse_strict("2025-03-09"),
            Date::parse("2025-03-09", false)
        );
        assert_eq!(Date::parse("soon", false), None);
        assert!(Date::today() > Date::parse("2024-01-01", false).unwrap());
    }

    #[test]
    fn office_held_on_a_date() {
        let ishiba = person(
            r#"{"id": "x:1", "name": "Shigeru Ishiba", "type": "LEADER", "offices": [{"title": "Prime Minister of Japan", "country": "JP", "start": "2024-10-01", "end": "2025-10-21"}]}"#,
        );
        let in_office = Date::parse("2025-06-01", false).unwrap();
        let after = Date::parse("2026-01-01", false).unwrap();
        assert_eq!(
            office_on(&ishiba, in_office),
            Some("Prime Minister of Japan")
        );
        assert_eq!(office_on(&ishiba, after), None);
        let medvedev = person(
            r#"{"id": "x:2", "name": "Dmitry Medvedev", "type": "LEADER", "attributes": {"offices": "President of Russia|2008-05-07|2012-05-07; Prime Minister of Russia|2012-05-08|2020-01-16"}}"#,
        );
        assert_eq!(
            office_on(&medvedev, Date::parse("2015", false).unwrap()),
            Some("Prime Minister of Russia")
        );
    }
}
