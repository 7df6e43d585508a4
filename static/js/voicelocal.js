// Voice control with no server (a saved routine played on the device): only a recogniser
// the browser runs on the device itself would do, never one that sends the voice to an
// outside service (Chromium's SpeechRecognition does, unless asked to process locally and
// able to). Feature-detected: the answer is why it cannot be used, in words.

export async function onDeviceRecogniser(lang, scope = globalThis) {
  const Recognition = scope.SpeechRecognition || scope.webkitSpeechRecognition;
  const cannot = 'Voice control needs the Limber server: with no connection';
  if (!Recognition || typeof Recognition.available !== 'function') {
    return `${cannot}, this browser has no speech recogniser that works on the device, and `
      + 'Limber never sends your voice anywhere else.';
  }
  let status;
  try {
    status = await Recognition.available({ langs: [lang], processLocally: true });
  } catch (err) {
    status = 'unavailable';
  }
  if (status === 'downloadable' || status === 'downloading') {
    return `${cannot}, this browser's on-device speech pack for this language is not installed.`;
  }
  if (status !== 'available') {
    return `${cannot}, this browser cannot recognise this language on the device.`;
  }
  return `${cannot}, Limber does not yet use this browser's on-device recogniser.`;
}
