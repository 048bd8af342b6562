"""Demo stories still on the desk, or taken off the site: one in every other status.

Drafts, a story submitted for review, an approved one, one scheduled for an embargo,
one spiked and one unpublished, so that the admin shows every state of the workflow.
"""

from datetime import timedelta

from .parts import bullets, callout, p, quote, subhead

STORIES = [
    {
        "section": "politics",
        "headline": "Hospital waiting lists: what the new figures will and will not tell us",
        "dek": "Monthly figures out this week count waits for treatment, not waits "
        "to be seen. The difference matters.",
        "dateline": "WESTHAVEN",
        "tags": ["health", "explainer"],
        "bylines": [("written", "daniel-whitfield")],
        "status": "draft",
        "created_ago": timedelta(hours=5),
        "body": [
            p(
                "New hospital waiting figures are due on Thursday. Before the arguments "
                "start, here is what they measure."
            ),
            subhead("What is counted"),
            bullets(
                "Everyone referred for planned treatment who has not yet had it.",
                "How long each has waited since the referral.",
            ),
            subhead("What is not"),
            p(
                "People waiting for a first appointment with a specialist are counted "
                "separately, and those waiting for tests are not counted at all."
            ),
            callout(
                "editors-note", "Check the release for the new regional breakdown."
            ),
        ],
    },
    {
        "section": "culture",
        "headline": "Festival season preview: twelve nights worth leaving home for",
        "dek": "From a harbour-side opera to a village folk weekend, the events we are "
        "most looking forward to.",
        "dateline": "WESTHAVEN",
        "tags": ["festivals", "music"],
        "bylines": [("written", "noah-mensah")],
        "status": "draft",
        "created_ago": timedelta(days=2, hours=3),
        "body": [
            p("Twelve events, from the very big to the very small."),
            subhead("Music"),
            p("To come: the opera, the folk weekend, the brass band contest."),
            subhead("Film"),
            p("To come: the open-air screenings on the quay."),
        ],
    },
    {
        "section": "business",
        "headline": "Port workers and employers return to talks over night shifts",
        "dek": "Negotiators meet again after a week-long pause. Night-shift pay and "
        "rest breaks are the sticking points.",
        "dateline": "WESTERZAND, Netherlands",
        "tags": ["ports", "labour", "shipping"],
        "bylines": [("written", "priya-raman"), ("additional", "amara-okafor")],
        "status": "submitted",
        "created_ago": timedelta(hours=4),
        "body": [
            p(
                "Dock workers' representatives and port employers will resume talks on "
                "Friday after a week in which neither side would meet."
            ),
            subhead("What is in dispute"),
            p(
                "The union wants a higher rate for night shifts and a guaranteed rest "
                "break; employers say the break would slow the loading of ships."
            ),
            quote(
                "We are not asking for more money for the same work. We are asking to "
                "be awake enough to do it safely.",
                "Ruud Smit",
                "union representative",
            ),
            subhead("What happens if talks fail"),
            p("The union has not ruled out an overtime ban before the holidays."),
        ],
    },
    {
        "section": "science",
        "headline": "Citizen scientists count more swifts than expected",
        "dek": "A summer survey of nesting swifts found colonies in places no one had "
        "recorded them, thanks to three thousand volunteers with notebooks.",
        "dateline": "EASTMOOR",
        "tags": ["birds", "citizen science", "wildlife"],
        "bylines": [("written", "lucia-fernandez")],
        "status": "approved",
        "created_ago": timedelta(hours=7),
        "body": [
            p(
                "Volunteers counting swifts this summer found almost a third more nesting "
                "sites than the last survey, a decade ago, mostly in old town centres."
            ),
            subhead("Counting a bird that never lands"),
            p(
                "Swifts eat, drink and even sleep on the wing, landing only to nest. The "
                "survey asked volunteers to watch rooftops at dusk, when the birds return."
            ),
            callout(
                "did-you-know",
                "A young swift may stay airborne for more than two years after leaving "
                "the nest, until it is old enough to breed.",
            ),
            subhead("Good news, with a caveat"),
            p(
                "Researchers warn that more volunteers looking in more places may explain "
                "much of the rise; the next survey will use the same routes."
            ),
        ],
    },
    {
        "section": "science",
        "headline": "A lake-bed core rewrites ten thousand years of weather",
        "dek": "Mud drilled from a mountain lake records every flood and drought since "
        "the last ice age, year by year.",
        "dateline": "EASTMOOR",
        "tags": ["climate science", "research", "lakes"],
        "bylines": [("written", "lucia-fernandez"), ("reported", "ingrid-solberg")],
        "status": "scheduled",
        "created_ago": timedelta(hours=6),
        "scheduled": (2, "10:00"),
        "embargoed": True,
        "body": [
            p(
                "A twelve-metre column of mud from the bed of a mountain lake holds a "
                "year-by-year record of floods and droughts reaching back to the end of "
                "the last ice age, researchers report."
            ),
            subhead("Reading the layers"),
            p(
                "Each year leaves a pale summer layer and a dark winter one. Floods show "
                "as bands of coarse sand; droughts as thin, dry layers."
            ),
            callout(
                "editors-note",
                "Embargoed until the journal publishes; the story is scheduled for that "
                "time and cannot go out earlier.",
            ),
            subhead("What it shows"),
            p(
                "The record shows long dry spells in the region every few centuries, "
                "longer than any in the written record."
            ),
        ],
    },
    {
        "section": "business",
        "headline": "Two regional airlines in merger talks, sources say",
        "dek": "The carriers, which share several routes, are said to be discussing a "
        "combination that would create the region's largest airline.",
        "dateline": "WESTHAVEN",
        "tags": ["airlines", "mergers"],
        "bylines": [("written", "priya-raman")],
        "status": "spiked",
        "created_ago": timedelta(days=3, hours=2),
        "note": "Could not confirm with a second source; both airlines deny talks.",
        "body": [
            p(
                "Two regional airlines are in early talks about a merger, according to "
                "one person familiar with the discussions."
            ),
            subhead("What a merger would mean"),
            p("Fewer competing flights on shared routes, and possibly higher fares."),
        ],
    },
    {
        "section": "culture",
        "headline": "Harbour festival announces its line-up",
        "dek": "Three nights of music on the quay, with a brass band, a folk trio and "
        "a headliner the organisers have kept quiet about until now.",
        "dateline": "WESTERZAND, Netherlands",
        "tags": ["festivals", "music"],
        "bylines": [("written", "noah-mensah")],
        "status": "unpublished",
        "published": (16, "18:40"),
        "unpublished_after": timedelta(hours=3),
        "note": "Went out before the organisers' announcement; the embargo time was "
        "misread. Republish once they announce.",
        "body": [
            p(
                "The harbour festival returns for three nights at the end of the summer."
            ),
            subhead("Who is playing"),
            bullets(
                "The harbour brass band, on the opening night.",
                "A folk trio from the islands.",
                "A headliner to be announced by the organisers.",
            ),
            subhead("Tickets"),
            p("Tickets go on sale once the full line-up is announced."),
        ],
    },
]
