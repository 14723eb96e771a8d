import { runDoctor, type DoctorTarget } from '../doctor/doctor.js';
import type { ManagementApi } from '../logto-admin/management-api.js';
import type { MailDeliveryInfo } from '../mail/delivery.js';
import { diagnoseSmtpDelivery } from '../connectors/smtp/smtp-diagnosis.js';
import { diagnoseHttpDelivery } from '../connectors/http/http-faults.js';
import { diagnoseDelivery } from '../mail/sink/diagnose.js';
import { FailureExplainer } from './explain-failure.js';

/**
 * The explainer for a stack: the mail sink's journal where there is a sink; with real SES, the
 * doctor's SES checks (read-only) for the address; the run's secrets masked in every line.
 */
export function explainerFor(o: {
  api: ManagementApi;
  logto: DoctorTarget['logto'];
  mail: MailDeliveryInfo;
  timeoutScale: number;
}): FailureExplainer {
  const sink = o.mail.mode === 'sink' ? o.mail.sink : undefined;
  const smtp = o.mail.smtp;
  const http = o.mail.http;
  return new FailureExplainer({
    api: o.api,
    // The sink's front that Logto's connector talks to: its SMTP server, or its SES.
    sinkJournal: http
      ? { name: "the sink's HTTP mail service", read: (to) => diagnoseHttpDelivery(http, to) }
      : smtp
        ? { name: "the sink's SMTP server", read: (to) => diagnoseSmtpDelivery(smtp, to) }
        : sink
          ? { name: "the sink's SES", read: (to) => diagnoseDelivery({ ...sink, emulatorLog: o.mail.emulatorLog }, to) }
          : undefined,
    doctor:
      o.mail.mode === 'ses'
        ? async (to) => {
            const lines: string[] = [];
            await runDoctor(
              {
                logto: o.logto,
                inbox: undefined,
                sendsTo: [to],
                sesEndpoint: o.mail.sesEndpoint,
                timeoutScale: o.timeoutScale,
              },
              (line) => lines.push(line),
              { scope: 'ses-account' },
            );
            return lines.filter((l) => l.startsWith('✘') || l.startsWith('⚠'));
          }
        : undefined,
    secrets: [
      o.logto.m2m.clientSecret,
      o.mail.imap.password,
      ...(sink ? [sink.secret] : []),
      ...(smtp ? [smtp.password, smtp.control.secret] : []),
      ...(http ? [http.token, http.control.secret] : []),
    ],
  });
}
