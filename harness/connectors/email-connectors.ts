/**
 * The email connectors the harness drives Logto through: one row each. A connector's own parts
 * (its Logto configuration, its front in the mail sink, its faults) live in its folder beside
 * this file; the rest of the harness asks this table (docs/architecture.md: adding one).
 */
export const emailConnectors = {
  ses: {
    what: 'AWS SES',
    /** Logto's connector factory. */
    factoryId: 'aws-ses-mail',
    /** The sink's SES emulator serves it: SES faults, account states, the mail signed as SES signs. */
    sesSink: true,
    /** What each of its templates carries beside usageType, subject and content. */
    templateFields: {},
    /** Logto renders the mail (its connector's templates, its templates by language). */
    logtoRenders: true,
  },
  smtp: {
    what: 'SMTP',
    factoryId: 'simple-mail-transfer-protocol',
    sesSink: false,
    templateFields: { contentType: 'text/html' },
    logtoRenders: true,
  },
  http: {
    what: 'HTTP email',
    factoryId: 'http-email',
    sesSink: false,
    templateFields: {},
    // Logto posts the usage type, the code and the locale: the service renders the mail.
    logtoRenders: false,
  },
} as const satisfies Record<
  string,
  { what: string; factoryId: string; sesSink: boolean; templateFields: Record<string, string>; logtoRenders: boolean }
>;

export type MailConnectorName = keyof typeof emailConnectors;
/** MAIL_CONNECTOR's values, from the table. */
export const mailConnectorNames = Object.keys(emailConnectors) as [MailConnectorName, ...MailConnectorName[]];
