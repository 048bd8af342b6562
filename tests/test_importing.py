"""Reading the structure of a plain-text story; nothing here writes to the database."""

import datetime

import pytest

from articles.importing import StoryError, parse_story, read_story_file
from articles.models import CalloutKind


@pytest.fixture
def lead_ins(db):
    """The callout lead-ins the newsroom's callout kinds declare."""
    return {
        lead_in: kind.name
        for kind in CalloutKind.objects.all()
        for lead_in in kind.all_lead_ins()
    }


def parse(text, lead_ins):
    return parse_story(text, callout_lead_ins=lead_ins)


def kinds(story):
    return [part.kind for part in story.parts]


def test_the_seed_reads_as_headline_callouts_subheads_and_a_pull_quote(
    seed_story_path, lead_ins
):
    story = parse(read_story_file(seed_story_path), lead_ins)

    assert story.dek == "" and story.dateline == "" and story.bylines == []
    assert kinds(story).count("paragraph") == 7
    assert kinds(story).count("subhead") == 3
    assert [part.callout_kind for part in story.parts if part.kind == "callout"] == [
        "Did You Know?",
        "Pro Tip",
    ]
    (quote,) = [part for part in story.parts if part.kind == "pull_quote"]
    assert (quote.speaker, quote.speaker_title) == ("Donald Trump", "US President")
    assert story.notices == []


def test_the_seeds_sources_carry_their_proper_names_and_dates(
    seed_story_path, lead_ins
):
    story = parse(read_story_file(seed_story_path), lead_ins)

    council, center, brookings = story.sources
    assert council.organisation == "Council on Foreign Relations"
    assert (council.published_on, council.precision, council.kind) == (
        datetime.date(2025, 9, 1),
        "month",
        "report",
    )
    assert center.organisation == "Center for Strategic and International Studies"
    assert center.as_written == "center for Strategic and International Studies"
    assert center.abbreviation == "CSIS"
    assert brookings.organisation == "Brookings Institution"
    assert brookings.kind == "organisation" and brookings.published_on is None


def test_a_short_second_line_without_a_full_stop_is_the_dek(lead_ins):
    story = parse(
        "Rates on hold\n"
        "The central bank waits for clearer signs that inflation is slowing\n"
        "The bank kept its main rate unchanged on Tuesday.\n",
        lead_ins,
    )

    assert (
        story.dek
        == "The central bank waits for clearer signs that inflation is slowing"
    )
    assert kinds(story) == ["paragraph"]


@pytest.mark.parametrize(
    "second_line",
    [
        "The bank kept its main rate unchanged on Tuesday.",
        "The bank kept rates on hold. Economists had expected a cut",
        "TOKYO — The bank kept its main rate unchanged on Tuesday",
        "Rates and the Economy",
    ],
)
def test_a_first_paragraph_is_never_taken_for_a_dek(second_line, lead_ins):
    story = parse(f"Rates on hold\n{second_line}\nMarkets barely moved.\n", lead_ins)

    assert story.dek == ""


def test_a_line_between_the_headline_and_the_byline_is_the_dek(lead_ins):
    story = parse(
        "Rates on hold\n"
        "The central bank waits for clearer signs that inflation is slowing.\n"
        "By Jane Doe\n"
        "The bank kept its main rate unchanged on Tuesday.\n",
        lead_ins,
    )

    assert story.dek.startswith("The central bank waits")
    assert [credit.name for credit in story.bylines] == ["Jane Doe"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "By Jane Doe and John Roe",
            [("Jane Doe", "written", ""), ("John Roe", "written", "")],
        ),
        (
            "By Jane Doe, Tokyo correspondent",
            [("Jane Doe", "written", "Tokyo correspondent")],
        ),
        ("Reporting by Ana de la Cruz", [("Ana de la Cruz", "reported", "")]),
    ],
)
def test_byline_lines_credit_each_person(line, expected, lead_ins):
    story = parse(f"Rates on hold\n{line}\nThe bank kept rates unchanged.\n", lead_ins)

    assert [(c.name, c.role, c.title) for c in story.bylines] == expected
    assert kinds(story) == ["paragraph"]


def test_a_paragraph_starting_with_by_is_not_a_byline(lead_ins):
    story = parse(
        "Rates on hold\nBy the time markets opened, the decision was known.\n", lead_ins
    )

    assert story.bylines == []
    assert kinds(story) == ["paragraph"]


def test_closing_reporting_credits_become_bylines(lead_ins):
    story = parse(
        "Rates on hold\n"
        "The bank kept rates unchanged.\n"
        "(Reporting by Jane Doe; Additional reporting by John Roe; Editing by Ann Poe)\n",
        lead_ins,
    )

    assert [(c.name, c.role) for c in story.bylines] == [
        ("Jane Doe", "reported"),
        ("John Roe", "additional"),
    ]
    assert kinds(story) == ["paragraph", "dropped"]


@pytest.mark.parametrize(
    ("opening", "dateline", "wire"),
    [
        ("TOKYO — ", "TOKYO", ""),
        ("NEW YORK (Reuters) - ", "NEW YORK", "Reuters"),
        ("WASHINGTON, Oct. 28 (AP) — ", "WASHINGTON, Oct. 28", "AP"),
        ("SÃO PAULO – ", "SÃO PAULO", ""),
    ],
)
def test_a_dateline_is_taken_off_the_first_paragraph(opening, dateline, wire, lead_ins):
    story = parse(f"Rates on hold\n{opening}The bank kept rates unchanged.\n", lead_ins)

    assert (story.dateline, story.wire_credit) == (dateline, wire)
    assert story.parts[0].text == "The bank kept rates unchanged."


@pytest.mark.parametrize(
    "first_paragraph",
    [
        "Tokyo — the capital — is quiet this week.",
        "US officials - and their allies - met on Monday.",
        "The bank kept rates unchanged.",
    ],
)
def test_a_first_paragraph_without_a_dateline_is_left_whole(first_paragraph, lead_ins):
    story = parse(f"Rates on hold\n{first_paragraph}\n", lead_ins)

    assert story.dateline == ""
    assert story.parts[0].text == first_paragraph


def test_photo_captions_and_credits_become_caption_parts(lead_ins):
    story = parse(
        "Rates on hold\n"
        "Photo: The central bank's headquarters in Tokyo (Reuters)\n"
        "The bank kept rates unchanged.\n"
        "Caption: The governor at a news conference on Tuesday.\n"
        "Photograph: Kim Lee/AP\n"
        "Traders watch the screens in Tokyo. (Photo: Ann Poe/AFP)\n"
        "Markets barely moved.\n",
        lead_ins,
    )

    captions = [
        (part.text, part.credit) for part in story.parts if part.kind == "caption"
    ]
    assert captions == [
        ("The central bank's headquarters in Tokyo", "Reuters"),
        ("The governor at a news conference on Tuesday.", "Kim Lee/AP"),
        ("Traders watch the screens in Tokyo.", "Ann Poe/AFP"),
    ]
    assert kinds(story) == ["caption", "paragraph", "caption", "caption", "paragraph"]


def test_list_items_keep_their_words_without_the_marker(lead_ins):
    story = parse(
        "Rates on hold\n"
        "The bank gave three reasons:\n"
        "- Slower growth\n• Weaker demand\n* A strong yen\n"
        "1. Hold rates\n2) Watch wages\n",
        lead_ins,
    )

    items = [
        (p.list_style, p.marker, p.text) for p in story.parts if p.kind == "list_item"
    ]
    assert items == [
        ("bulleted", "-", "Slower growth"),
        ("bulleted", "•", "Weaker demand"),
        ("bulleted", "*", "A strong yen"),
        ("numbered", "1.", "Hold rates"),
        ("numbered", "2)", "Watch wages"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Tokyo: the capital is closing roads around the venue.",
        "However: not everyone agrees.",
        "Background checks took longer than usual.",
        "Did you know that the treaty between the two countries dates from 1951?",
    ],
)
def test_only_known_callout_lead_ins_make_callouts(line, lead_ins):
    story = parse(
        f"Rates on hold\nMarkets barely moved.\n{line}\nWages rose.\n", lead_ins
    )

    assert kinds(story) == ["paragraph", "paragraph", "paragraph"]
    assert story.parts[1].text == line


@pytest.mark.parametrize(
    ("line", "kind", "text"),
    [
        (
            "Did You Know? The treaty dates from 1951.",
            "Did You Know?",
            "The treaty dates from 1951.",
        ),
        ("Pro tip: Read the minutes.", "Pro Tip", "Read the minutes."),
        (
            "Background: The bank last moved in March.",
            "Background",
            "The bank last moved in March.",
        ),
    ],
)
def test_a_known_lead_in_makes_a_callout_of_the_words_after_it(
    line, kind, text, lead_ins
):
    story = parse(f"Rates on hold\nMarkets barely moved.\n{line}\n", lead_ins)

    callout = story.parts[1]
    assert (callout.kind, callout.callout_kind, callout.text) == ("callout", kind, text)


def test_a_lead_in_alone_on_its_line_introduces_the_next_line(lead_ins):
    story = parse(
        "Rates on hold\nMarkets barely moved.\nDid you know:\nThe bank was founded in 1882.\n",
        lead_ins,
    )

    assert kinds(story) == ["paragraph", "callout"]
    assert story.parts[1].text == "The bank was founded in 1882."


@pytest.mark.parametrize(
    "line", ["THE ECONOMY", "What happens next?", "A Long Road to Recovery"]
)
def test_short_title_capital_or_question_lines_are_subheads(line, lead_ins):
    story = parse(
        f"Rates on hold\nMarkets barely moved.\n{line}\nWages rose.\n", lead_ins
    )

    assert kinds(story) == ["paragraph", "subhead", "paragraph"]


@pytest.mark.parametrize(
    "line",
    [
        "Markets barely moved.",
        "Still, questions remain",
        "“We will hold rates for now.”",
        "Wages rose as expected, the ministry said on Tuesday morning after the vote",
    ],
)
def test_short_paragraphs_and_quotes_are_not_subheads(line, lead_ins):
    story = parse(
        f"Rates on hold\nThe bank kept rates.\n{line}\nWages rose.\n", lead_ins
    )

    assert story.parts[1].kind != "subhead"


def test_a_quote_repeated_from_the_text_is_a_pull_quote_with_its_speaker(lead_ins):
    story = parse(
        "Rates on hold\n"
        "Bank of Japan Governor Kazuo Ueda spoke after the meeting.\n"
        "“We will be patient,” said Governor Ueda, who has led the bank since 2023.\n"
        "“We will be patient.”\n",
        lead_ins,
    )

    quote = story.parts[-1]
    assert (quote.kind, quote.text) == ("pull_quote", "We will be patient.")
    assert quote.speaker == "Kazuo Ueda"


def test_a_pull_quotes_speaker_named_after_the_quote_gets_their_full_name(lead_ins):
    story = parse(
        "Allies agree on the threat\n"
        "Secretary of State Marco Rubio met his Japanese counterpart on Monday.\n"
        "“We agree on the threat,” Rubio told reporters after the meeting.\n"
        "“We agree on the threat”\n",
        lead_ins,
    )

    quote = story.parts[-1]
    assert quote.kind == "pull_quote"
    assert (quote.speaker, quote.speaker_title) == ("Marco Rubio", "Secretary of State")


def test_a_pull_quote_whose_speaker_cannot_be_told_is_reported(lead_ins):
    story = parse(
        "Allies agree on the threat\n"
        "“We agree on the threat,” an official said after the meeting.\n"
        "“We agree on the threat”\n",
        lead_ins,
    )

    assert (story.parts[-1].kind, story.parts[-1].speaker) == ("pull_quote", "")
    assert story.notices == ["line 3: no speaker found for the quote"]


def test_a_quote_said_nowhere_else_is_a_quote_with_its_attribution(lead_ins):
    story = parse(
        "Rates on hold\nMarkets barely moved.\n“Patience is a policy.” — Jane Doe, economist\n",
        lead_ins,
    )

    quote = story.parts[-1]
    assert (quote.kind, quote.text, quote.speaker, quote.speaker_title) == (
        "quote",
        "Patience is a policy.",
        "Jane Doe",
        "economist",
    )


def test_promo_lines_are_dropped_wherever_they_are(lead_ins):
    story = parse(
        "Rates on hold\n"
        "Markets barely moved.\n"
        "Related: Five things to know about the yen\n"
        "Wages rose.\n"
        "See also: The bank's last decision\n",
        lead_ins,
    )

    assert kinds(story) == ["paragraph", "dropped", "paragraph", "dropped"]
    assert [part.text for part in story.body] == [
        "Markets barely moved.",
        "Wages rose.",
    ]


@pytest.mark.parametrize(
    ("line", "kind", "text"),
    [
        (
            "Correction: An earlier version misstated the rate.",
            "correction",
            "An earlier version misstated the rate.",
        ),
        (
            "Editor's note: This story has been expanded.",
            "editors_note",
            "This story has been expanded.",
        ),
        (
            "This story has been corrected to show the rate was unchanged.",
            "correction",
            None,
        ),
        (
            "This article has been updated to include the governor's remarks.",
            "update",
            None,
        ),
    ],
)
def test_a_closing_notice_is_a_correction_not_a_paragraph(line, kind, text, lead_ins):
    story = parse(f"Rates on hold\nMarkets barely moved.\n{line}\n", lead_ins)

    assert [part.text for part in story.body] == ["Markets barely moved."]
    (note,) = story.corrections
    assert (note.note_kind, note.text) == (kind, text or line)


def test_a_correction_label_in_the_middle_stays_in_the_body(lead_ins):
    story = parse(
        "Rates on hold\nCorrection: markets fell, then rose.\nWages rose.\n", lead_ins
    )

    assert story.corrections == []
    assert kinds(story) == ["paragraph", "paragraph"]


@pytest.mark.parametrize(
    ("text", "organisations"),
    [
        ("The Federal Reserve raised rates, and the Bank of Japan waited.", []),
        (
            "A study by the Institute for Fiscal Studies (IFS, 2024) found wages fell.",
            [("Institute for Fiscal Studies", "IFS", "2024", "study")],
        ),
        (
            "The World Bank said in a report that growth would slow.",
            [("World Bank", "", "", "report")],
        ),
        (
            "According to the Japan External Trade Organization (JETRO), exports rose.",
            [("Japan External Trade Organization", "JETRO", "", "organisation")],
        ),
    ],
)
def test_only_organisations_the_text_cites_are_sources(text, organisations, lead_ins):
    story = parse(f"Rates on hold\n{text}\n", lead_ins)

    found = [
        (s.organisation, s.abbreviation, s.published, s.kind) for s in story.sources
    ]
    assert found == organisations


def test_a_file_that_is_not_utf8_is_refused_with_the_offending_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café\nLe café est fermé.\n".encode("latin-1"))

    with pytest.raises(StoryError, match=r"not UTF-8 text \(byte 0xe9 at offset 3\)"):
        read_story_file(path)


def test_a_byte_order_mark_and_windows_line_ends_are_read_as_plain_lines(
    tmp_path, lead_ins
):
    path = tmp_path / "windows.txt"
    path.write_bytes("\ufeffRates on hold\r\nMarkets barely moved.\r\n".encode("utf-8"))

    story = parse(read_story_file(path), lead_ins)

    assert story.headline == "Rates on hold"
    assert story.parts[0].text == "Markets barely moved."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\n \n", "is empty"),
        ("Rates on hold\n", "no story under it"),
        ("- Slower growth\n- Weaker demand\n", "has no headline"),
        (
            ("The bank kept rates unchanged on Tuesday " * 8) + "\nMore.\n",
            "has no headline",
        ),
    ],
)
def test_text_without_a_headline_and_a_body_is_refused(text, message, lead_ins):
    with pytest.raises(StoryError, match=message):
        parse(text, lead_ins)
