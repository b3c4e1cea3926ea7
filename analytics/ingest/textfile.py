"""Reading a CSV file's bytes before DuckDB parses it: encoding, line endings, blank lines.

One streaming pass over the original bytes computes the content hash (sha256), checks that
the file is UTF-8, gathers line facts and keeps a sample of the lines with non-ASCII bytes. A
file that is not UTF-8 (UTF-16 with a byte-order mark, or a legacy encoding that
analytics/ingest/encoding.py detects from the sample: GB18030, Big5, Windows-1252) or whose
encoding the user forces is transcoded in a second streaming pass to a temporary UTF-8 file,
because DuckDB's CSV reader reads UTF-8 only. Line facts are what the row numbers of error
messages need: DuckDB skips empty lines, so we remember where they are.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from analytics.errors import LoadError, RowError
from analytics.ingest.encoding import (
    DISPLAY_NAMES,
    SAMPLE_BYTES,
    Detection,
    EncodingUnknown,
    detect_legacy,
    normalize_encoding,
    sample_lines,
)

CHUNK = 1 << 20
TAIL_BYTES = 64 * 1024
_GLOB = re.compile(r"[*?\[\]{}]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_LINE_BREAK = re.compile(rb"[\r\n]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Line breaks other than the file's own newline (LF, CR or CRLF), and a byte that signals one.
_OTHER_BREAK = {
    b"\n": re.compile(rb"\r"),
    b"\r": re.compile(rb"\n"),
    b"\r\n": re.compile(rb"(?<!\r)\n|\r(?!\n)"),
}
_OTHER_BREAK_BYTE = {b"\n": b"\r", b"\r": b"\n"}
# A number with an underscore between digits ('1_000'): DuckDB's typed reader accepts it, the
# loader's text parser refuses it, so a file holding one is read as text whole
# (analytics/ingest/fastpath.py). Searched only in chunks that hold an underscore at all, as
# "_ then a digit" with the byte before checked in Python: a pattern that starts with the
# literal underscore is scanned about 20x faster than one that starts with a digit class.
_UNDERSCORE_DIGIT = re.compile(rb"_\d")


def _typing_hazard(window: bytes) -> bool:
    """True when `window` holds a digit, an underscore and a digit in a row ('1_000')."""
    for found in _UNDERSCORE_DIGIT.finditer(window):
        at = found.start()
        if at and 48 <= window[at - 1] <= 57:
            return True
    return False


@dataclass
class LineStats:
    """Facts about the lines of a UTF-8 byte stream, gathered chunk by chunk.

    The newline is the first one seen (CRLF, CR or LF). `blank_lines` holds the physical line
    numbers (1-based) of empty lines; `tail` the last bytes of the stream (footer lines).
    """

    newline: bytes = b""
    newlines: int = 0
    blank_lines: list[int] = field(default_factory=list)
    nul_line: int | None = None
    other_break_line: int | None = None
    tail: bytes = b""
    head: bytes = b""
    typing_hazard: bool = False
    _pending: bytes = b""
    _hazard_tail: bytes = b""
    _size: int = 0
    _last: bytes = b""

    def feed(self, data: bytes) -> None:
        if not data:
            return
        if self.nul_line is None and b"\x00" in data:
            self._note_nul(data)
        self._size += len(data)
        if not self.typing_hazard:
            window = self._hazard_tail + data
            if b"_" in window:
                self.typing_hazard = _typing_hazard(window)
            self._hazard_tail = window[-2:]
        if len(self.head) < CHUNK:
            self.head += data[: CHUNK - len(self.head)]
        self.tail = (self.tail + data)[-TAIL_BYTES:]
        self._last = data[-1:]
        buf = self._pending + data
        if not self.newline:
            self.newline = _detect_newline(buf)
            if not self.newline:
                self._pending = buf
                return
        nl = self.newline
        cut = buf.rfind(nl)
        if nl == b"\r" and cut == len(buf) - 1:
            # a CR at the end of a chunk may be the first half of a CRLF in a CR-only file
            cut = buf.rfind(nl, 0, cut)
        if cut < 0:
            self._pending = buf
            return
        segment, self._pending = buf[: cut + len(nl)], buf[cut + len(nl) :]
        self._scan(segment)

    def _note_nul(self, data: bytes) -> None:
        """Remember the line of the first NUL byte: no CSV text holds one (binary data)."""
        before = self._pending + data[: data.find(b"\x00")]
        self.nul_line = self.newlines + before.count(self.newline or b"\n") + 1

    def _note_other_break(self, segment: bytes) -> None:
        """Remember the first line that ends with another line break than the file's newline.

        DuckDB reads one kind of line break; a file that mixes them (or holds a bare CR or LF in
        an unquoted value) cannot be parsed, and the message points at this line.
        """
        nl = self.newline
        if nl == b"\r\n":
            crlf = segment.count(nl)
            if segment.count(b"\n") == crlf and segment.count(b"\r") == crlf:
                return
        elif _OTHER_BREAK_BYTE[nl] not in segment:
            return
        found = _OTHER_BREAK[nl].search(segment)
        if found is not None:
            at = found.start()
            if nl == b"\r" and segment[at - 1 : at] == b"\r":
                at -= 1  # a CR LF in a CR file: the line that ends with it
            self.other_break_line = self.newlines + segment.count(nl, 0, at) + 1

    def _scan(self, segment: bytes) -> None:
        nl = self.newline
        if self.other_break_line is None:
            self._note_other_break(segment)
        # A blank line is a newline right after a newline (or at the start of the stream).
        probe = nl + segment  # the segment starts a line: as if right after a newline
        pos = probe.find(nl + nl)
        seen, counted = -1, 0  # newlines of the segment before `counted` (the probe's own first)
        while pos >= 0:
            seen += probe.count(nl, counted, pos + len(nl))
            counted = pos + len(nl)
            self.blank_lines.append(self.newlines + seen + 1)
            pos = probe.find(nl + nl, counted)
        self.newlines += segment.count(nl)

    def finish(self) -> None:
        if self._pending:
            if not self.newline:
                self.newline = _detect_newline(self._pending) or b"\n"
            rest, self._pending = self._pending, b""
            if self.other_break_line is None:
                self._note_other_break(rest)
            self.newlines += rest.count(self.newline)
        if not self.newline:
            self.newline = b"\n"

    @property
    def size(self) -> int:
        return self._size

    @property
    def head_is_whole(self) -> bool:
        """Whether `head` holds the whole stream (else only its first CHUNK bytes)."""
        return len(self.head) >= self._size

    @property
    def total_lines(self) -> int:
        """Physical lines, counting a last line without a newline."""
        if self._size == 0:
            return 0
        ends_with_newline = self._last in (b"\n", b"\r")
        return self.newlines + (0 if ends_with_newline else 1)


def _detect_newline(buf: bytes) -> bytes:
    cr, lf = buf.find(b"\r"), buf.find(b"\n")
    if cr < 0 and lf < 0:
        return b""
    if cr < 0:
        return b"\n"
    if lf >= 0 and lf < cr:
        return b"\n"
    if cr == len(buf) - 1:
        return b""  # undecided until the next byte
    return b"\r\n" if buf[cr + 1 : cr + 2] == b"\n" else b"\r"


@dataclass(frozen=True)
class PreparedFile:
    """A file ready for DuckDB: a UTF-8 path, how it was read, and its line facts."""

    display_name: str
    path: Path
    encoding: str  # "UTF-8", "UTF-8 with BOM", "UTF-16", "GB18030", "Big5", "Windows-1252"…
    content_hash: str
    newline: str
    total_lines: int
    blank_lines: tuple[int, ...]
    head: str
    tail: str
    head_is_whole: bool = True
    other_break_line: int | None = None
    typing_hazard: bool = False  # holds text the typed reader would misread (fastpath.py)
    # How the encoding was chosen: "certain" (valid UTF-8, a BOM, or given with --encoding),
    # "high" or "medium" (detected), and why.
    encoding_confidence: str = "certain"
    encoding_reason: str = ""

    @property
    def newline_option(self) -> str:
        """The new_line option of DuckDB's read_csv (escaped text, as DuckDB expects)."""
        return {"\r\n": "\\r\\n", "\r": "\\r"}.get(self.newline, "\\n")


def _refuse(name: str, message: str, row: int | None = 1) -> LoadError:
    return LoadError(name, [RowError(row, None, None, message)])


def readable_name(name: str) -> str:
    """A file name that can be printed and stored: bytes that are not UTF-8 become '\ufffd'.

    A path given on the command line may hold such bytes (as lone surrogates); DuckDB and the
    terminal accept only real text.
    """
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _plain_path(path: Path) -> bool:
    """Whether DuckDB can open `path` as given: UTF-8 text without glob characters."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not _GLOB.search(text)


def prepare_file(
    path: Path,
    display_name: str,
    workdir: Path,
    *,
    expected: str = "",
    encoding: str | None = None,
) -> PreparedFile:
    """Check, hash and (if needed) transcode a file; LoadError when it is not readable text.

    `expected` names the columns a header should have, for the messages about empty files.
    `encoding` (a name `normalize_encoding` accepts) forces how the bytes are read.
    """
    forced = _forced_codec(encoding, display_name)
    want = f" ({expected})" if expected else ""
    if not path.is_file():
        raise _refuse(display_name, f"no such file: {path}", row=None)
    try:
        with path.open("rb") as fh:
            first = fh.read(CHUNK)
    except OSError as exc:
        raise _refuse(display_name, f"cannot read the file: {exc.strerror}", row=None) from exc
    if not first.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _refuse(
            display_name,
            f"the file is empty: row 1 must be the header with the column names{want}, then one "
            "row per record",
        )
    if first[:4] == b"PK\x03\x04" or first[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _refuse(
            display_name,
            "this is an Excel workbook, not a CSV file: save it as 'CSV UTF-8' and load that",
        )
    utf16 = first[:2] in (b"\xff\xfe", b"\xfe\xff") if forced is None else forced == "utf-16"
    if not utf16 and b"\x00" in first:
        raise _refuse(display_name, f"not a text file (binary data): load a CSV text file{want}")
    digest = hashlib.sha256()
    stats = LineStats()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = not utf16 and forced in (None, "utf-8", "utf-8-sig")
    sample: list[bytes] = []
    sampled = 0
    offset = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
            if sampled < SAMPLE_BYTES and not utf16:
                # whole lines only: a chunk may start and end inside a line
                start = chunk.find(b"\n") + 1 if offset else 0
                end = chunk.rfind(b"\n") if len(chunk) == CHUNK else len(chunk)
                sampled += _sample_high_lines(chunk, start, max(end, start), sample)
            offset += len(chunk)
            if utf8:
                try:
                    decoder.decode(chunk)
                    stats.feed(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    content_hash = digest.hexdigest()
    detection = Detection("utf-8", "certain", "")
    if utf8:
        stats.finish()
        codec = "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"
        detection = Detection(codec, "certain", "valid UTF-8" if forced is None else "given")
        read_path = path
        if not _plain_path(path):
            # DuckDB expands glob characters in paths and takes only UTF-8 path names; read a
            # copy with a plain name instead.
            read_path = workdir / "input.csv"
            shutil.copyfile(path, read_path)
    else:
        if forced is not None:
            detection = Detection(forced, "certain", "given")
        elif utf16:
            detection = Detection("utf-16", "certain", "a UTF-16 byte-order mark")
        else:
            detection = _detect(b"\n".join(sample), display_name)
        read_path = workdir / "input-utf8.csv"
        stats = _transcode(path, read_path, detection.codec, display_name)
    head = stats.head.decode("utf-8", errors="replace").lstrip("\ufeff")
    _check_text(head, display_name, want)
    if stats.nul_line is not None:
        raise _refuse(
            display_name,
            "holds a NUL byte (binary data, not text): a CSV file has none; export the data as "
            "CSV again or remove the byte",
            row=stats.nul_line,
        )
    return PreparedFile(
        display_name=display_name,
        path=read_path,
        encoding=detection.name,
        encoding_confidence=detection.confidence,
        encoding_reason=detection.reason,
        content_hash=content_hash,
        newline=stats.newline.decode("ascii"),
        total_lines=stats.total_lines,
        blank_lines=tuple(stats.blank_lines),
        head=head,
        tail=stats.tail.decode("utf-8", errors="replace"),
        head_is_whole=stats.head_is_whole,
        other_break_line=stats.other_break_line,
        typing_hazard=stats.typing_hazard,
    )


def _sample_high_lines(chunk: bytes, start: int, end: int, out: list[bytes]) -> int:
    """Append the lines of chunk[start:end] that hold a byte above 0x7F to `out` (until
    SAMPLE_BYTES); return the bytes added. Linear in the chunk: it jumps from one high byte to
    the next and takes the line around it."""
    added = 0
    pos = start
    while added < SAMPLE_BYTES:
        high = _HIGH_BYTE.search(chunk, pos, end)
        if high is None:
            break
        line_start = max(
            chunk.rfind(b"\n", start, high.start()), chunk.rfind(b"\r", start, high.start())
        )
        brk = _LINE_BREAK.search(chunk, high.end(), end)
        line_end = brk.start() if brk else end
        line = chunk[max(line_start + 1, start) : line_end]
        out.append(line)
        added += len(line) + 1
        pos = line_end + 1
    return added


def _forced_codec(encoding: str | None, name: str) -> str | None:
    """The codec of an `--encoding` value; LoadError naming the accepted ones."""
    if encoding is None or not encoding.strip():
        return None
    try:
        return normalize_encoding(encoding)
    except ValueError as exc:
        raise _refuse(name, str(exc), row=None) from exc


def _detect(sample: bytes, name: str) -> Detection:
    """The detected legacy encoding; LoadError with the candidates and the fix when unsure."""
    try:
        return detect_legacy(sample_lines(sample))
    except EncodingUnknown as exc:
        options = " or ".join(f"--encoding {c}" for c in exc.candidates) or "--encoding NAME"
        raise _refuse(
            name,
            f"the file is not UTF-8 and its encoding cannot be told for sure: {exc}. Say which "
            f"it is ({options} on the command line, the Encoding box on the Data page), or save "
            "the file as 'CSV UTF-8' and load it again",
            row=None,
        ) from exc


def _transcode(source: Path, target: Path, encoding: str, name: str) -> LineStats:
    """Stream source (a legacy encoding or UTF-16) into a UTF-8 file; LoadError on undecodable
    bytes, naming the row."""
    stats = LineStats()
    decoder = codecs.getincrementaldecoder(encoding)()
    lines_done = 0
    with source.open("rb") as fin, target.open("wb") as fout:
        for chunk in iter(lambda: fin.read(CHUNK), b""):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                row = lines_done + chunk[: exc.start].count(b"\n") + 1
                shown = DISPLAY_NAMES.get(encoding, encoding)
                raise _refuse(
                    name,
                    f"cannot read the file as {shown} text (undecodable bytes "
                    f"{chunk[exc.start : exc.end + 1]!r}): give the right --encoding, or save it "
                    "as 'CSV UTF-8' and load it again",
                    row=row,
                ) from exc
            if text.startswith("\ufeff") and stats.size == 0:
                text = text[1:]
            data = text.encode("utf-8")
            stats.feed(data)
            fout.write(data)
            lines_done += chunk.count(b"\n")
        try:
            tail = decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise _refuse(
                name,
                "the file ends in the middle of a character: save it as 'CSV UTF-8' and "
                "load it again",
                row=lines_done + 1,
            ) from exc
        if tail:
            data = tail.encode("utf-8")
            stats.feed(data)
            fout.write(data)
    stats.finish()
    return stats


def _check_text(head: str, name: str, want: str) -> None:
    """Refuse binary data that happens to decode: control characters are not CSV text."""
    sample = head[:65536]
    if not sample.strip():
        raise _refuse(
            name, f"the file is empty: row 1 must be the header with the column names{want}"
        )
    controls = len(_CONTROL.findall(sample))
    if "\x00" in sample or controls > max(2, len(sample) // 100):
        raise _refuse(name, f"not a text file (binary data): load a CSV text file{want}")
