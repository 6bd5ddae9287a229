"""SIGKILL a build at points spread across it: the previous site must survive whole.

The write stage builds the new site in a staging folder beside the output
(`.<output>.confab-new-<pid>`, see Sources/ConfabCore/Write/SiteWriter.swift),
then renames the output away (`.<output>.confab-old-<pid>`) and the staging folder
into its place. A build killed at any moment must leave either the previous site or
the new one, complete; the next build must succeed, write the new site and leave no
staging or old folder behind.
"""
import os
import re
import shutil
import signal
import subprocess
import time

import pytest

from conftest import base_env, manifest, mib, record_figure, run_confab, tree_size

STRACE = shutil.which("strace")
STAGING = re.compile(r"^\.public\.confab-(new|old)-\d+$")


def change_a_transcript(content, round_number):
    """Edits one message so that the next build's output differs; returns the marker word."""
    first = sorted(content.glob("*.txt"))[0]
    text = first.read_text(encoding="utf-8")
    marker = f"killround{round_number}marker"
    assert "Welcome " in text
    first.write_text(text.replace("Welcome ", f"Welcome {marker} ", 1), encoding="utf-8")
    return marker


def leftovers(site):
    return sorted(name for name in os.listdir(site) if name not in ("content", "public"))


def staging_folders(site):
    return [site / name for name in os.listdir(site) if name.startswith(".public.confab-new-")]


def count_files(folder):
    return sum(len(files) for _, _, files in os.walk(folder))


def wait_for_seconds(seconds):
    def wait(proc, site, expected_files):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        return True
    return wait


def wait_for_staging(share):
    """Until the staging folder holds `share` of the site's files: a point in the write stage."""
    def wait(proc, site, expected_files):
        while proc.poll() is None:
            for folder in staging_folders(site):
                if count_files(folder) >= share * expected_files:
                    return True
            time.sleep(0.02)
        return False
    return wait


def wait_for_old_folder(proc, site, expected_files):
    """Until the output has been renamed away and the staging folder not yet moved in
    (strace holds the first rename's return for 20 s)."""
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if any(name.startswith(".public.confab-old-") for name in os.listdir(site)):
            return True
        time.sleep(0.01)
    return False


def kill_points(stages):
    """Points spread across the build: two times, the middle of the render stage by the
    first build's --timings, two points in the write stage seen from the staging folder's
    file count, and the instant between the swap's two renames (needs strace)."""
    render_middle = sum(stages.get(s, 0) for s in ("read", "normalize", "summarize", "plan")) + stages.get("render", 0) / 2
    return [
        ("after 0.2 s", wait_for_seconds(0.2), False),
        ("after 3 s", wait_for_seconds(3.0), False),
        (f"middle of the render stage ({render_middle:.1f} s by the first build)", wait_for_seconds(render_middle), False),
        ("write stage, staging half written", wait_for_staging(0.5), False),
        ("write stage, staging 97% written", wait_for_staging(0.97), False),
        ("between the two renames of the swap (strace delays the first)", wait_for_old_folder, True),
    ]


def stage_at(stages, seconds):
    """The stage the first build was in `seconds` after it started."""
    elapsed = 0.0
    for stage, length in stages.items():
        elapsed += length
        if seconds < elapsed:
            return stage
    return "after the write stage"


@pytest.fixture(scope="module")
def kill_rounds(confab, gen_corpus, tmp_path_factory):
    site = tmp_path_factory.mktemp("kill")
    content = gen_corpus(site / "content", "--sessions", 60, "--seed", 3)
    output = site / "public"

    first = run_confab(confab, "build", "--site", site, "--timings", "--quiet")
    assert first.returncode == 0, first.describe()
    stages = dict((m.group(1), float(m.group(2)))
                  for m in re.finditer(r"^(\w+)\s+([\d.]+) s$", first.stdout, re.M))
    previous = manifest(output)
    record_figure("kill: first build of 60 generated sessions",
                  f"{first.seconds:.1f} s wall, {first.max_rss_kib // 1024} MiB peak RSS, "
                  f"{len(previous)} files, {mib(tree_size(output))}; stages "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()))

    rounds = []
    for number, (name, wait, needs_strace) in enumerate(kill_points(stages)):
        if needs_strace and not STRACE:
            rounds.append({"name": name, "skipped": "strace is not installed (Debian package strace)"})
            continue
        marker = change_a_transcript(content, number)
        command = [confab, "build", "--site", str(site), "--quiet"]
        if needs_strace:
            command = [STRACE, "-f", "--seccomp-bpf", "-o", os.devnull, "-e", "trace=rename,renameat,renameat2",
                       "-e", "inject=rename,renameat,renameat2:delay_exit=20000000:when=1", *command]
        start = time.monotonic()
        proc = subprocess.Popen(command, env=base_env(), start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        reached = wait(proc, site, len(previous))
        running = proc.poll() is None
        killed_at = time.monotonic() - start
        staging_at_kill = [count_files(f) for f in staging_folders(site)]
        if running:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        after_kill = manifest(output)
        left_after_kill = leftovers(site)

        rebuild = run_confab(confab, "build", "--site", site, "--quiet")
        new = manifest(output)
        new_pages = "".join((output / "sessions" / p).read_text(encoding="utf-8")
                            for p in os.listdir(output / "sessions")) if new else ""
        rounds.append({
            "name": name, "reached": reached, "killed": running, "killed_at": killed_at,
            "staging_files_at_kill": staging_at_kill, "previous": previous, "after_kill": after_kill,
            "left_after_kill": left_after_kill, "rebuild": rebuild, "new": new,
            "marker_in_new": marker in new_pages, "left_after_rebuild": leftovers(site),
        })
        where = "" if staging_at_kill else f" (the first build was in its {stage_at(stages, killed_at)} stage then)"
        state = ("previous site" if after_kill == previous else "new site" if after_kill == new
                 else "MISSING" if after_kill is None else "CHANGED")
        record_figure(f"kill point '{name}'",
                      f"{'killed' if running else 'NOT killed (build had finished)'} at {killed_at:.2f} s{where}"
                      f", staging files at kill {staging_at_kill or 'none'}, output after kill: {state}"
                      f", rebuild {rebuild.seconds:.1f} s exit {rebuild.returncode}"
                      f", left beside the output after the rebuild: {leftovers(site) or 'nothing'}")
        # Each round starts clean, so one round's leftovers do not mask the next one's.
        for name_left in leftovers(site):
            shutil.rmtree(site / name_left)
        previous = new if new is not None else previous
    return rounds


def ordinary(rounds):
    return [r for r in rounds if "skipped" not in r and "strace" not in r["name"]]


def test_kills_land_across_the_whole_build(kill_rounds):
    """The test's own premise: most kills hit a running build, two of them in the write stage."""
    rounds = ordinary(kill_rounds)
    assert sum(r["killed"] for r in rounds) >= 4, [(r["name"], r["killed_at"]) for r in rounds]
    in_write = [r for r in rounds if r["killed"] and r["staging_files_at_kill"]]
    assert len(in_write) >= 2, [(r["name"], r["staging_files_at_kill"]) for r in rounds]


def test_output_is_the_previous_site_or_the_new_one_after_every_kill(kill_rounds):
    for r in ordinary(kill_rounds):
        assert r["after_kill"] is not None, f"{r['name']}: the output folder is gone"
        if r["killed"]:
            assert r["after_kill"] == r["previous"], f"{r['name']}: the output changed: " + diff(r["previous"], r["after_kill"])
        else:
            assert r["after_kill"] == r["new"], f"{r['name']}: " + diff(r["new"], r["after_kill"])


def test_build_after_a_kill_succeeds_and_writes_the_new_site(kill_rounds):
    for r in [r for r in kill_rounds if "skipped" not in r]:
        assert r["rebuild"].returncode == 0, f"{r['name']}: " + r["rebuild"].describe()
        assert r["new"] is not None and ".confab-output" in r["new"], r["name"]
        assert r["marker_in_new"], f"{r['name']}: the rebuilt site lacks the edited message"
        assert r["new"] != r["previous"] or not r["killed"], r["name"]


def test_build_after_a_kill_leaves_no_staging_folder(kill_rounds):
    stale = {r["name"]: r["left_after_rebuild"] for r in kill_rounds
             if "skipped" not in r and r["left_after_rebuild"]}
    assert not stale, f"left beside the output after a successful build: {stale}"


def test_kill_between_the_swap_renames_keeps_a_site(kill_rounds):
    r = next(r for r in kill_rounds if "strace" in r["name"])
    if "skipped" in r:
        pytest.skip(r["skipped"])
    assert r["reached"] and r["killed"], "the build did not reach the swap under strace"
    assert r["after_kill"] in (r["previous"], r["new"]), (
        "output folder after the kill: " + ("missing" if r["after_kill"] is None else diff(r["previous"], r["after_kill"]))
        + f"; beside it: {r['left_after_kill']}")


def diff(expected, actual):
    if actual is None:
        return "output folder missing"
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    return f"{len(missing)} missing {missing[:5]}, {len(extra)} extra {extra[:5]}, {len(changed)} changed {changed[:5]}"
