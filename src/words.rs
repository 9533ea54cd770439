//! Counts in words, for messages of the command line and the studio alike:
//! `1 rule`, `2 rules`, `1,234 sessions`.

/// A count with thousands separators: `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and its noun: `1 rule`, `2 rules`, `1,000 sessions`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_plural_and_separators() {
        let cases = [(0, "0 errors"), (1, "1 error"), (2, "2 errors"), (1234, "1,234 errors")];
        for (n, want) in cases {
            assert_eq!(count(n, "error", "errors"), want);
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
