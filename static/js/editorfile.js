// A handout chosen as a file: its text, as the server's parser would read the same bytes
// (UTF-8, else Windows-1252 as Word saves it). The server says what is wrong with the text;
// a file over the server's cap on a request (`maxBytes`, in the page) is not read at all.
export async function handoutText(file, maxBytes) {
  if (!/\.(txt|md)$/i.test(file.name)) throw new Error('Choose a .txt or .md file.');
  if (file.size > maxBytes) {
    throw new Error(`That file is over ${Math.floor(maxBytes / 1024)} KB: a handout is a few pages of plain text.`);
  }
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch (err) {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
