"""The demo newsroom itself: its sections, its people and the sources it cites.

Everyone and every organisation here is invented; any likeness is a coincidence.
"""

import datetime

# slug, name, parent slug, description. Parents come before their children.
SECTIONS = [
    (
        "world",
        "World",
        None,
        "News from every continent, from our correspondents abroad.",
    ),
    (
        "asia-pacific",
        "Asia-Pacific",
        "world",
        "From Tokyo, Singapore, Suva and the wider region.",
    ),
    ("europe", "Europe", "world", "From Brussels, the North Sea coast and the Alps."),
    (
        "politics",
        "Politics",
        None,
        "Parliament, elections, councils and the people in them.",
    ),
    (
        "business",
        "Business",
        None,
        "Wages, prices, companies and the money in your pocket.",
    ),
    ("science", "Science", None, "Discoveries, and how they were made."),
    (
        "climate",
        "Climate",
        None,
        "A warming world, and what people are doing about it.",
    ),
    ("culture", "Culture", None, "Books, film, music and the places they happen."),
    ("opinion", "Opinion", None, "Arguments from our columnists and guest writers."),
]

# slug, name, title, bio, role. ``role`` is the newsroom group of the author's
# account ("reporter" or "editor"); guest writers (None) have no account.
AUTHORS = [
    (
        "helen-marsh",
        "Helen Marsh",
        "Managing editor",
        "Helen runs the copy desk and decides what leads the site. She spent twelve "
        "years as a court reporter before moving to the desk.",
        "editor",
    ),
    (
        "amara-okafor",
        "Amara Okafor",
        "Europe correspondent",
        "Amara covers the European institutions and the North Sea coast from Brussels. "
        "She previously reported on shipping and ports.",
        "reporter",
    ),
    (
        "kenji-watanabe",
        "Kenji Watanabe",
        "Tokyo correspondent",
        "Kenji writes about Japan's towns, railways and rural economy, in Japanese and "
        "English. He grew up in Nagano prefecture.",
        "reporter",
    ),
    (
        "mei-lin-tan",
        "Mei Lin Tan",
        "Asia-Pacific reporter and translator",
        "Mei Lin reports from Singapore and translates interviews from Mandarin, Malay "
        "and Japanese for the Asia-Pacific desk.",
        "reporter",
    ),
    (
        "yasmin-haddad",
        "Yasmin Haddad",
        "Middle East correspondent",
        "Yasmin is based in Amman and writes about education, water and daily life "
        "across the Levant, in Arabic and English.",
        "reporter",
    ),
    (
        "daniel-whitfield",
        "Daniel Whitfield",
        "Political reporter",
        "Daniel covers Parliament and the electoral commission, and reads every "
        "amendment so readers do not have to.",
        "reporter",
    ),
    (
        "priya-raman",
        "Priya Raman",
        "Economics reporter",
        "Priya writes about wages, prices and the firms that set them. She trained "
        "as a statistician.",
        "reporter",
    ),
    (
        "lucia-fernandez",
        "Lucía Fernández",
        "Science editor",
        "Lucía edits the science desk and writes about earth sciences. She holds a "
        "doctorate in glaciology.",
        "editor",
    ),
    (
        "ingrid-solberg",
        "Ingrid Solberg",
        "Climate reporter",
        "Ingrid reports on energy, fisheries and coastal towns from Bergen.",
        "reporter",
    ),
    (
        "noah-mensah",
        "Noah Mensah",
        "Culture writer",
        "Noah writes about film, libraries and the music people make together.",
        "reporter",
    ),
    (
        "tomas-ferreira",
        "Tomás Ferreira",
        "Visuals editor",
        "Tomás makes the pictures and charts that run with our stories.",
        "reporter",
    ),
    (
        "ruth-adebayo",
        "Ruth Adebayo",
        "Guest columnist",
        "Ruth teaches civics at a secondary school and chairs a youth voter "
        "registration charity.",
        None,
    ),
]


def _month(year, month):
    return {
        "published_on": datetime.date(year, month, 1),
        "published_precision": "month",
    }


def _day(year, month, day):
    return {
        "published_on": datetime.date(year, month, day),
        "published_precision": "day",
    }


def _year(year):
    return {"published_on": datetime.date(year, 1, 1), "published_precision": "year"}


# Reusable sources, by a key the stories cite them with. A source is found again by
# its organisation and title, so editing it in the admin and reloading keeps one row.
SOURCES = {
    "icr-retreat": {
        "organisation": "Institute for Coastal Resilience",
        "abbreviation": "ICR",
        "title": "Moving Inland: Planned Retreat on the North Sea Coast",
        "kind": "report",
        "url": "https://coastal-resilience.example.org/reports/moving-inland",
        **_month(2026, 9),
    },
    "pfo-catch": {
        "organisation": "Pacific Fisheries Observatory",
        "abbreviation": "PFO",
        "title": "Tuna Catch and Sea Surface Temperature, 2000–2025",
        "kind": "dataset",
        "url": "https://pacific-fisheries.example.org/data/tuna-catch",
        **_month(2026, 7),
    },
    "egm-winter": {
        "organisation": "European Grid Monitor",
        "abbreviation": "EGM",
        "title": "Winter Outlook for Electricity Supply",
        "kind": "report",
        "url": "https://grid-monitor.example.org/outlooks/winter",
        **_month(2026, 10),
    },
    "cpt-trust": {
        "organisation": "Centre for Public Trust",
        "abbreviation": "CPT",
        "title": "Trust in Local Institutions: Annual Survey",
        "kind": "study",
        "url": "https://public-trust.example.org/surveys/local-institutions",
        **_month(2026, 6),
    },
    "hier-wages": {
        "organisation": "Halvorsen Institute for Economic Research",
        "abbreviation": "HIER",
        "title": "Quarterly Wage Tracker",
        "kind": "dataset",
        "url": "https://halvorsen-institute.example.org/wage-tracker",
        **_month(2026, 10),
    },
    "eastmoor-glaciers": {
        "organisation": "University of Eastmoor, Department of Earth Sciences",
        "title": "Winter Warmth and the Acceleration of Mountain Glacier Loss",
        "kind": "study",
        "url": "https://earth.eastmoor.example.edu/papers/winter-warmth",
        **_day(2026, 10, 14),
    },
    "civic-data-budgets": {
        "organisation": "Civic Data Lab",
        "title": "Municipal Budgets Open Data",
        "kind": "dataset",
        "url": "https://civicdatalab.example.org/budgets",
        **_year(2026),
    },
    "transit-alliance": {
        "organisation": "Open Transit Alliance",
        "abbreviation": "OTA",
        "title": "",
        "kind": "organisation",
        "url": "https://open-transit.example.org/",
    },
    "icr-reading": {
        "organisation": "International Council on Reading",
        "title": "Libraries Beyond Books: Lending in the 2020s",
        "kind": "report",
        "url": "https://reading-council.example.org/libraries-beyond-books",
        **_month(2026, 5),
    },
    "urban-heat": {
        "organisation": "Global Urban Heat Network",
        "title": "Heat Warnings Without Borders",
        "kind": "report",
        "url": "https://urban-heat.example.org/warnings-without-borders",
        **_month(2026, 8),
    },
    "electoral-commission": {
        "organisation": "Electoral Commission",
        "title": "Review of the Voting Age: Recommendations to Parliament",
        "kind": "report",
        "url": "https://electoral-commission.example.gov/voting-age-review",
        **_month(2026, 11),
    },
    "grocers-coop": {
        "organisation": "Northern Grocers' Cooperative",
        "title": "Statement on direct purchasing from farms",
        "kind": "statement",
        **_day(2026, 11, 3),
    },
    "soil-lab": {
        "organisation": "Coldwater Agricultural College",
        "title": "A Smartphone Colorimetric Test for Soil Nitrate",
        "kind": "study",
        "url": "https://coldwater-ag.example.edu/soil-nitrate",
        **_month(2026, 8),
    },
    "reading-villages": {
        "organisation": "Reading for Every Village Foundation",
        "title": "",
        "kind": "organisation",
        "url": "https://reading-villages.example.org/",
    },
}
