"""Demo stories of the Politics desk."""

from datetime import timedelta

from .parts import bullets, callout, numbered, p, pull_quote, quote, subhead

STORIES = [
    {
        "section": "politics",
        "headline": "Electoral Commission recommends lowering the voting age to 16",
        "dek": "The commission says sixteen- and seventeen-year-olds should vote in every "
        "election from 2029. Parliament will have the final say.",
        "dateline": "WESTHAVEN",
        "tags": ["elections", "voting age", "young people", "Parliament"],
        "bylines": [("written", "daniel-whitfield"), ("reported", "helen-marsh")],
        "status": "published",
        "published": (2, "17:05"),
        "citations": [
            (
                "electoral-commission",
                "The recommendation, the vote of the commissioners "
                "and the proposed timetable.",
            ),
            ("cpt-trust", "Young people's trust in local councils and Parliament."),
        ],
        "corrections": [
            {
                "kind": "correction",
                "text": "An earlier version of this story said the commission's decision "
                "was unanimous. Seven of its nine members voted for the recommendation.",
                "reason": "Misread the press release; checked against the minutes.",
                "after": timedelta(hours=4),
            }
        ],
        "body": [
            p(
                "The Electoral Commission recommended on Monday that the voting age be "
                "lowered from 18 to 16 for every election, from local councils to "
                "Parliament, starting in 2029."
            ),
            p(
                "Seven of the commission's nine members backed the change after a "
                "two-year review. It now goes to Parliament, where the governing party "
                "has promised a free vote."
            ),
            callout(
                "key-takeaway",
                "Nothing changes yet. The recommendation needs a new law, and the "
                "commission says registers would need a year to prepare.",
            ),
            subhead("What the commission found"),
            p(
                "The review compared turnout among first-time voters in places that "
                "already let sixteen-year-olds vote in local elections. Those who first "
                "voted at 16 were more likely to vote again at 20. “A first vote cast "
                "while still at home and at school is a habit, not a one-off,” said "
                "Grace Okonkwo, the commission's chair."
            ),
            pull_quote(
                "A first vote cast while still at home and at school is a habit, not a "
                "one-off.",
                "Grace Okonkwo",
                "chair of the Electoral Commission",
                source="electoral-commission",
            ),
            subhead("The objections"),
            p(
                "The two dissenting commissioners argued that the voting age should "
                "match the age at which people can stand for office, and that schools "
                "would come under pressure to take sides."
            ),
            quote(
                "It is a serious proposal, and it deserves a serious debate, not a rush.",
                "Edward Lyle",
                "one of the two commissioners who voted against",
            ),
            subhead("How it would become law"),
            numbered(
                "The government publishes a bill, expected in the spring.",
                "Parliament debates and votes; members vote freely.",
                "Registration officers add sixteen-year-olds to the registers.",
                "The first election with the new age is held in 2029.",
            ),
            callout(
                "whats-next",
                "A public consultation on the wording of the bill opens next month and "
                "runs for twelve weeks.",
            ),
        ],
    },
    {
        "section": "politics",
        "headline": "How one rural district doubled its turnout in four years",
        "dek": "Millbrook went from the lowest turnout in the region to the highest. "
        "There was no single trick, but there were a lot of minibuses.",
        "dateline": "MILLBROOK",
        "tags": ["elections", "turnout", "rural life"],
        "bylines": [("written", "daniel-whitfield"), ("additional", "priya-raman")],
        "status": "published",
        "published": (8, "10:40"),
        "citations": [
            (
                "cpt-trust",
                "Trust in the district council before and after the changes.",
            ),
            ("civic-data-budgets", "What the district spent on running elections."),
        ],
        "body": [
            p(
                "Four years ago, fewer than three in ten voters in the district of "
                "Millbrook cast a ballot in the council election. This autumn, more than "
                "six in ten did."
            ),
            subhead("What changed"),
            p(
                "The district's elections officer, who took the job after the low point, "
                "says the changes were small and mostly about distance. Many villages had "
                "lost their polling station when the village hall closed."
            ),
            bullets(
                "Polling stations returned to eleven villages, in pubs, a chapel and a barn.",
                "Free minibuses ran on polling day from every hamlet without a bus route.",
                "Postal vote forms were sent to every household, not only on request.",
                "Candidates' debates were held in the villages, not only in the market town.",
            ),
            quote(
                "People had not stopped caring. They had stopped being able to get there.",
                "Hannah Price",
                "elections officer for Millbrook District",
            ),
            callout(
                "did-you-know",
                "The minibuses cost the district less than its printing bill for the "
                "same election, according to its published accounts.",
            ),
            subhead("Does it last?"),
            p(
                "A survey by the Centre for Public Trust found trust in the district "
                "council rose over the same period, though researchers caution that one "
                "district is too small to say which came first."
            ),
            p(
                "“When the council comes to you, you start to believe it might "
                "listen,” said Owen Hart, a sheep farmer who voted for the first time "
                "in twenty years."
            ),
            pull_quote(
                "When the council comes to you, you start to believe it might listen.",
                "Owen Hart",
                "a sheep farmer who voted for the first time in twenty years",
            ),
            callout(
                "pro-tip",
                "You can check where your polling station is on your council's website "
                "with your postcode; it may have moved since the last election.",
            ),
        ],
    },
    {
        "section": "politics",
        "headline": "Transparency bill clears its first vote, with amendments that worry campaigners",
        "dek": "The bill would publish every meeting between ministers and lobbyists. "
        'Late changes exempt meetings held "in a personal capacity".',
        "dateline": "WESTHAVEN",
        "tags": ["Parliament", "lobbying", "transparency"],
        "bylines": [("written", "daniel-whitfield")],
        "status": "published",
        "published": (13, "19:25"),
        "citations": [
            ("cpt-trust", "Public trust in Parliament and in lobbying rules."),
        ],
        "corrections": [
            {
                "kind": "clarification",
                "text": "This story has been updated to make clear that the exemption "
                "applies to ministers' meetings only, not to those of other members.",
                "after": timedelta(days=1, hours=2),
            }
        ],
        "body": [
            p(
                "A bill that would require ministers to publish every meeting with a "
                "lobbyist passed its first vote in Parliament on Wednesday by 312 votes "
                "to 201, after the government accepted two late amendments."
            ),
            subhead("What the bill does"),
            p(
                "Ministers would publish, within thirty days, the date, the organisation "
                "and the subject of each meeting with a registered lobbyist. Failing to "
                "do so would be a breach of the ministerial code."
            ),
            callout(
                "background",
                "The bill was first promised after a scandal over undeclared dinners "
                "between a minister and a property developer three years ago.",
            ),
            subhead("The amendments"),
            p(
                'The changes exempt meetings held "in a personal capacity" and allow '
                'the subject to be withheld where it is "commercially sensitive".'
            ),
            p(
                "“A loophole the width of a dinner table. Every meeting will become "
                "personal,” said Farah Siddiqui, director of the campaign group Open "
                "Parliament."
            ),
            pull_quote(
                "A loophole the width of a dinner table. Every meeting will become personal.",
                "Farah Siddiqui",
                "director of the campaign group Open Parliament",
            ),
            quote(
                "Ministers have private lives. The exemption protects those, and nothing else.",
                "a government spokesperson",
            ),
            callout(
                "fact-check",
                'Campaigners said the amendments would let ministers hide "most" '
                "meetings. That cannot yet be checked: no one knows how often the "
                "exemption would be claimed. The bill requires the exemptions to be "
                "counted, which will show it.",
            ),
            subhead("What comes next"),
            p(
                "The bill now goes to committee, where opposition members have said they "
                "will try to remove the personal-capacity exemption."
            ),
        ],
    },
]
