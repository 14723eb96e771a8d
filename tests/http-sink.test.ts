import { expect } from '@playwright/test';
import { httpConnectorSetup } from '../harness/connectors/http/http-connector.js';
import { diagnoseHttpDelivery } from '../harness/connectors/http/http-faults.js';
import { defaultEmailTemplates } from '../harness/logto-admin/email-templates.js';
import { extractCode } from '../harness/mail/mailbox/extract-code.js';
import type { MailSink } from '../harness/mail/sink/mail-sink.js';
import { listenersOf } from './helpers/listening.js';
import { sinkTest } from './helpers/sink-test.js';

const test = sinkTest({ http: { templates: defaultEmailTemplates } });

/** Posts as Logto's HTTP email connector does: JSON {to, type, payload}, its Authorization header. */
function postAsLogto(sink: MailSink, to: string, type: string, authorization?: string) {
  const { config } = httpConnectorSetup(sink.http!);
  return fetch(String(config.endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: authorization ?? String(config.authorization) },
    body: JSON.stringify({ to, type, payload: { code: '731905', locale: 'en' } }),
  });
}

test.describe("the mail sink's HTTP mail service: Logto's HTTP email connector's post → a rendered mail → LMTP → IMAP", () => {
  test('a post is rendered by its usage type (Generic for a type without a template) and arrives', async ({
    sink,
    mailbox,
    to,
  }) => {
    expect((await postAsLogto(sink, to, 'SignIn')).status).toBe(204);
    const signIn = await mailbox.waitForEmail({ to, timeout: 5000 });
    expect([signIn.subject, extractCode(signIn)]).toEqual(['SignIn: your verification code', '731905']);
    expect((await postAsLogto(sink, to, 'BindMfa')).status).toBe(204);
    const bindMfa = await mailbox.waitForEmail({ to, afterUid: signIn.uid, timeout: 5000 });
    expect(bindMfa.subject).toBe('Generic: your verification code');
  });

  test('a wrong token is refused (401) and sends nothing; the controls need the run’s secret; 127.0.0.1 only', async ({
    sink,
    mailbox,
    to,
  }) => {
    const refused = await postAsLogto(sink, to, 'SignIn', 'Bearer not-the-token');
    expect([refused.status, await refused.text()]).toEqual([401, 'mail service: the token is not valid']);
    await expect(mailbox.waitForEmail({ to, timeout: 1000 })).rejects.toThrow();
    expect(await diagnoseHttpDelivery(sink.http!, to)).toContain('got no post');
    expect((await fetch(`${sink.http!.control.sesEndpoint}/_faults/journal?to=${to}`)).status).toBe(403);
    const port = Number(new URL(sink.http!.endpoint).port);
    expect(
      listenersOf(sink.pids())
        .filter((l) => l.port === port)
        .map((l) => l.address),
    ).toEqual(['127.0.0.1']);
  });
});
