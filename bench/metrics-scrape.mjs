// /metrics scrape time: Vigil's handler (the OTel Prometheus reader, collected
// and serialized) vs prom-client serializing the same series, same run, at
// 1,000 and 10,000 series (a counter and a histogram per label set).
// Usage: node bench/metrics-scrape.mjs
import { createServer } from 'node:http';
import express from 'express';
import client from 'prom-client';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { metricsHandler } from '../dist/src/server/metrics-route.js';
import { median } from './lib.mjs';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

async function serve(handler) {
  const app = express();
  app.get('/metrics', handler);
  const server = createServer(app);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/metrics`, close: () => server.close() };
}

async function time(url, runs = 15) {
  await (await fetch(url)).text();
  const t = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    bytes = (await (await fetch(url)).text()).length;
    t.push(performance.now() - t0);
  }
  return { ms: median(t), bytes };
}

for (const series of [1000, 10000]) {
  const labelSets = series / 2; // a counter series and a histogram series per label set
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [reader], views: [{ instrumentName: '*', aggregationCardinalityLimit: series * 2 }] });
  const meter = provider.getMeter('bench');
  const counter = meter.createCounter('bench.requests');
  const hist = meter.createHistogram('bench.duration', { unit: 's', advice: { explicitBucketBoundaries: BUCKETS } });
  const registry = new client.Registry();
  const pc = new client.Counter({ name: 'bench_requests_total', help: 'x', labelNames: ['route', 'status'], registers: [registry] });
  const ph = new client.Histogram({ name: 'bench_duration', help: 'x', labelNames: ['route', 'status'], buckets: BUCKETS, registers: [registry] });
  for (let i = 0; i < labelSets; i++) {
    const labels = { route: `/r/${i}`, status: String(200 + (i % 5)) };
    counter.add(1, labels);
    hist.record(0.02, labels);
    pc.inc(labels);
    ph.observe(labels, 0.02);
  }
  const vigil = await serve(metricsHandler(reader));
  const prom = await serve(async (_req, res) => res.type(registry.contentType).send(await registry.metrics()));
  const v = await time(vigil.url);
  const p = await time(prom.url);
  console.log(`${String(series).padStart(6)} series: vigil ${v.ms.toFixed(1)} ms (${(v.bytes / 1024).toFixed(0)} KB), prom-client ${p.ms.toFixed(1)} ms (${(p.bytes / 1024).toFixed(0)} KB), ratio ${(v.ms / p.ms).toFixed(2)}×`);
  vigil.close();
  prom.close();
  await provider.shutdown();
}
