"""Pathological transcripts, generated at test time (never committed)."""
import random

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WORDS = ("badge learners credential students teachers evidence rubric workflow pathway "
         "portfolio endorsement mastery feedback growth recognition digital open").split()


def clock(minutes):
    h, m = divmod(minutes, 60)
    return f"{h % 12 or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"


def participate(tag, date, messages, start=18 * 60 + 30, zone="EST"):
    """A participate-format transcript as a list of lines (without line ends), so that
    callers can point at line numbers. `messages` yields (minute offset, handle, text)."""
    month = MONTHS[date.month - 1]
    lines = [f"#{tag} Archive", "", f"#{tag} is a test chat.", "",
             f"{WEEKDAYS[date.weekday()]} {month} {date.day}, {date.year}", f"{clock(start)} {zone}", ""]
    for offset, handle, text in messages:
        lines.append(f"  \u2022 {handle} {month[:3]} {date.day} @ {clock(min(start + offset, 23 * 60 + 59))} {zone}")
        lines.append(f"    {text}")
    return lines


def plain(tag, date, texts, start=18 * 60 + 30, zone="EDT"):
    """A plain-format transcript: header with date, time and zone on one line, one message a line."""
    return [f"#{tag} Archive", f"#{tag} is a test chat.",
            f"{WEEKDAYS[date.weekday()]} {MONTHS[date.month - 1]} {date.day}, {date.year} {clock(start)} {zone}", *texts]


def write_lines(path, lines, encoding="utf-8"):
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def big_session(count, people=2000, seed=1):
    """`count` messages of tweet length (~380 bytes a message with its bullet line)
    from `people` authors across a five-hour session, 40% of them answers."""
    rng = random.Random(seed)
    handles = [f"user{i:05d}" for i in range(people)]
    span = 5 * 60
    for i in range(count):
        label = f"A{i * 6 // count + 1}: " if rng.random() < 0.4 else ""
        words = " ".join(rng.choice(WORDS) for _ in range(38))
        yield (i * span // count, rng.choice(handles), f"{label}{words} #bigchat")


def many_people(count):
    """One message from each of `count` distinct authors."""
    for i in range(count):
        yield (i * 120 // count, f"person{i:05d}", f"Hello from person number {i} #crowdchat")


def long_text(size, unit):
    """`unit` (formatted with a counter) repeated to exactly `size` characters."""
    parts, total, i = [], 0, 0
    while total < size:
        part = unit.format(i)
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)[:size].rstrip()

