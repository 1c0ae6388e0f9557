#!/usr/bin/env python3
"""What a user with hundreds of GB pays: the marginal cost per GB of every command, from two runs of
scripts/bench/run at two sizes (issue 16, part 3).

usage: slope.py SMALL.json LARGE.json [OUT.json]
  SMALL.json, LARGE.json   the JSON of scripts/bench/run (--json) at two --size-mb of the same
                           datasets and archives (the datasets' events per user do not depend on
                           the size: 'few' has 5000 possible users per MB, 'many' lines/E users)
For every dataset, archive and command in both runs: median CPU and wall seconds at each size, the
slope (seconds per 10^9 uncompressed bytes between the two sizes) and the fixed part (the line's
value at 0 bytes: JVM start, job set-up, the JIT's warm-up, the last wave). A 700 GB job pays the
slope; the fixed part is paid once per JVM. Then issue 16's targets per dataset and archive:
  CPU slope unique-users / CPU slope decode --raw (1 core)   <= 1.3
  wall unique-users / 7zz -mmt2, at the larger size          <  1.0
  wall pipeline / unique-users, at the larger size           >= 1.5
and the CPU slope of distinct-by, top-users and count-by beside unique-users'. Exit status 1 when
the runs do not share a dataset and archive, else 0.
"""
import json
import sys

TARGET_COMMANDS = ["unique-users", "distinct-by-day", "top-users", "count-by-site"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def line(a, b, x_small, x_large):
    """Slope per GB and intercept of the straight line through (x_small, a) and (x_large, b)."""
    if a is None or b is None or x_large == x_small:
        return None, None
    slope = (b - a) / (x_large - x_small)
    return slope, a - slope * x_small


def fmt(v, digits=2):
    return "n/a" if v is None else ("%.*f" % (digits, v))


def ratio(a, b):
    return round(a / b, 3) if a is not None and b not in (None, 0) else None


def slope_ratio(a, b):
    """The ratio of two slopes; none when one is not positive (noise above the sizes' difference)."""
    return ratio(a, b) if a is not None and b is not None and a > 0 and b > 0 else None


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    small, large = load(argv[1]), load(argv[2])
    out = {"small": argv[1], "large": argv[2], "datasets": {}}
    lines = []
    w = lines.append
    w("machine: %s cores (%s), %s; git %s / %s" % (
        large["machine"].get("cores"), large["machine"].get("cpu"), large["machine"].get("jvm"),
        small["machine"].get("git"), large["machine"].get("git")))
    shared = 0
    for ds, big in large["datasets"].items():
        little = small["datasets"].get(ds)
        if not little:
            continue
        gb_small = (little["uncompressed_bytes"] or 0) / 1e9
        gb_large = (big["uncompressed_bytes"] or 0) / 1e9
        for archive, info in big["archives"].items():
            other = little["archives"].get(archive)
            if not other:
                continue
            shared += 1
            where = "%s (%s)" % (big["name"], archive)
            rows = {}
            w("")
            w("### %s: %.3f GB and %.3f GB uncompressed" % (where, gb_small, gb_large))
            w("| command | CPU s small | CPU s large | CPU s per GB (slope) | CPU s fixed | wall s small"
              " | wall s large | wall s per GB (slope) | wall s fixed |")
            w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for command, c in info["commands"].items():
                s = other["commands"].get(command)
                if not s:
                    continue
                cpu = {"small": s["cpu_seconds_median"], "large": c["cpu_seconds_median"]}
                wall = {"small": s["seconds_median"], "large": c["seconds_median"]}
                cpu_slope, cpu_fixed = line(cpu["small"], cpu["large"], gb_small, gb_large)
                wall_slope, wall_fixed = line(wall["small"], wall["large"], gb_small, gb_large)
                rows[command] = {"cpu_small": cpu["small"], "cpu_large": cpu["large"],
                                 "cpu_per_gb": cpu_slope, "cpu_fixed": cpu_fixed,
                                 "wall_small": wall["small"], "wall_large": wall["large"],
                                 "wall_per_gb": wall_slope, "wall_fixed": wall_fixed}
                w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    c["label"], fmt(cpu["small"]), fmt(cpu["large"]), fmt(cpu_slope), fmt(cpu_fixed),
                    fmt(wall["small"]), fmt(wall["large"]), fmt(wall_slope), fmt(wall_fixed)))

            def get(command, key):
                return rows.get(command, {}).get(key)

            # The targets for the base build and for every variant of it (unique-users@NAME).
            suffixes = [""] + sorted({"@" + c.partition("@")[2] for c in rows if "@" in c})
            targets = []
            for sfx in suffixes:
                if "unique-users" + sfx not in rows:
                    continue
                label = " [%s]" % sfx[1:] if sfx else ""
                uu = "unique-users" + sfx
                targets += [
                    ("CPU slope unique-users / CPU slope decode --raw <= 1.3" + label,
                     slope_ratio(get(uu, "cpu_per_gb"), get("decode-raw-1core", "cpu_per_gb")),
                     lambda v: v <= 1.3),
                    ("wall unique-users / 7zz -mmt2 < 1.0 (larger size)" + label,
                     ratio(get(uu, "wall_large"), get("7zz-mmt2", "wall_large")),
                     lambda v: v < 1.0),
                    ("wall pipeline / unique-users >= 1.5 (larger size)" + label,
                     ratio(get("pipeline", "wall_large"), get(uu, "wall_large")),
                     lambda v: v >= 1.5),
                ]
                for command in TARGET_COMMANDS[1:]:
                    targets.append(("CPU slope %s / CPU slope decode --raw (beside unique-users')%s" % (command, label),
                                    slope_ratio(get(command + sfx, "cpu_per_gb"), get("decode-raw-1core", "cpu_per_gb")),
                                    None))
            if any(r["cpu_per_gb"] is not None and r["cpu_per_gb"] <= 0 for r in rows.values()):
                w("")
                w("WARNING: a CPU slope is not positive: the run-to-run noise is larger than what the"
                  " second size adds; use sizes further apart (e.g. 300,1200) or more --reps")
            w("")
            w("| issue 16 target | measured | met |")
            w("|---|---:|---|")
            results = []
            for name, value, test in targets:
                met = None if value is None or test is None else bool(test(value))
                results.append({"target": name, "value": value, "met": met})
                w("| %s | %s | %s |" % (name, "n/a" if value is None else value,
                                        {True: "met", False: "NOT MET", None: "n/a"}[met]))
            out["datasets"].setdefault(ds, {})[archive] = {"commands": rows, "targets": results}
    print("\n".join(lines))
    if len(argv) > 3:
        with open(argv[3], "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
            f.write("\n")
    if shared == 0:
        print("slope: the two runs share no dataset and archive", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
