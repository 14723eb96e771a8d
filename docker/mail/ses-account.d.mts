// Types of the one table of SES account states (ses-account.mjs), for the harness's TypeScript.
type IdentityStatus = 'SUCCESS' | 'PENDING' | 'FAILED' | 'NOT_STARTED' | 'TEMPORARY_FAILURE';

export interface SesAccount {
  credentials: 'valid' | 'invalid' | 'send-only' | 'read-only';
  sandbox: boolean;
  sendingEnabled: boolean;
  enforcementStatus: 'HEALTHY' | 'PROBATION' | 'SHUTDOWN';
  identities: Record<string, { verification: IdentityStatus; dkim: IdentityStatus }>;
  configurationSets: string[];
  suppressed: string[];
  max24HourSend: number;
  sentLast24Hours: number;
  maxSendRate: number;
  othersPerSecond: number;
  mailFromDomain: string | undefined;
  dmarcPolicy: 'none' | 'quarantine' | 'reject' | 'absent';
}

export declare const healthyAccount: SesAccount;
export declare const accountStates: Record<string, Partial<SesAccount>>;
/** The words for each refusal's cause, from the facts SES's answer gave (identities, region, set, action). */
export declare const causeTexts: Record<string, (facts: Record<string, string>) => string>;
export declare function accountOf(preset?: Partial<SesAccount>, state?: Partial<SesAccount>): SesAccount;
export declare function isSimulator(address: string): boolean;
