"""SIGKILL a build at points spread across it: the previous site must survive whole.

The write stage builds the new site in a staging folder beside the output
(`.<output>.confab-new-<pid>`, see Sources/ConfabCore/Write/SiteWriter.swift), hard-
linking files that did not change, then exchanges it with the output in one
renameat2(RENAME_EXCHANGE). A build killed at any moment must leave either the
previous site or the new one, complete; the next build must succeed, write the new
site and leave no staging folder behind. The write stage takes well under a second,
so its kill points hold the build inside a system call with strace instead of
racing it.
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
    """What lies beside the output but the sources, the output and the build cache (its
    record, its session entries and parts, the names of media copies and the privacy salt,
    but no half-written entry)."""
    found = sorted(name for name in os.listdir(site) if name not in ("content", "public", ".confab-cache"))
    cache = site / ".confab-cache"
    if cache.is_dir():
        found += sorted(f".confab-cache/{name}" for name in os.listdir(cache) if name not in ("public.record", "public.sessions", "public.parts", "public.media", "public.salt"))
        for kept in ("public.sessions", "public.parts"):
            if (cache / kept).is_dir():
                found += sorted(f".confab-cache/{kept}/{name}" for name in os.listdir(cache / kept) if ".tmp-" in name)
    return found


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


def wait_for_staging_to_stall(proc, site, expected_files):
    """Until the staging folder exists and stops growing: strace holds a hard link."""
    last, since = -1, time.monotonic()
    while proc.poll() is None:
        counts = [count_files(folder) for folder in staging_folders(site)]
        count = counts[0] if counts else -1
        if count != last:
            last, since = count, time.monotonic()
        elif count > 0 and time.monotonic() - since > 0.5:
            return True
        time.sleep(0.02)
    return False


def wait_for_complete_staging(proc, site, expected_files):
    """Until the staging folder is complete (its marker is the last file written) and
    the build sits in the exchange that strace holds, before or after it runs."""
    while proc.poll() is None:
        if any((folder / ".confab-output").exists() for folder in staging_folders(site)):
            time.sleep(0.5)
            return True
        time.sleep(0.02)
    return False


# strace arguments that hold one system call of the build for 20 s.
def hold(syscalls, when, moment="delay_enter"):
    return ["-e", f"trace={syscalls}", "-e", f"inject={syscalls}:{moment}=20000000:when={when}"]


def kill_points(stages):
    """Points spread across the build: 0.2 s in, the middle of the plan and of the render
    stage by the first build's --timings, and three held by strace: the write stage half
    way through its hard links, just before the exchange, and just after it. Each with
    what the output must be after the kill. (The killed builds run with --force, so each
    runs the whole pipeline as the first did.)"""
    def middle(stage):
        before = list(stages)[:list(stages).index(stage)] if stage in stages else []
        return sum(stages[s] for s in before) + stages.get(stage, 0) / 2
    plan_middle, render_middle = middle("plan"), middle("render")
    return [
        ("after 0.2 s", wait_for_seconds(0.2), None, "previous"),
        (f"middle of the plan stage ({plan_middle:.1f} s by the first build)", wait_for_seconds(plan_middle), None, "previous"),
        (f"middle of the render stage ({render_middle:.1f} s by the first build)", wait_for_seconds(render_middle), None, "previous"),
        ("write stage, held at the 1000th hard link (strace)", wait_for_staging_to_stall, hold("link,linkat", 1000), "previous"),
        ("swap, held just before the exchange (strace)", wait_for_complete_staging, hold("renameat2", 1), "previous"),
        ("swap, held just after the exchange (strace)", wait_for_complete_staging, hold("renameat2", 1, "delay_exit"), "new"),
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
    for number, (name, wait, strace, expect) in enumerate(kill_points(stages)):
        if strace and not STRACE:
            rounds.append({"name": name, "skipped": "strace is not installed (Debian package strace)"})
            continue
        marker = change_a_transcript(content, number)
        command = [confab, "build", "--site", str(site), "--quiet", "--force"]
        if strace:
            command = [STRACE, "-f", "--seccomp-bpf", "-o", os.devnull, *strace, *command]
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
            "name": name, "expect": expect, "strace": bool(strace), "reached": reached, "killed": running, "killed_at": killed_at,
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
            (shutil.rmtree if (site / name_left).is_dir() else os.remove)(site / name_left)
        previous = new if new is not None else previous
    return rounds


def ordinary(rounds):
    return [r for r in rounds if "skipped" not in r]


def test_kills_land_across_the_whole_build(kill_rounds):
    """The test's own premise: most kills hit a running build, two of them in the write stage."""
    rounds = ordinary(kill_rounds)
    assert sum(r["killed"] for r in rounds) >= 5, [(r["name"], r["killed_at"]) for r in rounds]
    held = [r for r in rounds if r["strace"]]
    assert all(r["reached"] and r["killed"] for r in held), [(r["name"], r["reached"], r["killed"]) for r in held]
    in_write = [r for r in rounds if r["killed"] and r["staging_files_at_kill"]]
    assert len(in_write) >= 2, [(r["name"], r["staging_files_at_kill"]) for r in rounds]


def test_output_is_the_previous_site_or_the_new_one_after_every_kill(kill_rounds):
    for r in ordinary(kill_rounds):
        assert r["after_kill"] is not None, f"{r['name']}: the output folder is gone"
        if r["killed"] and r["expect"] == "previous":
            assert r["after_kill"] == r["previous"], f"{r['name']}: the output changed: " + diff(r["previous"], r["after_kill"])
        elif r["killed"]:
            assert r["after_kill"] not in (None, r["previous"]) and ".confab-output" in r["after_kill"], f"{r['name']}: not the new site"
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


def diff(expected, actual):
    if actual is None:
        return "output folder missing"
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    return f"{len(missing)} missing {missing[:5]}, {len(extra)} extra {extra[:5]}, {len(changed)} changed {changed[:5]}"
