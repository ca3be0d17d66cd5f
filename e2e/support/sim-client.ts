import { type Agent, request } from 'undici';
import { pinnedAgent } from './pinned-agent.js';

export interface SimCredentials {
  username: string;
  password: string;
}

type Json = Record<string, unknown>;

/**
 * What the tests know about the simulated cluster, read straight from the simulator (never
 * through LabForge): root@pam over HTTPS with the certificate pinned, plus its /_sim control plane.
 */
export class SimClient {
  private readonly agent: Agent;
  private ticket: { cookie: string; csrf: string } | undefined;

  constructor(
    readonly url: string,
    fingerprint: string,
    private readonly credentials: SimCredentials,
  ) {
    this.agent = pinnedAgent(fingerprint);
  }

  /** GET/POST/... under /api2/json, as root@pam; answers PVE's `data`. */
  async api<T = unknown>(method: string, path: string, params?: Json): Promise<T> {
    const auth = await this.login();
    const encoded = params ? new URLSearchParams(toForm(params)).toString() : undefined;
    const query = method === 'GET' && encoded ? `?${encoded}` : '';
    const form = method === 'GET' ? undefined : encoded;
    const res = await request(`${this.url}/api2/json${path}${query}`, {
      method: method as 'GET',
      dispatcher: this.agent,
      headers: {
        cookie: `PVEAuthCookie=${encodeURIComponent(auth.cookie)}`,
        ...(method === 'GET' ? {} : { csrfpreventiontoken: auth.csrf }),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form } : {}),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      throw new Error(`simulator ${method} ${path}: ${res.statusCode} ${text}`);
    }
    return (JSON.parse(text) as { data: T }).data;
  }

  /** The simulator's test control plane (/_sim/...), JSON in and out. */
  async control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await request(`${this.url}/_sim${path}`, {
      method: method as 'GET',
      dispatcher: this.agent,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    if (res.statusCode >= 400) throw new Error(`/_sim${path}: ${res.statusCode} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Where a VM lives, from /cluster/resources. */
  async findVm(
    vmid: number,
  ): Promise<{ node: string; status: string; template: number } | undefined> {
    const vms = await this.api<Json[]>('GET', '/cluster/resources', { type: 'vm' });
    const vm = vms.find((r) => r.vmid === vmid);
    if (!vm) return undefined;
    return { node: String(vm.node), status: String(vm.status), template: Number(vm.template ?? 0) };
  }

  vmConfig(node: string, vmid: number): Promise<Record<string, string | number>> {
    return this.api('GET', `/nodes/${node}/qemu/${vmid}/config`);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async login(): Promise<{ cookie: string; csrf: string }> {
    if (this.ticket) return this.ticket;
    const res = await request(`${this.url}/api2/json/access/ticket`, {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        username: this.credentials.username,
        password: this.credentials.password,
      }).toString(),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`simulator login: ${res.statusCode} ${text}`);
    const data = (JSON.parse(text) as { data: { ticket: string; CSRFPreventionToken: string } })
      .data;
    this.ticket = { cookie: data.ticket, csrf: data.CSRFPreventionToken };
    return this.ticket;
  }
}

function toForm(params: Json): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}
