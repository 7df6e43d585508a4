// The audio worklet of voice control: the microphone's first channel, resampled to 16 kHz
// int16 and posted to the page in 20 ms pieces (voicepcm.js), each buffer transferred.
import { Resampler, Chunker } from './voicepcm.js';

class VoiceCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    // `sampleRate` is the audio context's rate, a global of the worklet scope.
    this.resampler = new Resampler(sampleRate);
    this.chunker = new Chunker();
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      for (const chunk of this.chunker.push(this.resampler.push(channel))) {
        this.port.postMessage(chunk.buffer, [chunk.buffer]);
      }
    }
    return true;
  }
}

registerProcessor('limber-voice', VoiceCapture);
