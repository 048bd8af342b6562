"""Demo stories of the Climate desk."""

from .parts import bullets, callout, image, p, pull_quote, quote, subhead

STORIES = [
    {
        "section": "climate",
        "headline": "Heat pumps outsell gas boilers in the north for the first time",
        "dek": "Installers sold more heat pumps than boilers over the summer. Cheaper "
        "electricity at night and a grant for older homes did most of the work.",
        "dateline": "BERGEN, Norway",
        "tags": ["heat pumps", "energy", "housing"],
        "bylines": [("written", "ingrid-solberg"), ("additional", "priya-raman")],
        "status": "published",
        "published": (4, "21:10"),
        "citations": [
            ("egm-winter", "How much extra winter demand heat pumps add to the grid."),
        ],
        "body": [
            p(
                "For the first time, installers in the northern regions fitted more heat "
                "pumps than gas boilers between June and September, according to figures "
                "from the installers' trade body."
            ),
            subhead("Why now"),
            p(
                "Installers point to two changes: electricity tariffs that are much "
                "cheaper at night, and a grant that covers insulation for homes built "
                "before 1980, which had been too draughty for a heat pump to work well."
            ),
            quote(
                "Two years ago I talked people out of heat pumps. Now I talk them through "
                "the grant form.",
                "Erik Lunde",
                "who runs a heating firm with nine fitters",
            ),
            callout(
                "fact-check",
                "It is often said heat pumps do not work in cold climates. Modern units "
                "keep heating well below freezing; the northern regions with the most "
                "heat pumps are among the coldest.",
            ),
            subhead("The grid's winter question"),
            p(
                "More heat pumps mean more electricity demand on the coldest evenings. "
                "The European Grid Monitor's winter outlook counts that as one reason for "
                "the shared reserve governments are debating. “Every heat pump is a "
                "small bet that the grid will be there on the coldest night. We have "
                "to make sure it is,” said Marta Kowalczyk, a senior grid analyst at "
                "the monitor."
            ),
            pull_quote(
                "Every heat pump is a small bet that the grid will be there on the "
                "coldest night. We have to make sure it is.",
                "Marta Kowalczyk",
                "senior grid analyst at the European Grid Monitor",
                source="egm-winter",
            ),
            subhead("Before you switch"),
            callout(
                "pro-tip",
                "Ask for a heat-loss survey before a quote. A pump sized for your house "
                "as it is, not as the brochure imagines it, costs less to run.",
            ),
        ],
    },
    {
        "section": "climate",
        "headline": "Warming seas move fish north faster than fishing rules can follow",
        "dek": "Quotas are shared out by where fish used to be. As stocks move, fishers "
        "find themselves with licences for empty water.",
        "dateline": "BERGEN, Norway",
        "tags": ["fisheries", "ocean", "climate"],
        "bylines": [("written", "ingrid-solberg"), ("additional", "mei-lin-tan")],
        "status": "published",
        "published": (12, "08:45"),
        "citations": [
            (
                "pfo-catch",
                "How tuna catches in the Pacific have moved with temperature.",
            ),
            (
                "icr-retreat",
                "The effect on fishing harbours along the North Sea coast.",
            ),
        ],
        "body": [
            p(
                "Mackerel, herring and cod are moving north as the sea warms, and the "
                "rules that divide the catch between countries are struggling to keep up."
            ),
            callout(
                "background",
                "Most quotas are divided by a fixed key agreed decades ago, based on "
                "where each stock was found then.",
            ),
            subhead("A global pattern"),
            p(
                "The same shift is visible on the other side of the world. Catch records "
                "from the Pacific Fisheries Observatory show tuna fleets following warm "
                "water east, taking licence income from some island states to others."
            ),
            quote(
                "The fish have read the temperature charts. The treaties have not.",
                "Sione Vaka",
                "fisheries economist at the Pacific Fisheries Observatory",
                source="pfo-catch",
            ),
            subhead("Harbours feel it first"),
            p(
                "In small North Sea harbours, boats now travel further to reach the "
                "fish, burning more fuel for the same catch. Some skippers have moved "
                "their boats to northern ports altogether. “My grandfather fished two "
                "hours out. I fish ten,” said Lars Brekke, a third-generation skipper."
            ),
            pull_quote(
                "My grandfather fished two hours out. I fish ten.",
                "Lars Brekke",
                "a third-generation skipper",
            ),
            subhead("What negotiators are considering"),
            bullets(
                "Reviewing quota keys every five years instead of every few decades.",
                "Letting countries trade quota as stocks move between their waters.",
                "Sharing data on where fish are found in real time.",
            ),
            callout(
                "key-takeaway",
                "The fish are not disappearing; they are moving. The fight is over "
                "who is allowed to follow them.",
            ),
        ],
    },
    {
        "section": "climate",
        "headline": "Downstream of the glaciers: what faster melting means for three rivers",
        "dek": "More meltwater now, less later. Farmers and power companies along three "
        "glacier-fed rivers are planning for both.",
        "dateline": "EASTMOOR",
        "tags": ["glaciers", "rivers", "water", "climate adaptation"],
        "bylines": [("written", "lucia-fernandez"), ("reported", "ingrid-solberg")],
        "status": "published",
        "published": (1, "13:30"),
        "citations": [
            (
                "eastmoor-glaciers",
                "The rate of ice loss and its link to winter snowfall.",
            ),
        ],
        "body": [
            p(
                "A study showing that mild winters speed up glacier loss has a second "
                "message for the valleys below: the rivers fed by those glaciers will "
                "swell for a few decades, then shrink."
            ),
            image(
                "glacier",
                "Meltwater leaves the foot of a valley glacier (illustration).",
                "Illustration of a glacier between grey peaks with a thin stream "
                "flowing from its foot across stony ground.",
            ),
            subhead("Peak water"),
            p(
                "Hydrologists call it peak water: as a glacier melts faster, it releases "
                "more water each summer until it is too small to keep up, and the flow "
                "begins to fall for good."
            ),
            callout(
                "did-you-know",
                "In a dry summer, meltwater can make up more than half of the flow of a "
                "glacier-fed river, even far downstream.",
            ),
            quote(
                "The river will be generous for a generation. We should spend that time "
                "preparing for when it is not.",
                "Prof. Ingeborg Hale",
                "the study's lead author",
                source="eastmoor-glaciers",
            ),
            subhead("Who is planning"),
            p(
                "Hydropower companies on two of the rivers are adding storage to hold "
                "back early summer floods. Farmers on the third are testing crops that "
                "need watering less in late summer."
            ),
            p(
                "“We are building the reservoir our grandchildren will need, with the "
                "water our grandparents never had,” said Anneli Roos, an engineer at a "
                "hydropower cooperative."
            ),
            pull_quote(
                "We are building the reservoir our grandchildren will need, with the "
                "water our grandparents never had.",
                "Anneli Roos",
                "engineer at a hydropower cooperative",
            ),
            subhead("What comes next"),
            callout(
                "whats-next",
                "The Eastmoor team will publish river-by-river estimates of when each "
                "glacier's peak water arrives, starting with the three rivers here.",
            ),
        ],
    },
]
