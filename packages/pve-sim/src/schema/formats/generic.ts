import { isIPv4, isIPv6 as nodeIsIPv6 } from 'node:net';
import { FormatError } from '../errors.js';
import { registerFormat } from './registry.js';

/**
 * Named code formats of pve-common's JSONSchema.pm. Each throws PVE's exact die text.
 * IPv4/IPv6 use Node's parsers, which accept the same forms as PVE's IPV4RE/IPV6RE (no leading
 * zeros in octets, RFC 4291 text forms incl. embedded IPv4) once zone suffixes are refused.
 */
// PVE's IPV6RE has no zone suffix (fe80::1%eth0); Node's parser would accept one.
const isIPv6 = (v: string): boolean => !v.includes('%') && nodeIsIPv6(v);

const fail = (msg: string): never => {
  throw new FormatError(msg);
};

const DNS_LABEL = '([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)';
const DNS_NAME = new RegExp(`^(${DNS_LABEL}\\.)*${DNS_LABEL}$`);
const EMAIL_USER = '[\\w+\\-~]+(\\.[\\w+\\-~]+)*';
const EMAIL = new RegExp(`^${EMAIL_USER}@[a-zA-Z0-9-]+(\\.[a-zA-Z0-9-]+)*$`);
export const TAG_RE = /^[a-z0-9_][a-z0-9_\-+.]*$/i;

/** parse_id: storage IDs and friends. */
export function checkId(id: string, type: string): void {
  if (id.length < 2) fail(`${type} ID '${id}' cannot be shorter than 2 characters\n`);
  if (!/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(id))
    fail(`${type} ID '${id}' contains illegal characters\n`);
}

export const isDnsName = (v: string): boolean => DNS_NAME.test(v);
const isCidr = (v: string, v6: boolean): boolean => {
  const m = /^(.*)\/(\d+)$/.exec(v);
  if (!m) return false;
  const bits = Number(m[2]);
  return (
    (v6 ? isIPv6(m[1] as string) : isIPv4(m[1] as string)) && bits > 7 && bits <= (v6 ? 128 : 32)
  );
};

registerFormat('string', () => undefined);
registerFormat('urlencoded', (v) => {
  if (!/^[-%a-zA-Z0-9_.!~*'()]*$/.test(v)) fail(`invalid urlencoded string: ${v}\n`);
});
registerFormat('pve-configid', (v) => {
  if (!/^[a-z][a-z0-9_-]+$/i.test(v)) fail(`invalid configuration ID '${v}'\n`);
});
registerFormat('pve-storage-id', (v) => checkId(v, 'storage'));
registerFormat('pve-bridge-id', (v) => {
  if (!/^[-_.\w\d]+$/.test(v)) fail(`invalid bridge ID '${v}'\n`);
});
registerFormat('pve-vmid', (v) => {
  if (!/^[1-9][0-9]{2,8}$/.test(v)) fail('value does not look like a valid VM ID\n');
});
registerFormat('pve-node', (v) => {
  if (!/^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)$/.test(v))
    fail('value does not look like a valid node name\n');
});
registerFormat('mac-addr', (v) => {
  if (!/^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i.test(v)) {
    fail('value does not look like a valid unicast MAC address\n');
  }
});
registerFormat('ipv4', (v) => {
  if (!isIPv4(v)) fail('value does not look like a valid IPv4 address\n');
});
registerFormat('ipv6', (v) => {
  if (!isIPv6(v)) fail('value does not look like a valid IPv6 address\n');
});
registerFormat('ip', (v) => {
  if (!isIPv4(v) && !isIPv6(v)) fail('value does not look like a valid IP address\n');
});
registerFormat('CIDRv4', (v) => {
  if (!isCidr(v, false)) fail('value does not look like a valid IPv4 CIDR network\n');
});
registerFormat('CIDRv6', (v) => {
  if (!isCidr(v, true)) fail('value does not look like a valid IPv6 CIDR network\n');
});
registerFormat('CIDR', (v) => {
  if (!isCidr(v, false) && !isCidr(v, true))
    fail('value does not look like a valid CIDR network\n');
});
registerFormat('pve-ipv4-config', (v) => {
  if (!/^(?:dhcp|manual)$/.test(v) && !isCidr(v, false)) {
    fail('value does not look like a valid ipv4 network configuration\n');
  }
});
registerFormat('pve-ipv6-config', (v) => {
  if (!/^(?:auto|dhcp|manual)$/.test(v) && !isCidr(v, true)) {
    fail('value does not look like a valid ipv6 network configuration\n');
  }
});
registerFormat('email', (v) => {
  if (!EMAIL.test(v)) fail('value does not look like a valid email address\n');
});
registerFormat('email-or-username', (v) => {
  if (!EMAIL.test(v) && !new RegExp(`^${EMAIL_USER}$`).test(v)) {
    fail('value does not look like a valid email address or user name\n');
  }
});
registerFormat('dns-name', (v) => {
  if (!isDnsName(v)) fail('value does not look like a valid DNS name\n');
});
registerFormat('address', (v) => {
  if (!isIPv4(v) && !isIPv6(v) && !isDnsName(v))
    fail(`value does not look like a valid address: ${v}\n`);
});
registerFormat('disk-size', (v) => {
  if (!/^(\d+(\.\d+)?)([KMGT](?:iB)?)?$/.test(v))
    fail(`value does not look like a valid disk size: ${v}\n`);
});
registerFormat('pve-tag', (v) => {
  if (!TAG_RE.test(v)) fail('invalid characters in tag\n');
});
registerFormat('pve-iface', (v) => {
  if (!/^[a-z][a-z0-9_]{1,20}([:.]\d+)?$/i.test(v)) fail(`invalid network interface name '${v}'\n`);
});
registerFormat('pve-task-status-type', (v) => {
  if (!/^(ok|error|warning|unknown)$/i.test(v)) fail(`invalid status '${v}'\n`);
});
registerFormat('pve-startup-order', (v) => {
  // pve_parse_startup_order: '' and '0' are false in Perl and fail as well.
  const ok =
    v !== '' &&
    v !== '0' &&
    v
      .split(',')
      .every((p) => /^\s*$/.test(p) || /^(order=)?\d+$/.test(p) || /^(up|down)=\d+$/.test(p));
  if (!ok) fail('unable to parse startup options\n');
});
/**
 * storage-pair / bridge-pair (verify_idpair -> parse_idmap): '1', `ID` or `SOURCE:TARGET`. The die
 * text gains a newline at each of the two re-throws, as in PVE.
 */
function idPair(entry: string, check: (id: string) => void): void {
  if (entry === '' || entry === '1') return;
  const pair = /^([^:]+):([^:]+)$/.exec(entry);
  try {
    if (pair) {
      check(pair[1] as string);
      check(pair[2] as string);
    } else {
      check(entry);
    }
  } catch (err) {
    fail(`entry '${entry}' contains invalid ID - ${(err as Error).message}\n\n`);
  }
}
registerFormat('storage-pair', (v) => idPair(v, (id) => checkId(id, 'storage')));
registerFormat('bridge-pair', (v) =>
  idPair(v, (id) => {
    if (!/^[-_.\w\d]+$/.test(id)) fail(`invalid bridge ID '${id}'\n`);
  }),
);
registerFormat('ipv4mask', (v) => {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(v);
  const bits = m
    ? m
        .slice(1)
        .map((o) => Number(o).toString(2).padStart(8, '0'))
        .join('')
    : '';
  // A netmask is a dotted quad of n ones followed by zeros (PVE lists all 33 of them).
  if (
    !m ||
    m.slice(1).some((o) => Number(o) > 255 || String(Number(o)) !== o) ||
    !/^1*0*$/.test(bits)
  ) {
    fail('value does not look like a valid IP netmask\n');
  }
});
registerFormat('ldap-simple-attr', (v) => {
  if (!/^[a-zA-Z0-9]+$/.test(v))
    fail(`value '${v}' does not look like a simple ldap attribute name\n`);
});
registerFormat('pve-vlan-id-or-range', (v) => {
  const m = /^(\d+)(?:-(\d+))?$/.exec(v);
  if (!m) fail(`invalid VLAN configuration '${v}'\n`);
  const tags = [m?.[1], m?.[2]].filter((t): t is string => t !== undefined && t !== '');
  for (const t of tags) if (Number(t) < 2 || Number(t) > 4094) fail(`invalid VLAN tag '${t}'\n`);
  if (tags.length === 2 && Number(tags[0]) >= Number(tags[1]))
    fail(`VLAN range must go from lower to higher tag '${v}'\n`);
});
