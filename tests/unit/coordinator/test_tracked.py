"""The dict that tells the store which values may have changed: by key marks that key, walking the values marks
every key, adding or removing a key marks it reshaped; settling forgets it all."""

from services.coordinator.tracked import Tracked


def test_a_value_got_by_key_is_marked_and_only_it() -> None:
    d = Tracked({"a": [1], "b": [2], "c": [3]})
    d["a"].append(9)
    assert d.get("b") == [2]
    assert "c" in d and len(d) == 3 and list(d) == ["a", "b", "c"]
    assert sorted(d.changed()) == ["a", "b"] and not d.every and not d.reshaped


def test_walking_the_values_marks_every_key() -> None:
    for walk in (lambda d: list(d.values()), lambda d: list(d.items()), lambda d: d.copy()):
        d = Tracked({"a": 1, "b": 2})
        walk(d)
        assert d.every and sorted(d.changed()) == ["a", "b"]


def test_adding_or_removing_a_key_reshapes_it() -> None:
    d = Tracked({"a": 1, "b": 2})
    d["a"] = 5
    assert not d.reshaped, "a new value for a key it had"
    d["c"] = 3
    assert d.reshaped and sorted(d.changed()) == ["a", "c"]
    for change in (lambda d: d.pop("a"), lambda d: d.__delitem__("a"), lambda d: d.setdefault("z", 0)):
        d = Tracked({"a": 1})
        change(d)
        assert d.reshaped
    d = Tracked({"a": 1})
    d.pop("nope", None)
    assert not d.reshaped


def test_settling_forgets_what_was_marked() -> None:
    d = Tracked({"a": 1})
    d["b"] = 2
    list(d.items())
    d.settle()
    assert not d.every and not d.reshaped and list(d.changed()) == []
