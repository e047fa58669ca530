import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Posts a distinct request each time (bodies[i], headers[i], in order across all connections)
 * for `seconds` at `connections` on loopback, and reports throughput and latency.
 */
export async function postDistinct(url: string, bodies: string[], headers: Record<string, string>[], seconds: number, connections: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{
      method: 'POST',
      setupRequest: (request) => {
        const i = next++ % bodies.length;
        return { ...request, body: bodies[i], headers: headers[i] };
      },
    }],
  });
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    perSecond: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
