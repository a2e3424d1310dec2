/**
 * Cost of one phone normalisation, fast path (strict E.164 + cheap check) against the full
 * libphonenumber parse. Run: npx tsx bench/phone.bench.ts (prints figures, asserts nothing).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizePhone, parsePhoneFully } from '../lib/import/rows/phone';
import { isValidE164 } from '../lib/import/rows/phone-e164-check';
import { measure, report } from './bench-util';

const N = 200_000;
const pad = (i: number, width: number) => String(i % 10 ** width).padStart(width, '0');
// Numbers of several plans, so the regex caches see what a real file gives them.
const e164 = Array.from({ length: 1000 }, (_, i) => [
  `+1415555${pad(i, 4)}`, `+3361234${pad(i, 4)}`, `+44121496${pad(i, 4)}`, `+4930123${pad(i, 5)}`,
][i % 4]);
const national = Array.from({ length: 1000 }, (_, i) => `(415) 555-${pad(i, 4)}`);
const formatted = Array.from({ length: 1000 }, (_, i) => `+44 121 496 ${pad(i, 4)}`);

report('libphonenumber parse + isValid, E.164', measure((i) => parsePhoneNumberFromString(e164[i % 1000])?.isValid(), N));
report('cheap check only (isValidE164)', measure((i) => isValidE164(e164[i % 1000]), N));
report('normalizePhone, E.164 (fast path)', measure((i) => normalizePhone(e164[i % 1000], null, 'US'), N));
report('parsePhoneFully, same E.164 (no fast path)', measure((i) => parsePhoneFully(e164[i % 1000], 'US'), N));
report('normalizePhone, "(415) 555-0123" national', measure((i) => normalizePhone(national[i % 1000], null, 'US'), N));
report('normalizePhone, "+44 121 496 0123" formatted', measure((i) => normalizePhone(formatted[i % 1000], null, 'US'), N));
report('normalizePhone, "+1 321 555 9872 x 123" extension', measure(() => normalizePhone('+1 321 555 9872 x 123', null, 'US'), N));
report('parsePhoneFully, "+44 121 496 0123" (no fast path)', measure((i) => parsePhoneFully(formatted[i % 1000], 'US'), N));
