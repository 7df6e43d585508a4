// Estimate the offset between this device's clock and the server's (NTP style): send a few
// pings, keep the sample with the lowest round trip, and assume the server answered half way.
// serverNow() = Date.now() + offset.

export class ServerClock {
  constructor(pingFn, { samples = 5 } = {}) {
    this.pingFn = pingFn;        // async () => server_now (ms), throws on failure
    this.samples = samples;
    this.offset = 0;
    this.rtt = Infinity;
    this.synced = false;
    this._running = null;
  }

  now() {
    return Date.now() + this.offset;
  }

  // Resample; concurrent calls share one run.
  sync() {
    if (!this._running) {
      this._running = this._sample().finally(() => { this._running = null; });
    }
    return this._running;
  }

  async _sample() {
    let best = null;
    for (let i = 0; i < this.samples; i += 1) {
      try {
        const t0 = Date.now();
        const serverNow = await this.pingFn();
        const t1 = Date.now();
        const rtt = t1 - t0;
        if (typeof serverNow === 'number' && (!best || rtt < best.rtt)) {
          best = { rtt, offset: serverNow - (t0 + t1) / 2 };
        }
      } catch (err) {
        // A lost ping only costs one sample.
      }
    }
    if (best) {
      this.offset = best.offset;
      this.rtt = best.rtt;
      this.synced = true;
    }
    return best;
  }
}
