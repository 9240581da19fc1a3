#!/usr/bin/env python3
"""Build Gazette's embedded default dictionary.

Reads the raw open data in data/sources/ and the hand-curated files in data/curated/,
writes the files of data/dictionary/ (one entity per line, sorted by id; each entity in the
file of its most restrictive source licence, see gazette_data.common.LICENCE_FILE_BY_TAG).

    python3 data/build.py            # rebuild the files in data/dictionary/
    python3 data/build.py --check    # rebuild in memory, exit 1 if any file differs

The converters live in the package data/gazette_data/ (one module per source family).
Standard library only (Python 3.11). Deterministic: same inputs, same bytes.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gazette_data.pipeline import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(doc=__doc__))
