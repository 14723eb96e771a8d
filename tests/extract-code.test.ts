import { expect, test } from '@playwright/test';
import { extractCode } from '../harness/mail/mailbox/extract-code.js';
import { uniqueRecipient } from '../harness/mail/mailbox/recipient.js';

test('the code is the one 6-digit number in subject or text', () => {
  expect(extractCode({ subject: 'Your code', text: 'Use 004215 within 10 minutes.' })).toBe('004215');
  expect(extractCode({ subject: 'Code 987654', text: 'Enter 987654 to continue' })).toBe('987654');
});

test('no code: throws with the subject and an excerpt, never guesses', () => {
  expect(() => extractCode({ subject: 'Welcome', text: 'Thanks for joining. Call 12345 or 1234567.' })).toThrow(
    'No 6-digit code in the email "Welcome": "Thanks for joining. Call 12345 or 1234567."',
  );
});

test('two different 6-digit numbers are ambiguous', () => {
  expect(() => extractCode({ subject: 'Codes', text: '111111 or 222222' })).toThrow(
    /Several 6-digit numbers \(111111, 222222\)/,
  );
});

test('recipients are unique plus-addresses of the inbox', () => {
  const a = uniqueRecipient('e2e@example.test', 'Sign up: Thai!');
  const b = uniqueRecipient('e2e@example.test', 'Sign up: Thai!');
  expect(a).toMatch(/^e2e\+sign-up-thai-[0-9a-f]{8}@example\.test$/);
  expect(a).not.toBe(b);
});
