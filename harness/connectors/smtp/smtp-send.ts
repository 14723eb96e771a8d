import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

/** A message as an app's backend sends it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends one mail with the configuration of Logto's SMTP connector, as that connector does it:
 * nodemailer given the config as its transport options (host, port, auth, secure, tls…), from
 * the config's `fromEmail`. Its Message-ID, as the server's 250 named it.
 */
export async function sendWithSmtpConfig(config: Record<string, unknown>, mail: OutgoingMail): Promise<string> {
  const { templates: _templates, fromEmail, replyTo, ...transport } = config;
  const mailer = nodemailer.createTransport(transport as SMTPTransport.Options);
  try {
    const sent = await mailer.sendMail({
      from: String(fromEmail),
      ...(typeof replyTo === 'string' ? { replyTo } : {}),
      ...mail,
    });
    return sent.messageId;
  } finally {
    mailer.close();
  }
}
