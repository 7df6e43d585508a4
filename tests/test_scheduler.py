import threading

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


def test_wait_wakes_early_for_an_earlier_time_returns_that_time_and_stops():
    waiting = threading.Event()

    def clock():  # read under the scheduler's lock, just before it blocks
        waiting.set()
        return 1000
    s = Scheduler(clock)
    s.set("far", 61_000)
    woke = []
    t = threading.Thread(target=lambda: woke.append(s.wait()))
    t.start()
    assert waiting.wait(5)
    s.set("soon", 1000)  # takes the lock only once the waiter has released it to sleep
    t.join(timeout=5)
    assert woke == [1000] and s.pop_due(1000) == ["soon"]
    s.stop()
    assert s.wait() is None


def test_wait_reads_the_clock_once_per_wake_and_returns_that_reading():
    reads = []

    def clock():
        reads.append(2000 + len(reads))
        return reads[-1]
    s = Scheduler(clock)
    s.set("a", 1500)
    assert s.wait() == 2000 and reads == [2000]
