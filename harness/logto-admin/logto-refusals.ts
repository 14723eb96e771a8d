/**
 * What Logto's refusals mean, in words: its error code alone ("verification_code.code_mismatch")
 * says little to someone reading a red test at night.
 */
const meanings: Record<string, string> = {
  'connector.invalid_response':
    "the email connector's provider refused the send (Logto 1.42 says only this; the provider's own words follow)",
  'connector.general': 'the email connector failed (its own words follow)',
  'connector.template_not_found':
    'the email connector has no template for this usage (and none for Generic to fall back on)',
  'verification_code.code_mismatch': 'the code is not the one Logto sent last (a wrong, mistyped or older code)',
  'verification_code.expired':
    "the code's lifetime is over (the sign-in experience's verificationCodePolicy.expirationDuration)",
  'verification_code.exceed_max_try':
    'too many wrong tries for this code (verificationCodePolicy.maxRetryAttempts): a new code is needed',
  'verification_code.not_found':
    'Logto has no code for this address in this interaction (none was sent, or it was used)',
  'session.verification_blocked_too_many_attempts':
    "Logto's sentinel blocked this address after too many failed attempts (5 within an hour by default)",
  'session.verification_session_not_found':
    'the verification this step needs was not found (the session moved on or expired)',
  'request.message_rate_limited':
    'Logto refuses more code mails to this address for now (10 per address per 10 minutes in 1.41+)',
  'guard.invalid_input': 'Logto refused the request as malformed',
  'user.email_already_in_use': 'a user with this email exists already (sign in instead)',
  'user.user_not_exist': 'no user has this email, and sign-up is off',
  'session.not_found': "Logto's interaction session was not found (the browser lost its cookie, or it expired)",
};

/** Logto's error code with what it means, e.g. "verification_code.expired (the code's lifetime is over …)". */
export function describeLogtoCode(code: string | undefined): string {
  if (!code) return 'no error code';
  const meaning = meanings[code];
  return meaning ? `${code} (${meaning})` : code;
}
