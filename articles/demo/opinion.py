"""Demo stories of the Opinion desk: columns and guest essays."""

from .parts import callout, image, p, pull_quote, quote, subhead

STORIES = [
    {
        "section": "opinion",
        "headline": "Sixteen-year-olds are ready to vote. Our laws should catch up",
        "dek": "I teach civics to teenagers. They follow politics more closely than many "
        "adults I know, and they deserve a say in the decisions that will shape them.",
        "dateline": "WESTHAVEN",
        "tags": ["voting age", "young people", "elections"],
        "bylines": [("written", "ruth-adebayo")],
        "status": "published",
        "published": (1, "07:30"),
        "citations": [
            (
                "electoral-commission",
                "The commission's finding that early voters keep voting.",
            ),
            ("cpt-trust", "Young people's trust in institutions."),
        ],
        "body": [
            callout(
                "editors-note",
                "Ruth Adebayo chairs a charity that helps young people register to vote. "
                "Opinion pieces are the author's view, not the newsroom's.",
            ),
            p(
                "Every week, thirty sixteen-year-olds argue with me about housing, buses "
                "and climate policy. They read the news, check claims and change their "
                "minds when the evidence is good. Then they go home and cannot vote."
            ),
            p(
                "When adults tell me sixteen is too young, I give them the same "
                "answer: “We ask sixteen-year-olds to work, pay tax and choose their "
                "exams. We can trust them with a pencil and a ballot paper.”"
            ),
            subhead("The habit starts early"),
            p(
                "The Electoral Commission's review found what teachers already suspected: "
                "people who vote in their first election tend to keep voting, and a first "
                "election at sixteen, while still at home and in school, is easier to "
                "reach than one at eighteen, in the middle of moving out."
            ),
            pull_quote(
                "We ask sixteen-year-olds to work, pay tax and choose their exams. We can "
                "trust them with a pencil and a ballot paper.",
                "Ruth Adebayo",
                "guest columnist",
            ),
            subhead("The objections, answered"),
            p(
                "Some worry that teenagers will simply copy their parents. My students "
                "would be astonished to hear it. Others fear schools will take sides; "
                "civics teachers already teach contested subjects without doing so."
            ),
            quote(
                "Young people's trust in local institutions is low, and it is lowest "
                "among those who have never been asked for their view.",
                "Centre for Public Trust",
                "annual survey",
                source="cpt-trust",
            ),
            subhead("What Parliament should do"),
            p(
                "Parliament should pass the change in time for 2029, and fund schools "
                "to teach how elections work before the first of them votes."
            ),
        ],
    },
    {
        "section": "opinion",
        "headline": "We cannot outrun the sea, so let us plan the move together",
        "dek": "Westerzand's vote to move inland should not be a lonely act of courage. "
        "It should be the start of a national plan.",
        "dateline": "WESTHAVEN",
        "tags": ["coasts", "climate adaptation", "housing"],
        "bylines": [("written", "helen-marsh")],
        "status": "published",
        "published": (1, "12:15"),
        "citations": [
            ("icr-retreat", "The cost of moving compared with raising defences."),
        ],
        "body": [
            p(
                "A small town on the North Sea coast has done something brave and "
                "sensible: it has voted to move its most exposed streets inland over "
                "thirty years, before a storm makes the decision for it."
            ),
            image(
                "harbour",
                "Westerzand's harbour at dusk (illustration).",
                "Illustration of harbour cranes silhouetted against an orange sky above "
                "dark water.",
            ),
            subhead("Courage should not be a lottery"),
            p(
                "Westerzand could vote this way because its council did the sums early. "
                "Other towns will face the same choice with less time and less money. "
                "Whether a town moves in good order should not depend on luck."
            ),
            p(
                "If I could put one thing to every minister, it would be this: “A "
                "planned move costs less than a higher wall, and far less than a "
                "flood. What it needs is a plan that outlasts an election.”"
            ),
            pull_quote(
                "A planned move costs less than a higher wall, and far less than a "
                "flood. What it needs is a plan that outlasts an election.",
                "Helen Marsh",
                "managing editor",
            ),
            subhead("What a national plan would do"),
            p(
                "It would pay fair prices for homes in the lowest streets, build the new "
                "ones first, and keep each community together rather than scattering it."
            ),
            quote(
                "Retreat done late is an evacuation. Retreat done early is a plan.",
                "Institute for Coastal Resilience",
                "in its report on the North Sea coast",
                source="icr-retreat",
            ),
        ],
    },
]
