"""The generator's own vocabulary: common English words, and the pools of made-up names.

None of it comes from any real story. ``COMMON_WORD`` and ``RARE_WORD`` are kept out of
the vocabulary so that a search for them finds exactly the stories the generator put
them in: every story for the one, one story in a thousand for the other.
"""

COMMON_WORD = "newsroom"
RARE_WORD = "quillwort"
RARE_EVERY = 1000

FUNCTION_WORDS = """
the the the the the of of of of and and and to to to in in in a a a that that for for
on on with with as as by by at from from is is was are were has have had will would
could should may can its their this these those which when while after before over
under between into about than more most some many every each other new first last
""".split()

NOUNS = """
agency airport alliance archive assembly audience authority bank basin border bridge
budget building cabinet campaign canal capital cargo census centre charter church city
climate coast coalition committee community company contract corridor court crop
culture dam debate decade delegation district doctor drought economy election energy
engineer estate export factory family farm ferry festival field fishery forest
framework fund garden generation glacier government grain grid harbour harvest health
highway hospital household housing industry inflation institute island journey judge
kitchen labour lake landscape language law leader library licence market mayor
measure mill minister mission monsoon mountain museum nation network ocean office
orchard parliament partnership pension people pipeline plan planner platform police
policy port poverty price programme project province railway region reform reservoir
river road school science season sector settlement shipyard shore station statute
steel strategy student supply survey teacher tenant territory textile theatre timber
tourism trade tradition traffic treaty tribunal tunnel union university valley
village voter wage warehouse water weather welfare wetland worker workshop yard
research dialogue summit agreement proposal investment resource network vaccine
""".split()

VERBS = """
agreed announced approved argued began blocked built called cancelled changed
claimed closed collected completed confirmed considered continued cut decided
delayed delivered described doubled drew earned eased ended expanded expected faced
failed fell finished followed found funded gained grew hired improved increased
joined kept launched led lifted limited lost moved named noted opened ordered passed
planned pledged predicted promised proposed published raised reached rebuilt
recorded reduced refused rejected released remained reopened reported required
restored reviewed rose said saw secured settled shared signed slowed spent split
started stopped suggested supported surveyed tested tightened tripled urged visited
voted warned welcomed widened won worked wrote
""".split()

ADJECTIVES = """
annual broad busy careful central civic coastal common complex costly crucial
cultural daily direct distant domestic dry early eastern economic efficient empty
familiar federal fragile fresh full general gradual heavy historic important inland
key large late legal local long major modest narrow national northern official
open ordinary overseas patient popular possible practical private public quiet
rapid rare recent regional remote rural seasonal senior sharp short slow small
southern stable steady strong sudden technical temporary tight uneven urban vast
visible vital warm weekly western wide young
""".split()

ADVERBS = """
again already also carefully clearly currently early finally firmly gradually largely
later mostly nearly now often once openly partly quickly quietly rarely recently
sharply slowly soon still steadily today widely
""".split()

FIRST_NAMES = """
Ada Alva Anouk Arjun Bela Bruno Carmen Chidi Dalia Dmitri Elif Emeka Farah Fintan
Greta Hamid Ilse Imani Jonas Joon Kaia Kofi Leila Lorcan Maren Mateo Nadia Nikhil
Oona Orhan Paloma Quentin Rania Rafael Sanna Sefa Tamsin Teodor Ulla Uriel Vesna
Wiremu Xenia Yusuf Zofia Zoran
""".split()

LAST_NAMES = """
Abernethy Achterberg Balogun Bergqvist Castellanos Dabrowski Eastwood Fairbairn
Galvez Haldane Ibarra Jankowski Kaplan Lindqvist Mbeki Moreau Nakagawa Okonjo
Petrakis Quiroga Rasmussen Sorensen Takahara Uhlmann Valdivia Whitcombe Yilmaz
Zeller
""".split()

DATELINES = """
AMSTERDAM ACCRA AUCKLAND BERGEN BOGOTA BRUSSELS CAIRO DAKAR GENEVA HANOI HELSINKI
JAKARTA LAGOS LIMA LISBON MANILA MONTREAL NAIROBI OSAKA OSLO PRAGUE QUITO RIGA
SANTIAGO SEOUL TALLINN TUNIS VALPARAISO VIENNA WELLINGTON
""".split()

# slug, name, parent slug, weight (a share of the stories, children counted apart).
SECTIONS = [
    ("world", "World", None, 10),
    ("asia-pacific", "Asia-Pacific", "world", 8),
    ("europe", "Europe", "world", 8),
    ("americas", "Americas", "world", 6),
    ("africa", "Africa", "world", 5),
    ("politics", "Politics", None, 14),
    ("business", "Business", None, 12),
    ("markets", "Markets", "business", 5),
    ("science", "Science", None, 8),
    ("climate", "Climate", None, 8),
    ("culture", "Culture", None, 8),
    ("sport", "Sport", None, 5),
    ("opinion", "Opinion", None, 3),
]

STAFF_TITLES = [
    "Staff writer",
    "Correspondent",
    "Economics reporter",
    "Science writer",
    "Political reporter",
    "Regional editor",
    "Data reporter",
    "Culture writer",
]

SPEAKER_TITLES = [
    "Mayor",
    "Minister of Transport",
    "Union representative",
    "Harbour master",
    "Hospital director",
    "Chief economist",
    "Head teacher",
    "Farmers' cooperative chair",
    "Researcher",
    "Council leader",
]

ORGANISATION_FORMS = [
    "{Adjective} Institute for {Noun} Studies",
    "Centre for {Adjective} {Noun} Research",
    "{Noun} and {Noun2} Foundation",
    "Office of {Adjective} {Noun} Statistics",
    "{Adjective} {Noun} Council",
]
