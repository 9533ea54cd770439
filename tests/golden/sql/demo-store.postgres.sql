-- rulestudio: ruleset `demo-store` compiled to postgres SQL.
-- One row per session: session_id, then per slot its outcome and the winning rule's id
-- (NULL for the slot's default):
--   home_hero, home_hero_rule: slot `home.hero`
--   plp_sort, plp_sort_rule: slot `plp.sort`
--   layout, layout_rule: slot `layout`
--   cart_offer, cart_offer_rule: slot `cart.offer`
--   promo_banner, promo_banner_rule: slot `promo.banner`
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
)
SELECT
  session_id,
  CASE w_0 WHEN 'bf-2026-hero' THEN 'content bf-2026-hero' WHEN 'vip-early-access' THEN 'content vip-early-access' WHEN 'winter-coats-cold-countries' THEN 'content winter-coats-hero' WHEN 'southern-summer-hero' THEN 'content summer-collection-hero' WHEN 'social-lookbook-hero' THEN 'content lookbook-hero' WHEN 'returning-picked-for-you' THEN 'content picked-for-you' WHEN 'new-visitor-welcome' THEN 'content welcome-hero' WHEN 'gift-guide-hero' THEN 'content gift-guide-hero' ELSE 'content hero-new-season' END AS "home_hero",
  w_0 AS "home_hero_rule",
  CASE w_1 WHEN 'cold-weather-outerwear-boost' THEN 'ranking best_sellers boosting outerwear, knitwear, boots' WHEN 'sale-price-sort' THEN 'ranking price_low_to_high boosting sale' WHEN 'search-new-arrivals' THEN 'ranking new_arrivals' WHEN 'loyalty-recommended' THEN 'ranking recommended' WHEN 'boots-in-cart-affinity' THEN 'ranking best_sellers boosting boots, accessories' ELSE 'ranking featured' END AS "plp_sort",
  w_1 AS "plp_sort_rule",
  CASE w_2 WHEN 'bots-standard-layout' THEN 'variant standard' WHEN 'mobile-compact-layout' THEN 'variant compact' WHEN 'tablet-social-lookbook' THEN 'variant lookbook' WHEN 'december-gift-layout' THEN 'variant gift-guide' WHEN 'weekend-desktop-lookbook' THEN 'variant lookbook' ELSE 'variant standard' END AS "layout",
  w_2 AS "layout_rule",
  CASE w_3 WHEN 'vip-early-access' THEN 'offer VIP-FREESHIP' WHEN 'students-discount' THEN 'offer STUDENT15 (15% off)' WHEN 'lapsed-winback' THEN 'offer COMEBACK20 (20% off)' WHEN 'newsletter-first-order' THEN 'offer WELCOME10 (10% off)' WHEN 'big-cart-free-shipping' THEN 'offer FREESHIP150' WHEN 'affiliate-partner-code' THEN 'offer PARTNER5 (5% off)' WHEN 'bf-email-offer' THEN 'offer BF-EMAIL-25 (25% off)' ELSE 'offer NONE' END AS "cart_offer",
  w_3 AS "cart_offer_rule",
  CASE w_4 WHEN 'nordics-free-shipping-banner' THEN 'content banner-free-shipping-nordics' WHEN 'uk-next-day-banner' THEN 'content banner-uk-next-day' WHEN 'eu-returns-banner' THEN 'content banner-eu-free-returns' WHEN 'us-holiday-cutoff-banner' THEN 'content banner-us-holiday-cutoff' WHEN 'quebec-french-banner' THEN 'content banner-qc-fr' WHEN 'ios-app-banner' THEN 'content banner-get-the-app' WHEN 'gold-tier-banner' THEN 'content banner-gold-perks' WHEN 'night-owl-banner' THEN 'content banner-night-owl' ELSE 'content banner-free-returns' END AS "promo_banner",
  w_4 AS "promo_banner_rule"
FROM step13;
