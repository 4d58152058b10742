#!/usr/bin/env bash
# The shell part of the importmap GitHub Action (action.yml), runnable anywhere with the same
# environment: annotations on stdout, report.md into the job summary, optional SARIF, and the
# check's exit code in $GITHUB_OUTPUT. Inputs arrive as environment variables, never spliced into
# the script text, so a crafted input cannot run commands.
set -uo pipefail

out_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/importmap"
mkdir -p "$out_dir"
output_file="${GITHUB_OUTPUT:-/dev/null}"

read -r -a paths <<<"${IMPORTMAP_PATHS:-}"
read -r -a extra <<<"${IMPORTMAP_ARGS:-}"
check_args=("${paths[@]}" "${extra[@]}")
if [[ -n "${IMPORTMAP_DIFF_BASE:-}" ]]; then
  check_args+=(--diff-base "$IMPORTMAP_DIFF_BASE")
fi

# 1. The gate, as GitHub workflow commands: one annotation per finding on the changed lines.
importmap check "${check_args[@]}" --format github
status=$?
echo "exit-code=$status" >>"$output_file"

# 2. The whole project's Markdown report, for the job summary.
report="$out_dir/report.md"
if importmap analyze "${paths[@]}" --no-render --out "$out_dir" >"$out_dir/analyze.log" 2>&1; then
  echo "report-file=$report" >>"$output_file"
  if [[ "${IMPORTMAP_SUMMARY:-true}" == "true" && -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    cat "$report" >>"$GITHUB_STEP_SUMMARY"
  fi
else
  echo "::warning title=importmap::could not write the Markdown report: $(tail -n 1 "$out_dir/analyze.log")"
fi

# 3. SARIF for code scanning: the same findings as the gate, whatever their verdict.
if [[ "${IMPORTMAP_SARIF:-false}" == "true" ]]; then
  sarif="$out_dir/importmap.sarif"
  importmap check "${check_args[@]}" --format sarif --output "$sarif"
  sarif_status=$?
  if [[ $sarif_status -le 1 ]]; then
    echo "sarif-file=$sarif" >>"$output_file"
  fi
fi

exit "$status"
