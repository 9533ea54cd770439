//! Holdout bucketing (SPEC §4): MurmurHash3 x86_32, seed 0, over the UTF-8
//! bytes of `{rule_id}:{visitor_id}` (the session id without a visitor id),
//! modulo 10000. A visitor is held out of a rule when the bucket is below
//! `holdout_percent × 100`. Any language can reproduce it; `docs/FORMAT.md`
//! publishes test vectors, and the tests below check them.

use std::io::Read;

/// Number of buckets.
pub const BUCKETS: u32 = 10_000;

/// The visitor's bucket (0–9999) for a rule.
///
/// # Example
/// ```
/// use rulestudio::engine::holdout::bucket;
/// assert_eq!(bucket("winter-hero", "v-42"), 8528);
/// ```
#[expect(clippy::expect_used, reason = "reading from byte slices cannot fail")]
pub fn bucket(rule_id: &str, key: &str) -> u32 {
    let mut input = rule_id.as_bytes().chain(&b":"[..]).chain(key.as_bytes());
    murmur3::murmur3_32(&mut input, 0).expect("reading from byte slices cannot fail") % BUCKETS
}

/// Whether a visitor in `bucket` is held out at `threshold` basis points.
pub fn held_out(bucket: u32, threshold: u32) -> bool {
    bucket < threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values of MurmurHash3 x86_32 with seed 0, as computed by the
    /// independent C implementation behind Python's `mmh3`.
    #[test]
    fn murmur_reference_values() {
        let hash = |s: &str| murmur3::murmur3_32(&mut s.as_bytes(), 0).unwrap();
        assert_eq!(hash(""), 0);
        assert_eq!(hash("hello"), 0x248b_fa47);
        assert_eq!(hash("hello, world"), 0x149b_bb7f);
        assert_eq!(hash("The quick brown fox jumps over the lazy dog"), 0x2e4f_f723);
    }

    /// The published test vectors (docs/FORMAT.md), cross-checked with
    /// Python: `mmh3.hash(f"{rule}:{key}".encode(), 0, signed=False) % 10000`.
    #[test]
    fn published_vectors() {
        for (rule, key, want) in VECTORS {
            assert_eq!(bucket(rule, key), *want, "{rule}:{key}");
        }
    }

    const VECTORS: &[(&str, &str, u32)] = &[
        ("winter-hero", "v-42", 8528),
        ("winter-hero", "v-43", 6964),
        ("vip-free-shipping", "v-1001", 7703),
        ("bf-email-offer", "s-0001", 9622),
        ("ca-no-winter-coats", "v-9", 682),
        ("r", "ü-visitor", 8401),
        ("mobile-app-banner", "v-000123", 8262),
        ("a", "b", 2131),
    ];
}
