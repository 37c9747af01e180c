import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.js';
import type { HttpService } from './http.js';

/**
 * Where the engine says who it is, on a path no AWS API uses. The CLI asks it before trusting
 * engine.json (src/lib/engine-record.ts holds the same path; the dev tests hold both to it):
 * a pid alone may have been reused by another process.
 */
export const ENGINE_INFO_PATH = '/_taskctl/engine';

export interface EngineInfo {
  /** Random per engine start, recorded in engine.json. */
  id: string;
  dataDir: string;
  pid: number;
  version: string;
}

export function engineInfoService(info: EngineInfo): HttpService {
  const body = JSON.stringify(info);
  return {
    // The engine's own endpoint: no AWS operation, so no fault applies; the Host check does.
    operationNames: [],
    matches: (request: IncomingMessage) =>
      request.method === 'GET' && (request.url ?? '').split('?')[0] === ENGINE_INFO_PATH,
    async handle(request, response, admission) {
      try {
        admission.early(request);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        const refusal = JSON.stringify({ __type: e.type, message: e.message });
        response.writeHead(e.statusCode, { 'content-type': 'application/json' });
        response.end(refusal);
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    },
  };
}
