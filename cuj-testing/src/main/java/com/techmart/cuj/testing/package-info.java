/**
 * Test support for CUJ: journey assertions over exported spans, the conformance suite every adapter
 * runs, and {@code OtlpReceiver}, a loopback OTLP/HTTP endpoint for tests that run real processes.
 */
package com.techmart.cuj.testing;
