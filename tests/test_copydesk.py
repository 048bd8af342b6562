"""The copy desk's checks, as pure functions over a story's text."""

import datetime

import pytest

from articles.copydesk import (
    BLOCKING,
    CitedRecord,
    Desk,
    HouseList,
    Picture,
    Piece,
    Quotation,
    Rule,
    RuleError,
    Settings,
    StoryCopy,
    Term,
    check_story,
    default_desk,
    dump_rules_yaml,
    example_failures,
    load_rules_yaml,
    rule_problems,
)
from articles.copydesk.language import guess_language
from articles.copydesk.reading import copy_of_parsed
from articles.importing.story import parse_story

LEAD_INS = {"Did You Know?": "Did You Know?", "Pro Tip:": "Pro Tip"}
DESK = default_desk()


def story(*paragraphs, headline="Harbour reopens after the storm", **fields):
    """A story with ``paragraphs`` as its body and a byline."""
    pieces = [Piece("headline", "headline", "Headline", headline)]
    pieces += [
        Piece(f"p{number}", "body", f"Paragraph {number}", text)
        for number, text in enumerate(paragraphs, 1)
    ]
    return StoryCopy(headline=headline, pieces=pieces, bylines=["Ken Sato"], **fields)


def found(copy, desk=DESK):
    return [(f.rule, f.text) for f in check_story(copy, desk).findings]


# ---- The sample story ----


def test_the_sample_story_raises_exactly_the_slips_an_editor_marks(seed_story_path):
    parsed = parse_story(
        seed_story_path.read_text(encoding="utf-8"), callout_lead_ins=LEAD_INS
    )
    copy = copy_of_parsed(parsed)
    findings = check_story(copy, DESK).findings

    in_the_text = [
        (f.label, f.text, f.suggestions[:1])
        for f in findings
        if f.location not in ("story",) and not f.location.startswith("source:")
    ]
    assert in_the_text == [
        ("Headline", "prime Minister", ("Prime Minister",)),
        ("Paragraph 1", "tuesday", ("Tuesday",)),
        ("Paragraph 1", "evolve.The", ("evolve. The",)),
        ("Callout 1", "US-Japan security Treaty", ("US-Japan Security Treaty",)),
        ("Pull quote 1", "honour", ("honor",)),
        (
            "Callout 2",
            "center for Strategic and International Studies",
            ("Center for Strategic and International Studies",),
        ),
        ("Subhead 3", "alliance", ("Alliance",)),
        ("Paragraph 6", "prime Minister", ("prime minister",)),
        ("Paragraph 6", "could led", ("could lead",)),
        ("Paragraph 7", "However,potential", ("However, potential",)),
        (
            "Paragraph 7",
            "competitiveness.Successfully",
            ("competitiveness. Successfully",),
        ),
    ]
    # What the file lacks as a record, not as text: a byline, and the cited
    # report's title and address.
    assert [
        (f.rule, f.text)
        for f in findings
        if f.location == "story" or f.location.startswith("source:")
    ] == [
        ("complete.byline", ""),
        ("sources.incomplete", "Council on Foreign Relations"),
    ]


def test_the_pull_quote_finding_shows_both_versions(seed_story_path):
    parsed = parse_story(
        seed_story_path.read_text(encoding="utf-8"), callout_lead_ins=LEAD_INS
    )
    finding = next(
        f
        for f in check_story(copy_of_parsed(parsed), DESK).findings
        if f.rule == "quotes.pull-verbatim"
    )

    assert finding.is_blocking
    assert (finding.detail["pulled"], finding.detail["said"]) == ("honour", "honor")
    assert "great honor to be with you" in finding.detail["said_context"]
    assert "“honour”" in finding.message and "“honor”" in finding.message


# ---- Each built-in check ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The talks ended.The ministers left.",
            [("punctuation.space-after", "ended.The")],
        ),
        ("Prices rose 3.5 per cent, to 1,000 pounds, at 10:30.", []),
        ("Details are at example.com/News today.", []),
        (
            "He said that the the vote was close.",
            [("punctuation.doubled-word", "the the")],
        ),
        ("What she had had was enough.", []),
        ("The vote  was close.", [("punctuation.stray-space", "  ")]),
        (
            "The council meets on tuesday in march 3.",
            [
                ("capitals.weekday-month", "tuesday"),
                ("capitals.weekday-month", "march"),
            ],
        ),
        ("We may march in May.", []),
        (
            "Talks with prime minister Takeda ran late.",
            [("capitals.title", "prime minister")],
        ),
        ("The prime minister spoke; Prime Minister Takeda left.", []),
        (
            "Analysts at the Brookings Institute agreed.",
            [
                ("capitals.house-name", "Brookings Institute"),
            ],
        ),
        (
            "She studied at the institute for Fiscal Studies.",
            [
                ("capitals.broken-name", "institute for Fiscal Studies"),
            ],
        ),
        ("The bank of the river flooded on Tuesday.", []),
        ("The vote was on Monday, October 28, 2025.", [("dates.weekday", "Monday")]),
        ("The vote was on Tuesday, 28 October 2025.", []),
        ("Her leadership could led to change.", [("grammar.modal-past", "could led")]),
        ("His will stated that the house was hers.", []),
        ("They could of won.", [("grammar.could-of", "could of")]),
        ("The goverment resigned.", [("spelling.unknown", "goverment")]),
        ("The government resigned over interoperability.", []),
        (
            "The colour of the harbour changed.",
            [
                ("spelling.house", "colour"),
                ("spelling.house", "harbour"),
            ],
        ),
    ],
)
def test_each_check_flags_its_slip_and_leaves_good_copy_alone(text, expected):
    assert found(story(text)) == expected


def test_style_rules_leave_direct_quotes_alone_but_spacing_does_not():
    copy = story("“The colour is wrong on tuesday,” she said.“We left.”")

    assert ("spelling.house", "colour") not in found(copy)
    assert ("capitals.weekday-month", "tuesday") not in found(copy)


def test_a_british_house_flags_american_spellings_but_not_shared_words():
    british = Desk(DESK.rules, DESK.house, Settings(spelling="UK"))

    assert found(story("The color of the gas meter changed."), british) == [
        ("spelling.house", "color")
    ]


def test_a_heading_in_title_case_must_capitalise_every_word_but_names_keep_their_form():
    title_case = story(
        "Text.", headline="Domestic Shifts and alliance Implications Ahead"
    )
    sentence_case = story(
        "Text.", headline="Wages outpace prices for a third quarter running"
    )

    assert found(title_case) == [("capitals.headline-style", "alliance")]
    assert found(sentence_case) == []


def test_a_weekday_without_a_year_is_checked_against_the_story_date():
    copy = story(
        "The vote is on Tuesday, March 3.", reference_date=datetime.date(2025, 2, 1)
    )

    [finding] = check_story(copy, DESK).findings
    assert (finding.rule, finding.text, finding.suggestions) == (
        "dates.weekday",
        "Tuesday",
        ("Monday",),
    )
    assert finding.message == "3 March 2025 is a Monday, not a Tuesday."


def test_a_pull_quote_not_in_the_body_and_a_quote_without_speaker_are_found():
    copy = story("“We are open,” said Aiko Mori.")
    copy.pieces.append(Piece("q1", "quotes", "Pull quote 1", "We are closed.", True))
    copy.quotations.append(Quotation("q1", "Pull quote 1", "We are closed.", "", True))

    assert found(copy) == [
        ("quotes.speaker", "We are closed."),
        ("quotes.pull-verbatim", "closed"),
    ]


def test_an_elided_pull_quote_is_still_word_for_word():
    copy = story("“We are open, and we will stay open all winter,” said Aiko Mori.")
    text = "We are open … all winter"
    copy.pieces.append(Piece("q1", "quotes", "Pull quote 1", text, True))
    copy.quotations.append(Quotation("q1", "Pull quote 1", text, "Aiko Mori", True))

    assert found(copy) == []


def test_sources_uncited_incomplete_retracted_and_abbreviated_first():
    copy = story(
        "The IFS said taxes rose. According to a report by the Institute for Fiscal"
        " Studies, they did. A study by the Resolution Foundation agreed."
    )
    copy.citations = [
        CitedRecord(
            "Institute for Fiscal Studies", "IFS", kind="report", location="c1",
            label="Citation 1", status="retracted", status_note="Withdrawn by its authors",
        ),
    ]  # fmt: skip

    results = {(f.rule, f.text, f.severity) for f in check_story(copy, DESK).findings}
    assert results == {
        ("sources.abbreviation-first", "IFS", "advisory"),
        ("sources.uncited", "Resolution Foundation", "blocking"),
        ("sources.incomplete", "Institute for Fiscal Studies", "advisory"),
        ("sources.retracted", "Institute for Fiscal Studies", "blocking"),
    }


def test_a_retracted_source_in_a_published_story_advises_rather_than_blocks():
    copy = story("Nothing here.", is_published=True)
    copy.citations = [CitedRecord("A Lab", kind="organisation", status="retracted")]

    [finding] = check_story(copy, DESK).findings
    assert (finding.rule, finding.severity) == ("sources.retracted", "advisory")


def test_completeness_byline_body_dek_alt_text_and_headline_length():
    copy = StoryCopy(
        headline="A" * 120,
        pieces=[Piece("headline", "headline", "Headline", "A" * 120)],
        requires_dek=True,
    )
    copy.pictures = [Picture("image:1", "Image 1", "")]  # no alt text

    assert {f.rule for f in check_story(copy, DESK).findings} == {
        "complete.body",
        "complete.byline",
        "complete.dek",
        "complete.alt-text",
        "complete.headline-length",
    }
    assert all(
        f.severity == BLOCKING
        for f in check_story(copy, DESK).findings
        if f.rule != "complete.headline-length"
    )


def test_a_finding_marked_as_intended_is_kept_apart_and_never_blocks():
    copy = story("The council meets on tuesday.")
    [finding] = check_story(copy, DESK).findings

    report = check_story(copy, DESK, waived=[finding.key])

    assert report.findings == [] and report.blocking == []
    assert report.waived == [finding]


def test_house_names_from_a_list_are_found_in_any_case_and_only_whole():
    house = HouseList(
        [Term("Center for Strategic and International Studies", abbreviation="CSIS")]
    )

    mentions = list(
        house.names_in("the center for strategic and international studies")
    )
    assert [m.written for m in mentions] == [
        "center for strategic and international studies"
    ]
    assert list(house.names_in("epicenter for strategic")) == []


def test_other_languages_are_left_to_the_checks_that_read_them():
    assert (
        guess_language("Le gouvernement a annoncé une réforme des retraites pour les")
        == "fr"
    )
    assert (
        guess_language("The government has announced that it is to reform the") == "en"
    )
    assert guess_language("山あいのローカル線") == ""
    copy = story(
        "La réunion est prévue pour demain et les ministres sont là.", language="fr"
    )
    assert found(copy) == []


# ---- Rules as data ----


@pytest.mark.parametrize("rule", DESK.rules, ids=lambda rule: rule.id)
def test_every_shipped_rule_passes_its_own_examples(rule):
    assert rule.problems() == []
    assert example_failures(rule, DESK) == []


def test_a_rule_whose_examples_fail_cannot_be_switched_on():
    rule = Rule(
        id="style.whilst",
        kind="pattern",
        pattern=r"\bwhilst\b",
        replacement="while",
        message="Write while.",
        examples_match=("Whilst the vote went on.", "He waited while she spoke."),
    )

    assert rule_problems(rule, DESK) == [
        "The rule misses an example it should flag: “He waited while she spoke.”."
    ]


def test_a_pattern_rule_offers_its_replacement_with_groups():
    rule = Rule(
        id="style.per-cent",
        kind="pattern",
        pattern=r"(\d+)%",
        replacement=r"\1 per cent",
        message="Write {suggestion}.",
    )
    desk = Desk([rule])

    [finding] = check_story(story("Prices rose 5% last year."), desk).findings
    assert (finding.text, finding.suggestions, finding.message) == (
        "5%",
        ("5 per cent",),
        "Write 5 per cent.",
    )


def test_the_style_guide_round_trips_through_yaml():
    text = dump_rules_yaml(DESK.rules, DESK.house.terms, DESK.settings)

    rules, terms, settings = load_rules_yaml(text)

    assert rules == DESK.rules
    assert terms == DESK.house.terms
    assert settings == DESK.settings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [{id: Bad Id, kind: pattern, pattern: x, message: m}]", "lower-case"),
        (
            "rules: [{id: a.b, kind: pattern, pattern: '(', message: m}]",
            "does not compile",
        ),
        (
            "rules: [{id: a.b, kind: pattern, pattern: x, message: m, colour: red}]",
            "unknown fields",
        ),
        ("rules: [{id: a.b, kind: magic, message: m}]", "Unknown kind"),
        ("settings: {headline_style: shouty}", "headline_style"),
        ("house_list: [{kind: name}]", "canonical"),
        ("rules: [", "Not a YAML file"),
    ],
)
def test_a_bad_style_guide_is_refused_with_a_clear_message(text, message):
    with pytest.raises(RuleError, match=message):
        load_rules_yaml(text)
