#!/usr/bin/env bash
# Runs the build job of ci/templates/github/pages.yml locally (ci_runner.py) against a
# stand-in grader checkout whose ci/web copies the site ci/web already built, and checks the
# job's result, the folder it hands to upload-pages-artifact, and the workflow's Pages
# permissions and deploy job. Usage: pages_test.sh GRADER_BINARY SOURCE_DIR SITE_DIR
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
site=$(realpath "${3:-}") || fail "templates.pages: no site folder given"
init_test templates.pages "${@:1:2}"
workflow=$SRC/ci/templates/github/pages.yml
[[ -f $site/grader.js && -f $site/index.html ]] ||
  fail "templates.pages: $site has no grader.js and index.html: run ci/web"

# Usage: make_pages_grader DIR WEB_BEHAVIOUR: a stand-in checkout at DIR whose ci/setup logs
# its calls and whose ci/web logs them and then, by WEB_BEHAVIOUR, copies the built site
# (copy), fails (fail) or makes an empty site folder (empty).
make_pages_grader() {
  local dir=$1 behaviour=$2
  mkdir -p "$dir/ci"
  printf '%s\n' '#!/usr/bin/env bash' 'set -euo pipefail' \
    'echo "setup $*" >>"$(dirname "$0")/../calls.log"' >"$dir/ci/setup"
  cat >"$dir/ci/web" <<STUB
#!/usr/bin/env bash
set -euo pipefail
echo "web \$* GRADER_WEB_DIR=\${GRADER_WEB_DIR:-} GRADER_WEB_JOBS=\${GRADER_WEB_JOBS:-}" >>"\$(dirname "\$0")/../calls.log"
case $behaviour in
  copy) mkdir -p "\$GRADER_WEB_DIR/site" && cp -r "$site/." "\$GRADER_WEB_DIR/site/" ;;
  fail) echo "stub ci/web: the build failed" >&2; exit 1 ;;
  empty) mkdir -p "\$GRADER_WEB_DIR/site" ;;
esac
STUB
  chmod +x "$dir/ci/setup" "$dir/ci/web"
}

# Usage: run_job CASE WEB_BEHAVIOUR: the workspace in $TMP/CASE/repo, the log in
# $TMP/CASE/log; sets $status and $ws.
run_job() {
  local name=$1
  ws=$TMP/$name/repo
  make_pages_grader "$ws/.grader" "$2"
  status=0
  "$PYTHON" "$TESTS_DIR/ci_runner.py" github "$workflow" --job build --workspace "$ws" \
    --summary "$TMP/$name/summary.json" >"$TMP/$name/log" 2>&1 || status=$?
  echo "--- $name: job log"
  tail -n 20 "$TMP/$name/log" | sed 's/^/    /'
  if ((status == 2)); then fail "$name: ci_runner could not run the workflow (see the log)"; fi
}

echo "== the site built by the workflow's own steps"
run_job built copy
check_status "built: the job" "$status" == 0
# The page and the checker (grader.js embeds the .wasm: -sSINGLE_FILE, for file://).
has=(--site-has index.html --site-has app.js --site-has grader.js --site-has problems.js)
check pages "$TMP/built/summary.json" "$workflow" --result success --workspace "$ws" "${has[@]}"
calls=$ws/.grader/calls.log
if [[ $(grep -c '^setup' "$calls") == 1 ]] &&
  grep -qx "web  GRADER_WEB_DIR=$ws/build-web GRADER_WEB_JOBS=$(nproc)" "$calls"; then
  echo "ok: ci/setup and ci/web ran once, into $ws/build-web"
else
  echo "FAIL: expected one ci/setup and one ci/web into $ws/build-web; calls:"
  cat "$calls"
  failures=$((failures + 1))
fi
check_contains "$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["step_summary"])' \
  "$TMP/built/summary.json")" "grader.js"

echo "== ci/web fails: the job fails, nothing is uploaded"
run_job broken fail
check_status "broken: the job" "$status" == 1
check pages "$TMP/broken/summary.json" "$workflow" --result failure --workspace "$ws" \
  --failed-step "Build the site"
check_contains "$TMP/broken/log" "stub ci/web: the build failed"

echo "== ci/web leaves no module: the job says so and fails"
run_job empty empty
check_status "empty: the job" "$status" == 1
check pages "$TMP/empty/summary.json" "$workflow" --result failure --workspace "$ws" \
  --failed-step "Build the site"
check_contains "$TMP/empty/log" "ci/web left no index.html and grader.js"

finish_test
