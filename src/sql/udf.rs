//! The holdout hash in each dialect: MurmurHash3 x86_32, seed 0, over the
//! UTF-8 bytes of a string (SPEC §4), as a function the query calls.
//! BigQuery and Snowflake get it as a JavaScript function and Postgres as
//! PL/pgSQL, defined before the query; DuckDB and Spark call a function the
//! host registers (`rulestudio simulate --engine duckdb` registers the
//! engine's own; `docs/SQL.md` shows Spark's).

use super::Dialect;

/// MurmurHash3 x86_32 in JavaScript, over the UTF-8 bytes of `s`.
pub const MURMUR3_JS: &str = r#"function murmur3(s) {
  var b = unescape(encodeURIComponent(s));
  var len = b.length, h = 0, k = 0, i = 0, c1 = 0xcc9e2d51, c2 = 0x1b873593;
  for (; i + 4 <= len; i += 4) {
    k = b.charCodeAt(i) | (b.charCodeAt(i + 1) << 8) | (b.charCodeAt(i + 2) << 16) | (b.charCodeAt(i + 3) << 24);
    k = Math.imul(k, c1); k = (k << 15) | (k >>> 17); k = Math.imul(k, c2);
    h ^= k; h = (h << 13) | (h >>> 19); h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  k = 0;
  switch (len & 3) {
    case 3: k ^= b.charCodeAt(i + 2) << 16;
    case 2: k ^= b.charCodeAt(i + 1) << 8;
    case 1: k ^= b.charCodeAt(i);
      k = Math.imul(k, c1); k = (k << 15) | (k >>> 17); k = Math.imul(k, c2); h ^= k;
  }
  h ^= len; h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}"#;

/// MurmurHash3 x86_32 in PL/pgSQL; 32-bit products are taken in 16-bit
/// halves so no `bigint` overflows.
const MURMUR3_POSTGRES: &str = r#"CREATE OR REPLACE FUNCTION pg_temp.rulestudio_mul32(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT (((a & 65535) * b) + ((((a >> 16) * b) & 65535) << 16)) & 4294967295 $$;

CREATE OR REPLACE FUNCTION pg_temp.rulestudio_murmur3(s text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  b bytea := convert_to(s, 'UTF8');
  len int := length(b);
  h bigint := 0;
  k bigint;
  i int := 0;
BEGIN
  WHILE i + 4 <= len LOOP
    k := get_byte(b, i)::bigint | (get_byte(b, i + 1)::bigint << 8) | (get_byte(b, i + 2)::bigint << 16)
      | (get_byte(b, i + 3)::bigint << 24);
    k := pg_temp.rulestudio_mul32(k, 3432918353);
    k := ((k << 15) | (k >> 17)) & 4294967295;
    k := pg_temp.rulestudio_mul32(k, 461845907);
    h := h # k;
    h := ((h << 13) | (h >> 19)) & 4294967295;
    h := (pg_temp.rulestudio_mul32(h, 5) + 3864292196) & 4294967295;
    i := i + 4;
  END LOOP;
  k := 0;
  IF len - i >= 3 THEN k := k # (get_byte(b, i + 2)::bigint << 16); END IF;
  IF len - i >= 2 THEN k := k # (get_byte(b, i + 1)::bigint << 8); END IF;
  IF len - i >= 1 THEN
    k := k # get_byte(b, i)::bigint;
    k := pg_temp.rulestudio_mul32(k, 3432918353);
    k := ((k << 15) | (k >> 17)) & 4294967295;
    k := pg_temp.rulestudio_mul32(k, 461845907);
    h := h # k;
  END IF;
  h := h # len;
  h := h # (h >> 16);
  h := pg_temp.rulestudio_mul32(h, 2246822507);
  h := h # (h >> 13);
  h := pg_temp.rulestudio_mul32(h, 3266489909);
  h := h # (h >> 16);
  RETURN h;
END
$$;"#;

/// The statements that define the hash before the query, if the dialect
/// defines it in SQL.
pub fn definition(d: Dialect) -> Option<String> {
    match d {
        Dialect::Bigquery => Some(format!(
            "CREATE TEMP FUNCTION rulestudio_murmur3(s STRING) RETURNS FLOAT64 LANGUAGE js AS r\"\"\"\n{MURMUR3_JS}\nreturn murmur3(s);\n\"\"\";"
        )),
        Dialect::Snowflake => Some(format!(
            "CREATE OR REPLACE TEMPORARY FUNCTION rulestudio_murmur3(S VARCHAR) RETURNS DOUBLE LANGUAGE JAVASCRIPT AS $$\n{MURMUR3_JS}\nreturn murmur3(S);\n$$;"
        )),
        Dialect::Postgres => Some(MURMUR3_POSTGRES.to_owned()),
        Dialect::Duckdb | Dialect::Spark => None,
    }
}

/// The bucket (0–9999) of `key` (a SQL string expression) for holdouts.
pub fn bucket(d: Dialect, key: &str) -> String {
    let hash = match d {
        Dialect::Bigquery => format!("CAST(rulestudio_murmur3({key}) AS INT64)"),
        Dialect::Snowflake => format!("CAST(rulestudio_murmur3({key}) AS BIGINT)"),
        Dialect::Postgres => format!("pg_temp.rulestudio_murmur3({key})"),
        Dialect::Duckdb | Dialect::Spark => format!("CAST(rulestudio_murmur3({key}) AS BIGINT)"),
    };
    d.modulo(&hash, "10000")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JavaScript hash, run by Node when the machine has it, gives the
    /// engine's hash on the published vectors and on non-ASCII keys.
    #[test]
    fn the_javascript_hash_is_the_engines() {
        let keys = ["", "a", "ab", "abc", "abcd", "winter-hero:v-42", "r:ü-visitor", "日本語のキー", "emoji 🎉 key"];
        let script = format!(
            "{MURMUR3_JS}\nconsole.log(JSON.stringify({}.map(murmur3)));",
            serde_json::to_string(&keys).unwrap()
        );
        let Ok(out) = std::process::Command::new("node").arg("-e").arg(&script).output() else {
            eprintln!("node is not installed; the JavaScript hash is not run");
            return;
        };
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let got: Vec<u32> = serde_json::from_slice(&out.stdout).unwrap();
        let want: Vec<u32> = keys.iter().map(|k| murmur3::murmur3_32(&mut k.as_bytes(), 0).unwrap()).collect();
        assert_eq!(got, want);
    }

    /// The 16-bit-halves product is the 32-bit product, for extreme values.
    #[test]
    fn postgres_products_wrap_at_32_bits() {
        let mul32 = |a: i64, b: i64| (((a & 65535) * b) + ((((a >> 16) * b) & 65535) << 16)) & 4_294_967_295;
        for a in [0i64, 1, 65535, 65536, 0xdead_beef, 0xffff_ffff] {
            for b in [3_432_918_353i64, 461_845_907, 5, 2_246_822_507, 3_266_489_909] {
                assert_eq!(mul32(a, b) as u32, (a as u32).wrapping_mul(b as u32), "{a} × {b}");
            }
        }
    }
}
