import { runDoctor, type DoctorTarget } from '../doctor/doctor.js';
import type { ManagementApi } from '../logto-admin/management-api.js';
import type { MailDeliveryInfo } from '../mail/delivery.js';
import { connectorParts } from '../connectors/connector-parts.js';
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
    // The sink's front that Logto's connector talks to: its SES, SMTP server or mail service.
    sinkJournal: connectorParts[o.mail.connector].sinkJournal(o.mail),
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
