"""Which text encoding a CSV file that is not UTF-8 was written in.

A file that decodes as UTF-8 is UTF-8 (a legacy encoding almost never yields valid UTF-8 by
chance), and a UTF-16 byte-order mark means UTF-16 (Excel's "Unicode text"). Anything else is one
of the legacy encodings of the exports we meet: GB18030/GBK (Chinese mainland), Big5 (Taiwan,
Hong Kong) or Windows-1252/Latin-1 (Excel's "CSV" on a Western-European Windows). These overlap:
every byte pair of Latin-1 accents is valid GB18030, so "Jan Müller" also decodes as "Jan M黮ler".
Decoding alone cannot choose; the decoded text must be plausible:

- a CJK reading is implausible when a Latin word is broken by a lone CJK character ("M黮ler",
  "Pe馻"): real names and accounts hold whole CJK words, not one character glued to Latin letters;
- a Windows-1252 reading is implausible when it holds symbols among letters or runs of three and
  more accented letters ("Íõ¾ü"): Western text has lone accented letters, at most two in a row,
  between plain ones ("Müller", "Peña", "Conceição");
- between the two CJK readings, the one made of common characters wins (GB2312 level 1 for
  GB18030, Big5's frequently-used block for Big5); "王军" read as Big5 gives rare characters.

`charset-normalizer` (a well-kept detector that scores decodings by how messy the text is) ranks
what is left. When two plausible readings give different text and nothing tells them apart, the
file is refused with the candidates and the `--encoding` fix: a wrong guess would store mojibake
without anyone being told.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# The legacy candidates, in the order that breaks a tie between equally plausible readings.
CANDIDATES: tuple[str, ...] = ("gb18030", "big5", "cp1252", "latin-1")
DISPLAY_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "gb18030": "GB18030",
    "big5": "Big5",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}
# Names a person may give `--encoding` (any case; '-' and '_' alike), mapped to a codec above.
ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "utf16": "utf-16",
    "utf-16le": "utf-16",
    "utf-16be": "utf-16",
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "cp936": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5",
    "cp950": "big5",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "iso-8859-1": "latin-1",
    "iso8859-1": "latin-1",
}
SAMPLE_BYTES = 256 * 1024

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A lone CJK character glued to a Latin letter on at least one side: "M黮ler", "Pe馻".
_BROKEN_WORD = re.compile(rf"(?<![{_CJK}])(?:[A-Za-z][{_CJK}]|[{_CJK}][A-Za-z])(?![{_CJK}])")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")


class EncodingUnknown(ValueError):
    """No candidate reads the bytes as plausible text, or two differ and cannot be told apart."""

    def __init__(self, message: str, candidates: tuple[str, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Detection:
    """The chosen codec, how sure the choice is, and why."""

    codec: str
    confidence: str  # "certain" (a BOM, valid UTF-8, or forced), "high" or "medium"
    reason: str

    @property
    def name(self) -> str:
        return DISPLAY_NAMES[self.codec]


def normalize_encoding(name: str) -> str:
    """The codec for a name given with `--encoding`; ValueError listing the accepted names."""
    key = name.strip().lower().replace("_", "-")
    if key in ALIASES:
        return ALIASES[key]
    accepted = "UTF-8, UTF-8-SIG, UTF-16, GB18030 (GBK), Big5, CP1252 (Windows-1252), Latin-1"
    raise ValueError(f"unknown encoding '{name}': use one of {accepted}")


def sample_lines(data: bytes) -> bytes:
    """The lines of `data` that hold a byte above 0x7F (what tells encodings apart), up to
    SAMPLE_BYTES; the last line may be cut, so it is dropped unless it is the only one."""
    lines = [line for line in data.split(b"\n") if any(b > 0x7F for b in line)]
    out = b"\n".join(lines)[:SAMPLE_BYTES]
    cut = out.rfind(b"\n")
    return out[:cut] if cut > 0 and len(out) == SAMPLE_BYTES else out


def _decode(sample: bytes, codec: str) -> str | None:
    try:
        return codecs.decode(sample, codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _common_cjk_share(text: str, codec: str) -> float:
    """The share of CJK characters of `text` that are common in the script of `codec`."""
    chars = _CJK_CHAR.findall(text)
    if not chars:
        return 1.0
    common = 0
    for ch in chars:
        try:
            raw = ch.encode("gb2312" if codec == "gb18030" else "big5")
        except UnicodeEncodeError:
            continue
        if codec == "gb18030" and 0xB0 <= raw[0] <= 0xD7:  # GB2312 level 1: 3,755 common
            common += 1
        elif codec == "big5" and 0xA4 <= raw[0] <= 0xC6:  # Big5 frequently used: 5,401
            common += 1
    return common / len(chars)


def implausibility(text: str, codec: str) -> float:
    """How unlike real text a decoding is: 0 is plausible; higher is worse (a share of the
    non-ASCII characters that look broken, plus rare characters for a CJK reading)."""
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    if non_ascii == 0:
        return 0.0
    # Private-use and unassigned code points never occur in a real export (GB18030 maps some
    # byte pairs there).
    private = sum(1 for ch in text if ord(ch) > 0x7F and unicodedata.category(ch) in ("Co", "Cn"))
    if private:
        return 1.0 + private / non_ascii
    if codec in ("gb18030", "big5"):
        broken = len(_BROKEN_WORD.findall(text))
        return broken / non_ascii + (1.0 - _common_cjk_share(text, codec))
    odd = sum(len(run) for run in _NON_ASCII_RUN.findall(text))
    symbols = sum(
        1 for ch in text if ord(ch) > 0x7F and unicodedata.category(ch)[0] not in ("L", "Z")
    )
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ord(ch) > 0x7F)
    # Currency and degree signs are ordinary in Western text.
    symbols -= sum(text.count(ch) for ch in "€£°·")
    return (odd + max(symbols, 0) + 3 * controls) / non_ascii


def detect_legacy(sample: bytes) -> Detection:
    """The legacy encoding of `sample` (bytes that are not UTF-8, without a UTF-16 BOM)."""
    readings = {c: t for c in CANDIDATES if (t := _decode(sample, c)) is not None}
    if "cp1252" in readings:
        readings.pop("latin-1", None)  # the same text but for five control characters
    scored = {c: implausibility(t, c) for c, t in readings.items()}
    plausible = [c for c in CANDIDATES if c in scored and scored[c] < 0.25]
    if not plausible:
        tried = ", ".join(DISPLAY_NAMES[c] for c in CANDIDATES if c in readings) or "none"
        raise EncodingUnknown(
            f"the text is not plausible in any encoding tried ({tried})", tuple(readings)
        )
    plausible.sort(key=lambda c: (scored[c], CANDIDATES.index(c)))
    best = plausible[0]
    rivals = [c for c in plausible[1:] if readings[c] != readings[best]]
    undecided = [
        c
        for c in rivals
        if scored[c] - scored[best] < 0.15 and not _clearly_ahead(sample, readings, best, c)
    ]
    if undecided:
        names = (best, *undecided)
        raise EncodingUnknown(
            "the bytes read as plausible text in more than one encoding: "
            + "; ".join(f"{DISPLAY_NAMES[c]} gives '{_example(readings[c])}'" for c in names),
            names,
        )
    others = [DISPLAY_NAMES[c] for c in readings if c != best]
    if rivals:
        return Detection(best, "medium", "the most plausible reading")
    if others:
        return Detection(
            best, "high", f"the only plausible reading ({', '.join(others)}: broken words)"
        )
    return Detection(best, "high", "the only encoding that decodes the bytes")


def _clearly_ahead(sample: bytes, readings: dict[str, str], best: str, other: str) -> bool:
    """Whether `best` beats `other`: by the share of common characters between the two CJK
    readings, else by charset-normalizer's mess score (a clear gap on a sample long enough)."""
    if {best, other} <= {"gb18030", "big5"}:
        lead = _common_cjk_share(readings[best], best) - _common_cjk_share(readings[other], other)
        return lead >= 0.3
    if sum(1 for ch in readings[best] if ord(ch) > 0x7F) < 8:
        return False  # a few characters say too little to a statistical detector
    chaos = _detector_chaos(sample, [best, other])
    return best in chaos and chaos[best] + 0.2 <= chaos.get(other, 1.0)


def _detector_chaos(sample: bytes, codecs_: list[str]) -> dict[str, float]:
    """charset-normalizer's mess ratio (0 = clean text) of each codec it accepts for the sample."""
    names = {c.replace("-", "_"): c for c in codecs_}
    results = charset_normalizer.from_bytes(sample, cp_isolation=list(names))
    return {names[r.encoding]: r.chaos for r in results if r.encoding in names}


def _example(text: str) -> str:
    """A short piece of decoded text around its first non-ASCII character."""
    for i, ch in enumerate(text):
        if ord(ch) > 0x7F:
            start = max(text.rfind("\n", 0, i), text.rfind(",", 0, i), i - 20) + 1
            end = min(p for p in (text.find("\n", i), text.find(",", i), i + 20) if p >= 0)
            return text[start:end]
    return text[:20]
