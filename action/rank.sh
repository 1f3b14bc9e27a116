#!/usr/bin/env bash
# The GitHub Action's one `cooperation-scorer rank` run. Inputs come as INPUT_* variables
# (see action.yml); the Markdown ranking is appended to $GITHUB_STEP_SUMMARY, the exit code
# and the report paths are written to $GITHUB_OUTPUT, and the step exits as rank did.
set -uo pipefail

fail() {
    echo "::error title=cooperation-scorer action::$1"
    echo "exit-code=2" >> "${GITHUB_OUTPUT:-/dev/null}"
    exit 2
}

flag() {  # a true/false input into the variable named $1, or the step stops
    local value="${3,,}"
    case "$value" in
        true | yes | 1) printf -v "$1" true ;;
        false | no | 0 | "") printf -v "$1" false ;;
        *) fail "input $2 must be true or false, not '$3'" ;;
    esac
}

flag no_waivers no-waivers "${INPUT_NO_WAIVERS:-false}"
flag fail_on_regression fail-on-regression "${INPUT_FAIL_ON_REGRESSION:-false}"
flag summary summary "${INPUT_SUMMARY:-true}"
flag result_cache result-cache "${INPUT_RESULT_CACHE:-true}"

args=(--format "${INPUT_FORMAT:-github}")
settings=()  # what also decides where the paths come from
[ -n "${INPUT_CONFIG:-}" ] && settings+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_CRITERIA:-}" ] && args+=(--criteria "$INPUT_CRITERIA")
[ -n "${INPUT_REQUIRE_RUBRIC:-}" ] && args+=(--require-rubric "$INPUT_REQUIRE_RUBRIC")
[ -n "${INPUT_FAIL_UNDER:-}" ] && args+=(--fail-under "$INPUT_FAIL_UNDER")
read -ra fail_on <<< "${INPUT_FAIL_ON:-}"
for item in "${fail_on[@]}"; do args+=(--fail-on "$item"); done
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ "$fail_on_regression" = true ] && args+=(--fail-on-regression)
[ "$no_waivers" = true ] && args+=(--no-waivers)
[ "$result_cache" = false ] && settings+=(--no-cache)  # for the --show-settings run too
[ -n "${INPUT_BY:-}" ] && args+=(--by "$INPUT_BY")
[ -n "${INPUT_PERSPECTIVE:-}" ] && args+=(--perspective "$INPUT_PERSPECTIVE")
[ -n "${INPUT_JUNIT:-}" ] && args+=(--report "junit=$INPUT_JUNIT")
[ -n "${INPUT_SARIF:-}" ] && args+=(--report "sarif=$INPUT_SARIF")
read -ra reports <<< "${INPUT_REPORTS:-}"
for item in "${reports[@]}"; do args+=(--report "$item"); done
summary_file="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cooperation-scorer-summary.$$.md"
rm -f "$summary_file"
[ "$summary" = true ] && args+=(--report "markdown=$summary_file")
read -ra extra <<< "${INPUT_ARGS:-}"
read -ra paths <<< "${INPUT_PATHS:-}"
if [ ${#paths[@]} -eq 0 ]; then
    # No paths given: those of the configuration file, else proposals/.
    if cooperation-scorer rank --show-settings "${settings[@]}" "${extra[@]}" | grep -q '^paths = (none)'; then
        paths=(proposals/)
    fi
fi

cooperation-scorer rank "${paths[@]}" "${settings[@]}" "${args[@]}" "${extra[@]}"
code=$?

if [ -f "$summary_file" ]; then
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        cat "$summary_file" >> "$GITHUB_STEP_SUMMARY"
    fi
    rm -f "$summary_file"
fi
{
    echo "exit-code=$code"
    echo "junit=${INPUT_JUNIT:-}"
    echo "sarif=${INPUT_SARIF:-}"
} >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
