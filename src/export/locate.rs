//! Where a value is in an export's text, so a refusal of a rule of a
//! hand-edited export says `file:line:col`. RON exports use the project
//! file's span index; JSON exports are walked along the path by a small
//! scanner that reads only what it needs, in time linear in the text.

use crate::format::ron_spans::SpanIndex;
use crate::format::{Position, line_col};
use crate::model::{FieldPath, Key};

/// The line and column of `path` (a path in the ruleset an export body
/// describes) in the export's text, or of the nearest enclosing value found.
pub fn locate(text: &str, ron: bool, path: &FieldPath) -> Option<Position> {
    let in_body = FieldPath(std::iter::once(Key::Field("body".into())).chain(path.0.iter().cloned()).collect());
    if ron {
        return SpanIndex::build(text).ok()?.locate(&in_body);
    }
    let mut s = Json { b: text.as_bytes(), i: 0 };
    let offset = s.find(&in_body.0)?;
    Some(line_col(text, offset))
}

/// What [`Json::field`] did.
enum Step {
    /// Moved to the field's value.
    Field,
    /// Moved into a variant's value; the field is looked for there.
    Variant,
    /// The field is not there.
    Missing,
}

struct Json<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Json<'a> {
    fn ws(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    /// Follows `keys` from the value at the cursor; returns the offset of the
    /// deepest value reached. An object with a single key that is not the
    /// next field (an enum variant such as `{"pred": ...}`) is stepped
    /// through, as paths make variants transparent.
    fn find(&mut self, keys: &[Key]) -> Option<usize> {
        let mut keys = keys;
        loop {
            self.ws();
            let here = self.i;
            let Some(key) = keys.first() else { return Some(here) };
            match (self.b.get(self.i), key) {
                (Some(b'{'), Key::Field(name)) => match self.field(name)? {
                    Step::Field => keys = &keys[1..],
                    Step::Variant => {}
                    Step::Missing => return Some(here),
                },
                (Some(b'{'), Key::Index(_)) => {
                    // A variant wrapping a list: step into its only value.
                    let start = self.i;
                    self.i += 1;
                    self.ws();
                    self.string()?;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return Some(start);
                    }
                    self.i += 1;
                }
                (Some(b'['), Key::Index(n)) => {
                    self.i += 1;
                    for _ in 0..*n {
                        self.ws();
                        if self.b.get(self.i) == Some(&b']') {
                            return Some(here);
                        }
                        self.skip()?;
                        self.ws();
                        if self.b.get(self.i) == Some(&b',') {
                            self.i += 1;
                        }
                    }
                    self.ws();
                    if self.b.get(self.i) == Some(&b']') {
                        return Some(here);
                    }
                    keys = &keys[1..];
                }
                _ => return Some(here),
            }
        }
    }

    /// At `{`: moves to the value of field `name`, or into the value of a
    /// single-key object when `name` is not among its keys (a variant), or
    /// leaves the cursor.
    fn field(&mut self, name: &str) -> Option<Step> {
        let start = self.i;
        self.i += 1;
        let mut first_value = None;
        let mut count = 0;
        loop {
            self.ws();
            if self.b.get(self.i) != Some(&b'"') {
                break;
            }
            let key = self.string()?;
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return None;
            }
            self.i += 1;
            self.ws();
            if key == name.as_bytes() {
                return Some(Step::Field);
            }
            count += 1;
            first_value.get_or_insert(self.i);
            self.skip()?;
            self.ws();
            if self.b.get(self.i) == Some(&b',') {
                self.i += 1;
            }
        }
        match (count, first_value) {
            (1, Some(at)) => {
                self.i = at;
                Some(Step::Variant)
            }
            _ => {
                self.i = start;
                Some(Step::Missing)
            }
        }
    }

    /// At `"`: the raw bytes of the string, cursor after it.
    fn string(&mut self) -> Option<&'a [u8]> {
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        let start = self.i + 1;
        let mut j = start;
        loop {
            match self.b.get(j)? {
                b'\\' => j += 2,
                b'"' => break,
                _ => j += 1,
            }
        }
        self.i = j + 1;
        self.b.get(start..j)
    }

    /// Skips one value without recursion (brackets are counted).
    fn skip(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.b.get(self.i)? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.i += 1;
                }
                b',' if depth == 0 => return Some(()),
                _ => self.i += 1,
            }
            if depth == 0 {
                self.ws();
                if matches!(self.b.get(self.i), Some(b',' | b'}' | b']') | None) {
                    return Some(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_through_variants() {
        let text = "{\n  \"header\": {\"name\": \"x\"},\n  \"body\": {\n    \"rules\": [\n      {\"id\": \"a\"},\n      {\"id\": \"b\", \"when\": {\"pred\": {\"attr\": \"geo.country\", \"op\": {\"is\": \"XX\"}}}}\n    ]\n  }\n}\n";
        let at = |p: FieldPath| locate(text, false, &p).map(|p| (p.line, p.column));
        assert_eq!(at(FieldPath::rule(1)), Some((6, 7)));
        assert_eq!(at(FieldPath::rule(1).field("when").field("op")), Some((6, 66)));
        assert_eq!(at(FieldPath::rule(0).field("id")), Some((5, 14)));
        assert_eq!(at(FieldPath::rule(9)), Some((4, 14)), "the nearest enclosing value");
    }
}
