import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

describe('Metrics', () => {
  it('renders histograms, counters and scrape-time gauges in the text format', async () => {
    const m = new Metrics();
    m.httpDuration.observe({ method: 'GET', route: '/healthz', status: '200' }, 0.003);
    m.httpDuration.observe({ method: 'GET', route: '/healthz', status: '200' }, 0.2);
    m.counter('hetong_renders_total', 'contract PDFs rendered').inc({}, 3);
    m.gauge('hetong_jobs_queue_depth', 'pending jobs', async () => 7);
    const text = await m.render();
    expect(text).toContain(
      'hetong_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200",le="0.005"} 1',
    );
    expect(text).toContain(
      'hetong_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200",le="0.25"} 2',
    );
    expect(text).toContain(
      'hetong_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 2',
    );
    expect(text).toContain('# TYPE hetong_renders_total counter\nhetong_renders_total 3');
    expect(text).toContain('hetong_jobs_queue_depth 7');
  });

  it('escapes label values', async () => {
    const m = new Metrics();
    m.counter('c', 'h').inc({ route: 'a"b\\c' });
    expect(await m.render()).toContain('c{route="a\\"b\\\\c"} 1');
  });
});
