// The handout page's script: draw the figures, and let its Print button print.
import { drawHandout } from './handout.js';

drawHandout(document);
const button = document.getElementById('print-now');
if (button) button.addEventListener('click', () => window.print());
