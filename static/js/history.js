// The history page's times, in the reader's own time zone (the server writes UTC).
import { localTime } from './format.js';

const times = document.querySelectorAll('time[datetime]');
for (const t of times) t.textContent = localTime(t.getAttribute('datetime'));
const zone = document.getElementById('zone');
if (zone && times.length) zone.textContent = 'Times are in this device\'s time zone.';
