// GET /v2/phone_numbers: an ordinary Telnyx resource behind an ordinary scope (numbers.read). Each user
// owns a fixed set of fake numbers derived from their name: the same on every run, and always more
// than one default page (20), so paging shows.
import { createHash } from 'node:crypto';

const MIN_NUMBERS = 21;
const SPREAD = 15;
/** A fixed creation date: the list must not change between runs. */
const CREATED_AT = '2026-01-15T09:30:00.000Z';

/**
 * The user's phone numbers, as Telnyx `phone_number` records (a subset of the fields).
 * @param {string} accountId
 */
export function phoneNumbersOf(accountId) {
  const seed = createHash('sha256').update(accountId).digest();
  const count = MIN_NUMBERS + (seed[0] % SPREAD);
  return Array.from({ length: count }, (_, i) => {
    // 555-01xx numbers are reserved for fiction (North American Numbering Plan).
    const area = 200 + (seed[(i % 30) + 1] % 800);
    const number = `+1${area}55501${String(i).padStart(2, '0')}`;
    return {
      record_type: 'phone_number',
      id: createHash('sha256').update(`${accountId}:${i}`).digest().readBigUInt64BE(0).toString(),
      phone_number: number,
      status: 'active',
      tags: [],
      connection_id: null,
      messaging_profile_id: null,
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
    };
  });
}
