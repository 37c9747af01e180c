import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.js';
import type { HttpService } from './http.js';
import { ENGINE_INFO_PATH, type EngineInfo } from '../../contract/engine-info.js';

export { ENGINE_INFO_PATH };

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
