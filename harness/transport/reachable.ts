// A TCP connect to the target before a run, bounded by a short timeout: an unreachable target should
// fail in seconds with a named error, not after the first suite's request timeouts.
import { connect, type LookupFunction } from 'node:net';
import { InvalidArgumentError, TargetUnreachableError } from '../errors.ts';

export interface ReachableOptions {
  timeoutMs?: number;
  lookup?: LookupFunction;
}

export function assertReachable(endpoint: string, options: ReachableOptions = {}): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return Promise.reject(new InvalidArgumentError(`endpoint "${endpoint}" is not a URL. Fix: use an absolute http(s) URL.`));
  }
  const timeoutMs = options.timeoutMs ?? 3_000;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port, ...(options.lookup ? { lookup: options.lookup } : {}) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TargetUnreachableError(url.origin, `no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new TargetUnreachableError(url.origin, `${err.code ?? 'error'}: ${err.message}`, { cause: err }));
    });
  });
}
