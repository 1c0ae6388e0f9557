#!/usr/bin/env python3
"""Hadoop Streaming mapper of the original question: prints "UserID<TAB>1" for every event.

Reads tab-separated events (AuctionID UserID SiteID URL UserAgent Timestamp) on stdin, as bytes
(no UTF-8 decoding, so any byte sequence passes). Lines without a non-empty second field are
skipped, as logcount skips blank and malformed lines. Used by scripts/bench/run as the baseline.
"""
import sys


def main():
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        fields = line.rstrip(b"\r\n").split(b"\t")
        if len(fields) > 1 and fields[1] and not line.isspace():
            out.write(fields[1] + b"\t1\n")


if __name__ == "__main__":
    main()
