// The microphone for voice control: captured with echo cancellation, noise suppression and
// auto gain, made into 16 kHz int16 pieces by the audio worklet (voiceworklet.js), each
// piece handed to onChunk; onInterrupted('ended' | 'muted') when the system takes it.
const WORKLET_URL = '/static/js/voiceworklet.js';
const RESUME_WAIT_MS = 1000;

// Resolves {stream, ctx, node}; rejects with the browser's error (NotAllowedError, ...) or
// NeedsTap when the page has had no tap yet to wake its audio.
export async function openCapture({ onChunk, onInterrupted }) {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1,
    },
  });
  const ctx = new AudioContext();
  const capture = { stream, ctx, node: null };
  try {
    await ctx.audioWorklet.addModule(WORKLET_URL);
    const node = new AudioWorkletNode(ctx, 'limber-voice');
    ctx.createMediaStreamSource(stream).connect(node);
    node.connect(ctx.destination); // pulls the graph; the node itself outputs silence
    node.port.onmessage = (ev) => onChunk(ev.data);
    capture.node = node;
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => onInterrupted('ended'));
      track.addEventListener('mute', () => onInterrupted('muted'));
    }
    if (ctx.state === 'suspended') {
      // Without a tap on this page yet, the browser keeps the audio context asleep (and
      // resume() waits for a tap): say so instead of listening to nothing.
      await Promise.race([ctx.resume(), new Promise((ok) => { setTimeout(ok, RESUME_WAIT_MS); })]);
      if (ctx.state === 'suspended') throw Object.assign(new Error('asleep'), { name: 'NeedsTap' });
    }
  } catch (err) {
    closeCapture(capture);
    throw err;
  }
  return capture;
}

export function closeCapture({ stream, ctx, node }) {
  if (node) node.port.onmessage = null;
  for (const track of stream.getTracks()) track.stop();
  ctx.close().catch(() => { /* already closed */ });
}
