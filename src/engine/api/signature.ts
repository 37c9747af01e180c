// SigV4 verification (`taskctl dev --credentials KEY:SECRET`): the request is signed again with
// the engine's secret by the SDK's own signer (@smithy/signature-v4), over exactly the headers the
// client says it signed, and the two signatures are compared in constant time. Service-agnostic:
// the region and service come from the request's credential scope.
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  MAX_SIGNATURE_SKEW_MS,
  SIGNATURE_REFUSALS,
  type ServiceName,
  type SignatureRefusal,
} from '../../aws/errors.js';
import type { Admission, Call } from './admission.js';
import { ApiError } from './errors.js';

export interface EngineCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

type SignableRequest = Parameters<SignatureV4['sign']>[0];

/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape the signer takes. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    throw new Error('not used by the signer');
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function refuse(service: ServiceName, why: SignatureRefusal, message?: string): ApiError {
  const answer = SIGNATURE_REFUSALS[service][why];
  return new ApiError(answer.type, message ?? answer.message, answer.status);
}

function parseAmzDate(text: string): Date | undefined {
  const m = AMZ_DATE.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The request as the client's signer saw it: the path as sent, the query decoded, the signed headers. */
function signable(call: Call, signedHeaders: string[]): SignableRequest {
  const url = new URL(String(call.request.url ?? '/'), 'http://engine');
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const previous = query[key];
    query[key] = previous === undefined ? value : [...[previous].flat(), value];
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = call.request.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const rawPath = String(call.request.url ?? '/').split('?')[0] || '/';
  return {
    method: String(call.request.method),
    protocol: 'http:',
    hostname: String(call.request.headers.host ?? ''),
    path: rawPath,
    query,
    headers,
    body: call.body,
  } as SignableRequest;
}

/** Refuses calls not signed with `credentials` as AWS does; `now` is the engine's wall clock. */
export function signatureCheck(
  credentials: EngineCredentials,
  now: () => number = Date.now,
): Pick<Admission, 'admit'> {
  const expected = Buffer.from(credentials.accessKeyId);
  return {
    async admit(call: Call) {
      const { service, request } = call;
      const authorization = request.headers.authorization;
      if (authorization === undefined) throw refuse(service, 'missing');
      const parts = AUTHORIZATION.exec(authorization.trim());
      if (!parts) throw refuse(service, 'incomplete');
      const [, keyId, , region, scopeService, signedList, signature] = parts;
      const signedHeaders = signedList.split(';');
      const amzDate = String(request.headers['x-amz-date'] ?? '');
      const signingDate = parseAmzDate(amzDate);
      if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date') || !signingDate) {
        throw refuse(service, 'incomplete');
      }
      const given = Buffer.from(keyId);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw refuse(service, 'unknownKey');
      }
      const skew = signingDate.getTime() - now();
      if (Math.abs(skew) > MAX_SIGNATURE_SKEW_MS) {
        const nowStamp = new Date(now()).toISOString().replace(/[-:]|\.\d{3}/g, '');
        throw refuse(
          service,
          'mismatch',
          skew < 0
            ? `Signature expired: ${amzDate} is now earlier than ${nowStamp} minus 15 minutes.`
            : `Signature not yet current: ${amzDate} is still later than ${nowStamp} plus 15 minutes.`,
        );
      }
      // The signer trusts a declared payload hash: it must be the body's.
      const declaredHash = request.headers['x-amz-content-sha256'];
      if (
        typeof declaredHash === 'string' &&
        declaredHash !== 'UNSIGNED-PAYLOAD' &&
        declaredHash !== createHash('sha256').update(call.body).digest('hex')
      ) {
        throw refuse(service, 'mismatch');
      }
      const token = signedHeaders.includes('x-amz-security-token')
        ? String(request.headers['x-amz-security-token'] ?? '')
        : undefined;
      const signer = new SignatureV4({
        credentials: { ...credentials, sessionToken: token },
        region,
        service: scopeService,
        sha256: NodeSha256,
        uriEscapePath: true,
      });
      const signed = await signer.sign(signable(call, signedHeaders), {
        signingDate,
        signableHeaders: new Set(signedHeaders),
      });
      const ours = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))?.[1] ?? '';
      if (!timingSafeEqual(Buffer.from(ours.padEnd(64, '0')), Buffer.from(signature))) {
        throw refuse(service, 'mismatch');
      }
    },
  };
}
