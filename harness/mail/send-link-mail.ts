import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailConnectorSetup } from '../connectors/logto-email-connector.js';
import { sesConnectorId, type SesConnectorConfig } from '../connectors/ses/ses-connector.js';
import { sendWithSmtpConfig } from '../connectors/smtp/smtp-send.js';
import { emailConnectors } from '../connectors/email-connectors.js';
import { smtpConfigFromHarness } from '../connectors/smtp/smtp-connector.js';
import { httpConfigFromHarness } from '../connectors/http/http-connector.js';
import type { SinkReach } from '../connectors/sink-reach.js';

/**
 * A magic link mailed as a team's backend mails it: through the provider the tenant's email
 * connector uses (the SES account's keys, region and sender, the mail sink's endpoint where there
 * is one; or the SMTP server, its account and sender), HTML and text with the link. Logto mails no
 * link of its own.
 */
export async function sendLinkMail(o: {
  connector: EmailConnectorSetup;
  sesEndpoint: string | undefined;
  /** Where the harness reaches the sink's servers Logto's connector names (containers mode). */
  reach?: SinkReach | undefined;
  to: string;
  link: string;
  subject?: string;
}): Promise<string> {
  const subject = o.subject ?? 'Your sign-in link';
  // A text part beside the HTML, as inboxes expect (HTML alone costs spam points).
  const text = `Sign in with one click: ${o.link}\nThe link works once.`;
  const html = `<p>Sign in with one click: <a href="${o.link.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}">sign in</a>. The link works once.</p>`;
  if (o.connector.factoryId === emailConnectors.http.factoryId) {
    return postToMailService(httpConfigFromHarness(o.connector.config, o.reach), { to: o.to, link: o.link });
  }
  if (o.connector.factoryId !== sesConnectorId) {
    return sendWithSmtpConfig(smtpConfigFromHarness(o.connector.config, o.reach), { to: o.to, subject, text, html });
  }
  return sendThroughSes(o.connector.config as unknown as SesConnectorConfig, o.sesEndpoint, {
    to: o.to,
    subject,
    text,
    html,
  });
}

/** As a team's backend asks its mail service (the one Logto's HTTP connector posts to): a MagicLink mail. */
async function postToMailService(config: Record<string, unknown>, o: { to: string; link: string }): Promise<string> {
  const response = await fetch(String(config.endpoint), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(typeof config.authorization === 'string' ? { authorization: config.authorization } : {}),
    },
    body: JSON.stringify({ to: o.to, type: 'MagicLink', payload: { link: o.link } }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`The mail service answered ${response.status}: ${await response.text()}`);
  return '';
}

async function sendThroughSes(
  connector: SesConnectorConfig,
  sesEndpoint: string | undefined,
  mail: { to: string; subject: string; text: string; html: string },
): Promise<string> {
  const o = { connector, sesEndpoint };
  const client = new SESv2Client({
    region: o.connector.region,
    credentials: { accessKeyId: o.connector.accessKeyId, secretAccessKey: o.connector.accessKeySecret },
    ...(o.sesEndpoint ? { endpoint: o.sesEndpoint } : {}),
  });
  try {
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: o.connector.emailAddress,
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'utf8' },
            Body: { Text: { Data: mail.text, Charset: 'utf8' }, Html: { Data: mail.html } },
          },
        },
        ...(o.connector.configurationSetName ? { ConfigurationSetName: o.connector.configurationSetName } : {}),
      }),
    );
    return sent.MessageId ?? '';
  } finally {
    client.destroy();
  }
}
