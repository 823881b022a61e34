import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SharingAgreement } from '../consent/sharing-agreements.js';

export const SHARING_AGREEMENTS_FILE = 'sharing-agreements.json';

/** Where the LHCRE simulator listens by default (services/lhcre-simulator). */
export const DEMO_NOTIFICATION_PORTS = { yhcr: 8091, wessex: 8092 } as const;

/**
 * The demo's two regional shared care records: Yorkshire and Humber shares only under the
 * patient's explicit permit (opt-in, the default), Wessex unless the patient objects (opt-out)
 * and never sees consents. Their client ids and keys are the demo clients'.
 */
export const DEMO_SHARING_AGREEMENTS: readonly SharingAgreement[] = [
  {
    clientId: 'demo-lhcre-yhcr',
    organisation: { odsCode: 'Y56', name: 'Yorkshire and Humber Care Record' },
    mode: 'opt-in',
    mayRead: ['Flag', 'Condition', 'Consent', 'Patient', 'Provenance'],
    notificationEndpoint: `http://127.0.0.1:${DEMO_NOTIFICATION_PORTS.yhcr}/notifications`,
  },
  {
    clientId: 'demo-lhcre-wessex',
    organisation: { odsCode: 'QRL', name: 'Wessex Care Record' },
    mode: 'opt-out',
    mayRead: ['Flag', 'Condition', 'Patient'],
    notificationEndpoint: `http://127.0.0.1:${DEMO_NOTIFICATION_PORTS.wessex}/notifications`,
  },
];

export type WriteDemoAgreementsResult = { readonly ok: true; readonly created: boolean } | { readonly ok: false; readonly message: string };

/** Writes the demo agreements unless the data directory already has a sharing-agreements file. */
export async function writeDemoSharingAgreements(dataDir: string): Promise<WriteDemoAgreementsResult> {
  try {
    // `wx` never overwrites agreements someone has edited.
    await writeFile(join(dataDir, SHARING_AGREEMENTS_FILE), `${JSON.stringify({ agreements: DEMO_SHARING_AGREEMENTS }, null, 2)}\n`, { flag: 'wx' });
    return { ok: true, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ok: true, created: false };
    return { ok: false, message: `${SHARING_AGREEMENTS_FILE}: could not be written (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` };
  }
}
