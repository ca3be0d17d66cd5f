/** What global setup learned about the running demo, handed to the test workers by environment. */
export interface DemoInfo {
  /** The LabForge app (API + SPA), e.g. http://127.0.0.1:PORT */
  url: string;
  sim: { url: string; fingerprint: string; username: string; password: string };
  users: Record<DemoRole, { username: string; password: string }>;
}

/** The demo's users, by username (they are named after their roles; `teacher2` is a second teacher). */
export type DemoRole = 'admin' | 'teacher' | 'teacher2' | 'student';

const VARIABLE = 'LABFORGE_E2E_DEMO';

export function publishDemoInfo(info: DemoInfo): void {
  process.env[VARIABLE] = JSON.stringify(info);
}

export function readDemoInfo(): DemoInfo {
  const raw = process.env[VARIABLE];
  if (!raw) throw new Error(`${VARIABLE} is not set: the e2e global setup did not start the demo`);
  return JSON.parse(raw) as DemoInfo;
}
