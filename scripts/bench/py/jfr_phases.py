#!/usr/bin/env python3
"""Where a logcount run spends its CPU, from a JFR recording: execution samples per phase.

usage: jfr_phases.py RECORDING.jfr [--top N]
  Record with: LOGCOUNT_JAVA_OPTS='-Xmx512m -XX:StartFlightRecording=filename=r.jfr,settings=profile'
  scripts/logcount unique-users A.7z OUT   (or decode ...)

Each jdk.ExecutionSample (Java code running on a CPU; JIT, GC and native waits are not in
it) goes to the first phase, in the order below, one of whose frames matches: e.g. a sample
inside the LZMA decoder called from the record reader is "decode", and the reader's own
frames are "line splitting". --top N also lists the N hottest methods (self time).
Note: JFR attributes a sample to the nearest debug-info point of inlined code, so a top frame
may name a neighbouring inlined method (in xz, RangeDecoderFromStream.normalize for what runs
in RangeDecoderFromBuffer); the phases, which look at whole stacks, are not affected.
"""
import collections
import re
import subprocess
import sys

# (phase, frame pattern): the first phase with a matching frame wins; patterns are regexes
# searched in "class.method" names.
PHASES = [
    ("decode (LZMA/xz)", r"tukaani\.xz|compress\.compressors|Lzma2Decoder\."),
    ("line splitting (BoundedLineReader)", r"BoundedLineReader\."),
    ("record reader (counters, keys)", r"SevenZRecordReader\.|StreamRecordReader\.|LineRecordReaderBase\."),
    ("field extraction (TsvFieldLocator)", r"TsvFieldLocator\."),
    # Sort and spill before collect: our collector (io.logcount.mapout) spills in the mapper's
    # thread, inside collect; Hadoop's MapOutputBuffer in a thread of its own.
    ("map: sort (QuickSort, RadixSorter)", r"QuickSort\.|mapout\.RadixSorter\."),
    ("map: combine", r"NewCombinerRunner\.combine|mapout\.SpillWriter\.combine"),
    ("map: spill write (IFile)", r"sortAndSpill|mapout\.SpillWriter\."),
    ("map: merge spills", r"MapOutputBuffer\.mergeParts|mapout\.Spills\."),
    ("map output: serialize + collect", r"MapOutputBuffer\.collect|NewOutputCollector\.write|mapout\."),
    # After the map output phases: the table's flushes call the collector.
    ("in-mapper sums (MapSideAggregator)", r"MapSideAggregator\.|SumTable\."),
    ("map: mapper other", r"Mapper\.|Mapper\.run"),
    ("reduce: shuffle + merge", r"reduce\.Shuffle|MergeManager|LocalFetcher|Merger\."),
    ("reduce: output (TextOutputFormat, tracking writer)", r"LineRecordWriter\.|NewTrackingRecordWriter\."),
    ("reduce: reducer, value iteration", r"ReduceTask\.run"),
    ("decode tool (DecodeJob loop)", r"DecodeJob\."),
    ("job client: plan, submit, monitor", r"^io\.logcount\.LogCount\.main|Job\.submit|JobSubmitter"),
]


def samples(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth",
                           "96", path], check=True, capture_output=True, text=True).stdout
    for block in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>]+)\([^)]*\)\s+line:", block, re.M)
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        if frames:
            yield (thread.group(1) if thread else "?"), frames


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 2
    top_n = int(argv[argv.index("--top") + 1]) if "--top" in argv else 0
    phases = collections.Counter()
    top = collections.Counter()
    total = 0
    compiled = [(name, re.compile(p)) for name, p in PHASES]
    for thread, frames in samples(argv[1]):
        total += 1
        top[frames[0]] += 1
        for name, pattern in compiled:
            if any(pattern.search(f) for f in frames):
                phases[name] += 1
                break
        else:
            phases["other (%s)" % re.sub(r"\d+", "N", thread)] += 1
    print("%d execution samples (about 20 ms of CPU each with settings=profile)" % total)
    print("| phase | share of CPU samples |")
    print("|---|---:|")
    for name, count in phases.most_common():
        print("| %s | %.1f%% |" % (name, 100.0 * count / max(total, 1)))
    if top_n:
        print()
        print("| hottest methods (self) | share |")
        print("|---|---:|")
        for name, count in top.most_common(top_n):
            print("| %s | %.1f%% |" % (name.replace("io.logcount.shaded.", ""), 100.0 * count / total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
