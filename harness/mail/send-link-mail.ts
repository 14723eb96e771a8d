import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { SesConnectorConfig } from '../logto-admin/setup/ses-connector.js';

/**
 * A magic link mailed as a team's backend mails it: through the SES account the tenant's
 * connector uses (its keys, region and sender; the mail sink's endpoint where there is one),
 * HTML with the link. Logto mails no link of its own.
 */
export async function sendLinkMail(o: {
  connector: SesConnectorConfig;
  sesEndpoint: string | undefined;
  to: string;
  link: string;
  subject?: string;
}): Promise<string> {
  const client = new SESv2Client({
    region: o.connector.region,
    credentials: { accessKeyId: o.connector.accessKeyId, secretAccessKey: o.connector.accessKeySecret },
    ...(o.sesEndpoint ? { endpoint: o.sesEndpoint } : {}),
  });
  try {
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: o.connector.emailAddress,
        Destination: { ToAddresses: [o.to] },
        Content: {
          Simple: {
            Subject: { Data: o.subject ?? 'Your sign-in link', Charset: 'utf8' },
            // A text part beside the HTML, as inboxes expect (HTML alone costs spam points).
            Body: {
              Text: { Data: `Sign in with one click: ${o.link}\nThe link works once.`, Charset: 'utf8' },
              Html: {
                Data: `<p>Sign in with one click: <a href="${o.link.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}">sign in</a>. The link works once.</p>`,
              },
            },
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
