"""Inputs a real archive meets sooner or later, generated here at test time.

Each build must end by itself (no crash, no signal, no hang) with exit code 0 while
any transcript could be read, name each bad file (and line, where there is one) in a
warning on standard error, still build the good transcripts, and stay within bounds
of time and memory. The bounds are about three times what was measured on the
project's two-core machine (figures in the comments; the run prints its own).
"""
import datetime
import random
import re

import pytest

import inputs
from conftest import BIG_MESSAGES, copy_sample, mib, record_figure, run_confab, tree_size

GOOD_SESSION = "sessions/badgechat-2018-03-05.html"


def assert_clean_exit(run, bound_seconds=None):
    assert run.signal is None and not run.timed_out, "crashed or hung: " + run.describe()
    assert run.returncode == 0, run.describe()
    assert "Fatal error" not in run.stderr and "Stack dump" not in run.stderr, run.describe()
    if bound_seconds is not None:
        assert run.seconds < bound_seconds, f"took {run.seconds:.1f} s (bound {bound_seconds} s)"


def figure(name, run, site, extra=""):
    output = site / "public"
    size = mib(tree_size(output)) if output.is_dir() else "no output"
    record_figure(name, f"{run.seconds:.1f} s wall, {run.max_rss_kib / 1024:.0f} MiB peak RSS, output {size}{extra}")


# --- many small bad files in one site, beside the sample transcripts -------------------

BAD_FILES = {}


def bad_file(name, expect, line=None):
    """Registers a generator of content/<name>; `expect` must appear in its warning."""
    def register(make):
        BAD_FILES[name] = (make, expect, line)
        return make
    return register


@bad_file("empty.txt", r"empty file")
def _(path):
    path.write_bytes(b"")


@bad_file("png.txt", r"binary file")
def _(path):
    rng = random.Random(7)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096)))


@bad_file("random-bytes.txt", r"not a transcript")
def _(path):
    """Random bytes without a NUL, so they are not caught as binary."""
    rng = random.Random(8)
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))


@bad_file("invalid-utf8.txt", r"invalid UTF-8", line=11)
def _(path):
    lines = inputs.participate("utfchat", datetime.date(2018, 4, 2),
                               [(0, "alice", "Hello caf\u00e9 \U0001F44B"), (1, "bob", "SECOND"), (2, "carol", "third")])
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(data.replace(b"SECOND", b"broken \xff\xfe\xc3 bytes"))   # line 11


@bad_file("latin1.txt", r"not UTF-8; read as Windows-1252", line=4)
def _(path):
    inputs.write_lines(path, inputs.plain("latinchat", datetime.date(2018, 4, 9), [
        "Bonjour \u00e0 tous, caf\u00e9 cr\u00e8me", "Ma\u00f1ana se\u00f1or", "Gr\u00fc\u00dfe aus K\u00f6ln"]),
        encoding="latin-1")


@bad_file("cp1252.txt", r"not UTF-8; read as Windows-1252", line=8)
def _(path):
    inputs.write_lines(path, inputs.participate("cpchat", datetime.date(2018, 4, 10), [
        (0, "jos\u00e9", "Ol\u00e1 \u2013 caf\u00e9 \u201cquoted\u201d"), (1, "ana", "Ma\u00f1ana #cpchat")]),
        encoding="cp1252")


@bad_file("german-date.txt", r"date")
def _(path):
    lines = inputs.participate("germanchat", datetime.date(2018, 4, 16), [(0, "hans", "Hallo zusammen")])
    lines[4] = "Montag, 16. April 2018"
    inputs.write_lines(path, lines)


@bad_file("french-month.txt", r"date")
def _(path):
    lines = inputs.participate("frenchchat", datetime.date(2018, 4, 16), [(0, "marie", "Bonjour")])
    lines[4] = "Monday Avril 16, 2018"
    inputs.write_lines(path, lines)


@bad_file("header-only.txt", r"no messages")
def _(path):
    inputs.write_lines(path, inputs.participate("nomsgchat", datetime.date(2018, 4, 30), []))


@bad_file("header-only-plain.txt", r"no messages")
def _(path):
    inputs.write_lines(path, inputs.plain("plainnomsgchat", datetime.date(2018, 5, 1), []))


def duplicated():
    return inputs.participate("dupchat", datetime.date(2018, 4, 23), [(0, "dora", "dup one"), (1, "dan", "dup two")])


@pytest.fixture(scope="module")
def bad_site(confab, tmp_path_factory):
    site = tmp_path_factory.mktemp("bad")
    content = copy_sample(site / "content")
    for name, (make, _, _) in BAD_FILES.items():
        make(content / name)
    inputs.write_lines(content / "dup-a.txt", duplicated())
    inputs.write_lines(content / "dup-b.txt", duplicated())
    run = run_confab(confab, "build", "--site", site, timeout=120)
    figure("small bad files, one site", run, site)
    return site, run


def test_bad_files_never_stop_the_build(bad_site):
    site, run = bad_site
    assert_clean_exit(run, bound_seconds=30)     # measured 0.5 s
    assert (site / "public" / ".confab-output").is_file()


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_each_bad_file_is_named_in_a_warning(bad_site, name):
    _, run = bad_site
    _, expect, line = BAD_FILES[name]
    where = f"content/{name}" + (f":{line}" if line else "")
    found = [w for w in run.stderr.splitlines() if w.startswith(where + ":") and re.search(expect, w)]
    assert found, f"no warning for {where} matching /{expect}/ in:\n{run.stderr}"


def test_good_transcripts_still_build(bad_site):
    site, run = bad_site
    public = site / "public"
    for page in (GOOD_SESSION, "sessions/badgechat-2016-10-03.html", "sessions/utfchat-2018-04-02.html",
                 "sessions/latinchat-2018-04-09.html", "sessions/cpchat-2018-04-10.html",
                 "sessions/dupchat-2018-04-23.html"):
        assert (public / page).is_file(), f"{page} missing; sessions: {sorted(p.name for p in (public / 'sessions').iterdir())}"
    latin = (public / "sessions/latinchat-2018-04-09.html").read_text(encoding="utf-8")
    assert "caf\u00e9 cr\u00e8me" in latin and "Gr\u00fc\u00dfe aus K\u00f6ln" in latin
    cp = (public / "sessions/cpchat-2018-04-10.html").read_text(encoding="utf-8")
    assert "\u201cquoted\u201d" in cp or "&ldquo;quoted&rdquo;" in cp
    broken = (public / "sessions/utfchat-2018-04-02.html").read_text(encoding="utf-8")
    assert "\ufffd" in broken and "\U0001F44B" in broken
    for skipped in ("germanchat", "frenchchat", "nomsgchat-", "plainnomsgchat-"):
        assert not list((public / "sessions").glob(f"{skipped}*")), skipped


def test_header_only_transcript_is_reported_as_having_no_messages(bad_site):
    _, run = bad_site
    warnings = [w for w in run.stderr.splitlines() if w.startswith("content/header-only.txt")]
    assert any("no messages" in w for w in warnings), warnings


def test_duplicated_transcript_is_reported(bad_site):
    _, run = bad_site
    warnings = [w for w in run.stderr.splitlines() if "dup-a.txt" in w or "dup-b.txt" in w]
    assert any("dup-a.txt" in w and "dup-b.txt" in w for w in warnings), warnings


# --- one file each, with resource bounds ---------------------------------------------

def one_transcript_site(tmp_path, name, lines):
    site = tmp_path / "site"
    content = copy_sample(site / "content")
    return site, inputs.write_lines(content / name, lines)


def test_one_megabyte_line(confab, tmp_path):
    text = inputs.long_text(1 << 20, "longword{} ")
    site, _ = one_transcript_site(tmp_path, "long-line.txt", inputs.participate(
        "longchat", datetime.date(2018, 5, 7), [(0, "lena", "short"), (1, "leo", text), (2, "lia", "after")]))
    run = run_confab(confab, "build", "--site", site, timeout=120)
    figure("1 MiB line of words", run, site)
    assert_clean_exit(run, bound_seconds=30)      # measured 2 s
    assert run.max_rss_kib < 512 * 1024           # measured 40 MiB
    page = (site / "public/sessions/longchat-2018-05-07.html").read_text(encoding="utf-8")
    assert "longword50000 " in page and "after" in page
    assert (site / "public" / GOOD_SESSION).is_file()


def test_one_megabyte_line_of_hashtags_and_mentions(confab, tmp_path):
    text = inputs.long_text(1 << 20, "#tag{0} @user{0} ")
    site, _ = one_transcript_site(tmp_path, "tags-line.txt", inputs.participate(
        "tagchat", datetime.date(2018, 5, 14), [(0, "tina", "short"), (1, "tom", text)]))
    run = run_confab(confab, "build", "--site", site, timeout=60)
    figure("1 MiB line of hashtags and mentions", run, site, " (killed at the 60 s time-out)" if run.timed_out else "")
    # Linear: the message shows on its session page and on the pages of the 50 hashtags
    # and 50 mentions it links (about 100 MiB); unbounded, it did not finish in 300 s.
    assert_clean_exit(run, bound_seconds=30)      # measured 10 s
    assert tree_size(site / "public") < 200 * 2**20
    assert "hashtags and mentions beyond the first 50 of each left as plain text" in run.stderr


def test_ten_thousand_participants(confab, tmp_path):
    site, _ = one_transcript_site(tmp_path, "crowd.txt", inputs.participate(
        "crowdchat", datetime.date(2018, 6, 4), inputs.many_people(10_000)))
    run = run_confab(confab, "build", "--site", site, timeout=300)
    people = len(list((site / "public/people").glob("person*.html")))
    figure("10,000 participants", run, site, f", {people} person pages")
    assert_clean_exit(run, bound_seconds=90)      # measured 12-30 s, most of it fsync in the write stage
    assert run.max_rss_kib < 512 * 1024           # measured 107 MiB
    assert people == 10_000
    assert "10010 participants" in run.stdout     # and the sample's ten
    assert (site / "public" / GOOD_SESSION).is_file()


def test_fifty_megabyte_transcript(big_transcript_build):
    """Built in the background since the session started (conftest.big_transcript_build)."""
    outcome = big_transcript_build.outcome()
    run, site = outcome["run"], outcome["site"]
    stages = ", ".join(f"{m.group(1)} {float(m.group(2)):.0f} s"
                       for m in re.finditer(r"^(\w+)\s+([\d.]+) s$", run.stdout, re.M))
    figure(f"~50 MB transcript ({mib(outcome['input_bytes'])}, {BIG_MESSAGES} messages)", run, site,
           f", {outcome['output_files']} files; stages {stages}")
    assert_clean_exit(run, bound_seconds=340)     # measured 112 s alone, 387 MB of output
    assert run.max_rss_kib < 3.5 * 2**20          # measured 1.1 GiB
    assert f"{BIG_MESSAGES + 152} messages" in run.stdout
    assert (site / "public/sessions/bigchat-2018-03-05.html").is_file()
    assert (site / "public" / GOOD_SESSION).is_file()
