"""User-safe errors: their `str()` is a message fit for a user; the CLI and bot show nothing else."""

from __future__ import annotations


class CareerbotError(Exception):
    """Base of every error whose message may be shown to a user as it is."""


class SkippedFile(CareerbotError):
    """An article that cannot be ingested (empty, binary, too large, malformed); the rest goes on."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class StoreUnavailable(CareerbotError):
    """The Chroma store cannot be reached or opened."""


class StoreBusy(CareerbotError):
    """Another process holds the write lock of an embedded store."""


class UnknownSource(CareerbotError):
    """A document id that is not in the store."""


class LLMUnavailable(CareerbotError):
    """The LLM_* settings name a chat model that cannot be built (missing package, unknown provider)."""
