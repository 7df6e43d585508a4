// Voice control's pure parts: microphone audio made into 16 kHz int16 40 ms chunks, the
// gate that keeps the app from hearing itself, and the words the device answers with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resampler, Chunker, toInt16, RATE } from '../../static/js/voicepcm.js';
import { Gate, MAX_SOUND_MS } from '../../static/js/voicegate.js';
import {
  heardText, timeLeftAnswer, whatsNextAnswer, nextExerciseId, stoppedText,
} from '../../static/js/voiceanswers.js';

const tone = (hz, rate, n, from = 0) => Float32Array.from(
  { length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * (from + i)) / rate));

function amplitude(samples) {
  let max = 0;
  for (const s of samples.slice(20)) max = Math.max(max, Math.abs(s));
  return max / 0x7fff;
}

function blocks(signal, size) {
  const out = [];
  for (let i = 0; i < signal.length; i += size) out.push(signal.subarray(i, i + size));
  return out;
}

test('toInt16 scales and clips', () => {
  assert.equal(toInt16(0), 0);
  assert.equal(toInt16(1), 32767);
  assert.equal(toInt16(-1), -32768);
  assert.equal(toInt16(3), 32767);
  assert.equal(toInt16(-7), -32768);
});

for (const rate of [48000, 44100, 16000]) {
  test(`a second at ${rate} Hz becomes a second at 16 kHz, whatever the block size`, () => {
    const signal = tone(440, rate, rate);
    const whole = new Resampler(rate).push(signal);
    const r = new Resampler(rate);
    const parts = blocks(signal, 128).map((b) => r.push(b));
    const streamed = Int16Array.from(parts.flatMap((p) => [...p]));
    assert.ok(Math.abs(streamed.length - RATE) <= 2, `${streamed.length} samples`);
    assert.deepEqual(streamed, whole.subarray(0, streamed.length));
    // The 440 Hz tone comes through at its level, at its frequency: compare with the tone
    // sampled at 16 kHz directly (a box filter of a 440 Hz tone loses under 1 %).
    assert.ok(Math.abs(amplitude(streamed) - 0.5) < 0.02, amplitude(streamed));
    // Each window is centred on the nearest input sample: at 44.1 kHz up to half a sample
    // off, a few hundredths of the tone's level; at 48 and 16 kHz on it.
    const expected = tone(440, RATE, streamed.length);
    let worst = 0;
    for (let i = 10; i < streamed.length; i += 1) {
      worst = Math.max(worst, Math.abs(streamed[i] / 0x7fff - expected[i]));
    }
    assert.ok(worst < (rate === 44100 ? 0.04 : 0.002), worst);
  });
}

test('a tone above 8 kHz is damped, not folded back at full level', () => {
  const out = new Resampler(48000).push(tone(12000, 48000, 48000));
  assert.ok(amplitude(out) < 0.5 * 0.4, amplitude(out));
});

test('a rate below 16 kHz or no rate is refused with a clear error', () => {
  assert.throws(() => new Resampler(8000), /cannot resample 8000 Hz/);
  assert.throws(() => new Resampler(undefined), RangeError);
});

test('the chunker makes whole chunks of the size asked (40 ms: 640 samples, 1280 bytes) and keeps the rest', () => {
  assert.equal(new Chunker().size, 320, 'the worklet posts 20 ms pieces');
  assert.throws(() => new Chunker(0), /no chunks of 0 ms/);
  assert.throws(() => new Chunker(null), RangeError);
  assert.throws(() => new Chunker(0.01), RangeError, "not a whole number of samples");
  const c = new Chunker(40);
  assert.equal(c.size, 640);
  const ramp = Int16Array.from({ length: 1000 }, (_, i) => i);
  const first = c.push(ramp.subarray(0, 700));
  assert.equal(first.length, 1);
  assert.equal(first[0].byteLength, 1280);
  assert.deepEqual([...first[0]], [...ramp.subarray(0, 640)]);
  assert.equal(c.push(ramp.subarray(700, 1000)).length, 0);
  const later = c.push(new Int16Array(1000).fill(-1).map((_, i) => 1000 + i));
  assert.equal(later.length, 2);
  assert.equal(later[0][0], 640);
  assert.equal(later[0][639], 1279);
  assert.equal(later[1][0], 1280);
  // each chunk is its own buffer: posting (transferring) one leaves the others whole
  assert.notEqual(later[0].buffer, later[1].buffer);
});

test('the gate shuts while the app makes a sound and for the tail after it', () => {
  const gate = new Gate({ tailMs: 300 });
  assert.equal(gate.open(0), true);
  assert.equal(gate.start('clip', 100), true, 'shutting an open gate asks for voice_gap');
  assert.equal(gate.open(150), false);
  assert.equal(gate.start('speech', 200), false, 'already shut: no second gap');
  gate.end('clip', 1000);
  assert.equal(gate.open(1000), false, 'the device voice still speaks');
  gate.end('speech', 1200);
  assert.equal(gate.open(1499), false, 'the tail');
  assert.equal(gate.open(1500), true);
  assert.equal(gate.start('clip', 1600), true);
});

test('a sound starting during the tail keeps the gate shut and asks for no new gap', () => {
  const gate = new Gate({ tailMs: 300 });
  gate.start('clip', 0);
  gate.end('clip', 500);
  assert.equal(gate.start('clip', 600), false);
  gate.end('clip', 900);
  assert.equal(gate.open(1100), false);
  assert.equal(gate.open(1200), true);
});

test('a sound whose end never comes opens the gate after its longest length', () => {
  const gate = new Gate({ tailMs: 200 });
  gate.start('speech', 0);
  assert.equal(gate.open(MAX_SOUND_MS - 1), false);
  assert.equal(gate.open(MAX_SOUND_MS + 199), false);
  assert.equal(gate.open(MAX_SOUND_MS + 200), true);
  gate.start('beep', 20000, 150);
  assert.equal(gate.open(20349), false);
  assert.equal(gate.open(20350), true);
});

test('an end without a start changes nothing', () => {
  const gate = new Gate({ tailMs: 300 });
  gate.end('clip', 50);
  assert.equal(gate.open(60), true);
});

const part = (text) => ({ text, audio: `/audio/${text.length}.mp3` });
const answers = {
  time_left: [
    { from_ms: 0, text: 'Almost done.', parts: [part('Almost done.')] },
    { from_ms: 10000, text: '10 seconds left.', parts: [part('10'), part('seconds left.')] },
    { from_ms: 60000, text: 'About one minute left.', parts: [part('About one minute left.')] },
    { from_ms: 90000, text: 'About 2 minutes left.', parts: [part('About'), part('2'), part('minutes left.')] },
  ],
  whats_next: {
    a: { text: 'Next up: A.', parts: [] }, b: { text: 'Next up: B.', parts: [] },
  },
  last_exercise: { text: 'This is the last exercise.', parts: [] },
};
const timeline = {
  answers,
  steps: [
    { kind: 'intro', exercise_id: null }, { kind: 'hold', exercise_id: 'a' },
    { kind: 'rest', exercise_id: 'a' }, { kind: 'hold', exercise_id: 'a' },
    { kind: 'rest', exercise_id: null }, { kind: 'hold', exercise_id: 'b' },
    { kind: 'done', exercise_id: null },
  ],
};

test('the time left said is the last answer at or under it', () => {
  assert.equal(timeLeftAnswer(answers, 0).text, 'Almost done.');
  assert.equal(timeLeftAnswer(answers, 59999).text, '10 seconds left.');
  assert.equal(timeLeftAnswer(answers, 75000).text, 'About one minute left.');
  assert.equal(timeLeftAnswer(answers, 3600000).text, 'About 2 minutes left.');
  assert.equal(timeLeftAnswer(answers, -5).text, 'Almost done.');
  assert.equal(timeLeftAnswer({}, 1000), null);
});

test("what's next is the next exercise, from any step, then the last", () => {
  assert.equal(nextExerciseId(timeline, 0), 'a');
  assert.equal(nextExerciseId(timeline, 1), 'b');
  assert.equal(nextExerciseId(timeline, 2), 'b');
  assert.equal(nextExerciseId(timeline, 4), 'b');
  assert.equal(whatsNextAnswer(timeline, 3).text, 'Next up: B.');
  assert.equal(whatsNextAnswer(timeline, 5).text, 'This is the last exercise.');
  assert.equal(whatsNextAnswer(timeline, 6).text, 'This is the last exercise.');
  assert.equal(whatsNextAnswer({ steps: timeline.steps }, 0), null);
});

test('the acknowledgement echoes the words and says a refusal', () => {
  assert.equal(heardText({ command: 'pause', ok: true }), 'Heard: pause');
  assert.equal(heardText({ command: 'resume', ok: true }), 'Heard: continue');
  assert.equal(heardText({ command: 'time_left', ok: true }), 'Heard: how long left');
  assert.equal(heardText({ command: 'next', ok: false, code: 'not_controller',
    error: 'only the clinician can skip ahead' }), 'Heard: next. Only the clinician can skip ahead.');
  assert.equal(heardText({ command: 'next', ok: false }), 'Heard: next. Not allowed here.');
});

test('why listening stopped, in words; an unknown reason is still said', () => {
  assert.match(stoppedText('hidden'), /background/);
  assert.match(stoppedText('session_ended'), /session ended/);
  assert.equal(stoppedText('off'), '');
  assert.equal(stoppedText('weird'), 'Stopped listening (weird).');
  assert.equal(stoppedText('weird', 'The server said so.'), 'The server said so.');
});

test('the voice controls: the explanation first, then one thing at a time in the panel', async () => {
  const { voiceBox } = await import('../../static/js/voiceview.js');
  const base = {
    voiceWanted: false, listening: 'off', listenNote: '', voiceHeard: null, voiceAsk: '',
    voiceExplain: false, voiceHelp: false,
  };
  assert.deepEqual(voiceBox(base), { checked: false, listening: 'off', on: false, panel: null });
  assert.deepEqual(voiceBox({ ...base, voiceExplain: true }).panel, { kind: 'explain' });
  const on = voiceBox({ ...base, voiceWanted: true, listening: 'on' });
  assert.deepEqual([on.on, on.checked, on.panel], [true, true, null]);
  assert.deepEqual(voiceBox({ ...base, voiceWanted: true, listening: 'starting' }).panel,
    { kind: 'note', text: 'Starting the microphone…' });
  const heard = { text: 'Heard: pause', ok: true, n: 1 };
  assert.deepEqual(voiceBox({ ...base, voiceWanted: true, listening: 'on', voiceHeard: heard, voiceHelp: true }).panel,
    { kind: 'heard', text: 'Heard: pause', ok: true }, 'what was heard wins over the help');
  const asking = voiceBox({ ...base, voiceWanted: true, listening: 'on', voiceHeard: heard,
    voiceAsk: 'Stop the session? Say yes or no.' });
  assert.deepEqual(asking.panel, { kind: 'ask', text: 'Stop the session? Say yes or no.' });
  assert.deepEqual(voiceBox({ ...base, voiceHelp: true, listenNote: 'x' }).panel, { kind: 'help' });
  const stopped = voiceBox({ ...base, voiceWanted: true, listening: 'off',
    listenNote: stoppedText('hidden') });
  assert.equal(stopped.on, false);
  assert.equal(stopped.checked, true, 'still wanted: it listens again when the page shows');
  assert.match(stopped.panel.text, /background/);
  const refused = voiceBox({ ...base, voiceWanted: true, listening: 'unavailable',
    listenNote: 'All 8 listening places are taken: use the buttons.' });
  assert.equal(refused.checked, false);
  assert.deepEqual(refused.panel, { kind: 'note', text: 'All 8 listening places are taken: use the buttons.' });
});

test('with no server, only an on-device recogniser would do; each reason is said', async () => {
  const { onDeviceRecogniser } = await import('../../static/js/voicelocal.js');
  assert.match(await onDeviceRecogniser('en', {}), /no speech recogniser that works on the device/);
  // the cloud one (no way to ask for on-device processing) is not used
  assert.match(await onDeviceRecogniser('en', { webkitSpeechRecognition: class {} }),
    /no speech recogniser that works on the device/);
  const asked = [];
  const withStatus = (status) => ({
    SpeechRecognition: { available: async (opts) => { asked.push(opts); return status; } },
  });
  assert.match(await onDeviceRecogniser('en', withStatus('downloadable')), /not installed/);
  assert.match(await onDeviceRecogniser('en', withStatus('unavailable')), /cannot recognise this language/);
  assert.deepEqual(asked[0], { langs: ['en'], processLocally: true });
  const failing = { SpeechRecognition: { available: async () => { throw new Error('x'); } } };
  assert.match(await onDeviceRecogniser('en', failing), /cannot recognise/);
});
