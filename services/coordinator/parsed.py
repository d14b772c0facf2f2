"""The deployments this replica wrote last, kept parsed: parsing a deployment costs O(its services) on every input,
which made a deployment's whole run grow with the square of its plan.

The next input of the same deployment reuses the object when Redis still holds exactly the bytes written (no other
replica wrote since; the transaction's WATCH still guards the write). An entry is taken out when used and put back
only once the write made from it committed, so a decision that did not commit never leaks into the next one."""

from collections import OrderedDict

from .domain.model import Deployment

KEEP = 256  # deployments; one in flight per environment, plus the queued ones promoted with them


class Parsed:
    def __init__(self, keep: int = KEEP) -> None:
        self._kept: OrderedDict[str, tuple[bytes, Deployment]] = OrderedDict()
        self._keep = keep

    def take(self, deployment_id: str, raw: bytes | str | None) -> Deployment | None:
        """The deployment parsed from `raw`: the kept object when `raw` is what was written, else parsed now."""
        if raw is None:
            self._kept.pop(deployment_id, None)
            return None
        data = raw.encode() if isinstance(raw, str) else raw
        kept = self._kept.pop(deployment_id, None)
        if kept is not None and kept[0] == data:
            return kept[1]
        return Deployment.model_validate_json(data)

    def put(self, deployment: Deployment, written: str) -> None:
        """After the write of `written` (its JSON) committed."""
        self._kept[deployment.id] = (written.encode(), deployment)
        self._kept.move_to_end(deployment.id)
        while len(self._kept) > self._keep:
            self._kept.popitem(last=False)
