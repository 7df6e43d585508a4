// The session state machine on the device, for a saved routine with no server (offline, or
// the server unreachable) and for a follower riding out a short outage. A line-by-line port
// of sessions/core/runner.py: same commands, same refusal codes, same deadlines, checked
// against the same test vectors (tests/vectors/runner/*.json) as the Python runner. Step
// starts come with the timeline (`start_ms`). Pure: no DOM, no clock. Every call takes
// `nowMs`; the shell (LocalSession) owns the timer.

const COMMANDS = ['start', 'pause', 'resume', 'next', 'previous', 'restart', 'jump'];

function state(status = 'ready', index = 0, startedAt = null, elapsedMs = 0) {
  return { status, index, started_at: startedAt, elapsed_ms: elapsedMs };
}

export class Runner {
  constructor(timeline, initial = null) {
    this.timeline = timeline;
    this.totalMs = timeline.total_ms;
    this.state = initial ? { ...initial } : state();
  }

  // -- queries ---------------------------------------------------------------------------

  nextDeadline() {
    const s = this.state;
    if (s.status !== 'running') return null;
    return s.started_at + this.timeline.steps[s.index].duration_ms;
  }

  elapsed(nowMs) {
    const s = this.state;
    return s.status === 'running' ? nowMs - s.started_at : s.elapsed_ms;
  }

  snapshot(nowMs, reason = 'sync') {
    const s = this.state;
    const duration = this.timeline.steps[s.index].duration_ms;
    const elapsed = Math.min(Math.max(this.elapsed(nowMs), 0), duration);
    return {
      type: 'state', reason, status: s.status, index: s.index,
      timeline_hash: this.timeline.hash,
      step_started_at: s.status === 'running' ? s.started_at : null,
      deadline: this.nextDeadline(), elapsed_ms: elapsed, remaining_ms: duration - elapsed,
      position_ms: this.timeline.steps[s.index].start_ms + elapsed, total_ms: this.totalMs,
      server_now: nowMs,
    };
  }

  firstStepOf(exerciseId) {
    const step = this.timeline.steps.find((x) => x.exercise_id === exerciseId);
    return step ? step.index : null;
  }

  // -- transitions -----------------------------------------------------------------------

  // Advance past every step whose deadline is at or before now.
  tick(nowMs) {
    const events = [];
    for (;;) {
      const deadline = this.nextDeadline();
      if (deadline === null || nowMs < deadline) break;
      const steps = this.timeline.steps;
      if (this.state.index + 1 >= steps.length) {
        this.state = state('finished', this.state.index, null, steps[steps.length - 1].duration_ms);
        events.push(this.snapshot(nowMs, 'finished'));
      } else {
        this.state = state('running', this.state.index + 1, deadline, 0);
        events.push(this.snapshot(nowMs, 'step'));
      }
    }
    return events;
  }

  // Apply a command at time now; returns the events (one refusal if illegal). A transition
  // answers the new state, or [code, sentence] when it is refused.
  handle(command, nowMs, exerciseId = null) {
    const events = this.tick(nowMs);
    if (!COMMANDS.includes(command)) {
      return events.concat([this._refuse(command, 'unknown_command', `unknown command "${command}"`)]);
    }
    const outcome = command === 'jump' ? this._jump(nowMs, exerciseId) : this[`_${command}`](nowMs);
    if (Array.isArray(outcome)) return events.concat([this._refuse(command, ...outcome)]);
    this.state = outcome;
    return events.concat([this.snapshot(nowMs, command)]);
  }

  _refuse(command, code, reason) {
    return { type: 'refused', command, code, reason, status: this.state.status, index: this.state.index };
  }

  _go(index, nowMs) {
    if (this.state.status === 'paused') return state('paused', index, null, 0);
    return state('running', index, nowMs, 0);
  }

  _start(nowMs) {
    if (this.state.status !== 'ready') return ['not_ready', `cannot start: the session is ${this.state.status}`];
    return state('running', 0, nowMs, 0);
  }

  _pause(nowMs) {
    if (this.state.status !== 'running') return ['not_running', `cannot pause: the session is ${this.state.status}`];
    return state('paused', this.state.index, null, nowMs - this.state.started_at);
  }

  _resume(nowMs) {
    if (this.state.status !== 'paused') return ['not_paused', `cannot resume: the session is ${this.state.status}`];
    return { ...this.state, status: 'running', started_at: nowMs - this.state.elapsed_ms, elapsed_ms: 0 };
  }

  _next(nowMs) {
    if (!['running', 'paused'].includes(this.state.status)) {
      return ['not_playing', `cannot skip: the session is ${this.state.status}`];
    }
    const steps = this.timeline.steps;
    if (this.state.index + 1 >= steps.length) {
      return state('finished', this.state.index, null, steps[steps.length - 1].duration_ms);
    }
    return this._go(this.state.index + 1, nowMs);
  }

  _previous(nowMs) {
    if (!['running', 'paused'].includes(this.state.status)) {
      return ['not_playing', `cannot go back: the session is ${this.state.status}`];
    }
    if (this.state.index === 0) return ['first_step', 'cannot go back: this is the first step'];
    return this._go(this.state.index - 1, nowMs);
  }

  _restart(nowMs) {
    if (this.state.status === 'ready') return ['not_started', 'cannot restart: the session has not started'];
    return state('running', 0, nowMs, 0);
  }

  _jump(nowMs, exerciseId) {
    if (!exerciseId) {
      return ['no_such_exercise', 'jump needs an exercise_id (the id of an exercise in this session)'];
    }
    if (!['running', 'paused'].includes(this.state.status)) {
      return ['not_playing', `cannot jump: the session is ${this.state.status}`];
    }
    const index = this.firstStepOf(exerciseId);
    if (index === null) {
      return ['no_such_exercise', `cannot jump: no exercise "${exerciseId}" in this session`];
    }
    return this._go(index, nowMs);
  }
}

// The runner from a snapshot: where a session is, as a device last heard it.
export function stateFromSnapshot(snapshot) {
  if (snapshot.status === 'running') {
    return state('running', snapshot.index, snapshot.step_started_at, 0);
  }
  return state(snapshot.status, snapshot.index, null, snapshot.elapsed_ms || 0);
}

// The shell around a Runner: one timer at the next deadline (never a 1 s sleep loop), and
// every event handed to `onEvent`. `now` is the clock to use (the page's server-clock
// estimate, so a follower's local steps line up with the server's).
export class LocalSession {
  constructor(timeline, { now, onEvent, initial = null, timers = globalThis } = {}) {
    this.runner = new Runner(timeline, initial);
    this.now = now;
    this.onEvent = onEvent;
    this.timers = timers;
    this.timer = null;
    this.stopped = false;
  }

  snapshot(reason = 'sync') {
    return this.runner.snapshot(this.now(), reason);
  }

  // A command: {ok: true, state} or {ok: false, error, code} (the runner's refusal), like
  // the server's ack.
  command(name, extra = {}) {
    const events = this.runner.handle(name, this.now(), extra.exercise_id || null);
    const last = events[events.length - 1];
    for (const ev of events) if (ev.type === 'state' && ev !== last) this.onEvent(ev);
    this._arm();
    if (last && last.type === 'refused') {
      this.onEvent(last);
      return { ok: false, error: last.reason, code: last.code };
    }
    return { ok: true, state: last };
  }

  tick() {
    this.timer = null;
    if (this.stopped) return;
    for (const ev of this.runner.tick(this.now())) this.onEvent(ev);
    this._arm();
  }

  _arm() {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const deadline = this.runner.nextDeadline();
    if (deadline === null) return;
    this.timer = this.timers.setTimeout(() => this.tick(), Math.max(0, deadline - this.now()));
  }

  start() {
    this.stopped = false;
    this._arm();
    return this;
  }

  stop() {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
