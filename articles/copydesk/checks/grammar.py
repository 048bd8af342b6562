"""Grammar slips a careful reader catches with few false alarms."""

import re

from ..findings import Hit
from .spelling import dictionary_for

_MODALS = (
    "can", "could", "may", "might", "must", "shall", "should", "will", "would",
    "cannot", "can't", "couldn't", "won't", "wouldn't", "shouldn't", "mustn't",
    "can’t", "couldn’t", "won’t", "wouldn’t", "shouldn’t", "mustn’t",
)  # fmt: skip
_BETWEEN = ("not", "also", "never", "still", "then", "only", "just", "soon", "even",
            "probably", "likely", "easily", "already", "certainly", "now")  # fmt: skip
_MODAL_THEN_WORD = re.compile(
    rf"(?<![\w’'-])(?P<modal>{'|'.join(re.escape(m) for m in _MODALS)})"
    rf"\s+(?:(?:{'|'.join(_BETWEEN)})\s+)?(?P<word>[a-z]+)(?![\w’'-])"
)
# A modal read as a noun: "his will stated", "the can opened".
_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your",
                "this", "that", "whose", "free", "political", "good"}  # fmt: skip

# Past forms that are not also the verb's base form, with the base to suggest.
IRREGULAR_PAST = {
    "arose": "arise", "ate": "eat", "awoke": "awake", "became": "become",
    "began": "begin", "blew": "blow", "broke": "break",
    "brought": "bring", "built": "build", "bought": "buy", "caught": "catch",
    "chose": "choose", "came": "come", "dealt": "deal", "did": "do", "drew": "draw",
    "drank": "drink", "drove": "drive", "fed": "feed", "felt": "feel",
    "fought": "fight", "fled": "flee", "flew": "fly",
    "forgot": "forget", "froze": "freeze", "gave": "give", "went": "go",
    "grew": "grow", "heard": "hear", "held": "hold", "kept": "keep", "knew": "know",
    "laid": "lay", "led": "lead", "left": "leave", "lent": "lend", "lost": "lose",
    "made": "make", "meant": "mean", "met": "meet", "paid": "pay", "ran": "run",
    "rang": "ring", "rose": "rise", "said": "say", "sought": "seek", "sold": "sell",
    "sent": "send", "shook": "shake", "shot": "shoot", "sang": "sing", "sank": "sink",
    "sat": "sit", "slept": "sleep", "spoke": "speak", "spent": "spend", "stood": "stand",
    "stole": "steal", "struck": "strike", "swore": "swear", "swam": "swim",
    "took": "take", "taught": "teach", "tore": "tear", "told": "tell",
    "thought": "think", "threw": "throw", "understood": "understand", "woke": "wake",
    "wore": "wear", "won": "win", "wrote": "write", "got": "get",
}  # fmt: skip
# Verbs whose base form itself ends in -ed: "will need", "could proceed".
_NOT_PAST = {
    "bed", "bleed", "breed", "embed", "exceed", "feed", "heed", "need", "proceed",
    "seed", "shed", "shred", "speed", "succeed", "wed",
}  # fmt: skip


def modal_then_past(copy, pieces, desk):
    """ "could led", "would went": a modal takes the verb's base form."""
    if not copy.language.startswith("en"):
        return
    words = dictionary_for("en")
    for piece in pieces:
        for match in _MODAL_THEN_WORD.finditer(piece.text):
            before = re.search(r"([\w’'-]+)\s+$", piece.text[: match.start()])
            if before and before.group(1).lower() in _DETERMINERS:
                continue
            word = match.group("word")
            base = IRREGULAR_PAST.get(word)
            if base is None and word.endswith("ed") and word not in _NOT_PAST:
                base = _regular_base(word, words)
            if base is None:
                continue
            yield Hit(
                piece,
                match.start(),
                match.end(),
                message=f"After “{match.group('modal')}”, use the base form: {base}.",
                suggestions=(
                    match.group()[: match.start("word") - match.start()] + base,
                ),
            )


def _regular_base(word, words):
    if words is None or len(word) < 5:
        return None
    for base in (word[:-1], word[:-2], word[:-3] if word[-3] == word[-4] else None):
        if base and len(base) >= 3 and base in words:
            return base
    return None


CHECKS = {"grammar.modal-past": modal_then_past}
