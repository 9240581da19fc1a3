#!/usr/bin/env python3
"""Builds test.jsonl and beats.jsonl from the hand annotations in passages.py
and beats.py.

    python3 tests/data/test/build_test.py            # write both files, print counts
    python3 tests/data/test/build_test.py --review   # also print every mention in
                                                     # context and capitalised words
                                                     # left unannotated, for checking

The rules are in tests/data/gold_builder.py.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
from gold_builder import build  # noqa: E402
import beats  # noqa: E402
from passages import PASSAGES  # noqa: E402

if __name__ == "__main__":
    build(PASSAGES, os.path.join(HERE, "test.jsonl"), max_chars=1200)
    build(beats.PASSAGES, os.path.join(HERE, "beats.jsonl"), max_chars=1500)
