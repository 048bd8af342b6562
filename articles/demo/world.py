"""Demo stories of the World desk and its Asia-Pacific and Europe sections."""

from .parts import bullets, callout, numbered, p, pull_quote, quote, subhead

STORIES = [
    {
        "section": "world",
        "headline": "Forty cities agree to share heatwave warnings across borders",
        "dek": "A network of city health departments will trade forecasts and alerts, so "
        "a heatwave crossing a border is met by a warning that has already been tested.",
        "dateline": "GENEVA",
        "tags": ["heatwaves", "public health", "cities"],
        "bylines": [
            ("written", "ingrid-solberg"),
            ("additional", "yasmin-haddad"),
            ("additional", "mei-lin-tan"),
        ],
        "status": "published",
        "published": (0, "07:30"),
        "citations": [
            (
                "urban-heat",
                "The forty cities, the shared thresholds and the 2027 start date.",
            ),
        ],
        "body": [
            p(
                "Health officials from forty cities on four continents signed an agreement "
                "on Tuesday to share heatwave forecasts and warning thresholds, the first "
                "arrangement of its kind between city governments rather than national ones."
            ),
            p(
                "Under the plan, drawn up by the Global Urban Heat Network, a city that "
                "expects dangerous heat will pass its forecast and its planned warnings to "
                "neighbouring cities on the same weather system, up to five days ahead."
            ),
            subhead("Why cities, not countries"),
            p(
                "Heat kills quietly and locally. The people most at risk, older residents "
                "living alone and outdoor workers, are reached by city services: clinics, "
                "social workers, bus drivers and libraries that open as cool rooms."
            ),
            quote(
                "A national warning tells you the country will be hot. A city warning tells "
                "a nurse which streets to knock on first.",
                "Dr. Leila Brandt",
                "head of environmental health, Global Urban Heat Network",
                source="urban-heat",
            ),
            callout(
                "did-you-know",
                "Night-time temperatures matter as much as daytime peaks. Bodies recover "
                "overnight; when nights stay above about 24°C, that recovery fails, and "
                "hospital admissions rise in the days that follow.",
            ),
            subhead("What the cities will share"),
            p(
                "The agreement lists what every member city commits to publish for the others:"
            ),
            bullets(
                "Its forecast of the daily high and overnight low, five days ahead.",
                "The temperature at which it issues each level of warning.",
                "Which services it opens, such as cool rooms and extended clinic hours.",
                "Afterwards, how many people used them and what went wrong.",
            ),
            p(
                "In Amman, officials said the shared thresholds would let them compare "
                "their own warnings with cities that have run heat plans for a decade. In "
                "Singapore, where the heat is steadier, the interest is in humidity alerts."
            ),
            p(
                "“We have been inventing the same plan forty times. Now we can copy "
                "the parts that worked,” said Dr. Leila Brandt, head of environmental "
                "health at the Global Urban Heat Network."
            ),
            pull_quote(
                "We have been inventing the same plan forty times. Now we can copy the "
                "parts that worked.",
                "Dr. Leila Brandt",
                "head of environmental health, Global Urban Heat Network",
            ),
            subhead("What comes next"),
            p(
                "The first exchange of forecasts is due before next summer in the northern "
                "hemisphere. Cities in the south, where summer is beginning, will test the "
                "system first."
            ),
            callout(
                "key-takeaway",
                "The agreement changes no law. Its value is speed: a city can warn its "
                "residents with thresholds a neighbour has already tested, days earlier "
                "than it could alone.",
            ),
        ],
    },
    {
        "section": "world",
        "headline": "مكتبة متنقلة تعيد القراءة إلى قرى وادي الأردن",
        "language": "ar",
        "dek": "حافلة قديمة تحوّلت إلى مكتبة تزور اثنتي عشرة قرية كل أسبوعين، "
        "ويقول المعلمون إن الأطفال صاروا ينتظرونها عند أطراف الطرق.",
        "dateline": "عمّان",
        "tags": ["libraries", "education", "Jordan"],
        "bylines": [("written", "yasmin-haddad"), ("photos", "tomas-ferreira")],
        "status": "published",
        "published": (5, "12:15"),
        "citations": [
            ("reading-villages", "عدد القرى والكتب وجدول الزيارات."),
        ],
        "body": [
            p(
                "في صباح كل يوم أحد، تنطلق حافلة زرقاء من عمّان نحو غور الأردن، "
                "وعلى رفوفها أكثر من ثلاثة آلاف كتاب للأطفال واليافعين."
            ),
            p(
                "الحافلة كانت تنقل الركاب بين المدن لعشرين عاماً، قبل أن تشتريها مؤسسة "
                "«القراءة لكل قرية» وتعيد تجهيزها برفوف ومقاعد ومكيّف هواء."
            ),
            subhead("كيف بدأت الفكرة"),
            p(
                "تقول المعلمة سلمى العبادي إن أقرب مكتبة عامة إلى قريتها تبعد أكثر من "
                "ساعة بالسيارة، وإن معظم العائلات لا تملك وسيلة نقل في أيام الأسبوع."
            ),
            quote(
                "كان الأطفال يقرأون الكتاب المدرسي فقط. اليوم يسألونني عن الجزء الثاني "
                "من القصة قبل أن تصل الحافلة.",
                "سلمى العبادي",
                "معلمة في مدرسة ابتدائية",
            ),
            callout(
                "did-you-know",
                "تحمل الحافلة كتباً بالعربية والإنجليزية، ويستطيع كل طفل أن يستعير "
                "كتابين في كل زيارة ويعيدهما في الزيارة التالية.",
                title="هل تعلم؟",
            ),
            subhead("ما الذي تقدّمه الحافلة"),
            bullets(
                "إعارة الكتب للأطفال والكبار بلا رسوم.",
                "ساعة قراءة جماعية يقودها متطوعون.",
                "ركن صغير لكتب الزراعة والري لأهالي القرى.",
            ),
            p(
                "ويقول رامي النابلسي، مدير البرامج في المؤسسة: «الكتاب الذي يصل إلى "
                "باب البيت يُقرأ أكثر من الكتاب الذي ينتظر على رف بعيد»."
            ),
            pull_quote(
                "الكتاب الذي يصل إلى باب البيت يُقرأ أكثر من الكتاب الذي ينتظر على رف بعيد.",
                "رامي النابلسي",
                "مدير البرامج في مؤسسة «القراءة لكل قرية»",
                source="reading-villages",
            ),
            subhead("الخطوة التالية"),
            p(
                "تخطط المؤسسة لتشغيل حافلة ثانية في الربيع المقبل، إذا نجحت في جمع "
                "تكاليف الوقود والصيانة لعام كامل."
            ),
            callout(
                "whats-next",
                "ستضيف المؤسسة ثماني قرى جديدة إلى الجدول، وتبحث عن متطوعين لساعات "
                "القراءة في أيام السبت.",
                title="ما التالي؟",
            ),
        ],
    },
    {
        "section": "asia-pacific",
        "headline": "山あいのローカル線、住民の手で再び走る",
        "language": "ja",
        "dek": "赤字で廃止が決まった全長十八キロの鉄道を、沿線の住民が出資する会社が引き継いだ。"
        "再開初日、始発列車は満員だった。",
        "dateline": "長野",
        "tags": ["railways", "rural Japan", "Nagano"],
        "bylines": [("written", "kenji-watanabe"), ("photos", "tomas-ferreira")],
        "status": "published",
        "published": (3, "06:05"),
        "lead_image": {
            "picture": "mountain-rail",
            "caption": "再開した路線の鉄橋を渡る二両編成の列車(イラスト)。",
            "alt_text": "緑の山々を背景に、石造りのアーチ橋を渡る赤い二両編成の列車のイラスト。",
        },
        "body": [
            p(
                "山あいの小さな駅に、朝六時すぎ、二両編成の列車が入ってきた。"
                "ホームで待っていた約百人の住民から、拍手が起こった。"
            ),
            p(
                "この路線は利用者の減少で二年前に廃止が決まった。"
                "しかし沿線の四つの町の住民が出資して新しい運行会社をつくり、"
                "車両と線路を引き継いだ。"
            ),
            subhead("住民が株主に"),
            p(
                "出資したのは約二千三百人。一口一万円で、最も多いのは高校生の通学を"
                "心配する親の世代だという。"
            ),
            p(
                "運行会社の代表、松本さち子さんは「この線がなくなれば、町から若い人がいなくなる。"
                "それだけは避けたかった」と話した。"
            ),
            pull_quote(
                "この線がなくなれば、町から若い人がいなくなる。それだけは避けたかった。",
                "松本さち子",
                "運行会社の代表",
            ),
            callout(
                "background",
                "日本の地方鉄道の多くは、人口減少と自動車の普及で赤字が続いている。"
                "自治体が線路を保有し、別の会社が運行する「上下分離」の方式を取る路線も増えている。",
                title="背景",
            ),
            subhead("再開までの歩み"),
            numbered(
                "廃止の発表を受けて、住民が存続を求める会を結成。",
                "四つの町の議会が線路の維持費の一部負担を決定。",
                "住民出資の運行会社を設立し、運転士六人を採用。",
                "安全確認の試運転を三か月続け、運行を再開。",
            ),
            quote(
                "通学定期が戻ってきて、本当に助かります。バスだと一時間以上かかりました。",
                "高校二年の生徒",
            ),
            subhead("課題は冬"),
            p(
                "一方で課題も多い。豪雪の冬には除雪に多くの費用がかかり、"
                "運賃収入だけでは賄えない見込みだ。会社は観光列車の運行も検討している。"
            ),
            callout(
                "whats-next",
                "会社は来年春までに、週末の観光列車と沿線の宿泊施設を組み合わせた"
                "旅行商品を発売する予定。",
                title="今後",
            ),
        ],
    },
    {
        "section": "asia-pacific",
        "headline": "The mountain railway its riders refused to let die",
        "dek": "When an 18-kilometre line in the Japanese Alps was marked for closure, "
        "2,300 residents bought shares in a company to run it themselves.",
        "dateline": "NAGANO, Japan",
        "tags": ["railways", "rural Japan", "Nagano"],
        "bylines": [
            ("written", "kenji-watanabe"),
            ("translated", "mei-lin-tan"),
            ("photos", "tomas-ferreira"),
        ],
        "status": "published",
        "published": (3, "18:40"),
        "lead_image": {
            "picture": "mountain-rail",
            "caption": "The reopened line crosses a stone viaduct below the mountains "
            "(illustration).",
            "alt_text": "Illustration of a red two-car train crossing an arched stone "
            "viaduct, with layered green and blue mountains behind it.",
        },
        "body": [
            p(
                "Shortly after six in the morning, a two-car train pulled into a small "
                "mountain station, and about a hundred people waiting on the platform "
                "began to clap."
            ),
            p(
                "Two years ago the operator announced that falling passenger numbers "
                "meant the line would close. Instead, residents of the four towns along "
                "it formed a company, raised the money and took over the trains and track."
            ),
            callout(
                "editors-note",
                "This story was first published in Japanese. Mei Lin Tan translated it "
                "for this edition; quotes are translated from Japanese.",
            ),
            subhead("Passengers become shareholders"),
            p(
                "About 2,300 people bought shares at ¥10,000 each. The largest group, the "
                "company says, are parents worried about how their children would reach "
                "the high school two towns away."
            ),
            p(
                "“If this line disappears, the young people disappear from the town. "
                "That was the one thing we could not allow,” said Sachiko Matsumoto, "
                "president of the operating company."
            ),
            pull_quote(
                "If this line disappears, the young people disappear from the town. That "
                "was the one thing we could not allow.",
                "Sachiko Matsumoto",
                "president of the operating company",
            ),
            subhead("How the line came back"),
            numbered(
                "Residents formed a campaign group the week the closure was announced.",
                "The four town councils agreed to share the cost of maintaining the track.",
                "The new company was founded and hired six drivers.",
                "Three months of test runs passed the safety inspection.",
            ),
            callout(
                "pro-tip",
                "Visitors can buy a one-day pass at any staffed station; on weekends it "
                "includes a stop at the hot spring beside the third station.",
            ),
            subhead("The hard part is winter"),
            p(
                "Heavy snow makes winter expensive: clearing the track will cost more "
                "than fares bring in. The company is planning weekend tourist trains to "
                "close the gap."
            ),
        ],
    },
    {
        "section": "asia-pacific",
        "headline": "Tuna fleets follow warming water east, and island ports follow the fleets",
        "dek": "Catch data show the skipjack fishery shifting hundreds of kilometres as "
        "ocean temperatures change, moving jobs and licence fees with it.",
        "dateline": "SUVA, Fiji",
        "tags": ["fisheries", "ocean", "Pacific islands", "climate"],
        "bylines": [("written", "ingrid-solberg"), ("additional", "mei-lin-tan")],
        "status": "published",
        "published": (6, "09:50"),
        "citations": [
            (
                "pfo-catch",
                "Where skipjack were caught, year by year, and sea temperatures.",
            ),
        ],
        "body": [
            p(
                "The fishing boats that once unloaded at the western end of the Pacific "
                "island chain are landing more of their catch further east, following "
                "the warm water where skipjack tuna feed."
            ),
            p(
                "Twenty-five years of catch records, published by the Pacific Fisheries "
                "Observatory, show the centre of the catch moving east in warm years and "
                "back west in cool ones, and further east each decade."
            ),
            subhead("Fish move, and so does money"),
            p(
                "For small island states, fishing licences sold to foreign fleets are "
                "one of the largest sources of government income. When the fish move "
                "out of a country's waters, the fees go with them."
            ),
            quote(
                "A budget built on licence fees is a budget built on the weather.",
                "Sione Vaka",
                "fisheries economist at the Pacific Fisheries Observatory",
                source="pfo-catch",
            ),
            callout(
                "fact-check",
                "Claims that tuna stocks are collapsing across the Pacific are not "
                "supported by the catch data: skipjack numbers are stable overall. What "
                "is changing is where the fish are found.",
            ),
            subhead("Sharing the catch"),
            p(
                "Island governments already pool some licence income. Negotiators are "
                "now discussing a larger shared fund, paid out by a formula that would "
                "smooth the swings between warm and cool years. “We cannot fence the "
                "ocean. We can agree how to share what swims in it,” said Ana Tuilagi, "
                "a regional fisheries negotiator."
            ),
            pull_quote(
                "We cannot fence the ocean. We can agree how to share what swims in it.",
                "Ana Tuilagi",
                "regional fisheries negotiator",
            ),
            callout(
                "did-you-know",
                "Skipjack is the tuna most often sold in cans. It grows fast and "
                "breeds year-round in warm water, which is why its range follows "
                "temperature so closely.",
            ),
        ],
    },
    {
        "section": "asia-pacific",
        "headline": "Hawker centres try a cashless lunch rush, and the queues get shorter",
        "dek": "A trial at three food centres lets diners order and pay by phone. "
        "Stallholders say it saves time; older customers want to keep their coins.",
        "dateline": "SINGAPORE",
        "tags": ["food", "payments", "Singapore"],
        "bylines": [("written", "mei-lin-tan"), ("photos", "tomas-ferreira")],
        "status": "published",
        "published": (11, "16:20"),
        "lead_image": {
            "picture": "lanterns",
            "caption": "Lanterns over the stalls of a food centre at night (illustration).",
            "alt_text": "Illustration of rows of red, orange and yellow lanterns strung "
            "above a line of lit food stalls at night.",
        },
        "body": [
            p(
                "At noon on a weekday, the queue for chicken rice at one of the city's "
                "busiest food centres is shorter than usual. Half the customers ordered "
                "from their table."
            ),
            p(
                "The trial, at three centres, lets diners scan a code on their table, "
                "order from several stalls at once and pay by phone. Each stall sees the "
                "order on a tablet and calls the table number when it is ready."
            ),
            subhead("Faster for the stalls"),
            quote(
                "Before, I was cook and cashier. Now I only cook, and I can serve twenty "
                "more plates at lunch.",
                "Lim Ah Huat",
                "who has run a noodle stall for thirty-one years",
            ),
            p(
                "Mr. Lim spoke in Mandarin; his words are translated. He said the fee "
                "charged on each order was lower than he expected, but that he would "
                "watch it closely."
            ),
            callout(
                "pro-tip",
                "Ordering from two stalls on one bill works only within the same "
                'centre. Tap "add stall" before you pay, not after.',
            ),
            subhead("Slower for some diners"),
            p(
                "Not everyone is convinced. Several older customers said they found the "
                "codes confusing, and every stall in the trial must still take cash. "
                "“The food is the same. I just want to hand over my coins and say "
                "thank you,” said Madam Rosnah, a retired teacher who eats at the "
                "centre daily."
            ),
            pull_quote(
                "The food is the same. I just want to hand over my coins and say thank you.",
                "Madam Rosnah",
                "a retired teacher who eats at the centre daily",
            ),
            callout(
                "key-takeaway",
                "Cash stays: the trial adds a way to order, it does not remove one.",
            ),
        ],
    },
    {
        "section": "europe",
        "headline": "Coastal towns draw up plans to move inland before the sea decides for them",
        "dek": "A North Sea town is the first to vote on a thirty-year plan to move homes, "
        "a school and its harbour away from the shore, one street at a time.",
        "dateline": "WESTERZAND, Netherlands",
        "tags": ["coasts", "climate adaptation", "housing", "North Sea"],
        "bylines": [
            ("written", "amara-okafor"),
            ("additional", "ingrid-solberg"),
            ("photos", "tomas-ferreira"),
        ],
        "status": "published",
        "published": (2, "21:10"),
        "lead_image": {
            "picture": "harbour",
            "caption": "Cranes over Westerzand's harbour, which the plan would move two "
            "kilometres inland (illustration).",
            "alt_text": "Illustration of harbour cranes and shipping containers "
            "silhouetted against an orange evening sky, the sun low over dark water.",
        },
        "citations": [
            (
                "icr-retreat",
                "The cost comparison between raising defences and moving, and the "
                "number of towns studying a retreat.",
            ),
        ],
        "body": [
            p(
                "The town council of Westerzand voted by eleven to four on Monday night to "
                "begin a thirty-year plan to move about 600 homes, a primary school and "
                "the working harbour away from the shore."
            ),
            p(
                "It is the first town on the North Sea coast to commit to what planners "
                "call a managed retreat, and at least a dozen others are watching."
            ),
            p(
                "“Nobody here wants to leave. But we would rather choose where we go "
                "than be told by a storm,” said Marieke de Vos, the mayor of "
                "Westerzand."
            ),
            subhead("Cheaper than a higher wall"),
            p(
                "A report by the Institute for Coastal Resilience estimated that raising "
                "the town's sea defences to last until the end of the century would cost "
                "more than twice as much as moving the most exposed streets."
            ),
            callout(
                "background",
                "Westerzand's dike was last raised in the 1980s. Storm surges have "
                "topped the outer harbour wall three times in the past ten winters.",
            ),
            pull_quote(
                "Nobody here wants to leave. But we would rather choose where we go than "
                "be told by a storm.",
                "Marieke de Vos",
                "mayor of Westerzand",
            ),
            subhead("What the plan includes"),
            bullets(
                "Homes in the lowest streets are bought at their value before the vote.",
                "New homes are built on higher ground two kilometres inland.",
                "The school moves first, within eight years.",
                "The harbour follows once a new channel is dug.",
            ),
            quote(
                "The danger is that the plan is fair on paper and slow in practice. "
                "People need dates, not decades.",
                "Joost Hamer",
                "who leads a residents' group opposed to the timetable",
            ),
            subhead("The towns watching"),
            p(
                "Officials from towns in Denmark and Germany attended the vote. The "
                "institute counts fourteen coastal councils studying similar plans."
            ),
            callout(
                "key-takeaway",
                "The vote commits the town to a direction, not a budget. The first "
                "purchases depend on national funding, which is yet to be agreed.",
            ),
        ],
    },
    {
        "section": "europe",
        "headline": "Night trains return to the Alps, and sell out by Thursday",
        "dek": "A revived sleeper service between the lowlands and the mountains is full "
        "most weekends. Operators say the problem now is finding carriages.",
        "dateline": "INNSBRUCK, Austria",
        "tags": ["railways", "travel", "Alps"],
        "bylines": [("written", "amara-okafor")],
        "status": "published",
        "published": (9, "08:45"),
        "citations": [
            (
                "transit-alliance",
                "Passenger numbers on Europe's revived sleeper routes.",
            ),
        ],
        "body": [
            p(
                "The sleeper train pulls out just after nine in the evening and arrives "
                "in the mountains before breakfast. Since it returned in the spring, its "
                "couchettes have sold out on almost every Friday departure."
            ),
            subhead("Why sleepers are back"),
            p(
                "Travellers cite the same reasons: no airport queues, a night's "
                "accommodation included in the fare, and a smaller carbon footprint."
            ),
            quote(
                "We could sell twice the seats. What we cannot do is build sleeping cars "
                "fast enough.",
                "Katrin Moser",
                "spokeswoman for Alpine Nightline",
            ),
            callout(
                "did-you-know",
                "A couchette is a shared compartment of four or six bunks; a sleeper has "
                "one to three proper beds and usually a washbasin.",
            ),
            subhead("How to get a berth"),
            numbered(
                "Book the day sales open, ninety days before departure.",
                "Choose a couchette if sleepers are gone; it is cheaper, too.",
                "Travel midweek, when the train is rarely full.",
            ),
            callout(
                "pro-tip",
                "Bring earplugs and a light layer: carriages are warm at night and "
                "cold when the doors open at mountain stations.",
            ),
            subhead("Waiting for carriages"),
            p(
                "The Open Transit Alliance, which campaigns for cross-border rail, says "
                "new sleeping cars ordered by several operators will not arrive for at "
                "least three years. “Demand is not the question any more. Rolling "
                "stock is,” said Pieter Claes, the alliance's director."
            ),
            pull_quote(
                "Demand is not the question any more. Rolling stock is.",
                "Pieter Claes",
                "director of the Open Transit Alliance",
                source="transit-alliance",
            ),
        ],
    },
    {
        "section": "europe",
        "headline": "Energy ministers split over a shared winter power reserve",
        "dek": "Northern governments want a jointly funded stock of backup power; "
        "southern ones fear paying for a problem that is mostly not theirs.",
        "dateline": "BRUSSELS",
        "tags": ["energy", "electricity", "European politics"],
        "bylines": [("written", "amara-okafor"), ("additional", "priya-raman")],
        "status": "published",
        "published": (4, "13:30"),
        "citations": [
            (
                "egm-winter",
                "The risk of shortfalls on cold, windless days this winter.",
            ),
        ],
        "body": [
            p(
                "Energy ministers ended a day of talks without agreeing whether to build "
                "a shared reserve of backup power for the coldest weeks of winter, "
                "leaving the proposal to their next meeting."
            ),
            callout(
                "background",
                "The reserve would pay power stations and large batteries to stand by, "
                "unused, and run only when supply across several countries falls short.",
            ),
            subhead("The case for sharing"),
            p(
                "The European Grid Monitor warned in its winter outlook that a week of "
                "cold, still weather could leave several northern grids short at peak "
                "times, even as southern ones had power to spare. “A shortage in one "
                "country is a price spike in all of them. We are already sharing the "
                "risk; we are just not sharing the insurance,” said Marta Kowalczyk, a "
                "senior grid analyst at the monitor."
            ),
            pull_quote(
                "A shortage in one country is a price spike in all of them. We are "
                "already sharing the risk; we are just not sharing the insurance.",
                "Marta Kowalczyk",
                "senior grid analyst at the European Grid Monitor",
                source="egm-winter",
            ),
            subhead("The case against"),
            p(
                "Diplomats from southern governments said their grids rarely face winter "
                "shortfalls and that a reserve funded by every country would mostly "
                "protect a few. Some proposed paying in proportion to each country's risk."
            ),
            quote(
                "Solidarity has to run both ways. Our shortages come in August.",
                "a southern European diplomat",
                "speaking on condition of anonymity",
            ),
            subhead("What happens next"),
            callout(
                "whats-next",
                "Officials will draft a compromise on how to split the cost. Ministers "
                "meet again next month; any reserve would not be in place before next "
                "winter.",
            ),
        ],
    },
]
