//! Library error messages in plain words. The RON and JSON readers describe
//! a value of the wrong type with Rust's names for types ("expected u32",
//! "expected struct Session", "invalid type: map"); the user wrote a file,
//! not Rust, so those names are replaced with what the value should look
//! like.

use super::error::lower_first;
use crate::model::limits::MAX_DEPTH;

/// A RON reading error as a plain sentence, lower case.
pub fn ron_message(code: &ron::Error) -> String {
    use ron::Error as E;
    match code.clone() {
        E::ExceededRecursionLimit => {
            format!("values are nested too deep here; conditions may nest at most {MAX_DEPTH} levels")
        }
        E::InvalidValueForType { expected, found } => {
            format!("expected {} but found {}", expected_in_words(&expected), found_in_words(&found))
        }
        E::Message(m) => serde_message(&m),
        E::ExpectedNamedStructLike(_) | E::ExpectedDifferentStructName { .. } => "expected opening `(`".to_owned(),
        E::NoSuchStructField { expected, found, .. } => {
            lower_first(&E::NoSuchStructField { expected, found, outer: None }.to_string())
        }
        E::MissingStructField { field, .. } => format!("the field `{field}` is missing"),
        E::DuplicateStructField { field, .. } => format!("the field `{field}` appears twice"),
        E::NoSuchEnumVariant { expected, found, .. } => {
            lower_first(&E::NoSuchEnumVariant { expected, found, outer: None }.to_string())
        }
        other => lower_first(&other.to_string()),
    }
}

/// A serde error message (from JSON, RON or a custom check) in plain words:
/// `invalid type: string "five", expected u32` becomes `expected a whole
/// number from 0 to 4294967295 but found the text "five"`.
pub fn serde_message(message: &str) -> String {
    let message = lower_first(message);
    for (prefix, found_is_value) in [("invalid type: ", false), ("invalid value: ", true)] {
        let Some(rest) = message.strip_prefix(prefix) else { continue };
        let Some((found, expected)) = rest.rsplit_once(", expected ") else { continue };
        let found = found_in_words(found);
        let expected = expected_in_words(expected);
        return if found_is_value {
            format!("{found} is out of range: expected {expected}")
        } else {
            format!("expected {expected} but found {found}")
        };
    }
    message
}

/// What serde says it expected, in words.
fn expected_in_words(expected: &str) -> String {
    let range = |lo: &str, hi: &str| format!("a whole number from {lo} to {hi}");
    match expected.trim() {
        "u8" => range("0", "255"),
        "u16" => range("0", "65535"),
        "u32" => range("0", "4294967295"),
        "u64" | "usize" => "a whole number of at least 0".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a sequence" => "a list `[...]`".to_owned(),
        "a map" => "a group of fields".to_owned(),
        "a boolean" | "bool" => "`true` or `false`".to_owned(),
        "a string" | "a borrowed string" | "string" => "text in double quotes".to_owned(),
        "char" | "a character" => "a single character".to_owned(),
        other => {
            if let Some(name) = other.strip_prefix("struct ").or_else(|| other.strip_prefix("tuple struct ")) {
                return struct_in_words(name);
            }
            if let Some(name) = other.strip_prefix("enum ") {
                return format!("one of the {} names", words_of(name));
            }
            other.to_owned()
        }
    }
}

/// A struct of the model, as a user knows it.
fn struct_in_words(name: &str) -> String {
    match name {
        "Session" => "a session: a group of fields such as `id`".to_owned(),
        _ => format!("a {} (a group of fields)", words_of(name)),
    }
}

/// `CustomAttribute` as `custom attribute`.
fn words_of(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// What serde says it found, in words.
fn found_in_words(found: &str) -> String {
    let found = found.trim();
    match found {
        "map" | "a map" => "a group of fields".to_owned(),
        "sequence" | "a sequence" => "a list".to_owned(),
        "unit value" | "unit" | "null" => "nothing (`null` or `()`)".to_owned(),
        "option" | "an option" => "an optional value".to_owned(),
        "newtype struct" | "tuple struct" | "struct" | "enum" => "a value of another kind".to_owned(),
        _ => {
            for (prefix, what) in [
                ("string ", "the text "),
                ("integer ", "the number "),
                ("floating point ", "the number "),
                ("boolean ", ""),
                ("char ", "the character "),
            ] {
                if let Some(value) = found.strip_prefix(prefix) {
                    return format!("{what}{}", value.trim_matches('`'));
                }
            }
            found.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_type_names_become_words() {
        let cases = [
            (
                r#"invalid type: string "five", expected u32"#,
                r#"expected a whole number from 0 to 4294967295 but found the text "five""#,
            ),
            ("invalid type: map, expected a string", "expected text in double quotes but found a group of fields"),
            (
                "invalid type: integer `5`, expected struct Session",
                "expected a session: a group of fields such as `id` but found the number 5",
            ),
            (
                "invalid value: integer `300`, expected u8",
                "the number 300 is out of range: expected a whole number from 0 to 255",
            ),
            (
                "invalid type: sequence, expected struct CustomAttribute",
                "expected a custom attribute (a group of fields) but found a list",
            ),
            ("missing field `id`", "missing field `id`"),
        ];
        for (raw, want) in cases {
            assert_eq!(serde_message(raw), want, "{raw}");
        }
    }

    #[test]
    fn ron_errors_name_no_rust_types() {
        for src in
            ["(id: 5)", "5", "(id: \"s\", customer: (orders: \"five\"))", "(id: \"s\", geo: [1])", "(idd: \"s\")"]
        {
            let err = super::super::ron_options().from_str::<crate::model::Session>(src).unwrap_err();
            let message = ron_message(&err.code);
            for rust in ["u32", "struct", "Session", "map", "Geo"] {
                assert!(!message.contains(rust), "{src}: {message}");
            }
        }
    }
}
