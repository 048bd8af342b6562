"""British and American spellings of the same word, for the house's preference.

Built from stems and endings rather than listed one by one: each pair is kept only
when the American form is in the spelling dictionary, so that no form is invented.
Words spelt alike on both sides ("advise", "compromise", "exercise") are not here,
and neither are pairs that are different words in one of the two ("check" and
"cheque", "tire" and "tyre", "practice" and "practise").
"""

_OUR = """armour behaviour candour clamour colour endeavour favour fervour flavour harbour
honour humour labour neighbour odour parlour rancour rumour savour splendour tumour
valour vapour vigour"""
_OUR_ENDINGS = ("", "s", "ed", "ing", "able", "ful", "ite", "ites", "hood", "hoods",
                "less", "ably", "er", "ers", "ly")  # fmt: skip

_ISE = """apologis authoris capitalis categoris centralis characteris civilis
commercialis criticis decentralis democratis digitalis emphasis familiaris finalis
formalis globalis harmonis hospitalis industrialis internationalis jeopardis legalis
legitimis localis marginalis maximis memoris minimis mobilis modernis monopolis
nationalis neutralis normalis optimis organis penalis polaris prioritis privatis
publicis radicalis rationalis realis recognis revolutionis scrutinis sensitis
socialis specialis stabilis standardis subsidis summaris sympathis terroris urbanis
utilis vandalis visualis weaponis westernis"""
_ISE_ENDINGS = ("e", "es", "ed", "ing", "ation", "ations", "er", "ers")
_YSE = "analys paralys catalys dialys breathalys"
_YSE_ENDINGS = ("e", "es", "ed", "ing", "er", "ers")

_RE = """centre metre kilometre centimetre millimetre theatre fibre litre calibre sabre
spectre sombre lustre meagre"""
_RE_ENDINGS = ("", "s", "d")

_LL = """travelled travelling traveller travellers cancelled cancelling labelled
labelling modelled modelling fuelled fuelling counselled counselling counsellor
counsellors signalled signalling totalled totalling marvellous jewellery channelled
channelling levelled levelling quarrelled dialled dialling equalled funnelled
tunnelled tunnelling"""

_PAIRS = """defence defense|defences defenses|offence offense|offences offenses|
licence license|licences licenses|pretence pretense|programme program|
programmes programs|grey gray|aluminium aluminum|plough plow|ploughed plowed|
sceptic skeptic|sceptical skeptical|scepticism skepticism|manoeuvre maneuver|
manoeuvres maneuvers|paediatric pediatric|paediatrician pediatrician|anaemia anemia|
oestrogen estrogen|judgement judgment|judgements judgments|ageing aging|
enrol enroll|enrolment enrollment|fulfil fulfill|fulfilment fulfillment|
instalment installment|pyjamas pajamas|moustache mustache|catalogue catalog|
analogue analog|mould mold|smoulder smolder|cosy cozy|axe ax|artefact artifact|
foetus fetus|haemorrhage hemorrhage|leukaemia leukemia|orthopaedic orthopedic|
diarrhoea diarrhea|oesophagus esophagus|aeroplane airplane|aeroplanes airplanes|
mollusc mollusk|sulphur sulfur|yoghurt yogurt"""


# British forms that an American house corrects, whose American form a British
# house must not: "meter" (the device), "program" (software) and "license" (the
# verb) are British English too.
ONE_WAY = {"metre", "metres", "programme", "programmes", "licence", "licences"}


def variant_pairs(words):
    """``{british: american}`` for every pair whose American form ``words`` knows."""
    pairs = {}
    for stem in _OUR.split():
        for ending in _OUR_ENDINGS:
            pairs[stem + ending] = stem[:-2] + "r" + ending
    for stem in _ISE.split():
        for ending in _ISE_ENDINGS:
            pairs[stem + ending] = stem[:-1] + "z" + ending
    for stem in _YSE.split():
        for ending in _YSE_ENDINGS:
            pairs[stem + ending] = stem[:-1] + "z" + ending
    for word in _RE.split():
        for ending in _RE_ENDINGS:
            pairs[word + ending] = word[:-2] + "er" + ending
    for word in _LL.split():
        pairs[word] = word.replace("ll", "l", 1)
    for pair in _PAIRS.replace("\n", "").split("|"):
        british, american = pair.split()
        pairs[british] = american
    return {
        british: american
        for british, american in pairs.items()
        if words is None or american in words
    }
