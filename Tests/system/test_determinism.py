"""The same input gives byte-identical output, whatever the machine's clock, zone,
locale, folder, file creation order and modification times (README: "nothing in a
page depends on the build's clock or the machine's time zone or locale")."""
import difflib
import os
import random
import subprocess

import pytest

from conftest import base_env, copy_sample, manifest, mib, record_figure, run_confab, tree_size

GERMAN = "de_DE.UTF-8"


def german_locale_installed():
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    except OSError:
        return False
    return any(n.lower().replace("-", "") in ("de_de.utf8",) for n in names)


def copy_content(source, target, order, mtime_seed):
    """Copies every file of `source` into `target` one by one in the given order
    (so directory entries are created in that order), then sets scattered mtimes."""
    files = sorted(p for p in source.rglob("*") if p.is_file())
    if order == "reversed":
        files.reverse()
    elif order == "shuffled":
        random.Random(mtime_seed).shuffle(files)
    rng = random.Random(mtime_seed)
    for path in files:
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(path.read_bytes())
    for path in files:
        stamp = rng.randrange(10**8, 2 * 10**9)
        os.utime(target / path.relative_to(source), (stamp, stamp))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory, gen_corpus):
    base = tmp_path_factory.mktemp("corpora")
    sample = copy_sample(base / "sample")
    generated = gen_corpus(base / "generated", "--sessions", 8, "--messages", 60, "--people", 40,
                           "--plain-share", 0.3, "--seed", 11)
    # With base_url, so feed.xml, sitemap.xml and robots.txt (which carry dates) are written too.
    (generated / "site.yaml").write_text('title: "Generated"\nbase_url: "https://example.org/"\n', encoding="utf-8")
    (generated / "about.md").write_text("# About\n\nA *generated* archive.\n", encoding="utf-8")
    return {"sample": sample, "generated": generated}


@pytest.mark.parametrize("corpus", ["sample", "generated"])
def test_output_is_byte_identical_across_environments(confab, corpora, tmp_path, corpus):
    source = corpora[corpus]
    site_a = tmp_path / "a"
    site_b = tmp_path / "elsewhere" / "deeper" / "site-b"
    copy_content(source, site_a / "content", "sorted", 1)
    # The second copy creates the files in another order: reversed, or shuffled.
    copy_content(source, site_b / "content", "reversed" if corpus == "sample" else "shuffled", 2)

    env_a = base_env()
    env_b = base_env(TZ="Pacific/Kiritimati", LANG=GERMAN, LC_ALL=GERMAN)
    first = run_confab(confab, "build", "--site", site_a, env=env_a)
    second = run_confab(confab, "build", "--site", site_b, "--output", tmp_path / "out-b", env=env_b)
    assert first.returncode == 0, first.describe()
    assert second.returncode == 0, second.describe()

    one, two = manifest(site_a / "public"), manifest(tmp_path / "out-b")
    record_figure(f"determinism ({corpus})",
                  f"{len(one)} files, {mib(tree_size(site_a / 'public'))}, builds {first.seconds:.1f} s and "
                  f"{second.seconds:.1f} s; second build TZ=Pacific/Kiritimati LC_ALL={GERMAN} "
                  f"(glibc locale {'installed' if german_locale_installed() else 'not installed: Foundation/ICU still sees it'})")
    assert sorted(one) == sorted(two), (
        f"different files: only in the first {sorted(set(one) - set(two))[:10]}, "
        f"only in the second {sorted(set(two) - set(one))[:10]}")
    differing = sorted(p for p in one if one[p] != two[p])
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:10]}\n" + first_diff(
        site_a / "public", tmp_path / "out-b", differing[0])


def test_repeated_builds_in_one_place_are_identical(confab, corpora, tmp_path):
    """Two processes, same folder and environment: only the hash seed and the clock differ."""
    site = tmp_path / "site"
    copy_content(corpora["generated"], site / "content", "sorted", 3)
    manifests = []
    for _ in range(2):
        # --force: the second build must run the pipeline, not find nothing changed.
        run = run_confab(confab, "build", "--site", site, "--quiet", "--force")
        assert run.returncode == 0, run.describe()
        manifests.append(manifest(site / "public"))
    assert manifests[0] == manifests[1]


def first_diff(a, b, relative):
    left = (a / relative).read_bytes().decode("utf-8", "replace").splitlines()
    right = (b / relative).read_bytes().decode("utf-8", "replace").splitlines()
    lines = list(difflib.unified_diff(left, right, f"first/{relative}", f"second/{relative}", n=1, lineterm=""))
    return "\n".join(line[:300] for line in lines[:30])
