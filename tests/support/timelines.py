"""Small hand-made timelines for the core's unit tests."""

from sessions.core.timeline import Clinic, Step, Timeline


def make_timeline(durations=(1000, 2000, 3000, 4000), exercises=("a", "a", "b", "b")):
    """Hold steps of the given durations, each belonging to the given exercise."""
    steps = tuple(Step(i, "hold", d, True, f"cue {i}", exercise_id=e)
                  for i, (d, e) in enumerate(zip(durations, exercises)))
    return Timeline("r", "R", "en", "standard", steps, (), Clinic())
