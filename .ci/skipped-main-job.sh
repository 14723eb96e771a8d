#!/usr/bin/env bash
# The main job could not run here (no Logto): counts its specs as skipped, with the reason, into
# SUMMARY_FILE. A config that cannot load is not "0 skipped": it is a failure, with its error.
#   bash .ci/skipped-main-job.sh "<why>" [playwright config]
set -uo pipefail
why="$1"
config=("${@:2}")
if listed=$(SUMMARY_FILE= npx playwright test --list ${config:+-c "${config[0]}"} 2>&1); then
  total=$(printf '%s\n' "$listed" | sed -n 's/^Total: \([0-9]*\) tests\? in.*/\1/p')
  echo "skipped ${total:-0}: the e2e specs, $why"
  echo "{\"passed\":0,\"failed\":0,\"skipped\":${total:-0}}" >> "$SUMMARY_FILE"
else
  echo "the e2e specs could not be listed (npx playwright test --list):"
  printf '%s\n' "$listed" | tail -n 20
  echo '{"passed":0,"failed":1,"skipped":0}' >> "$SUMMARY_FILE"
  exit 1
fi
