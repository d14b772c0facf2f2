"""Splitting a byte stream into lines with bounded memory: a command that never prints a newline cannot
make the coordinator buffer it all (pure)."""

MAX_LINE_BYTES = 8 * 1024
TRUNCATED = " …[truncated]"


class LineSplitter:
    """Feed chunks, get complete lines (decoded, newline stripped); over-long lines are cut at `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_LINE_BYTES) -> None:
        self._max = max_bytes
        self._buffer = bytearray()
        self._skipping = False  # inside a line already emitted truncated: drop bytes until its newline

    def feed(self, chunk: bytes) -> list[str]:
        lines: list[str] = []
        self._buffer += chunk
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                break
            raw = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            if self._skipping:
                self._skipping = False
                continue
            lines.append(self._text(raw))
        if len(self._buffer) > self._max and not self._skipping:
            lines.append(self._text(bytes(self._buffer)))
            self._skipping = True
        if self._skipping:
            self._buffer.clear()
        return lines

    def close(self) -> list[str]:
        """The last line when the stream ended without a newline."""
        rest, skipping = bytes(self._buffer), self._skipping
        self._buffer.clear()
        self._skipping = False
        return [] if skipping or not rest else [self._text(rest)]

    def _text(self, raw: bytes) -> str:
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        if len(raw) > self._max:
            # errors="replace" turns a multi-byte character cut in half into one replacement character
            return raw[: self._max].decode("utf-8", errors="replace") + TRUNCATED
        return raw.decode("utf-8", errors="replace")
