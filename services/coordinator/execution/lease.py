"""A claimed job's lease, kept alive while its command runs."""

import asyncio
import logging

from .job import Claimed
from .jobs import JobQueue
from .policy import heartbeat_interval, presumed_lost

log = logging.getLogger("flightdeck.coordinator.execution")


class Lease:
    """Renews a claim every lease/3; sets `cancel` when the job is cancelled or the lease is (presumed) lost."""

    def __init__(self, queue: JobQueue, claimed: Claimed) -> None:
        self.queue, self.claimed = queue, claimed
        self.cancel = asyncio.Event()
        self.lost = False
        self._last_ok = asyncio.get_running_loop().time()

    async def keep(self) -> None:
        loop = asyncio.get_running_loop()
        while not self.lost:
            await asyncio.sleep(heartbeat_interval(self.queue.lease_s))
            sent = loop.time()
            try:
                status = await self.queue.heartbeat(self.claimed)
            except Exception:
                log.warning("could not renew the lease of %s", self.claimed.job.job_id, exc_info=True)
                if presumed_lost(loop.time() - self._last_ok, self.queue.lease_s):
                    self._lose()
                continue
            self._last_ok = sent  # the lease runs from when the server renewed it, which is after `sent`
            if status == "lost":
                self._lose()
            elif status == "cancelled":
                self.cancel.set()

    def _lose(self) -> None:
        self.lost = True
        self.cancel.set()
        log.warning("lost the lease of %s; stopping its command", self.claimed.job.job_id)
