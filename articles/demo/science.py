"""Demo stories of the Science desk."""

from .parts import callout, numbered, p, pull_quote, quote, subhead

STORIES = [
    {
        "section": "science",
        "headline": "Warm winters, not hot summers, are speeding up glacier loss, study finds",
        "dek": "Glaciers that get less snow in a mild winter start the summer exposed, "
        "and melt faster. The finding changes which forecasts matter most.",
        "dateline": "EASTMOOR",
        "tags": ["glaciers", "climate science", "research"],
        "bylines": [("written", "lucia-fernandez"), ("photos", "tomas-ferreira")],
        "status": "published",
        "published": (5, "06:05"),
        "lead_image": {
            "picture": "glacier",
            "caption": "A valley glacier between grey peaks, its meltwater running "
            "towards the valley floor (illustration).",
            "alt_text": "Illustration of a white glacier tongue flowing between grey "
            "mountain peaks under a pale blue sky, with a thin blue stream at its foot.",
        },
        "citations": [
            (
                "eastmoor-glaciers",
                "The forty glaciers studied, the twenty years of "
                "measurements, and the link between winter snow and summer melt.",
            ),
        ],
        "body": [
            p(
                "Mountain glaciers are losing ice faster after mild winters than after hot "
                "summers, according to a study of forty glaciers measured over twenty years."
            ),
            p(
                "The researchers, at the University of Eastmoor, found that a winter with "
                "little snow leaves a glacier's surface exposed early in the year. Bare ice "
                "is darker than snow, absorbs more sunlight and melts sooner."
            ),
            subhead("Snow as a blanket"),
            quote(
                "Snow is the glacier's sunscreen. Take it away in winter and the summer "
                "does not need to be unusually hot to do damage.",
                "Prof. Ingeborg Hale",
                "the study's lead author",
                source="eastmoor-glaciers",
            ),
            callout(
                "did-you-know",
                "Fresh snow reflects up to nine-tenths of the sunlight that falls on it. "
                "Old, dirty glacier ice can reflect less than a third.",
            ),
            subhead("What the measurements show"),
            p(
                "In years after a winter with below-average snowfall, the glaciers lost on "
                "average 40 per cent more ice over the following summer than after a "
                "snowy winter, whatever the summer temperatures. “We have been "
                "watching the wrong season,” said Prof. Ingeborg Hale, the study's "
                "lead author."
            ),
            pull_quote(
                "We have been watching the wrong season.",
                "Prof. Ingeborg Hale",
                "the study's lead author",
            ),
            subhead("Why it matters"),
            p(
                "Water managers downstream plan for the summer melt that feeds rivers. The "
                "authors say winter snowfall forecasts could give them months more warning."
            ),
            callout(
                "key-takeaway",
                "Mild winters are now the best early warning of a bad melt year, and "
                "winter forecasts are improving fast.",
            ),
        ],
    },
    {
        "section": "science",
        "headline": "A phone camera and a paper strip: a cheaper test for soil health",
        "dek": "Agricultural researchers have built a soil nitrate test that costs a "
        "fraction of a laboratory analysis and gives an answer in ten minutes.",
        "dateline": "COLDWATER",
        "tags": ["farming", "soil", "research", "technology"],
        "bylines": [("written", "lucia-fernandez"), ("additional", "ingrid-solberg")],
        "status": "published",
        "published": (10, "09:50"),
        "citations": [
            (
                "soil-lab",
                "How the test works, its cost and its accuracy against "
                "laboratory results.",
            ),
        ],
        "body": [
            p(
                "A strip of treated paper, a cup of water and a smartphone may be enough "
                "to tell a farmer how much fertiliser a field needs, researchers at "
                "Coldwater Agricultural College say."
            ),
            subhead("How the test works"),
            numbered(
                "Shake a spoonful of soil in a cup of clean water for a minute.",
                "Dip the paper strip and wait five minutes for it to change colour.",
                "Photograph the strip next to a printed colour card.",
                "The app compares the colours and reports the nitrate level.",
            ),
            callout(
                "pro-tip",
                "Test the same field at the same time of day. Soil nitrate changes with "
                "temperature and moisture, so comparisons across a morning and an "
                "afternoon can mislead.",
            ),
            subhead("How accurate is it?"),
            p(
                "In trials on 300 samples, the phone readings were within 10 per cent of "
                "laboratory results for most soils, but less reliable in soils rich in "
                "peat, which stain the water brown."
            ),
            quote(
                "It will not replace the lab. It will mean farmers go to the lab when "
                "they need to, not just in case.",
                "Dr. Samuel Achterberg",
                "who led the research",
                source="soil-lab",
            ),
            callout(
                "fact-check",
                'Reports that the test "halves fertiliser use" go beyond the study, '
                "which measured accuracy, not how farmers changed what they spread.",
            ),
            subhead("What farmers say"),
            p(
                "“If I can test every field every spring for the price of one lab "
                "report, I will put on less fertiliser where it isn't needed. That is "
                "money and it is the river,” said Judith Kerr, an arable farmer who "
                "took part in the trials."
            ),
            pull_quote(
                "If I can test every field every spring for the price of one lab report, "
                "I will put on less fertiliser where it isn't needed. That is money and "
                "it is the river.",
                "Judith Kerr",
                "an arable farmer who took part in the trials",
            ),
        ],
    },
    {
        "section": "science",
        "headline": "Back-garden astronomers map a comet's tail in record detail",
        "dek": "Three hundred amateur observers pooled their photographs to follow the "
        "comet's tail as it twisted in the solar wind, night by night.",
        "dateline": "EASTMOOR",
        "tags": ["astronomy", "citizen science", "comets"],
        "bylines": [("written", "lucia-fernandez"), ("additional", "noah-mensah")],
        "status": "published",
        "published": (15, "16:20"),
        "lead_image": {
            "picture": "comet",
            "caption": "A comet's tail fans out across a starry sky above a telescope "
            "on a hill (illustration).",
            "alt_text": "Illustration of a bright comet with a wide, pale blue tail "
            "stretching across a dark starry sky, above a telescope silhouetted on a hill.",
        },
        "body": [
            p(
                "More than three hundred amateur astronomers, most of them photographing "
                "from their gardens, have produced the most detailed record yet of how a "
                "comet's tail changed over a month."
            ),
            subhead("Many small telescopes"),
            p(
                "Each observer uploaded exposures to a shared archive. Software lined them "
                "up by the stars behind the comet, turning hundreds of modest photographs "
                "into a sequence sharper than any one of them."
            ),
            quote(
                "No professional observatory would give a month of nights to one comet. "
                "Three hundred people with day jobs did.",
                "Dr. Rhiannon Pryce",
                "an astronomer who coordinated the project",
            ),
            callout(
                "did-you-know",
                "A comet usually has two tails: a curved one of dust, and a straight, "
                "bluish one of gas pushed directly away from the Sun by the solar wind.",
            ),
            subhead("A tail that broke and grew back"),
            p(
                "On one night, the gas tail snapped off and drifted away, then re-formed "
                "within hours. The observers caught the whole event, which professionals "
                "had only seen in fragments before. “I took the photographs in my "
                "dressing gown. I had no idea I had caught something nobody had seen "
                "so clearly,” said Gwen Harper, a retired postal worker whose images "
                "recorded the break."
            ),
            pull_quote(
                "I took the photographs in my dressing gown. I had no idea I had caught "
                "something nobody had seen so clearly.",
                "Gwen Harper",
                "a retired postal worker whose images recorded the break",
            ),
            subhead("The next comet"),
            callout(
                "whats-next",
                "The group is writing up its results for a journal and has opened the "
                "archive to anyone who wants to contribute to the next bright comet.",
            ),
        ],
    },
]
