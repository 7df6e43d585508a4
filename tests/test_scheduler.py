import threading
import time

from sessions.scheduler import Scheduler


class Clock:
    now = 1000

    def __call__(self):
        return self.now


def test_due_keys_come_out_once_in_time_order_and_replaced_times_count():
    clock = Clock()
    s = Scheduler(clock)
    s.set("a", 1500)
    s.set("b", 1200)
    s.set("c", 1300)
    s.set("a", 1100)  # replaces 1500
    s.set("c", None)  # cancelled
    assert s.next_due() == 1100
    assert s.pop_due(1250) == ["a", "b"]
    assert s.pop_due(2000) == []
    assert s.next_due() is None


def test_wait_wakes_early_for_an_earlier_time_and_stops():
    s = Scheduler(lambda: time.time_ns() // 1_000_000)
    now = time.time_ns() // 1_000_000
    s.set("far", now + 60_000)
    woke = []
    t = threading.Thread(target=lambda: woke.append(s.wait()))
    t.start()
    time.sleep(0.05)
    s.set("soon", now + 100)
    t.join(timeout=5)
    assert woke == [True]
    s.stop()
    assert s.wait() is False
