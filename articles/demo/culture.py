"""Demo stories of the Culture desk."""

from .parts import bullets, callout, numbered, p, pull_quote, quote, subhead

STORIES = [
    {
        "section": "culture",
        "headline": "The library that lends drills: a tool shelf outgrows its branch",
        "dek": "What started as a shelf of donated tools now fills a converted garage, "
        "with a waiting list for the carpet cleaner.",
        "dateline": "WESTHAVEN",
        "tags": ["libraries", "community", "sharing"],
        "bylines": [("written", "noah-mensah"), ("photos", "tomas-ferreira")],
        "status": "published",
        "published": (6, "17:05"),
        "citations": [
            ("icr-reading", "How many public libraries lend objects other than books."),
        ],
        "body": [
            p(
                "The most borrowed item at the Eastgate branch library last year was not "
                "a novel. It was a cordless drill, which went out 143 times."
            ),
            subhead("From one shelf to a garage"),
            p(
                "Three years ago a librarian put a few donated tools on a shelf by the "
                "returns desk. The collection now has more than 400 items and has moved "
                "into a converted garage behind the branch."
            ),
            quote(
                "People kept asking whether we had a ladder. Eventually we did.",
                "Alisha Grant",
                "the librarian who started the collection",
            ),
            callout(
                "did-you-know",
                "Libraries lending things other than books are common: the International "
                "Council on Reading found that about one in five public libraries it "
                "surveyed lends tools, instruments or kitchen equipment.",
            ),
            subhead("The most borrowed"),
            numbered(
                "Cordless drill",
                "Carpet cleaner",
                "Pressure washer",
                "Sewing machine",
                "Ladder",
            ),
            p(
                "“A drill is used for thirteen minutes in its life. Why should every "
                "house own one?” said Alisha Grant, the librarian who started the "
                "collection."
            ),
            pull_quote(
                "A drill is used for thirteen minutes in its life. Why should every "
                "house own one?",
                "Alisha Grant",
                "the librarian who started the collection",
            ),
            subhead("How to borrow"),
            callout(
                "pro-tip",
                "Book popular tools online a week ahead, especially in spring. Items "
                "are lent for seven days and can be renewed once if nobody is waiting.",
            ),
            bullets(
                "Any library card works; there is no extra fee.",
                "Volunteers check every tool when it comes back.",
                "Broken by accident? Tell the desk; there is no charge for fair wear.",
            ),
        ],
    },
    {
        "section": "culture",
        "headline": 'Review: "The Keeper of Sollen Point" is a quiet film that stays with you',
        "dek": "A lighthouse keeper's last winter before automation, told in long takes "
        "and very few words. It is the most affecting film of the season.",
        "dateline": "WESTHAVEN",
        "tags": ["film", "reviews"],
        "bylines": [("written", "noah-mensah")],
        "status": "published",
        "published": (9, "10:40"),
        "body": [
            callout(
                "editors-note",
                "This review discusses the film's ending in its last section, marked "
                "below.",
            ),
            p(
                'Almost nothing happens in "The Keeper of Sollen Point", and it is '
                "gripping. A keeper, played with great stillness by Eamon Dell, spends "
                "a last winter on a rock before the light is switched to automatic."
            ),
            subhead("A film about work"),
            p(
                "Most of the film shows the job: polishing the lens, winding the clock, "
                "writing the log. The camera watches each task long enough that you start "
                "to feel its rhythm, and to dread the day it stops. “I wanted the "
                "audience to know the routine so well that they would miss it, too,” "
                "said Signe Varga, the film's director."
            ),
            pull_quote(
                "I wanted the audience to know the routine so well that they would miss "
                "it, too.",
                "Signe Varga",
                "the film's director",
            ),
            subhead("The sound of the sea"),
            p(
                "There is no music until the final scene. The soundtrack is wind, water "
                "and the tick of the clockwork, recorded on a real lighthouse over three "
                "winters."
            ),
            subhead("The ending (spoilers)"),
            p(
                "The keeper does not leave on the last boat. The film does not tell you "
                "why, and it does not need to."
            ),
            quote(
                "People ask me what happens to him. I ask them what they would have done.",
                "Signe Varga",
                "the film's director",
            ),
        ],
    },
    {
        "section": "culture",
        "headline": "Choirs are back, and their singers are getting younger",
        "dek": "Community choirs that nearly folded a few years ago now have waiting "
        "lists, and the new members are mostly under thirty-five.",
        "dateline": "KELDHAM",
        "tags": ["music", "community", "choirs"],
        "bylines": [("written", "noah-mensah"), ("additional", "daniel-whitfield")],
        "status": "published",
        "published": (14, "19:25"),
        "body": [
            p(
                "On Tuesday nights the church hall in Keldham is full. The town choir, "
                "which had eleven members five years ago, now has sixty and a waiting "
                "list, and most of the new voices are young."
            ),
            subhead("Why young people are joining"),
            bullets(
                "No auditions: anyone who turns up can sing.",
                "Songs they know, from film soundtracks to pop, alongside the classics.",
                "A reason to leave the house on a weeknight that is not a pub.",
            ),
            quote(
                "I sit at a screen all day. For two hours a week I breathe with sixty "
                "other people.",
                "Priyanka Doshi",
                "a 27-year-old software tester who joined last year",
            ),
            callout(
                "did-you-know",
                "Singing in a group has been linked in several studies to lower stress "
                "and a stronger sense of belonging, though researchers say the "
                "company may matter as much as the music.",
            ),
            subhead("Growing pains"),
            p(
                "Success brings its own problems. The hall is too small, the choir needs "
                "a second accompanist, and the tenors remain outnumbered three to one. "
                "“Every choir in the country is looking for tenors. That has not "
                "changed in a hundred years,” said Martin Ellery, the choir's director."
            ),
            pull_quote(
                "Every choir in the country is looking for tenors. That has not changed "
                "in a hundred years.",
                "Martin Ellery",
                "the choir's director",
            ),
            callout(
                "pro-tip",
                "Most community choirs let you come to two rehearsals before you join. "
                "Stand next to someone who knows the part.",
            ),
        ],
    },
]
