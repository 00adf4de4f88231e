import type { CaseContext, CaseTable } from './cases';

export function networkCases(_ctx: CaseContext): CaseTable {
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'network/status': [
      { kind: 'unknown', why: 'an unknown key', input: { address: '10.0.0.1' }, code: 'VALIDATION', field: null, mention: /address/ },
    ],
    'network/configure': [
      { kind: 'missing', why: 'no on/off choice', input: { address: '192.168.1.20', port: 5443 }, code: 'VALIDATION', field: 'enabled' },
      { kind: 'missing', why: 'no address', input: { enabled: true, port: 5443 }, code: 'VALIDATION', field: 'address' },
      { kind: 'malformed', why: 'a computer name, not an address', input: { enabled: true, address: 'reception-pc', port: 5443 }, code: 'VALIDATION', field: 'address', mention: /IP address of this PC's network card/ },
      { kind: 'malformed', why: 'every interface', input: { enabled: true, address: '0.0.0.0', port: 5443 }, code: 'VALIDATION', field: 'address', mention: /not every interface/ },
      { kind: 'malformed', why: 'loopback', input: { enabled: true, address: '127.0.0.1', port: 5443 }, code: 'VALIDATION', field: 'address', mention: /this PC only/ },
      { kind: 'malformed', why: 'port as text', input: { enabled: true, address: '192.168.1.20', port: '5443' }, code: 'VALIDATION', field: 'port', mention: /must be a number/ },
      { kind: 'range', why: 'a privileged port', input: { enabled: true, address: '192.168.1.20', port: 443 }, code: 'VALIDATION', field: 'port', mention: /1024 to 65535/ },
      { kind: 'range', why: 'port past 65535', input: { enabled: true, address: '192.168.1.20', port: 70000 }, code: 'VALIDATION', field: 'port', mention: /1024 to 65535/ },
      { kind: 'malformed', why: 'trustProxy as text', input: { enabled: true, address: '192.168.1.20', port: 5443, trustProxy: 'yes' }, code: 'VALIDATION', field: 'trustProxy', mention: /true or false/ },
      { kind: 'unknown', why: 'an unknown key', input: { enabled: false, trustProxy: true }, code: 'VALIDATION', field: null, mention: /trustProxy/ },
    ],
  };
}
