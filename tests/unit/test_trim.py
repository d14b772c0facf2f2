from shared.bus.trim import GroupPosition, keep_from, next_id, trim_threshold


def test_next_id() -> None:
    assert next_id("1700000000000-0") == "1700000000000-1"
    assert next_id("5") == "5-1"


def test_a_group_keeps_its_oldest_pending_entry() -> None:
    groups = [GroupPosition("100-5", "90-0"), GroupPosition("120-0", None)]
    assert keep_from(groups) == "90-0"


def test_a_group_with_nothing_pending_keeps_what_it_has_not_read() -> None:
    assert keep_from([GroupPosition("100-5", None)]) == "100-6"


def test_no_groups_means_nothing_is_known_to_be_safe() -> None:
    assert keep_from([]) is None
    assert trim_threshold("50-0", []) is None


def test_the_threshold_is_the_overflow_unless_a_group_needs_less() -> None:
    everyone_done = [GroupPosition("500-0", None)]
    assert trim_threshold("50-0", everyone_done) == "50-1"
    slow_group = [GroupPosition("500-0", None), GroupPosition("30-0", "20-3")]
    assert trim_threshold("50-0", slow_group) == "20-3"
    assert trim_threshold(None, everyone_done) is None


def test_ids_compare_numerically_not_as_text() -> None:
    assert keep_from([GroupPosition("9-0", None), GroupPosition("10-0", None)]) == "9-1"
