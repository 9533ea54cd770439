//! Markets: the countries the store sells to, their regions, time zones
//! and cities, weighted by their share of visits.

use fastrand::Rng;

use super::super::weighted_by;

/// A place visitors come from: an ISO 3166-2 region (empty when the country's
/// visitors are not located more precisely), its time zone and its cities.
pub(super) struct Place {
    pub(super) region: &'static str,
    pub(super) tz: &'static str,
    pub(super) weight: u32,
    pub(super) cities: &'static [&'static str],
}

/// A country the store sells to, weighted by its share of visits.
pub(super) struct Market {
    pub(super) country: &'static str,
    pub(super) weight: u32,
    pub(super) places: &'static [Place],
}

pub(super) const fn p(region: &'static str, tz: &'static str, weight: u32, cities: &'static [&'static str]) -> Place {
    Place { region, tz, weight, cities }
}

pub(super) const fn m(country: &'static str, weight: u32, places: &'static [Place]) -> Market {
    Market { country, weight, places }
}

/// Markets, weighted per 1,000 visits: the store's core markets first, then
/// a long tail.
pub(super) const MARKETS: &[Market] = &[
    m(
        "CA",
        170,
        &[
            p("CA-ON", "America/Toronto", 40, &["Toronto", "Ottawa", "Mississauga", "Hamilton", "Kingston", "London"]),
            p("CA-QC", "America/Toronto", 20, &["Montréal", "Québec", "Laval", "Gatineau"]),
            p("CA-BC", "America/Vancouver", 16, &["Vancouver", "Victoria", "Burnaby", "Surrey", "Kelowna"]),
            p("CA-AB", "America/Edmonton", 12, &["Calgary", "Edmonton"]),
            p("CA-MB", "America/Winnipeg", 4, &["Winnipeg"]),
            p("CA-SK", "America/Regina", 3, &["Saskatoon", "Regina"]),
            p("CA-NS", "America/Halifax", 3, &["Halifax"]),
            p("CA-NB", "America/Moncton", 1, &["Moncton", "Fredericton"]),
            p("CA-NL", "America/St_Johns", 1, &["St. John's"]),
            p("CA-YT", "America/Whitehorse", 1, &["Whitehorse"]),
        ],
    ),
    m(
        "US",
        150,
        &[
            p("US-NY", "America/New_York", 14, &["New York", "Brooklyn", "Buffalo"]),
            p("US-CA", "America/Los_Angeles", 14, &["Los Angeles", "San Francisco", "San Diego", "San Jose"]),
            p("US-TX", "America/Chicago", 8, &["Austin", "Houston", "Dallas"]),
            p("US-IL", "America/Chicago", 7, &["Chicago", "Evanston"]),
            p("US-WA", "America/Los_Angeles", 6, &["Seattle", "Spokane"]),
            p("US-MA", "America/New_York", 5, &["Boston", "Cambridge"]),
            p("US-FL", "America/New_York", 5, &["Miami", "Orlando", "Tampa"]),
            p("US-CO", "America/Denver", 5, &["Denver", "Boulder"]),
            p("US-MN", "America/Chicago", 5, &["Minneapolis", "Saint Paul"]),
            p("US-OR", "America/Los_Angeles", 4, &["Portland"]),
            p("US-GA", "America/New_York", 4, &["Atlanta"]),
            p("US-PA", "America/New_York", 4, &["Philadelphia", "Pittsburgh"]),
            p("US-NJ", "America/New_York", 3, &["Jersey City", "Newark"]),
            p("US-MI", "America/Detroit", 3, &["Detroit", "Ann Arbor"]),
            p("US-AZ", "America/Phoenix", 2, &["Phoenix"]),
            p("US-DC", "America/New_York", 2, &["Washington", "Washington, D.C."]),
            p("US-VT", "America/New_York", 1, &["Burlington"]),
            p("US-ME", "America/New_York", 1, &["Portland"]),
            p("US-AK", "America/Anchorage", 1, &["Anchorage", "Fairbanks"]),
        ],
    ),
    m(
        "GB",
        100,
        &[
            p("GB-WSM", "Europe/London", 5, &["London"]),
            p("GB-KEC", "Europe/London", 3, &["London"]),
            p("GB-CMD", "Europe/London", 3, &["London"]),
            p("GB-HCK", "Europe/London", 3, &["London"]),
            p("GB-ISL", "Europe/London", 2, &["London"]),
            p("GB-LBH", "Europe/London", 2, &["London"]),
            p("GB-SWK", "Europe/London", 2, &["London"]),
            p("GB-TWH", "Europe/London", 2, &["London"]),
            p("GB-MAN", "Europe/London", 5, &["Manchester"]),
            p("GB-BIR", "Europe/London", 4, &["Birmingham"]),
            p("GB-LDS", "Europe/London", 3, &["Leeds"]),
            p("GB-LIV", "Europe/London", 3, &["Liverpool"]),
            p("GB-BST", "Europe/London", 3, &["Bristol"]),
            p("GB-EDH", "Europe/London", 4, &["Edinburgh"]),
            p("GB-GLG", "Europe/London", 3, &["Glasgow"]),
            p("GB-CRF", "Europe/London", 2, &["Cardiff"]),
            p("GB-BFS", "Europe/London", 2, &["Belfast"]),
            p("GB-NET", "Europe/London", 2, &["Newcastle upon Tyne"]),
            p("GB-SHF", "Europe/London", 2, &["Sheffield"]),
            p("GB-NGM", "Europe/London", 1, &["Nottingham"]),
            p("GB-BNH", "Europe/London", 2, &["Brighton"]),
            p("GB-OXF", "Europe/London", 1, &["Oxford"]),
            p("GB-CAM", "Europe/London", 1, &["Cambridge"]),
        ],
    ),
    m(
        "NO",
        55,
        &[
            p("NO-03", "Europe/Oslo", 10, &["Oslo"]),
            p("NO-46", "Europe/Oslo", 4, &["Bergen"]),
            p("NO-50", "Europe/Oslo", 3, &["Trondheim"]),
            p("NO-54", "Europe/Oslo", 2, &["Tromsø"]),
            p("NO-42", "Europe/Oslo", 1, &["Kristiansand"]),
        ],
    ),
    m(
        "SE",
        50,
        &[
            p("SE-AB", "Europe/Stockholm", 10, &["Stockholm"]),
            p("SE-O", "Europe/Stockholm", 5, &["Göteborg"]),
            p("SE-M", "Europe/Stockholm", 4, &["Malmö", "Lund"]),
            p("SE-C", "Europe/Stockholm", 2, &["Uppsala"]),
        ],
    ),
    m(
        "DE",
        50,
        &[
            p("DE-BE", "Europe/Berlin", 6, &["Berlin"]),
            p("DE-BY", "Europe/Berlin", 5, &["München", "Nürnberg"]),
            p("DE-HH", "Europe/Berlin", 3, &["Hamburg"]),
            p("DE-NW", "Europe/Berlin", 5, &["Köln", "Düsseldorf", "Dortmund"]),
            p("DE-HE", "Europe/Berlin", 3, &["Frankfurt am Main"]),
        ],
    ),
    m(
        "FR",
        35,
        &[
            p("FR-IDF", "Europe/Paris", 8, &["Paris", "Boulogne-Billancourt"]),
            p("FR-ARA", "Europe/Paris", 3, &["Lyon", "Grenoble"]),
            p("FR-PAC", "Europe/Paris", 2, &["Marseille", "Nice"]),
            p("FR-OCC", "Europe/Paris", 2, &["Toulouse", "Montpellier"]),
            p("FR-NAQ", "Europe/Paris", 2, &["Bordeaux"]),
        ],
    ),
    m(
        "AU",
        35,
        &[
            p("AU-NSW", "Australia/Sydney", 8, &["Sydney", "Newcastle"]),
            p("AU-VIC", "Australia/Melbourne", 7, &["Melbourne", "Geelong"]),
            p("AU-QLD", "Australia/Brisbane", 4, &["Brisbane", "Gold Coast"]),
            p("AU-WA", "Australia/Perth", 2, &["Perth"]),
        ],
    ),
    m(
        "JP",
        28,
        &[
            p("JP-13", "Asia/Tokyo", 8, &["Tokyo"]),
            p("JP-27", "Asia/Tokyo", 3, &["Osaka"]),
            p("JP-14", "Asia/Tokyo", 2, &["Yokohama"]),
            p("JP-01", "Asia/Tokyo", 1, &["Sapporo"]),
        ],
    ),
    m(
        "NL",
        28,
        &[
            p("NL-NH", "Europe/Amsterdam", 5, &["Amsterdam", "Haarlem"]),
            p("NL-ZH", "Europe/Amsterdam", 4, &["Rotterdam", "Den Haag"]),
            p("NL-UT", "Europe/Amsterdam", 2, &["Utrecht"]),
        ],
    ),
    m(
        "IE",
        18,
        &[
            p("IE-D", "Europe/Dublin", 6, &["Dublin"]),
            p("IE-CO", "Europe/Dublin", 2, &["Cork"]),
            p("IE-G", "Europe/Dublin", 1, &["Galway"]),
        ],
    ),
    m(
        "DK",
        18,
        &[
            p("DK-84", "Europe/Copenhagen", 5, &["København", "Frederiksberg"]),
            p("DK-82", "Europe/Copenhagen", 2, &["Aarhus"]),
        ],
    ),
    m(
        "FI",
        18,
        &[p("FI-18", "Europe/Helsinki", 5, &["Helsinki", "Espoo"]), p("FI-11", "Europe/Helsinki", 2, &["Tampere"])],
    ),
    m(
        "ES",
        16,
        &[
            p("ES-MD", "Europe/Madrid", 4, &["Madrid"]),
            p("ES-CT", "Europe/Madrid", 3, &["Barcelona"]),
            p("ES-VC", "Europe/Madrid", 1, &["València"]),
        ],
    ),
    m(
        "IT",
        16,
        &[
            p("IT-25", "Europe/Rome", 4, &["Milano"]),
            p("IT-62", "Europe/Rome", 3, &["Roma"]),
            p("IT-72", "Europe/Rome", 1, &["Napoli"]),
        ],
    ),
    m(
        "BR",
        14,
        &[
            p("BR-SP", "America/Sao_Paulo", 3, &["São Paulo", "Campinas"]),
            p("BR-RJ", "America/Sao_Paulo", 2, &["Rio de Janeiro"]),
        ],
    ),
    m(
        "MX",
        14,
        &[
            p("MX-CMX", "America/Mexico_City", 4, &["Ciudad de México"]),
            p("MX-JAL", "America/Mexico_City", 1, &["Guadalajara"]),
            p("MX-NLE", "America/Monterrey", 1, &["Monterrey"]),
        ],
    ),
    // The long tail: country and city only.
    m("CH", 8, &[p("", "Europe/Zurich", 1, &["Zürich", "Genève", "Basel"])]),
    m("IS", 6, &[p("", "Atlantic/Reykjavik", 1, &["Reykjavík"])]),
    m("AT", 6, &[p("", "Europe/Vienna", 1, &["Wien", "Graz"])]),
    m("BE", 6, &[p("", "Europe/Brussels", 1, &["Bruxelles", "Antwerpen", "Gent"])]),
    m("NZ", 6, &[p("", "Pacific/Auckland", 1, &["Auckland", "Wellington", "Christchurch"])]),
    m("PL", 5, &[p("", "Europe/Warsaw", 1, &["Warszawa", "Kraków"])]),
    m("PT", 4, &[p("", "Europe/Lisbon", 1, &["Lisboa", "Porto"])]),
    m("KR", 4, &[p("", "Asia/Seoul", 1, &["Seoul", "Busan"])]),
    m("SG", 4, &[p("", "Asia/Singapore", 1, &["Singapore"])]),
    m("HK", 3, &[p("", "Asia/Hong_Kong", 1, &["Hong Kong"])]),
    m("AE", 3, &[p("", "Asia/Dubai", 1, &["Dubai", "Abu Dhabi"])]),
    m("ZA", 3, &[p("", "Africa/Johannesburg", 1, &["Johannesburg", "Cape Town"])]),
    m("IN", 3, &[p("", "Asia/Kolkata", 1, &["Mumbai", "Bengaluru", "Delhi"])]),
    m("IL", 2, &[p("", "Asia/Jerusalem", 1, &["Tel Aviv-Yafo"])]),
    m("AR", 2, &[p("", "America/Argentina/Buenos_Aires", 1, &["Buenos Aires"])]),
    m("CL", 2, &[p("", "America/Santiago", 1, &["Santiago"])]),
    m("CO", 2, &[p("", "America/Bogota", 1, &["Bogotá", "Medellín"])]),
    m("CZ", 2, &[p("", "Europe/Prague", 1, &["Praha", "Brno"])]),
    m("EE", 2, &[p("", "Europe/Tallinn", 1, &["Tallinn"])]),
    m("LV", 1, &[p("", "Europe/Riga", 1, &["Rīga"])]),
    m("LT", 1, &[p("", "Europe/Vilnius", 1, &["Vilnius"])]),
    m("GR", 1, &[p("", "Europe/Athens", 1, &["Athína"])]),
    m("HU", 1, &[p("", "Europe/Budapest", 1, &["Budapest"])]),
    m("RO", 1, &[p("", "Europe/Bucharest", 1, &["București"])]),
    m("LU", 1, &[p("", "Europe/Luxembourg", 1, &["Luxembourg"])]),
    m("GL", 1, &[p("", "America/Nuuk", 1, &["Nuuk"])]),
    m("FO", 1, &[p("", "Atlantic/Faroe", 1, &["Tórshavn"])]),
    m("AX", 1, &[p("", "Europe/Mariehamn", 1, &["Mariehamn"])]),
    m("TW", 1, &[p("", "Asia/Taipei", 1, &["Taipei"])]),
    m("TH", 1, &[p("", "Asia/Bangkok", 1, &["Bangkok"])]),
    m("PH", 1, &[p("", "Asia/Manila", 1, &["Manila"])]),
    m("MY", 1, &[p("", "Asia/Kuala_Lumpur", 1, &["Kuala Lumpur"])]),
    m("SA", 1, &[p("", "Asia/Riyadh", 1, &["Riyadh"])]),
    m("PR", 1, &[p("", "America/Puerto_Rico", 1, &["San Juan"])]),
];

/// Countries where December is summer: more swimwear and dresses in carts.
pub(super) const SOUTHERN: &[&str] = &["AU", "NZ", "BR", "AR", "ZA", "CL"];

pub(super) fn pick_market(rng: &mut Rng) -> &'static Market {
    weighted_by(rng, MARKETS, |m| m.weight)
}

pub(super) fn pick_place(rng: &mut Rng, market: &'static Market) -> &'static Place {
    weighted_by(rng, market.places, |p| p.weight)
}
