"""Whole lines on stdout from many threads.

Lambda runs one request per process, so nothing there interleaves; the local
runner serves requests on threads, and a `print` (as the EMF metrics writer
does) is two writes, so two threads could splice their JSON lines together.
"""

import io
import threading
from typing import TextIO


class LineWriter(io.TextIOBase):
    """Buffers each thread's text until a newline, then writes whole lines under a lock."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self._lock = threading.Lock()
        self._pending = threading.local()

    def write(self, text: str) -> int:
        buffered = getattr(self._pending, "text", "") + text
        *lines, rest = buffered.split("\n")
        self._pending.text = rest
        if lines:
            with self._lock:
                self._stream.write("\n".join(lines) + "\n")
                self._stream.flush()
        return len(text)

    def flush(self) -> None:
        with self._lock:
            self._stream.flush()

    def writable(self) -> bool:
        return True
