"""A dict that remembers which of its values may have changed, so the store serialises only those (pure).

A value can only be changed by someone who got it from the dict: by key (`d[k]`, `get`, `setdefault`), which
marks that key, or by walking the values (`values`, `items`, `copy`, `popitem`), which marks every key. Walking
the keys (`in`, `len`, iterating) gives no value and marks nothing. Adding or removing a key also marks the
dict reshaped: its list of keys is written again."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_values

K = TypeVar("K")
V = TypeVar("V")


class Tracked(dict[K, V]):
    __slots__ = ("every", "reshaped", "touched")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        super().__init__(items)
        self.settle()

    def settle(self) -> None:
        """What was written is now what is stored: nothing changed since."""
        self.touched: set[K] = set()
        self.every = False
        self.reshaped = False

    def __getitem__(self, key: K) -> V:
        self.touched.add(key)
        return super().__getitem__(key)

    def get(self, key: K, default: Any = None) -> Any:
        self.touched.add(key)
        return super().get(key, default)

    def setdefault(self, key: K, default: Any = None) -> Any:
        self.touched.add(key)
        self.reshaped = self.reshaped or key not in self
        return super().setdefault(key, default)

    def __setitem__(self, key: K, value: V) -> None:
        self.touched.add(key)
        self.reshaped = self.reshaped or key not in self
        super().__setitem__(key, value)

    def __delitem__(self, key: K) -> None:
        self.reshaped = True
        super().__delitem__(key)

    def pop(self, key: K, *default: Any) -> Any:
        self.reshaped = self.reshaped or key in self
        return super().pop(key, *default)

    def popitem(self) -> tuple[K, V]:
        self.reshaped = True
        return super().popitem()

    def clear(self) -> None:
        self.reshaped = True
        super().clear()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.every = self.reshaped = True
        super().update(*args, **kwargs)

    def __ior__(self, other: Any) -> "Tracked[K, V]":  # type: ignore[override,misc]  # as dict's, marking
        self.update(other)
        return self

    def values(self) -> "dict_values[K, V]":
        self.every = True
        return super().values()

    def items(self) -> "dict_items[K, V]":
        self.every = True
        return super().items()

    def copy(self) -> dict[K, V]:
        self.every = True
        return dict(super().items())

    def changed(self) -> Iterable[K]:
        """The keys whose values may differ from what was written (those still present)."""
        return list(super().keys()) if self.every else [key for key in self.touched if key in self]
