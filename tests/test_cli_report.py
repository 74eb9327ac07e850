"""`between report`: the PDF session brief from the terminal."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pypdf
import pytest

from analytics import clock
from analytics.cli import main


def pdf_text(path) -> str:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    return re.sub(
        r"\s+",
        " ",
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages),
    )


def test_since_last_session_writes_a_brief_of_the_days_since_it(filled_journal, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    assert (
        main(["report", "--db", str(filled_journal), "--since", "last-session", "--out", str(out)])
        == 0
    )
    text = pdf_text(out)
    session = clock.today() - timedelta(days=4)
    assert f"Period: {session:%-d %B %Y} to {clock.today():%-d %B %Y} (5 days)" in text
    assert f"Since my session on {session:%-d %B}" in text
    assert str(out) in capsys.readouterr().err


def test_from_to_writes_a_brief_of_those_days(filled_journal, tmp_path):
    start, end = clock.today() - timedelta(days=12), clock.today() - timedelta(days=6)
    out = tmp_path / "range.pdf"
    assert (
        main(
            [
                "report",
                "--db",
                str(filled_journal),
                "--from",
                start.isoformat(),
                "--to",
                end.isoformat(),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = pdf_text(out)
    assert f"Period: {start:%-d %B %Y} to {end:%-d %B %Y} (7 days)" in text
    assert f"From {start:%-d %B} to {end:%-d %B %Y} (7 days)" in text


def test_the_default_file_name_carries_the_dates(filled_journal, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    start, end = clock.today() - timedelta(days=9), clock.today() - timedelta(days=2)
    assert (
        main(
            [
                "report",
                "--db",
                str(filled_journal),
                "--from",
                start.isoformat(),
                "--to",
                end.isoformat(),
                "--no-charts",
            ]
        )
        == 0
    )
    assert pdf_text(tmp_path / f"between-sessions-brief-{start}-to-{end}.pdf")


def test_include_private_and_agenda_add_the_persons_own_words(filled_journal, tmp_path):
    plain, private = tmp_path / "plain.pdf", tmp_path / "private.pdf"
    base = ["report", "--db", str(filled_journal), "--no-charts"]
    assert main([*base, "--out", str(plain)]) == 0
    assert main([*base, "--out", str(private), "--include-private", "--include-agenda"]) == 0
    plain_text, private_text = pdf_text(plain), pdf_text(private)
    # The filled journal's notes read "Day N: *not* markdown"; its agenda "Talk about **the email**".
    assert "*not* markdown" not in plain_text and "Talk about **the email**" not in plain_text
    assert "*not* markdown" in private_text
    assert "Talk about **the email**" in private_text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2026-02-30"], "is not a date like"),
        (["--from", "yesterday"], "is not a date like"),
        (["--from", "2026-03-10", "--to", "2026-03-01"], "that period has no days"),
        (
            ["--from", "2001-01-01", "--to", "2001-01-31"],
            "Nothing is logged from 2001-01-01 to 2001-01-31",
        ),
        (["--to", (clock.today() + timedelta(days=5)).isoformat()], "in the future"),
        (["--since", "last-session", "--from", "2026-03-01"], "not both"),
    ],
)
def test_bad_dates_and_empty_ranges_exit_2_saying_why(
    filled_journal, tmp_path, capsys, argv, message
):
    out = tmp_path / "brief.pdf"
    try:
        code = main(["report", "--db", str(filled_journal), "--out", str(out), *argv])
    except SystemExit as stopped:  # argparse refuses a malformed date itself
        code = stopped.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_an_empty_journal_has_no_brief_to_write(journal_path, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    assert main(["report", "--db", str(journal_path), "--out", str(out)]) == 2
    assert "Nothing is logged" in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_journal_is_named(tmp_path, capsys):
    assert (
        main(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "b.pdf")])
        == 1
    )
    assert "There is no journal" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()


# --- --password -----------------------------------------------------------------------------

PASSWORD = "tell-them-by-phone 42"


def locked_text(path, password: str) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    assert reader.is_encrypted
    assert reader.decrypt(password) != 0
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def prompts(monkeypatch, *answers: str) -> list[str]:
    """Answer getpass prompts with `answers`, in order; return the prompts shown."""
    import getpass

    shown: list[str] = []
    replies = iter(answers)

    def answer(prompt: str = "") -> str:
        shown.append(prompt)
        return next(replies)

    monkeypatch.setattr(getpass, "getpass", answer)
    return shown


def test_password_from_the_environment_locks_the_brief(filled_journal, tmp_path, monkeypatch):
    monkeypatch.setenv("BETWEEN_BRIEF_PASSWORD", PASSWORD)
    shown = prompts(monkeypatch)  # no prompt when the variable is set
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    base = ["report", "--db", str(filled_journal), "--no-charts"]
    assert main([*base, "--out", str(plain)]) == 0
    assert main([*base, "--password", "--out", str(locked)]) == 0
    assert shown == []
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        pypdf.PdfReader(locked).pages[0].extract_text()
    assert locked_text(locked, PASSWORD) == pdf_text(plain)


def test_password_is_asked_twice_at_a_prompt(filled_journal, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BETWEEN_BRIEF_PASSWORD", raising=False)
    shown = prompts(monkeypatch, PASSWORD, PASSWORD)
    out = tmp_path / "brief.pdf"
    assert main(["report", "--db", str(filled_journal), "--password", "--out", str(out)]) == 0
    assert len(shown) == 2
    assert "Session brief" in locked_text(out, PASSWORD)
    assert "locked with your password" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("answers", "said"),
    [(("",), "empty"), ((PASSWORD, "a typo"), "differ")],
)
def test_an_empty_or_unconfirmed_password_writes_nothing(
    filled_journal, tmp_path, monkeypatch, capsys, answers, said
):
    monkeypatch.delenv("BETWEEN_BRIEF_PASSWORD", raising=False)
    prompts(monkeypatch, *answers)
    out = tmp_path / "brief.pdf"
    assert main(["report", "--db", str(filled_journal), "--password", "--out", str(out)]) == 2
    assert said in capsys.readouterr().err
    assert not out.exists()


def test_an_empty_password_variable_is_refused(filled_journal, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BETWEEN_BRIEF_PASSWORD", "")
    out = tmp_path / "brief.pdf"
    assert main(["report", "--db", str(filled_journal), "--password", "--out", str(out)]) == 2
    assert "empty" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("given", [["--password", PASSWORD], [f"--password={PASSWORD}"]])
def test_a_password_is_never_taken_from_the_command_line(
    filled_journal, tmp_path, monkeypatch, given
):
    monkeypatch.delenv("BETWEEN_BRIEF_PASSWORD", raising=False)
    prompts(monkeypatch, PASSWORD, PASSWORD)
    out = tmp_path / "brief.pdf"
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--db", str(filled_journal), "--out", str(out), *given])
    assert exit_.value.code == 2
    assert not out.exists()


def test_the_report_does_not_look_for_patterns_it_cannot_hold_and_says_the_same(
    filled_journal, tmp_path, monkeypatch
):
    """`between report` has no choice to put the patterns in, so it leaves their analysis out
    (a sixth of gathering the review); its brief says word for word what the brief of the
    whole review says with the patterns left out."""
    from analytics import patterns, review, storage
    from analytics import sessions as session_dates
    from analytics.export.brief import BriefChoices
    from analytics.export.session_brief import session_brief_pdf
    from analytics.per_version_cache import Kept

    # A review kept by an earlier test of the same journal would hide the gathering.
    monkeypatch.setattr(review, "_REVIEWS", Kept(8))
    looked = []
    real = patterns.patterns_view
    monkeypatch.setattr(
        patterns, "patterns_view", lambda *args, **kwargs: looked.append(1) or real(*args, **kwargs)
    )
    out = tmp_path / "brief.pdf"
    assert main(["report", "--db", str(filled_journal), "--out", str(out)]) == 0
    assert not looked

    today = clock.today()
    with storage.open_to_read(filled_journal) as con:
        choice = review.choose_period(session_dates.review_dates(con, today), today)
        whole = review.session_review(con, choice, today)
        expected = tmp_path / "whole.pdf"
        expected.write_bytes(session_brief_pdf(whole, BriefChoices()))
    assert looked, "the whole review looks for patterns"
    assert pdf_text(out) == pdf_text(expected)
