import { expectOk, type ManagementApi } from './management-api.js';
import { emailConnectors, type MailConnectorName } from '../connectors/email-connectors.js';

/** What a run may change on a Logto it did not start: its email connector and sign-in experience. */
export interface TenantState {
  emailConnectors: { connectorId: string; config: Record<string, unknown> }[];
  signInExperience: Record<'signInMode' | 'signUp' | 'signIn' | 'verificationCodePolicy', unknown>;
}

export const signInFields = ['signInMode', 'signUp', 'signIn', 'verificationCodePolicy'] as const;
const requiredUsages = ['Register', 'SignIn', 'ForgotPassword', 'Generic'];

export async function readTenantState(api: ManagementApi): Promise<TenantState> {
  const [connectors, experience] = await Promise.all([
    expectOk('Read the connectors', api.GET('/api/connectors')),
    expectOk('Read the sign-in experience', api.GET('/api/sign-in-exp')),
  ]);
  return {
    emailConnectors: connectors
      .filter((c) => c.type === 'Email')
      .map((c) => ({ connectorId: c.connectorId, config: c.config as Record<string, unknown> })),
    signInExperience: Object.fromEntries(
      signInFields.map((f) => [f, (experience as Record<string, unknown>)[f]]),
    ) as TenantState['signInExperience'],
  };
}

/**
 * How the tenant differs from the guide's setup (MAIL_CONNECTOR's email connector, AWS SES by
 * default, with a template per usage where Logto renders the mail; sign-up and sign-in by email and verification code): one line per setting, with what
 * the guide expects and what was found. Empty: the specs can run on it as it is.
 */
export function differencesFromGuide(state: TenantState, connector: MailConnectorName = 'ses'): string[] {
  const out: string[] = [];
  const email = state.emailConnectors[0];
  const expected = emailConnectors[connector];
  if (email?.connectorId !== expected.factoryId) {
    out.push(
      `email connector: expected ${expected.factoryId} (${expected.what}, MAIL_CONNECTOR=${connector}), found ${email?.connectorId ?? 'none'}`,
    );
  } else if (expected.logtoRenders) {
    // A connector whose service renders the mail (HTTP) carries no templates to check.
    const usages = ((email.config.templates ?? []) as { usageType?: string }[]).map((t) => t.usageType);
    const missing = requiredUsages.filter((u) => !usages.includes(u));
    if (missing.length > 0)
      out.push(`email connector templates: expected ${requiredUsages.join(', ')}, missing ${missing.join(', ')}`);
  }
  const { signInMode, signUp, signIn } = state.signInExperience as {
    signInMode: string;
    signUp: { identifiers: string[]; verify: boolean; password: boolean };
    signIn: { methods: { identifier: string; verificationCode: boolean }[] };
  };
  if (signInMode !== 'SignInAndRegister') out.push(`sign-in mode: expected SignInAndRegister, found ${signInMode}`);
  if (!(signUp.identifiers.includes('email') && signUp.verify && !signUp.password)) {
    out.push(
      `sign-up: expected email, verified, no password; found ${signUp.identifiers.join('+') || 'none'}${signUp.verify ? ', verified' : ''}${signUp.password ? ', password' : ''}`,
    );
  }
  if (!signIn.methods.some((m) => m.identifier === 'email' && m.verificationCode)) {
    out.push(
      `sign-in: expected email with verification code, found ${signIn.methods.map((m) => `${m.identifier}${m.verificationCode ? '+code' : ''}`).join(', ') || 'none'}`,
    );
  }
  return out;
}
