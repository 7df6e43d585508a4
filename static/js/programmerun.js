// One run of a programme on the patient's device: start (with the start-of-session pain),
// the local runner's snapshots, the check after each exercise or at the end, the stop
// rule, skipping what hurt last time, the end. Every run and answer goes to the outbox at
// once. No DOM: `show(screen, detail)` and `onChange()` let the view render.
import { leftExercise, reachedExercises, skipTarget, stopReason } from './checks.js';

export class ProgrammeRun {
  // programme: GET /api/p/<key>'s answer; ondevice: an OnDevice; outbox: an Outbox;
  // narrator: speech.js's; onChange(run): render.
  constructor({ programme, ondevice, outbox, narrator, onChange, now = () => Date.now(),
    runId }) {
    Object.assign(this, { programme, ondevice, outbox, narrator, onChange, now, runId });
    this.timeline = programme.timeline;
    this.snapshot = null;
    this.index = null;
    this.startPain = null;
    this.skipping = [];        // exercises the patient chose to skip today
    this.checked = new Set();  // exercises already asked about in this run
    this.stopped = [];         // [{exercise_id, reason}]
    this.asking = null;        // {exercise_id, during} while a check is open
    this.queue = [];           // exercises still to ask about at the end
    this.leaving = false;      // "End for today" while the end's questions are asked
    this.message = null;       // {exercise_id, reason} while the stop message shows
    this.ended = false;
  }

  get screen() {
    if (this.ended) return 'done';
    if (this.message) return 'stopped';
    if (this.asking) return 'check';
    return 'player';
  }

  start({ startPain = null, skipping = [] } = {}) {
    this.startPain = startPain;
    this.skipping = skipping.filter((id) => this.timeline.exercises.some((x) => x.id === id));
    this.startedAt = this.now();
    this.outbox.record('run_started', {
      run_id: this.runId, version: this.programme.version, start_pain: startPain,
    });
    this.apply(this.ondevice.startLocal(this.timeline));
    this.command('start');
  }

  command(name, extra = {}) {
    const answer = this.ondevice.command(name, extra);
    if (answer.ok) this.apply(answer.state);
    return answer.ok;
  }

  // Every snapshot of the local runner comes here.
  apply(snapshot) {
    const from = this.index;
    this.index = snapshot.index;
    if (this.ended) return;
    if (this.asking || this.message) {  // a check is open: the run waits, paused
      if (snapshot.status !== 'running') {
        this.snapshot = snapshot;
        this.narrator.update(snapshot, this.timeline);
      }
      return;
    }
    this.snapshot = snapshot;
    const left = leftExercise(this.timeline, from, snapshot);
    if (this.programme.check === 'each' && left && !this.checked.has(left)
      && !this.skipping.includes(left)) {
      this.asking = { exercise_id: left, during: false };
      if (snapshot.status === 'running') this.command('pause');
      this.onChange(this);
      return;
    }
    const target = snapshot.status === 'running'
      ? skipTarget(this.timeline, snapshot.index, this.skipping) : null;
    if (target === 'end') {
      this._finish();
    } else if (target) {
      this.command('jump', { exercise_id: target });
    } else {
      this.narrator.update(snapshot, this.timeline);
      if (snapshot.status === 'finished') this._finish();
      else this.onChange(this);
    }
  }

  // "It hurts": ask now about the exercise being done (none during the intro or the end).
  hurts() {
    const step = this.timeline.steps[this.index];
    if (!step || !step.exercise_id || this.asking) return;
    this.command('pause');
    this.asking = { exercise_id: step.exercise_id, during: true };
    this.onChange(this);
  }

  // The patient's answer: {pain, effort} (either may be null), or skipped.
  answer({ pain = null, effort = null, skipped = false }) {
    const { exercise_id: exerciseId, during } = this.asking;
    this.checked.add(exerciseId);
    this.outbox.record('check', {
      run_id: this.runId, exercise_id: exerciseId, pain: skipped ? null : pain,
      effort: skipped ? null : effort, skipped,
    });
    const reason = skipped ? null : stopReason(pain, this.startPain, this.programme);
    this.asking = null;
    if (reason) {
      this.stopped.push({ exercise_id: exerciseId, reason });
      this.outbox.record('exercise_stopped', { run_id: this.runId, exercise_id: exerciseId, reason });
      this.message = { exercise_id: exerciseId, reason, during };
      this.onChange(this);
      return;
    }
    this._carryOn();
  }

  // After the stop message: on past the stopped exercise (stopped during it: to the next).
  dismiss() {
    const { exercise_id: exerciseId, during } = this.message;
    this.message = null;
    const target = during ? skipTarget(this.timeline, this.index, [...this.skipping, exerciseId]) : null;
    if (target === 'end') {
      this._finish();
      return;
    }
    if (target) this.command('jump', { exercise_id: target });
    this._carryOn();
  }

  _carryOn() {
    if (this.queue.length) {
      this.asking = { exercise_id: this.queue.shift(), during: false };
      this.onChange(this);
    } else if (this.leaving) {
      this._end(false);
    } else if (!this.ondevice.local || (this.snapshot && this.snapshot.status === 'finished')) {
      this._end(true);
    } else {
      const snap = this.ondevice.local.snapshot('sync');
      if (snap.status === 'paused') this.command('resume');
      else this.apply(snap);
      this.onChange(this);
    }
  }

  _finish() {
    this.ondevice.stop();
    this.snapshot = { ...(this.snapshot || {}), status: 'finished' };
    if (this.programme.check === 'end') this.queue = this._unasked();
    if (this.queue.length) this._carryOn();
    else this._end(true);
  }

  // The run is over (completed: it reached the end; false when the patient left).
  _end(completed) {
    if (this.ended) return;
    this.ended = true;
    this.ondevice.stop();
    this.narrator.reset();
    const reached = reachedExercises(this.timeline, this.index ?? 0);
    const skipped = this.skipping.length;
    this.outbox.record('run_ended', {
      run_id: this.runId, completed,
      exercises_done: reached.filter((id) => !this.skipping.includes(id)).length,
      exercises_skipped: skipped, duration_ms: Math.max(0, this.now() - this.startedAt),
    });
    this.onChange(this);
  }

  // The exercises reached and not yet asked about (the ones skipped today are not asked).
  _unasked() {
    return reachedExercises(this.timeline, this.index ?? 0)
      .filter((id) => !this.skipping.includes(id) && !this.checked.has(id));
  }

  // "End for today". Asked at the end: the exercises done so far are asked about first, or
  // the clinician would hear nothing of how they felt; then the run ends, not completed.
  // Leaving again, or with nothing to ask, ends it at once.
  leave() {
    if (this.ended) return;
    const ask = this.programme.check === 'end' && !this.leaving ? this._unasked() : [];
    this.asking = null;
    this.message = null;
    if (!ask.length) {
      this._end(false);
      return;
    }
    this.leaving = true;
    this.command('pause');  // refused when it already is
    this.queue = ask;
    this._carryOn();
  }
}
