"""Server-Sent Events read line by line (pure), as the WHATWG spec says a client reads them: `field: value` lines
(one space after the colon dropped), `:` comments (the dashboard's keep-alives) ignored, `data` lines joined by
newlines, a message dispatched at the blank line that ends it; `id` kept across messages, as a reconnect sends it."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    event: str  # the event's type, or snapshot, dropped ("message" when the server named none)
    data: str
    id: str | None  # the last id the stream set, this message's or an earlier one's


@dataclass
class SseDecoder:
    last_id: str | None = None
    _event: str = ""
    _data: list[str] = field(default_factory=list)

    def feed(self, line: str) -> Message | None:
        """One line, its end of line already gone; the message it completes, if it does."""
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self.last_id = value
        return None  # retry, and fields the spec has no use for

    def _dispatch(self) -> Message | None:
        event, data = self._event or "message", self._data
        self._event, self._data = "", []
        if not data:
            return None
        return Message(event, "\n".join(data), self.last_id)
