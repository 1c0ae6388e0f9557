#!/usr/bin/env python3
"""Summarises the samples scripts/bench/run took: medians of wall and CPU seconds, MB/s, peak RSS,
the answer checks, and the ratios that issues 10, 9 and 5 target, per dataset and archive.

usage: report.py META SAMPLES [JSON]
  META     key<TAB>value lines (machine, settings, datasets, archives)
  SAMPLES  one line per run: dataset archive command rep wall_s cpu_s user_s sys_s maxrss_kb
           load1 exit answer (answer: key=value,... or -)
Prints the tables on stdout and writes JSON to JSON if given. Exit status 1 when an answer
disagrees or a run failed, else 0. A count outside the approximate count's 95 % bounds is a
warning only (1 run in 20 may miss).
"""
import json
import statistics
import sys

LABELS = {
    "7zz-mmt1": "7zz x -so -mmt1 > /dev/null",
    "7zz-mmt2": "7zz x -so -mmt2 > /dev/null",
    "pipeline": "7zz x -so | cut -f2 | sort -u | wc -l",
    "python": "7zz x -so | mapper.py | sort | reducer.py",
    "stream-python": "logcount stream -mapper mapper.py -reducer reducer.py (all cores)",
    "unique-users": "logcount unique-users (all cores)",
    "unique-users-1slot": "logcount unique-users, 1 map slot",
    "unique-users-2slots": "logcount unique-users, 2 map slots",
    "distinct-by-day": "logcount distinct-by --key day",
    "top-users": "logcount top-users --n 10",
    "count-by-site": "logcount count-by --column SiteID",
    "approx-unique-users": "logcount approx-unique-users",
    "decode-1core": "logcount decode, 1 core",
    "decode-raw-1core": "logcount decode --raw, 1 core",
}
ORDER = list(LABELS)
# Commands that count distinct users exactly: their answers must equal the Unix pipeline's.
COUNTING = ["pipeline", "python", "stream-python", "unique-users", "unique-users-1slot", "unique-users-2slots",
            "top-users"]
# logcount jobs: their records must equal unique-users' records.
JOBS = ["unique-users", "unique-users-1slot", "unique-users-2slots", "distinct-by-day",
        "top-users", "count-by-site", "approx-unique-users"]
# Which count each command reports as its distinct users.
DISTINCT_KEY = {"pipeline": "distinct", "python": "distinct", "stream-python": "distinct",
                "top-users": "distinct_users"}


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                key, _, value = line.partition("\t")
                meta[key] = value
    return meta


def number(text):
    for kind in (int, float):
        try:
            return kind(text)
        except (TypeError, ValueError):
            pass
    return None


def parse_answer(text):
    """'a=1,b=2' -> {'a': 1, 'b': 2}; a value that is not a number becomes None."""
    if text in (None, "", "-"):
        return None
    answer = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        answer[key] = number(value)
    return answer


def read_samples(path):
    samples = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 12:
                continue
            samples.append({
                "dataset": p[0], "archive": p[1], "command": p[2], "rep": int(p[3]),
                "seconds": float(p[4]), "cpu_seconds": number(p[5]),
                "user_seconds": number(p[6]), "sys_seconds": number(p[7]),
                "maxrss_kb": number(p[8]), "load1": number(p[9]), "exit": int(p[10]),
                "answer": parse_answer(p[11]), "answer_text": p[11],
            })
    return samples


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def fmt(value, digits=2):
    if value is None:
        return "n/a"
    return ("%." + str(digits) + "f") % value


def events_per_user_name(lines, distinct):
    """'2 ev/user', '1.3 ev/user', '100 ev/user' from the dataset's measured ratio."""
    if not lines or not distinct or distinct <= 0:
        return "? ev/user"
    r = lines / distinct
    text = "%.0f" % r if r >= 9.95 else ("%.1f" % r).rstrip("0").rstrip(".")
    return text + " ev/user"


def summarize_command(command, runs, text_bytes, problems, where):
    ok = [r for r in runs if r["exit"] == 0]
    for r in runs:
        if r["exit"] != 0:
            problems.append("%s %s rep %d exited %d" % (where, command, r["rep"], r["exit"]))
    secs = [r["seconds"] for r in ok]
    cpus = [r["cpu_seconds"] for r in ok if r["cpu_seconds"] is not None]
    rss = [r["maxrss_kb"] for r in ok if r["maxrss_kb"] is not None]
    med = statistics.median(secs) if secs else None
    answers = []
    for r in ok:
        if r["answer"] is not None and r["answer"] not in answers:
            answers.append(r["answer"])
    if len(answers) > 1:
        problems.append("%s %s gave different answers in different runs: %s" % (
            where, command, [r["answer_text"] for r in ok]))
    base, _, variant = command.partition("@")
    return {
        "label": LABELS.get(base, base) + (" [%s]" % variant if variant else ""),
        "seconds_median": round(med, 3) if med is not None else None,
        "seconds": secs,
        "cpu_seconds_median": round(statistics.median(cpus), 2) if cpus else None,
        "cpu_seconds": cpus,
        "user_seconds": [r["user_seconds"] for r in ok],
        "sys_seconds": [r["sys_seconds"] for r in ok],
        "mb_per_s": round(text_bytes / 1e6 / med, 1) if med else None,
        "peak_rss_mb": round(max(rss) / 1024, 1) if rss else None,
        "load1": [r["load1"] for r in runs],
        "answer": answers[0] if len(answers) == 1 else (answers or None),
    }


def check_answers(commands, dataset, where, problems, warnings):
    """Every answer against the others and against what generate wrote."""
    def fig(command, key):
        a = commands.get(command, {}).get("answer")
        return a.get(key) if isinstance(a, dict) else None

    lines = dataset.get("lines")
    text_bytes = dataset.get("uncompressed_bytes")
    distinct = fig("pipeline", "distinct")
    distinct_from = "the Unix pipeline"
    if distinct is None:
        distinct, distinct_from = fig("unique-users", "distinct_users"), "unique-users"
    records = fig("unique-users", "records")
    records_from = "unique-users"
    if records is None:
        records, records_from = lines, "generate (lines written)"
    elif lines is not None and records != lines:
        problems.append("%s: unique-users read %s records, generate wrote %s lines" % (
            where, records, lines))
    for command in commands:
        base = command.partition("@")[0]
        if not isinstance(commands[command]["answer"], dict):
            continue  # failed, or different answers in different runs: already a problem
        if base in COUNTING:
            got = fig(command, DISTINCT_KEY.get(base, "distinct_users"))
            if distinct is not None and got != distinct:
                problems.append("%s: %s counted %s distinct users, %s %s" % (
                    where, command, got, distinct_from, distinct))
        if base in JOBS:
            got = fig(command, "records")
            if records is not None and got != records:
                problems.append("%s: %s read %s records, %s %s" % (
                    where, command, got, records_from, records))
        if base == "distinct-by-day":
            keys, pairs = fig(command, "keys"), fig(command, "pairs")
            # Each user has events on at least one day and at most on every day.
            if keys is None or pairs is None or keys < 1:
                problems.append("%s: %s reported keys %s, pairs %s" % (where, command, keys, pairs))
            elif distinct is not None and not distinct <= pairs <= keys * distinct:
                problems.append("%s: %s has %s pairs over %s days; %s distinct users need"
                                " %s <= pairs <= %s" % (where, command, pairs, keys, distinct,
                                                        distinct, keys * distinct))
        if base == "top-users":
            top = fig(command, "top_users")
            if distinct is not None and top != min(10, distinct):
                problems.append("%s: %s listed %s users, not min(10, %s)" % (
                    where, command, top, distinct))
        if base == "count-by-site":
            values = fig(command, "distinct_values")
            if values is None or values < 1:
                problems.append("%s: %s found %s sites" % (where, command, values))
        if base == "approx-unique-users" and distinct is not None:
            low, high = fig(command, "lower_bound_95"), fig(command, "upper_bound_95")
            if low is None or high is None or not low <= distinct <= high:
                warnings.append("%s: %s bounds [%s, %s] miss the exact count %s (95 %% bounds:"
                                " 1 run in 20 may miss; several in a row is a bug)" % (
                                    where, command, low, high, distinct))
        if base == "decode-1core" and lines is not None and fig(command, "lines") != lines:
            problems.append("%s: %s read %s lines, generate wrote %s" % (
                where, command, fig(command, "lines"), lines))
        if base == "decode-raw-1core" and text_bytes is not None:
            got = fig(command, "uncompressed_bytes")
            if got != text_bytes:
                problems.append("%s: %s decoded %s bytes, generate wrote %s" % (
                    where, command, got, text_bytes))


def targets_for(commands, kind, cores):
    """The ratios of this run's medians that the issues target, with met / not met."""
    def med(c):
        return commands.get(c, {}).get("seconds_median")

    def cpu(c):
        return commands.get(c, {}).get("cpu_seconds_median")

    uu = "unique-users"
    two = "unique-users-2slots" if "unique-users-2slots" in commands else (
        uu if cores == 2 else None)
    ratios = {
        "unique_users_over_7zz_mmt2": ratio(med(uu), med("7zz-mmt2")),
        "pipeline_over_unique_users": ratio(med("pipeline"), med(uu)),
        "cpu_unique_users_over_cpu_decode_raw": ratio(cpu(uu), cpu("decode-raw-1core")),
        "distinct_by_day_over_unique_users": ratio(med("distinct-by-day"), med(uu)),
        "approx_over_7zz_mmt2": ratio(med("approx-unique-users"), med("7zz-mmt2")),
        "top_users_over_unique_users": ratio(med("top-users"), med(uu)),
        "count_by_site_over_unique_users": ratio(med("count-by-site"), med(uu)),
        "python_over_unique_users": ratio(med("python"), med(uu)),
        "stream_over_python_pipe": ratio(med("stream-python"), med("python")),
        "decode_1core_over_7zz_mmt1": ratio(med("decode-1core"), med("7zz-mmt1")),
        "decode_raw_1core_over_7zz_mmt1": ratio(med("decode-raw-1core"), med("7zz-mmt1")),
        "scaling_1_over_2_slots": ratio(med("unique-users-1slot"), med(two) if two else None),
    }
    targets = []

    def target(issue, name, text, value, ok, applies=True):
        targets.append({"issue": issue, "name": name, "target": text, "value": value,
                        "met": None if value is None or not applies else bool(ok(value)),
                        "applies": applies})

    r = ratios
    if kind == "many":
        target(10, "faster_than_7zz_mmt2", "wall unique-users / 7zz -mmt2 < 1 (many events per user)",
               r["unique_users_over_7zz_mmt2"], lambda v: v < 1.0)
    else:
        target(10, "within_1.1x_7zz_mmt2", "wall unique-users / 7zz -mmt2 <= 1.1 (few events per user)",
               r["unique_users_over_7zz_mmt2"], lambda v: v <= 1.1)
    target(10, "1.5x_pipeline", "wall pipeline / unique-users >= 1.5",
           r["pipeline_over_unique_users"], lambda v: v >= 1.5)
    target(10, "cpu_1.5x_decode_raw", "CPU unique-users / CPU decode --raw <= 1.5"
           + (" (many events per user)" if kind == "many" else " (target on many ev/user only)"),
           r["cpu_unique_users_over_cpu_decode_raw"], lambda v: v <= 1.5, applies=kind == "many")
    target(9, "distinct_by_day_1.2x", "wall distinct-by --key day / unique-users <= 1.2",
           r["distinct_by_day_over_unique_users"], lambda v: v <= 1.2)
    if "approx-unique-users" in commands:
        target(9, "approx_faster_than_7zz_mmt2", "wall approx-unique-users / 7zz -mmt2 < 1",
               r["approx_over_7zz_mmt2"], lambda v: v < 1.0)
    target(5, "3x_python", "wall python / unique-users >= 3",
           r["python_over_unique_users"], lambda v: v >= 3)
    if "stream-python" in commands:
        target("tools", "stream_beats_python_pipe",
               "wall logcount stream (Python pair) / the piped Python pair < 1",
               r["stream_over_python_pipe"], lambda v: v < 1.0)
    target(5, "decode_within_1.25x_7zz_mmt1", "wall decode (1 core) / 7zz -mmt1 <= 1.25",
           r["decode_1core_over_7zz_mmt1"], lambda v: v <= 1.25)
    jobs = [c for c in commands if c.partition("@")[0] in JOBS]
    heap_ok = bool(jobs) and all(isinstance(commands[c]["answer"], dict) for c in jobs)
    target(5, "heap_512m", "every job completes with -Xmx512m", "yes" if heap_ok else (
        "no" if jobs else None), lambda v: v == "yes")
    target(5, "scaling_1.8x", "wall unique-users 1 slot / 2 slots >= 1.8",
           r["scaling_1_over_2_slots"], lambda v: v >= 1.8)
    # A/B variants: each against its base command, wall and CPU.
    for command in commands:
        base, _, variant = command.partition("@")
        if variant and med(base) is not None:
            r["%s_over_%s" % (command, base)] = ratio(med(command), med(base))
            r["cpu_%s_over_%s" % (command, base)] = ratio(cpu(command), cpu(base))
    return ratios, targets


def answer_text(answer):
    if isinstance(answer, dict):
        return " ".join("%s %s" % (k, v) for k, v in answer.items())
    if isinstance(answer, list):
        return "DIFFERENT: " + " / ".join(answer_text(a) for a in answer)
    return ""


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    meta = read_meta(argv[1])
    samples = read_samples(argv[2])
    json_path = argv[3] if len(argv) > 3 else None
    cores = int(meta.get("cores", "2"))
    problems, warnings = [], []

    result = {"machine": {}, "settings": {}, "datasets": {}, "problems": problems,
              "warnings": warnings}
    for key, value in meta.items():
        group, _, name = key.partition(".")
        if group in ("machine", "settings") and name:
            result[group][name] = value
    dataset_names = [d for d in meta.get("datasets", "").split(",") if d]

    lines = []
    w = lines.append
    w("machine: %s cores (%s), %s, %s; %s" % (
        meta.get("machine.cores"), meta.get("machine.cpu"), meta.get("machine.memory"),
        meta.get("machine.jvm"), meta.get("machine.7zz")))
    w("reps %s; load average at the start %s, at the end %s; git %s" % (
        meta.get("settings.reps"), meta.get("machine.load_start"), meta.get("machine.load_end"),
        meta.get("machine.git")))
    summary = []  # (dataset name, archive, target) for the closing table

    for ds in dataset_names:
        def m(key, ds=ds):
            return meta.get("dataset.%s.%s" % (ds, key))
        dataset = {
            "kind": ds, "dir": m("dir"),
            "uncompressed_bytes": number(m("uncompressed_bytes")), "lines": number(m("lines")),
            "users": number(m("users")), "distinct_users": number(m("distinct_users")),
            "files": number(m("files")), "archives": {},
        }
        if dataset["distinct_users"] is not None and dataset["distinct_users"] < 0:
            dataset["distinct_users"] = None  # generate does not count beyond 2^28 possible users
        dataset["name"] = events_per_user_name(dataset["lines"], dataset["distinct_users"])
        dataset["events_per_user"] = ratio(dataset["lines"], dataset["distinct_users"])
        result["datasets"][ds] = dataset
        w("")
        w("## dataset %s: %s (%s): %s uncompressed bytes, %s lines, %s distinct users of %s possible" % (
            ds, dataset["name"], "few events per user" if ds == "few" else "many events per user",
            dataset["uncompressed_bytes"], dataset["lines"], dataset["distinct_users"],
            dataset["users"]))
        for archive in [a for a in (m("archives") or "").split(",") if a]:
            def am(key, archive=archive, ds=ds):
                return meta.get("archive.%s.%s.%s" % (ds, archive, key))
            info = {"file": am("file"), "description": am("description"),
                    "packed_bytes": number(am("packed_bytes")), "blocks": am("blocks"),
                    "indexed": am("indexed"), "commands": {}}
            dataset["archives"][archive] = info
            where = "%s (%s)" % (dataset["name"], archive)
            by_command = {}
            for s in samples:
                if s["dataset"] == ds and s["archive"] == archive:
                    by_command.setdefault(s["command"], []).append(s)

            def rank(c):
                base, _, variant = c.partition("@")
                return (ORDER.index(base) if base in ORDER else 99, variant)

            commands = info["commands"]
            for command in sorted(by_command, key=rank):
                commands[command] = summarize_command(
                    command, by_command[command], dataset["uncompressed_bytes"] or 0, problems,
                    where)
            check_answers(commands, dataset, where, problems, warnings)
            info["ratios"], info["targets"] = targets_for(commands, ds, cores)

            w("")
            w("### %s, archive (%s) %s: %s, %s packed bytes, blocks: %s%s" % (
                dataset["name"], archive, info["file"], info["description"], info["packed_bytes"],
                info["blocks"],
                ", indexed" if info["indexed"] == "yes" else ", NOT indexed (no index command)"
                if info["indexed"] == "no" else ""))
            w("| command | wall s (median) | CPU s (median) | wall s, every run | MB/s | peak RSS MB | answer |")
            w("|---|---:|---:|---|---:|---:|---|")
            for command, c in commands.items():
                w("| %s | %s | %s | %s | %s | %s | %s |" % (
                    c["label"], fmt(c["seconds_median"]), fmt(c["cpu_seconds_median"]),
                    " ".join("%.2f" % s for s in c["seconds"]), fmt(c["mb_per_s"], 1),
                    fmt(c["peak_rss_mb"], 0), answer_text(c["answer"])))
            for name, value in info["ratios"].items():
                if "@" in name:
                    w("variant %s: %s" % (name, value))
            w("")
            w("| issue | target | measured | met |")
            w("|---|---|---:|---|")
            for t in info["targets"]:
                w("| %s | %s | %s | %s |" % (
                    t["issue"], t["target"], t["value"] if t["value"] is not None else "n/a",
                    {True: "met", False: "NOT MET", None: "n/a"}[t["met"]]))
                summary.append((dataset["name"], archive, t))

    if summary:
        w("")
        w("## targets of issues 10 and 9, every dataset and archive of this run")
        w("| issue | target | dataset (archive) | measured | met |")
        w("|---|---|---|---:|---|")
        for name, archive, t in summary:
            if t["issue"] in (9, 10) and t["applies"]:
                w("| %s | %s | %s (%s) | %s | %s |" % (
                    t["issue"], t["target"], name, archive,
                    t["value"] if t["value"] is not None else "n/a",
                    {True: "met", False: "NOT MET", None: "n/a"}[t["met"]]))
        if meta.get("settings.approx_unique_users") == "no":
            w("| 9 | wall approx-unique-users / 7zz -mmt2 < 1 | every | not run: this build has"
              " no approx-unique-users | n/a |")
    if warnings or problems:
        w("")
        for p in warnings:
            w("WARNING: " + p)
        for p in problems:
            w("PROBLEM: " + p)
    print("\n".join(lines))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, sort_keys=False)
            f.write("\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
