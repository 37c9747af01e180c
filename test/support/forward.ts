import { request, type IncomingMessage, type ServerResponse } from 'node:http';

// The pass-through half of the test proxies (request-log.ts, compat/support/moto.ts, the
// endpoint without ValidateStateMachineDefinition): `body` (already read) or the request's own
// stream goes to `target` as it came, and the answer comes back as it went.

export function forward(
  target: URL,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  body?: Buffer,
): void {
  const forwarded = request(
    {
      host: target.hostname,
      port: target.port,
      path: incoming.url,
      method: incoming.method,
      headers: incoming.headers,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  forwarded.on('error', () => outgoing.destroy());
  if (body) forwarded.end(body);
  else incoming.pipe(forwarded);
}
