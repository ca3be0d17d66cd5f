import { endpoints } from '@labforge/contracts';
import { apiRequest } from '../../../lib/api-client.js';

/**
 * A one-time console ticket (valid for seconds) and the VNC password. Asked for right before
 * every connection, so it is never cached.
 */
export async function fetchConsoleTicket(clusterId: string, vmid: number) {
  const answer = await apiRequest(endpoints.openConsole, {
    params: { cluster_id: clusterId, vmid },
  });
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    url: `${scheme}//${window.location.host}${answer.websocket_path}`,
    password: answer.password,
    name: answer.vm_name,
  };
}
