"""Cleaning: what is page furniture, what is the article, and the audit trail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paths import EXAMPLE, ROOT
from synopsis.clean import (
    MAX_ARTICLE_CHARS,
    classify_lines,
    clean_document,
    find_date,
    line_reason,
    repeated_lines,
    split_flattened,
)
from synopsis.errors import SkipInput
from synopsis.ingest import RawDocument, read_inputs

CONTENT = {"title", "dek", "body", "subhead"}


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Your browser is not supported. Please switch to a modern browser.", "browser notice"),
        ("We use cookies to improve your experience. Accept all cookies", "cookie notice"),
        ("Skip to main content", "navigation"),
        ("Most Read", "navigation"),
        ("Share this article", "navigation"),
        ("You have read 4 of 5 free articles this month.", "paywall prompt"),
        ("Subscribe to continue reading.", "paywall prompt"),
        ("All-access digital subscription $4.99/month.", "paywall prompt"),
        ("Sign up for our morning newsletter", "newsletter prompt"),
        ("Get breaking news alerts from the Harbour Daily.", "newsletter prompt"),
        ("Tweet with a location to share where you are. You can always delete your tweet location history.",
         "embed or archive notice"),
        ("Captures of this page were added to the Wayback Machine after an embargo period.", "embed or archive notice"),
        ("Reprints: this copy is for your personal, non-commercial use only.", "embed or archive notice"),
        ("Your donation helps keep local reporting free for everyone.", "donation appeal"),
        ("Related: Harbour board delays vote on ferry fares", "related link"),
        ("READ MORE: What the budget means for schools", "related link"),
        ("Click here: the full council agenda", "related link"),
        ("WATCH BELOW: Crews lower the reservoir", "related link"),
        ("More than 200 residents marched to the dam on Saturday.", None),
        ("Image: Flooded streets in the lower town", "image title"),
        ("Priya Anand/AP/File", "photo credit"),
        ("Photo: Lee Chan / Harbour Daily", "photo credit"),
        ("The mayor (C) greets volunteers at the shelter on Friday in Gull Bay. © 2026 Wirefoto", "photo caption"),
        ("This report contains material from the Associated Press.", "agency footer"),
        ("Reuters contributed to this report.", "agency footer"),
        ("By Nadia Brook, staff writer", "byline or timestamp"),
        ("Updated 6:40 p.m. May 4, 2026", "byline or timestamp"),
        ("May 4, 2026 · 9:15 AM", "byline or timestamp"),
        ("FILE - In this March 3, 2024, file photo, the harbour master speaks to reporters in Gull Bay.", "photo caption"),
        ("In this undated photo provided by the district, crews inspect the spillway.", "photo caption"),
        ("This 2019 photo provided by the district shows crews at the spillway.", "photo caption"),
    ],
)
def test_line_reason_finds_page_furniture(line, reason):
    assert line_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The council said it would subscribe to the state's emergency plan before the summer.",
        "Reuters reported on Friday that the harbour would reopen within a week, citing two officials.",
        "More than 300 families were evacuated overnight, the fire service said.",
        "Officials donated their salaries to the relief fund, a move critics called symbolic, and the mayor said more help was coming.",
        "Ferry service resumes",
        "By the end of the week, crews had cleared most of the debris from the main road.",
        "Users can now turn off their location history, the company said on Tuesday.",
        "The internet archive said it had added the council's old web pages to its collection.",
        "In this town the 2019 flood is still the photo that everyone remembers best.",
        "File sharing services were blamed for the outage, the council said on Monday.",
    ],
)
def test_line_reason_keeps_news_sentences(line):
    assert line_reason(line) is None


ARTICLE = """Skip to main content

Harbour ferry halted after engine fire

Island commuters face a week of reduced crossings while engineers inspect the boat.

Lee Chan/Harbour Daily
The ferry Gannet is towed into port on Sunday.

The island ferry stopped running on Sunday after a small engine fire forced the crew to turn back.

Related: Ferry fares to rise in June

No passengers were hurt, the operator said.

What happens next

A replacement boat will run a reduced timetable from Wednesday.

This report contains material from the Associated Press.

You've read 3 of 5 free stories. Subscribe for unlimited access.
Already a subscriber? Log in
Most Viewed"""

EXPECTED = {
    1: "navigation", 3: "title", 5: "dek", 7: "photo credit", 8: "photo caption", 10: "body",
    12: "related link", 14: "body", 16: "subhead", 18: "body", 20: "agency footer", 22: "paywall prompt",
    23: "paywall prompt", 24: "navigation",
}


FURNITURE, CAPTION = "inline page furniture", "photo caption"


@pytest.mark.parametrize(
    "line, pieces",
    [
        # a gallery label with its credit printed twice, between a headline and the lede
        ("Ferries halted in Gull Bay enlarge this image toggle caption Lee Chan/Harbour Daily Lee Chan/Harbour Daily "
         "The harbour closed on Monday.",
         [("Ferries halted in Gull Bay", None), ("enlarge this image", FURNITURE),
          ("toggle caption Lee Chan/Harbour Daily Lee Chan/Harbour Daily", FURNITURE), ("The harbour closed on Monday.", None)]),
        ("Why did the pumps fail? toggle caption priya anand/wirefoto crews worked all night.",
         [("Why did the pumps fail?", None), ("toggle caption priya anand/wirefoto", FURNITURE),
          ("crews worked all night.", None)]),
        # a media player's notice, then a caption up to its full stop
        ("Media playback is unsupported on your device media caption The mayor visits the shelter. Crews worked all night.",
         [("Media playback is unsupported on your device", FURNITURE),
          ("media caption The mayor visits the shelter.", CAPTION), ("Crews worked all night.", None)]),
        ("Image copyright Wirefoto image caption Volunteers fill sandbags near the dam Officials say more rain is due.",
         [("Image copyright Wirefoto", CAPTION), ("image caption Volunteers fill sandbags near the dam Officials say more rain is due.",
                                                  CAPTION)]),
        ("advertisement continue reading the main story GULL BAY — The ferry ran again on Monday.",
         [("advertisement continue reading the main story", FURNITURE), ("GULL BAY — The ferry ran again on Monday.", None)]),
        ("Text size - + reset The council met on Monday.",
         [("Text size - + reset", FURNITURE), ("The council met on Monday.", None)]),
        ("Please enable Javascript to watch this video GULL BAY -- The ferry ran again.",
         [("Please enable Javascript to watch this video", FURNITURE), ("GULL BAY -- The ferry ran again.", None)]),
        # an embedded post's signature ends the post; the article goes on after it
        ("Water everywhere pic.twitter.com/ab12Cd — Nadia Brook ( @nbrook ) March 3, 2026 The river rose overnight.",
         [("Water everywhere", None), ("pic.twitter.com/ab12Cd — Nadia Brook ( @nbrook ) March 3, 2026", FURNITURE),
          ("The river rose overnight.", None)]),
        ("Play Facebook Twitter Embed Ferry fire in Gull Bay 2:07 The ferry burned for an hour.",
         [("Play Facebook Twitter Embed Ferry fire in Gull Bay 2:07", FURNITURE), ("The ferry burned for an hour.", None)]),
        ("Interested in Gull Bay? Add Gull Bay as an interest to stay up to date on the latest Gull Bay news. The ferry ran.",
         [("Interested in Gull Bay? Add Gull Bay as an interest to stay up to date on the latest Gull Bay news.", FURNITURE),
          ("The ferry ran.", None)]),
        # words that only resemble a label are kept whole
        ("The new toggle caption feature lets readers hide photo text.", [("The new toggle caption feature lets readers hide photo text.", None)]),
        ("The mayor asked residents to enlarge their emergency kits.", [("The mayor asked residents to enlarge their emergency kits.", None)]),
    ],
)
def test_furniture_glued_inside_a_line_is_cut_out(line, pieces):
    assert [(text.strip(), reason) for text, reason in split_flattened(line)] == pieces


def test_a_flattened_line_keeps_its_headline_and_lede_and_audits_the_label():
    text = ("Ferries halted in Gull Bay enlarge this image toggle caption Lee Chan/Harbour Daily Lee Chan/Harbour Daily "
            "The harbour closed on Monday after an engine fire. The ferry company said repairs would take a week.")
    article = clean_document(RawDocument(id="f", source="f.txt", text=text))
    assert article.title == "Ferries halted in Gull Bay"
    assert [b.kind for b in article.blocks] == ["title", "body"]
    assert article.text.endswith("The ferry company said repairs would take a week.")
    assert "caption" not in article.text
    assert [(r.line, r.reason) for r in article.removed] == [(1, FURNITURE), (1, FURNITURE)]


def test_classify_lines_labels_every_line():
    verdicts = classify_lines(ARTICLE.split("\n"))
    got = {v.line: (v.kind or v.reason) for v in verdicts if v.text.strip()}
    assert got == EXPECTED


def test_clean_document_keeps_audit_trail_and_credits():
    article = clean_document(RawDocument(id="ferry", source="ferry.txt", text=ARTICLE, name="ferry.txt"))
    assert article.title == "Harbour ferry halted after engine fire"
    assert [b.kind for b in article.blocks] == ["title", "dek", "body", "body", "subhead", "body"]
    for block in article.blocks:
        assert article.text[block.start:block.end] == ARTICLE.split("\n")[block.line - 1].strip()
    assert {r.line for r in article.removed} == {k for k, v in EXPECTED.items() if v not in CONTENT}
    assert article.credits == ["This report contains material from the Associated Press."]
    assert "Subscribe" not in article.text and "Lee Chan" not in article.text


def test_hard_wrapped_paragraphs_are_joined():
    text = "A headline\n\nThe council met on Monday and agreed\nto delay the vote until June.\n\nA second paragraph."
    article = clean_document(RawDocument(id="w", source="w.txt", text=text))
    assert "agreed to delay the vote" in article.text


def test_article_with_nothing_left_is_skipped():
    with pytest.raises(SkipInput, match="nothing of the article is left"):
        clean_document(RawDocument(id="x", source="x.txt", text="Skip to main content\nMost Viewed\nSubscribe"))


def test_repeated_short_lines_across_articles_are_site_furniture():
    docs = [RawDocument(id=str(i), source=f"{i}.txt", text=f"Title {i}\n\nBody sentence number {i} is here.\n\nBack to the list")
            for i in range(3)]
    repeated = repeated_lines(docs)
    article = clean_document(docs[0], repeated=repeated)
    assert any(r.text == "Back to the list" and "repeated" in r.reason for r in article.removed)


@pytest.mark.parametrize("title_hint", [None, "Ferry halted after fire"])
def test_a_headline_shared_by_every_article_is_their_headline_not_site_furniture(title_hint):
    bodies = ["The island ferry stopped running on Sunday after a small engine fire, the operator said.",
              "An engine fire halted the island ferry on Sunday; no passengers were hurt, officials said.",
              "Engineers will inspect the island ferry this week after Sunday's engine fire, the board said."]
    docs = [RawDocument(id=str(i), source=f"{i}.txt", text=f"Ferry halted after fire\n\n{body}\n\nBack to the list",
                        title=title_hint) for i, body in enumerate(bodies)]
    repeated = repeated_lines(docs)
    for doc in docs:
        article = clean_document(doc, repeated=repeated)
        assert article.title == "Ferry halted after fire" and article.blocks[0].kind == "title"
        assert [r.text for r in article.removed] == ["Back to the list"]  # still furniture


def test_an_article_over_the_length_limit_is_cut_at_a_paragraph_with_a_warning():
    paragraph = "The harbour board met again on Monday and heard another report on the ferry. " * 12
    text = "Ferry report\n\n" + "\n\n".join(f"{n}. {paragraph.strip()}" for n in range(MAX_ARTICLE_CHARS // 900))
    article = clean_document(RawDocument(id="long", source="long.txt", text=text))
    assert MAX_ARTICLE_CHARS // 2 < len(article.text) <= MAX_ARTICLE_CHARS
    assert article.text.endswith("on the ferry.") and text.startswith(article.text.split("\n\n")[0])
    kept_blocks = article.text.split("\n\n")
    assert [article.text[b.start:b.end] for b in article.blocks] == kept_blocks  # offsets index the kept text
    (warning,) = article.warnings
    assert f"over the {MAX_ARTICLE_CHARS:,} analysed" in warning and f"from line {2 * len(kept_blocks) + 1} on" in warning


def test_one_paragraph_over_the_length_limit_is_cut_at_a_sentence_end():
    text = "Ferry report\n\n" + "The board met on Monday and heard a report. " * (MAX_ARTICLE_CHARS // 40)
    article = clean_document(RawDocument(id="long", source="long.txt", text=text))
    assert len(article.text) <= MAX_ARTICLE_CHARS and article.text.endswith("heard a report.")
    assert article.blocks[-1].end == len(article.text) and article.warnings


@pytest.mark.parametrize("body, language", [
    ("台风周日在广东登陆\n\n台风周日在广东登陆，造成大范围停电。\n\n当局表示，已有数十万人被疏散，学校和商店关闭，渡轮停航。",
     "Chinese (zh)"),
    ("Le ferry de l'île a cessé de fonctionner dimanche après un petit incendie de moteur, a indiqué "
     "l'opérateur dans un communiqué publié tard dans la soirée. Aucun passager n'a été blessé.", "French (fr)"),
    ("Паром остановлен\n\nПаром прекратил работу в воскресенье после небольшого пожара в двигателе, сообщил "
     "оператор. Пассажиры не пострадали, сообщили власти острова.", "Russian (ru)"),
    (ARTICLE, None),
])
def test_an_article_in_another_language_gets_a_warning_naming_it(body, language):
    """An article the pipeline cannot read is still briefed (it may be cited), with a warning."""
    article = clean_document(RawDocument(id="x", source="x.txt", text=body))
    notes = [w for w in article.warnings if "analyses English only" in w]
    assert notes == ([f"the text reads as {language}, and synopsis analyses English only: sentences, quotes, "
                      "names and dates may be missed"] if language else [])


@pytest.mark.parametrize(
    "text, expected",
    [("Published March 10, 2026, 5:18 p.m.", "2026-03-10"), ("4 May 2026", "2026-05-04"),
     ("Posted 2026-01-31", "2026-01-31"), ("no date here", None)],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


def _check_against_labels(doc, labels, repeated):
    errors = []
    for v in classify_lines(doc.text.split("\n"), repeated=repeated, title_hint=doc.title):
        if not v.text.strip():
            continue
        gold = labels.get(str(v.line))
        keep = gold in CONTENT
        if keep != (v.reason is None):
            errors.append(f"line {v.line} ({gold}) -> {v.kind or v.reason}: {v.text[:60]}")
    return errors


def test_seeds_keep_content_and_drop_furniture(seeds_dir, seeds_gold):
    result = read_inputs(sorted(seeds_dir.glob("*.txt")))
    repeated = repeated_lines(result.documents)
    errors = []
    for doc in result.documents:
        labels = seeds_gold["articles"][Path(doc.source).name]["line_labels"]
        errors += [f"{doc.id} {e}" for e in _check_against_labels(doc, labels, repeated)]
    assert errors == []


def test_example_txt_files_match_hand_labels():
    labels = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))["articles"]
    result = read_inputs([EXAMPLE])
    repeated = repeated_lines(result.documents)
    errors = []
    checked = 0
    for doc in result.documents:
        entry = labels[Path(doc.source).name]
        if "line_labels" in entry:
            checked += 1
            errors += [f"{doc.id} {e}" for e in _check_against_labels(doc, entry["line_labels"], repeated)]
    assert checked >= 3 and errors == []


def test_example_html_files_keep_paragraphs_and_drop_furniture():
    from synopsis.core import load_articles

    labels = json.loads((ROOT / "examples" / "labels.json").read_text(encoding="utf-8"))["articles"]
    for article in load_articles([EXAMPLE]):
        entry = labels[Path(article.source).name]
        if "kept_paragraph_prefixes" not in entry:
            continue
        paragraphs = [article.text[b.start:b.end] for b in article.blocks]
        for prefix in entry["kept_paragraph_prefixes"]:
            assert any(p.startswith(prefix) for p in paragraphs), (article.id, prefix)
        for prefix in entry["dropped_prefixes"]:
            assert not any(p.startswith(prefix) for p in paragraphs), (article.id, prefix)


@pytest.mark.parametrize("first_line, first_kind", [
    # a wire lede with its dateline: the text has no headline
    ("LAKEPORT, Ardenia (AP) _ A spring flood that reached the valley four days ago has killed 19 people, police said.", "body"),
    ("BRUSSELS, May 3 (Xinhua) -- Ministers agreed on Sunday to open the new rail link to freight next spring.", "body"),
    ("NEW YORK -- Stocks fell sharply on Tuesday as investors weighed the central bank's latest remarks.", "body"),
    # headlines, including ones with a capitalised kicker and a dash
    ("US - China talks resume in Geneva", "title"),
    ("BREAKING - Dam spillway fails after a week of heavy rain across the valley.", "title"),
    ("Harbour ferry halted after engine fire", "title"),
])
def test_a_dateline_lede_is_body_not_a_headline(first_line, first_kind):
    text = f"{first_line}\n\nThe second paragraph gives the details of what happened and who said so.\n\nA third one."
    article = clean_document(RawDocument(id="d", source="d.txt", text=text))
    assert article.blocks[0].kind == first_kind


# --- publication dates, in order of trust ----------------------------------------------------

_BODY = ("The harbour board voted on Monday to close the north pier for repairs after divers found "
         "cracks in two of its pilings, the board's chair said.")


@pytest.mark.parametrize("url,expected", [
    ("https://news.example/2017/03/27/pier-closes", "2017-03-27"),
    ("https://news.example/local/2017-03-27/pier-closes.html", "2017-03-27"),
    ("https://news.example/story/20170327/pier", "2017-03-27"),
    ("https://news.example/pier-closes-20170327.html", "2017-03-27"),
    ("https://news.example/2017/13/27/pier", None),  # no month 13
    ("https://news.example/story/a8201703271/pier", None),  # digits inside an id
    ("https://20170327.news.example/pier", None),  # the host is not read
    ("https://news.example/pier?day=2017-03-27", None),  # nor the query
    ("https://news.example/2017/03/pier", None),  # a month is not a publication day
    (None, None),
])
def test_date_in_url(url, expected):
    from synopsis.text.dates import date_in_url

    assert date_in_url(url) == expected


@pytest.mark.parametrize("doc,expected", [
    (RawDocument(id="m", source="m.jsonl:1", text=f"Pier closes\n\n{_BODY}", published="2024-05-08",
                 url="https://news.example/2017/03/27/pier"), ("2024-05-08", "metadata")),
    (RawDocument(id="u", source="u.jsonl:1", text=f"Pier closes\n\n{_BODY}",
                 url="https://news.example/2017/03/27/pier"), ("2017-03-27", "url")),
    (RawDocument(id="d", source="d.txt", text=f"Pier closes\n\nMarch 27, 2017\n\n{_BODY}"), ("2017-03-27", "dateline")),
    (RawDocument(id="c", source="c.txt",
                 text=f"Pier closes\n\nBoard chair Ana Ruiz (L) speaks to divers at the north pier in Gull Bay on March 20, 2017. © 2017 Wirefoto\n\n{_BODY}"),
     ("2017-03-20", "photo caption")),
    # a file photo's date is not the article's
    (RawDocument(id="f", source="f.txt",
                 text=f"Pier closes\n\nJo Roe/Wirefoto/File\nThe chair (L) speaks at the pier on March 20, 2017.\n\n{_BODY}"),
     (None, None)),
    (RawDocument(id="n", source="n.txt", text=f"Pier closes\n\n{_BODY}"), (None, None)),
])
def test_publication_date_sources(doc, expected):
    article = clean_document(doc)
    assert (article.published, article.published_from) == expected
    assert any("photo caption" in w for w in article.warnings) == (expected[1] == "photo caption")
