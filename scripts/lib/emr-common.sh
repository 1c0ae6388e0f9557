# shellcheck shell=bash disable=SC2034 # the EMR_* variables are read by the sourcing scripts
# Shared by scripts/emr-add-step and scripts/emr-create-cluster (sourced, never run): the
# options both take, argument checks, the CUSTOM_JAR step as JSON, and printing or running
# the aws command. Needs python3 for JSON and XML (no jq). Bash 3.2 (macOS) or later.
#
# The sourcing script sets EMR_PROG (its name), defines usage() (help text on stdout), and
# parses its own options first, handing the rest to emr_common_option.

EMR_RUN=0
EMR_PRINT_JSON=0
EMR_REGION=
EMR_PROFILE=
EMR_ACTION=
EMR_CONF_FILE=
EMR_STEPS_FILE=
EMR_TMP=
EMR_KEEP_TMP=0
EMR_STEP_ARGS=()
EMR_CMD=()
EMR_SHIFT=1

# Bad usage: the reason, then the usage text, on stderr; exit 2.
emr_usage_error() {
  printf '%s: %s\n\n' "$EMR_PROG" "$1" >&2
  usage >&2
  exit 2
}

# Any other failure: the reason on stderr; exit 1.
emr_fail() {
  printf '%s: %s\n' "$EMR_PROG" "$1" >&2
  exit 1
}

# OPTION ARGS...: fails unless OPTION is followed by a value.
emr_need_value() {
  if [ $# -lt 2 ] || [ -z "$2" ] || [ "${2#--}" != "$2" ]; then
    emr_usage_error "option $1 needs a value"
  fi
}

# ARGS...: consumes one option both scripts take and sets EMR_SHIFT to the number of
# words used; returns 1 at the first word that is not an option. An unknown option is a
# usage error.
emr_common_option() {
  EMR_SHIFT=1
  case $1 in
    --run) EMR_RUN=1 ;;
    --print-json) EMR_PRINT_JSON=1 ;;
    --region) emr_need_value "$@"; EMR_REGION=$2; EMR_SHIFT=2 ;;
    --profile) emr_need_value "$@"; EMR_PROFILE=$2; EMR_SHIFT=2 ;;
    --action-on-failure) emr_need_value "$@"; EMR_ACTION=$2; EMR_SHIFT=2 ;;
    --conf) emr_need_value "$@"; EMR_CONF_FILE=$2; EMR_SHIFT=2 ;;
    --steps-file) emr_need_value "$@"; EMR_STEPS_FILE=$2; EMR_SHIFT=2 ;;
    -h | --help) usage; exit 0 ;;
    -*) emr_usage_error "unknown option: $1" ;;
    *) return 1 ;;
  esac
}

# VALUE REGEX MESSAGE: a usage error with MESSAGE unless VALUE matches REGEX.
emr_check() {
  local value=$1 regex=$2
  [[ $value =~ $regex ]] || emr_usage_error "$3"
}

# Checks of the options both scripts take and of the step's JAR and JOB.
emr_check_common() {
  local jar=$1 job=$2
  emr_check "$jar" '^s3://[^/]+/.+\.jar$' \
    "the job jar must be an s3:// URI ending in .jar (EMR fetches a step's jar from S3), got '$jar'"
  emr_check "$job" '^[a-z][a-z0-9-]*$' \
    "JOB must be a logcount command such as unique-users, got '$job'"
  emr_check "$EMR_ACTION" '^(CONTINUE|CANCEL_AND_WAIT|TERMINATE_CLUSTER)$' \
    "--action-on-failure must be CONTINUE, CANCEL_AND_WAIT or TERMINATE_CLUSTER, got '$EMR_ACTION'"
  if [ -n "$EMR_REGION" ]; then
    emr_check "$EMR_REGION" '^[a-z]{2}(-[a-z]+)+-[0-9]+$' \
      "--region must be an AWS region such as us-east-1, got '$EMR_REGION'"
  fi
  if [ -n "$EMR_CONF_FILE" ]; then
    case $EMR_CONF_FILE in
      *://*) emr_usage_error "--conf takes a local Hadoop XML file, got '$EMR_CONF_FILE': its properties become -D options of the step (hadoop's own -conf cannot read from S3)" ;;
    esac
    [ -f "$EMR_CONF_FILE" ] || emr_usage_error "--conf: no such file: $EMR_CONF_FILE"
  fi
  if [ "$EMR_RUN" = 1 ] && [ "$EMR_PRINT_JSON" = 1 ]; then
    emr_usage_error "--run and --print-json exclude each other"
  fi
}

# Tools: python3 always; aws only with --run, checked first so that nothing is written
# before a run that cannot happen.
emr_check_tools() {
  if [ "$EMR_RUN" = 1 ] && ! command -v aws >/dev/null 2>&1; then
    emr_fail "--run needs the AWS CLI, and 'aws' is not on PATH. Install the AWS CLI, or leave out --run and run the printed command where the AWS CLI is set up."
  fi
  command -v python3 >/dev/null 2>&1 \
    || emr_fail "python3 is needed to write the step JSON and is not on PATH"
}

emr_cleanup() {
  if [ -n "$EMR_TMP" ] && [ "$EMR_KEEP_TMP" != 1 ]; then
    rm -rf "$EMR_TMP"
  fi
}

# A private temporary directory, EMR_TMP, removed on exit unless EMR_KEEP_TMP=1.
emr_make_tmp() {
  EMR_TMP=$(mktemp -d "${TMPDIR:-/tmp}/logcount-emr.XXXXXX") \
    || emr_fail "cannot create a temporary directory under ${TMPDIR:-/tmp}"
  trap emr_cleanup EXIT
}

# ARGS...: warns about words in the job's arguments that look like this script's options
# (they go before CLUSTER_ID; after JOB they are handed to the job, --run included).
emr_warn_misplaced_options() {
  local word
  for word in "$@"; do
    case $word in
      --run | --print-json | --conf | --conf=* | --region | --region=* | --profile | --profile=* \
        | --action-on-failure | --action-on-failure=* | --steps-file | --steps-file=*)
        printf '%s: warning: %s comes after JOB, so it is passed to the job; options of %s go before its first argument\n' \
          "$EMR_PROG" "$word" "$EMR_PROG" >&2 ;;
    esac
  done
}

# JOB ARGS...: sets EMR_STEP_ARGS to the step's Args: JOB, then the --conf file's properties
# as "-D" "name=value" pairs (generic options must precede the job's own arguments, and a
# -D in ARGS comes later, so it wins), then ARGS exactly as given.
emr_build_step_args() {
  local word
  EMR_STEP_ARGS=("$1")
  shift
  if [ -n "$EMR_CONF_FILE" ]; then
    python3 - "$EMR_PROG" "$EMR_CONF_FILE" >"$EMR_TMP/conf-args" <<'PY' || exit 1
import sys
import xml.etree.ElementTree as ET

path = sys.argv[2]
prog = "%s: --conf %s" % (sys.argv[1], path)
try:
    root = ET.parse(path).getroot()
except (OSError, ET.ParseError) as e:
    sys.exit("%s: not a readable Hadoop configuration file: %s" % (prog, e))
if root.tag != "configuration":
    sys.exit("%s: the root element is <%s>, a Hadoop configuration file has <configuration>"
             % (prog, root.tag))
for prop in root.findall("property"):
    name = (prop.findtext("name") or "").strip()
    value = prop.findtext("value")
    if not name or value is None:
        sys.exit("%s: a <property> lacks <name> or <value>" % prog)
    sys.stdout.write("-D\0%s=%s\0" % (name, value.strip()))
PY
    while IFS= read -r -d '' word; do
      EMR_STEP_ARGS+=("$word")
    done <"$EMR_TMP/conf-args"
    rm -f "$EMR_TMP/conf-args"
  fi
  EMR_STEP_ARGS+=("$@")
}

# NAME JAR: the steps list for "aws emr ... --steps file://...", as JSON on stdout: one
# CUSTOM_JAR step running JAR (its Main-Class, io.logcount.LogCount) with EMR_STEP_ARGS.
emr_step_json() {
  python3 - "$1" "$EMR_ACTION" "$2" "${EMR_STEP_ARGS[@]}" <<'PY'
import json
import sys

name, action, jar = sys.argv[1:4]
step = {"Type": "CUSTOM_JAR", "Name": name, "ActionOnFailure": action, "Jar": jar,
        "Args": sys.argv[4:]}
print(json.dumps([step], indent=2))
PY
}

# NAME JAR: writes the steps JSON to --steps-file, or to a temporary file kept for the
# printed command (removed after --run); sets EMR_STEPS_URI to its file:// URI.
emr_write_steps() {
  local file=$EMR_STEPS_FILE
  if [ -z "$file" ]; then
    file=$EMR_TMP/steps.json
    [ "$EMR_RUN" = 1 ] || EMR_KEEP_TMP=1
  fi
  emr_step_json "$1" "$2" >"$file" || emr_fail "cannot write the step JSON to $file"
  case $file in
    /*) ;;
    *) file=$PWD/$file ;;
  esac
  EMR_STEPS_URI=file://$file
}

# SUBCOMMAND: starts EMR_CMD as "aws emr SUBCOMMAND" plus --region / --profile if given.
emr_start_command() {
  EMR_CMD=(aws emr "$1")
  if [ -n "$EMR_REGION" ]; then EMR_CMD+=(--region "$EMR_REGION"); fi
  if [ -n "$EMR_PROFILE" ]; then EMR_CMD+=(--profile "$EMR_PROFILE"); fi
}

# Prints EMR_CMD as a shell command, one option per line, each word quoted as needed.
emr_print_command() {
  python3 - "${EMR_CMD[@]}" <<'PY'
import shlex
import sys

lines = []
for word in sys.argv[1:]:
    if word.startswith("--") or not lines:
        lines.append([])
    lines[-1].append(shlex.quote(word))
print(" \\\n    ".join(" ".join(line) for line in lines))
PY
}

# Without --run: prints EMR_CMD on stdout, and says on stderr where the step JSON is.
# With --run: echoes it on stderr, runs it, and exits with aws's status (its JSON answer,
# with the new ids, goes to stdout).
emr_print_or_run() {
  local rc
  if [ "$EMR_RUN" = 1 ]; then
    printf 'Running:\n' >&2
    emr_print_command >&2
    rc=0
    "${EMR_CMD[@]}" || rc=$?
    [ "$rc" = 0 ] || printf '%s: aws exited with status %s\n' "$EMR_PROG" "$rc" >&2
    exit "$rc"
  fi
  emr_print_command
  printf '%s: step JSON in %s; run the command above (or add --run) to submit it.\n' \
    "$EMR_PROG" "${EMR_STEPS_URI#file://}" >&2
}
