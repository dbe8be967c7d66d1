//! Number words, month names and weekday names of the languages of Western
//! European news (English, French, German, Spanish, Italian, Portuguese,
//! Dutch), and how each language writes digits (`3.2` or `3,2`).
//!
//! These are what two documents in different languages can share without
//! a translation: `three` = `trois` = `drei` = `tres`, `March` = `mars` =
//! `März` = `marzo`. They are read only by the cross-language anchors
//! ([`super::anchors`]); the terms of one language ([`super::numbers`])
//! keep their own rules, so the analysis of a document does not change.

/// What a number word contributes to the number it is part of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberWord {
    /// A value that adds: `three`, `twenty`, `doscientos`.
    Value(f64),
    /// Multiplies what precedes it by 100: `hundred`, `cent`, `hundert`.
    Hundred,
    /// A scale: `thousand`, `mille`, `Millionen`, `milliards`.
    Scale(f64),
    /// The word for "one" that is also the article (`un`, `ein`, `uno`):
    /// a number only inside a number phrase (`un million`, `vingt et un`).
    Article,
    /// `and` inside a number phrase (`vingt et un`, `treinta y tres`).
    And,
}

/// The number word `word` (normalised: lower case) in the language `code`.
pub fn number_word(code: &str, word: &str) -> Option<NumberWord> {
    if let Some(&(_, w)) = table(code).iter().find(|(s, _)| *s == word) {
        return Some(w);
    }
    match code {
        // German and Dutch write a number below a million as one word:
        // `dreihundertfünfundzwanzig`, `eenentwintig`.
        "de" | "nl" => joined(code, word).map(NumberWord::Value),
        _ => None,
    }
}

/// The value of a number written as one word from the parts of
/// `code`'s table (`zweitausend`, `fünfundzwanzig`), else `None`.
fn joined(code: &str, word: &str) -> Option<f64> {
    let link = if code == "de" { "und" } else { "en" };
    let mut parts = Vec::new();
    let mut rest = word;
    'next: while !rest.is_empty() {
        // Longest part first: `achtzehn` before `acht`.
        let mut best: Option<(&str, NumberWord)> = None;
        for &(s, w) in table(code) {
            let fits = matches!(w, NumberWord::Value(_) | NumberWord::Hundred)
                || (matches!(w, NumberWord::Scale(v) if v == 1000.0))
                || (matches!(w, NumberWord::Article) && (s == "ein" || s == "een"));
            if fits && rest.starts_with(s) && best.is_none_or(|(b, _)| s.len() > b.len()) {
                best = Some((s, w));
            }
        }
        if let Some((s, w)) = best {
            parts.push(match w {
                NumberWord::Article => NumberWord::Value(1.0),
                w => w,
            });
            rest = &rest[s.len()..];
            continue 'next;
        }
        if let Some(r) = rest.strip_prefix(link) {
            rest = r;
            continue;
        }
        return None;
    }
    if parts.len() < 2 {
        return None;
    }
    let (mut total, mut current) = (0.0, 0.0);
    for p in parts {
        match p {
            NumberWord::Value(v) => current += v,
            NumberWord::Hundred => current = current.max(1.0) * 100.0,
            NumberWord::Scale(s) => {
                total += current.max(1.0) * s;
                current = 0.0;
            }
            _ => return None,
        }
    }
    Some(total + current)
}

/// The month (1-12) or weekday (1-7, Monday first) a word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// A month, 1 = January.
    Month(u8),
    /// A day of the week, 1 = Monday.
    Weekday(u8),
}

/// The month or weekday `word` (normalised) names in the language `code`.
/// English names count only capitalised (`may` is a verb), which the
/// caller checks.
pub fn calendar_word(code: &str, word: &str) -> Option<Calendar> {
    let (months, days): (&[&str], &[&str]) = match code {
        "en" => (
            &[
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ],
            &[
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ],
        ),
        "fr" => (
            &[
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ],
            &[
                "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            ],
        ),
        "de" => (
            &[
                "januar",
                "februar",
                "märz",
                "april",
                "mai",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "dezember",
            ],
            &[
                "montag",
                "dienstag",
                "mittwoch",
                "donnerstag",
                "freitag",
                "samstag",
                "sonntag",
            ],
        ),
        "es" => (
            &[
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ],
            &[
                "lunes",
                "martes",
                "miércoles",
                "jueves",
                "viernes",
                "sábado",
                "domingo",
            ],
        ),
        "it" => (
            &[
                "gennaio",
                "febbraio",
                "marzo",
                "aprile",
                "maggio",
                "giugno",
                "luglio",
                "agosto",
                "settembre",
                "ottobre",
                "novembre",
                "dicembre",
            ],
            &[
                "lunedì",
                "martedì",
                "mercoledì",
                "giovedì",
                "venerdì",
                "sabato",
                "domenica",
            ],
        ),
        "pt" => (
            &[
                "janeiro",
                "fevereiro",
                "março",
                "abril",
                "maio",
                "junho",
                "julho",
                "agosto",
                "setembro",
                "outubro",
                "novembro",
                "dezembro",
            ],
            // `segunda` ... `sexta` (-feira) are also ordinals: only the
            // weekend days are read.
            &["", "", "", "", "", "sábado", "domingo"],
        ),
        "nl" => (
            &[
                "januari",
                "februari",
                "maart",
                "april",
                "mei",
                "juni",
                "juli",
                "augustus",
                "september",
                "oktober",
                "november",
                "december",
            ],
            &[
                "maandag",
                "dinsdag",
                "woensdag",
                "donderdag",
                "vrijdag",
                "zaterdag",
                "zondag",
            ],
        ),
        _ => return None,
    };
    if word.is_empty() {
        return None;
    }
    let at = |list: &[&str]| list.iter().position(|m| *m == word).map(|k| k as u8 + 1);
    at(months)
        .map(Calendar::Month)
        .or_else(|| at(days).map(Calendar::Weekday))
}

/// True when the language writes `3,2` for three point two and `1.000` (or
/// `1 000`) for a thousand.
pub fn decimal_comma(code: &str) -> bool {
    matches!(
        code,
        "fr" | "de"
            | "es"
            | "it"
            | "pt"
            | "nl"
            | "ru"
            | "uk"
            | "da"
            | "sv"
            | "no"
            | "fi"
            | "tr"
            | "ro"
            | "hu"
            | "el"
            | "pl"
            | "cs"
    )
}

/// The number words of one language.
fn table(code: &str) -> &'static [(&'static str, NumberWord)] {
    use NumberWord::{And, Article, Hundred, Scale, Value as V};
    match code {
        "en" => &[
            ("zero", V(0.0)),
            ("one", Article),
            ("a", Article),
            ("an", Article),
            ("two", V(2.0)),
            ("three", V(3.0)),
            ("four", V(4.0)),
            ("five", V(5.0)),
            ("six", V(6.0)),
            ("seven", V(7.0)),
            ("eight", V(8.0)),
            ("nine", V(9.0)),
            ("ten", V(10.0)),
            ("eleven", V(11.0)),
            ("twelve", V(12.0)),
            ("thirteen", V(13.0)),
            ("fourteen", V(14.0)),
            ("fifteen", V(15.0)),
            ("sixteen", V(16.0)),
            ("seventeen", V(17.0)),
            ("eighteen", V(18.0)),
            ("nineteen", V(19.0)),
            ("twenty", V(20.0)),
            ("thirty", V(30.0)),
            ("forty", V(40.0)),
            ("fifty", V(50.0)),
            ("sixty", V(60.0)),
            ("seventy", V(70.0)),
            ("eighty", V(80.0)),
            ("ninety", V(90.0)),
            ("hundred", Hundred),
            ("thousand", Scale(1e3)),
            ("million", Scale(1e6)),
            ("billion", Scale(1e9)),
            ("bn", Scale(1e9)),
            ("trillion", Scale(1e12)),
            ("and", And),
        ],
        "fr" => &[
            ("zéro", V(0.0)),
            ("un", Article),
            ("une", Article),
            ("deux", V(2.0)),
            ("trois", V(3.0)),
            ("quatre", V(4.0)),
            ("cinq", V(5.0)),
            ("six", V(6.0)),
            ("sept", V(7.0)),
            ("huit", V(8.0)),
            ("neuf", V(9.0)),
            ("dix", V(10.0)),
            ("onze", V(11.0)),
            ("douze", V(12.0)),
            ("treize", V(13.0)),
            ("quatorze", V(14.0)),
            ("quinze", V(15.0)),
            ("seize", V(16.0)),
            ("vingt", V(20.0)),
            ("vingts", V(20.0)),
            ("trente", V(30.0)),
            ("quarante", V(40.0)),
            ("cinquante", V(50.0)),
            ("soixante", V(60.0)),
            ("cent", Hundred),
            ("cents", Hundred),
            ("mille", Scale(1e3)),
            ("million", Scale(1e6)),
            ("millions", Scale(1e6)),
            ("milliard", Scale(1e9)),
            ("milliards", Scale(1e9)),
            ("md", Scale(1e9)),
            ("mds", Scale(1e9)),
            ("et", And),
        ],
        "de" => &[
            ("null", V(0.0)),
            ("eins", V(1.0)),
            ("ein", Article),
            ("eine", Article),
            ("einer", Article),
            ("einem", Article),
            ("einen", Article),
            ("zwei", V(2.0)),
            ("drei", V(3.0)),
            ("vier", V(4.0)),
            ("fünf", V(5.0)),
            ("sechs", V(6.0)),
            ("sieben", V(7.0)),
            ("acht", V(8.0)),
            ("neun", V(9.0)),
            ("zehn", V(10.0)),
            ("elf", V(11.0)),
            ("zwölf", V(12.0)),
            ("dreizehn", V(13.0)),
            ("vierzehn", V(14.0)),
            ("fünfzehn", V(15.0)),
            ("sechzehn", V(16.0)),
            ("siebzehn", V(17.0)),
            ("achtzehn", V(18.0)),
            ("neunzehn", V(19.0)),
            ("zwanzig", V(20.0)),
            ("dreißig", V(30.0)),
            ("dreissig", V(30.0)),
            ("vierzig", V(40.0)),
            ("fünfzig", V(50.0)),
            ("sechzig", V(60.0)),
            ("siebzig", V(70.0)),
            ("achtzig", V(80.0)),
            ("neunzig", V(90.0)),
            ("hundert", Hundred),
            ("tausend", Scale(1e3)),
            ("million", Scale(1e6)),
            ("millionen", Scale(1e6)),
            ("mio", Scale(1e6)),
            ("milliarde", Scale(1e9)),
            ("milliarden", Scale(1e9)),
            ("mrd", Scale(1e9)),
        ],
        "es" => &[
            ("cero", V(0.0)),
            ("un", Article),
            ("uno", Article),
            ("una", Article),
            ("dos", V(2.0)),
            ("tres", V(3.0)),
            ("cuatro", V(4.0)),
            ("cinco", V(5.0)),
            ("seis", V(6.0)),
            ("siete", V(7.0)),
            ("ocho", V(8.0)),
            ("nueve", V(9.0)),
            ("diez", V(10.0)),
            ("once", V(11.0)),
            ("doce", V(12.0)),
            ("trece", V(13.0)),
            ("catorce", V(14.0)),
            ("quince", V(15.0)),
            ("dieciséis", V(16.0)),
            ("diecisiete", V(17.0)),
            ("dieciocho", V(18.0)),
            ("diecinueve", V(19.0)),
            ("veinte", V(20.0)),
            ("veintiuno", V(21.0)),
            ("veintiún", V(21.0)),
            ("veintidós", V(22.0)),
            ("veintitrés", V(23.0)),
            ("veinticuatro", V(24.0)),
            ("veinticinco", V(25.0)),
            ("veintiséis", V(26.0)),
            ("veintisiete", V(27.0)),
            ("veintiocho", V(28.0)),
            ("veintinueve", V(29.0)),
            ("treinta", V(30.0)),
            ("cuarenta", V(40.0)),
            ("cincuenta", V(50.0)),
            ("sesenta", V(60.0)),
            ("setenta", V(70.0)),
            ("ochenta", V(80.0)),
            ("noventa", V(90.0)),
            ("cien", V(100.0)),
            ("ciento", V(100.0)),
            ("doscientos", V(200.0)),
            ("doscientas", V(200.0)),
            ("trescientos", V(300.0)),
            ("trescientas", V(300.0)),
            ("cuatrocientos", V(400.0)),
            ("cuatrocientas", V(400.0)),
            ("quinientos", V(500.0)),
            ("quinientas", V(500.0)),
            ("seiscientos", V(600.0)),
            ("seiscientas", V(600.0)),
            ("setecientos", V(700.0)),
            ("setecientas", V(700.0)),
            ("ochocientos", V(800.0)),
            ("ochocientas", V(800.0)),
            ("novecientos", V(900.0)),
            ("novecientas", V(900.0)),
            ("mil", Scale(1e3)),
            ("millón", Scale(1e6)),
            ("millones", Scale(1e6)),
            ("y", And),
        ],
        "it" => &[
            ("zero", V(0.0)),
            ("un", Article),
            ("uno", Article),
            ("una", Article),
            ("due", V(2.0)),
            ("tre", V(3.0)),
            ("quattro", V(4.0)),
            ("cinque", V(5.0)),
            ("sei", V(6.0)),
            ("sette", V(7.0)),
            ("otto", V(8.0)),
            ("nove", V(9.0)),
            ("dieci", V(10.0)),
            ("undici", V(11.0)),
            ("dodici", V(12.0)),
            ("tredici", V(13.0)),
            ("quattordici", V(14.0)),
            ("quindici", V(15.0)),
            ("sedici", V(16.0)),
            ("diciassette", V(17.0)),
            ("diciotto", V(18.0)),
            ("diciannove", V(19.0)),
            ("venti", V(20.0)),
            ("trenta", V(30.0)),
            ("quaranta", V(40.0)),
            ("cinquanta", V(50.0)),
            ("sessanta", V(60.0)),
            ("settanta", V(70.0)),
            ("ottanta", V(80.0)),
            ("novanta", V(90.0)),
            ("cento", Hundred),
            ("mille", Scale(1e3)),
            ("mila", Scale(1e3)),
            ("milione", Scale(1e6)),
            ("milioni", Scale(1e6)),
            ("miliardo", Scale(1e9)),
            ("miliardi", Scale(1e9)),
            ("mld", Scale(1e9)),
        ],
        "pt" => &[
            ("zero", V(0.0)),
            ("um", Article),
            ("uma", Article),
            ("dois", V(2.0)),
            ("duas", V(2.0)),
            ("três", V(3.0)),
            ("quatro", V(4.0)),
            ("cinco", V(5.0)),
            ("seis", V(6.0)),
            ("sete", V(7.0)),
            ("oito", V(8.0)),
            ("nove", V(9.0)),
            ("dez", V(10.0)),
            ("onze", V(11.0)),
            ("doze", V(12.0)),
            ("treze", V(13.0)),
            ("catorze", V(14.0)),
            ("quatorze", V(14.0)),
            ("quinze", V(15.0)),
            ("dezesseis", V(16.0)),
            ("dezasseis", V(16.0)),
            ("dezessete", V(17.0)),
            ("dezassete", V(17.0)),
            ("dezoito", V(18.0)),
            ("dezenove", V(19.0)),
            ("dezanove", V(19.0)),
            ("vinte", V(20.0)),
            ("trinta", V(30.0)),
            ("quarenta", V(40.0)),
            ("cinquenta", V(50.0)),
            ("sessenta", V(60.0)),
            ("setenta", V(70.0)),
            ("oitenta", V(80.0)),
            ("noventa", V(90.0)),
            ("cem", V(100.0)),
            ("cento", V(100.0)),
            ("mil", Scale(1e3)),
            ("milhão", Scale(1e6)),
            ("milhões", Scale(1e6)),
            ("bilhão", Scale(1e9)),
            ("bilhões", Scale(1e9)),
            ("e", And),
        ],
        "nl" => &[
            ("nul", V(0.0)),
            ("een", Article),
            ("één", V(1.0)),
            ("twee", V(2.0)),
            ("drie", V(3.0)),
            ("vier", V(4.0)),
            ("vijf", V(5.0)),
            ("zes", V(6.0)),
            ("zeven", V(7.0)),
            ("acht", V(8.0)),
            ("negen", V(9.0)),
            ("tien", V(10.0)),
            ("elf", V(11.0)),
            ("twaalf", V(12.0)),
            ("dertien", V(13.0)),
            ("veertien", V(14.0)),
            ("vijftien", V(15.0)),
            ("zestien", V(16.0)),
            ("zeventien", V(17.0)),
            ("achttien", V(18.0)),
            ("negentien", V(19.0)),
            ("twintig", V(20.0)),
            ("dertig", V(30.0)),
            ("veertig", V(40.0)),
            ("vijftig", V(50.0)),
            ("zestig", V(60.0)),
            ("zeventig", V(70.0)),
            ("tachtig", V(80.0)),
            ("negentig", V(90.0)),
            ("honderd", Hundred),
            ("duizend", Scale(1e3)),
            ("miljoen", Scale(1e6)),
            ("miljard", Scale(1e9)),
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_dutch_numbers_written_as_one_word() {
        let v = |c, w| match number_word(c, w) {
            Some(NumberWord::Value(v)) => v,
            other => panic!("{w}: {other:?}"),
        };
        assert_eq!(v("de", "fünfundzwanzig"), 25.0);
        assert_eq!(v("de", "dreihundertfünfundzwanzig"), 325.0);
        assert_eq!(v("de", "zweitausend"), 2000.0);
        assert_eq!(v("de", "einhundert"), 100.0);
        assert_eq!(v("de", "achtzehn"), 18.0);
        assert_eq!(v("nl", "eenentwintig"), 21.0);
        assert_eq!(number_word("de", "zwei"), Some(NumberWord::Value(2.0)));
        // Words that only begin like numbers stay words.
        assert_eq!(number_word("de", "achtung"), None);
        assert_eq!(number_word("de", "elfenbein"), None);
        assert_eq!(number_word("de", "neuntel"), None);
    }

    #[test]
    fn months_and_weekdays() {
        assert_eq!(calendar_word("fr", "mars"), Some(Calendar::Month(3)));
        assert_eq!(calendar_word("de", "märz"), Some(Calendar::Month(3)));
        assert_eq!(calendar_word("es", "marzo"), Some(Calendar::Month(3)));
        assert_eq!(calendar_word("en", "march"), Some(Calendar::Month(3)));
        assert_eq!(calendar_word("en", "tuesday"), Some(Calendar::Weekday(2)));
        assert_eq!(calendar_word("fr", "mardi"), Some(Calendar::Weekday(2)));
        assert_eq!(calendar_word("pt", ""), None);
        assert_eq!(calendar_word("pt", "domingo"), Some(Calendar::Weekday(7)));
        assert_eq!(calendar_word("ru", "март"), None);
    }
}
