"""The role of every line of real-world copy, from its shape, its neighbours and cues.

The texts here are made up for these tests; each test names the cue it exercises.
"""

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from articles.importing import parse_story
from articles.importing.cues import Cues

LEAD_INS = {
    "Did You Know?": "Did You Know?",
    "Pro tip:": "Pro Tip",
    "Background": "Background",
    "Fact Check": "Fact Check",
}
CORE_ROLES = (
    "body",
    "subhead",
    "callout",
    "caption/credit",
    "byline",
    "related/promo",
    "list-item",
)
CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/import-dev"


def parse(text, language="en"):
    return parse_story(text, callout_lead_ins=LEAD_INS, language=language)


def roles(text, language="en"):
    """``{line number: role}`` for every line of ``text``."""
    return {line.line: line.role for line in parse(text, language).lines}


def lines_of(*lines):
    return "\n".join(lines) + "\n"


HEADLINE = "Harbour plan wins the council vote"
LEAD = "The council approved the harbour plan on Tuesday after a long debate."
MORE = "Work on the new quay is to start in the spring, officials said."
MORE_STILL = "Residents who opposed the plan said they would appeal the decision."


# -- bylines and dates --------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Ana Ruiz and Tom Lee", ["Ana Ruiz", "Tom Lee"]),
        ("Written by: Ana Ruiz", ["Ana Ruiz"]),
        ("by Ana Ruiz @anaruiz March 3, 2021: 9:15 AM ET", ["Ana Ruiz"]),
        ("By Ana Ruiz , Tom Lee on Monday, March 1st, 2021 at 10:02 a.m.", None),
        ("Ana RuizMarch 3, 2021", ["Ana Ruiz"]),
        ("Harbour Times | 03.03.2021 à 10h00 | Par Ana Ruiz (avec Tom Lee)", None),
    ],
)
def test_a_byline_of_any_shape_credits_its_writers(byline, names):
    story = parse(lines_of(HEADLINE, byline, LEAD, MORE))

    assert roles(lines_of(HEADLINE, byline, LEAD, MORE))[2] == "byline"
    if names is not None:
        assert [credit.name for credit in story.bylines] == names
    assert [part.text for part in story.body] == [LEAD, MORE]


def test_a_bare_name_is_the_byline_when_the_story_names_the_writer_again():
    text = lines_of(
        HEADLINE,
        "Ana Ruiz",
        LEAD,
        MORE,
        "Ana Ruiz is a reporter for the Harbour Times.",
    )

    assert roles(text) == {
        1: "headline",
        2: "byline",
        3: "paragraph",
        4: "paragraph",
        5: "dropped",
    }
    assert [credit.name for credit in parse(text).bylines] == ["Ana Ruiz"]


def test_a_short_label_over_the_headline_is_a_kicker_not_a_byline():
    text = lines_of(HEADLINE, "Opinion", "By Ana Ruiz", LEAD, MORE)

    assert roles(text)[2] == "dropped"
    assert [part.reason for part in parse(text).dropped] == ["kicker"]


@pytest.mark.parametrize(
    "date",
    [
        "March 3, 2021 5:52 AM EST",
        "Published 11:02 PM EST Mar 3, 2021",
        "03.03.2021, 23:06",
        "Mis à jour le 3 mars 2021 à 10h00",
        "最終更新:3/3(水) 18:45",
    ],
)
def test_a_date_alone_on_its_line_is_a_date_line(date):
    line_roles = roles(lines_of(HEADLINE, "By Ana Ruiz", date, LEAD, MORE))

    assert line_roles[3] == "date"
    assert line_roles[4] == "paragraph"


def test_an_agency_line_under_the_byline_is_part_of_the_byline():
    line_roles = roles(
        lines_of(HEADLINE, "By Ana Ruiz", "Harbour News Service", LEAD, MORE)
    )

    assert line_roles[2] == line_roles[3] == "byline"


def test_closing_bylines_credits_and_bios_are_taken_off_the_body():
    story = parse(
        lines_of(
            HEADLINE,
            LEAD,
            MORE,
            "Edited by: Tom Lee",
            "This article originally appeared on Harbour Weekly.",
            "Ana Ruiz",
        )
    )

    assert [line.role for line in story.lines] == [
        "headline",
        "paragraph",
        "paragraph",
        "credit",
        "credit",
        "byline",
    ]
    assert [part.text for part in story.body] == [LEAD, MORE]


# -- datelines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "dateline", "wire"),
    [
        ("PORTO (Lusa) - ", "PORTO", "Lusa"),
        ("HAMBURG -- ", "HAMBURG", ""),
        ("MONTRÉAL (AFP) — ", "MONTRÉAL", "AFP"),
        ("Dekalb, Ill. — ", "Dekalb, Ill.", ""),
        ("Berlin (dpa) - ", "Berlin", "dpa"),
        ("MADRID, 3 mar (EFE).- ", "MADRID, 3 mar", "EFE"),
        ("(EFE).- ", "", "EFE"),
        ("HARBOURNEWS via JTA — ", "", "HARBOURNEWS via JTA"),
        ("April 17, 2015 -- ", "April 17, 2015", ""),
        ("【ワシントン共同】", "ワシントン", "共同"),
    ],
)
def test_a_dateline_after_a_byline_and_a_date_is_still_found(opening, dateline, wire):
    story = parse(
        lines_of(HEADLINE, "By Ana Ruiz", "March 3, 2021", opening + LEAD, MORE)
    )

    assert (story.dateline, story.wire_credit) == (dateline, wire)
    assert story.body[0].text == LEAD


# -- subheads -----------------------------------------------------------------


@pytest.mark.parametrize(
    "subhead",
    [
        "WHAT THE PLAN COSTS",
        "What the plan costs",
        "The quay and the ferries",
        "Step 2",
        "“A harbour for everyone”",
    ],
)
def test_a_heading_between_paragraphs_is_a_subhead(subhead):
    assert roles(lines_of(HEADLINE, LEAD, subhead, MORE, MORE_STILL))[3] == "subhead"


def test_numbered_headings_between_paragraphs_are_subheads_and_a_run_is_a_list():
    text = lines_of(
        HEADLINE,
        LEAD,
        "1. Dredge the channel",
        MORE,
        "2. Build the quay",
        MORE_STILL,
        "The council ranked the bids:",
        "1. Norport",
        "2. Sealink",
        "3. Quayside",
        MORE,
    )

    line_roles = roles(text)
    assert [line_roles[n] for n in (3, 5)] == ["subhead", "subhead"]
    assert [line_roles[n] for n in (8, 9, 10)] == ["list_item"] * 3


@pytest.mark.parametrize(
    "line",
    ["Still, questions remain", "IG: @harbourtimes", "Harbour 14 11 6 15 — 44"],
)
def test_short_lines_that_are_not_headings_stay_in_the_body(line):
    assert roles(lines_of(HEADLINE, LEAD, line, MORE, MORE_STILL))[3] != "subhead"


def test_in_an_interview_long_questions_are_subheads():
    text = lines_of(
        "Talking harbours with a harbour master",
        "What would you change first if you had the whole budget for the harbour?",
        "The quay, without a doubt.",
        "Why do you still live by the sea after so many years of storms?",
        "Because it is home.",
        "Which harbour in the world would you most like to run for a year?",
        "Valparaíso, for the hills.",
    )

    assert [role for _n, role in sorted(roles(text).items())][1::2] == ["subhead"] * 3


# -- callouts -----------------------------------------------------------------


def test_a_known_label_alone_on_its_line_boxes_the_next_line():
    story = parse(
        lines_of(HEADLINE, LEAD, "Did You Know?", "The quay is 200 years old.", MORE)
    )

    (callout,) = [part for part in story.body if part.kind == "callout"]
    assert (callout.callout_kind, callout.text, callout.is_new_kind) == (
        "Did You Know?",
        "The quay is 200 years old.",
        False,
    )


@pytest.mark.parametrize(
    ("line", "label", "language"),
    [
        ("Why it matters: the harbour employs 900 people.", "Why it matters", "en"),
        ("Bon à savoir : le port ferme en août.", "Bon à savoir", "fr"),
        ("Gut zu wissen: Der Hafen schließt im August.", "Gut zu wissen", "de"),
        ("Lo que debes saber: el puerto cierra en agosto.", "Lo que debes saber", "es"),
    ],
)
def test_an_unknown_label_makes_a_callout_of_a_new_suggested_kind(
    line, label, language
):
    story = parse(lines_of(HEADLINE, LEAD, line, MORE), language)

    callout = story.body[1]
    assert (callout.kind, callout.callout_kind, callout.is_new_kind) == (
        "callout",
        label,
        True,
    )


def test_a_claim_box_with_its_rating_is_a_fact_check_callout():
    text = lines_of(
        "Did the harbour really cost a billion?",
        "The mayor of Norport",
        "“The harbour plan will cost a billion.”",
        "Source: Council meeting, March 3, 2021",
        "Mostly false",
        "The plan costs less than half of that",
        LEAD,
        MORE,
    )
    story = parse(text)

    boxed = [part for part in story.body if part.kind == "callout"]
    assert [part.line for part in boxed] == [2, 3, 4, 5, 6]
    assert {part.callout_kind for part in boxed} == {"Fact Check"}
    assert story.body[-2].text == LEAD


def test_key_points_above_the_story_are_a_callout():
    text = lines_of(
        HEADLINE,
        "By Ana Ruiz",
        "The council approved the harbour plan.",
        "Work on the quay starts in spring.",
        "Residents who opposed the plan will appeal.",
        "Sign up for our harbour newsletter to get every update.",
        LEAD,
        MORE,
        MORE_STILL,
    )

    line_roles = roles(text)
    assert [line_roles[n] for n in (3, 4, 5)] == ["callout"] * 3
    assert line_roles[6] == "dropped"
    assert line_roles[7] == "paragraph"


# -- pull quotes ----------------------------------------------------------------


def test_a_line_that_repeats_a_paragraphs_words_is_a_pull_quote():
    repeated = "Work on the new quay is to start in the spring, officials said"
    story = parse(
        lines_of(HEADLINE, LEAD, MORE, MORE_STILL, repeated, "The appeal is due soon.")
    )

    assert [part.kind for part in story.body].count("pull_quote") == 1
    assert story.body[3].kind == "pull_quote"


def test_a_line_repeating_two_paragraphs_as_much_names_the_first():
    said = "Work on the new quay is to start in the spring, officials said"
    story = parse(
        lines_of(
            HEADLINE,
            f"{said} on Monday.",
            MORE_STILL,
            f"{said} on Friday.",
            "The appeal is due soon.",
            f"{said} on Sunday.",
        )
    )

    quotes = [part for part in story.body if part.kind == "pull_quote"]
    assert [(part.line, part.why) for part in quotes] == [
        (4, "repeats the words of line 2"),
        (6, "repeats the words of line 2"),
    ]


# -- captions and credits -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "Ferries in the old harbour. (AP Photo/Jan Berg)",
            "Ferries in the old harbour.",
            "AP Photo/Jan Berg",
        ),
        ("The old quay at dusk (Image: GETTY)", "The old quay at dusk", "Image: GETTY"),
        (
            "The quay at dusk.Credit...Jan Berg/Harbour Times",
            "The quay at dusk.",
            "Jan Berg/Harbour Times",
        ),
        (
            "Der Hafen im Winter. (Bild: Hafenamt)",
            "Der Hafen im Winter.",
            "Bild: Hafenamt",
        ),
    ],
)
def test_a_caption_keeps_its_credit_apart(line, caption, credit):
    story = parse(lines_of(HEADLINE, LEAD, line, MORE))

    part = story.body[1]
    assert (part.kind, part.text, part.credit) == ("caption", caption, credit)


@pytest.mark.parametrize(
    "credit", ["Jan Berg/Reuters", "Getty Images", "Photo: Jan Berg", "Cortesía"]
)
def test_a_credit_line_goes_with_the_caption_above_it(credit):
    story = parse(lines_of(HEADLINE, LEAD, "Ferries in the old harbour", credit, MORE))

    part = story.body[1]
    assert (part.kind, part.text) == ("caption", "Ferries in the old harbour")
    assert part.credit.endswith(credit.removeprefix("Photo: "))
    assert (
        roles(lines_of(HEADLINE, LEAD, "Ferries in the old harbour", credit, MORE))[4]
        == "credit"
    )


def test_display_text_without_a_full_stop_between_paragraphs_is_a_caption():
    caption = "A ferry leaves the old harbour at dawn, with the new quay behind it"

    assert roles(lines_of(HEADLINE, LEAD, caption, MORE))[3] == "caption"


# -- lists ----------------------------------------------------------------------


def test_short_lines_under_a_label_are_list_items_without_markers():
    text = lines_of(
        HEADLINE, LEAD, "What you need:", "A rope", "Two buoys", "Step 1", MORE
    )

    line_roles = roles(text)
    assert [line_roles[n] for n in (3, 4, 5, 6)] == [
        "paragraph",
        "list_item",
        "list_item",
        "subhead",
    ]


def test_short_lines_of_one_shape_under_a_colon_lead_in_are_a_list():
    text = lines_of(
        HEADLINE,
        LEAD,
        "The council listed the three steps it will take before the summer:",
        "Dredge the channel to eight metres.",
        "Build the quay on the north side.",
        "Open the fish market by June.",
        "Each step needs a vote of its own, and the first is due next month, "
        "the mayor said after the meeting.",
    )

    story = parse(text)
    line_roles = roles(text)
    assert [line_roles[n] for n in range(3, 8)] == [
        "paragraph",
        "list_item",
        "list_item",
        "list_item",
        "paragraph",
    ]
    item = next(part for part in story.parts if part.line == 4)
    assert item.text == "Dredge the channel to eight metres."
    assert "lead-in ending in “:”" in item.why


def test_a_colon_lead_in_over_running_text_is_no_list():
    text = lines_of(HEADLINE, "The mayor put it plainly:", LEAD, MORE, MORE_STILL)

    line_roles = roles(text)
    assert [line_roles[n] for n in (3, 4, 5)] == ["paragraph"] * 3


def test_three_short_lines_without_final_punctuation_are_a_list():
    text = lines_of(
        HEADLINE, LEAD, "Two coils of rope", "A pair of buoys", "One boat hook", MORE
    )

    story = parse(text)
    assert [roles(text)[n] for n in (3, 4, 5, 6)] == ["list_item"] * 3 + ["paragraph"]
    assert "3 short lines in a row" in story.parts[1].why


@pytest.mark.parametrize(
    "run",
    [
        # short sentences of running text end as sentences do
        ["The ferry was late.", "The pier was shut.", "Nobody knew why."],
        # a roundup's headings and line scores
        ["GIRLS BASKETBALL", "Harbour 14 11 6 15 — 44", "Quay 18 22 13 17 — 70"],
        # addresses and handles under an interview
        ["harbourtimes.example", "IG: @harbourtimes", "X: @harbourtimes"],
    ],
)
def test_runs_that_are_not_lists_stay_as_they_are(run):
    text = lines_of(HEADLINE, LEAD, *run, MORE)

    assert "list_item" not in roles(text).values()


NEWSLETTER = lines_of(
    "Harbour Weekly",
    LEAD,
    "1. The quay opens",
    "Why it matters: The port has waited ten years for a second berth.",
    "Ferries will dock on both sides of the quay from May.",
    "Freight moves to the night shift, the harbour master says.",
    "The big picture: Ports up and down the coast are growing.",
    "Two of them are dredging their channels this year.",
    "2. Fares go up",
    MORE,
    "Yes, but: Pensioners keep their free pass.",
    MORE_STILL,
)


def test_a_newsletters_paragraphs_under_its_labels_are_its_bullets():
    story = parse(NEWSLETTER)
    line_roles = roles(NEWSLETTER)

    assert [line_roles[n] for n in range(2, 13)] == [
        "paragraph",
        "subhead",
        "callout",  # the first label (a known box) opens the section's points
        "list_item",
        "list_item",
        "list_item",  # a label between two points is one of them
        "list_item",
        "subhead",
        "paragraph",  # above the section's first label: the lead
        "paragraph",  # the first label
        "list_item",
    ]
    points = [part for part in story.parts if part.kind == "list_item"]
    assert all(part.list_style == "bulleted" for part in points)
    assert all("newsletter's lead-in label" in part.why for part in points)


def test_a_conversation_with_speaker_labels_is_no_newsletter():
    text = lines_of(
        HEADLINE,
        LEAD,
        "Q: Why did the council vote for the quay?",
        "A: Because the port has waited ten years for a second berth.",
        "Q: What about the fares?",
        "A: They go up in May, but pensioners keep their free pass.",
        "HARBOUR MASTER: The night shift starts next week.",
        "MAYOR: It will be quieter in town.",
        MORE,
    )

    assert "list_item" not in roles(text).values()


def test_paragraphs_opening_with_one_label_each_are_no_newsletter_without_three():
    text = lines_of(
        HEADLINE,
        LEAD,
        "Background: The port has waited ten years for a second berth.",
        MORE,
        "Another caveat: The dredging may take longer.",
        MORE_STILL,
    )

    assert "list_item" not in roles(text).values()


def test_a_note_behind_a_footnote_mark_is_a_note_not_a_list_item():
    note = "* This story has been updated with the council's vote."
    story = parse(lines_of(HEADLINE, LEAD, MORE, note, MORE_STILL))

    assert roles(lines_of(HEADLINE, LEAD, MORE, note, MORE_STILL))[4] == "note"
    assert [part.note_kind for part in story.corrections] == ["update"]


# -- promo and related lines ------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("READ MORE: Harbour fees to rise next year", "en"),
        ("Lire aussi : Le port de Brest s'agrandit", "fr"),
        ("Lea también: El puerto de Vigo crece", "es"),
        ("Mehr zum Thema: Hamburg baut aus", "de"),
        ("View all (12)", "en"),
        ("___", "en"),
        ("Get our harbour newsletter in your inbox every morning. Sign up here.", "en"),
    ],
)
def test_promo_lines_are_dropped_in_any_language(line, language):
    story = parse(lines_of(HEADLINE, LEAD, line, MORE), language)

    assert [part.text for part in story.body] == [LEAD, MORE]
    assert story.dropped[0].text == line


def test_headlines_under_a_related_heading_are_dropped_until_the_story_resumes():
    text = lines_of(
        HEADLINE,
        LEAD,
        "【関連記事】",
        "Ferry fares to rise in May",
        "New quay opens to the public",
        MORE,
        MORE_STILL,
    )

    line_roles = roles(text)
    assert [line_roles[n] for n in (3, 4, 5)] == ["dropped"] * 3
    assert line_roles[6] == "paragraph"


def test_a_headless_list_of_links_at_the_end_is_dropped():
    text = lines_of(
        HEADLINE, LEAD, MORE, "Ten Harbours Worth A Visit", "The Last Ferry Men"
    )

    assert [roles(text)[n] for n in (4, 5)] == ["dropped", "dropped"]


# -- notes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Correction, March 4, 2021: An earlier version misstated the cost.",
        "* Cet article, initialement publié en 2019, a fait l'objet d'une mise à jour.",
    ],
)
def test_a_closing_note_in_any_shape_is_a_correction(line):
    story = parse(lines_of(HEADLINE, LEAD, MORE, line))

    assert len(story.corrections) == 1
    assert [part.text for part in story.body] == [LEAD, MORE]


# -- languages and reasons ------------------------------------------------------------


def test_the_newsrooms_language_is_tried_first():
    assert Cues("fr").languages[0] == "fr"
    assert Cues("de-at").languages[0] == "de"
    assert Cues("xx").languages == ["en", "fr", "de", "es", "ja"]


def test_the_reason_names_the_cue_and_its_language():
    story = parse(
        lines_of(HEADLINE, LEAD, "Lire aussi : Le port s'agrandit", MORE), "fr"
    )

    (line,) = [line for line in story.lines if line.line == 3]
    assert "Lire aussi" in line.why and "(fr)" in line.why


def test_every_word_of_the_body_is_kept_as_written():
    text = lines_of(
        HEADLINE,
        "By Ana Ruiz",
        "PORTO (Lusa) - " + LEAD,
        "Ferries in the old harbour (Image: GETTY)",
        "WHAT THE PLAN COSTS",
        MORE,
    )
    story = parse(text)

    for part in story.body:
        assert part.text in text
        if part.credit:
            assert part.credit in text
    assert len(story.lines) == len(text.splitlines())


@pytest.mark.skipif(not CORPUS.exists(), reason="the import-dev corpus is not here")
def test_every_line_of_the_real_corpus_gets_one_role_and_a_reason():
    from articles.importing import read_story_file

    for path in sorted(CORPUS.glob("*.txt")):
        lines = path.read_text("utf-8").splitlines()
        story = parse(read_story_file(path))
        assert [line.line for line in story.lines] == list(range(1, len(lines) + 1))
        assert all(line.why for line in story.lines), path.name


@pytest.mark.skipif(not CORPUS.exists(), reason="the import-dev corpus is not here")
def test_the_corpus_scores_well_on_every_core_role():
    """The corpus's own scorer, run in this process on the parser's JSON."""
    spec = importlib.util.spec_from_file_location("score", CORPUS / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    expected = score.load_corpus(CORPUS)
    counts = Counter()
    for name, entry in expected.items():
        lines = score.read_lines(CORPUS / name)
        got = score.predict(lines, parse("\n".join(lines)).as_json())
        for number, role in entry["roles"].items():
            want = score.EXPECTED_FOLD.get(role, role)
            have = got.get(int(number), "missing")
            counts[want, "tp" if want == have else "fn"] += 1
            if want != have:
                counts[have, "fp"] += 1

    def f1(role):
        tp, fp, fn = (counts[role, key] for key in ("tp", "fp", "fn"))
        return 2 * tp / (2 * tp + fp + fn)

    for role in CORE_ROLES:
        assert f1(role) >= 0.9, role
