#!/usr/bin/env python3
"""Times `confab build` on generated corpora and prints what the README's Performance
section reports.

For each corpus (made once by ../shared/bench/gen-corpus.py and kept in --work):
a full build into an empty output with no build cache, a rebuild with nothing changed, and
rebuilds after one transcript changed, after someone new wrote in one, and after a new
session arrived (each undone before the next); each under GNU time, with Confab's own
--timings per stage.
Reports wall and CPU seconds, peak memory, pages and bytes written, messages per second
and the search index's bytes per message. With --hugo it then runs
../shared/bench/vs-hugo.py on the default corpus for the ratio to Hugo.

Usage:
  scripts/bench.py [--confab .build/release/confab] [--sessions 400 --messages 300]
                   [--large] [--hugo] [--work /tmp/confab-bench]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The team's benchmark tools beside the repository; CONFAB_GEN_CORPUS (set by the Makefile) wins.
BENCH = os.path.dirname(os.environ.get("CONFAB_GEN_CORPUS") or os.path.join(os.path.dirname(ROOT), "shared", "bench", "gen-corpus.py"))


def corpus(work, sessions, messages):
    """The generated site folder for this size, made on first use."""
    site = os.path.join(work, f"corpus-{sessions}x{messages}")
    content = os.path.join(site, "content")
    if not os.path.isdir(content):
        subprocess.run([sys.executable, os.path.join(BENCH, "gen-corpus.py"), content,
                        "--sessions", str(sessions), "--messages", str(messages), "--seed", "7"],
                       check=True, stdout=subprocess.DEVNULL)
    return site


def timed_build(confab, site):
    """One build under GNU time: wall and CPU seconds, peak MiB, Confab's summary and stage timings."""
    fd, report = tempfile.mkstemp()
    os.close(fd)
    try:
        run = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", report,
                              confab, "build", "--site", site, "--timings"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"confab build failed ({run.returncode}):\n{run.stderr[-3000:]}")
        wall, user, system, kib = open(report).read().split()[-4:]
    finally:
        os.unlink(report)
    stages = dict((name, float(seconds)) for name, seconds in re.findall(r"^(\w+)\s+([\d.]+) s$", run.stdout, re.M))
    summary = run.stdout.strip().splitlines()[-1]
    return {"wall": float(wall), "cpu": float(user) + float(system), "peak_mib": int(kib) / 1024,
            "stages": stages, "summary": summary}


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def last_transcript(site):
    content = os.path.join(site, "content")
    return os.path.join(content, sorted(f for f in os.listdir(content) if f.endswith(".txt"))[-1])


def touch_one_transcript(site):
    """Adds a line to the last session, as after a correction to last night's chat."""
    with open(last_transcript(site), "a", encoding="utf-8") as f:
        f.write("Thanks everyone, see you next week! (added for the benchmark)\n")


def new_participant(site):
    """Someone new writes in the last session: a new person page, and a new name in the people list."""
    path = last_transcript(site)
    body = open(path, encoding="utf-8").read()
    stamp = re.search(r"^  • \S+(?: - \w+)? (\w{3} \d+ @ [^\n]+)$", body, re.M).group(1)
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"  • Brand_New_Person {stamp}\n    Hello, first time here!\n")


def new_session(site):
    """Next week's chat arrives: the last transcript again, a year later, as a new file."""
    body = open(last_transcript(site), encoding="utf-8").read()
    later = re.sub(r"(\w+day \w+ \d+, )(\d{4})", lambda m: m.group(1) + str(int(m.group(2)) + 1), body, count=1)
    with open(os.path.join(site, "content", "zz-next-session.txt"), "w", encoding="utf-8") as f:
        f.write(later)


# What a rebuild after the full one changes, each undone before the next.
CHANGES = [("one transcript changed", touch_one_transcript), ("a new participant", new_participant),
           ("a new session", new_session)]


def measure(confab, work, sessions, messages):
    site = corpus(work, sessions, messages)
    # A full build starts cold: no output and no build cache.
    shutil.rmtree(os.path.join(site, "public"), ignore_errors=True)
    shutil.rmtree(os.path.join(site, ".confab-cache"), ignore_errors=True)
    full = timed_build(confab, site)
    # The full build's gigabytes are still being written to disk when it exits: let that
    # finish, so it is not counted in the rebuilds' time.
    os.sync()
    noop = timed_build(confab, site)
    content = os.path.join(site, "content")
    backup = {name: open(os.path.join(content, name), "rb").read() for name in os.listdir(content)}
    changed = {}
    for name, change in CHANGES:
        try:
            change(site)
            changed[name] = timed_build(confab, site)
        finally:
            for extra in set(os.listdir(content)) - set(backup):
                os.remove(os.path.join(content, extra))
            for file, data in backup.items():
                with open(os.path.join(content, file), "wb") as f:
                    f.write(data)
        # Back to the full build's input, so the next change starts from it.
        timed_build(confab, site)
        os.sync()
    numbers = re.match(r"(\d+) sessions?, (\d+) messages?, (\d+) participants?, (\d+) pages?", full["summary"])
    count = int(numbers.group(2))
    output = os.path.join(site, "public")
    return {"corpus": f"{sessions} sessions x ~{messages} messages", "messages": count,
            "pages": int(numbers.group(4)), "bytes": folder_bytes(output),
            "index_bytes_per_message": folder_bytes(os.path.join(output, "search")) / count,
            "full": full, "noop": noop, "changed": changed,
            "messages_per_second": count / full["wall"]}


def show(result):
    full = result["full"]
    print(f"{result['corpus']}: {result['messages']} messages, {result['pages']} pages, "
          f"{result['bytes'] / 1e6:.1f} MB written, search index {result['index_bytes_per_message']:.0f} bytes/message")
    for name, run in [("full build", full), ("no-op rebuild", result["noop"])] + list(result["changed"].items()):
        print(f"  {name:24} wall {run['wall']:7.2f} s  cpu {run['cpu']:7.2f} s  peak {run['peak_mib']:7.0f} MiB"
              f"  ({run['wall'] / full['wall']:.2f} x full)")
    print(f"  messages per second (full): {result['messages_per_second']:.0f}")
    print("  stages (full): " + ", ".join(f"{k} {v:.2f} s" for k, v in full["stages"].items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--confab", default=os.path.join(ROOT, ".build/release/confab"))
    ap.add_argument("--sessions", type=int, default=400)
    ap.add_argument("--messages", type=int, default=300)
    ap.add_argument("--large", action="store_true", help="also the large corpus, 2,000 sessions x ~400 messages")
    ap.add_argument("--hugo", action="store_true", help="also run vs-hugo.py on the default corpus")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "confab-bench"))
    args = ap.parse_args()
    if not os.path.exists("/usr/bin/time"):
        sys.exit("GNU time is missing: apt-get install time")
    if not os.path.exists(args.confab):
        sys.exit(f"no confab binary at {args.confab}: swift build -c release --product confab")
    os.makedirs(args.work, exist_ok=True)
    default = measure(args.confab, args.work, args.sessions, args.messages)
    show(default)
    if args.large:
        large = measure(args.confab, args.work, 2000, 400)
        show(large)
        per_message = (large["full"]["wall"] / large["messages"]) / (default["full"]["wall"] / default["messages"])
        print(f"time per message, large / default: {per_message:.2f}")
    if args.hugo:
        if not shutil.which("hugo"):
            sys.exit("hugo is missing: apt-get install hugo")
        run = subprocess.run([sys.executable, os.path.join(BENCH, "vs-hugo.py"), args.confab,
                              "--sessions", str(args.sessions), "--messages", str(args.messages),
                              "--runs", "3", "--work", os.path.join(args.work, "vs-hugo"),
                              # vs-hugo removes the output before each run but not Confab's
                              # build cache beside it: --force keeps every run a full one.
                              "--confab-args", "build --site {site} --force"],
                             capture_output=True, text=True, check=True)
        print(run.stdout.strip())


if __name__ == "__main__":
    main()
