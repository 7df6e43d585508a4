// Keep the screen awake while a session runs. The lock is dropped by the browser whenever
// the page is hidden, so it is requested again when the page becomes visible.

export class WakeLock {
  constructor() {
    this.wanted = false;
    this.sentinel = null;
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.wanted) this._acquire();
    });
  }

  get supported() {
    return 'wakeLock' in navigator;
  }

  set(wanted) {
    if (wanted === this.wanted) return;
    this.wanted = wanted;
    if (wanted) this._acquire();
    else this._release();
  }

  async _acquire() {
    if (!this.supported || this.sentinel || document.visibilityState !== 'visible') return;
    try {
      this.sentinel = await navigator.wakeLock.request('screen');
      this.sentinel.addEventListener('release', () => { this.sentinel = null; });
      if (!this.wanted) this._release();
    } catch (err) {
      this.sentinel = null; // not allowed (battery saver, insecure context): carry on
    }
  }

  _release() {
    const s = this.sentinel;
    this.sentinel = null;
    if (s) s.release().catch(() => {});
  }
}
