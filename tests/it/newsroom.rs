//! Context rules for the whole newsroom, table-driven, one table per error
//! class: honorifics, demonyms and role words, full mentions against
//! famous short forms, titles, datelines and capitals, organization spans,
//! metonymy, places that are also words, compound names, longer names
//! around known ones, and what a mention says about itself.
//!
//! The dictionary is the tests' own, so that the rules are checked rather
//! than the default dictionary's content.

use gazette::dictionary::EntityType;
use gazette::engine::dates::Date;
use gazette::engine::{Engine, MentionSource, Options};

use crate::helpers::engine_from;

/// People, places and bodies of news beyond summit politics.
const NEWSROOM_DICTIONARY: &str = r#"{"id":"gazette:person/muhyiddin-yassin","name":"Muhyiddin Yassin","type":"LEADER","aliases":[{"text":"Muhyiddin","short":true}],"attributes":{"country":"MY","office":"Prime Minister of Malaysia","office_start":"2020-03-01","office_end":"2021-08-16"}}
{"id":"gazette:person/anwar-ibrahim","name":"Anwar Ibrahim","type":"LEADER","aliases":[{"text":"Anwar","short":true}],"attributes":{"country":"MY","office":"Prime Minister of Malaysia","office_start":"2022-11-24"}}
{"id":"gazette:person/tamim-bin-hamad","name":"Tamim bin Hamad Al Thani","type":"LEADER","attributes":{"country":"QA","office":"Emir of Qatar","office_start":"2013-06-25"}}
{"id":"gazette:person/mohammed-bin-abdulrahman","name":"Mohammed bin Abdulrahman Al Thani","type":"LEADER","attributes":{"country":"QA","office":"Prime Minister of Qatar","office_start":"2023-03-07"}}
{"id":"gazette:person/nawaz-sharif","name":"Nawaz Sharif","type":"LEADER","aliases":[{"text":"Sharif","short":true}],"attributes":{"country":"PK"}}
{"id":"gazette:person/ali-khan","name":"Ali Khan","type":"OFFICIAL","attributes":{"country":"PK"}}
{"id":"gazette:person/ahmad-shah","name":"Ahmad Shah","type":"OFFICIAL","attributes":{"country":"AF"}}
{"id":"gazette:person/olufemi-oluyede","name":"Olufemi Oluyede","type":"OFFICIAL","attributes":{"country":"NG"}}
{"id":"gazette:person/bola-tinubu","name":"Bola Tinubu","type":"LEADER","aliases":["Tinubu"],"attributes":{"country":"NG"}}
{"id":"gazette:person/boris-johnson","name":"Boris Johnson","type":"LEADER","aliases":["Johnson"],"attributes":{"country":"GB"}}
{"id":"gazette:person/bashar-al-assad","name":"Bashar al-Assad","type":"LEADER","aliases":["al-Assad","Assad"],"attributes":{"country":"SY"}}
{"id":"gazette:person/kim-jong-un","name":"Kim Jong Un","type":"LEADER","aliases":["Kim"],"attributes":{"country":"KP"}}
{"id":"gazette:person/kamala-harris","name":"Kamala Harris","type":"OFFICIAL","aliases":[{"text":"Harris","short":true}],"attributes":{"country":"US"}}
{"id":"gazette:person/john-mahama","name":"John Mahama","type":"LEADER","aliases":["Mahama"],"attributes":{"country":"GH"}}
{"id":"gazette:person/fernando-haddad","name":"Fernando Haddad","type":"OFFICIAL","aliases":["Haddad"],"attributes":{"country":"BR"}}
{"id":"gazette:person/mark-carney","name":"Mark Carney","type":"LEADER","aliases":["Carney"],"attributes":{"country":"CA"}}
{"id":"gazette:person/mark-rutte","name":"Mark Rutte","type":"LEADER","aliases":["Rutte"],"attributes":{"country":"NL"}}
{"id":"gazette:person/jens-stoltenberg","name":"Jens Stoltenberg","type":"LEADER","attributes":{"country":"NO"}}
{"id":"gazette:person/tedros","name":"Tedros Adhanom Ghebreyesus","type":"OFFICIAL","aliases":["Tedros"],"attributes":{"country":"ET"}}
{"id":"Q117","name":"Ghana","type":"PLACE","subtype":"country","attributes":{"country":"GH"},"priority":10}
{"id":"Q155","name":"Brazil","type":"PLACE","subtype":"country","attributes":{"country":"BR"},"priority":10}
{"id":"Q30","name":"United States","type":"PLACE","subtype":"country","aliases":["US","U.S."],"attributes":{"country":"US"},"priority":10}
{"id":"Q17","name":"Japan","type":"PLACE","subtype":"country","attributes":{"country":"JP"},"priority":10}
{"id":"Q16","name":"Canada","type":"PLACE","subtype":"country","attributes":{"country":"CA"},"priority":10}
{"id":"Q1033","name":"Nigeria","type":"PLACE","subtype":"country","attributes":{"country":"NG"},"priority":10}
{"id":"Q1439","name":"Texas","type":"PLACE","subtype":"state","attributes":{"country":"US"}}
{"id":"gazette:org/texas-house","name":"Texas House of Representatives","type":"ORGANIZATION","aliases":["Texas House"],"attributes":{"country":"US"}}
{"id":"gazette:org/texas-senate","name":"Texas Senate","type":"ORGANIZATION","attributes":{"country":"US"}}
{"id":"gazette:region/za-wc","name":"Western Cape","type":"PLACE","subtype":"region","attributes":{"country":"ZA"}}
{"id":"gazette:org/western-cape-high-court","name":"Western Cape High Court","type":"ORGANIZATION","attributes":{"country":"ZA"}}
{"id":"Q1184","name":"Kerala","type":"PLACE","subtype":"state","attributes":{"country":"IN"}}
{"id":"Q1865","name":"Kuala Lumpur","type":"PLACE","subtype":"city","attributes":{"country":"MY"}}
{"id":"Q71","name":"Geneva","type":"PLACE","subtype":"city","attributes":{"country":"CH"}}
{"id":"Q3787","name":"Abuja","type":"PLACE","subtype":"city","attributes":{"country":"NG"}}
{"id":"Q43788","name":"Madison, Wisconsin","type":"PLACE","subtype":"city","aliases":[{"text":"Madison","short":true,"case_sensitive":true}],"attributes":{"country":"US"}}
{"id":"Q2132","name":"Victoria, British Columbia","type":"PLACE","subtype":"city","aliases":[{"text":"Victoria","short":true,"case_sensitive":true}],"attributes":{"country":"CA"}}
{"id":"Q28260","name":"Lincoln, Nebraska","type":"PLACE","subtype":"city","aliases":[{"text":"Lincoln","short":true,"case_sensitive":true}],"attributes":{"country":"US"}}
{"id":"Q1537","name":"Wisconsin","type":"PLACE","subtype":"state","attributes":{"country":"US"}}
{"id":"Q985","name":"Baden-Württemberg","type":"PLACE","subtype":"state","attributes":{"country":"DE"}}
{"id":"Q1196","name":"Mecklenburg-Vorpommern","type":"PLACE","subtype":"state","attributes":{"country":"DE"}}
{"id":"Q1007","name":"Guinea-Bissau","type":"PLACE","subtype":"country","attributes":{"country":"GW"}}
{"id":"Q3751","name":"Bissau","type":"PLACE","subtype":"city","attributes":{"country":"GW"}}
{"id":"Q754","name":"Trinidad and Tobago","type":"PLACE","subtype":"country","attributes":{"country":"TT"}}
{"id":"Q781","name":"Antigua and Barbuda","type":"PLACE","subtype":"country","attributes":{"country":"AG"}}
{"id":"gazette:region/ag-10","name":"Barbuda","type":"PLACE","subtype":"region","attributes":{"country":"AG"}}
{"id":"Q574","name":"Timor-Leste","type":"PLACE","subtype":"country","attributes":{"country":"TL"}}
{"id":"Q35525","name":"White House","type":"PLACE","subtype":"landmark","attributes":{"country":"US"}}
{"id":"gazette:place/elysee-palace","name":"Élysée Palace","type":"PLACE","subtype":"landmark","aliases":["Élysée"],"attributes":{"country":"FR"}}
{"id":"gazette:place/downing-street","name":"Downing Street","type":"PLACE","subtype":"landmark","attributes":{"country":"GB"}}
{"id":"gazette:place/blue-house","name":"Blue House","type":"PLACE","subtype":"landmark","attributes":{"country":"KR"}}
{"id":"Q53536","name":"Toyota","type":"ORGANIZATION","subtype":"company","aliases":["Toyota Motor"],"attributes":{"country":"JP"}}
{"id":"Q55931","name":"Hyundai Motor Company","type":"ORGANIZATION","subtype":"company","aliases":["Hyundai Motor"],"attributes":{"country":"KR"}}
{"id":"Q483551","name":"Bank of Korea","type":"ORGANIZATION","subtype":"central_bank","attributes":{"country":"KR"}}
{"id":"Q211","name":"European Central Bank","type":"ORGANIZATION","subtype":"central_bank","aliases":["ECB"]}
{"id":"Q7184","name":"NATO","type":"ORGANIZATION","subtype":"international"}
{"id":"gazette:place/marka","name":"Marka","type":"PLACE","subtype":"city","attributes":{"country":"SO"}}
{"id":"gazette:person/kaja-kallas","name":"Kaja Kallas","type":"LEADER","aliases":["Kallas"],"attributes":{"country":"EE"}}
{"id":"gazette:person/siim-kallas","name":"Siim Kallas","type":"LEADER","aliases":["Kallas"],"priority":5,"attributes":{"country":"EE"}}
{"id":"gazette:person/abbas-araghchi","name":"Abbas Araghchi","type":"OFFICIAL","attributes":{"country":"IR"}}
{"id":"gazette:org/x","name":"X (social network)","type":"ORGANIZATION","subtype":"company","aliases":["X"]}
{"id":"gazette:person/eric-chu","name":"Eric Chu","type":"OFFICIAL","attributes":{"country":"TW"}}
{"id":"gazette:person/lawrence-wong","name":"Lawrence Wong","type":"LEADER","attributes":{"country":"SG"}}
{"id":"gazette:person/lee-hsien-loong","name":"Lee Hsien Loong","type":"LEADER","attributes":{"country":"SG"}}
{"id":"gazette:region/ng-bo","name":"Borno","type":"PLACE","subtype":"region","attributes":{"country":"NG"}}
{"id":"Q1370","name":"Virginia","type":"PLACE","subtype":"state","attributes":{"country":"US"}}
{"id":"Q114","name":"Kenya","type":"PLACE","subtype":"country","attributes":{"country":"KE"}}
{"id":"gazette:place/damboa","name":"Damboa","type":"PLACE","subtype":"city","attributes":{"country":"NG"}}
{"id":"gazette:org/world-bank-group","name":"World Bank Group","type":"ORGANIZATION","subtype":"international"}
{"id":"gazette:org/african-union","name":"African Union","type":"ORGANIZATION","subtype":"international"}
{"id":"gazette:person/rachel-reeves","name":"Rachel Reeves","type":"OFFICIAL","offices":[{"title":"Chancellor of the Exchequer","country":"GB","start":"2024-07-05","end":null}]}
{"id":"gazette:person/ursula-von-der-leyen","name":"Ursula von der Leyen","type":"OFFICIAL","offices":[{"title":"President of the European Commission","organization":"European Commission","start":"2019-12-01","end":null}]}
{"id":"gazette:person/wang-yi","name":"Wang Yi","type":"OFFICIAL","offices":[{"title":"Minister of Foreign Affairs","country":"CN","start":"2023-07-25","end":null}]}
{"id":"Q458","name":"European Union","type":"ORGANIZATION","subtype":"international","aliases":["EU"]}
{"id":"Q7817","name":"World Health Organization","type":"ORGANIZATION","subtype":"international","aliases":[{"text":"WHO","case_sensitive":true}]}
{"id":"Q130879","name":"Reuters","type":"ORGANIZATION","subtype":"media"}
{"id":"Q22686","name":"Donald Trump","type":"LEADER","aliases":["Trump"],"attributes":{"country":"US"}}
{"id":"gazette:place/putrajaya","name":"Putrajaya","type":"PLACE","subtype":"city","aliases":[{"text":"Putrajaya","case_sensitive":true}],"attributes":{"country":"MY"}}
{"id":"gazette:place/the-hague","name":"The Hague","type":"PLACE","subtype":"city","aliases":[{"text":"The Hague","case_sensitive":true}],"attributes":{"country":"NL"}}
{"id":"gazette:place/sao-paulo","name":"São Paulo","type":"PLACE","subtype":"city","aliases":[{"text":"São Paulo","case_sensitive":true}],"attributes":{"country":"BR"}}
{"id":"gazette:region/us-county-kerr","name":"Kerr County","type":"PLACE","subtype":"region","aliases":[{"text":"Kerr County","case_sensitive":true},{"text":"Kerr County, Texas","case_sensitive":true}],"attributes":{"country":"US"}}
{"id":"gazette:place/birmingham","name":"Birmingham","type":"PLACE","subtype":"city","aliases":[{"text":"Birmingham","case_sensitive":true}],"attributes":{"country":"GB"},"priority":7}
{"id":"gazette:place/birmingham-alabama","name":"Birmingham, Alabama","type":"PLACE","subtype":"city","aliases":[{"text":"Birmingham, Alabama","case_sensitive":true}],"attributes":{"country":"US"},"priority":5}
{"id":"gazette:region/us-al","name":"Alabama","type":"PLACE","subtype":"state","attributes":{"country":"US"}}
{"id":"gazette:place/washington-dc","name":"Washington, D.C.","type":"PLACE","subtype":"city","aliases":["Washington","D.C."],"attributes":{"country":"US"},"priority":8}
{"id":"gazette:org/bank-of-japan","name":"Bank of Japan","type":"ORGANIZATION","subtype":"central_bank","aliases":["BOJ"],"attributes":{"country":"JP"}}
{"id":"gazette:person/kazuo-ueda","name":"Kazuo Ueda","type":"OFFICIAL","attributes":{"country":"JP"}}
{"id":"gazette:org/democratic-party-kr","name":"Democratic Party of Korea","type":"ORGANIZATION","subtype":"party","aliases":["Democratic Party"],"attributes":{"country":"KR"}}
"#;

fn engine() -> Engine {
    engine_from(NEWSROOM_DICTIONARY)
}

/// A fixed document date, so that offices do not move with the clock.
fn options() -> Options {
    Options {
        date: Date::parse("2025-09-01", false),
        ..Options::default()
    }
}

/// (span, id, type) of each mention, in text order.
fn found(engine: &Engine, text: &str) -> Vec<(String, String, EntityType)> {
    let extraction = engine.extract(text, &options());
    extraction
        .mentions
        .iter()
        .map(|m| {
            (
                text[m.start..m.end].to_string(),
                extraction.view(engine, m.referent).id.to_string(),
                m.entity_type,
            )
        })
        .collect()
}

/// One test per row: a text and every mention it must give.
macro_rules! newsroom {
    ($($name:ident: $text:expr => [$(($span:expr, $id:expr, $t:ident)),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            let got = found(&engine(), $text);
            let expected: Vec<(String, String, EntityType)> = vec![
                $(($span.to_string(), $id.to_string(), EntityType::$t)),*
            ];
            assert_eq!(got, expected, "text: {:?}", $text);
        }
    )*};
}

// 1. Honorifics of every culture stay outside names, and a title span never
// hides a dictionary person.
newsroom! {
    honorific_malay_tan_sri_inside_a_title: "Former Prime Minister Tan Sri Muhyiddin Yassin spoke. Muhyiddin said no." => [
        ("Muhyiddin Yassin", "gazette:person/muhyiddin-yassin", Leader),
        ("Muhyiddin", "gazette:person/muhyiddin-yassin", Leader),
    ];
    honorific_malay_datuk_seri_inside_a_title: "Prime Minister Datuk Seri Anwar Ibrahim said. Anwar added." => [
        ("Anwar Ibrahim", "gazette:person/anwar-ibrahim", Leader),
        ("Anwar", "gazette:person/anwar-ibrahim", Leader),
    ];
    honorific_gulf_sheikh_inside_a_title: "Emir Sheikh Tamim bin Hamad Al Thani received them." => [
        ("Tamim bin Hamad Al Thani", "gazette:person/tamim-bin-hamad", Leader),
    ];
    honorific_rank_inside_a_title: "Chief of Army Staff Lt. Gen. Olufemi Oluyede spoke." => [
        ("Olufemi Oluyede", "gazette:person/olufemi-oluyede", Official),
    ];
    honorific_outside_an_unknown_titled_name: "Foreign Minister Dato' Sri Mohamad Hasan spoke. Mohamad said." => [
        ("Mohamad Hasan", "gazette:person/mohamad-hasan", Official),
        ("Mohamad", "gazette:person/mohamad-hasan", Official),
    ];
    honorific_nigerian_chief_inside_a_title: "President Chief Bola Tinubu spoke." => [
        ("Bola Tinubu", "gazette:person/bola-tinubu", Leader),
    ];
}

// 1b. Persian honorifics stay outside names too.
newsroom! {
    honorific_seyed_after_a_title: "Foreign Minister Seyed Abbas Araghchi said." => [
        ("Abbas Araghchi", "gazette:person/abbas-araghchi", Official),
    ];
    honorific_seyyed_alone: "Seyyed Abbas Araghchi spoke." => [
        ("Abbas Araghchi", "gazette:person/abbas-araghchi", Official),
    ];
    honorific_sayyid_after_dr: "Dr. Sayyid Abbas Araghchi spoke." => [
        ("Abbas Araghchi", "gazette:person/abbas-araghchi", Official),
    ];
}

// 2. Demonyms and role words are never names.
newsroom! {
    demonym_second_name_after_and: "President John Mahama and Ivorian leader Alassane Ouattara met." => [
        ("John Mahama", "gazette:person/john-mahama", Leader),
        ("Alassane Ouattara", "gazette:person/alassane-ouattara", Leader),
    ];
    demonym_before_a_known_name: "Treasury Secretary Scott Bessent and Brazilian Fernando Haddad spoke." => [
        ("Scott Bessent", "gazette:person/scott-bessent", Official),
        ("Fernando Haddad", "gazette:person/fernando-haddad", Official),
    ];
    role_word_opposition_after_and: "Prime Minister Mark Carney and Opposition members left." => [
        ("Mark Carney", "gazette:person/mark-carney", Leader),
    ];
    demonym_after_a_title: "the ministers Ghanaian Cassiel Ato Forson and Brazil's Fernando Haddad" => [
        ("Cassiel Ato Forson", "gazette:person/cassiel-ato-forson", Official),
        ("Brazil", "Q155", Place),
        ("Fernando Haddad", "gazette:person/fernando-haddad", Official),
    ];
    role_word_outgoing_after_and: "President John Mahama and Outgoing officials met." => [
        ("John Mahama", "gazette:person/john-mahama", Leader),
    ];
}

// 3. Full mentions in the document beat famous short forms; given names
// follow naming custom.
newsroom! {
    full_mention_beats_famous_surname: "State Rep. Tom Johnson spoke. Johnson said the bill fails." => [
        ("Tom Johnson", "gazette:person/tom-johnson", Official),
        ("Johnson", "gazette:person/tom-johnson", Official),
    ];
    full_mention_beats_famous_hyphenated_surname: "Col. Maher al-Assad commanded. al-Assad said." => [
        ("Maher al-Assad", "gazette:person/maher-al-assad", Official),
        ("al-Assad", "gazette:person/maher-al-assad", Official),
    ];
    full_mention_beats_famous_family_name: "Minister Kim Min-seok spoke. Kim said no." => [
        ("Kim Min-seok", "gazette:person/kim-min-seok", Official),
        ("Kim", "gazette:person/kim-min-seok", Official),
    ];
    famous_surname_without_other_full_mention: "Johnson said the bill fails." => [
        ("Johnson", "gazette:person/boris-johnson", Leader),
    ];
    given_name_of_a_gulf_leader: "Sheikh Tamim bin Hamad Al Thani spoke. Tamim said yes." => [
        ("Tamim bin Hamad Al Thani", "gazette:person/tamim-bin-hamad", Leader),
        ("Tamim", "gazette:person/tamim-bin-hamad", Leader),
    ];
    given_name_after_full_mention: "Kamala Harris spoke in Texas. Later, Kamala said no." => [
        ("Kamala Harris", "gazette:person/kamala-harris", Official),
        ("Texas", "Q1439", Place),
        ("Kamala", "gazette:person/kamala-harris", Official),
    ];
    given_name_of_a_titled_person: "Mayor Zohran Mamdani won. Zohran thanked voters." => [
        ("Zohran Mamdani", "gazette:person/zohran-mamdani", Official),
        ("Zohran", "gazette:person/zohran-mamdani", Official),
    ];
}

// 3c. An alias several people share is the one the document named in full.
newsroom! {
    shared_surname_follows_the_full_mention: "EU foreign policy chief Kaja Kallas spoke. Kallas said so." => [
        ("EU", "Q458", Organization),
        ("Kaja Kallas", "gazette:person/kaja-kallas", Leader),
        ("Kallas", "gazette:person/kaja-kallas", Leader),
    ];
    shared_surname_follows_the_other_full_mention: "Siim Kallas spoke. Kallas said so." => [
        ("Siim Kallas", "gazette:person/siim-kallas", Leader),
        ("Kallas", "gazette:person/siim-kallas", Leader),
    ];
    shared_surname_after_both_follows_the_latest: "Siim Kallas met Kaja Kallas. Kallas said so." => [
        ("Siim Kallas", "gazette:person/siim-kallas", Leader),
        ("Kaja Kallas", "gazette:person/kaja-kallas", Leader),
        ("Kallas", "gazette:person/kaja-kallas", Leader),
    ];
}

// 3a. Surnames follow how the name is written: a Western given name
// first in a country that writes family names first leaves the family
// name last.
newsroom! {
    surname_after_a_western_given_name: "KMT Chair Eric Chu spoke. Chu said." => [
        ("Eric Chu", "gazette:person/eric-chu", Official),
        ("Chu", "gazette:person/eric-chu", Official),
    ];
    surname_after_a_western_given_name_in_singapore: "Lawrence Wong spoke. Wong said." => [
        ("Lawrence Wong", "gazette:person/lawrence-wong", Leader),
        ("Wong", "gazette:person/lawrence-wong", Leader),
    ];
    family_name_first_stays_first: "Lee Hsien Loong spoke. Lee said." => [
        ("Lee Hsien Loong", "gazette:person/lee-hsien-loong", Leader),
        ("Lee", "gazette:person/lee-hsien-loong", Leader),
    ];
}

// 3b. A person's name in its own script, in parentheses after a mention,
// is the same person.
newsroom! {
    native_name_in_parentheses_after_a_person: "Anwar Ibrahim (安华) spoke." => [
        ("Anwar Ibrahim", "gazette:person/anwar-ibrahim", Leader),
        ("安华", "gazette:person/anwar-ibrahim", Leader),
    ];
    hangul_name_in_full_width_parentheses: "Anwar Ibrahim（안와르）spoke." => [
        ("Anwar Ibrahim", "gazette:person/anwar-ibrahim", Leader),
        ("안와르", "gazette:person/anwar-ibrahim", Leader),
    ];
    latin_letters_in_parentheses_are_no_native_name: "Anwar Ibrahim (PKR) spoke." => [
        ("Anwar Ibrahim", "gazette:person/anwar-ibrahim", Leader),
    ];
    one_character_in_parentheses_is_no_name: "Anwar Ibrahim (华) spoke." => [
        ("Anwar Ibrahim", "gazette:person/anwar-ibrahim", Leader),
    ];
}

// 4. More titles, and lower-case ones.
newsroom! {
    title_lower_case_chief_after_an_organization: "NATO chief Jens Stoltenberg met EU trade chief Maros Sefcovic." => [
        ("NATO", "Q7184", Organization),
        ("Jens Stoltenberg", "gazette:person/jens-stoltenberg", Leader),
        ("EU", "Q458", Organization),
        ("Maros Sefcovic", "gazette:person/maros-sefcovic", Official),
    ];
    title_lower_case_chair: "SEC chair Paul Atkins spoke." => [
        ("Paul Atkins", "gazette:person/paul-atkins", Official),
    ];
    title_leader_of_the_opposition: "Leader of the Opposition Pierre Poilievre spoke." => [
        ("Pierre Poilievre", "gazette:person/pierre-poilievre", Official),
    ];
    title_floor_leader: "Democratic floor leader Kim Byung-kee spoke." => [
        ("Kim Byung-kee", "gazette:person/kim-byung-kee", Official),
    ];
    title_superintendent: "Police Superintendent Rahul Sharma said." => [
        ("Rahul Sharma", "gazette:person/rahul-sharma", Official),
    ];
    title_party_chief: "Bihar party chief Samrat Choudhary said." => [
        ("Samrat Choudhary", "gazette:person/samrat-choudhary", Official),
    ];
}

// 4b. A title's name stays in its sentence, after its whole portfolio, and
// is more than an honorific.
newsroom! {
    title_name_never_after_a_full_stop: "He was the outgoing environment minister. Despite the vote, he stayed." => [];
    title_abbreviated_head_reaches_its_name: "Gen. Asim Munir spoke." => [
        ("Asim Munir", "gazette:person/asim-munir", Official),
    ];
    title_portfolio_goes_on_after_and: "Secretary of Security and Citizen Protection Omar Harfuch spoke." => [];
    title_second_portfolio_after_and: "He is Minister for Energy and Green Transition, and will travel." => [];
    title_portfolio_of_departments_then_name: "Secretary of Foreign Affairs and Trade Bola Tinubu spoke." => [
        ("Bola Tinubu", "gazette:person/bola-tinubu", Leader),
    ];
    title_honorific_alone_is_no_name: "\"Under PM Shri @narendramodi Ji's leadership,\" he said." => [];
    title_honorific_then_name: "Under PM Shri Bola Tinubu, it grew." => [
        ("Bola Tinubu", "gazette:person/bola-tinubu", Leader),
    ];
}

// 4c. A leader's title makes an official a leader, unless it names an
// office the official holds.
newsroom! {
    title_of_the_officials_own_office_keeps_the_type: "Chancellor Rachel Reeves said." => [
        ("Rachel Reeves", "gazette:person/rachel-reeves", Official),
    ];
    title_of_an_organizations_head_keeps_the_type: "President Ursula von der Leyen said." => [
        ("Ursula von der Leyen", "gazette:person/ursula-von-der-leyen", Official),
    ];
    title_of_another_office_makes_a_leader: "President Wang Yi said." => [
        ("Wang Yi", "gazette:person/wang-yi", Leader),
    ];
    title_of_a_head_of_government_is_never_the_ministers_own: "Prime Minister Wang Yi said." => [
        ("Wang Yi", "gazette:person/wang-yi", Leader),
    ];
}

// 5. Datelines and all-caps text.
newsroom! {
    dateline_city_colon: "KUALA LUMPUR: The government said." => [
        ("KUALA LUMPUR", "Q1865", Place),
    ];
    dateline_city_and_agency: "GENEVA, March 3 (Reuters) - The WHO said." => [
        ("GENEVA", "Q71", Place),
        ("Reuters", "Q130879", Organization),
        ("WHO", "Q7817", Organization),
    ];
    headline_in_capitals: "KERALA GOVERNMENT ANNOUNCES FLOOD RELIEF" => [
        ("KERALA", "Q1184", Place),
    ];
    dateline_capitals_of_a_case_sensitive_name: "PUTRAJAYA: Prime Minister Anwar Ibrahim said." => [
        ("PUTRAJAYA", "gazette:place/putrajaya", Place),
        ("Anwar Ibrahim", "gazette:person/anwar-ibrahim", Leader),
    ];
    dateline_after_a_headline_with_a_dash: "Court rules on appeal\n\nTHE HAGUE \u{2014} The court said." => [
        ("THE HAGUE", "gazette:place/the-hague", Place),
    ];
    dateline_with_a_non_ascii_capital: "S\u{c3}O PAULO, June 2 (Reuters) - Markets rose." => [
        ("S\u{c3}O PAULO", "gazette:place/sao-paulo", Place),
        ("Reuters", "Q130879", Organization),
    ];
    capitals_outside_a_dateline_keep_the_case_rule: "They met in PUTRAJAYA and THE HAGUE." => [];
    legal_prose_in_capitals: "ANY OTHER PARTY WHO MODIFIES THE SOFTWARE SHALL BE LIABLE" => [];
    legal_prose_in_capitals_with_a_body: "IN NO EVENT SHALL ANY COMMITTEE OR OTHER PARTY WHO DISTRIBUTES IT BE LIABLE" => [];
}

// 6. Organization spans.
newsroom! {
    state_before_its_chamber_is_a_place: "The Texas House voted." => [
        ("Texas", "Q1439", Place),
        ("House", "gazette:org/texas-house", Organization),
    ];
    state_before_its_senate_is_a_place: "Texas Senate Republicans met." => [
        ("Texas", "Q1439", Place),
        ("Senate", "gazette:org/texas-senate", Organization),
    ];
    chamber_full_name_stays_whole: "The Texas House of Representatives adjourned." => [
        ("Texas House of Representatives", "gazette:org/texas-house", Organization),
    ];
    court_of_a_province_keeps_its_name: "The Western Cape High Court ruled." => [
        ("Western Cape High Court", "gazette:org/western-cape-high-court", Organization),
    ];
    body_ends_before_a_title_and_a_name: "Bank of Japan Governor Kazuo Ueda said. Ueda spoke." => [
        ("Bank of Japan", "gazette:org/bank-of-japan", Organization),
        ("Kazuo Ueda", "gazette:person/kazuo-ueda", Official),
        ("Ueda", "gazette:person/kazuo-ueda", Official),
    ];
    body_name_after_a_title_of_it: "Ayaz Sadiq, the Speaker of the National Assembly, spoke." => [
        ("National Assembly", "gazette:org/national-assembly", Organization),
    ];
    body_name_after_a_hyphenated_title: "the Director-General of the World Health Organization said" => [
        ("World Health Organization", "Q7817", Organization),
    ];
    cabinet_secretary_is_one_title: "ICT Cabinet Secretary William Kabogo spoke." => [
        ("William Kabogo", "gazette:person/william-kabogo", Official),
    ];
    university_names_are_bodies: "He teaches at the University of Santo Tomas and Georgetown University." => [
        ("University of Santo Tomas", "gazette:org/university-of-santo-tomas", Organization),
        ("Georgetown University", "gazette:org/georgetown-university", Organization),
    ];
    acronym_defined_after_a_body_is_it: "the Inland Revenue Board (LHDN) said. LHDN will act." => [
        ("Inland Revenue Board", "gazette:org/inland-revenue-board", Organization),
        ("LHDN", "gazette:org/inland-revenue-board", Organization),
        ("LHDN", "gazette:org/inland-revenue-board", Organization),
    ];
    acronym_defined_after_a_dictionary_body: "the ruling Democratic Party (DP) won. The DP said so." => [
        ("Democratic Party", "gazette:org/democratic-party-kr", Organization),
        ("DP", "gazette:org/democratic-party-kr", Organization),
        ("DP", "gazette:org/democratic-party-kr", Organization),
    ];
    acronym_that_is_a_name_defines_nothing: "GENEVA (WHO) - Officials met. WHO said." => [
        ("GENEVA", "Q71", Place),
        ("WHO", "Q7817", Organization),
        ("WHO", "Q7817", Organization),
    ];
    acronym_before_its_definition_is_not_it: "LHDN said. The Inland Revenue Board (LHDN) agreed." => [
        ("Inland Revenue Board", "gazette:org/inland-revenue-board", Organization),
        ("LHDN", "gazette:org/inland-revenue-board", Organization),
    ];
    organization_keeps_a_written_legal_suffix: "Toyota Motor Corp. and Hyundai Motor Co. reported." => [
        ("Toyota Motor Corp.", "Q53536", Organization),
        ("Hyundai Motor Co.", "Q55931", Organization),
    ];
    organization_pattern_keeps_a_legal_suffix: "Acme Holdings Group Ltd. and Widget Corporation Inc. merged." => [
        ("Acme Holdings Group Ltd.", "gazette:org/acme-holdings-group-ltd", Organization),
        ("Widget Corporation Inc.", "gazette:org/widget-corporation-inc", Organization),
    ];
    organization_country_before_a_department: "The US Labor Department said." => [
        ("US", "Q30", Place),
        ("Labor Department", "gazette:org/labor-department", Organization),
    ];
    organization_never_joins_a_known_name: "Trump and Acme Corporation met today." => [
        ("Trump", "Q22686", Leader),
        ("Acme Corporation", "gazette:org/acme-corporation", Organization),
    ];
    organization_never_joins_across_and_the: "Japan and the Bank of Korea met. Canada and the European Central Bank met." => [
        ("Japan", "Q17", Place),
        ("Bank of Korea", "Q483551", Organization),
        ("Canada", "Q16", Place),
        ("European Central Bank", "Q211", Organization),
    ];
    organization_short_names_of_bodies: "The bill passed the House and Congress; the Diet and the Commons did not." => [
        ("House", "gazette:org/house", Organization),
        ("Congress", "gazette:org/congress", Organization),
        ("Diet", "gazette:org/diet", Organization),
        ("Commons", "gazette:org/commons", Organization),
    ];
    organization_bare_cabinet_is_not_one: "The Cabinet met on Monday; the Cabinet agreed." => [];
    platform_letter_after_on: "She said on X, and later via X." => [
        ("X", "gazette:org/x", Organization),
        ("X", "gazette:org/x", Organization),
    ];
    platform_letter_elsewhere_is_none: "Generation X took an X-ray; Boston X won." => [];
    platform_letter_before_a_word_is_none: "It ran on X-rays and on Xs." => [];
    organization_one_word_body_after_a_title_is_none: "They met at the President House and the Governor House." => [];
    organization_one_word_body_after_a_place_stays: "The Texas House and the House met." => [
        ("Texas", "Q1439", Place),
        ("House", "gazette:org/texas-house", Organization),
        ("House", "gazette:org/house", Organization),
    ];
    organization_one_word_body_after_a_lower_case_title_stays: "The president House Speaker met." => [
        ("House", "gazette:org/house", Organization),
    ];
    organization_pattern_never_restates_a_known_body: "They backed a strong NATO Alliance." => [
        ("NATO", "Q7184", Organization),
    ];
    organization_pattern_stops_before_of_a_known_body: "The Spring Meetings of the World Bank Group opened." => [
        ("World Bank Group", "gazette:org/world-bank-group", Organization),
    ];
    organization_pattern_keeps_a_body_before_of_a_known_body: "The Water Resources Directorate of the African Union said." => [
        ("Water Resources Directorate", "gazette:org/water-resources-directorate", Organization),
        ("African Union", "gazette:org/african-union", Organization),
    ];
    organization_pattern_starts_after_a_members_title: "Member of the Political Bureau Wang Yi spoke." => [
        ("Political Bureau", "gazette:org/political-bureau", Organization),
        ("Wang Yi", "gazette:person/wang-yi", Official),
    ];
    organization_pattern_never_starts_at_a_possessive_s: "PRIME MINISTER\u{2019}S OFFICE said." => [];
}

// 7. Metonymy, both ways.
newsroom! {
    metonym_acts_after_a_time_phrase: "The White House on Monday said no." => [
        ("White House", "Q35525", Organization),
    ];
    metonym_acts_after_an_adverb: "Downing Street also rejected the claim. The Élysée later confirmed it." => [
        ("Downing Street", "gazette:place/downing-street", Organization),
        ("Élysée", "gazette:place/elysee-palace", Organization),
    ];
    metonym_place_after_a_preposition: "Visitors to the White House said it was closed." => [
        ("White House", "Q35525", Place),
    ];
    metonym_place_after_at: "Guests at the Élysée told reporters. Crowds outside Downing Street said no." => [
        ("Élysée", "gazette:place/elysee-palace", Place),
        ("Downing Street", "gazette:place/downing-street", Place),
    ];
}

// 8. Places that are also names or words.
newsroom! {
    qualified_place_is_the_place_then_its_state: "flooding in Kerr County, Texas, killed many" => [
        ("Kerr County", "gazette:region/us-county-kerr", Place),
        ("Texas", "Q1439", Place),
    ];
    qualified_name_picks_the_smaller_namesake: "a rally in Birmingham, Alabama, and one in Birmingham" => [
        ("Birmingham", "gazette:place/birmingham-alabama", Place),
        ("Alabama", "gazette:region/us-al", Place),
        ("Birmingham", "gazette:place/birmingham", Place),
    ];
    qualifier_of_the_same_place_stays_inside: "talks in Washington, D.C. on Monday" => [
        ("Washington, D.C.", "gazette:place/washington-dc", Place),
    ];
    place_word_after_a_preposition: "They met in Madison on Friday." => [
        ("Madison", "Q43788", Place),
    ];
    place_word_after_a_verb_of_travel: "She fled Victoria. He flew to Lincoln." => [
        ("Victoria", "Q2132", Place),
        ("Lincoln", "Q28260", Place),
    ];
    place_word_before_its_country: "Victoria, Canada, voted." => [
        ("Victoria", "Q2132", Place),
        ("Canada", "Q16", Place),
    ];
    place_word_alone_is_not_a_place: "Madison said she would run. Victoria agreed." => [];
}

// 8b. Places named from a known place and a word around it.
newsroom! {
    place_with_its_administrative_word: "Troops reached the Damboa Local Government Area." => [
        ("Damboa Local Government Area", "gazette:place/damboa", Place),
    ];
    place_with_a_direction_after_it: "Senators of Borno North and Borno Central met." => [
        ("Borno North", "gazette:place/borno-north", Place),
        ("Borno Central", "gazette:place/borno-central", Place),
    ];
    place_with_a_direction_before_it: "She represented Central Virginia." => [
        ("Central Virginia", "gazette:place/central-virginia", Place),
    ];
    mountain_named_like_a_place: "Leaders from the Mt. Kenya region and Mt Kenya met in Kenya." => [
        ("Mt. Kenya", "gazette:place/mt-kenya", Place),
        ("Mt Kenya", "gazette:place/mt-kenya", Place),
        ("Kenya", "Q114", Place),
    ];
    direction_before_a_name_stays_out: "Borno South Senator Ali spoke." => [
        ("Borno", "gazette:region/ng-bo", Place),
        ("Ali", "gazette:person/ali", Official),
    ];
}

// 9. Hyphenated names and names with "and" or "&" match whole.
newsroom! {
    compound_ampersand_name: "Antigua & Barbuda voted." => [
        ("Antigua & Barbuda", "Q781", Place),
    ];
    compound_ampersand_and_and: "Trinidad & Tobago and Antigua and Barbuda met." => [
        ("Trinidad & Tobago", "Q754", Place),
        ("Antigua and Barbuda", "Q781", Place),
    ];
    compound_hyphenated_names: "Guinea-Bissau, Timor-Leste and Mecklenburg-Vorpommern met in Bissau." => [
        ("Guinea-Bissau", "Q1007", Place),
        ("Timor-Leste", "Q574", Place),
        ("Mecklenburg-Vorpommern", "Q1196", Place),
        ("Bissau", "Q3751", Place),
    ];
}

// 9b. Urdu and Persian names joined by "-e-" or "-i-" are one name.
newsroom! {
    izafat_after_a_known_name: "Operation Marka-e-Haq began." => [];
    izafat_before_a_known_name: "The Bunyan-i-Marka rally and Marka." => [
        ("Marka", "gazette:place/marka", Place),
    ];
    hyphen_without_izafat_keeps_the_name: "The Marka-based militia." => [
        ("Marka", "gazette:place/marka", Place),
    ];
}

// 10. A longer name around a known name.
newsroom! {
    longer_name_with_a_given_name_before: "Ahmad Ali Khan met reporters." => [];
    longer_name_after_a_title: "Minister Ahmad Ali Khan met reporters." => [
        ("Ahmad Ali Khan", "gazette:person/ahmad-ali-khan", Official),
    ];
    longer_name_with_another_given_name: "Mark Johnson and John Haddad spoke." => [];
    longer_form_with_a_name_prefix: "Former Prime Minister Mian Muhammad Nawaz Sharif spoke. Sharif said." => [
        ("Muhammad Nawaz Sharif", "gazette:person/nawaz-sharif", Leader),
        ("Sharif", "gazette:person/nawaz-sharif", Leader),
    ];
}

// 11. Confidence and explanation stay true.

#[test]
fn every_source_is_documented_in_the_proto() {
    let proto =
        std::fs::read_to_string(crate::helpers::root().join("proto/gazette/v1/gazette.proto"))
            .expect("the proto is readable");
    let engine = engine();
    let text =
        "The Ministry of Defence said. Foreign Minister Zhang Wei and Trump met. Zhang said.";
    let extraction = engine.extract(text, &options());
    let mut sources: Vec<&str> = extraction
        .mentions
        .iter()
        .map(|m| m.source.as_str())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    assert_eq!(sources, ["coreference", "dictionary", "pattern", "title"]);
    for source in [
        MentionSource::Dictionary,
        MentionSource::Title,
        MentionSource::Coreference,
        MentionSource::Pattern,
    ] {
        assert!(
            proto.contains(&format!("\"{}\"", source.as_str())),
            "source {:?} is not documented in the proto",
            source.as_str()
        );
    }
}

/// The explanation of a short form after a title, resolved by the
/// document's date.
fn explained(text: &str, date: &str) -> String {
    let engine = engine();
    let options = Options {
        date: Date::parse(date, false),
        explain: true,
        ..Options::default()
    };
    let extraction = engine.extract(text, &options);
    let mention = extraction
        .mentions
        .iter()
        .find(|m| &text[m.start..m.end] == "Muhyiddin" || &text[m.start..m.end] == "Anwar")
        .expect("the short form is a mention");
    mention.explanation.clone()
}

#[test]
fn explanation_names_the_office_and_the_date() {
    for (text, date, office, day) in [
        (
            "Prime Minister Muhyiddin said.",
            "2021-01-10",
            "Prime Minister of Malaysia",
            "2021-01-10",
        ),
        (
            "Prime Minister Anwar said.",
            "2025-09-01",
            "Prime Minister of Malaysia",
            "2025-09-01",
        ),
        (
            "Prime Minister Anwar spoke.",
            "2024-02-29",
            "Prime Minister of Malaysia",
            "2024-02-29",
        ),
    ] {
        let why = explained(text, date);
        assert!(why.contains(office), "{text:?} on {date}: {why}");
        assert!(why.contains(day), "{text:?} on {date}: {why}");
    }
}

#[test]
fn explanation_says_nothing_false_when_no_one_held_the_office() {
    for (text, date) in [
        ("Prime Minister Muhyiddin said.", "2023-05-01"),
        ("Prime Minister Anwar said.", "2019-05-01"),
        ("Prime Minister Muhyiddin spoke.", "2010-01-01"),
    ] {
        let why = explained(text, date);
        assert!(
            !why.contains("held that office on the document's date"),
            "{text:?} on {date}: {why}"
        );
        assert!(why.contains("no one"), "{text:?} on {date}: {why}");
    }
}
