#!/usr/bin/env bash
# Headway's demo job: three weighted stages with uneven timing, log lines, counters and a checkpoint every five items,
# reported with the line protocol (docs/line-protocol.md); a PNG preview at 25, 50 and 75 % of the scan and a text
# report at the end, kept as artifacts. Resumes from HEADWAY_CHECKPOINT ("item=N") when retried.
#   demo.sh SIZE DELAY_MS FAIL_AT FAIL_ATTEMPTS SILENT_AT SILENT_MS
set -euo pipefail
size="${1:-20}" delay_ms="${2:-100}" fail_at="${3:-0}" fail_attempts="${4:-1}"
silent_at="${5:-0}" silent_ms="${6:-0}"
attempt="${HEADWAY_ATTEMPT:-1}"
source "$(dirname "${BASH_SOURCE[0]}")/preview.sh"

# Each run has a pace of its own, 80-130 % of the typical one, as runs on a busy machine do: the scan takes about
# size x delayMs, with noise per item and per run, so the ETA has something to learn and to be unsure about.
pace=$((80 + RANDOM % 51))
pause() { sleep "$(awk -v ms="$1" -v pace="$pace" 'BEGIN { printf "%.3f", ms * pace / 100000 }')"; }

start=0
if [[ "${HEADWAY_CHECKPOINT:-}" =~ ^item=([0-9]+)$ ]]; then
  start="${BASH_REMATCH[1]}"
  echo "resuming after item $start"
fi

echo "::stage prepare"
for step in 1 2 3; do
  echo "preparing the workspace ($step/3)"
  echo "::progress $((step * 100 / 3))%"
  pause $((delay_ms / 2))
done

echo "::stage scan"
issues=0
previews=(25 50 75)
for ((item = start + 1; item <= size; item++)); do
  if ((silent_at > 0 && item == silent_at && silent_ms > 0)); then
    # A quiet spell: nothing on stdout, so no progress, as a job stuck on a lock or a slow remote would be.
    sleep "$(awk -v ms="$silent_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  fi
  pause $((delay_ms / 2 + RANDOM % (delay_ms + 1)))
  if ((item % 7 == 0)); then
    issues=$((issues + 1))
    echo "WARN item $item: suspicious pattern"
  fi
  echo "scanned item $item"
  echo "::progress $item/$size items"
  echo "::counter itemsScanned=$item issuesFound=$issues"
  if ((item % 5 == 0)); then
    echo "::checkpoint item=$item"
  fi
  while ((${#previews[@]} > 0 && item * 100 >= previews[0] * size)); do
    write_preview $((item * 100 / size)) "preview-${previews[0]}.png"
    echo "::preview path=preview-${previews[0]}.png"
    previews=("${previews[@]:1}")
  done
  if ((fail_at > 0 && item == fail_at && attempt <= fail_attempts)); then
    echo "ERROR item $item: simulated failure in attempt $attempt" >&2
    exit 75
  fi
done

echo "::stage report"
echo "::message writing the report"
pause "$delay_ms"
printf 'Headway demo report\njob: %s (attempt %s)\nitems scanned: %s\nissues found: %s\n' \
  "${HEADWAY_JOB_ID:-local}" "$attempt" "$size" "$issues" >report.txt
echo "::artifact path=report.txt"
echo "::progress 100%"
echo "report: $size items scanned, $issues issues"
