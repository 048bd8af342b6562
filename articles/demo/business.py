"""Demo stories of the Business desk."""

from .parts import bullets, callout, image, numbered, p, pull_quote, quote, subhead

STORIES = [
    {
        "section": "business",
        "headline": "Wages outpace prices for a third quarter running",
        "dek": "Average weekly pay rose 4.3 per cent on a year earlier while prices rose "
        "3.2 per cent. Economists say the squeeze on household budgets is easing, slowly.",
        "dateline": "WESTHAVEN",
        "tags": ["wages", "inflation", "economy"],
        "bylines": [("written", "priya-raman"), ("photos", "tomas-ferreira")],
        "status": "published",
        "published": (2, "07:30"),
        "citations": [
            (
                "hier-wages",
                "Quarterly figures for average weekly wages and consumer prices.",
            ),
        ],
        "body": [
            p(
                "Pay has risen faster than prices for the third quarter in a row, the "
                "longest stretch in three years, according to the Halvorsen Institute "
                "for Economic Research's wage tracker."
            ),
            p(
                "Average weekly wages were 4.3 per cent higher than a year earlier in the "
                "latest quarter, while consumer prices were up 3.2 per cent."
            ),
            image(
                "wage-chart",
                "Wages overtook prices in the second quarter of this year and have "
                "stayed ahead since.",
                "Bar chart of eight quarters. Wage growth rises steadily from 3.1 to 4.3 "
                "per cent; price growth falls from 4.6 to 3.2 per cent, dropping below "
                "wages from the sixth quarter on.",
                credit="Chart: Tomás Ferreira / The Newsroom. Source: Halvorsen Institute",
            ),
            subhead("Who is gaining"),
            p(
                "The gains are uneven. Wages in hospitality and care, where minimum-wage "
                "rises took effect in the spring, grew fastest. Pay for office jobs in "
                "finance grew more slowly than prices."
            ),
            quote(
                "Three good quarters do not undo three bad years. Most households are "
                "still poorer than before prices took off.",
                "Dr. Aiden Brooks",
                "senior economist at the Halvorsen Institute",
                source="hier-wages",
            ),
            callout(
                "fact-check",
                'Some have claimed wages are now "back where they were". They are not: '
                "adjusted for prices, average pay is still about 2 per cent below its "
                "level of three years ago, on the institute's figures.",
            ),
            subhead("What it means for rates"),
            p(
                "Faster pay growth can keep inflation high if firms pass on the cost. "
                "The institute says that is not happening yet: profit margins, not "
                "wages, explain most of the recent price rises in food."
            ),
            callout(
                "key-takeaway",
                "Real wages are rising again, but they have a long way to climb back.",
            ),
        ],
    },
    {
        "section": "business",
        "headline": "Regional grocers band together to buy straight from farms",
        "dek": "Sixty independent shops have formed a buying cooperative to deal "
        "directly with growers, cutting out wholesalers and, they hope, cutting prices.",
        "dateline": "KELDHAM",
        "tags": ["food", "retail", "farming"],
        "bylines": [("written", "priya-raman"), ("additional", "ingrid-solberg")],
        "status": "published",
        "published": (7, "12:15"),
        "citations": [
            (
                "grocers-coop",
                "The number of member shops and farms, and the pricing terms.",
            ),
        ],
        "body": [
            p(
                "Sixty independent grocers across the north have formed a cooperative to "
                "buy fruit, vegetables and dairy directly from farms, in the biggest "
                "challenge yet to the wholesalers that supply most small shops."
            ),
            callout(
                "background",
                "Small shops pay more for the same goods than supermarket chains, which "
                "buy in bulk and often own their own distribution.",
            ),
            subhead("How it will work"),
            p(
                "The Northern Grocers' Cooperative will agree prices with about forty "
                "farms for a season at a time, collect from them in shared vans and "
                "deliver to member shops twice a week."
            ),
            p(
                "“The farmer gets more, the shop pays less, and the customer knows "
                "which field the potatoes came from,” said Bridget Moran, who runs a "
                "greengrocer's and chairs the cooperative."
            ),
            pull_quote(
                "The farmer gets more, the shop pays less, and the customer knows which "
                "field the potatoes came from.",
                "Bridget Moran",
                "who runs a greengrocer's and chairs the cooperative",
                source="grocers-coop",
            ),
            subhead("The risks"),
            bullets(
                "A bad harvest leaves members with no fallback supplier.",
                "Shared vans need enough orders to run full.",
                "Wholesalers may cut prices to win shops back.",
            ),
            quote(
                "Cooperatives like this have failed before, usually in the second year, "
                "when the enthusiasm runs out and the van breaks down.",
                "Tom Ashby",
                "a food retail consultant",
            ),
            callout(
                "whats-next",
                "The first deliveries start with the spring vegetables. The cooperative "
                "says it will publish its prices to members every month.",
            ),
        ],
    },
    {
        "section": "business",
        "headline": "What a shared winter power reserve would mean for your bill",
        "dek": "Governments are arguing over who pays for backup electricity. Here is how "
        "the cost would reach households, and what you can do now.",
        "dateline": "BRUSSELS",
        "tags": ["energy", "household bills", "explainer"],
        "bylines": [("written", "priya-raman"), ("additional", "amara-okafor")],
        "status": "published",
        "published": (3, "18:40"),
        "citations": [
            ("egm-winter", "The size of the reserve and the estimated cost."),
            ("hier-wages", "Household spending on energy as a share of income."),
        ],
        "body": [
            p(
                "Energy ministers are divided over a proposal to pay power stations and "
                "batteries to stand by for the coldest weeks of winter. If it goes ahead, "
                "households would pay for it, a little at a time."
            ),
            subhead("How the cost reaches you"),
            numbered(
                "Grid operators pay stand-by fees to the plants in the reserve.",
                "They recover the fees through the network charge on every bill.",
                "Your supplier passes the charge on, usually as part of the standing charge.",
            ),
            callout(
                "did-you-know",
                "The standing charge is the fixed daily amount you pay whatever you use. "
                "Network costs, like this reserve, are one of its largest parts.",
            ),
            subhead("How much?"),
            p(
                "The European Grid Monitor estimates the reserve would add about the price "
                "of a cup of coffee a month to a typical household bill, far less than the "
                "price spikes it is meant to prevent."
            ),
            quote(
                "Insurance always looks expensive until the week you need it.",
                "Marta Kowalczyk",
                "senior grid analyst at the European Grid Monitor",
                source="egm-winter",
            ),
            subhead("What you can do now"),
            callout(
                "pro-tip",
                "If your meter can record use by the half hour, ask your supplier for a "
                "tariff that is cheaper overnight: running the washing machine after ten "
                "costs less, and eases the evening peak the reserve is meant to cover.",
            ),
            p(
                "Consumer groups say households struggling with bills should contact "
                "their supplier before falling behind; suppliers must offer payment plans."
            ),
        ],
    },
]
