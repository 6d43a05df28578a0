import { describe, expect, it } from 'vitest';
import { starterFollowUp } from '../../../src/renderer/src/features/followup/starter.ts';
import { kaisa } from '../../../src/shared/providers/kaisa.ts';

describe('the first follow-up the workbench offers', () => {
  it("is the environment's API base when there is one", () => {
    expect(starterFollowUp(kaisa.id, 'https://api.example.com/v1').url).toBe('https://api.example.com/v1');
  });
  it("is else the example call of the request's profile, with the token as its Bearer", () => {
    const followUp = starterFollowUp(kaisa.id, '');
    expect(followUp.url).toBe('https://api.analytics.freespee.com/v3/customers');
    expect(followUp.headers).toContainEqual(['Authorization', 'Bearer {{token}}']);
  });
  it('is a bare https:// for a profile without one', () => {
    expect(starterFollowUp('oauth2', '').url).toBe('https://');
  });
});
