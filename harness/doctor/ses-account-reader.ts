import {
  GetAccountCommand,
  GetConfigurationSetCommand,
  GetEmailIdentityCommand,
  GetSuppressedDestinationCommand,
  SESv2Client,
  type GetAccountCommandOutput,
  type GetEmailIdentityCommandOutput,
} from '@aws-sdk/client-sesv2';
import type { SesConnectorConfig } from '../connectors/ses/ses-connector.js';
import type { RecordedCall } from './doctor-check.js';

/**
 * The SES account the connector uses, read with the connector's own keys and region (what Logto
 * sends with), through SES v2's read calls only. `endpoint`: the mail sink's, where Logto is
 * pointed at one; else AWS's. Each call is put on the record.
 */
export class SesAccountReader {
  private readonly client: SESv2Client;
  /** Identities read once: the sender and DKIM checks ask for the same ones. */
  private readonly identities = new Map<string, Promise<GetEmailIdentityCommandOutput | undefined>>();

  constructor(
    connector: SesConnectorConfig,
    o: { endpoint?: string | undefined; record: (call: RecordedCall) => void },
  ) {
    this.client = new SESv2Client({
      region: connector.region,
      credentials: { accessKeyId: connector.accessKeyId, secretAccessKey: connector.accessKeySecret },
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      maxAttempts: 1,
    });
    this.client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { method?: string; path?: string };
        o.record({ service: 'ses', method: request.method ?? '?', path: request.path ?? '?' });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'doctorRecord' },
    );
  }

  account(): Promise<GetAccountCommandOutput> {
    return this.client.send(new GetAccountCommand({}));
  }

  /** The identity, or undefined when SES does not know it (NotFoundException). */
  identity(name: string): Promise<GetEmailIdentityCommandOutput | undefined> {
    let read = this.identities.get(name);
    if (!read) {
      read = this.client.send(new GetEmailIdentityCommand({ EmailIdentity: name })).catch(notFound);
      this.identities.set(name, read);
    }
    return read;
  }

  async configurationSetExists(name: string): Promise<boolean> {
    return (
      (await this.client.send(new GetConfigurationSetCommand({ ConfigurationSetName: name })).catch(notFound)) !==
      undefined
    );
  }

  async suppressed(address: string): Promise<string | undefined> {
    const found = await this.client
      .send(new GetSuppressedDestinationCommand({ EmailAddress: address }))
      .catch(notFound);
    return found?.SuppressedDestination?.Reason;
  }

  close(): void {
    this.client.destroy();
  }
}

function notFound(error: unknown): undefined {
  if ((error as { name?: string }).name === 'NotFoundException') return undefined;
  throw error;
}

/** SES refused a read because the key's IAM policy does not allow it (not because the key is bad). */
export const readDenied = (error: unknown): boolean => (error as { name?: string }).name === 'AccessDeniedException';

/** The IAM actions the doctor's read checks need, beside the connector's own ses:SendEmail. */
export const doctorReadActions = [
  'ses:GetAccount',
  'ses:GetEmailIdentity',
  'ses:GetConfigurationSet',
  'ses:GetSuppressedDestination',
] as const;
