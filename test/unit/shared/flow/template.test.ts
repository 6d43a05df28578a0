import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/domain/errors.ts';
import type { Profile } from '../../../../src/shared/domain/profile.ts';
import { TemplateRenderer } from '../../../../src/shared/flow/template.ts';

const profile: Profile = {
  id: 'template-probe',
  name: 'Template probe',
  summary: 'A profile for the renderer alone.',
  docs: {},
  fields: [{ name: 'clientId', label: 'Client ID', type: 'text' }],
  steps: [
    {
      kind: 'http',
      id: 'grant',
      title: 'Log in',
      expect: 'redirect',
      request: { method: 'POST', url: 'https://example.com/grant' },
    },
  ],
  diagnoses: [],
};

function thrown(render: () => unknown): AppError {
  try {
    render();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('it did not throw');
}

describe('TemplateRenderer', () => {
  it('fills fields and the outputs of a step that ran', () => {
    const vars = new Map([['steps.grant.code', { value: 'abc' }]]);
    expect(new TemplateRenderer(profile, { clientId: 'cid' }, vars).render('{{clientId}}:{{steps.grant.code}}')).toBe(
      'cid:abc',
    );
  });

  it('an output of a real step that has not run (or the server left out) is empty', () => {
    expect(new TemplateRenderer(profile, {}).render('[{{steps.grant.state}}]')).toBe('[]');
  });

  it('a misspelled step is an error naming the placeholder, not an empty string', () => {
    const error = thrown(() => new TemplateRenderer(profile, {}).render('code={{steps.grnat.code}}'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('{{steps.grnat.code}}');
    expect(error.message).toContain('template-probe');
  });

  it('an unknown name is an error naming the placeholder', () => {
    const error = thrown(() => new TemplateRenderer(profile, {}).render('{{clientid}}'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('{{clientid}}');
  });
});
