#!/usr/bin/env python3
"""Hadoop Streaming reducer of the original question: sums "UserID<TAB>count" lines in a dict.

Prints "UserID<TAB>events" once per user (so `| wc -l` is the distinct count). It does not rely
on sorted input: the dict holds every user, as the question's reducer did.
"""
import sys


def main():
    counts = {}
    for line in sys.stdin.buffer:
        user, _, n = line.rstrip(b"\n").rpartition(b"\t")
        counts[user] = counts.get(user, 0) + int(n)
    out = sys.stdout.buffer
    for user, n in counts.items():
        out.write(b"%s\t%d\n" % (user, n))


if __name__ == "__main__":
    main()
