// Microphone audio as the server wants it (docs/protocol.md, voice control): mono, 16 kHz,
// signed 16-bit. Pure and streaming: the audio worklet feeds it 128-sample blocks at the
// device's own rate (44.1 or 48 kHz, whatever it is) and posts 20 ms pieces (the gate's
// grain: voicegate.js); the page joins them into the chunks the server asks for.

export const RATE = 16000;
export const PIECE_MS = 20;

// Float samples (-1..1) to int16, clipped.
export function toInt16(x) {
  const v = Math.max(-1, Math.min(1, x));
  return Math.round(v < 0 ? v * 0x8000 : v * 0x7fff);
}

// Down to `outRate`: each output sample is the mean of the input samples around its
// position (a box filter as wide as the ratio), so speech above the new Nyquist does not
// fold back as noise. Blocks may be any length; the position carries over between them.
export class Resampler {
  constructor(inRate, outRate = RATE) {
    if (!(inRate >= outRate) || !(outRate > 0)) {
      throw new RangeError(`cannot resample ${inRate} Hz to ${outRate} Hz`);
    }
    this.ratio = inRate / outRate;
    this.width = Math.max(1, Math.round(this.ratio));
    this.held = new Float32Array(0);  // input not yet used up
    this.made = 0;                    // output samples made so far
    this.dropped = 0;                 // input samples no window needs any more
  }

  // Where output sample `n`'s window starts, in input samples since the first: from the
  // count, never a running sum, so blocks of any size give the very same samples.
  _start(n) {
    return Math.floor(n * this.ratio - this.width / 2 + 0.5);
  }

  push(block) {
    const input = new Float32Array(this.held.length + block.length);
    input.set(this.held);
    input.set(block, this.held.length);
    const out = [];
    for (;;) {
      const start = this._start(this.made) - this.dropped;  // this output sample's window
      if (start + this.width > input.length) break;
      const from = Math.max(0, start);
      let sum = 0;
      for (let i = from; i < start + this.width; i += 1) sum += input[i];
      out.push(toInt16(sum / (start + this.width - from)));
      this.made += 1;
    }
    // Keep what the next sample's window still needs.
    const keep = Math.max(0, this._start(this.made) - this.dropped);
    this.held = input.slice(keep);
    this.dropped += keep;
    return Int16Array.from(out);
  }
}

// Whole chunks of `ms` milliseconds (at 16 kHz: 20 ms is 320 samples) from any-length pieces.
export class Chunker {
  constructor(ms = PIECE_MS) {
    const size = (RATE * ms) / 1000;
    if (!(Number.isInteger(size) && size > 0)) throw new RangeError(`no chunks of ${ms} ms`);
    this.size = size;
    this.buf = new Int16Array(size);
    this.fill = 0;
  }

  push(samples) {
    const chunks = [];
    let i = 0;
    while (i < samples.length) {
      const n = Math.min(this.size - this.fill, samples.length - i);
      this.buf.set(samples.subarray(i, i + n), this.fill);
      this.fill += n;
      i += n;
      if (this.fill === this.size) {
        chunks.push(this.buf);
        this.buf = new Int16Array(this.size);
        this.fill = 0;
      }
    }
    return chunks;
  }
}
