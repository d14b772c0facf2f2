from services.alerter.domain.alert import Alert
from services.alerter.domain.grouping import Group, Timing, flush, join, resolve

from .helpers import alert

TIMING = Timing(group_wait=10, group_interval=60, repeat_interval=600)


def new_group(*alerts: Alert, now: float = 0) -> Group:
    group = None
    for item in alerts:
        group = join(group, item, key="g", route=0, labels={}, channels=["slack"], now=now, timing=TIMING)
    assert group is not None
    return group


def test_a_new_group_waits_group_wait_then_tells_everything_that_joined() -> None:
    group = new_group(alert(service="api"), alert(service="web"), now=100)
    assert group.next_flush == 110
    after, message = flush(group, 110, TIMING, muted=set())
    assert message is not None and message.kind == "new" and len(message.firing) == 2
    assert after is not None and after.next_flush == 710  # nothing new: it sleeps until the tick of its repeat
    woken = join(after, alert(service="db"), key="g", route=0, labels={}, channels=["slack"], now=120, timing=TIMING)
    assert woken.next_flush == 170  # a join wakes it at its next tick, group_interval after the last


def test_a_sleeping_group_wakes_at_the_tick_of_its_repeat_or_every_tick_while_an_alert_is_muted() -> None:
    api, web = alert(service="api"), alert(service="web")
    group, _ = flush(new_group(api, now=0), 10, TIMING, muted=set())
    assert group is not None and group.next_flush == 610 and group.flushed_at == 10
    late = join(group, web, key="g", route=0, labels={}, channels=["slack"], now=455, timing=TIMING)
    assert late.next_flush == 490  # ticks stay group_interval apart from the last flush: 70, 130, ... 490
    muted, message = flush(new_group(api, web), 10, TIMING, muted={web.fingerprint})
    assert message is not None and muted is not None and muted.next_flush == 70  # the silence may end any time
    odd = Timing(group_wait=10, group_interval=60, repeat_interval=100)
    group, _ = flush(new_group(api), 10, odd, muted=set())
    assert group is not None and group.next_flush == 130  # the first tick at or after the repeat is due (110)


def test_the_same_state_is_never_sent_twice_and_repeats_after_repeat_interval() -> None:
    group, _ = flush(new_group(alert()), 10, TIMING, muted=set())
    assert group is not None
    group, again = flush(group, 70, TIMING, muted=set())
    assert again is None and group is not None
    group, repeat = flush(group, 610, TIMING, muted=set())
    assert repeat is not None and repeat.kind == "repeat"


def test_an_alert_that_joins_later_is_told_at_the_next_tick() -> None:
    group, _ = flush(new_group(alert(service="api")), 10, TIMING, muted=set())
    assert group is not None
    group = join(group, alert(service="web"), key="g", route=0, labels={}, channels=["slack"], now=20, timing=TIMING)
    assert group.next_flush == 70
    _, message = flush(group, 70, TIMING, muted=set())
    assert message is not None and message.kind == "update" and len(message.firing) == 2


def test_a_resolved_alert_is_told_once_and_an_empty_group_ends() -> None:
    first = alert()
    group, _ = flush(new_group(first), 10, TIMING, muted=set())
    assert group is not None
    group, message = flush(resolve(group, first.fingerprint, 30, "evt-r", TIMING), 70, TIMING, muted=set())
    assert message is not None and [a.fingerprint for a in message.resolved] == [first.fingerprint]
    assert message.resolved[0].ends_at == 30 and group is None


def test_an_alert_resolved_before_it_was_told_is_dropped_quietly() -> None:
    first = alert()
    group, message = flush(resolve(new_group(first), first.fingerprint, 5, "evt-r", TIMING), 10, TIMING, muted=set())
    assert message is None and group is None


def test_muted_alerts_are_left_out_but_their_resolution_is_told_where_their_firing_was() -> None:
    api, web = alert(service="api"), alert(service="web")
    group, message = flush(new_group(api, web), 10, TIMING, muted={web.fingerprint})
    assert message is not None and [a.fingerprint for a in message.firing] == [api.fingerprint]
    assert group is not None
    group, message = flush(group, 70, TIMING, muted={api.fingerprint, web.fingerprint})
    assert message is None and group is not None  # muting after the fact sends nothing
    both = {api.fingerprint, web.fingerprint}
    group, message = flush(resolve(group, api.fingerprint, 80, "e", TIMING), 130, TIMING, muted=both)
    assert message is not None and [a.fingerprint for a in message.resolved] == [api.fingerprint]
    assert group is not None and list(group.alerts) == [web.fingerprint]
    _, message = flush(resolve(group, web.fingerprint, 140, "e", TIMING), 190, TIMING, muted={web.fingerprint})
    assert message is None  # web's firing was never told, so neither is its resolution


def test_a_notice_is_told_once_and_never_resolved() -> None:
    notice = alert("rollback-completed", severity="info", notice=True)
    group, message = flush(new_group(notice), 10, TIMING, muted=set())
    assert message is not None and message.firing == [notice] and group is None


def test_message_states_differ_so_ids_never_collide() -> None:
    first = alert()
    group, one = flush(new_group(first), 10, TIMING, muted=set())
    assert group is not None and one is not None
    _, two = flush(group, 610, TIMING, muted=set())
    assert two is not None and one.state != two.state
    _, same = flush(new_group(first), 10, TIMING, muted=set())
    assert same is not None and same.state == one.state


def test_a_group_that_ends_and_starts_again_never_reuses_a_message_id() -> None:
    first = alert()
    _, before = flush(new_group(first, now=0), 10, TIMING, muted=set())
    _, after = flush(new_group(first, now=500), 510, TIMING, muted=set())
    assert before is not None and after is not None and before.state != after.state


def test_the_resolution_of_a_told_alert_goes_out_after_group_wait_not_group_interval() -> None:
    api, web = alert(service="api"), alert(service="web")
    group, _ = flush(new_group(api, web), 10, TIMING, muted=set())
    assert group is not None and group.next_flush == 610
    group = resolve(group, api.fingerprint, 20, "evt-r", TIMING)
    assert group.next_flush == 30
    group, message = flush(group, 30, TIMING, muted=set())
    assert message is not None and message.kind == "update"
    assert [a.fingerprint for a in message.resolved] == [api.fingerprint]
    assert [a.fingerprint for a in message.firing] == [web.fingerprint]
    assert group is not None and group.next_flush == 630  # asleep until its repeat ...
    db = alert(service="db")
    woken = join(group, db, key="g", route=0, labels={}, channels=["slack"], now=40, timing=TIMING)
    assert woken.next_flush == 90  # ... and the next change waits group_interval again


def test_a_group_that_only_gained_firing_alerts_still_waits_group_interval() -> None:
    api = alert(service="api")
    group, _ = flush(new_group(api), 10, TIMING, muted=set())
    assert group is not None
    group = join(group, alert(service="web"), key="g", route=0, labels={}, channels=["slack"], now=20, timing=TIMING)
    assert group.next_flush == 70


def test_resolving_what_was_never_told_hurries_nothing() -> None:
    api, web = alert(service="api"), alert(service="web")
    group, _ = flush(new_group(api, web), 10, TIMING, muted={web.fingerprint})
    assert group is not None and group.told == [api.fingerprint]
    assert resolve(group, web.fingerprint, 20, "evt-r", TIMING).next_flush == 70
    late = Timing(group_wait=100, group_interval=60, repeat_interval=600)
    assert resolve(group, api.fingerprint, 20, "evt-r", late).next_flush == 70  # never later than it was due
