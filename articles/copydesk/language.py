"""Which language a text is in, for copy that does not say (a file to import)."""

import re

# The commonest short words of each language the spelling dictionaries cover.
_COMMON = {
    "en": "the and of to in is that for it with as was on are be by this have from",
    "fr": "le la les des et est une dans pour que qui sur pas du au avec ce sont",
    "de": "der die das und ist nicht ein eine mit auf den von zu sich auch es dem",
    "es": "el la los las de que y en un una por con para es del se al como",
    "pt": "o a os as de que e do da em um uma para com não por mais dos das",
    "it": "il la di che e un una per con non sono del della gli le si anche",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er ook",
}
_WORDS = {code: set(words.split()) for code, words in _COMMON.items()}
_LATIN_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text):
    """A language code ("en", "fr", ...) for ``text``; "" when it cannot tell.

    Texts in scripts other than the Latin one are not guessed: no dictionary of
    the desk reads them, so the checks that need a language leave them alone.
    """
    words = [word.lower() for word in _LATIN_WORD.findall(text)]
    latin = sum(1 for word in words if word.isascii() or word.isalpha() and word < "ʀ")
    if not words or latin < len(words) * 0.8:
        return ""
    scores = {
        code: sum(1 for word in words if word in common)
        for code, common in _WORDS.items()
    }
    best = max(scores, key=scores.get)
    return best if scores[best] >= max(3, len(words) // 50) else ""
