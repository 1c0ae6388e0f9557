#!/usr/bin/env python3
"""Summarises the samples scripts/bench took: medians, MB/s, peak RSS, ratios, targets.

usage: report.py META SAMPLES [JSON]
  META     key<TAB>value lines (machine, dataset, archives, settings)
  SAMPLES  one line per run: archive command rep seconds maxrss_kb load1 exit answer
Prints the table on stdout and writes JSON to JSON if given. Exit status 1 when an answer
differs from the Unix pipeline's or a run failed, else 0.
"""
import json
import statistics
import sys

LABELS = {
    "7zz-mmt1": "7zz x -so -mmt1 > /dev/null",
    "7zz-mmt2": "7zz x -so -mmt2 > /dev/null",
    "pipeline": "7zz x -so | cut -f2 | sort -u | wc -l",
    "python": "7zz x -so | mapper.py | sort | reducer.py",
    "unique-users": "logcount unique-users (all cores)",
    "unique-users-1slot": "logcount unique-users, 1 map slot",
    "unique-users-2slots": "logcount unique-users, 2 map slots",
    "decode-1core": "logcount decode, 1 core",
    "approx-unique-users": "logcount approx-unique-users (sketches, all cores)",
}
ORDER = list(LABELS)
# Commands that compute the distinct count; their answers must agree.
COUNTING = ["pipeline", "python", "unique-users", "unique-users-1slot", "unique-users-2slots"]
# Commands that estimate it: answers ESTIMATE:LOWER:UPPER, whose bounds must hold the exact count.
ESTIMATING = ["approx-unique-users"]


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                key, _, value = line.partition("\t")
                meta[key] = value
    return meta


def read_samples(path):
    samples = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 8:
                continue
            samples.append({
                "archive": p[0], "command": p[1], "rep": int(p[2]), "seconds": float(p[3]),
                "maxrss_kb": int(p[4]) if p[4].isdigit() else None,
                "load1": float(p[5]) if p[5] else None, "exit": int(p[6]),
                "answer": p[7] if p[7] != "-" else None,
            })
    return samples


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    meta = read_meta(argv[1])
    samples = read_samples(argv[2])
    json_path = argv[3] if len(argv) > 3 else None
    cores = int(meta.get("cores", "2"))
    problems = []

    result = {"machine": {}, "dataset": {}, "settings": {}, "archives": {}, "problems": problems}
    for key, value in meta.items():
        group, _, name = key.partition(".")
        if group in ("machine", "dataset", "settings") and name:
            result[group][name] = value
    archives = [a for a in meta.get("archives", "").split(",") if a]

    lines = []
    w = lines.append
    w("machine: %s cores (%s), %s, %s; %s" % (
        meta.get("machine.cores"), meta.get("machine.cpu"), meta.get("machine.memory"),
        meta.get("machine.jvm"), meta.get("machine.7zz")))
    w("dataset: %s uncompressed bytes, %s lines, %s distinct users of %s possible; reps %s;"
      " load average at the start %s, at the end %s" % (
          meta.get("dataset.uncompressed_bytes"), meta.get("dataset.lines"),
          meta.get("dataset.distinct_users"), meta.get("dataset.users"),
          meta.get("settings.reps"), meta.get("machine.load_start"), meta.get("machine.load_end")))

    for archive in archives:
        text_bytes = int(meta.get("dataset.uncompressed_bytes", "0"))
        info = {"file": meta.get("archive.%s.file" % archive),
                "description": meta.get("archive.%s.description" % archive),
                "packed_bytes": int(meta.get("archive.%s.packed_bytes" % archive, "0")),
                "blocks": meta.get("archive.%s.blocks" % archive),
                "indexed": meta.get("archive.%s.indexed" % archive),
                "commands": {}, "ratios": {}, "targets": {}}
        result["archives"][archive] = info
        by_command = {}
        for s in samples:
            if s["archive"] == archive:
                by_command.setdefault(s["command"], []).append(s)
        commands = info["commands"]
        def rank(c):
            base, _, variant = c.partition("@")
            return (ORDER.index(base) if base in ORDER else 99, variant)

        for command in sorted(by_command, key=rank):
            runs = by_command[command]
            ok = [r for r in runs if r["exit"] == 0]
            for r in runs:
                if r["exit"] != 0:
                    problems.append("%s %s rep %d exited %d" % (archive, command, r["rep"], r["exit"]))
            secs = [r["seconds"] for r in ok]
            rss = [r["maxrss_kb"] for r in ok if r["maxrss_kb"] is not None]
            med = statistics.median(secs) if secs else None
            answers = sorted({r["answer"] for r in ok if r["answer"] is not None})
            base, _, variant = command.partition("@")
            commands[command] = {
                "label": LABELS.get(base, base) + (" [%s]" % variant if variant else ""),
                "seconds_median": round(med, 3) if med is not None else None,
                "seconds": secs,
                "mb_per_s": round(text_bytes / 1e6 / med, 1) if med else None,
                "peak_rss_mb": round(max(rss) / 1024, 1) if rss else None,
                "load1": [r["load1"] for r in runs],
                "answer": answers[0] if len(answers) == 1 else (answers or None),
            }
            if base in ESTIMATING:
                commands[command]["answers"] = answers  # a union's last digits may depend on merge order
            elif len(answers) > 1:
                problems.append("%s %s gave different answers in different runs: %s" % (
                    archive, command, answers))

        def med(c):
            return commands.get(c, {}).get("seconds_median")

        # The answer check: every counting command must agree with the Unix pipeline.
        reference = commands.get("pipeline", {}).get("answer")
        for command in commands:
            base = command.partition("@")[0]
            got = commands[command]["answer"]
            if base in COUNTING and command != "pipeline":
                if reference is not None and got != reference:
                    problems.append("%s: %s counted %s distinct users, the Unix pipeline %s" % (
                        archive, command, got, reference))
            if base in ESTIMATING and reference is not None:
                for a in commands[command].get("answers", []):
                    estimate, lower, upper = (int(x) for x in a.split(":"))
                    if not lower <= int(reference) <= upper:
                        problems.append("%s: %s estimated %s, bounds [%s, %s], the Unix pipeline %s" % (
                            archive, command, estimate, lower, upper, reference))
            if base == "decode-1core" and meta.get("dataset.lines"):
                if got != meta["dataset.lines"]:
                    problems.append("%s: %s read %s lines, generate wrote %s" % (
                        archive, command, got, meta["dataset.lines"]))
            if "@" in command and med(base) is not None:
                info["ratios"]["%s_over_%s" % (command, base)] = ratio(
                    commands[command]["seconds_median"], med(base))

        all_cores = "unique-users"
        two = "unique-users-2slots" if "unique-users-2slots" in commands else (
            all_cores if cores == 2 else None)
        r = info["ratios"]
        r["logcount_over_floor"] = ratio(med(all_cores), med("7zz-mmt2"))
        r["logcount_over_pipeline"] = ratio(med(all_cores), med("pipeline"))
        r["logcount_over_python"] = ratio(med(all_cores), med("python"))
        r["decode_1core_over_7zz_mmt1"] = ratio(med("decode-1core"), med("7zz-mmt1"))
        r["scaling_2_over_1_slot"] = ratio(med("unique-users-1slot"), med(two) if two else None)
        t = info["targets"]

        def target(name, value, ok, text):
            t[name] = {"value": value, "met": None if value is None else bool(ok(value)),
                       "target": text}

        target("faster_than_7zz_mmt2", r["logcount_over_floor"], lambda v: v < 1.0,
               "unique-users / 7zz -mmt2 < 1")
        r["approx_over_floor"] = ratio(med("approx-unique-users"), med("7zz-mmt2"))
        target("approx_faster_than_7zz_mmt2", r["approx_over_floor"], lambda v: v < 1.0,
               "approx-unique-users / 7zz -mmt2 < 1")
        target("1.5x_pipeline", r["logcount_over_pipeline"], lambda v: v <= 1 / 1.5,
               "unique-users / pipeline <= 0.667")
        target("3x_python", r["logcount_over_python"], lambda v: v <= 1 / 3,
               "unique-users / python <= 0.333")
        target("decode_within_1.25x_7zz_mmt1", r["decode_1core_over_7zz_mmt1"],
               lambda v: v <= 1.25, "decode (1 core) / 7zz -mmt1 <= 1.25")
        heap_ok = all(commands[c]["answer"] is not None for c in commands if c.startswith("unique"))
        target("heap_512m", meta.get("settings.heap"), lambda v: heap_ok,
               "unique-users completes with -Xmx512m")
        target("scaling_1.8x", r["scaling_2_over_1_slot"], lambda v: v >= 1.8,
               "time(1 slot) / time(2 slots) >= 1.8")

        w("")
        w("archive (%s) %s: %s, %s packed bytes, %s blocks%s" % (
            archive, info["file"], info["description"], info["packed_bytes"], info["blocks"],
            ", indexed" if info["indexed"] == "yes" else ", NOT indexed (no index command yet)"
            if info["indexed"] == "no" else ""))
        w("| command | s (median) | runs | MB/s | peak RSS MB | answer |")
        w("|---|---:|---|---:|---:|---|")
        for command, c in commands.items():
            w("| %s | %s | %s | %s | %s | %s |" % (
                c["label"], fmt(c["seconds_median"]), " ".join("%.2f" % s for s in c["seconds"]),
                fmt(c["mb_per_s"], 1), fmt(c["peak_rss_mb"], 0), c["answer"] or ""))
        for name, value in r.items():
            if "@" in name:
                w("variant %s: %s" % (name, value))
        w("")
        w("| target | measured | met |")
        w("|---|---:|---|")
        for name, v in t.items():
            w("| %s | %s | %s |" % (v["target"], v["value"] if v["value"] is not None else "n/a",
                                    {True: "yes", False: "NO", None: "n/a"}[v["met"]]))

    if problems:
        w("")
        for p in problems:
            w("PROBLEM: " + p)
    text = "\n".join(lines)
    print(text)
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, sort_keys=False)
            f.write("\n")
    return 1 if problems else 0


def fmt(value, digits=2):
    if value is None:
        return "n/a"
    return ("%." + str(digits) + "f") % value


if __name__ == "__main__":
    sys.exit(main(sys.argv))
