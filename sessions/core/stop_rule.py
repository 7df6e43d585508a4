"""The stop rule: which pain stops an exercise. The server sends the threshold and the rise
to the device, which applies them; the server applies them again to raise the clinician's
flags (a device's own flag is never trusted alone)."""

from __future__ import annotations

PAIN_RISE = 2  # over the patient's start-of-run pain
REASONS = ("pain_threshold", "pain_rise")


def stop_reason(pain: int | None, start_pain: int | None, threshold: int) -> str | None:
    """'pain_threshold', 'pain_rise' or None (go on); no pain given never stops."""
    if pain is None:
        return None
    if pain >= threshold:
        return "pain_threshold"
    if start_pain is not None and pain >= start_pain + PAIN_RISE:
        return "pain_rise"
    return None


def flags_for(checks: list[dict], runs: dict[str, dict], thresholds: dict[int, int],
              latest_threshold: int) -> list[dict]:
    """The flags a programme's check records raise: each check whose pain meets the rule,
    with the threshold of the version its run was started with (`runs`: run_id ->
    {"version", "start_pain"}; the latest threshold if the run or version is unknown)."""
    out = []
    for check in checks:
        run = runs.get(check["run_id"], {})
        threshold = thresholds.get(run.get("version"), latest_threshold)
        reason = stop_reason(check.get("pain"), run.get("start_pain"), threshold)
        if reason and not check.get("skipped"):
            out.append({"seq": check["seq"], "day": check["local_day"],
                        "exercise_id": check["exercise_id"], "pain": check["pain"],
                        "reason": reason})
    return out
