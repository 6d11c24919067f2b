// Browser telemetry: every user action runs as a journey (a `cuj.<name>` span, the browser's side
// of the server's journey of the same name), every span carries `cuj.name`, and every fetch sends
// `traceparent`, so one trace runs from the click through the api to the database.
import { context, createContextKey, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { StackContextManager, WebTracerProvider } from '@opentelemetry/sdk-trace-web';

// The api's ingestion endpoint: it checks every span against the catalogue before anything
// downstream sees it (browser data is untrusted).
const INGEST = '/browser/v1/traces';
const JOURNEY = createContextKey('cuj.name');
// The first page shows the product list: a page load is the start of product discovery.
const PAGE_LOAD_JOURNEY = 'product-discovery';

class JourneyStamp {
  onStart(span, parentContext) {
    const name = parentContext.getValue(JOURNEY)
      ?? (span.instrumentationScope?.name === '@opentelemetry/instrumentation-document-load' ? PAGE_LOAD_JOURNEY : undefined);
    if (name) span.setAttribute('cuj.name', name);
  }
  onEnding() {}
  onEnd() {}
  forceFlush() { return Promise.resolve(); }
  shutdown() { return Promise.resolve(); }
}

const exporter = new OTLPTraceExporter({ url: INGEST });
const batch = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500, maxExportBatchSize: 64 });
const provider = new WebTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'techmart-storefront' }),
  spanProcessors: [new JourneyStamp(), batch],
});
// No zone.js: journeys pass their context explicitly (see inJourney), which the stack context
// manager carries through the synchronous part of fetch() where the span and header are made.
provider.register({ contextManager: new StackContextManager(), propagator: new W3CTraceContextPropagator() });

registerInstrumentations({
  instrumentations: [
    new DocumentLoadInstrumentation(),
    new FetchInstrumentation({ ignoreUrls: [/\/browser\/v1\//], clearTimingResources: true }),
  ],
});

const tracer = trace.getTracer('techmart-storefront');

/** An HTTP answer the journey declares as expected (neither good nor bad), e.g. 409 out of stock. */
export class ExpectedOutcome extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function painted() {
  // The journey ends when the user can see the result: after the next frame is drawn.
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 200);
  });
}

/**
 * Runs one user action as journey `name`: `body(ctx)` fetches with `inJourney(ctx, ...)` and
 * renders; the span ends once the result is painted. Outcomes follow the server's model: a 4xx the
 * body reports as ExpectedOutcome is `expected`, anything else thrown is `error`.
 */
export async function journey(name, body) {
  const span = tracer.startSpan(`cuj.${name}`, { attributes: { 'cuj.name': name } }, ROOT_CONTEXT);
  const ctx = trace.setSpan(ROOT_CONTEXT, span).setValue(JOURNEY, name);
  try {
    const result = await body(ctx);
    await painted();
    span.setAttribute('cuj.outcome', 'success');
    return result;
  } catch (e) {
    await painted();
    if (e instanceof ExpectedOutcome) {
      span.setAttribute('cuj.outcome', 'expected');
      span.setAttribute('cuj.outcome.type', `http.${e.status}`);
    } else {
      span.setAttribute('cuj.outcome', 'error');
      span.recordException(e);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(e && e.message) });
    }
    return undefined;
  } finally {
    span.end();
  }
}

/** fetch() inside the journey: its span is the journey's child and its traceparent continues it. */
export function inJourney(ctx, url, init) {
  return context.with(ctx, () => fetch(url, init));
}

/** Sends what is buffered now (tests and page unload). */
export function flushTelemetry() {
  return provider.forceFlush();
}

addEventListener('pagehide', () => { provider.forceFlush(); });
