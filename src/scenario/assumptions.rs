//! The scenario's marked assumptions: every comment in the scenario text that says
//! `ASSUMPTION`, with the setting it is written beside (or above), so a report can list what the
//! results rest on that the sources do not give. Read from the text as written; nothing here
//! changes what the model does.

/// One marked assumption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    /// Line of the marking comment, from 1.
    pub line: usize,
    /// The setting it belongs to, by path ("stages.virksomhedscenter.lockin"), or the table
    /// ("segments.over30.survival"); empty for a remark about the whole scenario.
    pub setting: String,
    /// The value as written, for a setting on the same line.
    pub value: String,
    /// The comment, without the comment sign.
    pub note: String,
}

/// Most comment lines read into one note: a sentence, not a whole header block.
const MAX_NOTE_LINES: usize = 4;

/// Where a line of TOML stands: the table it is in and the name of the current array entry.
#[derive(Default)]
struct Place {
    table: String,
    entry: Option<String>,
    /// The table header of an array of tables (`[[stages]]` → "stages").
    array: Option<String>,
}

impl Place {
    fn path(&self, key: &str) -> String {
        let base = match (&self.array, &self.entry) {
            (Some(array), Some(name)) => {
                let rest = self.table.strip_prefix(array.as_str()).unwrap_or("");
                format!("{array}.{name}{rest}")
            }
            _ => self.table.clone(),
        };
        match (base.is_empty(), key.is_empty()) {
            (true, _) => key.to_string(),
            (false, true) => base,
            (false, false) => format!("{base}.{key}"),
        }
    }

    /// Read a line's code (without its comment): a header, or `name = "..."` of an entry.
    fn read(&mut self, code: &str) {
        let code = code.trim();
        if let Some(h) = code.strip_prefix("[[").and_then(|c| c.strip_suffix("]]")) {
            self.table = h.trim().to_string();
            self.array = Some(self.table.clone());
            self.entry = None;
        } else if let Some(h) = code.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
            self.table = h.trim().to_string();
            if !self
                .array
                .as_ref()
                .is_some_and(|a| self.table.starts_with(&format!("{a}.")))
            {
                self.array = None;
                self.entry = None;
            }
        } else if let Some((key, value)) = code.split_once('=') {
            let key = key.trim();
            let in_entry = self.array.as_deref() == Some(self.table.as_str());
            if in_entry && (key == "name" || key == "role") && self.entry.is_none() {
                self.entry = Some(value.trim().trim_matches('"').to_string());
            }
        }
    }
}

/// A line split at its comment sign (a `#` outside a string).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return (&line[..i], Some(&line[i + 1..])),
            _ => {}
        }
    }
    (line, None)
}

/// The note of a comment line: its text with the marker's punctuation tidied.
fn tidy(text: &str) -> String {
    let t = text.trim();
    let t = t
        .strip_prefix("ASSUMPTION:")
        .or_else(|| t.strip_prefix("ASSUMPTION."))
        .or_else(|| t.strip_prefix("ASSUMPTION"))
        .unwrap_or(t);
    t.trim().to_string()
}

/// Every marked assumption of `text`, in file order.
pub fn assumptions(text: &str) -> Vec<Assumption> {
    let lines: Vec<&str> = text.lines().collect();
    let mut place = Place::default();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (code, comment) = split_comment(lines[i]);
        let marked = comment.is_some_and(|c| c.contains("ASSUMPTION"));
        // An entry's name can follow the header and come before the marked line.
        place.read(code);
        if !marked {
            i += 1;
            continue;
        }
        let comment = comment.unwrap_or_default();
        if !code.trim().is_empty() {
            let (setting, value) = match code.split_once('=') {
                Some((k, v)) if !code.trim_start().starts_with('[') => {
                    (place.path(k.trim()), v.trim().to_string())
                }
                _ => (place.path(""), String::new()),
            };
            out.push(Assumption {
                line: i + 1,
                setting,
                value,
                note: tidy(comment),
            });
            i += 1;
            continue;
        }
        // A comment of its own: read back to the start of its sentence and on to its end, then
        // name the setting it stands above.
        let mut note = vec![comment.trim().to_string()];
        let mut back = i;
        while note.len() < MAX_NOTE_LINES && back > 0 {
            match split_comment(lines[back - 1]) {
                (c, Some(before)) if c.trim().is_empty() && !before.trim().ends_with('.') => {
                    if before.trim().is_empty() {
                        break;
                    }
                    note.insert(0, before.trim().to_string());
                    back -= 1;
                }
                _ => break,
            }
        }
        let mut j = i + 1;
        while note.len() < MAX_NOTE_LINES
            && !note.last().is_some_and(|l| l.ends_with('.'))
            && j < lines.len()
        {
            match split_comment(lines[j]) {
                (c, Some(more)) if c.trim().is_empty() => note.push(more.trim().to_string()),
                _ => break,
            }
            j += 1;
        }
        let mut k = j;
        while k < lines.len() && split_comment(lines[k]).0.trim().is_empty() {
            if lines[k].trim().is_empty() {
                break;
            }
            k += 1;
        }
        let setting = match lines.get(k).map(|l| split_comment(l).0.trim()) {
            Some(next) if !next.is_empty() && k == j => {
                if next.starts_with('[') {
                    let mut ahead = Place {
                        table: place.table.clone(),
                        entry: place.entry.clone(),
                        array: place.array.clone(),
                    };
                    ahead.read(next);
                    ahead.path("")
                } else {
                    next.split_once('=')
                        .map_or(String::new(), |(key, _)| place.path(key.trim()))
                }
            }
            _ => String::new(),
        };
        out.push(Assumption {
            line: i + 1,
            setting,
            value: String::new(),
            note: tidy(&note.join(" ")),
        });
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"# A header. ASSUMPTION. The documents give no curves
# or effects: those are assumptions.
# More header text.

[scenario]
warmup_weeks = 52   # ASSUMPTION: long enough
# Split between VC and single placement is an
# ASSUMPTION; so are the other shares.
closed_weeks = [29, 30]

[[stages]]
name = "vc"
capacity = 86   # measured
lockin = 0.7    # ASSUMPTION
[stages.breakdown]  # ASSUMPTION
probability = 0.15

[[staff]]
role = "sagsbehandlere"
fte = 5.5  # ASSUMPTION "#2"
"##;

    #[test]
    fn every_marked_comment_with_its_setting() {
        let a = assumptions(TEXT);
        let got: Vec<(usize, &str, &str, &str)> = a
            .iter()
            .map(|x| {
                (
                    x.line,
                    x.setting.as_str(),
                    x.value.as_str(),
                    x.note.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "", "", "A header. ASSUMPTION. The documents give no curves or effects: those are assumptions."),
                (6, "scenario.warmup_weeks", "52", "long enough"),
                (8, "scenario.closed_weeks", "", "Split between VC and single placement is an ASSUMPTION; so are the other shares."),
                (14, "stages.vc.lockin", "0.7", ""),
                (15, "stages.vc.breakdown", "", ""),
                (20, "staff.sagsbehandlere.fte", "5.5", "\"#2\""),
            ]
        );
    }
}
