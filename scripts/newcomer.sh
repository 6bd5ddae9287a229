#!/usr/bin/env bash
# The newcomer's path: clones the repository into a temporary folder and runs the
# commands of README.md's "Quick start" exactly as written there, then checks the
# site they promise exists. `make test` and `swift test` are skipped: they are what
# CI itself runs on a fresh clone, and running them here would run them twice.
set -euo pipefail

cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/confab-newcomer.XXXXXX")
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/confab"

# Lines of the ```sh blocks between "## Quick start" and the next "## " heading.
mapfile -t commands < <(awk '
    /^## / { inside = ($0 == "## Quick start") }
    inside && /^```sh$/ { block = 1; next }
    block && /^```$/ { block = 0; next }
    inside && block && NF { print }
' README.md)
[ "${#commands[@]}" -gt 0 ] || { echo "newcomer: no commands found in README.md's Quick start" >&2; exit 1; }

cd "$work/confab"
ran=0
for command in "${commands[@]}"; do
    case "$command" in
        "make test" | "swift test") echo "newcomer: skipping '$command' (CI runs it)"; continue ;;
    esac
    echo "newcomer: \$ $command"
    bash -c "$command"
    ran=$((ran + 1))
done
[ -f public/index.html ] || { echo "newcomer: the Quick start's commands left no public/index.html" >&2; exit 1; }
echo "newcomer: $ran commands from README.md ran in a fresh clone; public/ has $(find public -name '*.html' | wc -l) pages"
