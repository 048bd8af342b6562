"""The import_article command: plain-text stories in, structured drafts out.

The seed story is read through the ``seed_story_path`` fixture; what a test expects
of it is worked out from the file's own lines, never copied into the test.
"""

import json
from io import StringIO

import pytest

from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import (
    Article,
    Author,
    BodyPart,
    Byline,
    Citation,
    Correction,
    Source,
)
from articles.revisions import revisions_of
from articles.sanitize import html_to_text
from articles.stories import import_story

from .factories import AuthorFactory, SectionFactory, SourceFactory

pytestmark = pytest.mark.django_db

SLIPS = ["prime Minister", "tuesday", "evolve.The", "honour"]
SEED_SOURCES = [
    "Council on Foreign Relations",
    "Center for Strategic and International Studies",
    "Brookings Institution",
]
WIRE_STORY = """\
Stocks climb as the central bank signals a pause
Investors cheered a softer tone from policymakers after months of rate increases
By Jane Doe and John Roe, Reuters
NEW YORK (Reuters) - Wall Street's main indexes rose on Wednesday, according to data from the Institute for Market Studies (IMS, October 2025).
Photo: Traders work on the floor of the New York Stock Exchange (Reuters)
Traders pointed to three reasons for the rally:
- Lower bond yields
• A weaker dollar
* Strong earnings from chipmakers
THE ECONOMY
Growth slowed in the third quarter, a report by the Bureau of Economic Analysis showed.
Officials laid out their next steps:
1. Hold rates steady
2) Watch the inflation data
What happens next?
Tokyo: the capital's markets open in a few hours and take their cue from New York.
Read more: The central bank holds rates steady
Correction: An earlier version of this story misstated the index's close.
"""  # noqa: E501 (a wire story's paragraph is one line, as sent)


@pytest.fixture
def section(db):
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def seed_lines(seed_story_path):
    """The seed's non-blank lines, headline first, exactly as the file has them."""
    text = seed_story_path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def import_seed(seed_story_path, **options):
    run(seed_story_path, section="world", **options)
    return Article.objects.latest("pk")


def parts_of(article):
    return list(article.parts.order_by("position"))


def source_line(part, lines):
    """The file line a stored part was made from (its text is inside that line)."""
    words = (
        part.title if part.kind == BodyPart.Kind.SUBHEAD else html_to_text(part.text)
    )
    return next(line for line in lines if line.endswith(words) or line == f"“{words}”")


def test_importing_the_seed_makes_a_draft_with_the_files_headline(
    seed_story_path, seed_lines, section
):
    out, _err = run(seed_story_path, section="world")

    article = Article.objects.get()
    assert article.headline == seed_lines[0]
    assert article.status == Article.Status.DRAFT
    assert article.section == section
    assert article.dek == ""
    assert reverse("admin:articles_article_change", args=[article.pk]) in out
    assert seed_lines[0] in out


def test_the_seed_has_exactly_its_three_subheads_with_their_words(
    seed_story_path, seed_lines, section
):
    # In the seed, only the headline and the subheads end without punctuation.
    expected = [line for line in seed_lines[1:] if line[-1].isalnum()]
    assert len(expected) == 3

    article = import_seed(seed_story_path)

    subheads = [part.title for part in parts_of(article) if part.kind == "subhead"]
    assert subheads == expected


def test_the_seeds_callouts_keep_their_text_after_the_lead_in(
    seed_story_path, seed_lines, section
):
    article = import_seed(seed_story_path)

    callouts = [part for part in parts_of(article) if part.kind == "callout"]
    assert [part.callout_kind.name for part in callouts] == ["Did You Know?", "Pro Tip"]
    expected = [
        next(line for line in seed_lines if line.startswith(lead_in))[
            len(lead_in) :
        ].strip()
        for lead_in in ("Did You Know?", "Pro Tip:")
    ]
    assert [html_to_text(part.text) for part in callouts] == expected


def test_the_seeds_pull_quote_is_spoken_by_donald_trump(
    seed_story_path, seed_lines, section
):
    article = import_seed(seed_story_path)

    quotes = [part for part in parts_of(article) if part.kind == "quote"]
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.is_pull_quote
    assert quote.speaker == "Donald Trump"
    assert quote.speaker_title == "US President"
    standalone = [line for line in seed_lines if line[0] == "“" and line[-1] == "”"]
    assert [f"“{html_to_text(quote.text)}”"] == standalone


def test_the_seed_cites_its_three_organisations_in_order(seed_story_path, section):
    article = import_seed(seed_story_path)

    citations = list(article.citations.select_related("source").order_by("position"))
    assert [citation.source.organisation for citation in citations] == SEED_SOURCES
    council, center, brookings = (citation.source for citation in citations)
    assert center.abbreviation == "CSIS"
    assert council.published_on.isoformat() == "2025-09-01"
    assert council.published_precision == Source.Precision.MONTH
    assert council.kind == Source.Kind.REPORT
    assert council.published_display == "September 2025"
    assert "Council on Foreign Relations" in citations[0].claim


def test_every_seed_line_becomes_one_part_in_the_files_order(
    seed_story_path, seed_lines, section
):
    article = import_seed(seed_story_path)
    parts = parts_of(article)

    assert [source_line(part, seed_lines) for part in parts] == seed_lines[1:]
    paragraphs = [html_to_text(part.text) for part in parts if part.kind == "paragraph"]
    structured = {
        source_line(part, seed_lines) for part in parts if part.kind != "paragraph"
    }
    assert paragraphs == [line for line in seed_lines[1:] if line not in structured]
    assert len(paragraphs) == 7


def test_the_seeds_slips_survive_byte_for_byte(seed_story_path, seed_lines, section):
    article = import_seed(seed_story_path)
    stored = {source_line(part, seed_lines): part for part in parts_of(article)}

    for slip in SLIPS:
        lines = [line for line in seed_lines[1:] if slip in line]
        assert lines, slip
        for line in lines:
            part = stored[line]
            assert slip in (part.title or html_to_text(part.text))
    for line, part in stored.items():
        if part.kind == "paragraph":
            assert html_to_text(part.text) == line
    pull_quote = next(part for part in stored.values() if part.is_pull_quote)
    assert "honour" in html_to_text(pull_quote.text)
    pro_tip = next(
        part
        for part in stored.values()
        if part.kind == "callout" and "(CSIS)" in part.text
    )
    assert "the center for Strategic" in html_to_text(pro_tip.text)


def test_a_second_story_citing_the_same_sources_reuses_them(
    seed_story_path, tmp_path, section
):
    first = import_seed(seed_story_path)
    follow_up = tmp_path / "follow-up.txt"
    follow_up.write_text(
        "A follow-up\n" + seed_story_path.read_text("utf-8").split("\n", 1)[1],
        encoding="utf-8",
    )

    out, _err = run(follow_up, section="world")

    second = Article.objects.latest("pk")
    assert second.pk != first.pk and second.slug != first.slug
    assert Source.objects.count() == 3
    assert list(second.citations.values_list("source", flat=True)) == list(
        first.citations.values_list("source", flat=True)
    )
    assert out.count("(reused)") == 3


def test_an_existing_source_is_matched_by_abbreviation_or_name_in_any_case(
    seed_story_path, section
):
    csis = SourceFactory(organisation="CSIS think tank", abbreviation="csis", title="")
    brookings = SourceFactory(organisation="brookings institution", title="")

    article = import_seed(seed_story_path)

    cited = list(
        article.citations.order_by("position").values_list("source", flat=True)
    )
    assert cited[1:] == [csis.pk, brookings.pk]
    assert Source.objects.count() == 3


def test_a_dry_run_prints_each_part_and_writes_nothing(
    seed_story_path, seed_lines, section
):
    out, _err = run(seed_story_path, dry_run=True)

    assert Article.objects.count() == 0
    assert BodyPart.objects.count() == 0
    assert Source.objects.count() == 0
    assert Citation.objects.count() == 0
    assert "nothing written" in out
    part_lines = [
        line
        for line in out.splitlines()
        if line.startswith("  ") and line.strip()[0].isdigit()
    ]
    assert len(part_lines) == len(seed_lines) - 1
    assert sum("subhead" in line for line in part_lines) == 3
    assert sum("callout" in line for line in part_lines) == 2
    assert (
        sum("pull quote" in line and "Donald Trump" in line for line in part_lines) == 1
    )


def test_json_output_is_valid_and_in_the_files_order(
    seed_story_path, seed_lines, section
):
    out, _err = run(seed_story_path, dry_run=True, json=True)

    document = json.loads(out)
    assert document["headline"] == seed_lines[0]
    assert document["dek"] == ""
    assert document["bylines"] == []
    kinds = [part["kind"] for part in document["body"]]
    assert kinds.count("paragraph") == 7
    assert kinds.count("subhead") == 3
    assert kinds.count("callout") == 2
    assert kinds.count("pull_quote") == 1
    assert [part["line"] for part in document["body"]] == sorted(
        part["line"] for part in document["body"]
    )
    for part in document["body"]:
        assert part["text"] in seed_lines[1:] or any(
            line.endswith(part["text"]) or line == f"“{part['text']}”"
            for line in seed_lines
        )
    pull_quote = next(part for part in document["body"] if part["kind"] == "pull_quote")
    assert pull_quote["speaker"] == "Donald Trump"
    assert [source["organisation"] for source in document["sources"]] == SEED_SOURCES
    assert document["sources"][0]["published"] == "2025-09"
    assert document["sources"][0]["kind"] == "report"
    assert document["sources"][1]["abbreviation"] == "CSIS"
    assert Article.objects.count() == 0


def test_json_for_several_files_is_a_list_one_document_per_file(
    seed_story_path, tmp_path, section
):
    wire = tmp_path / "wire.txt"
    wire.write_text(WIRE_STORY, encoding="utf-8")

    out, _err = run(seed_story_path, wire, dry_run=True, json=True)

    documents = json.loads(out)
    assert [document["headline"] for document in documents] == [
        seed_story_path.read_text(encoding="utf-8").splitlines()[0],
        WIRE_STORY.splitlines()[0],
    ]


def test_json_after_an_import_names_the_article_written(seed_story_path, section):
    out, _err = run(seed_story_path, section="world", json=True)

    document = json.loads(out)
    article = Article.objects.get()
    assert document["article"] == {
        "id": article.pk,
        "admin_url": reverse("admin:articles_article_change", args=[article.pk]),
    }
    assert document["section"] == "world"
    assert [source["reused"] for source in document["sources"]] == [False] * 3


def write_bad_file(tmp_path, case):
    path = tmp_path / f"{case}.txt"
    if case == "empty":
        path.write_text("\n  \n\n", encoding="utf-8")
    elif case == "not-utf8":
        path.write_bytes("Café owners protest\nThe café closed.\n".encode("latin-1"))
    elif case == "no-headline":
        path.write_text(
            "By Jane Doe\nTOKYO — The markets opened lower.\n", encoding="utf-8"
        )
    elif case == "directory":
        path.mkdir()
    elif case == "control-character":
        # As the import page refuses it: nothing stored may break a page or a feed.
        path.write_text("Harbour \x01reopens\nThe quay opened.\n", encoding="utf-8")
    elif case == "noncharacter":
        path.write_text("Harbour reopens\nThe quay \ufffeopened.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty", "is empty"),
        ("not-utf8", "is not UTF-8"),
        ("missing", "no such file"),
        ("no-headline", "has no headline"),
        ("directory", "is a directory"),
        ("control-character", "control character or noncharacter U+0001"),
        ("noncharacter", "control character or noncharacter U+FFFE"),
    ],
)
def test_bad_input_gets_one_line_error_and_the_good_file_still_imports(
    case, message, seed_story_path, seed_lines, tmp_path, section
):
    bad = write_bad_file(tmp_path, case)

    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        out, err = StringIO(), StringIO()
        call_command(
            "import_article", str(bad), str(seed_story_path), stdout=out, stderr=err
        )

    errors = err.getvalue().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"{bad}: ") and message in errors[0]
    assert list(Article.objects.values_list("headline", flat=True)) == [seed_lines[0]]


def test_an_unknown_section_is_refused_before_anything_is_written(
    seed_story_path, section
):
    with pytest.raises(CommandError, match='No section "nowhere"'):
        run(seed_story_path, section="nowhere")

    assert Article.objects.count() == 0


def test_without_a_section_the_first_top_level_section_is_used_and_named(
    seed_story_path,
):
    SectionFactory(name="Politics", slug="politics", position=2)
    world = SectionFactory(name="World", slug="world", position=1)
    SectionFactory(name="Asia", slug="asia", position=0, parent=world)

    out, _err = run(seed_story_path)

    assert Article.objects.get().section == world
    assert "filing under World (world)" in out


def test_a_wire_story_comes_out_structured(tmp_path, section):
    path = tmp_path / "wire.txt"
    path.write_text(WIRE_STORY, encoding="utf-8")
    lines = WIRE_STORY.splitlines()

    out, _err = run(path, section="world")

    article = Article.objects.get()
    assert article.dek == lines[1]
    assert article.dateline == "NEW YORK"
    assert "Reuters" in out
    bylines = list(article.bylines.select_related("author"))
    assert [(b.author.name, b.role) for b in bylines] == [
        ("Jane Doe", Byline.Role.WRITTEN),
        ("John Roe", Byline.Role.WRITTEN),
    ]
    assert bylines[0].author.slug == "jane-doe"
    parts = parts_of(article)
    summary = [
        (part.kind, part.title or html_to_text(part.text) or part.caption)
        for part in parts
    ]
    assert summary == [
        ("paragraph", lines[3].removeprefix("NEW YORK (Reuters) - ")),
        ("image", "Traders work on the floor of the New York Stock Exchange"),
        ("paragraph", lines[5]),
        ("bulleted", "Lower bond yields"),
        ("bulleted", "A weaker dollar"),
        ("bulleted", "Strong earnings from chipmakers"),
        ("subhead", "THE ECONOMY"),
        ("paragraph", lines[10]),
        ("paragraph", lines[11]),
        ("numbered", "Hold rates steady"),
        ("numbered", "Watch the inflation data"),
        ("subhead", "What happens next?"),
        ("paragraph", lines[15]),
    ]
    assert parts[1].credit == "Reuters"
    assert not any("Read more" in text for _kind, text in summary)
    assert "dropped" in out and "Read more" in out
    correction = Correction.objects.get(article=article)
    assert correction.kind == Correction.Kind.CORRECTION
    assert correction.text == lines[-1].removeprefix("Correction: ")
    sources = {
        c.source.organisation: c.source
        for c in article.citations.select_related("source")
    }
    assert sources["Institute for Market Studies"].abbreviation == "IMS"
    assert sources["Bureau of Economic Analysis"].kind == Source.Kind.REPORT


def test_a_paragraph_opening_with_a_word_and_a_colon_stays_a_paragraph(
    tmp_path, section
):
    path = tmp_path / "colon.txt"
    path.write_text(
        "Tokyo prepares for the summit\n"
        "Tokyo: the capital is closing roads around the venue for three days.\n"
        "However: residents say the closures came with little warning.\n",
        encoding="utf-8",
    )

    run(path, section="world")

    parts = parts_of(Article.objects.get())
    assert [part.kind for part in parts] == ["paragraph", "paragraph"]
    assert html_to_text(parts[0].text).startswith("Tokyo: the capital")
    assert html_to_text(parts[1].text).startswith("However: residents")


def test_a_byline_title_and_an_existing_author_are_kept(tmp_path, section):
    existing = AuthorFactory(name="Jane Doe", slug="jane-doe", title="Staff writer")
    AuthorFactory(name="Someone Else", slug="john-roe")
    path = tmp_path / "tokyo.txt"
    path.write_text(
        "Takaichi heads to Washington\n"
        "By JANE DOE, Tokyo correspondent, and John Roe, Seoul bureau chief\n"
        "TOKYO — Prime Minister Sanae Takaichi left for Washington on Thursday.\n"
        "Editor's note: Jane Doe reported from Tokyo and John Roe from Seoul.\n",
        encoding="utf-8",
    )

    run(path, section="world")

    article = Article.objects.get()
    assert article.dateline == "TOKYO"
    authors = [byline.author for byline in article.bylines.select_related("author")]
    assert authors[0] == existing
    assert (authors[1].name, authors[1].slug, authors[1].title) == (
        "John Roe",
        "john-roe-2",
        "Seoul bureau chief",
    )
    assert Author.objects.count() == 3
    assert article.corrections.get().kind == Correction.Kind.EDITORS_NOTE
    assert [part.kind for part in parts_of(article)] == ["paragraph"]


def test_an_imported_story_starts_its_history_with_one_revision(
    seed_story_path, section
):
    article = import_seed(seed_story_path)

    revisions = list(revisions_of(article))
    assert len(revisions) == 1
    assert seed_story_path.name in revisions[0].revision.comment


def test_a_box_whose_label_no_kind_lists_becomes_a_callout_of_a_new_kind(
    tmp_path, section
):
    path = tmp_path / "port.txt"
    path.write_text(
        "Le port s'agrandit\n"
        "Le conseil a approuvé le projet mardi.\n"
        "Bon à savoir : le port ferme en août.\n"
        "Les travaux commencent au printemps.\n",
        encoding="utf-8",
    )

    run(path, section="world")

    callout = Article.objects.get().parts.get(kind=BodyPart.Kind.CALLOUT)
    assert callout.callout_kind.name == "Bon à savoir"
    assert html_to_text(callout.text) == "le port ferme en août."


def test_a_dry_run_in_json_gives_every_lines_role_and_why(tmp_path, section):
    path = tmp_path / "wire.txt"
    path.write_text(WIRE_STORY, encoding="utf-8")

    out, _err = run(path, dry_run=True, json=True)

    lines = json.loads(out)["parts"]
    assert [line["line"] for line in lines] == list(
        range(1, len(WIRE_STORY.splitlines()) + 1)
    )
    by_line = {line["line"]: line for line in lines}
    assert by_line[1]["kind"] == "headline"
    assert by_line[2]["kind"] == "dek"
    assert (by_line[3]["kind"], by_line[3]["why"]) == (
        "byline",
        "byline opening with “By”",
    )
    assert by_line[5]["kind"] == "caption" and "caption" in by_line[5]["why"]
    assert by_line[10]["kind"] == "subhead"
    assert by_line[17]["kind"] == "dropped" and by_line[17]["why"] == "promo label"
    assert all(line["why"] for line in lines)


def test_importing_a_story_again_is_refused_with_a_pointer_to_it(
    seed_story_path, tmp_path, section
):
    first = import_seed(seed_story_path)
    copy = tmp_path / "copy.txt"
    copy.write_text(seed_story_path.read_text("utf-8"), encoding="utf-8")

    for path in (seed_story_path, copy):
        out, err = run(path, section="world")

        assert Article.objects.get() == first
        assert "already imported" in err
        assert reverse("admin:articles_article_change", args=[first.pk]) in err
    assert len(revisions_of(first)) == 1


def test_update_makes_a_new_revision_of_the_story_on_file(tmp_path, section):
    path = tmp_path / "wire.txt"
    path.write_text(WIRE_STORY, encoding="utf-8")
    run(path, section="world")
    article = Article.objects.get()
    path.write_text(WIRE_STORY.replace("rose on Wednesday", "rose on Thursday"))

    run(path, section="world")
    assert Article.objects.get().pk == article.pk  # same file: refused
    assert "rose on Wednesday" in html_to_text(parts_of(article)[0].text)

    run(path, section="world", update=True)

    assert Article.objects.get().pk == article.pk
    assert "rose on Thursday" in html_to_text(parts_of(article)[0].text)
    assert [v.revision.comment for v in revisions_of(article)] == [
        "Imported again from wire.txt.",
        "Imported from wire.txt.",
    ]


def test_a_directory_imports_each_story_and_sums_up_with_the_failures(
    seed_story_path, tmp_path, section
):
    folder = tmp_path / "desk"
    (folder / "monday").mkdir(parents=True)
    (folder / "wire.txt").write_text(WIRE_STORY, encoding="utf-8")
    (folder / "monday" / "seed.md").write_text(
        seed_story_path.read_text("utf-8"), encoding="utf-8"
    )
    (folder / "monday" / "empty.txt").write_text("\n", encoding="utf-8")
    (folder / "notes.jpg").write_bytes(b"not a story")
    run(seed_story_path, section="world")

    with pytest.raises(CommandError, match="1 of 3 files could not be imported"):
        out, err = StringIO(), StringIO()
        call_command(
            "import_article", str(folder), section="world", stdout=out, stderr=err
        )

    assert Article.objects.count() == 2
    summary = out.getvalue().splitlines()
    assert "Imported 1, skipped 1 as duplicates, failed 1:" in summary
    assert f"  {folder / 'monday' / 'empty.txt'}: is empty" in summary
    assert "already imported" in err.getvalue()


def test_on_a_terminal_many_files_show_a_progress_bar(
    seed_story_path, tmp_path, section, monkeypatch
):
    import fcntl
    import os
    import select
    import struct
    import sys
    import termios

    wire = tmp_path / "wire.txt"
    wire.write_text(WIRE_STORY, encoding="utf-8")
    controller, terminal = os.openpty()
    # A terminal 100 columns wide, as a window gives one.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with open(terminal, "w", encoding="utf-8") as screen:
        monkeypatch.setattr(sys, "stderr", screen)
        call_command("import_article", str(seed_story_path), str(wire), stdout=screen)
        screen.flush()
        chunks = []
        while select.select([controller], [], [], 0)[0]:
            chunks.append(os.read(controller, 65536))
        shown = b"".join(chunks).decode("utf-8", "replace")
    os.close(controller)

    assert "2/2" in shown and "story/s" in shown
    assert "Imported 2, skipped 0 as duplicates, failed 0." in shown
    assert Article.objects.count() == 2


def _desk_story(number, writers, box):
    return (
        f"Harbour plan {number} wins the vote\n"
        f"By {writers}\n"
        f"The council approved plan {number} on Tuesday.\n"
        f"{box}: the quay opens in August.\n"
        "Work starts in the spring.\n"
    )


def _selects_from(queries, table):
    """How many of ``queries`` read ``table`` itself (not through a join)."""
    return sum(1 for query in queries if f'FROM "{table}"' in query["sql"])


@pytest.mark.django_db(transaction=True)
def test_a_run_reads_the_callout_kinds_and_its_authors_once(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    SectionFactory(name="World", slug="world")
    one, three = tmp_path / "one", tmp_path / "three"
    one.mkdir()
    three.mkdir()
    (one / "a.txt").write_text(_desk_story(1, "Ana Ruiz and Tom Lee", "Fast facts"))
    for number in range(3):
        (three / f"{number}.txt").write_text(
            _desk_story(number + 2, "Jane Doe and John Roe", "Quick facts")
        )

    with CaptureQueriesContext(connection) as alone:
        run(one, section="world")
    with CaptureQueriesContext(connection) as together:
        run(three, section="world")

    assert Article.objects.count() == 4
    assert Author.objects.count() == 4
    written = Article.objects.filter(headline__startswith="Harbour plan 4").get()
    assert sorted(written.bylines.values_list("author__name", flat=True)) == [
        "Jane Doe",
        "John Roe",
    ]
    assert written.parts.get(kind="callout").callout_kind.name == "Quick facts"
    for table in ("articles_author", "articles_calloutkind"):
        assert _selects_from(together.captured_queries, table) == _selects_from(
            alone.captured_queries, table
        )


def _write_desk(folder, count):
    """``count`` stories unlike each other, named in the order they sort."""
    folder.mkdir()
    writers = ["Ana Ruiz and Tom Lee", "Jane Doe", "Mira Okafor, Harbour News"]
    boxes = ["Fast facts", "Why it matters", "Key points"]
    for number in range(count):
        (folder / f"{number:03d}.txt").write_text(
            _desk_story(number, writers[number % 3], boxes[number % 3]),
            encoding="utf-8",
        )


def test_parsing_processes_read_the_same_stories_in_the_same_order(tmp_path, section):
    from articles.management.commands.import_article import PARSE_BATCH

    folder = tmp_path / "desk"
    _write_desk(folder, 3 * PARSE_BATCH + 1)

    def dry_run(workers):
        out = StringIO()
        call_command(
            "import_article",
            str(folder),
            dry_run=True,
            as_json=True,
            parse_workers=workers,
            stdout=out,
        )
        return json.loads(out.getvalue())

    here, in_processes = dry_run(0), dry_run(2)

    assert in_processes == here
    assert [document["headline"] for document in in_processes] == [
        f"Harbour plan {number} wins the vote" for number in range(3 * PARSE_BATCH + 1)
    ]


def test_a_file_failing_in_a_parsing_process_is_reported_and_the_rest_import(
    tmp_path, section
):
    from articles.management.commands.import_article import PARSE_BATCH

    folder = tmp_path / "desk"
    count = 2 * PARSE_BATCH + 3
    _write_desk(folder, count)
    bad = folder / f"{PARSE_BATCH + 1:03d}.txt"
    bad.write_text("Harbour \x01reopens\nThe quay opened.\n", encoding="utf-8")
    (folder / f"{PARSE_BATCH + 2:03d}.txt").write_text("\n", encoding="utf-8")

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=f"2 of {count} files could not be"):
        call_command(
            "import_article", str(folder), parse_workers=2, stdout=out, stderr=err
        )

    errors = err.getvalue().splitlines()
    assert errors[0].startswith(f"{bad}: ") and "control character" in errors[0]
    assert errors[1] == f"{folder / f'{PARSE_BATCH + 2:03d}.txt'}: is empty"
    assert f"Imported {count - 2}, skipped 0 as duplicates, failed 2:" in (
        out.getvalue().splitlines()
    )
    assert list(Article.objects.order_by("pk").values_list("headline", flat=True)) == [
        f"Harbour plan {number} wins the vote"
        for number in range(count)
        if number not in (PARSE_BATCH + 1, PARSE_BATCH + 2)
    ]


def test_a_story_parsed_in_another_process_is_written_without_cleaning_its_markup(
    tmp_path, section, monkeypatch
):
    """Its parsing process works out its parts' markup and their words: the writer
    finds them and asks nh3 nothing, and stores what it would have worked out."""
    from articles import sanitize
    from articles.management.commands.import_article import read_batch
    from articles.selectors import callout_lead_ins

    folder = tmp_path / "desk"
    _write_desk(folder, 1)
    path = str(next(folder.iterdir()))
    [(story, _error, markup)] = read_batch([(path, None)], callout_lead_ins(), "en")
    # Nothing known ahead: made here, then put aside.
    monkeypatch.setattr(sanitize, "_ahead_cleaned", {})
    monkeypatch.setattr(sanitize, "_ahead_text", {})
    import_story(story, section=section, source=path)
    written_here = list(
        Article.objects.get().parts.values_list("text", "word_count", "position")
    )
    Article.objects.all().delete()

    sanitize.known_ahead(markup)
    asked = []
    monkeypatch.setattr(sanitize, "_CLEANER", None)  # cleaning here would fail
    monkeypatch.setattr(sanitize.nh3, "clean", lambda *a, **k: asked.append(a))
    sanitize.html_to_text.cache_clear()
    import_story(story, section=section, source=path)

    assert asked == []
    assert (
        list(Article.objects.get().parts.values_list("text", "word_count", "position"))
        == written_here
    )
    assert len(written_here) == 3 and any(text for text, *_ in written_here)
