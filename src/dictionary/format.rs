//! Dictionary file formats: Gazette JSON Lines (what `gazette dict export`
//! writes), TSV, and spaCy EntityRuler `patterns.jsonl`.
//!
//! Only this module knows the file formats. Every parser reports every
//! problem as a [`Problem`] with its line, and returns entries only when
//! there is none.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Alias, EntityType, Entry, Ids, Office, Problem, with_generated_variants};

/// A dictionary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object a line: Gazette entries, or spaCy patterns (lines
    /// with `label` and `pattern`), which may be mixed.
    JsonLines,
    /// Tab-separated `id, name, type[, aliases[, subtype[, offices]]]`,
    /// aliases separated by `|`, offices by `;`, each office
    /// `title|start|end|country or organization`.
    Tsv,
}

impl Format {
    /// Picks a format from the file extension, else from the content: a
    /// first non-blank, non-comment line starting with `{` means JSON Lines.
    pub fn detect(path: &Path, text: &str) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "json" | "ndjson") => Format::JsonLines,
            Some("tsv" | "tab") => Format::Tsv,
            _ => {
                let first = text
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty() && !l.starts_with('#'));
                match first {
                    Some(line) if line.starts_with('{') => Format::JsonLines,
                    _ => Format::Tsv,
                }
            }
        }
    }
}

/// Parses one dictionary file. `file` names it in problems.
pub fn parse(file: &str, text: &str, format: Format) -> Result<Vec<Entry>, Vec<Problem>> {
    let mut parser = Parser {
        file,
        entries: Vec::new(),
        problems: Vec::new(),
        ids: Ids::default(),
        lines: Vec::new(),
        shared: HashSet::new(),
    };
    match format {
        Format::JsonLines => parser.json_lines(text),
        Format::Tsv => parser.tsv(text),
    }
    if parser.problems.is_empty() {
        Ok(parser.entries)
    } else {
        Err(parser.problems)
    }
}

/// A Gazette JSON Lines entry as written in files. Strings are `Cow`s so
/// that [`export_jsonl`] writes entries without copying them; parsing
/// always gives owned strings.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawEntry<'a> {
    id: Cow<'a, str>,
    name: Cow<'a, str>,
    #[serde(rename = "type")]
    label: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    subtype: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<RawAlias<'a>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<Cow<'a, str>, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    offices: Vec<RawOffice<'a>>,
    #[serde(default, skip_serializing_if = "is_zero")]
    priority: i32,
}

/// An office as written in files: `{"title", "country" or "organization",
/// "start", "end"}`, dates `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a missing or
/// null `end` for an office still held.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawOffice<'a> {
    title: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    country: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    organization: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<Cow<'a, str>>,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

/// An alias: a plain string, or an object with its rules.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
enum RawAlias<'a> {
    Text(Cow<'a, str>),
    Full(FullAlias<'a>),
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FullAlias<'a> {
    text: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    case_sensitive: Option<bool>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    short: bool,
}

/// One spaCy EntityRuler pattern line.
#[derive(Debug, Deserialize)]
struct SpacyPattern {
    label: String,
    pattern: Value,
    #[serde(default)]
    id: Option<String>,
}

struct Parser<'a> {
    file: &'a str,
    entries: Vec<Entry>,
    problems: Vec<Problem>,
    /// Each entry's index by id, for duplicate reports and for merging
    /// spaCy patterns that share an id.
    ids: Ids,
    /// The line each entry was defined on, by entry index.
    lines: Vec<usize>,
    /// Labels and subtypes seen so far: the entries that carry the same one
    /// share it.
    shared: HashSet<Arc<str>>,
}

impl Parser<'_> {
    fn problem(&mut self, line: usize, reason: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            reason: reason.into(),
        });
    }

    fn json_lines(&mut self, text: &str) {
        for (index, raw_line) in text.lines().enumerate() {
            let number = index + 1;
            let line = raw_line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
                continue;
            }
            // Most lines are entries: read them straight into their struct.
            // Anything else (spaCy patterns, mistakes) takes the general
            // path, which alone decides what a line is and words the errors.
            if let Ok(raw) = serde_json::from_str::<RawEntry>(line) {
                self.raw_entry(number, raw);
                continue;
            }
            let value: Value = match serde_json::from_str(line) {
                Ok(value) => value,
                Err(err) => {
                    self.problem(number, json_problem(raw_line, line, &err));
                    continue;
                }
            };
            if value.get("pattern").is_some() && value.get("label").is_some() {
                match serde_json::from_value::<SpacyPattern>(value) {
                    Ok(pattern) => self.spacy(number, pattern),
                    Err(err) => self.problem(number, format!("invalid spaCy pattern: {err}")),
                }
                continue;
            }
            match serde_json::from_value::<RawEntry>(value) {
                Ok(raw) => self.raw_entry(number, raw),
                Err(err) => self.problem(number, format!("invalid entry: {err}")),
            }
        }
    }

    fn raw_entry(&mut self, line: usize, raw: RawEntry) {
        let mut attributes = BTreeMap::new();
        for (key, value) in raw.attributes {
            let text = match value {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    self.problem(
                        line,
                        format!(
                            "attribute {key:?} must be a string, number or boolean, not {other}"
                        ),
                    );
                    continue;
                }
            };
            attributes.insert(key.into_owned(), text);
        }
        let mut offices = Vec::with_capacity(raw.offices.len());
        for (index, office) in raw.offices.into_iter().enumerate() {
            match checked_office(office) {
                Ok(office) => offices.push(office),
                Err(reason) => self.problem(line, format!("office {}: {reason}", index + 1)),
            }
        }
        let aliases = raw
            .aliases
            .into_iter()
            .map(|alias| match alias {
                RawAlias::Text(text) => plain_alias(text.into()),
                RawAlias::Full(full) => Alias {
                    case_sensitive: full
                        .case_sensitive
                        .unwrap_or_else(|| Alias::default_case_sensitive(&full.text)),
                    text: full.text.into(),
                    short: full.short,
                    generated: false,
                },
            })
            .collect();
        self.push(
            line,
            raw.id,
            raw.name,
            raw.label,
            raw.subtype,
            aliases,
            attributes,
            offices,
            raw.priority,
        );
    }

    fn spacy(&mut self, line: usize, pattern: SpacyPattern) {
        let alias = match spacy_alias(&pattern.pattern) {
            Ok(alias) => alias,
            Err(reason) => return self.problem(line, reason),
        };
        // spaCy labels are upper case by convention only: "org" is ORG.
        let upper = pattern.label.trim().to_uppercase();
        let label = match upper.as_str() {
            "ORG" => "ORGANIZATION",
            "GPE" | "LOC" | "FAC" => "PLACE",
            other => other,
        };
        if let Err(reason) = check_alias(&alias.text) {
            return self.problem(line, reason);
        }
        let alias = Alias {
            case_sensitive: alias.case_sensitive || one_letter(&alias.text),
            text: trimmed(alias.text),
            ..alias
        };
        let id = pattern
            .id
            .unwrap_or_else(|| format!("spacy:{upper}:{}", alias.text));
        // Patterns that share an id are aliases of one entry.
        if let Some(index) = self.ids.get(&self.entries, &id) {
            let entry = &mut self.entries[index];
            if *entry.label != *label {
                let reason = format!(
                    "id {id:?} has label {label:?} here but {:?} earlier",
                    entry.label
                );
                return self.problem(line, reason);
            }
            // The new alias goes before the generated variants, which are
            // generated again to include its own.
            if !entry
                .aliases
                .iter()
                .any(|a| !a.generated && a.text == alias.text)
            {
                let mut aliases = std::mem::take(&mut entry.aliases).into_vec();
                aliases.retain(|a| !a.generated);
                aliases.push(alias);
                entry.aliases = with_generated_variants(aliases);
            }
            return;
        }
        let name = alias.text.to_string();
        self.push(
            line,
            id.into(),
            name.into(),
            label.into(),
            Cow::Borrowed(""),
            vec![alias],
            BTreeMap::new(),
            Vec::new(),
            0,
        );
    }

    fn tsv(&mut self, text: &str) {
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let line = line.trim_end_matches(['\r', '\n']);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if number == 1 && fields.first() == Some(&"id") && fields.get(1) == Some(&"name") {
                continue;
            }
            if fields.len() < 3 || fields.len() > 6 {
                self.problem(
                    number,
                    format!(
                        "expected 3 to 6 tab-separated fields (id, name, type, aliases, subtype, offices), found {}",
                        fields.len()
                    ),
                );
                continue;
            }
            let aliases = fields
                .get(3)
                .map(|list| {
                    list.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(|a| plain_alias(a.into()))
                        .collect()
                })
                .unwrap_or_default();
            let subtype = fields.get(4).unwrap_or(&"");
            let mut offices = Vec::new();
            let items = fields.get(5).map_or("", |o| o).split(';');
            for (index, item) in items.map(str::trim).filter(|o| !o.is_empty()).enumerate() {
                match checked_office(tsv_office(item)) {
                    Ok(office) => offices.push(office),
                    Err(reason) => self.problem(number, format!("office {}: {reason}", index + 1)),
                }
            }
            self.push(
                number,
                fields[0].into(),
                fields[1].into(),
                fields[2].into(),
                (*subtype).into(),
                aliases,
                BTreeMap::new(),
                offices,
                0,
            );
        }
    }

    /// Validates one entry and adds it. The canonical name becomes the first
    /// alias.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        line: usize,
        id: Cow<str>,
        name: Cow<str>,
        label: Cow<str>,
        subtype: Cow<str>,
        aliases: Vec<Alias>,
        attributes: BTreeMap<String, String>,
        mut offices: Vec<Office>,
        priority: i32,
    ) {
        let before = self.problems.len();
        let id = trimmed(id.into());
        let name = trimmed(name.into());
        let label = label.trim();
        if id.is_empty() {
            self.problem(line, "id is empty");
        }
        if name.is_empty() {
            self.problem(line, "name is empty");
        }
        if label.is_empty() {
            self.problem(line, "type is empty");
        } else if let Some(builtin) = near_builtin_type(label) {
            self.problem(
                line,
                format!(
                    "type {label:?} is not a built-in type: did you mean {builtin}? (a custom label this close to a built-in one is taken for a typo)"
                ),
            );
        } else if EntityType::from_label(label) == EntityType::Other
            && !label
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            self.problem(
                line,
                format!("type {label:?}: a custom label must be upper case A-Z, 0-9 and _"),
            );
        }
        let mut all = Vec::with_capacity(1 + aliases.len());
        let mut first = plain_alias(name.clone());
        first.case_sensitive |= one_letter(&first.text);
        all.push(first);
        for alias in aliases {
            let alias = Alias {
                text: trimmed(alias.text),
                ..alias
            };
            if let Err(reason) = check_alias(&alias.text) {
                self.problem(line, reason);
                continue;
            }
            let alias = Alias {
                case_sensitive: alias.case_sensitive || one_letter(&alias.text),
                ..alias
            };
            // An alias repeating an earlier one (often the name itself)
            // sets its rules: `{"text": "Chad", "case_sensitive": true}`.
            match all.iter_mut().find(|a| a.text == alias.text) {
                Some(existing) => *existing = alias,
                None => all.push(alias),
            }
        }
        if !name.is_empty() && !name.chars().any(char::is_alphanumeric) {
            self.problem(line, format!("name {name:?} needs a letter or digit"));
        }
        if let Some(first) = self.ids.get(&self.entries, &id) {
            let first = self.lines[first];
            self.problem(
                line,
                format!("duplicate id {id:?}, first defined on line {first}"),
            );
        }
        if self.problems.len() > before {
            return;
        }
        if offices.is_empty() {
            for (index, office) in offices_in_attributes(&attributes).into_iter().enumerate() {
                match checked_office(office) {
                    Ok(office) => offices.push(office),
                    Err(reason) => self.problem(
                        line,
                        format!("office {} of the attributes: {reason}", index + 1),
                    ),
                }
            }
            if self.problems.len() > before {
                return;
            }
        }
        let entity_type = EntityType::from_label(label);
        let label = self.shared(label);
        let subtype = self.shared(subtype.trim());
        self.entries.push(Entry {
            id,
            name,
            entity_type,
            label,
            subtype,
            aliases: with_generated_variants(all),
            attributes,
            offices: offices.into_boxed_slice(),
            priority,
            source: Arc::from(""),
        });
        self.lines.push(line);
        self.ids.insert(&self.entries, self.entries.len() - 1);
    }

    /// The one shared copy of a label or subtype.
    fn shared(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.shared.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.shared.insert(shared.clone());
        shared
    }
}

/// A TSV office, `title|start|end|where`: `where` is a country when it is
/// two capital letters (an ISO 3166-1 alpha-2 code), else an organization.
fn tsv_office(item: &str) -> RawOffice<'_> {
    let mut fields = item.split('|').map(str::trim);
    let title = fields.next().unwrap_or_default();
    let mut field = || fields.next().filter(|f| !f.is_empty()).map(Cow::Borrowed);
    let (start, end, place) = (field(), field(), field());
    let is_country = place.as_deref().is_some_and(is_country_code);
    let (country, organization) = if is_country {
        (place, None)
    } else {
        (None, place)
    };
    RawOffice {
        title: Cow::Borrowed(title),
        country,
        organization,
        start,
        end,
    }
}

fn is_country_code(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks an office as written and makes it an [`Office`].
fn checked_office(raw: RawOffice) -> Result<Office, String> {
    let title = raw.title.trim();
    if title.is_empty() {
        return Err("title is empty".into());
    }
    let present = |text: Option<Cow<str>>| {
        text.map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .map(String::into_boxed_str)
    };
    let (country, organization) = (present(raw.country), present(raw.organization));
    if country.is_some() && organization.is_some() {
        return Err(format!(
            "{title:?} names a country and an organization: an office is one or the other"
        ));
    }
    if let Some(code) = country.as_deref().filter(|c| !is_country_code(c)) {
        return Err(format!(
            "country {code:?} is not an ISO 3166-1 alpha-2 code (two capital letters)"
        ));
    }
    let (start, end) = (present(raw.start), present(raw.end));
    for (which, date) in [("start", &start), ("end", &end)] {
        if let Some(date) = date.as_deref().filter(|d| !is_office_date(d)) {
            return Err(format!(
                "{which} {date:?} is not a date of the calendar (YYYY-MM-DD, YYYY-MM or YYYY)"
            ));
        }
    }
    if let (Some(start), Some(end)) = (&start, &end) {
        let common = start.len().min(end.len());
        if end[..common] < start[..common] {
            return Err(format!("end {end:?} is before start {start:?}"));
        }
    }
    Ok(Office {
        title: title.into(),
        country,
        organization,
        start,
        end,
    })
}

/// Whether `text` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY` of a real day.
fn is_office_date(text: &str) -> bool {
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let mut parts = text.split('-');
    let Some(year) = parts.next().and_then(|y| number(y, 4)) else {
        return false;
    };
    let Some(month) = parts.next() else {
        return true;
    };
    let Some(month) = number(month, 2).filter(|m| (1..=12).contains(m)) else {
        return false;
    };
    let Some(day) = parts.next() else {
        return true;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    parts.next().is_none() && number(day, 2).is_some_and(|d| (1..=days).contains(&d))
}

/// The offices of an entry that records them in attributes: `office`,
/// `office_start` and `office_end` for one, and `offices` for more as
/// `title|start|end` items separated by `;`.
fn offices_in_attributes(attributes: &BTreeMap<String, String>) -> Vec<RawOffice<'_>> {
    let text = |key: &str| {
        attributes
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(Cow::Borrowed)
    };
    let mut offices = Vec::new();
    if let Some(title) = text("office") {
        offices.push(RawOffice {
            title,
            country: None,
            organization: None,
            start: text("office_start"),
            end: text("office_end"),
        });
    }
    let items = attributes
        .get("offices")
        .map_or("", String::as_str)
        .split(';');
    for item in items.map(str::trim).filter(|i| !i.is_empty()) {
        let mut fields = item.split('|').map(str::trim);
        let title = Cow::Borrowed(fields.next().unwrap_or_default());
        let mut field = || fields.next().filter(|f| !f.is_empty()).map(Cow::Borrowed);
        let (start, end) = (field(), field());
        offices.push(RawOffice {
            title,
            country: None,
            organization: None,
            start,
            end,
        });
    }
    offices
}

/// "invalid JSON at column C: what" for a JSON error in `line` (the
/// trimmed `raw_line`), with C counted in characters of the file's line:
/// serde_json counts bytes of the text it was given and says "line 1"
/// of every line on its own.
fn json_problem(raw_line: &str, line: &str, err: &serde_json::Error) -> String {
    let text = err.to_string();
    let what = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => text.as_str(),
    };
    let lead = raw_line.len() - raw_line.trim_start().len();
    let byte = lead + err.column().saturating_sub(1).min(line.len());
    let mut end = byte.min(raw_line.len());
    while !raw_line.is_char_boundary(end) {
        end -= 1;
    }
    let column = raw_line[..end].chars().count() + 1;
    format!("invalid JSON at column {column}: {what}")
}

/// The built-in type a label that is not one looks like a typo of:
/// the same letters in another case (`leader`), or one edit away
/// (`ORGANISATION`, `PLACES`), two for labels of eight letters or more.
fn near_builtin_type(label: &str) -> Option<&'static str> {
    const BUILTIN: [&str; 5] = ["LEADER", "OFFICIAL", "ORGANIZATION", "PLACE", "OTHER"];
    if BUILTIN.contains(&label) {
        return None;
    }
    let upper = label.to_uppercase();
    BUILTIN.into_iter().find(|builtin| {
        let allowed = if builtin.len() >= 8 { 2 } else { 1 };
        upper == *builtin || edit_distance(&upper, builtin) <= allowed
    })
}

/// Levenshtein distance between two short strings, by `char`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `text` without leading and trailing white space, copied only if there
/// is any.
fn trimmed(text: Box<str>) -> Box<str> {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().into()
    }
}

/// The rule every alias meets: a letter or digit. One of punctuation or
/// invisible characters alone ("+", "\u{200B}") would match every stray
/// symbol, or fold to nothing and never match.
fn check_alias(text: &str) -> Result<(), String> {
    if !text.chars().any(char::is_alphanumeric) {
        return Err(format!("alias {text:?} needs a letter or digit"));
    }
    Ok(())
}

/// Whether an alias has a single letter or digit (`R`, `C#`, `c++`). It
/// matches only in its own case: in any case, "r" and "c" would match
/// every stray letter of the text.
fn one_letter(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphanumeric()).count() < 2
}

fn plain_alias(text: Box<str>) -> Alias {
    Alias {
        case_sensitive: Alias::default_case_sensitive(&text),
        text,
        short: false,
        generated: false,
    }
}

/// Turns a spaCy pattern into an alias: a string as is, or a token list
/// whose tokens each match by `LOWER` (any case) or `ORTH`/`TEXT` (exact
/// case).
///
/// The tokens are joined as spaCy's tokenizer splits text: punctuation
/// that spaCy splits off a word without a space (the `-` of `Coca-Cola`,
/// the `'s` of `McDonald's`, a closing `.` or `)`) joins its neighbour, and
/// other tokens are separated by a space. An alias has one case rule, so
/// the tokens' rules combine: it is case-sensitive when every token that
/// has cased letters is matched by `ORTH` or `TEXT`, and matches in any
/// case otherwise (an `ORTH` on `-`, which has no case, changes nothing).
/// Token keys other than `LOWER`, `ORTH` and `TEXT` (`OP`, `POS`, `IS_*`...)
/// are named in the error: they match what a fixed alias cannot.
fn spacy_alias(pattern: &Value) -> Result<Alias, String> {
    match pattern {
        Value::String(text) => Ok(plain_alias(text.as_str().into())),
        Value::Array(tokens) if !tokens.is_empty() => {
            let mut text = String::new();
            let mut previous: Option<String> = None;
            let (mut exact, mut any_case) = (false, false);
            for (index, token) in tokens.iter().enumerate() {
                let number = index + 1;
                let object = token
                    .as_object()
                    .ok_or_else(|| format!("token {number} of the pattern must be an object"))?;
                let unsupported: Vec<&str> = object
                    .keys()
                    .map(String::as_str)
                    .filter(|k| !matches!(*k, "LOWER" | "ORTH" | "TEXT"))
                    .collect();
                if !unsupported.is_empty() {
                    return Err(format!(
                        "token {number}: token pattern attribute {} is not supported (only LOWER, ORTH and TEXT)",
                        unsupported.join(", ")
                    ));
                }
                if object.len() != 1 {
                    return Err(format!(
                        "token {number} needs exactly one of LOWER, ORTH or TEXT, found {}",
                        if object.is_empty() {
                            "none".to_string()
                        } else {
                            object.keys().cloned().collect::<Vec<_>>().join(" and ")
                        }
                    ));
                }
                let (key, value) = object.iter().next().ok_or("empty token pattern")?;
                let word = value
                    .as_str()
                    .ok_or_else(|| format!("token {number}: {key} must have a string value"))?
                    .trim();
                if word.is_empty() {
                    return Err(format!("token {number}: {key} is empty"));
                }
                let cased = word.chars().any(|c| c.is_lowercase() || c.is_uppercase());
                if cased {
                    match key.as_str() {
                        "LOWER" => any_case = true,
                        _ => exact = true,
                    }
                }
                if let Some(previous) = &previous
                    && !joins_without_space(previous, word)
                {
                    text.push(' ');
                }
                text.push_str(word);
                previous = Some(word.to_string());
            }
            Ok(Alias {
                case_sensitive: exact && !any_case,
                text: text.into_boxed_str(),
                short: false,
                generated: false,
            })
        }
        _ => Err("pattern must be a string or a non-empty list of token patterns".to_string()),
    }
}

/// Whether spaCy's tokenizer splits `next` from `previous` where the text
/// has no space between them: infixes (`-`, `/`, `–`), suffixes (`.`, `,`,
/// `)`, `%`, `'s`, `n't`...) after a token, and prefixes (`(`, `$`, `#`...)
/// before one.
fn joins_without_space(previous: &str, next: &str) -> bool {
    const INFIXES: &[&str] = &["-", "–", "—", "/"];
    const SUFFIXES: &[&str] = &[
        ".", ",", "!", "?", ":", ";", ")", "]", "}", "%", "'s", "’s", "'S", "’S", "'", "’", "n't",
        "n’t",
    ];
    const PREFIXES: &[&str] = &["(", "[", "{", "$", "£", "€", "#", "@"];
    INFIXES.contains(&next)
        || INFIXES.contains(&previous)
        || SUFFIXES.contains(&next)
        || PREFIXES.contains(&previous)
}

/// True when an alias's rules differ from what a plain string would get.
fn has_own_rules(alias: &Alias) -> bool {
    alias.short || alias.case_sensitive != Alias::default_case_sensitive(&alias.text)
}

/// Writes entries as Gazette JSON Lines, the format [`parse`] reads back.
/// Generated aliases are left out (they are generated again on load), and
/// case rules are written only where they differ from the default.
pub fn export_jsonl(entries: &[Entry], out: &mut impl std::io::Write) -> std::io::Result<()> {
    for entry in entries {
        let aliases = entry
            .aliases
            .iter()
            .enumerate()
            .filter(|(i, a)| !a.generated && (*i > 0 || has_own_rules(a)))
            .map(|(_, a)| {
                let default_case = Alias::default_case_sensitive(&a.text);
                if !has_own_rules(a) {
                    RawAlias::Text(Cow::Borrowed(&a.text))
                } else {
                    RawAlias::Full(FullAlias {
                        text: Cow::Borrowed(&a.text),
                        case_sensitive: (a.case_sensitive != default_case)
                            .then_some(a.case_sensitive),
                        short: a.short,
                    })
                }
            })
            .collect();
        let raw = RawEntry {
            id: Cow::Borrowed(&entry.id),
            name: Cow::Borrowed(&entry.name),
            label: Cow::Borrowed(&entry.label),
            subtype: Cow::Borrowed(&entry.subtype),
            aliases,
            attributes: entry
                .attributes
                .iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Value::String(v.clone())))
                .collect(),
            offices: entry
                .offices
                .iter()
                .map(|o| RawOffice {
                    title: Cow::Borrowed(&o.title),
                    country: o.country.as_deref().map(Cow::Borrowed),
                    organization: o.organization.as_deref().map(Cow::Borrowed),
                    start: o.start.as_deref().map(Cow::Borrowed),
                    end: o.end.as_deref().map(Cow::Borrowed),
                })
                .collect(),
            priority: entry.priority,
        };
        serde_json::to_writer(&mut *out, &raw)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
