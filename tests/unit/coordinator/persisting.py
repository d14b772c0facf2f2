"""A guard every state machine test runs through (scenario.World): after each decision, what the store would write
of each document (only what the decision changed, documents.py) turns what Redis held before into exactly the
document the decision left. A change the store could not see (a value changed without being got from its dict
by key or by walking its values) fails here, in the test that made it."""

from pydantic import BaseModel

from services.coordinator.documents import Memo, track, writes, written
from services.coordinator.domain.model import Deployment, EnvironmentState
from shared.documents.layout import STAMP, compose


class Persisting:
    def __init__(self) -> None:
        self._held: dict[int, tuple[BaseModel, Memo]] = {}

    def held(self, *documents: Deployment | EnvironmentState) -> None:
        """As Redis holds them now, before a decision: written whole, then tracked."""
        self._held = {}
        for document in documents:
            memo = written(None, writes(document, None, "before"))
            track(document)
            self._held[id(document)] = (document, memo)

    def check(self, *documents: Deployment | EnvironmentState) -> None:
        """After the decision: each document, written as the store would, reads back as it is."""
        for document in documents:
            held = self._held.get(id(document))
            memo = held[1] if held is not None and held[0] is document else None
            done = writes(document, memo, "after")
            after = written(memo, done)
            if memo is not None:
                assert not done.full
            back = type(document).model_validate_json(compose({**after.texts, STAMP: after.stamp}))
            assert back == document, f"what the store writes of {type(document).__name__} misses a change"
