"""The words that mark a line's role in copy, in the languages the importer reads.

Each table maps a language to the patterns that mark one kind of line in it: promo
and related labels, callout labels, photo credits, dates and byline labels. A
``Cues`` object tries the newsroom's own language first and then the others, and
says which language's cue matched, so that a dry run can show why a line got its
role. Patterns match the start of a line without regard to case.
"""

import functools
import re
from dataclasses import dataclass

LANGUAGES = ("en", "fr", "de", "es", "ja")

# A label that introduces related links: alone on its line, or before a colon (or
# "»") and the title of the story it links to.
PROMO_LABELS = {
    "en": [
        r"related(?:\s+(?:coverage|stories|story|articles?|reading|links?|content"
        r"|videos?|topics?|posts?))?",
        r"read\s+more", r"read\s+also", r"also\s+read", r"see\s+also", r"recommended",
        r"more\s+on\s+this(?:\s+story)?", r"more\s+from\s+[\w .’']{1,40}",
        r"more\s+on\s+[\w .’']{1,40}", r"watch", r"listen", r"don[’']?t\s+miss",
        r"further\s+reading", r"you\s+(?:may|might)\s+also\s+like", r"most\s+read",
        r"other\s+people\s+are\s+reading", r"more\s+great\s+[\w ]{1,30}\s+stories",
        r"related\s+coverage\s+from\s+[^:]{1,60}", r"tagged", r"tags", r"subjects",
        r"topics", r"featured(?:\s+story)?", r"subscribe", r"sign\s+up",
        r"view\s+all\s*\(\d+\)", r"slideshow\s*\(\s*\d+\s+(?:images|photos)\s*\)",
        r"photos?\s*:\s*see\s+[\w ]+", r"also\s+on\s+[\w .]{1,40}",
    ],
    "fr": [
        r"(?:à\s+)?lire\s+(?:aussi|également|encore)", r"lire", r"(?:à\s+)?voir\s+aussi",
        r"en\s+vidéo(?=\s*,)", r"la\s+rédaction\s+vous\s+conseille", r"sur\s+le\s+même\s+sujet",
        r"mots[- ]clés", r"tags", r"vidéo", r"notre\s+sélection",
    ],
    "de": [
        r"auch\s+auf\s+[\w .-]{1,40}", r"mehr\s+zum\s+thema", r"lesen\s+sie\s+auch",
        r"siehe\s+auch", r"das\s+könnte\s+sie\s+auch\s+interessieren",
        r"weitere\s+artikel", r"schlagworte", r"verwandte\s+artikel", r"mehr\s+dazu",
    ],
    "es": [
        r"lea(?:\s+(?:también|más|además))?", r"lee(?:\s+(?:también|más))?",
        r"te\s+puede\s+interesar", r"noticias\s+relacionadas", r"relacionad[oa]s?",
        r"etiquetas", r"ver\s+también", r"también\s+te\s+puede\s+interesar",
        r"más\s+información", r"temas",
    ],
    "ja": [r"【関連記事】", r"関連記事", r"関連リンク", r"あわせて読みたい", r"こちらもおすすめ"],
}  # fmt: skip

# Words that mark a line as the publication's own promotion or standing text
# rather than the story: a sign-up box, a podcast plug, a letters policy.
PROMO_WORDS = {
    "en": [
        r"subscrib", r"subscription", r"sign\s+up", r"newsletter", r"podcast",
        r"homepage", r"follow\s+(?:us|the\s+[\w ]+?)\s+on\s+(?:facebook|twitter)",
        r"by\s+email", r"reply\s+to\s+this\s+email", r"email\s+forwarded",
        r"letters\s+to\s+the\s+editor", r"advertising\s+disclosure",
        r"our\s+standards", r"reprints\s+and\s+permissions", r"min(?:ute)?s?\s+read$",
        r"next\s+page", r"free\s+tool", r"affiliate", r"all\s+rights\s+reserved",
    ],
    "fr": [r"abonnez", r"abonnement", r"inscrivez", r"newsletter", r"revivez",
           r"suivez\s+(?:notre|le)\s+direct"],
    "de": [r"abonnieren", r"newsletter", r"lesezeit", r"anzeige"],
    "es": [r"suscr[ií]b", r"suscripci[oó]n", r"ay[uú]danos", r"tu\s+apoyo", r"bolet[ií]n"],
    "ja": [r"購読", r"メルマガ"],
}  # fmt: skip

# The publication's standing text, wherever it stands.
STANDING_TEXT = {
    "en": [
        r"all\s+rights\s+reserved", r"advertising\s+disclosure", r"our\s+standards",
        r"reprints\s+and\s+permissions", r"letters\s+to\s+the\s+editor",
        r"thanks\s+for\s+(?:subscribing|reading)", r"\d+\s+min(?:ute)?s?\s+read$",
    ],
    "fr": [r"tous\s+droits\s+réservés", r"temps\s+de\s+lecture"],
    "de": [r"alle\s+rechte\s+vorbehalten", r"lesezeit"],
    "es": [r"todos\s+los\s+derechos\s+reservados", r"tiempo\s+de\s+lectura"],
    "ja": [r"無断転載"],
}  # fmt: skip

# Labels of an aside, boxed or flagged, that the newsroom's callout kinds may not
# list yet; such a label suggests a new kind rather than leaving the box as text.
CALLOUT_LABELS = {
    "en": [
        "Why it matters", "Key points", "Key takeaways", "Takeaways", "Summary",
        "In brief", "At a glance", "What you need to know", "Fast facts",
        "Quick facts", "Did you know", "Fact check", "Our rating", "The claim",
        "The verdict", "Need to know",
    ],
    "fr": ["Bon à savoir", "À retenir", "L'essentiel", "L’essentiel", "En bref",
           "Le saviez-vous", "Repères", "Ce qu'il faut retenir"],
    "de": ["Gut zu wissen", "Das Wichtigste in Kürze", "Auf einen Blick",
           "Wussten Sie schon", "Kurz gesagt"],
    "es": ["Lo que debes saber", "En resumen", "Claves", "Datos clave", "Sabías que",
           "¿Sabías que?", "Bueno saber"],
    "ja": ["ポイント", "まとめ", "豆知識"],
}  # fmt: skip

# The verdicts of a fact-check's rating box.
RATINGS = {
    "en": [
        "true", "mostly true", "half true", "mostly false", "false", "pants on fire",
        "misleading", "unproven", "unsupported", "mixture", "correct", "incorrect",
        "partly false", "missing context", "four pinocchios",
    ],
    "fr": ["vrai", "faux", "plutôt vrai", "plutôt faux", "trompeur", "infondé"],
    "de": ["richtig", "falsch", "irreführend", "teilweise falsch", "unbelegt"],
    "es": ["verdadero", "falso", "engañoso", "impreciso", "cierto", "dudoso"],
    "ja": ["正確", "誤り", "不正確", "ミスリード"],
}  # fmt: skip

# Labels before a photo's credit, and words that name who took or supplied it.
CREDIT_LABELS = {
    "en": [
        r"photo(?:graph)?(?:\s+credit)?", r"credit", r"image", r"picture",
        r"illustration", r"photo\s+illustration", r"graphic", r"video",
        r"main\s+image", r"top\s+image", r"source",
    ],
    "fr": [r"photo", r"crédit(?:\s+photo)?", r"image", r"illustration"],
    "de": [r"bild", r"foto", r"grafik", r"quelle"],
    "es": [r"foto(?:grafía)?", r"imagen", r"crédito", r"ilustración", r"fuente"],
    "ja": [r"写真", r"画像", r"提供"],
}  # fmt: skip
CREDIT_BY = {
    "en": r"(?:photo(?:graph)?s?|illustration|photo\s+illustration|image)\s+by",
    "fr": r"(?:photo|illustration)\s+(?:de|par)",
    "de": r"(?:foto|bild)\s+von",
    "es": r"(?:foto|imagen)\s+(?:de|por)",
    "ja": r"撮影",
}
AGENCIES = (
    "ap", "afp", "reuters", "getty", "getty images", "associated press", "epa", "efe",
    "dpa", "shutterstock", "istock", "istockphoto", "alamy", "bloomberg", "nasa",
    "ansa", "kyodo", "xinhua", "picture alliance", "imago", "corbis", "pa", "upi",
    "creatas", "jupiterimages", "handout", "file", "courtesy", "cortesía",
    "courtoisie", "hersteller", "archive", "archivo", "archives", "pool",
)  # fmt: skip
CAPTION_OPENINGS = {
    "en": r"(?:in\s+this\s+[^,]{0,60}?(?:file\s+)?(?:photo|image|picture)|clockwise"
    r"\s+from|from\s+left|pictured|main\s+image|top\s+image|above,|left,|right,)",
    "fr": r"(?:sur\s+cette\s+(?:photo|image)|de\s+gauche\s+à\s+droite|ci-dessus)",
    "de": r"(?:auf\s+dem\s+bild|von\s+links)",
    "es": r"(?:en\s+esta\s+(?:foto|imagen)|de\s+izquierda\s+a\s+derecha)",
    "ja": r"(?:写真は)",
}

# Byline labels in front of the names; the English ones live with the byline parser.
BYLINE_LABELS = {
    "en": r"(?:written|researched|reviewed|compiled|story|text|words)\s+by\s*:?",
    "fr": r"(?:par|texte\s*:|propos\s+recueillis\s+par)",
    "de": r"(?:von|text\s*:)",
    "es": r"(?:por|texto\s*:|redacción\s*:)",
    "ja": r"(?:文|記者)\s*[:：]",
}
BYLINE_TITLE_WORDS = {
    "en": r"writer|reporter|correspondent|columnist|contributor|editor|staff|news"
    r"|press|wire\s+services|bureau|health\s+news|times|post|insider|today",
    "fr": r"journaliste|correspondant|envoyé\s+spécial|rédaction|chroniqueur",
    "de": r"redakteur|korrespondent|redaktion|autor",
    "es": r"redactor|corresponsal|periodista|redacción|agencia",
    "ja": r"記者|編集部|配信",
}
END_CREDITS = {
    "en": r"(?:originally\s+(?:published|appeared)|this\s+(?:article|story)\s+"
    r"(?:originally\s+)?(?:appeared|was\s+(?:originally\s+)?published)|[\w .,]+\s+"
    r"contributed\s+(?:to\s+)?this\s+(?:report|story|article)|edited\s+by\s*:?\s+\S"
    r"|editing\s+by\s)",
    "fr": r"(?:cet\s+article\s+a\s+été\s+(?:initialement\s+)?publié|avec\s+\w+\s+$)",
    "de": r"(?:dieser\s+(?:artikel|beitrag)\s+erschien\s+zuerst|mitarbeit\s*:)",
    "es": r"(?:este\s+artículo\s+(?:fue\s+publicado|apareció)|con\s+información\s+de)",
    "ja": r"(?:この記事は)",
}
BIO_OPENINGS = {
    "en": r"(?:about\s+the\s+authors?|[^.]{3,80}?\s+is\s+(?:a|an|the)\s+"
    r"(?:\w+\s+){0,4}(?:author|writer|reporter|contributor|correspondent|columnist"
    r"|editor|host)\b|contact\s+(?:the\s+)?(?:author|writer))",
    "fr": r"(?:à\s+propos\s+de\s+l['’]auteur|journaliste\s+(?:au|à|chez)\s)",
    "de": r"(?:über\s+(?:den|die)\s+autor|redakteur(?:in)?\s+(?:bei|der|des)\s)",
    "es": r"(?:sobre\s+el\s+autor|periodista\s+(?:de|en)\s)",
    "ja": r"(?:著者紹介|筆者紹介)",
}

MONTHS = {
    "en": r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?",
    "fr": r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre"
    r"|novembre|décembre",
    "de": r"januar|jänner|februar|märz|april|mai|juni|juli|august|september"
    r"|oktober|november|dezember",
    "es": r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre"
    r"|noviembre|diciembre",
    "ja": r"\d{1,2}月",
}
DATE_WORDS = {
    "en": r"published|updated|posted|last\s+updated|first\s+published|modified|on|at"
    r"|am|pm|a\.m\.|p\.m\.|[ecmp][sd]?t|gmt|utc|et|bst|cet|mon(?:day)?|tue(?:sday)?"
    r"|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?",
    "fr": r"publié|mis\s+à\s+jour|le|à|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche",
    "de": r"veröffentlicht|aktualisiert|am|um|uhr|stand",
    "es": r"publicado|actualizado|el|a\s+las|lunes|martes|miércoles|jueves|viernes"
    r"|sábado|domingo",
    "ja": r"最終更新|配信|更新",
}


def _alternatives(patterns):
    return "|".join(f"(?:{pattern})" for pattern in patterns)


@dataclass(frozen=True)
class Found:
    """A cue that matched: the language it belongs to and the words it matched."""

    language: str
    words: str
    match: object = None

    def why(self, what):
        return f"{what} “{self.words.strip()}” ({self.language})"


class Cues:
    """The cue tables, the newsroom's language first: ``Cues("fr")``."""

    def __init__(self, language="en"):
        language = (language or "en").split("-")[0].lower()
        self.languages = [language] if language in LANGUAGES else []
        self.languages += [other for other in LANGUAGES if other not in self.languages]
        self.promo_label = self._compile(
            PROMO_LABELS,
            lambda alts: (
                rf"^\s*(?P<label>{alts})\s*(?:(?:[:»›|]|(?<=vidéo),)\s*(?P<rest>.*)|$)"
            ),
        )
        self.promo_words = self._compile(PROMO_WORDS, lambda alts: rf"(?:{alts})")
        self.standing_text = self._compile(STANDING_TEXT, lambda alts: rf"(?:{alts})")
        self.credit_label = self._compile(
            CREDIT_LABELS,
            lambda alts: rf"^\(?\s*(?P<label>{alts})\s*[:：]\s*(?P<credit>[^()]+?)\)?$",
        )
        self.credit_by = self._compile(
            {lang: [pattern] for lang, pattern in CREDIT_BY.items()},
            lambda alts: rf"^(?P<label>{alts})\s+(?P<credit>\S.*?)\.?$",
        )
        self.caption_opening = self._compile(
            {lang: [pattern] for lang, pattern in CAPTION_OPENINGS.items()},
            lambda alts: rf"^(?P<label>{alts})",
        )
        self.byline_label = self._compile(
            {lang: [pattern] for lang, pattern in BYLINE_LABELS.items()},
            lambda alts: rf"^(?P<label>{alts})\s+(?P<names>\S.*)$",
        )
        self.byline_title = self._compile(
            {lang: [pattern] for lang, pattern in BYLINE_TITLE_WORDS.items()},
            lambda alts: rf"\b(?:{alts})\b",
        )
        self.end_credit = self._compile(
            {lang: [pattern] for lang, pattern in END_CREDITS.items()},
            lambda alts: rf"^\(?(?:{alts})",
        )
        self.bio = self._compile(
            {lang: [pattern] for lang, pattern in BIO_OPENINGS.items()},
            lambda alts: rf"^(?:{alts})",
        )
        self.month = self._compile(
            {lang: [pattern] for lang, pattern in MONTHS.items()},
            lambda alts: rf"(?<!\w)(?:{alts})\.?(?!\w)",
        )
        self.date_word = self._compile(
            {lang: [pattern] for lang, pattern in DATE_WORDS.items()},
            lambda alts: rf"(?<!\w)(?:{alts})(?!\w)",
        )
        self.callout_labels = [
            (language, label)
            for language in self.languages
            for label in CALLOUT_LABELS[language]
        ]
        self.ratings = {
            rating: language
            for language in reversed(self.languages)
            for rating in RATINGS[language]
        }

    def _compile(self, table, shape):
        return [
            (
                language,
                re.compile(shape(_alternatives(table[language])), re.IGNORECASE),
            )
            for language in self.languages
            if language in table
        ]

    @staticmethod
    def _first(patterns, line, method="match"):
        for language, pattern in patterns:
            match = getattr(pattern, method)(line)
            if match:
                return Found(language, match.group(0), match)
        return None

    def promo(self, line):
        """A related-link label at the start of ``line``: "Read more:", "Lea:"."""
        return self._first(self.promo_label, line)

    def standing(self, line):
        return self._first(self.standing_text, line, "search")

    def promo_word(self, line):
        return self._first(self.promo_words, line, "search")

    def credit(self, line):
        return self._first(self.credit_label, line) or self._first(self.credit_by, line)

    def caption_opening_of(self, line):
        return self._first(self.caption_opening, line)

    def byline(self, line):
        return self._first(self.byline_label, line)

    def byline_title_of(self, line):
        return self._first(self.byline_title, line, "search")

    def end_credit_of(self, line):
        return self._first(self.end_credit, line)

    def bio_of(self, line):
        return self._first(self.bio, line)

    def month_in(self, line):
        return self._first(self.month, line, "search")

    def strip_date_words(self, line):
        for _language, pattern in self.date_word:
            line = pattern.sub(" ", line)
        for _language, pattern in self.month:
            line = pattern.sub(" ", line)
        return line

    def rating(self, line):
        """The language of the fact-check verdict ``line`` is, or None."""
        return self.ratings.get(line.strip().rstrip(".!").casefold())


@functools.cache
def cues_for(language):
    """The ``Cues`` of ``language``, compiled once per process: they never change."""
    return Cues(language)
