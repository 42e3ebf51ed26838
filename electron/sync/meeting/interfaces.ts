// The network addresses a meeting can be hosted on.
import os from 'node:os';

export interface NetworkInterfaceChoice {
  name: string;
  address: string;
}

/** IPv4 addresses this machine can host on: the local network ones first, loopback last. */
export function meetingInterfaces(): NetworkInterfaceChoice[] {
  const out: NetworkInterfaceChoice[] = [];
  for (const [name, infos] of Object.entries(os.networkInterfaces())) {
    for (const info of infos ?? []) if (info.family === 'IPv4') out.push({ name, address: info.address });
  }
  return out.sort((a, b) => Number(a.address.startsWith('127.')) - Number(b.address.startsWith('127.')));
}
