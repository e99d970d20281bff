"""Progress of a long moderator job, shown by editing the command's deferred reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType

import discord

from bot.formatting import notice

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 3.0  # Discord allows about five edits of one message per five seconds


class ProgressReply:
    """Edits an interaction's deferred reply with "<label> 40/120 <unit>…" while a job runs.

    The job reports from its worker thread through `report` (a plain assignment, so thread-safe);
    an event-loop task shows the latest numbers at most every `every_s` seconds and, if it showed
    any, marks them done at the end. A failed edit is logged and never stops the job.
    """

    def __init__(
        self, interaction: discord.Interaction, label: str, unit: str, every_s: float = PROGRESS_EVERY_S
    ) -> None:
        self.interaction = interaction
        self.label = label
        self.unit = unit
        self.every_s = every_s
        self.latest: tuple[int, int] | None = None
        self.shown: tuple[int, int] | None = None
        self._task: asyncio.Task | None = None

    def report(self, done: int, total: int) -> None:
        """Record the job's progress; called from any thread."""
        self.latest = (done, total)

    async def __aenter__(self) -> ProgressReply:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if kind is None and self.shown is not None:
            await self._show(final=True)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every_s)
            if self.latest is not None and self.latest != self.shown:
                await self._show()

    async def _show(self, final: bool = False) -> None:
        latest = self.latest
        if latest is None:
            return
        done, total = latest
        text = f"{self.label} {done}/{total} {self.unit}" + (" — done." if final else "…")
        try:
            await self.interaction.edit_original_response(content=notice(text))
            self.shown = latest
        except discord.HTTPException as exc:
            log.warning("progress edit failed: %s", exc)
