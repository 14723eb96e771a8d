// The harness's one entry for programs (bench, scripts) and the fixtures. First, so `.env` is
// applied and files are private before any setting is read.
import './config/load-env.js';

// Settings: read once at the edge; the rest are plain functions of them.
export { readHarnessSettings, harnessSchema, type HarnessSettings } from './settings.js';
export { expects, required, SettingError, setting, type Settings } from './config/settings.js';
export { scaled } from './config/timeouts.js';
export { headedRun } from './config/headed-run.js';
export { writeSecretFile } from './config/secret-file.js';
export { stackSettings, type StackSettings } from './stack/stack-settings.js';
export { appUnderTest, appContract, type AppUnderTestOptions } from './app-under-test/app-settings.js';
export { sesConnectorConfig } from './connectors/ses/ses-settings.js';
export { externalInbox, hasExternalInbox, type ExternalInbox } from './mail/mailbox/imap-settings.js';

// A stack: chosen, started, recorded for reuse, connected.
export { selectMode } from './stack/select-mode.js';
export { stackModes, stackModeNames, type StackMode } from './stack/stack-modes.js';
export { externalLogtoTarget } from './stack/external/external-target.js';
export { startStack, type RunningStack, type StackInfo } from './stack/start-stack.js';
export { findReusableStack, recordStack } from './stack/stack-registry.js';
export { readStackInfo } from './stack/stack-info.js';
export { logtoDown } from './stack/logto-health.js';
export { isLogtoInstallation } from './stack/local/logto-installation.js';
export { connectHarness, type Harness } from './connect-harness.js';

// Logto, through its Management API.
export { connectManagementApi, expectOk, type ManagementApi } from './logto-admin/management-api.js';
export { UserFactory } from './logto-admin/users.js';
export { LogtoSessions, type LogtoAccount } from './logto-admin/logto-sessions.js';
export { TenantSettings } from './logto-admin/tenant-settings.js';
export { logtoTime, waitForLogtoTime } from './logto-admin/logto-clock.js';
export { otherLiveRuns } from './logto-admin/setup/run-app.js';
export { runSetup } from './logto-admin/setup/run-setup.js';
export { readSesConnectorConfig, sesConnectorSetup, type SesConnectorConfig } from './connectors/ses/ses-connector.js';
export { connectorParts } from './connectors/connector-parts.js';
export {
  readEmailConnector,
  sendConnectorTestEmail,
  type EmailConnectorSetup,
} from './connectors/logto-email-connector.js';
export { emailConnectors, mailConnectorNames, type MailConnectorName } from './connectors/email-connectors.js';
export { smtpConnectorSetup } from './connectors/smtp/smtp-connector.js';
export { sendWithSmtpConfig } from './connectors/smtp/smtp-send.js';

// Mail: the sink, the inbox, SES faults.
export { Mailbox, MailTimeoutError } from './mail/mailbox/mailbox.js';
export { Inbox, type Attach } from './mail/mailbox/inbox.js';
export { fixedRecipient, uniqueRecipient } from './mail/mailbox/recipient.js';
export { anotherCode, extractCode } from './mail/mailbox/extract-code.js';
export type { ReceivedEmail } from './mail/mailbox/received-email.js';
export { openMailRenderer, renderEmailPng } from './mail/mailbox/render-email.js';
export { mailboxOptions } from './mail/delivery.js';
export { realResolver, sinkResolver, type Resolver } from './mail/judging/mail-dns.js';
export { mailJudge, type MailJudge } from './mail/judging/mail-judge.js';
export { scoreMail, type SpamReport } from './mail/judging/spam-score.js';
export { verifyMail, type MailAuthentication } from './mail/judging/verify-mail.js';
export { startMailSink } from './mail/sink/mail-sink.js';
export { sendLikeConnector } from './connectors/ses/send-like-connector.js';
export {
  faultSwitchFor,
  sesAcceptedTimes,
  type SesFault,
  type SesFaultOptions,
  type SesFaultSwitch,
} from './connectors/ses/ses-faults.js';

// The canary: its settings, history, verdict, metrics and trend report.
export { canarySettings, type CanarySettings } from './canary/canary-settings.js';
export {
  canaryStages,
  stageNames,
  targetKey,
  type CanaryRun,
  type CanaryStage,
  type CanaryTarget,
} from './canary/canary-run.js';
export { appendRun, readHistory } from './canary/history.js';
export { judge, judgeHistory, type RegressionCheck, type RegressionRule, type Verdict } from './canary/verdict.js';
export { toOpenMetrics, writeMetricsFile } from './canary/openmetrics.js';
export { renderTrendReport } from './canary/trend-report.js';
export { logtoSendLogId, logtoVersion, sesMessageIdOf, sinkMessageId } from './canary/send-record.js';
export { mailClocks } from './canary/mail-clocks.js';

// The doctor: a deployment's setup and its SES account, read-only.
export { reusedAddresses, runDoctor, type DoctorReport, type DoctorTarget } from './doctor/doctor.js';
export type { RecordedCall } from './doctor/doctor-check.js';
export { setSesAccount, sesAccountPresets, type SesAccountPreset } from './connectors/ses/ses-account.js';

// The app under test.
export {
  missingCapability,
  redirectUrisFor,
  type AppCapability,
  type AppContract,
} from './app-under-test/app-contract.js';
export { startCommandApp } from './app-under-test/command-app.js';
export { handoverEnv, withoutHarnessSecrets, type AppHandover } from './app-under-test/running-app.js';

// The browser.
export { chromiumLaunchOptions, stackOnlyLaunchOptions } from './browser.js';
export { attachFailureScreenshots, testFailed } from './reporting/failure-screenshot.js';

// Processes: ports, waits, cleanup on every way out.
export { freePort, freePorts } from './process/free-port.js';
export { httpAnswers, waitUntil } from './process/wait.js';
export { hostHandlesSignals, removeDirOnExit } from './process/cleanup.js';
export { ManagedProcess } from './process/managed-process.js';

// Logto booting alone, the bench's yardstick for a local stack's start.
export { logtoServer } from './stack/local/local-logto.js';
export { loopbackOnlyNodeArgs } from './stack/local/loopback-only.js';
export { postgresBuild, startPostgresCluster } from './stack/local/postgres-cluster.js';
export { SeedSnapshotStore, seedSnapshotKey } from './stack/local/seed-snapshot.js';
