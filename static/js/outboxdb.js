// The outbox's records in IndexedDB, one device id and seq counter per programme link, so
// they survive closing the browser. A record and its seq are written in one transaction;
// transactions on the same stores run in the order they are made, so seqs follow the order
// of the calls. The numbering rules are outbox.js's.
import { numbered, withoutBad } from './outbox.js';

const DB_NAME = 'limber-outbox';

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function finished(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('the outbox could not be written'));
  });
}

export async function openOutbox(key, newDeviceId) {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore('meta', { keyPath: 'key' });
    open.result.createObjectStore('records', { keyPath: ['key', 'seq'] });
  };
  const db = await done(open);
  const storage = new IdbStorage(db, key);
  const tx = db.transaction('meta', 'readwrite');
  const meta = await done(tx.objectStore('meta').get(key));
  if (!meta) tx.objectStore('meta').put({ key, device_id: newDeviceId(), next_seq: 1 });
  await finished(tx);
  return storage;
}

export class IdbStorage {
  constructor(db, key) {
    this.db = db;
    this.key = key;
  }

  _range(through = Number.MAX_SAFE_INTEGER) {
    return IDBKeyRange.bound([this.key, 0], [this.key, through]);
  }

  async meta() {
    const tx = this.db.transaction('meta', 'readonly');
    return done(tx.objectStore('meta').get(this.key));
  }

  add(kind, fields, stamp) {
    const tx = this.db.transaction(['meta', 'records'], 'readwrite');  // made now: in order
    let record = null;
    tx.objectStore('meta').get(this.key).onsuccess = (ev) => {
      const out = numbered(ev.target.result, kind, fields, stamp);
      record = out.record;
      tx.objectStore('meta').put({ ...out.meta, key: this.key });
      tx.objectStore('records').put({ key: this.key, seq: record.seq, record });
    };
    return finished(tx).then(() => record);
  }

  async pending() {
    const tx = this.db.transaction('records', 'readonly');
    const rows = await done(tx.objectStore('records').getAll(this._range()));
    return rows.map((row) => row.record);
  }

  async drop(ackedThrough) {
    if (ackedThrough < 1) return;
    const tx = this.db.transaction('records', 'readwrite');
    tx.objectStore('records').delete(this._range(ackedThrough));
    await finished(tx);
  }

  async dropBad(seq) {
    const tx = this.db.transaction(['meta', 'records'], 'readwrite');
    const metaStore = tx.objectStore('meta');
    const store = tx.objectStore('records');
    const meta = await done(metaStore.get(this.key));
    const rows = await done(store.getAll(this._range()));
    const out = withoutBad(rows.map((r) => r.record), meta, seq);
    store.delete(this._range());
    for (const record of out.records) store.put({ key: this.key, seq: record.seq, record });
    metaStore.put({ ...out.meta, key: this.key });
    await finished(tx);
  }
}
