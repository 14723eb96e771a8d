// How the mail sink's SES hands a mail on, as SES sends it: DKIM-signed for the sender's domain
// with the identity's key when its DKIM is SUCCESS, and by amazonses.com (as SES always signs);
// the envelope sender (Return-Path) on SES's MAIL FROM domain, or the identity's custom one;
// SES's Message-ID, Feedback-ID and X-SES-Outgoing; then received as an inbox's MX would, with
// its Received line naming SES's sending host. And the DNS zone those mails are judged against
// (DKIM keys, SPF, DMARC, MAIL FROM MX/SPF), per the account's state, for the harness's verifier.
// Plain Node, with the emulator's own nodemailer: it runs as is in local mode and in the image.
/* global Buffer */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';

/** SES's sending addresses (its SPF record's), and the host that "sent" every mail. */
export const sesSendingHost = { name: 'a8-20.smtp-out.amazonses.com', ip: '54.240.8.20' };
const sesSpf =
  'v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 ip4:23.249.208.0/20 ip4:23.251.224.0/19 ip4:76.223.176.0/20 ip4:54.240.64.0/19 ip4:54.240.96.0/19 -all';

/** The domain's Easy DKIM (three tokens, as SES gives them) and amazonses.com's own key: made per sink. */
export function makeKeys() {
  const key = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    };
  };
  const token = () => randomBytes(16).toString('hex');
  return { domain: key(), tokens: [token(), token(), token()], ses: key(), sesSelector: token() };
}

const domainOf = (address) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * The DNS zone a domain publishes after the guide (and SES's own records), per the account's
 * state: the DKIM CNAMEs only where the identity's DKIM is SUCCESS (FAILED: the records are
 * gone); SPF and DMARC (p=quarantine) for the domain; the custom MAIL FROM's MX and SPF.
 * Names → { TXT: string[][], CNAME: string[], MX: {exchange, priority}[] }.
 */
export function zoneOf(account, keys, others = []) {
  const zone = {};
  const add = (name, type, value) => {
    const node = (zone[name.toLowerCase()] ??= {});
    (node[type] ??= []).push(value);
  };
  add('amazonses.com', 'TXT', [sesSpf]);
  add(`${keys.sesSelector}._domainkey.amazonses.com`, 'TXT', [`v=DKIM1; k=rsa; p=${keys.ses.publicKey}`]);
  for (const [identity, status] of Object.entries(account.identities)) {
    if (identity.includes('@')) continue;
    add(identity, 'TXT', ['v=spf1 include:amazonses.com ~all']);
    if (account.dmarcPolicy !== 'absent') {
      add(`_dmarc.${identity}`, 'TXT', [`v=DMARC1; p=${account.dmarcPolicy}; rua=mailto:dmarc-reports@${identity}`]);
    }
    for (const token of keys.tokens) {
      add(`${token}.dkim.amazonses.com`, 'TXT', [`v=DKIM1; k=rsa; p=${keys.domain.publicKey}`]);
      if (status.dkim === 'SUCCESS') add(`${token}._domainkey.${identity}`, 'CNAME', `${token}.dkim.amazonses.com`);
    }
    // A custom MAIL FROM in use (by the account, or a test's own state) has its records published.
    const mailFrom = new Set(
      [account, ...others].map((a) => a.mailFromDomain).filter((d) => d?.endsWith(`.${identity}`)),
    );
    for (const domain of mailFrom) {
      add(domain, 'MX', { exchange: 'feedback-smtp.us-east-1.amazonses.com', priority: 10 });
      add(domain, 'TXT', ['v=spf1 include:amazonses.com ~all']);
    }
  }
  return zone;
}

/**
 * One accepted mail, as SES sends it and an inbox's MX receives it: signed, SES's headers, the
 * envelope sender on the MAIL FROM domain, the MX's Received line on top; then into Dovecot.
 * `email` is the emulator's record of the send (from, destination, subject, body, messageId).
 */
export async function deliverAsSes(nodemailer, { lmtp, email, account, keys, region }) {
  const from = String(email.from);
  const fromDomain = domainOf(from.replace(/^.*<(.+)>$/, '$1'));
  const identity = account.identities[fromDomain];
  const id = email.messageId;
  const mailFrom =
    account.mailFromDomain && account.mailFromDomain.endsWith(`.${fromDomain}`)
      ? account.mailFromDomain
      : region === 'us-east-1'
        ? 'amazonses.com'
        : `${region}.amazonses.com`;
  const dkim = [
    ...(identity?.dkim === 'SUCCESS'
      ? [{ domainName: fromDomain, keySelector: keys.tokens[0], privateKey: keys.domain.privateKey }]
      : []),
    { domainName: 'amazonses.com', keySelector: keys.sesSelector, privateKey: keys.ses.privateKey },
  ];
  const recipients = [
    ...(email.destination?.to ?? []),
    ...(email.destination?.cc ?? []),
    ...(email.destination?.bcc ?? []),
  ];
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '.');
  const { message } = await composer.sendMail({
    from,
    to: email.destination?.to,
    cc: email.destination?.cc,
    subject: email.subject,
    ...(email.body?.html ? { html: email.body.html } : {}),
    ...(email.body?.text ? { text: email.body.text } : {}),
    ...(email.replyTo?.length ? { replyTo: email.replyTo } : {}),
    messageId: `<${email.messageId}@email.amazonses.com>`,
    headers: {
      'Feedback-ID': `1.${region}.${createHash('sha256').update(fromDomain).digest('base64').slice(0, 43)}=:AmazonSES`,
      'X-SES-Outgoing': `${today}-${sesSendingHost.ip}`,
    },
    dkim: { keys: dkim },
  });
  const received = `Received: from ${sesSendingHost.name} (${sesSendingHost.name} [${sesSendingHost.ip}])\r\n\tby mx.mail-sink.test (mail sink) with ESMTPS id ${id.slice(0, 12)}\r\n\tfor <${recipients[0] ?? ''}>; ${new Date().toUTCString().replace('GMT', '+0000')}\r\n`;
  await lmtp.sendMail({
    envelope: { from: `${id}@${mailFrom}`, to: recipients },
    raw: Buffer.concat([Buffer.from(received), message]),
  });
}
