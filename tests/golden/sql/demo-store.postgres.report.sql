-- rulestudio: ruleset `demo-store` compiled to postgres SQL.
-- The report of `rulestudio simulate`: rows (section, subject, winner, other, sessions).
-- device.type, device.os and device.browser are read from their columns: SQL does not parse
-- user agents (`rulestudio simulate --engine duckdb` does, with the engine's parser).
-- Holdouts hash with MurmurHash3 x86_32 (SPEC §4), defined here:
CREATE OR REPLACE FUNCTION pg_temp.rulestudio_mul32(a bigint, b bigint) RETURNS bigint
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
$$;

WITH
src AS (
  SELECT
    CAST("id" AS TEXT) AS session_id,
    COALESCE(CAST("visitor_id" AS TEXT), CAST("id" AS TEXT)) AS bucket_key,
    CAST(floor(EXTRACT(EPOCH FROM "timestamp")) AS BIGINT) AS instant,
    UPPER(regexp_replace(CAST("geo.country" AS TEXT), '^[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$', '', 'g')) AS f_geo_country,
    UPPER(regexp_replace(CAST("geo.region" AS TEXT), '^[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$', '', 'g')) AS f_geo_region,
    CAST("traffic.utm_source" AS TEXT) AS f_traffic_utm_source,
    CAST("traffic.utm_medium" AS TEXT) AS f_traffic_utm_medium,
    CAST("traffic.utm_campaign" AS TEXT) AS f_traffic_utm_campaign,
    CAST("traffic.utm_term" AS TEXT) AS f_traffic_utm_term,
    CAST("traffic.referrer" AS TEXT) AS f_traffic_referrer,
    CAST("traffic.referrer_host" AS TEXT) AS f_traffic_referrer_host,
    CAST("traffic.landing_page" AS TEXT) AS f_traffic_landing_page,
    CAST("traffic.channel" AS TEXT) AS f_traffic_channel,
    CAST("device.type" AS TEXT) AS f_device_type,
    CAST("device.os" AS TEXT) AS f_device_os,
    "customer.segments" AS f_customer_segments,
    CAST("customer.visitor_type" AS TEXT) AS f_customer_visitor_type,
    CAST("customer.orders" AS DOUBLE PRECISION) AS f_customer_orders,
    CAST("customer.lifetime_value" AS DOUBLE PRECISION) AS f_customer_lifetime_value,
    CAST("customer.days_since_last_order" AS DOUBLE PRECISION) AS f_customer_days_since_last_order,
    CAST("cart.value" AS DOUBLE PRECISION) AS f_cart_value,
    "cart.categories" AS f_cart_categories,
    CAST("attributes.loyalty_tier" AS TEXT) AS c_0
  FROM sessions
),
step1 AS (
  SELECT *,
    COALESCE(f_traffic_referrer_host, CASE WHEN COALESCE((regexp_match(regexp_replace(f_traffic_referrer, '^[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$', '', 'g'), '^(?:[A-Za-z][\+\-\.0-9A-Za-z]*\:\/\/)?(?:[^\#\/\?\\]*\@)?(\[[^\]]*\]|[^\#\/\:\?\\]*)'))[1], '') = '' THEN NULL ELSE LOWER(COALESCE((regexp_match(regexp_replace(f_traffic_referrer, '^[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$', '', 'g'), '^(?:[A-Za-z][\+\-\.0-9A-Za-z]*\:\/\/)?(?:[^\#\/\?\\]*\@)?(\[[^\]]*\]|[^\#\/\:\?\\]*)'))[1], '')) END) AS d_referrer_host
  FROM src
),
step2 AS (
  SELECT *,
    LOWER(regexp_replace(COALESCE(f_traffic_utm_source, ''), '^[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$', '', 'g')) AS n_src,
    LOWER(regexp_replace(COALESCE(f_traffic_utm_medium, ''), '^[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$', '', 'g')) AS n_med,
    LOWER(regexp_replace(COALESCE(d_referrer_host, ''), '^[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$', '', 'g')) AS n_host,
    LOWER(regexp_replace(COALESCE(f_traffic_utm_campaign, ''), '^[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\u0009-\u000D \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$', '', 'g')) AS n_camp
  FROM step1
),
step3 AS (
  SELECT *,
    CASE WHEN n_src <> '' THEN n_src WHEN n_host <> '' THEN n_host ELSE '(direct)' END AS g_src,
    CASE WHEN n_med <> '' THEN n_med WHEN n_src <> '' THEN '(not set)' WHEN n_host <> '' THEN 'referral' ELSE '(none)' END AS g_med
  FROM step2
),
step4 AS (
  SELECT *,
    COALESCE((regexp_match(g_src, '([^\.]+)\.*$'))[1], '') AS g_last,
    COALESCE((regexp_match(g_src, '([^\.]+)\.+[^\.]+\.*$'))[1], '') AS g_second,
    COALESCE((regexp_match(g_src, '([^\.]+)\.+[^\.]+\.+[^\.]+\.*$'))[1], '') AS g_third,
    COALESCE((regexp_match(g_src, '^([^\.]*)'))[1], '') AS g_first
  FROM step3
),
step5 AS (
  SELECT *,
    CASE WHEN g_last = '' THEN g_src WHEN g_second = '' THEN g_last WHEN g_third <> '' AND octet_length(g_last) = 2 AND g_second IN ('co', 'com', 'org', 'net', 'ac', 'gov') THEN g_third ELSE g_second END AS g_label
  FROM step4
),
step6 AS (
  SELECT *,
    COALESCE(f_traffic_channel, CASE
      WHEN (g_src = '(direct)' AND g_med IN ('(none)', '(not set)')) THEN 'direct'
      WHEN strpos(n_camp, 'cross-network') > 0 THEN 'cross_network'
      WHEN ((g_src <> '' AND (g_src IN ('amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'alibaba', 'shopify', 'target', 'bestbuy', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'shopping', 'shopzilla', 'pricegrabber', 'google shopping', 'igshopping') OR (g_label <> g_src AND g_label IN ('amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'alibaba', 'shopify', 'target', 'bestbuy', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'shopping', 'shopzilla', 'pricegrabber', 'google shopping', 'igshopping')))) OR strpos(n_camp, 'shopping') > 0 OR n_camp ~ '(^|[^a-df-z])shop') AND (strpos(g_med, 'cp') > 0 OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_shopping'
      WHEN ((g_src <> '' AND (g_src IN ('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'qwant', 'startpage', 'ask', 'aol', 'daum', 'sogou', 'so', 'coccoc', 'brave', 'msn') OR (g_label <> g_src AND g_label IN ('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'qwant', 'startpage', 'ask', 'aol', 'daum', 'sogou', 'so', 'coccoc', 'brave', 'msn')))) AND NOT (strpos(g_src, '.') > 0 AND g_first IN ('mail', 'webmail', 'gemini', 'bard', 'docs', 'drive', 'calendar', 'meet', 'chat', 'accounts', 'myaccount', 'sites', 'groups', 'classroom', 'photos', 'play', 'ads', 'analytics', 'support', 'outlook', 'copilot'))) AND (strpos(g_med, 'cp') > 0 OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_search'
      WHEN (g_src <> '' AND (g_src IN ('facebook', 'fb', 'instagram', 'ig', 'tiktok', 'pinterest', 'twitter', 'x', 't.co', 'linkedin', 'lnkd.in', 'reddit', 'snapchat', 'threads', 'messenger', 'whatsapp', 'telegram', 'discord', 'vk', 'weibo', 'quora', 'tumblr', 'line', 'bsky', 'mastodon', 'nextdoor', 'wechat', 'flickr') OR (g_label <> g_src AND g_label IN ('facebook', 'fb', 'instagram', 'ig', 'tiktok', 'pinterest', 'twitter', 'x', 't.co', 'linkedin', 'lnkd.in', 'reddit', 'snapchat', 'threads', 'messenger', 'whatsapp', 'telegram', 'discord', 'vk', 'weibo', 'quora', 'tumblr', 'line', 'bsky', 'mastodon', 'nextdoor', 'wechat', 'flickr')))) AND (strpos(g_med, 'cp') > 0 OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_social'
      WHEN (g_src <> '' AND (g_src IN ('youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'netflix', 'disneyplus', 'hulu', 'wistia', 'bilibili', 'iqiyi', 'youku') OR (g_label <> g_src AND g_label IN ('youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'netflix', 'disneyplus', 'hulu', 'wistia', 'bilibili', 'iqiyi', 'youku')))) AND (strpos(g_med, 'cp') > 0 OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_video'
      WHEN g_med IN ('display', 'banner', 'expandable', 'interstitial', 'cpm') THEN 'display'
      WHEN (strpos(g_med, 'cp') > 0 OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_other'
      WHEN ((g_src <> '' AND (g_src IN ('amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'alibaba', 'shopify', 'target', 'bestbuy', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'shopping', 'shopzilla', 'pricegrabber', 'google shopping', 'igshopping') OR (g_label <> g_src AND g_label IN ('amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'alibaba', 'shopify', 'target', 'bestbuy', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'shopping', 'shopzilla', 'pricegrabber', 'google shopping', 'igshopping')))) OR strpos(n_camp, 'shopping') > 0 OR n_camp ~ '(^|[^a-df-z])shop') THEN 'organic_shopping'
      WHEN ((g_src <> '' AND (g_src IN ('facebook', 'fb', 'instagram', 'ig', 'tiktok', 'pinterest', 'twitter', 'x', 't.co', 'linkedin', 'lnkd.in', 'reddit', 'snapchat', 'threads', 'messenger', 'whatsapp', 'telegram', 'discord', 'vk', 'weibo', 'quora', 'tumblr', 'line', 'bsky', 'mastodon', 'nextdoor', 'wechat', 'flickr') OR (g_label <> g_src AND g_label IN ('facebook', 'fb', 'instagram', 'ig', 'tiktok', 'pinterest', 'twitter', 'x', 't.co', 'linkedin', 'lnkd.in', 'reddit', 'snapchat', 'threads', 'messenger', 'whatsapp', 'telegram', 'discord', 'vk', 'weibo', 'quora', 'tumblr', 'line', 'bsky', 'mastodon', 'nextdoor', 'wechat', 'flickr')))) OR g_med IN ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')) THEN 'organic_social'
      WHEN ((g_src <> '' AND (g_src IN ('youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'netflix', 'disneyplus', 'hulu', 'wistia', 'bilibili', 'iqiyi', 'youku') OR (g_label <> g_src AND g_label IN ('youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'netflix', 'disneyplus', 'hulu', 'wistia', 'bilibili', 'iqiyi', 'youku')))) OR strpos(g_med, 'video') > 0) THEN 'organic_video'
      WHEN (((g_src <> '' AND (g_src IN ('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'qwant', 'startpage', 'ask', 'aol', 'daum', 'sogou', 'so', 'coccoc', 'brave', 'msn') OR (g_label <> g_src AND g_label IN ('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'qwant', 'startpage', 'ask', 'aol', 'daum', 'sogou', 'so', 'coccoc', 'brave', 'msn')))) AND NOT (strpos(g_src, '.') > 0 AND g_first IN ('mail', 'webmail', 'gemini', 'bard', 'docs', 'drive', 'calendar', 'meet', 'chat', 'accounts', 'myaccount', 'sites', 'groups', 'classroom', 'photos', 'play', 'ads', 'analytics', 'support', 'outlook', 'copilot'))) OR g_med = 'organic') THEN 'organic_search'
      WHEN g_med IN ('referral', 'app', 'link') THEN 'referral'
      WHEN (g_src IN ('email', 'e-mail', 'e_mail', 'e mail') OR g_med IN ('email', 'e-mail', 'e_mail', 'e mail')) THEN 'email'
      WHEN g_med = 'affiliate' THEN 'affiliate'
      WHEN g_med = 'audio' THEN 'audio'
      WHEN (g_src = 'sms' OR g_med = 'sms') THEN 'sms'
      WHEN (RIGHT(g_med, 4) = 'push' OR strpos(g_med, 'mobile') > 0 OR strpos(g_med, 'notification') > 0 OR g_src = 'firebase') THEN 'mobile_push'
      ELSE 'other' END) AS d_channel
  FROM step5
),
step7 AS (
  SELECT *,
    instant + (CASE WHEN instant < 2046319200 THEN CASE WHEN instant < 1018162800 THEN CASE WHEN instant < 499240800 THEN CASE WHEN instant < 247039200 THEN CASE WHEN instant < 120636000 THEN CASE WHEN instant < 57736800 THEN CASE WHEN instant < 25682400 THEN CASE WHEN instant < 9961200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 41410800 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 89186400 THEN CASE WHEN instant < 73465200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 104914800 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 183535200 THEN CASE WHEN instant < 152085600 THEN CASE WHEN instant < 136364400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 167814000 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 215589600 THEN CASE WHEN instant < 199263600 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 230713200 THEN -18000 ELSE -14400 END END END END ELSE CASE WHEN instant < 372837600 THEN CASE WHEN instant < 309938400 THEN CASE WHEN instant < 278488800 THEN CASE WHEN instant < 262767600 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 294217200 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 341388000 THEN CASE WHEN instant < 325666800 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 357116400 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 436341600 THEN CASE WHEN instant < 404892000 THEN CASE WHEN instant < 388566000 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 420015600 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 467791200 THEN CASE WHEN instant < 452070000 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 483519600 THEN -18000 ELSE -14400 END END END END END ELSE CASE WHEN instant < 752047200 THEN CASE WHEN instant < 625644000 THEN CASE WHEN instant < 562140000 THEN CASE WHEN instant < 530690400 THEN CASE WHEN instant < 514969200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 544604400 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 594194400 THEN CASE WHEN instant < 576054000 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 607503600 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 688543200 THEN CASE WHEN instant < 657093600 THEN CASE WHEN instant < 638953200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 671007600 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 719992800 THEN CASE WHEN instant < 702457200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 733906800 THEN -18000 ELSE -14400 END END END END ELSE CASE WHEN instant < 877845600 THEN CASE WHEN instant < 814946400 THEN CASE WHEN instant < 783496800 THEN CASE WHEN instant < 765356400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 796806000 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 846396000 THEN CASE WHEN instant < 828860400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 860310000 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 941349600 THEN CASE WHEN instant < 909295200 THEN CASE WHEN instant < 891759600 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 923209200 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 972799200 THEN CASE WHEN instant < 954658800 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 986108400 THEN -18000 ELSE CASE WHEN instant < 1004248800 THEN -14400 ELSE -18000 END END END END END END END ELSE CASE WHEN instant < 1520751600 THEN CASE WHEN instant < 1268550000 THEN CASE WHEN instant < 1143961200 THEN CASE WHEN instant < 1081062000 THEN CASE WHEN instant < 1049612400 THEN CASE WHEN instant < 1035698400 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1067148000 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 1112511600 THEN CASE WHEN instant < 1099202400 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1130652000 THEN -14400 ELSE -18000 END END END ELSE CASE WHEN instant < 1205046000 THEN CASE WHEN instant < 1173596400 THEN CASE WHEN instant < 1162101600 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1194156000 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 1236495600 THEN CASE WHEN instant < 1225605600 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1257055200 THEN -14400 ELSE -18000 END END END END ELSE CASE WHEN instant < 1394348400 THEN CASE WHEN instant < 1331449200 THEN CASE WHEN instant < 1299999600 THEN CASE WHEN instant < 1289109600 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1320559200 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 1362898800 THEN CASE WHEN instant < 1352008800 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1383458400 THEN -14400 ELSE -18000 END END END ELSE CASE WHEN instant < 1457852400 THEN CASE WHEN instant < 1425798000 THEN CASE WHEN instant < 1414908000 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1446357600 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 1489302000 THEN CASE WHEN instant < 1478412000 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1509861600 THEN -14400 ELSE -18000 END END END END END ELSE CASE WHEN instant < 1772953200 THEN CASE WHEN instant < 1647154800 THEN CASE WHEN instant < 1583650800 THEN CASE WHEN instant < 1552201200 THEN CASE WHEN instant < 1541311200 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1572760800 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 1615705200 THEN CASE WHEN instant < 1604210400 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1636264800 THEN -14400 ELSE -18000 END END END ELSE CASE WHEN instant < 1710054000 THEN CASE WHEN instant < 1678604400 THEN CASE WHEN instant < 1667714400 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1699164000 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 1741503600 THEN CASE WHEN instant < 1730613600 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1762063200 THEN -14400 ELSE -18000 END END END END ELSE CASE WHEN instant < 1899356400 THEN CASE WHEN instant < 1836457200 THEN CASE WHEN instant < 1805007600 THEN CASE WHEN instant < 1793512800 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1825567200 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 1867906800 THEN CASE WHEN instant < 1857016800 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1888466400 THEN -14400 ELSE -18000 END END END ELSE CASE WHEN instant < 1962860400 THEN CASE WHEN instant < 1930806000 THEN CASE WHEN instant < 1919916000 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 1951365600 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 1994310000 THEN CASE WHEN instant < 1983420000 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 2014869600 THEN -14400 ELSE CASE WHEN instant < 2025759600 THEN -18000 ELSE -14400 END END END END END END END END ELSE CASE WHEN instant < 3067225200 THEN CASE WHEN instant < 2551327200 THEN CASE WHEN instant < 2298520800 THEN CASE WHEN instant < 2172722400 THEN CASE WHEN instant < 2109218400 THEN CASE WHEN instant < 2077768800 THEN CASE WHEN instant < 2057209200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2088658800 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 2140668000 THEN CASE WHEN instant < 2120108400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2152162800 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 2235621600 THEN CASE WHEN instant < 2204172000 THEN CASE WHEN instant < 2183612400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2215062000 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 2267071200 THEN CASE WHEN instant < 2246511600 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2277961200 THEN -18000 ELSE -14400 END END END END ELSE CASE WHEN instant < 2424924000 THEN CASE WHEN instant < 2362024800 THEN CASE WHEN instant < 2329970400 THEN CASE WHEN instant < 2309410800 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2341465200 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 2393474400 THEN CASE WHEN instant < 2372914800 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2404364400 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 2487823200 THEN CASE WHEN instant < 2456373600 THEN CASE WHEN instant < 2435814000 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2467263600 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 2519877600 THEN CASE WHEN instant < 2499318000 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2530767600 THEN -18000 ELSE -14400 END END END END END ELSE CASE WHEN instant < 2803528800 THEN CASE WHEN instant < 2677125600 THEN CASE WHEN instant < 2614226400 THEN CASE WHEN instant < 2582776800 THEN CASE WHEN instant < 2562217200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2593666800 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 2645676000 THEN CASE WHEN instant < 2625116400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2656566000 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 2740629600 THEN CASE WHEN instant < 2709180000 THEN CASE WHEN instant < 2688620400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2720070000 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 2772079200 THEN CASE WHEN instant < 2751519600 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2782969200 THEN -18000 ELSE -14400 END END END END ELSE CASE WHEN instant < 2929932000 THEN CASE WHEN instant < 2867032800 THEN CASE WHEN instant < 2834978400 THEN CASE WHEN instant < 2814418800 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2846473200 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 2898482400 THEN CASE WHEN instant < 2877922800 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2909372400 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 2992831200 THEN CASE WHEN instant < 2961381600 THEN CASE WHEN instant < 2940822000 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 2972271600 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 3024280800 THEN CASE WHEN instant < 3003721200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 3035775600 THEN -18000 ELSE CASE WHEN instant < 3056335200 THEN -14400 ELSE -18000 END END END END END END END ELSE CASE WHEN instant < 3592792800 THEN CASE WHEN instant < 3319426800 THEN CASE WHEN instant < 3193023600 THEN CASE WHEN instant < 3130124400 THEN CASE WHEN instant < 3098674800 THEN CASE WHEN instant < 3087784800 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 3119234400 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 3161574000 THEN CASE WHEN instant < 3150684000 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 3182133600 THEN -14400 ELSE -18000 END END END ELSE CASE WHEN instant < 3256527600 THEN CASE WHEN instant < 3225078000 THEN CASE WHEN instant < 3213583200 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 3245637600 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 3287977200 THEN CASE WHEN instant < 3277087200 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 3308536800 THEN -14400 ELSE -18000 END END END END ELSE CASE WHEN instant < 3445830000 THEN CASE WHEN instant < 3382930800 THEN CASE WHEN instant < 3350876400 THEN CASE WHEN instant < 3339986400 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 3371436000 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 3414380400 THEN CASE WHEN instant < 3403490400 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 3434940000 THEN -14400 ELSE -18000 END END END ELSE CASE WHEN instant < 3508729200 THEN CASE WHEN instant < 3477279600 THEN CASE WHEN instant < 3466389600 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 3497839200 THEN -14400 ELSE -18000 END END ELSE CASE WHEN instant < 3540178800 THEN CASE WHEN instant < 3529288800 THEN -14400 ELSE -18000 END ELSE CASE WHEN instant < 3560738400 THEN -14400 ELSE CASE WHEN instant < 3572233200 THEN -18000 ELSE -14400 END END END END END END ELSE CASE WHEN instant < 3844994400 THEN CASE WHEN instant < 3718591200 THEN CASE WHEN instant < 3655692000 THEN CASE WHEN instant < 3624242400 THEN CASE WHEN instant < 3603682800 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 3635132400 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 3687141600 THEN CASE WHEN instant < 3666582000 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 3698031600 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 3782095200 THEN CASE WHEN instant < 3750645600 THEN CASE WHEN instant < 3730086000 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 3761535600 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 3813544800 THEN CASE WHEN instant < 3792985200 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 3824434800 THEN -18000 ELSE -14400 END END END END ELSE CASE WHEN instant < 3971397600 THEN CASE WHEN instant < 3907893600 THEN CASE WHEN instant < 3876444000 THEN CASE WHEN instant < 3855884400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 3887334000 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 3939948000 THEN CASE WHEN instant < 3919388400 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 3950838000 THEN -18000 ELSE -14400 END END END ELSE CASE WHEN instant < 4034296800 THEN CASE WHEN instant < 4002847200 THEN CASE WHEN instant < 3982287600 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 4013737200 THEN -18000 ELSE -14400 END END ELSE CASE WHEN instant < 4065746400 THEN CASE WHEN instant < 4045186800 THEN -18000 ELSE -14400 END ELSE CASE WHEN instant < 4076636400 THEN -18000 ELSE CASE WHEN instant < 4097196000 THEN -14400 ELSE -18000 END END END END END END END END END) AS local_seconds
  FROM step6
),
step8 AS (
  SELECT *,
    ((CAST(FLOOR((local_seconds) / 86400.0) AS BIGINT) + 3) % (7) + 7) % (7) AS local_weekday,
    CAST(FLOOR((((local_seconds) % (86400) + 86400) % (86400)) / 3600.0) AS BIGINT) AS local_hour
  FROM step7
),
step9 AS (
  SELECT *,
    CASE local_weekday WHEN 0 THEN 'mon' WHEN 1 THEN 'tue' WHEN 2 THEN 'wed' WHEN 3 THEN 'thu' WHEN 4 THEN 'fri' WHEN 5 THEN 'sat' WHEN 6 THEN 'sun' END AS d_time_weekday,
    CAST(local_hour AS DOUBLE PRECISION) AS d_time_hour
  FROM step8
),
step10 AS (
  SELECT *,
    (COALESCE('vip' = ANY(f_customer_segments), FALSE) OR (COALESCE((f_customer_orders >= 3), FALSE) AND COALESCE((f_customer_lifetime_value >= 500), FALSE) AND COALESCE((f_customer_days_since_last_order <= 90), FALSE))) AS s_0,
    (COALESCE('lapsed' = ANY(f_customer_segments), FALSE) OR (COALESCE((f_customer_orders >= 1), FALSE) AND COALESCE((f_customer_days_since_last_order > 180), FALSE))) AS s_1,
    (COALESCE('newsletter' = ANY(f_customer_segments), FALSE) OR FALSE) AS s_2,
    (COALESCE('students' = ANY(f_customer_segments), FALSE) OR FALSE) AS s_3,
    (COALESCE('loyalty' = ANY(f_customer_segments), FALSE) OR FALSE) AS s_4
  FROM step9
),
step11 AS (
  SELECT *,
    COALESCE(instant IS NOT NULL AND instant >= 1795410000 AND instant < 1796101200, FALSE) AND TRUE AS m_0,
    COALESCE(s_0, FALSE) AS m_1,
    COALESCE(instant IS NOT NULL AND instant >= 1793505600 AND instant < 1803877200, FALSE) AND (COALESCE(f_geo_country IN ('CA', 'NO', 'SE', 'FI', 'IS'), FALSE) AND COALESCE(f_device_type = 'mobile', FALSE)) AS m_2,
    COALESCE(instant IS NOT NULL AND instant >= 1793505600 AND instant < 1803877200, FALSE) AND COALESCE(f_geo_country IN ('AU', 'NZ', 'BR', 'AR', 'ZA', 'CL'), FALSE) AS m_3,
    COALESCE(f_traffic_utm_source ~ '^(?:[Ii][Nn][Ss\u017F][Tt][Aa][Gg][Rr][Aa][Mm]|[Tt][Ii][Kk\u212A][Tt][Oo][Kk\u212A])$', FALSE) AS m_4,
    (COALESCE(f_customer_visitor_type = 'returning', FALSE) AND COALESCE((f_customer_orders >= 1), FALSE)) AS m_5,
    COALESCE(f_customer_visitor_type = 'new', FALSE) AS m_6,
    COALESCE(instant IS NOT NULL AND instant >= 1796101200 AND instant < 1798174800, FALSE) AND TRUE AS m_7,
    COALESCE(instant IS NOT NULL AND instant >= 1793505600 AND instant < 1803877200, FALSE) AND (COALESCE(f_geo_country IN ('CA', 'NO', 'SE', 'FI', 'IS'), FALSE) AND COALESCE(LEFT(f_traffic_landing_page, 12) = '/collections', FALSE)) AS m_9,
    COALESCE(f_traffic_landing_page ~ '^\/collections\/(sale|outlet)(\/|$)', FALSE) AS m_10,
    (COALESCE(d_channel = 'paid_search', FALSE) AND COALESCE(f_traffic_utm_term ~ '[Nn][Ee][Ww]', FALSE)) AS m_11,
    COALESCE(s_4, FALSE) AS m_12,
    COALESCE('boots' = ANY(f_cart_categories), FALSE) AS m_13,
    COALESCE(f_device_type = 'bot', FALSE) AS m_14,
    COALESCE(f_device_type = 'mobile', FALSE) AS m_15,
    (COALESCE(f_device_type = 'tablet', FALSE) AND COALESCE(d_channel IN ('organic_social', 'paid_social'), FALSE)) AS m_16,
    COALESCE(instant IS NOT NULL AND instant >= 1796101200 AND instant < 1798174800, FALSE) AND COALESCE(f_device_type = 'desktop', FALSE) AS m_17,
    (COALESCE(f_device_type = 'desktop', FALSE) AND COALESCE(d_time_weekday IN ('sat', 'sun'), FALSE)) AS m_18,
    COALESCE(s_3, FALSE) AS m_19,
    COALESCE(s_1, FALSE) AS m_20,
    (COALESCE(s_2, FALSE) AND COALESCE((f_customer_orders < 1), FALSE)) AS m_21,
    COALESCE((f_cart_value >= 150), FALSE) AS m_22,
    COALESCE(d_channel = 'affiliate', FALSE) AS m_23,
    (COALESCE(d_channel = 'email', FALSE) AND COALESCE(LEFT(f_traffic_utm_campaign, 3) = 'bf-', FALSE)) AS m_24,
    COALESCE(f_geo_country IN ('NO', 'SE', 'DK', 'FI', 'IS'), FALSE) AS m_25,
    COALESCE(f_geo_country = 'GB', FALSE) AS m_26,
    COALESCE(f_geo_country IN ('DE', 'FR', 'NL', 'IE', 'ES', 'IT', 'BE', 'AT', 'PT'), FALSE) AS m_27,
    COALESCE(instant IS NOT NULL AND instant >= 1796101200 AND instant < 1797742800, FALSE) AND COALESCE(f_geo_country = 'US', FALSE) AS m_28,
    COALESCE(f_geo_region = 'CA-QC', FALSE) AS m_29,
    (COALESCE(f_device_os = 'iOS', FALSE) AND COALESCE(f_device_type = 'mobile', FALSE)) AS m_30,
    COALESCE(c_0 = 'gold', FALSE) AS m_31,
    (COALESCE((d_time_hour >= 22), FALSE) OR COALESCE((d_time_hour < 5), FALSE)) AS m_32
  FROM step10
),
step12 AS (
  SELECT *,
    m_0 AS e_0,
    m_1 AS e_1,
    m_2 AS e_2,
    m_3 AS e_3,
    m_4 AS e_4,
    m_5 AS e_5,
    CASE WHEN m_6 THEN (pg_temp.rulestudio_murmur3('new-visitor-welcome:' || bucket_key)) % (10000) >= 2000 ELSE FALSE END AS e_6,
    m_7 AS e_7,
    m_9 AS e_9,
    m_10 AS e_10,
    m_11 AS e_11,
    m_12 AS e_12,
    m_13 AS e_13,
    m_14 AS e_14,
    CASE WHEN m_15 THEN (pg_temp.rulestudio_murmur3('mobile-compact-layout:' || bucket_key)) % (10000) >= 2000 ELSE FALSE END AS e_15,
    m_16 AS e_16,
    m_17 AS e_17,
    m_18 AS e_18,
    m_19 AS e_19,
    CASE WHEN m_20 THEN (pg_temp.rulestudio_murmur3('lapsed-winback:' || bucket_key)) % (10000) >= 1000 ELSE FALSE END AS e_20,
    m_21 AS e_21,
    m_22 AS e_22,
    m_23 AS e_23,
    m_24 AS e_24,
    m_25 AS e_25,
    m_26 AS e_26,
    m_27 AS e_27,
    m_28 AS e_28,
    m_29 AS e_29,
    CASE WHEN m_30 THEN (pg_temp.rulestudio_murmur3('ios-app-banner:' || bucket_key)) % (10000) >= 2000 ELSE FALSE END AS e_30,
    m_31 AS e_31,
    m_32 AS e_32
  FROM step11
),
step13 AS (
  SELECT *,
    CASE WHEN e_0 THEN 'bf-2026-hero' WHEN e_1 THEN 'vip-early-access' WHEN e_2 THEN 'winter-coats-cold-countries' WHEN e_3 THEN 'southern-summer-hero' WHEN e_4 THEN 'social-lookbook-hero' WHEN e_5 THEN 'returning-picked-for-you' WHEN e_6 THEN 'new-visitor-welcome' WHEN e_7 THEN 'gift-guide-hero' END AS w_0,
    CASE WHEN e_9 THEN 'cold-weather-outerwear-boost' WHEN e_10 THEN 'sale-price-sort' WHEN e_11 THEN 'search-new-arrivals' WHEN e_12 THEN 'loyalty-recommended' WHEN e_13 THEN 'boots-in-cart-affinity' END AS w_1,
    CASE WHEN e_14 THEN 'bots-standard-layout' WHEN e_15 THEN 'mobile-compact-layout' WHEN e_16 THEN 'tablet-social-lookbook' WHEN e_17 THEN 'december-gift-layout' WHEN e_18 THEN 'weekend-desktop-lookbook' END AS w_2,
    CASE WHEN e_1 THEN 'vip-early-access' WHEN e_19 THEN 'students-discount' WHEN e_20 THEN 'lapsed-winback' WHEN e_21 THEN 'newsletter-first-order' WHEN e_22 THEN 'big-cart-free-shipping' WHEN e_23 THEN 'affiliate-partner-code' WHEN e_24 THEN 'bf-email-offer' END AS w_3,
    CASE WHEN e_25 THEN 'nordics-free-shipping-banner' WHEN e_26 THEN 'uk-next-day-banner' WHEN e_27 THEN 'eu-returns-banner' WHEN e_28 THEN 'us-holiday-cutoff-banner' WHEN e_29 THEN 'quebec-french-banner' WHEN e_30 THEN 'ios-app-banner' WHEN e_31 THEN 'gold-tier-banner' WHEN e_32 THEN 'night-owl-banner' END AS w_4
  FROM step12
),
step14 AS MATERIALIZED (
  SELECT *,
    CAST(NULL AS TEXT) AS t_0,
    CAST(NULL AS TEXT) AS t_1,
    CAST(NULL AS TEXT) AS t_2,
    CASE w_3 WHEN 'affiliate-partner-code' THEN CASE WHEN e_24 THEN 'bf-email-offer' END END AS t_3,
    CASE w_4 WHEN 'nordics-free-shipping-banner' THEN CASE WHEN e_26 THEN 'uk-next-day-banner' END END AS t_4
  FROM step13
),
totals AS (
  SELECT COUNT(*) AS k_0,
    COALESCE(SUM(CASE WHEN w_0 IS NULL AND w_1 IS NULL AND w_2 IS NULL AND w_3 IS NULL AND w_4 IS NULL THEN 1 ELSE 0 END), 0) AS k_1,
    COALESCE(SUM(CASE WHEN m_0 THEN 1 ELSE 0 END), 0) AS k_2,
    COALESCE(SUM(CASE WHEN m_0 AND NOT e_0 THEN 1 ELSE 0 END), 0) AS k_3,
    COALESCE(SUM(CASE WHEN w_0 = 'bf-2026-hero' THEN 1 ELSE 0 END), 0) AS k_4,
    COALESCE(SUM(CASE WHEN m_1 THEN 1 ELSE 0 END), 0) AS k_5,
    COALESCE(SUM(CASE WHEN m_1 AND NOT e_1 THEN 1 ELSE 0 END), 0) AS k_6,
    COALESCE(SUM(CASE WHEN w_0 = 'vip-early-access' OR w_3 = 'vip-early-access' THEN 1 ELSE 0 END), 0) AS k_7,
    COALESCE(SUM(CASE WHEN m_2 THEN 1 ELSE 0 END), 0) AS k_8,
    COALESCE(SUM(CASE WHEN m_2 AND NOT e_2 THEN 1 ELSE 0 END), 0) AS k_9,
    COALESCE(SUM(CASE WHEN w_0 = 'winter-coats-cold-countries' THEN 1 ELSE 0 END), 0) AS k_10,
    COALESCE(SUM(CASE WHEN m_3 THEN 1 ELSE 0 END), 0) AS k_11,
    COALESCE(SUM(CASE WHEN m_3 AND NOT e_3 THEN 1 ELSE 0 END), 0) AS k_12,
    COALESCE(SUM(CASE WHEN w_0 = 'southern-summer-hero' THEN 1 ELSE 0 END), 0) AS k_13,
    COALESCE(SUM(CASE WHEN m_4 THEN 1 ELSE 0 END), 0) AS k_14,
    COALESCE(SUM(CASE WHEN m_4 AND NOT e_4 THEN 1 ELSE 0 END), 0) AS k_15,
    COALESCE(SUM(CASE WHEN w_0 = 'social-lookbook-hero' THEN 1 ELSE 0 END), 0) AS k_16,
    COALESCE(SUM(CASE WHEN m_5 THEN 1 ELSE 0 END), 0) AS k_17,
    COALESCE(SUM(CASE WHEN m_5 AND NOT e_5 THEN 1 ELSE 0 END), 0) AS k_18,
    COALESCE(SUM(CASE WHEN w_0 = 'returning-picked-for-you' THEN 1 ELSE 0 END), 0) AS k_19,
    COALESCE(SUM(CASE WHEN m_6 THEN 1 ELSE 0 END), 0) AS k_20,
    COALESCE(SUM(CASE WHEN m_6 AND NOT e_6 THEN 1 ELSE 0 END), 0) AS k_21,
    COALESCE(SUM(CASE WHEN w_0 = 'new-visitor-welcome' THEN 1 ELSE 0 END), 0) AS k_22,
    COALESCE(SUM(CASE WHEN m_7 THEN 1 ELSE 0 END), 0) AS k_23,
    COALESCE(SUM(CASE WHEN m_7 AND NOT e_7 THEN 1 ELSE 0 END), 0) AS k_24,
    COALESCE(SUM(CASE WHEN w_0 = 'gift-guide-hero' THEN 1 ELSE 0 END), 0) AS k_25,
    COALESCE(SUM(CASE WHEN m_9 THEN 1 ELSE 0 END), 0) AS k_26,
    COALESCE(SUM(CASE WHEN m_9 AND NOT e_9 THEN 1 ELSE 0 END), 0) AS k_27,
    COALESCE(SUM(CASE WHEN w_1 = 'cold-weather-outerwear-boost' THEN 1 ELSE 0 END), 0) AS k_28,
    COALESCE(SUM(CASE WHEN m_10 THEN 1 ELSE 0 END), 0) AS k_29,
    COALESCE(SUM(CASE WHEN m_10 AND NOT e_10 THEN 1 ELSE 0 END), 0) AS k_30,
    COALESCE(SUM(CASE WHEN w_1 = 'sale-price-sort' THEN 1 ELSE 0 END), 0) AS k_31,
    COALESCE(SUM(CASE WHEN m_11 THEN 1 ELSE 0 END), 0) AS k_32,
    COALESCE(SUM(CASE WHEN m_11 AND NOT e_11 THEN 1 ELSE 0 END), 0) AS k_33,
    COALESCE(SUM(CASE WHEN w_1 = 'search-new-arrivals' THEN 1 ELSE 0 END), 0) AS k_34,
    COALESCE(SUM(CASE WHEN m_12 THEN 1 ELSE 0 END), 0) AS k_35,
    COALESCE(SUM(CASE WHEN m_12 AND NOT e_12 THEN 1 ELSE 0 END), 0) AS k_36,
    COALESCE(SUM(CASE WHEN w_1 = 'loyalty-recommended' THEN 1 ELSE 0 END), 0) AS k_37,
    COALESCE(SUM(CASE WHEN m_13 THEN 1 ELSE 0 END), 0) AS k_38,
    COALESCE(SUM(CASE WHEN m_13 AND NOT e_13 THEN 1 ELSE 0 END), 0) AS k_39,
    COALESCE(SUM(CASE WHEN w_1 = 'boots-in-cart-affinity' THEN 1 ELSE 0 END), 0) AS k_40,
    COALESCE(SUM(CASE WHEN m_14 THEN 1 ELSE 0 END), 0) AS k_41,
    COALESCE(SUM(CASE WHEN m_14 AND NOT e_14 THEN 1 ELSE 0 END), 0) AS k_42,
    COALESCE(SUM(CASE WHEN w_2 = 'bots-standard-layout' THEN 1 ELSE 0 END), 0) AS k_43,
    COALESCE(SUM(CASE WHEN m_15 THEN 1 ELSE 0 END), 0) AS k_44,
    COALESCE(SUM(CASE WHEN m_15 AND NOT e_15 THEN 1 ELSE 0 END), 0) AS k_45,
    COALESCE(SUM(CASE WHEN w_2 = 'mobile-compact-layout' THEN 1 ELSE 0 END), 0) AS k_46,
    COALESCE(SUM(CASE WHEN m_16 THEN 1 ELSE 0 END), 0) AS k_47,
    COALESCE(SUM(CASE WHEN m_16 AND NOT e_16 THEN 1 ELSE 0 END), 0) AS k_48,
    COALESCE(SUM(CASE WHEN w_2 = 'tablet-social-lookbook' THEN 1 ELSE 0 END), 0) AS k_49,
    COALESCE(SUM(CASE WHEN m_17 THEN 1 ELSE 0 END), 0) AS k_50,
    COALESCE(SUM(CASE WHEN m_17 AND NOT e_17 THEN 1 ELSE 0 END), 0) AS k_51,
    COALESCE(SUM(CASE WHEN w_2 = 'december-gift-layout' THEN 1 ELSE 0 END), 0) AS k_52,
    COALESCE(SUM(CASE WHEN m_18 THEN 1 ELSE 0 END), 0) AS k_53,
    COALESCE(SUM(CASE WHEN m_18 AND NOT e_18 THEN 1 ELSE 0 END), 0) AS k_54,
    COALESCE(SUM(CASE WHEN w_2 = 'weekend-desktop-lookbook' THEN 1 ELSE 0 END), 0) AS k_55,
    COALESCE(SUM(CASE WHEN m_19 THEN 1 ELSE 0 END), 0) AS k_56,
    COALESCE(SUM(CASE WHEN m_19 AND NOT e_19 THEN 1 ELSE 0 END), 0) AS k_57,
    COALESCE(SUM(CASE WHEN w_3 = 'students-discount' THEN 1 ELSE 0 END), 0) AS k_58,
    COALESCE(SUM(CASE WHEN m_20 THEN 1 ELSE 0 END), 0) AS k_59,
    COALESCE(SUM(CASE WHEN m_20 AND NOT e_20 THEN 1 ELSE 0 END), 0) AS k_60,
    COALESCE(SUM(CASE WHEN w_3 = 'lapsed-winback' THEN 1 ELSE 0 END), 0) AS k_61,
    COALESCE(SUM(CASE WHEN m_21 THEN 1 ELSE 0 END), 0) AS k_62,
    COALESCE(SUM(CASE WHEN m_21 AND NOT e_21 THEN 1 ELSE 0 END), 0) AS k_63,
    COALESCE(SUM(CASE WHEN w_3 = 'newsletter-first-order' THEN 1 ELSE 0 END), 0) AS k_64,
    COALESCE(SUM(CASE WHEN m_22 THEN 1 ELSE 0 END), 0) AS k_65,
    COALESCE(SUM(CASE WHEN m_22 AND NOT e_22 THEN 1 ELSE 0 END), 0) AS k_66,
    COALESCE(SUM(CASE WHEN w_3 = 'big-cart-free-shipping' THEN 1 ELSE 0 END), 0) AS k_67,
    COALESCE(SUM(CASE WHEN m_23 THEN 1 ELSE 0 END), 0) AS k_68,
    COALESCE(SUM(CASE WHEN m_23 AND NOT e_23 THEN 1 ELSE 0 END), 0) AS k_69,
    COALESCE(SUM(CASE WHEN w_3 = 'affiliate-partner-code' THEN 1 ELSE 0 END), 0) AS k_70,
    COALESCE(SUM(CASE WHEN m_24 THEN 1 ELSE 0 END), 0) AS k_71,
    COALESCE(SUM(CASE WHEN m_24 AND NOT e_24 THEN 1 ELSE 0 END), 0) AS k_72,
    COALESCE(SUM(CASE WHEN w_3 = 'bf-email-offer' THEN 1 ELSE 0 END), 0) AS k_73,
    COALESCE(SUM(CASE WHEN m_25 THEN 1 ELSE 0 END), 0) AS k_74,
    COALESCE(SUM(CASE WHEN m_25 AND NOT e_25 THEN 1 ELSE 0 END), 0) AS k_75,
    COALESCE(SUM(CASE WHEN w_4 = 'nordics-free-shipping-banner' THEN 1 ELSE 0 END), 0) AS k_76,
    COALESCE(SUM(CASE WHEN m_26 THEN 1 ELSE 0 END), 0) AS k_77,
    COALESCE(SUM(CASE WHEN m_26 AND NOT e_26 THEN 1 ELSE 0 END), 0) AS k_78,
    COALESCE(SUM(CASE WHEN w_4 = 'uk-next-day-banner' THEN 1 ELSE 0 END), 0) AS k_79,
    COALESCE(SUM(CASE WHEN m_27 THEN 1 ELSE 0 END), 0) AS k_80,
    COALESCE(SUM(CASE WHEN m_27 AND NOT e_27 THEN 1 ELSE 0 END), 0) AS k_81,
    COALESCE(SUM(CASE WHEN w_4 = 'eu-returns-banner' THEN 1 ELSE 0 END), 0) AS k_82,
    COALESCE(SUM(CASE WHEN m_28 THEN 1 ELSE 0 END), 0) AS k_83,
    COALESCE(SUM(CASE WHEN m_28 AND NOT e_28 THEN 1 ELSE 0 END), 0) AS k_84,
    COALESCE(SUM(CASE WHEN w_4 = 'us-holiday-cutoff-banner' THEN 1 ELSE 0 END), 0) AS k_85,
    COALESCE(SUM(CASE WHEN m_29 THEN 1 ELSE 0 END), 0) AS k_86,
    COALESCE(SUM(CASE WHEN m_29 AND NOT e_29 THEN 1 ELSE 0 END), 0) AS k_87,
    COALESCE(SUM(CASE WHEN w_4 = 'quebec-french-banner' THEN 1 ELSE 0 END), 0) AS k_88,
    COALESCE(SUM(CASE WHEN m_30 THEN 1 ELSE 0 END), 0) AS k_89,
    COALESCE(SUM(CASE WHEN m_30 AND NOT e_30 THEN 1 ELSE 0 END), 0) AS k_90,
    COALESCE(SUM(CASE WHEN w_4 = 'ios-app-banner' THEN 1 ELSE 0 END), 0) AS k_91,
    COALESCE(SUM(CASE WHEN m_31 THEN 1 ELSE 0 END), 0) AS k_92,
    COALESCE(SUM(CASE WHEN m_31 AND NOT e_31 THEN 1 ELSE 0 END), 0) AS k_93,
    COALESCE(SUM(CASE WHEN w_4 = 'gold-tier-banner' THEN 1 ELSE 0 END), 0) AS k_94,
    COALESCE(SUM(CASE WHEN m_32 THEN 1 ELSE 0 END), 0) AS k_95,
    COALESCE(SUM(CASE WHEN m_32 AND NOT e_32 THEN 1 ELSE 0 END), 0) AS k_96,
    COALESCE(SUM(CASE WHEN w_4 = 'night-owl-banner' THEN 1 ELSE 0 END), 0) AS k_97
  FROM step14
),
slot_0 AS (
  SELECT w_0 AS w, t_0 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_0 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_1 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_2 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_3 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_4 THEN 1 ELSE 0 END), 0) AS l_5, COALESCE(SUM(CASE WHEN e_5 THEN 1 ELSE 0 END), 0) AS l_6, COALESCE(SUM(CASE WHEN e_6 THEN 1 ELSE 0 END), 0) AS l_7, COALESCE(SUM(CASE WHEN e_7 THEN 1 ELSE 0 END), 0) AS l_8
  FROM step14
  GROUP BY w_0, t_0
),
slot_1 AS (
  SELECT w_1 AS w, t_1 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_9 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_10 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_11 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_12 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_13 THEN 1 ELSE 0 END), 0) AS l_5
  FROM step14
  GROUP BY w_1, t_1
),
slot_2 AS (
  SELECT w_2 AS w, t_2 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_14 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_15 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_16 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_17 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_18 THEN 1 ELSE 0 END), 0) AS l_5
  FROM step14
  GROUP BY w_2, t_2
),
slot_3 AS (
  SELECT w_3 AS w, t_3 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_1 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_19 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_20 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_21 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_22 THEN 1 ELSE 0 END), 0) AS l_5, COALESCE(SUM(CASE WHEN e_23 THEN 1 ELSE 0 END), 0) AS l_6, COALESCE(SUM(CASE WHEN e_24 THEN 1 ELSE 0 END), 0) AS l_7
  FROM step14
  GROUP BY w_3, t_3
),
slot_4 AS (
  SELECT w_4 AS w, t_4 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_25 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_26 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_27 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_28 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_29 THEN 1 ELSE 0 END), 0) AS l_5, COALESCE(SUM(CASE WHEN e_30 THEN 1 ELSE 0 END), 0) AS l_6, COALESCE(SUM(CASE WHEN e_31 THEN 1 ELSE 0 END), 0) AS l_7, COALESCE(SUM(CASE WHEN e_32 THEN 1 ELSE 0 END), 0) AS l_8
  FROM step14
  GROUP BY w_4, t_4
)
SELECT section, subject, winner, other, sessions FROM (
  SELECT k.section AS section, k.subject AS subject, '' AS winner, '' AS other, CASE k.i WHEN 0 THEN k_0 WHEN 1 THEN k_1 WHEN 2 THEN k_2 WHEN 3 THEN k_3 WHEN 4 THEN k_4 WHEN 5 THEN k_5 WHEN 6 THEN k_6 WHEN 7 THEN k_7 WHEN 8 THEN k_8 WHEN 9 THEN k_9 WHEN 10 THEN k_10 WHEN 11 THEN k_11 WHEN 12 THEN k_12 WHEN 13 THEN k_13 WHEN 14 THEN k_14 WHEN 15 THEN k_15 WHEN 16 THEN k_16 WHEN 17 THEN k_17 WHEN 18 THEN k_18 WHEN 19 THEN k_19 WHEN 20 THEN k_20 WHEN 21 THEN k_21 WHEN 22 THEN k_22 WHEN 23 THEN k_23 WHEN 24 THEN k_24 WHEN 25 THEN k_25 WHEN 26 THEN k_26 WHEN 27 THEN k_27 WHEN 28 THEN k_28 WHEN 29 THEN k_29 WHEN 30 THEN k_30 WHEN 31 THEN k_31 WHEN 32 THEN k_32 WHEN 33 THEN k_33 WHEN 34 THEN k_34 WHEN 35 THEN k_35 WHEN 36 THEN k_36 WHEN 37 THEN k_37 WHEN 38 THEN k_38 WHEN 39 THEN k_39 WHEN 40 THEN k_40 WHEN 41 THEN k_41 WHEN 42 THEN k_42 WHEN 43 THEN k_43 WHEN 44 THEN k_44 WHEN 45 THEN k_45 WHEN 46 THEN k_46 WHEN 47 THEN k_47 WHEN 48 THEN k_48 WHEN 49 THEN k_49 WHEN 50 THEN k_50 WHEN 51 THEN k_51 WHEN 52 THEN k_52 WHEN 53 THEN k_53 WHEN 54 THEN k_54 WHEN 55 THEN k_55 WHEN 56 THEN k_56 WHEN 57 THEN k_57 WHEN 58 THEN k_58 WHEN 59 THEN k_59 WHEN 60 THEN k_60 WHEN 61 THEN k_61 WHEN 62 THEN k_62 WHEN 63 THEN k_63 WHEN 64 THEN k_64 WHEN 65 THEN k_65 WHEN 66 THEN k_66 WHEN 67 THEN k_67 WHEN 68 THEN k_68 WHEN 69 THEN k_69 WHEN 70 THEN k_70 WHEN 71 THEN k_71 WHEN 72 THEN k_72 WHEN 73 THEN k_73 WHEN 74 THEN k_74 WHEN 75 THEN k_75 WHEN 76 THEN k_76 WHEN 77 THEN k_77 WHEN 78 THEN k_78 WHEN 79 THEN k_79 WHEN 80 THEN k_80 WHEN 81 THEN k_81 WHEN 82 THEN k_82 WHEN 83 THEN k_83 WHEN 84 THEN k_84 WHEN 85 THEN k_85 WHEN 86 THEN k_86 WHEN 87 THEN k_87 WHEN 88 THEN k_88 WHEN 89 THEN k_89 WHEN 90 THEN k_90 WHEN 91 THEN k_91 WHEN 92 THEN k_92 WHEN 93 THEN k_93 WHEN 94 THEN k_94 WHEN 95 THEN k_95 WHEN 96 THEN k_96 WHEN 97 THEN k_97 END AS sessions
  FROM totals CROSS JOIN (VALUES (0, 'sessions', ''),
      (1, 'unpersonalised', ''),
      (2, 'matched', 'bf-2026-hero'),
      (3, 'held_out', 'bf-2026-hero'),
      (4, 'applied', 'bf-2026-hero'),
      (5, 'matched', 'vip-early-access'),
      (6, 'held_out', 'vip-early-access'),
      (7, 'applied', 'vip-early-access'),
      (8, 'matched', 'winter-coats-cold-countries'),
      (9, 'held_out', 'winter-coats-cold-countries'),
      (10, 'applied', 'winter-coats-cold-countries'),
      (11, 'matched', 'southern-summer-hero'),
      (12, 'held_out', 'southern-summer-hero'),
      (13, 'applied', 'southern-summer-hero'),
      (14, 'matched', 'social-lookbook-hero'),
      (15, 'held_out', 'social-lookbook-hero'),
      (16, 'applied', 'social-lookbook-hero'),
      (17, 'matched', 'returning-picked-for-you'),
      (18, 'held_out', 'returning-picked-for-you'),
      (19, 'applied', 'returning-picked-for-you'),
      (20, 'matched', 'new-visitor-welcome'),
      (21, 'held_out', 'new-visitor-welcome'),
      (22, 'applied', 'new-visitor-welcome'),
      (23, 'matched', 'gift-guide-hero'),
      (24, 'held_out', 'gift-guide-hero'),
      (25, 'applied', 'gift-guide-hero'),
      (26, 'matched', 'cold-weather-outerwear-boost'),
      (27, 'held_out', 'cold-weather-outerwear-boost'),
      (28, 'applied', 'cold-weather-outerwear-boost'),
      (29, 'matched', 'sale-price-sort'),
      (30, 'held_out', 'sale-price-sort'),
      (31, 'applied', 'sale-price-sort'),
      (32, 'matched', 'search-new-arrivals'),
      (33, 'held_out', 'search-new-arrivals'),
      (34, 'applied', 'search-new-arrivals'),
      (35, 'matched', 'loyalty-recommended'),
      (36, 'held_out', 'loyalty-recommended'),
      (37, 'applied', 'loyalty-recommended'),
      (38, 'matched', 'boots-in-cart-affinity'),
      (39, 'held_out', 'boots-in-cart-affinity'),
      (40, 'applied', 'boots-in-cart-affinity'),
      (41, 'matched', 'bots-standard-layout'),
      (42, 'held_out', 'bots-standard-layout'),
      (43, 'applied', 'bots-standard-layout'),
      (44, 'matched', 'mobile-compact-layout'),
      (45, 'held_out', 'mobile-compact-layout'),
      (46, 'applied', 'mobile-compact-layout'),
      (47, 'matched', 'tablet-social-lookbook'),
      (48, 'held_out', 'tablet-social-lookbook'),
      (49, 'applied', 'tablet-social-lookbook'),
      (50, 'matched', 'december-gift-layout'),
      (51, 'held_out', 'december-gift-layout'),
      (52, 'applied', 'december-gift-layout'),
      (53, 'matched', 'weekend-desktop-lookbook'),
      (54, 'held_out', 'weekend-desktop-lookbook'),
      (55, 'applied', 'weekend-desktop-lookbook'),
      (56, 'matched', 'students-discount'),
      (57, 'held_out', 'students-discount'),
      (58, 'applied', 'students-discount'),
      (59, 'matched', 'lapsed-winback'),
      (60, 'held_out', 'lapsed-winback'),
      (61, 'applied', 'lapsed-winback'),
      (62, 'matched', 'newsletter-first-order'),
      (63, 'held_out', 'newsletter-first-order'),
      (64, 'applied', 'newsletter-first-order'),
      (65, 'matched', 'big-cart-free-shipping'),
      (66, 'held_out', 'big-cart-free-shipping'),
      (67, 'applied', 'big-cart-free-shipping'),
      (68, 'matched', 'affiliate-partner-code'),
      (69, 'held_out', 'affiliate-partner-code'),
      (70, 'applied', 'affiliate-partner-code'),
      (71, 'matched', 'bf-email-offer'),
      (72, 'held_out', 'bf-email-offer'),
      (73, 'applied', 'bf-email-offer'),
      (74, 'matched', 'nordics-free-shipping-banner'),
      (75, 'held_out', 'nordics-free-shipping-banner'),
      (76, 'applied', 'nordics-free-shipping-banner'),
      (77, 'matched', 'uk-next-day-banner'),
      (78, 'held_out', 'uk-next-day-banner'),
      (79, 'applied', 'uk-next-day-banner'),
      (80, 'matched', 'eu-returns-banner'),
      (81, 'held_out', 'eu-returns-banner'),
      (82, 'applied', 'eu-returns-banner'),
      (83, 'matched', 'us-holiday-cutoff-banner'),
      (84, 'held_out', 'us-holiday-cutoff-banner'),
      (85, 'applied', 'us-holiday-cutoff-banner'),
      (86, 'matched', 'quebec-french-banner'),
      (87, 'held_out', 'quebec-french-banner'),
      (88, 'applied', 'quebec-french-banner'),
      (89, 'matched', 'ios-app-banner'),
      (90, 'held_out', 'ios-app-banner'),
      (91, 'applied', 'ios-app-banner'),
      (92, 'matched', 'gold-tier-banner'),
      (93, 'held_out', 'gold-tier-banner'),
      (94, 'applied', 'gold-tier-banner'),
      (95, 'matched', 'night-owl-banner'),
      (96, 'held_out', 'night-owl-banner'),
      (97, 'applied', 'night-owl-banner')) AS k(i, section, subject)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'home.hero' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'home.hero' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 WHEN 6 THEN g.l_6 WHEN 7 THEN g.l_7 WHEN 8 THEN g.l_8 END
  FROM slot_0 g CROSS JOIN (VALUES (0, ''),
      (1, 'bf-2026-hero'),
      (2, 'vip-early-access'),
      (3, 'winter-coats-cold-countries'),
      (4, 'southern-summer-hero'),
      (5, 'social-lookbook-hero'),
      (6, 'returning-picked-for-you'),
      (7, 'new-visitor-welcome'),
      (8, 'gift-guide-hero')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'plp.sort' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'plp.sort' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 END
  FROM slot_1 g CROSS JOIN (VALUES (0, ''),
      (1, 'cold-weather-outerwear-boost'),
      (2, 'sale-price-sort'),
      (3, 'search-new-arrivals'),
      (4, 'loyalty-recommended'),
      (5, 'boots-in-cart-affinity')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'layout' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'layout' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 END
  FROM slot_2 g CROSS JOIN (VALUES (0, ''),
      (1, 'bots-standard-layout'),
      (2, 'mobile-compact-layout'),
      (3, 'tablet-social-lookbook'),
      (4, 'december-gift-layout'),
      (5, 'weekend-desktop-lookbook')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'cart.offer' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'cart.offer' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 WHEN 6 THEN g.l_6 WHEN 7 THEN g.l_7 END
  FROM slot_3 g CROSS JOIN (VALUES (0, ''),
      (1, 'vip-early-access'),
      (2, 'students-discount'),
      (3, 'lapsed-winback'),
      (4, 'newsletter-first-order'),
      (5, 'big-cart-free-shipping'),
      (6, 'affiliate-partner-code'),
      (7, 'bf-email-offer')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'promo.banner' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'promo.banner' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 WHEN 6 THEN g.l_6 WHEN 7 THEN g.l_7 WHEN 8 THEN g.l_8 END
  FROM slot_4 g CROSS JOIN (VALUES (0, ''),
      (1, 'nordics-free-shipping-banner'),
      (2, 'uk-next-day-banner'),
      (3, 'eu-returns-banner'),
      (4, 'us-holiday-cutoff-banner'),
      (5, 'quebec-french-banner'),
      (6, 'ios-app-banner'),
      (7, 'gold-tier-banner'),
      (8, 'night-owl-banner')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
) AS counts
WHERE sessions > 0 OR section = 'sessions'
ORDER BY section, subject, winner, other;
