//! The languages people read kapacitet in. Every text for people is worded once, in Danish and
//! English side by side, where it is made: a function of [`Lang`] when it is shown at once, or
//! a [`Text`] holding both when it is kept (a warning, a conclusion in the JSON, what differs in
//! a comparison column) and shown later in the language asked for. Keys, file names, JSON keys
//! and CSV columns never change with the language; error messages about bad input stay English.

use serde::Serialize;

/// The language of what people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dansk.
    #[default]
    Da,
    /// English.
    En,
}

impl Lang {
    /// The text in this language.
    pub fn pick<'a>(self, da: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Da => da,
            Lang::En => en,
        }
    }

    pub const ALL: [Lang; 2] = [Lang::Da, Lang::En];
}

/// A text for people in both languages, kept until it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Text {
    pub da: String,
    pub en: String,
}

impl Text {
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            da: da.into(),
            en: en.into(),
        }
    }

    /// A text worded as a function of the language, made in both.
    pub fn by(f: impl Fn(Lang) -> String) -> Text {
        Text {
            da: f(Lang::Da),
            en: f(Lang::En),
        }
    }

    /// The same in every language (a name, a path, a number).
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            da: s.clone(),
            en: s,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.da, &self.en)
    }

    pub fn is_empty(&self) -> bool {
        self.da.is_empty() && self.en.is_empty()
    }

    /// Texts joined with `sep` in each language.
    pub fn join(items: &[Text], sep: &str) -> Text {
        Text::by(|l| items.iter().map(|t| t.get(l)).collect::<Vec<_>>().join(sep))
    }

    /// The texts of a list in one language.
    pub fn all(items: &[Text], lang: Lang) -> Vec<String> {
        items.iter().map(|t| t.get(lang).to_string()).collect()
    }
}

/// "warning: …" or "advarsel: …", the line a warning is printed as on standard error.
pub fn warning_line(w: &Text, lang: Lang) -> String {
    format!("{}: {}", lang.pick("advarsel", "warning"), w.get(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_made_in_both_languages_and_picked() {
        let t = Text::by(|l| format!("{} 3", l.pick("pladser", "places")));
        assert_eq!(t.get(Lang::Da), "pladser 3");
        assert_eq!(t.get(Lang::En), "places 3");
        let j = Text::join(&[t.clone(), Text::same("x")], "; ");
        assert_eq!(j.en, "places 3; x");
    }
}
