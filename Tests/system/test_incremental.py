"""The build cache takes unchanged pages from the last build. Whatever changed, the
site it leaves must be byte for byte the site a full build (--force) writes."""
import re
import shutil

import pytest

from conftest import manifest, record_figure, run_confab

BULLET = re.compile(r"^  • (\S+)(?: - \w+)? (\w{3} \d+ @ [^\n]+)$", re.M)


def transcripts(content):
    return sorted(content.glob("*.txt"))


def participate(content):
    """Transcripts in the participate format, whose messages name their authors."""
    return [p for p in transcripts(content) if BULLET.search(p.read_text(encoding="utf-8"))]


def add_message(path, author, text):
    """Appends a message by `author` at the time of the file's first message."""
    body = path.read_text(encoding="utf-8")
    stamp = BULLET.search(body).group(2)
    path.write_text(body.rstrip("\n") + f"\n  • {author} {stamp}\n    {text}\n", encoding="utf-8")


def first_author(path):
    return BULLET.search(path.read_text(encoding="utf-8")).group(1)


def edit_append_line(content):
    with open(transcripts(content)[-1], "a", encoding="utf-8") as f:
        f.write("Thanks everyone, see you next week! (added for the benchmark)\n")


def edit_word(content):
    path = participate(content)[len(participate(content)) // 2]
    body = path.read_text(encoding="utf-8")
    # The first message's text: the line after the first bullet.
    path.write_text(re.sub(r"(\n  • [^\n]+\n    )", r"\1Edited: ", body, count=1), encoding="utf-8")


def edit_new_author(content):
    add_message(participate(content)[3], "Brand_New_Person", "Hello, first time here!")


def edit_new_hashtag(content):
    path = participate(content)[5]
    add_message(path, first_author(path), "Try #NewTagForTests and #badgechat")


def edit_new_mention(content):
    path = participate(content)[6]
    add_message(path, first_author(path), "Have you met @Only_Mentioned_Person yet?")


def edit_mentioned_person_writes(content):
    # Someone only mentioned so far (by edit_new_mention) writes in another session.
    add_message(participate(content)[1], "Only_Mentioned_Person", "Hi, I was mentioned earlier")


def edit_slug_taken(content):
    # A new handle whose page name is an existing person's, sorting first: that person's
    # page becomes `<name>-2.html`, and every page linking to them must follow.
    path = participate(content)[7]
    add_message(path, "." + first_author(participate(content)[0]), "Almost the same name")


def edit_handle_spelling(content):
    path = participate(content)[2]
    author = first_author(path)
    for _ in range(40):   # enough to make this spelling the one the archive shows
        add_message(path, author.upper(), "Me again")


def edit_question(content):
    path = participate(content)[4]
    add_message(path, first_author(path), "Q9: Is this a question added for the test?")


def edit_remove(content):
    transcripts(content)[1].unlink()


def edit_add_session(content):
    body = transcripts(content)[-1].read_text(encoding="utf-8")
    # The same chat a year later: another date line, another session.
    later = re.sub(r"(\w+day \w+ \d+, )(\d{4})", lambda m: m.group(1) + str(int(m.group(2)) + 1), body, count=1)
    (content / "zz-added-session.txt").write_text(later, encoding="utf-8")


def edit_settings(content):
    (content / "site.yaml").write_text("title: Another title\n", encoding="utf-8")


EDITS = [edit_append_line, edit_word, edit_new_author, edit_new_hashtag, edit_new_mention,
         edit_mentioned_person_writes, edit_slug_taken, edit_handle_spelling,
         edit_question, edit_remove, edit_add_session, edit_settings]


@pytest.fixture(scope="module")
def site(confab, gen_corpus, tmp_path_factory):
    site = tmp_path_factory.mktemp("incremental")
    gen_corpus(site / "content", "--sessions", 12, "--messages", 60, "--seed", 11)
    first = run_confab(confab, "build", "--site", site, "--quiet")
    assert first.returncode == 0, first.describe()
    return site


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_incremental_build_equals_a_full_build(confab, site, tmp_path, edit):
    edit(site / "content")
    run = run_confab(confab, "build", "--site", site)
    assert run.returncode == 0, run.describe()
    full = run_confab(confab, "build", "--site", site, "--output", tmp_path / "full", "--force", "--quiet")
    assert full.returncode == 0, full.describe()
    incremental, forced = manifest(site / "public"), manifest(tmp_path / "full")
    differing = sorted(p for p in set(incremental) | set(forced) if incremental.get(p) != forced.get(p))
    assert differing == [], f"{edit.__name__}: {len(differing)} files differ from a full build, e.g. {differing[:5]}"
    files, changed = map(int, re.search(r"\((\d+) files, (\d+) changed\)", run.stdout).groups())
    record_figure(f"incremental: {edit.__name__}", f"{changed} of {files} files changed, {run.seconds:.2f} s")
    if edit is edit_append_line:
        assert changed < files / 4, "one transcript changed: most pages must be taken from the last build"
