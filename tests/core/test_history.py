from sessions.core.history import RunStats, account
from sessions.core.runner import Runner
from tests.support.timelines import make_timeline


def run_through(commands):
    """Drive a runner with (time, command) pairs, folding every snapshot into stats."""
    runner, stats, records = Runner(make_timeline()), RunStats(), []
    for now, command in commands:
        events = runner.tick(now) if command == "tick" else runner.handle(command, now)
        for event in events:
            stats, record = account(stats, event)
            if record:
                records.append(record)
    return stats, records


def test_a_run_played_to_the_end_counts_every_step_completed():
    stats, records = run_through([(0, "start"), (500, "pause"), (600, "resume"),
                                  (20_000, "tick")])
    assert len(records) == 1
    run = records[0]
    assert (run.outcome, run.steps_completed, run.steps_skipped, run.pauses) == (
        "finished", 4, 0, 1)
    assert run.started_at == 0 and run.ended_at == 20_000


def test_skips_and_jumps_count_as_skipped():
    _, records = run_through([(0, "start"), (100, "next"), (200, "next"), (300, "next"),
                              (400, "next")])
    assert (records[0].steps_completed, records[0].steps_skipped) == (0, 4)


def test_restart_records_the_unfinished_run_as_abandoned():
    stats, records = run_through([(0, "start"), (1_000, "tick"), (1_500, "restart")])
    assert [r.outcome for r in records] == ["abandoned"]
    assert records[0].steps_completed == 1
    assert stats.open and stats.started_at == 1_500 and stats.steps_completed == 0


def test_stats_round_trip():
    stats = RunStats(started_at=5, index=2, steps_completed=2, pauses=1)
    assert RunStats.from_dict(stats.to_dict()) == stats
