// The outbox: every run and answer is written on the device first, then sent to the server
// in order (docs/api.md, "Records"). Pure rules (numbering, batches, what an answer lets us
// drop) and the sender, with the storage and the transport passed in: outboxdb.js keeps the
// records in IndexedDB, programmeapi.js posts them.

export const MAX_BATCH = 500;  // the server takes at most 500 records per request
// After a send that failed for a passing reason (offline, server down, rate limited), the
// next try: sooner at first, then at most every 5 minutes while the page stays open.
export const RETRY_MS = [15_000, 30_000, 60_000, 120_000, 300_000];
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

// A device id the server accepts (A-Z a-z 0-9 _ -, 1-64), from 16 random bytes.
export function deviceId(bytes) {
  return `d-${Array.from(bytes, (b) => ID_CHARS[b % ID_CHARS.length]).join('')}`;
}

// The device's local day of a Date, YYYY-MM-DD (never UTC: the patient's day counts).
export function localDay(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// The next record of a device: seq 1, 2, ... with no gap. meta: {device_id, next_seq}.
export function numbered(meta, kind, fields, { at, day }) {
  const record = { seq: meta.next_seq, kind, local_day: day, at, ...fields };
  return { meta: { ...meta, next_seq: meta.next_seq + 1 }, record };
}

// The first request to send: the lowest seqs, in order, at most MAX_BATCH.
export function batch(records, max = MAX_BATCH) {
  return [...records].sort((a, b) => a.seq - b.seq).slice(0, max);
}

// What is still to send once the server has stored everything up to ackedThrough.
export function unacked(records, ackedThrough) {
  return records.filter((r) => r.seq > ackedThrough);
}

// A record the server refused as bad is dropped; the later ones move down one seq so the
// device's numbering has no gap (a new record needs a new seq). Returns {records, meta}.
export function withoutBad(records, meta, badSeq) {
  const kept = records.filter((r) => r.seq !== badSeq)
    .map((r) => (r.seq > badSeq ? { ...r, seq: r.seq - 1 } : r));
  return { records: kept, meta: { ...meta, next_seq: meta.next_seq - 1 } };
}

// The sender. storage: {add(kind, fields, stamp) -> record, pending() -> records, meta(),
// drop(ackedThrough), dropBad(seq)}; send(deviceId, records) -> {acked_through} or throws
// {status, code, index, acked_through}. One request at a time; a flush asked for while one
// runs runs again after it, so nothing recorded meanwhile waits for the next event.
// later(fn, ms) schedules a retry (the page passes setTimeout; without it only the next flush
// tries again); retried(waiting) is told what a retry left waiting.
export class Outbox {
  constructor({ storage, send, stamp, later = null, retried = () => {} }) {
    Object.assign(this, { storage, send, stamp, later, retried });
    this.running = null;
    this.again = false;
    this.stopped = '';  // why sending stopped (the link is dead), or ''
    this.failures = 0;  // retries asked for since a send last went through: the next wait
    this.retrying = false;
  }

  async record(kind, fields) {
    const record = await this.storage.add(kind, fields, this.stamp());
    this.flush();
    return record;
  }

  // Resolves with the number of records still waiting once this round is over.
  flush() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this._round();
        } while (this.again);
      } finally {
        this.running = null;
      }
      return (await this.storage.pending()).length;
    })();
    return this.running;
  }

  async _round() {
    for (;;) {
      if (this.stopped) return;
      const pending = await this.storage.pending();
      if (!pending.length) return;
      const sending = batch(pending);
      const meta = await this.storage.meta();
      let answer;
      try {
        answer = await this.send(meta.device_id, sending);
      } catch (err) {
        if (err && err.code === 'bad_record' && Number.isInteger(err.index)) {
          await this.storage.drop(err.acked_through || 0);
          await this.storage.dropBad(sending[err.index].seq);
          continue;
        }
        if (err && err.code === 'no_such_programme') {
          this.stopped = err.code;
          return;
        }
        this._retryLater();  // offline, unreachable, rate limited (or the next online event)
        return;
      }
      this.failures = 0;
      await this.storage.drop(answer.acked_through);
      // Part of the batch not stored: the server waits for an older record; later.
      if (answer.acked_through < sending[sending.length - 1].seq) return;
    }
  }

  // One timer at a time; each retry that fails waits longer than the one before.
  _retryLater() {
    if (!this.later || this.retrying) return;
    const wait = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)];
    this.failures += 1;
    this.retrying = true;
    this.later(async () => {
      this.retrying = false;
      this.retried(await this.flush());
    }, wait);
  }
}

// Storage in memory, for the tests and for a browser with no IndexedDB (then the records
// last as long as the page).
export class MemoryStorage {
  constructor(id) {
    this.state = { meta: { device_id: id, next_seq: 1 }, records: [] };
  }

  async meta() { return this.state.meta; }

  async add(kind, fields, stamp) {
    const { meta, record } = numbered(this.state.meta, kind, fields, stamp);
    this.state = { meta, records: [...this.state.records, record] };
    return record;
  }

  async pending() { return batch(this.state.records, Infinity); }

  async drop(ackedThrough) {
    this.state = { ...this.state, records: unacked(this.state.records, ackedThrough) };
  }

  async dropBad(seq) {
    this.state = withoutBad(this.state.records, this.state.meta, seq);
  }
}
