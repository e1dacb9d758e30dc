"""Writes chiso's list of Vietnamese syllables from the Vietnamese Hunspell dictionary (Debian's hunspell-vi).

A development-time script, never imported by chiso. The dictionary lists one syllable a line (Vietnamese is
written a syllable a word); this keeps the ones made of letters only, in lower case and Unicode NFC, adds each
with its tone mark where the older style puts it («hoà» and «hòa»), and drops the acronyms written in capitals
(«UBND», «HTML»), which chiso reads from its frameworks' own texts instead:

    apt-get download hunspell-vi && dpkg-deb -x hunspell-vi_*.deb /tmp/hv
    python tools/vi_syllables.py /tmp/hv/usr/share/hunspell/vi_VN.dic

The list is written to ``src/chiso/data/vi/syllables.txt``; its licence is in the NOTICE beside it.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "chiso" / "data" / "vi" / "syllables.txt"


TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
OLD_STYLE = re.compile(f"(?<!q)([ou])([aey])([{TONES}])$")


def syllables(lines: Iterable[str]) -> list[str]:
    """The dictionary's syllables (its first line is the entry count), lower-cased, without acronyms, each
    also with its tone mark where the older style puts it."""
    found = set()
    for line in lines:
        word = unicodedata.normalize("NFC", line.split("/")[0].strip())
        if word.isalpha() and not (len(word) > 1 and word.isupper()):
            found |= {word.lower(), old_style(word.lower())}
    return sorted(found)


def old_style(word: str) -> str:
    """The syllable with its tone mark where the older style puts it: «hoà» → «hòa», «thuỷ» → «thủy» (the
    dictionary follows the newer one; many documents, chiso's frameworks too, still write the older)."""
    return unicodedata.normalize("NFC", OLD_STYLE.sub(r"\1\3\2", unicodedata.normalize("NFD", word)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dic", type=Path, help="vi_VN.dic of the hunspell-vi package")
    words = syllables(parser.parse_args().dic.read_text("utf-8").splitlines()[1:])
    OUT.write_text("".join(f"{w}\n" for w in words), "utf-8")
    print(f"{len(words)} syllables → {OUT}")


if __name__ == "__main__":
    main()
