-- rulestudio: ruleset `sql-parity` compiled to duckdb SQL.
-- The report of `rulestudio simulate`: rows (section, subject, winner, other, sessions).
-- device.type, device.os and device.browser are read from their columns: SQL does not parse
-- user agents (`rulestudio simulate --engine duckdb` does, with the engine's parser).
-- Holdouts call rulestudio_murmur3(text) -> MurmurHash3 x86_32, seed 0, of the UTF-8 bytes,
-- which the host registers (docs/SQL.md).
WITH
src AS (
  SELECT
    CAST("id" AS VARCHAR) AS session_id,
    COALESCE(CAST("visitor_id" AS VARCHAR), CAST("id" AS VARCHAR)) AS bucket_key,
    CAST(floor(epoch("timestamp")) AS BIGINT) AS instant,
    CASE WHEN UPPER(regexp_replace(CAST("geo.country" AS VARCHAR), '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g')) IN ('AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY', 'HK', 'HM', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JE', 'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ', 'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG', 'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'XK', 'YE', 'YT', 'ZA', 'ZM', 'ZW') THEN UPPER(regexp_replace(CAST("geo.country" AS VARCHAR), '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g')) END AS f_geo_country,
    UPPER(regexp_replace(CAST("geo.region" AS VARCHAR), '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g')) AS f_geo_region,
    CAST("geo.city" AS VARCHAR) AS f_geo_city,
    CAST("traffic.utm_source" AS VARCHAR) AS f_traffic_utm_source,
    CAST("traffic.utm_medium" AS VARCHAR) AS f_traffic_utm_medium,
    CAST("traffic.utm_campaign" AS VARCHAR) AS f_traffic_utm_campaign,
    CAST("traffic.utm_term" AS VARCHAR) AS f_traffic_utm_term,
    CAST("traffic.referrer" AS VARCHAR) AS f_traffic_referrer,
    CAST("traffic.referrer_host" AS VARCHAR) AS f_traffic_referrer_host,
    CAST("traffic.landing_page" AS VARCHAR) AS f_traffic_landing_page,
    CAST("traffic.channel" AS VARCHAR) AS f_traffic_channel,
    CAST("device.type" AS VARCHAR) AS f_device_type,
    CAST("device.os" AS VARCHAR) AS f_device_os,
    CAST("device.browser" AS VARCHAR) AS f_device_browser,
    "customer.segments" AS f_customer_segments,
    CAST("customer.visitor_type" AS VARCHAR) AS f_customer_visitor_type,
    CAST("customer.orders" AS DOUBLE) AS f_customer_orders,
    CAST("customer.lifetime_value" AS DOUBLE) AS f_customer_lifetime_value,
    CAST("customer.days_since_last_order" AS DOUBLE) AS f_customer_days_since_last_order,
    CAST("cart.value" AS DOUBLE) AS f_cart_value,
    CAST("cart.items" AS DOUBLE) AS f_cart_items,
    "cart.categories" AS f_cart_categories,
    CAST("attributes.loyalty_tier" AS VARCHAR) AS c_0
  FROM sessions
),
step1 AS (
  SELECT *,
    COALESCE(f_traffic_referrer_host, CASE WHEN regexp_extract(regexp_replace(f_traffic_referrer, '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g'), '^(?:[A-Za-z][\+\-\.0-9A-Za-z]*\:\/\/)?(?:[^\#\/\?\\]*\@)?(\[[^\]]*\]|[^\#\/\:\?\\]*)', 1) = '' THEN NULL ELSE LOWER(regexp_extract(regexp_replace(f_traffic_referrer, '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g'), '^(?:[A-Za-z][\+\-\.0-9A-Za-z]*\:\/\/)?(?:[^\#\/\?\\]*\@)?(\[[^\]]*\]|[^\#\/\:\?\\]*)', 1)) END) AS d_referrer_host
  FROM src
),
step2 AS (
  SELECT *,
    LOWER(regexp_replace(COALESCE(f_traffic_utm_source, ''), '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g')) AS n_src,
    LOWER(regexp_replace(COALESCE(f_traffic_utm_medium, ''), '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g')) AS n_med,
    LOWER(regexp_replace(COALESCE(d_referrer_host, ''), '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g')) AS n_host,
    LOWER(regexp_replace(COALESCE(f_traffic_utm_campaign, ''), '^[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+|[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$', '', 'g')) AS n_camp
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
    regexp_extract(g_src, '([^\.]+)\.*$', 1) AS g_last,
    regexp_extract(g_src, '([^\.]+)\.+[^\.]+\.*$', 1) AS g_second,
    regexp_extract(g_src, '([^\.]+)\.+[^\.]+\.+[^\.]+\.*$', 1) AS g_third,
    regexp_extract(g_src, '^([^\.]*)', 1) AS g_first
  FROM step3
),
step5 AS (
  SELECT *,
    CASE WHEN g_last = '' THEN g_src WHEN g_second = '' THEN g_last WHEN g_third <> '' AND strlen(g_last) = 2 AND g_second IN ('co', 'com', 'org', 'net', 'ac', 'gov') THEN g_third ELSE g_second END AS g_label
  FROM step4
),
step6 AS (
  SELECT *,
    COALESCE(f_traffic_channel, CASE
      WHEN (g_src = '(direct)' AND g_med IN ('(none)', '(not set)')) THEN 'direct'
      WHEN contains(n_camp, 'cross-network') THEN 'cross_network'
      WHEN ((g_src <> '' AND (g_src IN ('amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'alibaba', 'shopify', 'target', 'bestbuy', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'shopping', 'shopzilla', 'pricegrabber', 'google shopping', 'igshopping') OR (g_label <> g_src AND g_label IN ('amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'alibaba', 'shopify', 'target', 'bestbuy', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'shopping', 'shopzilla', 'pricegrabber', 'google shopping', 'igshopping')))) OR contains(n_camp, 'shopping') OR regexp_matches(n_camp, '(^|[^a-df-z])shop')) AND (contains(g_med, 'cp') OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_shopping'
      WHEN ((g_src <> '' AND (g_src IN ('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'qwant', 'startpage', 'ask', 'aol', 'daum', 'sogou', 'so', 'coccoc', 'brave', 'msn') OR (g_label <> g_src AND g_label IN ('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'qwant', 'startpage', 'ask', 'aol', 'daum', 'sogou', 'so', 'coccoc', 'brave', 'msn')))) AND NOT (contains(g_src, '.') AND g_first IN ('mail', 'webmail', 'gemini', 'bard', 'docs', 'drive', 'calendar', 'meet', 'chat', 'accounts', 'myaccount', 'sites', 'groups', 'classroom', 'photos', 'play', 'ads', 'analytics', 'support', 'outlook', 'copilot'))) AND (contains(g_med, 'cp') OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_search'
      WHEN (g_src <> '' AND (g_src IN ('facebook', 'fb', 'instagram', 'ig', 'tiktok', 'pinterest', 'twitter', 'x', 't.co', 'linkedin', 'lnkd.in', 'reddit', 'snapchat', 'threads', 'messenger', 'whatsapp', 'telegram', 'discord', 'vk', 'weibo', 'quora', 'tumblr', 'line', 'bsky', 'mastodon', 'nextdoor', 'wechat', 'flickr') OR (g_label <> g_src AND g_label IN ('facebook', 'fb', 'instagram', 'ig', 'tiktok', 'pinterest', 'twitter', 'x', 't.co', 'linkedin', 'lnkd.in', 'reddit', 'snapchat', 'threads', 'messenger', 'whatsapp', 'telegram', 'discord', 'vk', 'weibo', 'quora', 'tumblr', 'line', 'bsky', 'mastodon', 'nextdoor', 'wechat', 'flickr')))) AND (contains(g_med, 'cp') OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_social'
      WHEN (g_src <> '' AND (g_src IN ('youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'netflix', 'disneyplus', 'hulu', 'wistia', 'bilibili', 'iqiyi', 'youku') OR (g_label <> g_src AND g_label IN ('youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'netflix', 'disneyplus', 'hulu', 'wistia', 'bilibili', 'iqiyi', 'youku')))) AND (contains(g_med, 'cp') OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_video'
      WHEN g_med IN ('display', 'banner', 'expandable', 'interstitial', 'cpm') THEN 'display'
      WHEN (contains(g_med, 'cp') OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid') THEN 'paid_other'
      WHEN ((g_src <> '' AND (g_src IN ('amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'alibaba', 'shopify', 'target', 'bestbuy', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'shopping', 'shopzilla', 'pricegrabber', 'google shopping', 'igshopping') OR (g_label <> g_src AND g_label IN ('amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'alibaba', 'shopify', 'target', 'bestbuy', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'shopping', 'shopzilla', 'pricegrabber', 'google shopping', 'igshopping')))) OR contains(n_camp, 'shopping') OR regexp_matches(n_camp, '(^|[^a-df-z])shop')) THEN 'organic_shopping'
      WHEN ((g_src <> '' AND (g_src IN ('facebook', 'fb', 'instagram', 'ig', 'tiktok', 'pinterest', 'twitter', 'x', 't.co', 'linkedin', 'lnkd.in', 'reddit', 'snapchat', 'threads', 'messenger', 'whatsapp', 'telegram', 'discord', 'vk', 'weibo', 'quora', 'tumblr', 'line', 'bsky', 'mastodon', 'nextdoor', 'wechat', 'flickr') OR (g_label <> g_src AND g_label IN ('facebook', 'fb', 'instagram', 'ig', 'tiktok', 'pinterest', 'twitter', 'x', 't.co', 'linkedin', 'lnkd.in', 'reddit', 'snapchat', 'threads', 'messenger', 'whatsapp', 'telegram', 'discord', 'vk', 'weibo', 'quora', 'tumblr', 'line', 'bsky', 'mastodon', 'nextdoor', 'wechat', 'flickr')))) OR g_med IN ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')) THEN 'organic_social'
      WHEN ((g_src <> '' AND (g_src IN ('youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'netflix', 'disneyplus', 'hulu', 'wistia', 'bilibili', 'iqiyi', 'youku') OR (g_label <> g_src AND g_label IN ('youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'netflix', 'disneyplus', 'hulu', 'wistia', 'bilibili', 'iqiyi', 'youku')))) OR contains(g_med, 'video')) THEN 'organic_video'
      WHEN (((g_src <> '' AND (g_src IN ('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'qwant', 'startpage', 'ask', 'aol', 'daum', 'sogou', 'so', 'coccoc', 'brave', 'msn') OR (g_label <> g_src AND g_label IN ('google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'seznam', 'qwant', 'startpage', 'ask', 'aol', 'daum', 'sogou', 'so', 'coccoc', 'brave', 'msn')))) AND NOT (contains(g_src, '.') AND g_first IN ('mail', 'webmail', 'gemini', 'bard', 'docs', 'drive', 'calendar', 'meet', 'chat', 'accounts', 'myaccount', 'sites', 'groups', 'classroom', 'photos', 'play', 'ads', 'analytics', 'support', 'outlook', 'copilot'))) OR g_med = 'organic') THEN 'organic_search'
      WHEN g_med IN ('referral', 'app', 'link') THEN 'referral'
      WHEN (g_src IN ('email', 'e-mail', 'e_mail', 'e mail') OR g_med IN ('email', 'e-mail', 'e_mail', 'e mail')) THEN 'email'
      WHEN g_med = 'affiliate' THEN 'affiliate'
      WHEN g_med = 'audio' THEN 'audio'
      WHEN (g_src = 'sms' OR g_med = 'sms') THEN 'sms'
      WHEN (RIGHT(g_med, 4) = 'push' OR contains(g_med, 'mobile') OR contains(g_med, 'notification') OR g_src = 'firebase') THEN 'mobile_push'
      ELSE 'other' END) AS d_channel
  FROM step5
),
step7 AS (
  SELECT *,
    instant + (CASE WHEN instant < 2203549200 THEN CASE WHEN instant < 1256432400 THEN CASE WHEN instant < 780454800 THEN CASE WHEN instant < 543978000 THEN CASE WHEN instant < 417574800 THEN CASE WHEN instant < 354675600 THEN CASE WHEN instant < 323830800 THEN 3600 ELSE CASE WHEN instant < 338950800 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 386125200 THEN CASE WHEN instant < 370400400 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 401850000 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 481078800 THEN CASE WHEN instant < 449024400 THEN CASE WHEN instant < 433299600 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 465354000 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 512528400 THEN CASE WHEN instant < 496803600 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 528253200 THEN 7200 ELSE 3600 END END END END ELSE CASE WHEN instant < 654656400 THEN CASE WHEN instant < 591152400 THEN CASE WHEN instant < 559702800 THEN 7200 ELSE CASE WHEN instant < 575427600 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 622602000 THEN CASE WHEN instant < 606877200 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 638326800 THEN 3600 ELSE 7200 END END END ELSE CASE WHEN instant < 717555600 THEN CASE WHEN instant < 686106000 THEN CASE WHEN instant < 670381200 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 701830800 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 749005200 THEN CASE WHEN instant < 733280400 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 764730000 THEN 3600 ELSE 7200 END END END END END ELSE CASE WHEN instant < 1017536400 THEN CASE WHEN instant < 891133200 THEN CASE WHEN instant < 828234000 THEN CASE WHEN instant < 796179600 THEN 3600 ELSE CASE WHEN instant < 811904400 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 859683600 THEN CASE WHEN instant < 846378000 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 877827600 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 954032400 THEN CASE WHEN instant < 922582800 THEN CASE WHEN instant < 909277200 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 941331600 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 985482000 THEN CASE WHEN instant < 972781200 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 1004230800 THEN 7200 ELSE 3600 END END END END ELSE CASE WHEN instant < 1130634000 THEN CASE WHEN instant < 1067130000 THEN CASE WHEN instant < 1035680400 THEN 7200 ELSE CASE WHEN instant < 1048986000 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 1099184400 THEN CASE WHEN instant < 1080435600 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 1111885200 THEN 3600 ELSE 7200 END END END ELSE CASE WHEN instant < 1193533200 THEN CASE WHEN instant < 1162083600 THEN CASE WHEN instant < 1143334800 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 1174784400 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 1224982800 THEN CASE WHEN instant < 1206838800 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 1238288400 THEN 3600 ELSE 7200 END END END END END END ELSE CASE WHEN instant < 1729990800 THEN CASE WHEN instant < 1490490000 THEN CASE WHEN instant < 1364691600 THEN CASE WHEN instant < 1301187600 THEN CASE WHEN instant < 1269738000 THEN 3600 ELSE CASE WHEN instant < 1288486800 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 1332637200 THEN CASE WHEN instant < 1319936400 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 1351386000 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 1427590800 THEN CASE WHEN instant < 1396141200 THEN CASE WHEN instant < 1382835600 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 1414285200 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 1459040400 THEN CASE WHEN instant < 1445734800 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 1477789200 THEN 7200 ELSE 3600 END END END END ELSE CASE WHEN instant < 1603587600 THEN CASE WHEN instant < 1540688400 THEN CASE WHEN instant < 1509238800 THEN 7200 ELSE CASE WHEN instant < 1521939600 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 1572138000 THEN CASE WHEN instant < 1553994000 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 1585443600 THEN 3600 ELSE 7200 END END END ELSE CASE WHEN instant < 1667091600 THEN CASE WHEN instant < 1635642000 THEN CASE WHEN instant < 1616893200 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 1648342800 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 1698541200 THEN CASE WHEN instant < 1679792400 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 1711846800 THEN 3600 ELSE 7200 END END END END END ELSE CASE WHEN instant < 1964048400 THEN CASE WHEN instant < 1837645200 THEN CASE WHEN instant < 1774746000 THEN CASE WHEN instant < 1743296400 THEN 3600 ELSE CASE WHEN instant < 1761440400 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 1806195600 THEN CASE WHEN instant < 1792890000 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 1824944400 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 1901149200 THEN CASE WHEN instant < 1869094800 THEN CASE WHEN instant < 1856394000 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 1887843600 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 1932598800 THEN CASE WHEN instant < 1919293200 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 1950742800 THEN 7200 ELSE 3600 END END END END ELSE CASE WHEN instant < 2077146000 THEN CASE WHEN instant < 2014246800 THEN CASE WHEN instant < 1982797200 THEN 7200 ELSE CASE WHEN instant < 1995498000 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 2045696400 THEN CASE WHEN instant < 2026947600 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 2058397200 THEN 3600 ELSE 7200 END END END ELSE CASE WHEN instant < 2140045200 THEN CASE WHEN instant < 2108595600 THEN CASE WHEN instant < 2090451600 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 2121901200 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 2172099600 THEN CASE WHEN instant < 2153350800 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 2184800400 THEN 3600 ELSE 7200 END END END END END END END ELSE CASE WHEN instant < 3150061200 THEN CASE WHEN instant < 2676502800 THEN CASE WHEN instant < 2437606800 THEN CASE WHEN instant < 2311203600 THEN CASE WHEN instant < 2248304400 THEN CASE WHEN instant < 2216250000 THEN 3600 ELSE CASE WHEN instant < 2234998800 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 2279754000 THEN CASE WHEN instant < 2266448400 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 2297898000 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 2374102800 THEN CASE WHEN instant < 2342653200 THEN CASE WHEN instant < 2329347600 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 2361402000 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 2405552400 THEN CASE WHEN instant < 2392851600 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 2424301200 THEN 7200 ELSE 3600 END END END END ELSE CASE WHEN instant < 2550704400 THEN CASE WHEN instant < 2487200400 THEN CASE WHEN instant < 2455750800 THEN 7200 ELSE CASE WHEN instant < 2469056400 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 2519254800 THEN CASE WHEN instant < 2500506000 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 2531955600 THEN 3600 ELSE 7200 END END END ELSE CASE WHEN instant < 2613603600 THEN CASE WHEN instant < 2582154000 THEN CASE WHEN instant < 2563405200 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 2595459600 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 2645053200 THEN CASE WHEN instant < 2626909200 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 2658358800 THEN 3600 ELSE 7200 END END END END END ELSE CASE WHEN instant < 2910560400 THEN CASE WHEN instant < 2784762000 THEN CASE WHEN instant < 2721258000 THEN CASE WHEN instant < 2689808400 THEN 3600 ELSE CASE WHEN instant < 2708557200 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 2752707600 THEN CASE WHEN instant < 2740006800 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 2771456400 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 2847661200 THEN CASE WHEN instant < 2816211600 THEN CASE WHEN instant < 2802906000 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 2834355600 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 2879110800 THEN CASE WHEN instant < 2866410000 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 2897859600 THEN 7200 ELSE 3600 END END END END ELSE CASE WHEN instant < 3023658000 THEN CASE WHEN instant < 2960758800 THEN CASE WHEN instant < 2929309200 THEN 7200 ELSE CASE WHEN instant < 2942010000 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 2992208400 THEN CASE WHEN instant < 2974064400 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 3005514000 THEN 3600 ELSE 7200 END END END ELSE CASE WHEN instant < 3087162000 THEN CASE WHEN instant < 3055712400 THEN CASE WHEN instant < 3036963600 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 3068413200 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 3118611600 THEN CASE WHEN instant < 3099862800 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 3131917200 THEN 3600 ELSE 7200 END END END END END END ELSE CASE WHEN instant < 3623619600 THEN CASE WHEN instant < 3384118800 THEN CASE WHEN instant < 3257715600 THEN CASE WHEN instant < 3194816400 THEN CASE WHEN instant < 3163366800 THEN 3600 ELSE CASE WHEN instant < 3181510800 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 3226266000 THEN CASE WHEN instant < 3212960400 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 3245014800 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 3321219600 THEN CASE WHEN instant < 3289165200 THEN CASE WHEN instant < 3276464400 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 3307914000 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 3352669200 THEN CASE WHEN instant < 3339363600 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 3370813200 THEN 7200 ELSE 3600 END END END END ELSE CASE WHEN instant < 3497216400 THEN CASE WHEN instant < 3434317200 THEN CASE WHEN instant < 3402867600 THEN 7200 ELSE CASE WHEN instant < 3415568400 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 3465766800 THEN CASE WHEN instant < 3447018000 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 3479072400 THEN 3600 ELSE 7200 END END END ELSE CASE WHEN instant < 3560115600 THEN CASE WHEN instant < 3528666000 THEN CASE WHEN instant < 3510522000 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 3541971600 THEN 3600 ELSE 7200 END END ELSE CASE WHEN instant < 3592170000 THEN CASE WHEN instant < 3573421200 THEN 3600 ELSE 7200 END ELSE CASE WHEN instant < 3604870800 THEN 3600 ELSE 7200 END END END END END ELSE CASE WHEN instant < 3857677200 THEN CASE WHEN instant < 3731274000 THEN CASE WHEN instant < 3668374800 THEN CASE WHEN instant < 3636320400 THEN 3600 ELSE CASE WHEN instant < 3655069200 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 3699824400 THEN CASE WHEN instant < 3686518800 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 3717968400 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 3794173200 THEN CASE WHEN instant < 3762723600 THEN CASE WHEN instant < 3750022800 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 3781472400 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 3825622800 THEN CASE WHEN instant < 3812922000 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 3844371600 THEN 7200 ELSE 3600 END END END END ELSE CASE WHEN instant < 3983475600 THEN CASE WHEN instant < 3920576400 THEN CASE WHEN instant < 3889126800 THEN CASE WHEN instant < 3875821200 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 3907270800 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 3952026000 THEN CASE WHEN instant < 3939325200 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 3970774800 THEN 7200 ELSE 3600 END END END ELSE CASE WHEN instant < 4046979600 THEN CASE WHEN instant < 4015530000 THEN CASE WHEN instant < 4002224400 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 4033674000 THEN 7200 ELSE 3600 END END ELSE CASE WHEN instant < 4078429200 THEN CASE WHEN instant < 4065123600 THEN 7200 ELSE 3600 END ELSE CASE WHEN instant < 4096573200 THEN 7200 ELSE 3600 END END END END END END END END) AS local_seconds
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
    CAST(local_hour AS DOUBLE) AS d_time_hour
  FROM step8
),
step10 AS (
  SELECT *,
    (COALESCE(list_contains(f_customer_segments, 'vip'), FALSE) OR (COALESCE((f_customer_orders >= 3), FALSE) AND COALESCE((f_customer_lifetime_value >= 500), FALSE))) AS s_0,
    (COALESCE(list_contains(f_customer_segments, 'newsletter'), FALSE) OR FALSE) AS s_1,
    (COALESCE(list_contains(f_customer_segments, 'loyalty'), FALSE) OR FALSE) AS s_2,
    (COALESCE(list_contains(f_customer_segments, 'mobile-search'), FALSE) OR (COALESCE(f_device_type = 'mobile', FALSE) AND COALESCE(d_channel IN ('organic_search', 'paid_search'), FALSE))) AS s_3
  FROM step9
),
step11 AS (
  SELECT *,
    COALESCE(regexp_matches(f_geo_city, '^(Oslo|Stockholm|K[o\x{F8}]benhavn|Copenhagen|Helsinki)$'), FALSE) AS m_0,
    (COALESCE(f_geo_country = 'JP', FALSE) AND COALESCE((d_time_hour >= 17 AND d_time_hour <= 23), FALSE)) AS m_1,
    COALESCE(instant IS NOT NULL AND instant >= 1792015200 AND instant < 1799535600 AND local_weekday IN (5, 6) AND local_hour IN (0, 1, 2, 3, 4, 5, 22, 23), FALSE) AND TRUE AS m_2,
    COALESCE(s_3, FALSE) AS m_3,
    (COALESCE(regexp_matches(f_traffic_utm_medium, '^[Cc][Pp][Cc]$'), FALSE) AND COALESCE(f_traffic_utm_term IS NULL, FALSE)) AS m_4,
    NOT COALESCE(contains(f_traffic_utm_term, 'coat'), FALSE) AS m_5,
    COALESCE(regexp_matches(f_traffic_landing_page, '\/[Cc][Oo][Ll][Ll][Ee][Cc][Tt][Ii][Oo][Nn][Ss\x{17F}]\/([Ss\x{17F}][Aa][Ll][Ee]|[Oo][Uu][Tt][Ll][Ee][Tt])(\/|$)'), FALSE) AS m_6,
    (COALESCE(regexp_matches(f_traffic_landing_page, '^\/[Cc][Oo][Ll][Ll][Ee][Cc][Tt][Ii][Oo][Nn][Ss\x{17F}]\/[Ww][Ii][Nn]'), FALSE) OR COALESCE(RIGHT(f_traffic_landing_page, 6) = 'winter', FALSE)) AS m_7,
    COALESCE(regexp_matches(f_traffic_utm_campaign, '[0-9\x{660}-\x{669}\x{6F0}-\x{6F9}\x{7C0}-\x{7C9}\x{966}-\x{96F}\x{9E6}-\x{9EF}\x{A66}-\x{A6F}\x{AE6}-\x{AEF}\x{B66}-\x{B6F}\x{BE6}-\x{BEF}\x{C66}-\x{C6F}\x{CE6}-\x{CEF}\x{D66}-\x{D6F}\x{DE6}-\x{DEF}\x{E50}-\x{E59}\x{ED0}-\x{ED9}\x{F20}-\x{F29}\x{1040}-\x{1049}\x{1090}-\x{1099}\x{17E0}-\x{17E9}\x{1810}-\x{1819}\x{1946}-\x{194F}\x{19D0}-\x{19D9}\x{1A80}-\x{1A89}\x{1A90}-\x{1A99}\x{1B50}-\x{1B59}\x{1BB0}-\x{1BB9}\x{1C40}-\x{1C49}\x{1C50}-\x{1C59}\x{A620}-\x{A629}\x{A8D0}-\x{A8D9}\x{A900}-\x{A909}\x{A9D0}-\x{A9D9}\x{A9F0}-\x{A9F9}\x{AA50}-\x{AA59}\x{ABF0}-\x{ABF9}\x{FF10}-\x{FF19}\x{104A0}-\x{104A9}\x{10D30}-\x{10D39}\x{10D40}-\x{10D49}\x{11066}-\x{1106F}\x{110F0}-\x{110F9}\x{11136}-\x{1113F}\x{111D0}-\x{111D9}\x{112F0}-\x{112F9}\x{11450}-\x{11459}\x{114D0}-\x{114D9}\x{11650}-\x{11659}\x{116C0}-\x{116C9}\x{116D0}-\x{116E3}\x{11730}-\x{11739}\x{118E0}-\x{118E9}\x{11950}-\x{11959}\x{11BF0}-\x{11BF9}\x{11C50}-\x{11C59}\x{11D50}-\x{11D59}\x{11DA0}-\x{11DA9}\x{11F50}-\x{11F59}\x{16130}-\x{16139}\x{16A60}-\x{16A69}\x{16AC0}-\x{16AC9}\x{16B50}-\x{16B59}\x{16D70}-\x{16D79}\x{1CCF0}-\x{1CCF9}\x{1D7CE}-\x{1D7FF}\x{1E140}-\x{1E149}\x{1E2F0}-\x{1E2F9}\x{1E4F0}-\x{1E4F9}\x{1E5F1}-\x{1E5FA}\x{1E950}-\x{1E959}\x{1FBF0}-\x{1FBF9}]{2,}|q[1-4]'), FALSE) AS m_8,
    COALESCE(f_geo_country <> 'US', FALSE) AS m_9,
    COALESCE(f_geo_region IN ('US-CA', 'US-NY', 'CA-ON', 'JP-13'), FALSE) AS m_10,
    COALESCE((s_0 OR s_1), FALSE) AS m_11,
    COALESCE((s_0 AND s_2), FALSE) AS m_12,
    (COALESCE((list_contains(f_cart_categories, 'boots') OR list_contains(f_cart_categories, 'knitwear')), FALSE) AND COALESCE(NOT (list_contains(f_cart_categories, 'sale')), FALSE)) AS m_13,
    (COALESCE((f_cart_value > 150), FALSE) OR COALESCE((f_cart_items >= 4), FALSE)) AS m_14,
    COALESCE((f_cart_value > 200), FALSE) AS m_15,
    (COALESCE(f_customer_days_since_last_order IS NOT NULL, FALSE) AND COALESCE((f_customer_days_since_last_order > 30.5), FALSE)) AS m_16,
    COALESCE(d_channel IN ('organic_social', 'paid_social', 'referral'), FALSE) AS m_17,
    COALESCE(RIGHT(d_referrer_host, 10) = 'google.com', FALSE) AS m_18,
    (COALESCE(regexp_matches(f_device_browser, '^(?:[Ss\x{17F}][Aa][Ff][Aa][Rr][Ii]|[Mm][Oo][Bb][Ii][Ll][Ee] [Ss\x{17F}][Aa][Ff][Aa][Rr][Ii]|[Ff][Ii][Rr][Ee][Ff][Oo][Xx])$'), FALSE) OR COALESCE(LEFT(f_device_os, 3) = 'iOS', FALSE)) AS m_19,
    COALESCE(NOT (regexp_matches(c_0, '^[Bb][Rr][Oo][Nn][Zz][Ee]$')), FALSE) AS m_20,
    (COALESCE(d_time_weekday IN ('mon', 'tue', 'wed'), FALSE) AND COALESCE((d_time_hour < 12), FALSE)) AS m_21,
    COALESCE(NOT (regexp_matches(f_geo_city, '^[Tt][Oo][Kk\x{212A}][Yy][Oo]$')), FALSE) AS m_22,
    NOT (COALESCE(f_customer_visitor_type = 'new', FALSE) OR COALESCE(f_geo_country IS NULL, FALSE)) AS m_23,
    TRUE AS m_24
  FROM step10
),
step12 AS (
  SELECT *,
    CASE WHEN m_0 THEN (CAST(rulestudio_murmur3('nordic-regex:' || bucket_key) AS BIGINT)) % (10000) >= 3000 ELSE FALSE END AS e_0,
    m_1 AS e_1,
    m_2 AS e_2,
    CASE WHEN m_3 THEN (CAST(rulestudio_murmur3('search-mobile:' || bucket_key) AS BIGINT)) % (10000) >= 5000 ELSE FALSE END AS e_3,
    m_4 AS e_4,
    m_5 AS e_5,
    m_6 AS e_6,
    m_7 AS e_7,
    m_8 AS e_8,
    m_9 AS e_9,
    m_10 AS e_10,
    CASE WHEN m_11 THEN (CAST(rulestudio_murmur3('vip-offer:' || bucket_key) AS BIGINT)) % (10000) >= 2000 ELSE FALSE END AS e_11,
    m_12 AS e_12,
    m_13 AS e_13,
    m_14 AS e_14,
    m_15 AS e_15,
    m_16 AS e_16,
    m_17 AS e_17,
    m_18 AS e_18,
    m_19 AS e_19,
    m_20 AS e_20,
    m_21 AS e_21,
    m_22 AS e_22,
    m_23 AS e_23,
    FALSE AS e_24
  FROM step11
),
step13 AS (
  SELECT *,
    CASE WHEN e_0 THEN 'nordic-regex' WHEN e_1 THEN 'japan-evening' WHEN e_2 THEN 'weekend-night' WHEN e_3 THEN 'search-mobile' WHEN e_4 THEN 'no-term' WHEN e_5 THEN 'not-termed' END AS w_0,
    CASE WHEN e_6 THEN 'sale-pages' WHEN e_7 THEN 'winter-pages' WHEN e_8 THEN 'digits' WHEN e_9 THEN 'not-us' WHEN e_10 THEN 'regions' END AS w_1,
    CASE WHEN e_24 THEN 'held-all' WHEN e_3 THEN 'search-mobile' WHEN e_17 THEN 'channels' WHEN e_18 THEN 'hosts' WHEN e_19 THEN 'browsers' WHEN e_20 THEN 'tier' END AS w_2,
    CASE WHEN e_11 THEN 'vip-offer' WHEN e_12 THEN 'all-segments' WHEN e_13 THEN 'cart-lists' WHEN e_14 THEN 'big-cart' WHEN e_15 THEN 'big-cart-tie' WHEN e_16 THEN 'lapsing' END AS w_3,
    CASE WHEN e_21 THEN 'weekdays' WHEN e_22 THEN 'city-text' WHEN e_23 THEN 'returning-new' END AS w_4
  FROM step12
),
step14 AS MATERIALIZED (
  SELECT *,
    CASE w_0 WHEN 'no-term' THEN CASE WHEN e_5 THEN 'not-termed' END END AS t_0,
    CASE w_1 WHEN 'sale-pages' THEN CASE WHEN e_7 THEN 'winter-pages' END WHEN 'not-us' THEN CASE WHEN e_10 THEN 'regions' END END AS t_1,
    CAST(NULL AS VARCHAR) AS t_2,
    CASE w_3 WHEN 'big-cart' THEN CASE WHEN e_15 THEN 'big-cart-tie' END END AS t_3,
    CASE w_4 WHEN 'weekdays' THEN CASE WHEN e_22 THEN 'city-text' END END AS t_4
  FROM step13
),
totals AS (
  SELECT COUNT(*) AS k_0,
    COALESCE(SUM(CASE WHEN w_0 IS NULL AND w_1 IS NULL AND w_2 IS NULL AND w_3 IS NULL AND w_4 IS NULL THEN 1 ELSE 0 END), 0) AS k_1,
    COALESCE(SUM(CASE WHEN m_0 THEN 1 ELSE 0 END), 0) AS k_2,
    COALESCE(SUM(CASE WHEN m_0 AND NOT e_0 THEN 1 ELSE 0 END), 0) AS k_3,
    COALESCE(SUM(CASE WHEN w_0 = 'nordic-regex' THEN 1 ELSE 0 END), 0) AS k_4,
    COALESCE(SUM(CASE WHEN m_1 THEN 1 ELSE 0 END), 0) AS k_5,
    COALESCE(SUM(CASE WHEN m_1 AND NOT e_1 THEN 1 ELSE 0 END), 0) AS k_6,
    COALESCE(SUM(CASE WHEN w_0 = 'japan-evening' THEN 1 ELSE 0 END), 0) AS k_7,
    COALESCE(SUM(CASE WHEN m_2 THEN 1 ELSE 0 END), 0) AS k_8,
    COALESCE(SUM(CASE WHEN m_2 AND NOT e_2 THEN 1 ELSE 0 END), 0) AS k_9,
    COALESCE(SUM(CASE WHEN w_0 = 'weekend-night' THEN 1 ELSE 0 END), 0) AS k_10,
    COALESCE(SUM(CASE WHEN m_3 THEN 1 ELSE 0 END), 0) AS k_11,
    COALESCE(SUM(CASE WHEN m_3 AND NOT e_3 THEN 1 ELSE 0 END), 0) AS k_12,
    COALESCE(SUM(CASE WHEN w_0 = 'search-mobile' OR w_2 = 'search-mobile' THEN 1 ELSE 0 END), 0) AS k_13,
    COALESCE(SUM(CASE WHEN m_4 THEN 1 ELSE 0 END), 0) AS k_14,
    COALESCE(SUM(CASE WHEN m_4 AND NOT e_4 THEN 1 ELSE 0 END), 0) AS k_15,
    COALESCE(SUM(CASE WHEN w_0 = 'no-term' THEN 1 ELSE 0 END), 0) AS k_16,
    COALESCE(SUM(CASE WHEN m_5 THEN 1 ELSE 0 END), 0) AS k_17,
    COALESCE(SUM(CASE WHEN m_5 AND NOT e_5 THEN 1 ELSE 0 END), 0) AS k_18,
    COALESCE(SUM(CASE WHEN w_0 = 'not-termed' THEN 1 ELSE 0 END), 0) AS k_19,
    COALESCE(SUM(CASE WHEN m_6 THEN 1 ELSE 0 END), 0) AS k_20,
    COALESCE(SUM(CASE WHEN m_6 AND NOT e_6 THEN 1 ELSE 0 END), 0) AS k_21,
    COALESCE(SUM(CASE WHEN w_1 = 'sale-pages' THEN 1 ELSE 0 END), 0) AS k_22,
    COALESCE(SUM(CASE WHEN m_7 THEN 1 ELSE 0 END), 0) AS k_23,
    COALESCE(SUM(CASE WHEN m_7 AND NOT e_7 THEN 1 ELSE 0 END), 0) AS k_24,
    COALESCE(SUM(CASE WHEN w_1 = 'winter-pages' THEN 1 ELSE 0 END), 0) AS k_25,
    COALESCE(SUM(CASE WHEN m_8 THEN 1 ELSE 0 END), 0) AS k_26,
    COALESCE(SUM(CASE WHEN m_8 AND NOT e_8 THEN 1 ELSE 0 END), 0) AS k_27,
    COALESCE(SUM(CASE WHEN w_1 = 'digits' THEN 1 ELSE 0 END), 0) AS k_28,
    COALESCE(SUM(CASE WHEN m_9 THEN 1 ELSE 0 END), 0) AS k_29,
    COALESCE(SUM(CASE WHEN m_9 AND NOT e_9 THEN 1 ELSE 0 END), 0) AS k_30,
    COALESCE(SUM(CASE WHEN w_1 = 'not-us' THEN 1 ELSE 0 END), 0) AS k_31,
    COALESCE(SUM(CASE WHEN m_10 THEN 1 ELSE 0 END), 0) AS k_32,
    COALESCE(SUM(CASE WHEN m_10 AND NOT e_10 THEN 1 ELSE 0 END), 0) AS k_33,
    COALESCE(SUM(CASE WHEN w_1 = 'regions' THEN 1 ELSE 0 END), 0) AS k_34,
    COALESCE(SUM(CASE WHEN m_11 THEN 1 ELSE 0 END), 0) AS k_35,
    COALESCE(SUM(CASE WHEN m_11 AND NOT e_11 THEN 1 ELSE 0 END), 0) AS k_36,
    COALESCE(SUM(CASE WHEN w_3 = 'vip-offer' THEN 1 ELSE 0 END), 0) AS k_37,
    COALESCE(SUM(CASE WHEN m_12 THEN 1 ELSE 0 END), 0) AS k_38,
    COALESCE(SUM(CASE WHEN m_12 AND NOT e_12 THEN 1 ELSE 0 END), 0) AS k_39,
    COALESCE(SUM(CASE WHEN w_3 = 'all-segments' THEN 1 ELSE 0 END), 0) AS k_40,
    COALESCE(SUM(CASE WHEN m_13 THEN 1 ELSE 0 END), 0) AS k_41,
    COALESCE(SUM(CASE WHEN m_13 AND NOT e_13 THEN 1 ELSE 0 END), 0) AS k_42,
    COALESCE(SUM(CASE WHEN w_3 = 'cart-lists' THEN 1 ELSE 0 END), 0) AS k_43,
    COALESCE(SUM(CASE WHEN m_14 THEN 1 ELSE 0 END), 0) AS k_44,
    COALESCE(SUM(CASE WHEN m_14 AND NOT e_14 THEN 1 ELSE 0 END), 0) AS k_45,
    COALESCE(SUM(CASE WHEN w_3 = 'big-cart' THEN 1 ELSE 0 END), 0) AS k_46,
    COALESCE(SUM(CASE WHEN m_15 THEN 1 ELSE 0 END), 0) AS k_47,
    COALESCE(SUM(CASE WHEN m_15 AND NOT e_15 THEN 1 ELSE 0 END), 0) AS k_48,
    COALESCE(SUM(CASE WHEN w_3 = 'big-cart-tie' THEN 1 ELSE 0 END), 0) AS k_49,
    COALESCE(SUM(CASE WHEN m_16 THEN 1 ELSE 0 END), 0) AS k_50,
    COALESCE(SUM(CASE WHEN m_16 AND NOT e_16 THEN 1 ELSE 0 END), 0) AS k_51,
    COALESCE(SUM(CASE WHEN w_3 = 'lapsing' THEN 1 ELSE 0 END), 0) AS k_52,
    COALESCE(SUM(CASE WHEN m_17 THEN 1 ELSE 0 END), 0) AS k_53,
    COALESCE(SUM(CASE WHEN m_17 AND NOT e_17 THEN 1 ELSE 0 END), 0) AS k_54,
    COALESCE(SUM(CASE WHEN w_2 = 'channels' THEN 1 ELSE 0 END), 0) AS k_55,
    COALESCE(SUM(CASE WHEN m_18 THEN 1 ELSE 0 END), 0) AS k_56,
    COALESCE(SUM(CASE WHEN m_18 AND NOT e_18 THEN 1 ELSE 0 END), 0) AS k_57,
    COALESCE(SUM(CASE WHEN w_2 = 'hosts' THEN 1 ELSE 0 END), 0) AS k_58,
    COALESCE(SUM(CASE WHEN m_19 THEN 1 ELSE 0 END), 0) AS k_59,
    COALESCE(SUM(CASE WHEN m_19 AND NOT e_19 THEN 1 ELSE 0 END), 0) AS k_60,
    COALESCE(SUM(CASE WHEN w_2 = 'browsers' THEN 1 ELSE 0 END), 0) AS k_61,
    COALESCE(SUM(CASE WHEN m_20 THEN 1 ELSE 0 END), 0) AS k_62,
    COALESCE(SUM(CASE WHEN m_20 AND NOT e_20 THEN 1 ELSE 0 END), 0) AS k_63,
    COALESCE(SUM(CASE WHEN w_2 = 'tier' THEN 1 ELSE 0 END), 0) AS k_64,
    COALESCE(SUM(CASE WHEN m_21 THEN 1 ELSE 0 END), 0) AS k_65,
    COALESCE(SUM(CASE WHEN m_21 AND NOT e_21 THEN 1 ELSE 0 END), 0) AS k_66,
    COALESCE(SUM(CASE WHEN w_4 = 'weekdays' THEN 1 ELSE 0 END), 0) AS k_67,
    COALESCE(SUM(CASE WHEN m_22 THEN 1 ELSE 0 END), 0) AS k_68,
    COALESCE(SUM(CASE WHEN m_22 AND NOT e_22 THEN 1 ELSE 0 END), 0) AS k_69,
    COALESCE(SUM(CASE WHEN w_4 = 'city-text' THEN 1 ELSE 0 END), 0) AS k_70,
    COALESCE(SUM(CASE WHEN m_23 THEN 1 ELSE 0 END), 0) AS k_71,
    COALESCE(SUM(CASE WHEN m_23 AND NOT e_23 THEN 1 ELSE 0 END), 0) AS k_72,
    COALESCE(SUM(CASE WHEN w_4 = 'returning-new' THEN 1 ELSE 0 END), 0) AS k_73,
    COALESCE(SUM(CASE WHEN m_24 THEN 1 ELSE 0 END), 0) AS k_74,
    COALESCE(SUM(CASE WHEN m_24 AND NOT e_24 THEN 1 ELSE 0 END), 0) AS k_75,
    COALESCE(SUM(CASE WHEN w_2 = 'held-all' THEN 1 ELSE 0 END), 0) AS k_76
  FROM step14
),
slot_0 AS (
  SELECT w_0 AS w, t_0 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_0 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_1 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_2 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_3 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_4 THEN 1 ELSE 0 END), 0) AS l_5, COALESCE(SUM(CASE WHEN e_5 THEN 1 ELSE 0 END), 0) AS l_6
  FROM step14
  GROUP BY w_0, t_0
),
slot_1 AS (
  SELECT w_1 AS w, t_1 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_6 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_7 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_8 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_9 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_10 THEN 1 ELSE 0 END), 0) AS l_5
  FROM step14
  GROUP BY w_1, t_1
),
slot_2 AS (
  SELECT w_2 AS w, t_2 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_24 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_3 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_17 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_18 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_19 THEN 1 ELSE 0 END), 0) AS l_5, COALESCE(SUM(CASE WHEN e_20 THEN 1 ELSE 0 END), 0) AS l_6
  FROM step14
  GROUP BY w_2, t_2
),
slot_3 AS (
  SELECT w_3 AS w, t_3 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_11 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_12 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_13 THEN 1 ELSE 0 END), 0) AS l_3, COALESCE(SUM(CASE WHEN e_14 THEN 1 ELSE 0 END), 0) AS l_4, COALESCE(SUM(CASE WHEN e_15 THEN 1 ELSE 0 END), 0) AS l_5, COALESCE(SUM(CASE WHEN e_16 THEN 1 ELSE 0 END), 0) AS l_6
  FROM step14
  GROUP BY w_3, t_3
),
slot_4 AS (
  SELECT w_4 AS w, t_4 AS t, COUNT(*) AS l_0, COALESCE(SUM(CASE WHEN e_21 THEN 1 ELSE 0 END), 0) AS l_1, COALESCE(SUM(CASE WHEN e_22 THEN 1 ELSE 0 END), 0) AS l_2, COALESCE(SUM(CASE WHEN e_23 THEN 1 ELSE 0 END), 0) AS l_3
  FROM step14
  GROUP BY w_4, t_4
)
SELECT section, subject, winner, other, sessions FROM (
  SELECT k.section AS section, k.subject AS subject, '' AS winner, '' AS other, CASE k.i WHEN 0 THEN k_0 WHEN 1 THEN k_1 WHEN 2 THEN k_2 WHEN 3 THEN k_3 WHEN 4 THEN k_4 WHEN 5 THEN k_5 WHEN 6 THEN k_6 WHEN 7 THEN k_7 WHEN 8 THEN k_8 WHEN 9 THEN k_9 WHEN 10 THEN k_10 WHEN 11 THEN k_11 WHEN 12 THEN k_12 WHEN 13 THEN k_13 WHEN 14 THEN k_14 WHEN 15 THEN k_15 WHEN 16 THEN k_16 WHEN 17 THEN k_17 WHEN 18 THEN k_18 WHEN 19 THEN k_19 WHEN 20 THEN k_20 WHEN 21 THEN k_21 WHEN 22 THEN k_22 WHEN 23 THEN k_23 WHEN 24 THEN k_24 WHEN 25 THEN k_25 WHEN 26 THEN k_26 WHEN 27 THEN k_27 WHEN 28 THEN k_28 WHEN 29 THEN k_29 WHEN 30 THEN k_30 WHEN 31 THEN k_31 WHEN 32 THEN k_32 WHEN 33 THEN k_33 WHEN 34 THEN k_34 WHEN 35 THEN k_35 WHEN 36 THEN k_36 WHEN 37 THEN k_37 WHEN 38 THEN k_38 WHEN 39 THEN k_39 WHEN 40 THEN k_40 WHEN 41 THEN k_41 WHEN 42 THEN k_42 WHEN 43 THEN k_43 WHEN 44 THEN k_44 WHEN 45 THEN k_45 WHEN 46 THEN k_46 WHEN 47 THEN k_47 WHEN 48 THEN k_48 WHEN 49 THEN k_49 WHEN 50 THEN k_50 WHEN 51 THEN k_51 WHEN 52 THEN k_52 WHEN 53 THEN k_53 WHEN 54 THEN k_54 WHEN 55 THEN k_55 WHEN 56 THEN k_56 WHEN 57 THEN k_57 WHEN 58 THEN k_58 WHEN 59 THEN k_59 WHEN 60 THEN k_60 WHEN 61 THEN k_61 WHEN 62 THEN k_62 WHEN 63 THEN k_63 WHEN 64 THEN k_64 WHEN 65 THEN k_65 WHEN 66 THEN k_66 WHEN 67 THEN k_67 WHEN 68 THEN k_68 WHEN 69 THEN k_69 WHEN 70 THEN k_70 WHEN 71 THEN k_71 WHEN 72 THEN k_72 WHEN 73 THEN k_73 WHEN 74 THEN k_74 WHEN 75 THEN k_75 WHEN 76 THEN k_76 END AS sessions
  FROM totals CROSS JOIN (VALUES (0, 'sessions', ''),
      (1, 'unpersonalised', ''),
      (2, 'matched', 'nordic-regex'),
      (3, 'held_out', 'nordic-regex'),
      (4, 'applied', 'nordic-regex'),
      (5, 'matched', 'japan-evening'),
      (6, 'held_out', 'japan-evening'),
      (7, 'applied', 'japan-evening'),
      (8, 'matched', 'weekend-night'),
      (9, 'held_out', 'weekend-night'),
      (10, 'applied', 'weekend-night'),
      (11, 'matched', 'search-mobile'),
      (12, 'held_out', 'search-mobile'),
      (13, 'applied', 'search-mobile'),
      (14, 'matched', 'no-term'),
      (15, 'held_out', 'no-term'),
      (16, 'applied', 'no-term'),
      (17, 'matched', 'not-termed'),
      (18, 'held_out', 'not-termed'),
      (19, 'applied', 'not-termed'),
      (20, 'matched', 'sale-pages'),
      (21, 'held_out', 'sale-pages'),
      (22, 'applied', 'sale-pages'),
      (23, 'matched', 'winter-pages'),
      (24, 'held_out', 'winter-pages'),
      (25, 'applied', 'winter-pages'),
      (26, 'matched', 'digits'),
      (27, 'held_out', 'digits'),
      (28, 'applied', 'digits'),
      (29, 'matched', 'not-us'),
      (30, 'held_out', 'not-us'),
      (31, 'applied', 'not-us'),
      (32, 'matched', 'regions'),
      (33, 'held_out', 'regions'),
      (34, 'applied', 'regions'),
      (35, 'matched', 'vip-offer'),
      (36, 'held_out', 'vip-offer'),
      (37, 'applied', 'vip-offer'),
      (38, 'matched', 'all-segments'),
      (39, 'held_out', 'all-segments'),
      (40, 'applied', 'all-segments'),
      (41, 'matched', 'cart-lists'),
      (42, 'held_out', 'cart-lists'),
      (43, 'applied', 'cart-lists'),
      (44, 'matched', 'big-cart'),
      (45, 'held_out', 'big-cart'),
      (46, 'applied', 'big-cart'),
      (47, 'matched', 'big-cart-tie'),
      (48, 'held_out', 'big-cart-tie'),
      (49, 'applied', 'big-cart-tie'),
      (50, 'matched', 'lapsing'),
      (51, 'held_out', 'lapsing'),
      (52, 'applied', 'lapsing'),
      (53, 'matched', 'channels'),
      (54, 'held_out', 'channels'),
      (55, 'applied', 'channels'),
      (56, 'matched', 'hosts'),
      (57, 'held_out', 'hosts'),
      (58, 'applied', 'hosts'),
      (59, 'matched', 'browsers'),
      (60, 'held_out', 'browsers'),
      (61, 'applied', 'browsers'),
      (62, 'matched', 'tier'),
      (63, 'held_out', 'tier'),
      (64, 'applied', 'tier'),
      (65, 'matched', 'weekdays'),
      (66, 'held_out', 'weekdays'),
      (67, 'applied', 'weekdays'),
      (68, 'matched', 'city-text'),
      (69, 'held_out', 'city-text'),
      (70, 'applied', 'city-text'),
      (71, 'matched', 'returning-new'),
      (72, 'held_out', 'returning-new'),
      (73, 'applied', 'returning-new'),
      (74, 'matched', 'held-all'),
      (75, 'held_out', 'held-all'),
      (76, 'applied', 'held-all')) AS k(i, section, subject)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'home.hero' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'home.hero' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 WHEN 6 THEN g.l_6 END
  FROM slot_0 g CROSS JOIN (VALUES (0, ''),
      (1, 'nordic-regex'),
      (2, 'japan-evening'),
      (3, 'weekend-night'),
      (4, 'search-mobile'),
      (5, 'no-term'),
      (6, 'not-termed')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'plp.sort' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'plp.sort' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 END
  FROM slot_1 g CROSS JOIN (VALUES (0, ''),
      (1, 'sale-pages'),
      (2, 'winter-pages'),
      (3, 'digits'),
      (4, 'not-us'),
      (5, 'regions')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'promo' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'promo' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 WHEN 6 THEN g.l_6 END
  FROM slot_2 g CROSS JOIN (VALUES (0, ''),
      (1, 'held-all'),
      (2, 'search-mobile'),
      (3, 'channels'),
      (4, 'hosts'),
      (5, 'browsers'),
      (6, 'tier')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN 'offer' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE 'offer' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 WHEN 4 THEN g.l_4 WHEN 5 THEN g.l_5 WHEN 6 THEN g.l_6 END
  FROM slot_3 g CROSS JOIN (VALUES (0, ''),
      (1, 'vip-offer'),
      (2, 'all-segments'),
      (3, 'cart-lists'),
      (4, 'big-cart'),
      (5, 'big-cart-tie'),
      (6, 'lapsing')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
  UNION ALL
  SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN '9.odd-slot' ELSE k.rule END, COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE '9.odd-slot' END, CASE k.i WHEN 0 THEN g.l_0 WHEN 1 THEN g.l_1 WHEN 2 THEN g.l_2 WHEN 3 THEN g.l_3 END
  FROM slot_4 g CROSS JOIN (VALUES (0, ''),
      (1, 'weekdays'),
      (2, 'city-text'),
      (3, 'returning-new')) AS k(i, rule)
  WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)
) AS counts
WHERE sessions > 0 OR section = 'sessions'
ORDER BY section, subject, winner, other;
